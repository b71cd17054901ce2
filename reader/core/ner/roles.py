"""A role that stands for the person the article names with it: «وزير الدفاع الأردني سامي
الداودي ... وقال وزير الدفاع». The role joins the person's span where it introduces them, and
its later occurrences alone become mentions of that person (linking's ``role_in_article``
takes each to the person named with it last before it, and the panel says so).

Only a role of two words or more that a person's key strips whole (``keys.is_role_phrase``:
وزير الدفاع, ولي العهد, نائب رئيس الوزراء), never one title word (الأمير: as often the next
person as the last); only after the article named somebody so, never before; and only where
the role recurs alone, so that elsewhere a person's span stays as the model made it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from reader.core.arabic import strip_article
from reader.core.ner.mending import set_span, tag_spans

__all__ = ["role_names"]

# The most words of a role before a name: وزير الدفاع الأمريكي, نائب رئيس الوزراء التركي.
MAX_ROLE_WORDS = 4


def role_names(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: Sequence[Sequence[bool]],
               first_name: Callable[[str], bool] | None = None) -> None:
    """Roles that stand for a person the document names with them (in place; locked tokens
    stay). ``first_name``: a test for listed given names (a role before one introduces a person
    the model missed, and stays as it is)."""
    from reader.core.linking.keys import governs, is_role_phrase  # the keys' own tests: a joined span keys to the name

    keys = [[strip_article(w) for w in s] for s in norms]
    articled = [[k != w for k, w in zip(ks, s)] for ks, s in zip(keys, norms)]

    def free(si: int, i: int, j: int) -> bool:
        return all(t == "O" for t in tags[si][i:j]) and not any(locked[si][i:j])

    named: list[tuple[int, int, int, tuple[str, ...]]] = []  # (sentence, role start, person end, role)
    for si, s_tags in enumerate(tags):
        for s, e, typ in tag_spans(s_tags):
            if typ != "PERS" or any(locked[si][s:e]):
                continue
            for i in range(max(0, s - MAX_ROLE_WORDS), s - 1):  # the longest role right before the name
                if free(si, i, s) and is_role_phrase(keys[si][i:s], articled[si][i:s]) \
                        and not (i and governs(norms[si][i - 1])):  # نائب [رئيس الوزراء] X: X is the deputy
                    named.append((si, i, e, tuple(keys[si][i:s])))
                    break
    if not named:
        return
    first: dict[tuple[str, ...], tuple[int, int]] = {}
    for si, i, _, role in named:
        for n in range(2, len(role) + 1):  # the role without its nisba too: وزير الدفاع for وزير الدفاع الأردني
            if is_role_phrase(role[:n], articled[si][i:i + n]):
                first.setdefault(role[:n], (si, i))
    roles = sorted(first, key=len, reverse=True)  # the longest that matches
    alone: list[tuple[int, int, int, tuple[str, ...]]] = []
    for si, s_keys in enumerate(keys):
        n = len(s_keys)
        i = 0
        while i < n:
            hit = next((role for role in roles
                        if tuple(s_keys[i:i + len(role)]) == role and (si, i) > first[role]
                        and free(si, i, i + len(role)) and not (i and governs(norms[si][i - 1]))
                        and not _continues(norms[si], tags[si], i + len(role), first_name)), None)
            if hit is None:
                i += 1
                continue
            alone.append((si, i, i + len(hit), hit))
            i += len(hit)
    used = {role for *_, role in alone}
    for si, i, e, role in named:
        if any(role[:len(u)] == u for u in used):
            set_span(tags[si], i, e, "PERS")
    for si, i, e, _ in alone:
        set_span(tags[si], i, e, "PERS")


def _continues(s_norms: Sequence[str], s_tags: Sequence[str], j: int, first_name: Callable[[str], bool] | None) -> bool:
    """The role goes on at token ``j``: a name, tagged or a listed given name (the role
    introduces somebody, maybe another person), or a definite adjective (وزير الدفاع
    [الأمريكي]: another country's minister)."""
    if j >= len(s_norms):
        return False
    w = s_norms[j]
    return s_tags[j] != "O" or (first_name is not None and first_name(w)) \
        or (w.startswith("ال") and (w.endswith("ي") or w.endswith("يه")))
