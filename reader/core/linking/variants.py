"""Entities whose keys spell one foreign name two ways (تشيلسي/تشلسي, هاكينغ/هاكينج) become one
(the spellings: :mod:`reader.core.spelling`)."""
from __future__ import annotations

import zlib
from collections.abc import Collection, Mapping
from collections.abc import Set as AbstractSet

from reader.core.linking.keys import ARTICLE_MARK, OUTLET_MARK, outlet_base, scoped_given_name
from reader.core.model import Label
from reader.core.spelling import (foreign_name_bucket, given_name_variants, in_name_lists, loose_fold, near_variants, one_letter_apart,
                                  one_slip_apart, sound_alike, sound_fold, spelling_variants, story_fold, variant_bucket)
from reader.core.words import FAMILY, PERSON_STARTS, SON_LINKS, SONS


def spelling_group(key: str, label: Label) -> tuple[Label, str] | None:
    """The group an entity key of this type is weighed in (None: its spelling has no variants).

    A news outlet's name is weighed with its key marked as the outlet's (``keys.OUTLET_MARK``):
    of one type they are one entity (رويترز told a story, and رويترز), of two they stay apart
    (the paper «الرياض» and the city)."""
    base = outlet_base(key)
    if base is not None:
        return label, OUTLET_MARK + base
    # a foreign person's name: with the names of its first and last letters, so that a given
    # name spelt otherwise meets it (:func:`spelling.given_name_variants`); an Arabic one without
    # بن/بنت between its names, so that the name written without them meets it (:func:`_sons_apart`)
    fold = (label is Label.PERS and foreign_name_bucket(key)) or variant_bucket(_without_sons(key) if label is Label.PERS else key)
    return (label, fold) if fold else None


def _without_sons(key: str) -> str:
    """A person's key without بن/بنت between the names (the chain of fathers is written with them
    or without them: يوسف بن سليمان الكرمي, يوسف سليمان الكرمي); not a first word (بن رودس, a
    given name) nor one before the last word (عبد الاله بن كيران, a family name; محمد بن سلمان)."""
    words = key.split()
    return " ".join(w for i, w in enumerate(words) if not (0 < i < len(words) - 2 and w in SON_LINKS))


def _sons_apart(a: str, b: str) -> bool:
    """Whether two people's keys are one name but for بن/بنت between its names, and end in a
    family name (no بن before the last word: محمد بن سلمان and محمد سلمان may be two men, a
    father's name is no family's)."""
    words_a, words_b = a.split(), b.split()
    if words_a == words_b or any(len(w) < 3 or w[-2] in SON_LINKS for w in (words_a, words_b)):
        return False
    bare = _without_sons(a)
    return bare == _without_sons(b) and len(bare.split()) >= 3


def group_merges(keys: Collection[str], size: Mapping[str, tuple[int, int]], label: Label | None = None) -> dict[str, str]:
    """The keys of one spelling group (one :func:`spelling_group`) that join another's entity.

    From the most mentioned key down (a tie: the key met first by mention id), each key joins
    the first bigger key of which it is a close :func:`spelling_variants` and that joins no
    other; a key that finds none heads its own entity. Keys whose mentions are mostly of
    another type are in another group: a type is part of the evidence. ``size``: per key,
    (votes, minus its first mention id); ``label``: the group's type.
    """
    if len(keys) < 2:
        return {}
    heads: list[str] = []
    out: dict[str, str] = {}
    for ek in sorted(keys, key=size.__getitem__, reverse=True):
        into = next((h for h in heads if _variants(ek, h, label)), None)
        if into is None and label is Label.PERS:
            # a person's variant of a key that joined a bigger one: that one's (رفائيل بنيتز of
            # رافائيل بينيتيز, which joined رافاييل بينيتيز); not a place's (المنارة, a lighthouse,
            # is a variant of a variant of المنورة)
            into = next((h for k, h in out.items() if _variants(ek, k, label)), None)
        if into is None:
            heads.append(ek)
        else:
            out[ek] = into
    return out


def _variants(a: str, b: str, label: Label | None) -> bool:
    """Keys of one spelling group that are one name: spelling variants, or an outlet's name,
    marked as the outlet's or not, with its media noun or without (وكالة فرانس برس); of people,
    a foreign full name transliterated twice too (:func:`near_variants`: a body's or place's
    name holds Arabic words one letter apart, وزارة الداخلية and الخارجية are two)."""
    base = outlet_base(a)
    if base is not None:
        return base == outlet_base(b)
    if spelling_variants(a, b):
        return True
    # a letter apart only where the two keep the same letters (:func:`loose_fold`): a coarser
    # group (a foreign name's) holds هرناندوز beside فرنانديز, two names
    return label is Label.PERS and (near_variants(a, b) and loose_fold(a) == loose_fold(b) or given_name_variants(a, b)
                                    or _sons_apart(a, b))


# -- one foreign word a letter apart, where the stories agree (Linker._near_choice) ------------
# The first letters of a key's scope marks (one article's person, an outlet) as split words show them.
_MARKS = (ARTICLE_MARK + OUTLET_MARK).replace(" ", "")
# Words after which a name is an Arabic one: a father's, a kunya's, a family's (normalised, as keys are).
_NAME_LINKS = PERSON_STARTS | SONS | {FAMILY}


def _near_word(words: list[str], i: int, articled: AbstractSet[int]) -> bool:
    """Whether the word at ``i`` of a person's key may be a foreign name's, written a letter
    otherwise by another writer: four letters or more, in no name list, with the article or
    without (سعيد/سعد, الشهري/الشمري are two names), never written with the article (``articled``:
    the key's positions its surfaces write so; an Arabic family name, الدويش and الدويك are two
    families), not after بن, أبو or آل (ابن ماجه and ابن باجه are two scholars), no mark of a
    key's scope."""
    w = words[i]
    return len(w) >= 4 and i not in articled and w[0] not in _MARKS and not in_name_lists(w) and not in_name_lists("ال" + w) \
        and not (i and words[i - 1] in _NAME_LINKS)


def near_entries(key: str, articled: AbstractSet[int] = frozenset(), near: bool = True) -> tuple[int, ...]:
    """Where a person's or place's key of two words or more meets the keys one letter from it in one
    foreign word (:func:`_near_word`; the other words the same): the key with that word, and
    with each of its letters left out, in turn (two words one letter apart share one of these),
    and with its :func:`~reader.core.spelling.sound_fold`; a given name alone, the given name
    (:func:`near_names`). Each as a CRC-32 (a number costs a fifth of the string in a 31k
    library's index, is the same in every process, and a collision only adds a candidate
    :func:`near_names` turns down).
    A one-word key has none: alone, a short word one letter from another is as often a common
    word tagged once (جبان/جبانة, ساتر/الساخر)."""
    given = scoped_given_name(key)
    if given is not None:  # a given name alone: it meets the library's others alone (:func:`near_names`)
        return (zlib.crc32(f"{given}{ARTICLE_MARK}".encode("utf-8")),)
    words = key.split()
    out: list[str] = []
    if len(words) < 2:
        return ()
    for i, w in enumerate(words):
        if near and _near_word(words, i, articled):
            rest = " ".join(words[:i] + ["_"] + words[i + 1:])
            out.append(f"{rest}\t{w}")
            out.extend(f"{rest}\t{w[:j]}{w[j + 1:]}" for j in range(len(w)))
            out.append(f"{rest}\t~{sound_fold(w)}")
    out.extend(_close_entries(words))
    return tuple(dict.fromkeys(zlib.crc32(e.encode("utf-8")) for e in out))


def _close_entries(words: list[str]) -> list[str]:
    """Where a key meets the keys :func:`close_names` may join: with each word in turn, and with
    every word, as :func:`~reader.core.spelling.story_fold` writes it."""
    if any(w[0] in _MARKS for w in words):
        return []
    folds = [story_fold(w) for w in words]
    out = [" ".join(words[:i] + ["_"] + words[i + 1:]) + f"\t≈{f}" for i, f in enumerate(folds)]
    out.append("≈≈" + " ".join(folds))
    return out


def near_names(a: str, b: str, articled_a: AbstractSet[int] = frozenset(), articled_b: AbstractSet[int] = frozenset()) -> bool:
    """Whether two people's (or places') keys may be one name: the same but for one foreign word
    written a letter otherwise (رودريجو/رودريقو مورا, دانيال كاريسو/كاريكو, الكسندر لاكازي/لاكازيت:
    letters no spelling variant folds, ج/ق, س/ك, a letter dropped) or with other vowels and like
    consonants (:func:`~reader.core.spelling.sound_alike`: ديمرتاش/دمرداش); or one given name
    alone in two articles («واثق @3», «واثق @9»). Never enough alone (جون كيري and جون كيربي are
    two men): ``Linker._near_choice`` asks the two's articles to tell one story."""
    given = scoped_given_name(a)
    if given is not None or scoped_given_name(b) is not None:
        return a != b and given == scoped_given_name(b)
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b) or len(words_a) < 2:
        return False
    differ = [i for i, (x, y) in enumerate(zip(words_a, words_b)) if x != y]
    return len(differ) == 1 and _near_word(words_a, differ[0], articled_a) and _near_word(words_b, differ[0], articled_b) \
        and (one_letter_apart(x := words_a[differ[0]], y := words_b[differ[0]]) or sound_alike(x, y))


# A word of a name that another writer spells as heard (:func:`close_names`): its fold this many
# letters or more (درعا and دير, عيسى and عاش fold alike on two).
_CLOSE_LETTERS = 3
# As many words of a person's or place's name may be written so, and at most this many.
_CLOSE_WORDS = 2
# A body's word a slip apart: ؤ and ئ one letter (الموتمر, المؤتمر are one slip apart, not two).
_HAMZA_SEATS = str.maketrans({"ؤ": "ء", "ئ": "ء"})


def close_names(a: str, b: str, label: Label | None = None) -> bool:
    """Whether two keys of two words or more may be one name spelt by two writers as they heard
    it: of people and places, the same but for one or two words of one
    :func:`~reader.core.spelling.story_fold` (سلطان بيلي/بايلي, خديجة اشيك/عاشق, صالح المطلق/المطلك,
    تيموثي كولودتشياك/تيموتي كولودسييساك), never two words the name lists both hold (حسن/حسين,
    الشمري/الشميمري: two names); of a body (``label`` ORG), one word a slip of the pen apart
    (حزب المؤتمر/الموتمر, القوات اللبنانية/اللبناني). Looser than :func:`near_names`:
    ``Linker._near_choice`` asks the two's articles to tell one story closely."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b) or len(words_a) < 2 or any(w[0] in _MARKS for w in words_a + words_b):
        return False
    differ = [(x, y) for x, y in zip(words_a, words_b) if x != y]
    if label is Label.ORG:
        # a body's words are Arabic ones: those of one root fold alike (الوزاري, الوزراء), so a slip only
        return len(differ) == 1 and one_slip_apart(*(w.translate(_HAMZA_SEATS) for w in differ[0])) \
            and len(story_fold(differ[0][0])) >= _CLOSE_LETTERS
    return 0 < len(differ) <= _CLOSE_WORDS and all(
        len(fold := story_fold(x)) >= _CLOSE_LETTERS and fold == story_fold(y)
        and not (in_name_lists(x) and in_name_lists(y)) for x, y in differ)
