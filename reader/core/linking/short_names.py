"""Which shorter keys a longer name may be referred to by, and the fullest of several names."""
from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from reader.core.model import Label
from reader.core.words import LINEAGE, NAMED_AFTER, SONS


def short_forms(label: Label, words: Sequence[str]) -> set[str]:
    """The shorter keys a full name can be referred to by.

    People: the given name with the following names (محمد بن سلمان), the family name (not a
    father's name after بن), the given name with the family name (سالم الكندي for
    سالم بن علي الكندي), and of four names or more the given, the father's and the family name.
    Organisations: the words in order, any dropped (الاحصاء, هيئه الاحصاء), but a body named
    after something (:data:`NAMED_AFTER`) keeps its head.
    """
    n = len(words)
    out: set[str] = set()
    if label is Label.PERS:
        for j in range(1, n):
            if words[j - 1] not in LINEAGE:
                out.add(" ".join(words[:j]))
        for i in range(1, n):
            if words[i - 1] not in LINEAGE and words[i] not in SONS:
                out.add(" ".join(words[i:]))
        if n > 2 and words[-2] not in LINEAGE:
            out.add(words[0] + " " + words[-1])
            if n > 3 and words[1] not in LINEAGE:
                # the three-part name: given, father's and family name (عمر أحمد الزاهري of
                # عمر أحمد سالم علي الزاهري)
                out.add(" ".join((words[0], words[1], words[-1])))
    elif n <= _MAX_SUBSEQUENCE_WORDS:
        # Bodies drop words anywhere, in order: الهيئة (الوطنية) للإحصاء (الأردنية)
        step = 2 if words[0] in NAMED_AFTER else 1  # odd masks keep the head
        for mask in range(step - 1, (1 << n) - 1, step):
            if mask:
                out.add(" ".join(w for b, w in enumerate(words) if mask >> b & 1))
    else:
        starts = 1 if words[0] in NAMED_AFTER else n
        for size in range(1, n):
            for i in range(min(starts, n - size + 1)):
                out.add(" ".join(words[i:i + size]))
    return out


_MAX_SUBSEQUENCE_WORDS = 7


@lru_cache(maxsize=50_000)
def short_set(label: Label, key: str) -> frozenset[str]:
    """:func:`short_forms` of a key, cached: linking asks for the same keys over and over."""
    return frozenset(short_forms(label, key.split()))


def contains(label: Label, long: Sequence[str], short: Sequence[str]) -> bool:
    """Whether ``short`` is one of the short forms of ``long``."""
    return len(short) < len(long) and " ".join(short) in short_set(label, " ".join(long))


def country_name(key: str) -> str | None:
    """The common name's key of a country named by ``key`` (its official or another name)."""
    from reader.core.places import places

    table = places()
    code = table.country_of.get(key)
    return table.by_code(code).countries[0] if code else None


NO_KEYS: frozenset[str] = frozenset()


def fullest(label: Label, keys: AbstractSet[str]) -> AbstractSet[str]:
    """Drop keys contained in another key of the set (keep the fullest forms)."""
    if len(keys) < 2:
        return set(keys)
    contained: set[str] = set()
    for o in keys:
        contained.update(short_set(label, o))
    return keys - contained
