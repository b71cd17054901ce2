"""How a name is spelt: the name lists that say a word is a name on its own, and the foreign
names transliteration writes two ways (تشيلسي/تشلسي, هاكينغ/هاكينج).

Linking joins such spellings into one entity (``reader.core.linking.variants``) and search
finds them all from one (``reader.core.search``): both read them here.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from reader.core.arabic import strip_article
from reader.core.words import COMPOUND_PREFIXES, CONSONANT_CLASSES, FAMILY, FOREIGN_PARTICLES, GENERIC_HEADS, SONS
from reader.resources import resource_path


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Words known to be names on their own (given names, countries, capitals), article-free.

    Evidence that a leading و/ف/ب/ك/ل is a clitic: لزاهر = ل + زاهر; وقطر = و + قطر.
    """
    from reader.core.places import places

    try:
        given = resource_path("names", "given_names.txt").read_text(encoding="utf-8").split()
    except OSError:
        given = []
    return frozenset(strip_article(w) for w in given) | places().words()


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    try:
        return frozenset(resource_path("names", "given_names.txt").read_text(encoding="utf-8").split())
    except OSError:
        return frozenset()


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names of the wider list: ``given_names`` and the first names of the NER model's
    name list (``resources/models/ner/gazetteer_names.tsv``, Wikidata and the Algerian name
    corpus; ``PFIRST`` rows). Wider, and noisier: it holds some common words too (شباب)."""
    return given_names() | _model_names("PFIRST")


@lru_cache(maxsize=1)
def family_names() -> frozenset[str]:
    """Family names of the NER model's name list (``PLAST`` rows of
    ``resources/models/ner/gazetteer_names.tsv``: Wikidata and the Algerian name corpus)."""
    return _model_names("PLAST")


def _model_names(kind: str) -> frozenset[str]:
    """The names of one kind (``PFIRST``, ``PLAST``) in the NER model's name list."""
    try:
        rows = resource_path("models", "ner", "gazetteer_names.tsv").read_text(encoding="utf-8").splitlines()
    except OSError:
        rows = []
    return frozenset(w for k, _, w in (r.partition("\t") for r in rows) if k == kind)


# Letters that transliterations of foreign names write in several ways: medial long vowels
# (a vowel written or not, ي for a short e/a) and غ/ج for a hard g.
_MEDIAL_VOWELS = str.maketrans("", "", "اوي")
# Consonants one transliteration writes for another's (``words.CONSONANT_CLASSES``): one such
# letter is a word's one difference, as a vowel is; the fold writes each class as its first letter.
_CONSONANTS = str.maketrans({c: cls[0] for cls in CONSONANT_CLASSES for c in cls[1:]})
MIN_VARIANT_LETTERS = 5
# A listed place of this many letters or more takes variants too (كاتماندو/كاتمندو: the lists hold
# one spelling of a foreign capital); two listed words are never one (they are two names).
LISTED_VARIANT_LETTERS = 6
_MOVED_VOWEL_LETTERS = 6


def _skeleton(key: str) -> str:
    """A key with a foreign name's spelling variants folded: تشيلسي and تشلسي, ميشيل and ميشال,
    هاكينغ and هاكينج get one skeleton.

    Only long words that are neither listed given names nor places are folded, and a folded word
    never matches an unfolded one (سعيد and سعد, العتيبي and العتبي are different names): a
    name-list word, a compound name (عبدالله and عبدالاله are two names) or a short word stays
    as it is.
    """
    words = key.split()
    return " ".join(_folded_word(w) if folded else w for w, folded in zip(words, _foldable(words)))


def _class_letters(text: str) -> str:
    """Each consonant class's letters written as its first, غ as ج: the letters transliterations swap."""
    return text.replace("غ", "ج").translate(_CONSONANTS)


def _folded_word(word: str) -> str:
    w = _class_letters(word)
    return "~" + w[0] + w[1:-1].translate(_MEDIAL_VOWELS) + w[-1]


def _foldable(words: list[str]) -> list[bool]:
    """Per word of a key, whether it may be a foreign word written another way: long, and no
    listed given name or short listed place, nor a compound name (see :func:`_skeleton`)."""
    protected = lexicon()
    # beside other words, a word of four letters takes variants too (كيفن بورت/كيفن بوريت)
    shortest = MIN_VARIANT_LETTERS - 1 if len(words) > 1 else MIN_VARIANT_LETTERS
    return [not (len(w) < shortest or (w in protected and len(w) < LISTED_VARIANT_LETTERS)
                 or w in given_names() or w.startswith(COMPOUND_PREFIXES)) for w in words]


def _ch_folded(key: str) -> str:
    """A key with ch written تش as ش in the words that may be foreign (:func:`_foldable`):
    تشارلي تشابلن, شارلي شابلن."""
    words = key.split()
    return " ".join(w.replace("تش", "ش") if folded else w for w, folded in zip(words, _foldable(words)))


spelling_skeleton = lru_cache(maxsize=100_000)(_skeleton)


def spelling_variants(a: str, b: str, skeleton: Callable[[str], str] = spelling_skeleton) -> bool:
    """Whether two keys are one name spelt two ways.

    Keys of one :func:`spelling_skeleton`: each word differs by at most one long vowel written or
    left out, one long vowel moved past a letter (جورجيوس/جوريجوس), ا for ي (ميشيل/ميشال) or one
    consonant of a class (برونزيكر/برونسيكر), besides غ/ج.
    Two vowels apart is too far (نيويورك and نيوارك are two cities). Or the same letters,
    spaced otherwise (انتر ميلان/انترميلان). Or ch written تش in one and ش in the other
    (موريتشيوس/موريشيوس, نيكيتا خروتشوف/خروشوف), the words otherwise the same but for a vowel:
    no letter of a class besides (سوروس is not سوروتش). ``skeleton``: how skeletons are made
    (uncached for :func:`spelling_neighbours`' throwaway candidates).
    """
    if _spelt_alike(a, b, skeleton, swaps=True):
        return True
    if "تش" not in a and "تش" not in b:
        return False
    folded_a, folded_b = _ch_folded(a), _ch_folded(b)
    return (folded_a, folded_b) != (a, b) and _spelt_alike(folded_a, folded_b, skeleton, swaps=False)


def _spelt_alike(a: str, b: str, skeleton: Callable[[str], str], swaps: bool) -> bool:
    """:func:`spelling_variants` as written; ``swaps``: a letter may stand for another of its
    class, ا for ي, a vowel be moved (else only a vowel written or not)."""
    words_a, words_b = a.replace("غ", "ج").split(), b.replace("غ", "ج").split()
    if "".join(words_a) == "".join(words_b):
        return True
    if len(words_a) != len(words_b):
        return False
    if skeleton(a) != skeleton(b):
        return False
    listed = lexicon()
    pairs = list(zip(words_a, words_b, a.split(), b.split()))
    differ = [min(len(x), len(y)) for x, y, _, _ in pairs if x != y]
    if any(n < MIN_VARIANT_LETTERS for n in differ) and (
            len(differ) > 1 or any(_arabic_given(x) for x, y, _, _ in pairs if x == y)):
        # a short word differs only where every other word is the same, and no Arabic given name:
        # حسن الزمري and حسن الزميري are two families
        return False
    return all(x == y or (_word_variants(x, y, swaps) and not (p in listed and q in listed)) for x, y, p, q in pairs)


def _arabic_given(word: str) -> bool:
    """An Arabic word beside which a short word is Arabic too: a given name, listed or a compound
    (عبدالعزيز, ابوبكر), or a body's head noun (جماعة المسجد and جماعة المساجد: singular and
    plural)."""
    return word in given_names() or word.startswith(COMPOUND_PREFIXES) or word in GENERIC_HEADS


def _word_variants(x: str, y: str, swaps: bool = True) -> bool:
    if x == y:
        return True
    if len(x) < len(y):
        x, y = y, x
    if len(x) == len(y) + 1:
        return any(x[i] in "اوي" and x[:i] + x[i + 1:] == y for i in range(1, len(x) - 1))
    if len(x) != len(y) or not swaps:
        return False
    diff = [i for i, (p, q) in enumerate(zip(x, y)) if p != q]
    if len(diff) == 1:
        pair = {x[diff[0]], y[diff[0]]}
        return pair == {"ا", "ي"} or any(pair <= set(cls) for cls in CONSONANT_CLASSES)
    # a vowel moved past one letter (جوريجوس/جورجيوس, الأمريكي/الأميركي) in a word of six letters
    # or more (جامعة/جماعة, "university"/"group", are two words); further, or a vowel for another,
    # is another word as often as not (الشارقة/الشرقية, بارما/بورما)
    return (len(diff) == 2 and len(x) >= _MOVED_VOWEL_LETTERS and diff[1] == diff[0] + 1 and 0 < diff[0] and diff[1] < len(x) - 1
            and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]] and bool({x[diff[0]], x[diff[1]]} & set("اوي")))


_VOWELS = "اوي"


@lru_cache(maxsize=2_048)
def spelling_neighbours(word: str) -> frozenset[str]:
    """The one-word keys that may be ``word`` spelt another way (:func:`spelling_variants` holds
    for each): a medial long vowel left out, added or moved, ا for ي, or one consonant of a class
    for another. Linking looks a short form up by them (جوارديولا in the long name جوسيب غوارديولا)."""
    if " " in word or "~" not in spelling_skeleton(word):
        return frozenset()
    swaps = {c: "".join(cls) + ("غ" if "ج" in cls else "") for cls in CONSONANT_CLASSES for c in cls}
    swaps.update({"غ": "جغ" + swaps.get("ج", ""), "ا": "ي", "ي": "ا"})
    out: set[str] = set()
    for i in range(1, len(word)):
        if word[i] in _VOWELS and i < len(word) - 1:
            out.add(word[:i] + word[i + 1:])
            if i + 2 < len(word):
                out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
        out.update(word[:i] + v + word[i:] for v in _VOWELS)
    for i, c in enumerate(word):
        out.update(word[:i] + r + word[i + 1:] for r in swaps.get(c, ""))
        if c == "ش":  # ch written two ways
            out.add(word[:i - 1] + word[i:] if word[i - 1:i] == "ت" else word[:i] + "ت" + word[i:])
    # its candidates' skeletons not cached: a cold 31k-article linking asks for tens of thousands
    # of words, and a cache of them all held ~70 MB
    return frozenset(v for v in out if v != word and spelling_variants(word, v, _skeleton))


# Letters transliterations of one foreign name swap more freely than ``CONSONANT_CLASSES`` allow
# in a word alone: t, d and th (فيلتانو/فيلدانو, أرتينو/ارثينو), b and f (كيلسكامب/كيلسكامف).
_LOOSE = str.maketrans({"د": "ت", "ث": "ت", "ذ": "ت", "ف": "ب"})
# A differing word of this many letters may be two letters from its other spelling, one below it.
_NEAR_LONG = 8


def loose_fold(key: str) -> str:
    """A coarser bucket than :func:`spelling_fold`: its letters without the vowels, t/d/th and b/f
    one letter, a doubled letter once, a final ه left out. Keys of one spelling fold share one
    loose fold, so the keys it groups hold every pair :func:`spelling_variants` joins, and the
    pairs :func:`near_variants` joins as well as it can (empty: no variants)."""
    fold = spelling_fold(key)
    if not fold:
        return ""
    return _consonant_fold([c for c in fold.translate(_LOOSE) if c not in _VOWELS] or list(fold))


def _consonant_fold(letters: list[str]) -> str:
    """Folded letters as :func:`loose_fold` and :func:`sound_fold` keep them: a final ه left out,
    a doubled letter once."""
    if len(letters) > 1 and letters[-1] == "ه":
        letters.pop()
    return _undoubled(letters)


def _undoubled(letters: Sequence[str]) -> str:
    return "".join(c for i, c in enumerate(letters) if i == 0 or c != letters[i - 1])


def variant_bucket(key: str) -> str:
    """Where a key is weighed for spelling variants: its :func:`loose_fold` with ch and ts written
    with ت or without as one (تشارلي/شارلي, ميتسوبيشي/ميتشوبيشي; ش is س in a fold). Only who
    meets whom: the pairs are decided by letters, not by the bucket."""
    return _undoubled(loose_fold(key).replace("تس", "س"))


def _edits(x: str, y: str) -> int:
    """Levenshtein distance (letters inserted, left out or replaced)."""
    prev = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        cur = [i]
        for j, cy in enumerate(y, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cx != cy)))
        prev = cur
    return prev[-1]


def one_letter_apart(x: str, y: str) -> bool:
    """Whether two words are one letter inserted, left out or replaced apart."""
    return x != y and abs(len(x) - len(y)) <= 1 and _edits(x, y) == 1


def one_slip_apart(x: str, y: str) -> bool:
    """Whether two words are one slip of the pen apart: a letter inserted, left out or replaced
    (:func:`one_letter_apart`), or two letters side by side swapped (الوزارء for الوزراء)."""
    if one_letter_apart(x, y):
        return True
    diff = [i for i, (p, q) in enumerate(zip(x, y)) if p != q] if len(x) == len(y) else []
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]


# A word's sound fold this short says too little to tell two names apart.
_SOUND_LETTERS = 4


def sound_fold(word: str) -> str:
    """A word's consonants as transliterations of one foreign name vary them: the long vowels
    after its first letter left out, a class's letters as one (``words.CONSONANT_CLASSES``, غ/ج,
    t/d/th, b/f), a doubled letter once, a final ه left out (ديمرتاش and دمرداش: تمرتس)."""
    w = _class_letters(word).translate(_LOOSE)
    return _consonant_fold([w[0], *(c for c in w[1:] if c not in _VOWELS)] if w else [])


def sound_alike(x: str, y: str) -> bool:
    """Whether two words may be one foreign name transliterated twice, further apart than a
    letter: the same :func:`sound_fold`, of four consonants or more."""
    return x != y and len(fold := sound_fold(x)) >= _SOUND_LETTERS and fold == sound_fold(y)


# Letters a writer spelling a name as heard puts for one another beyond :func:`sound_fold`'s:
# ق/ك (المطلق/المطلك), ع for a vowel (عادل/أديل, عاشق/أشيك), ch as تش or ش, a hamza's seat
# (شؤون/شئون, مؤتمر/موتمر).
_HEARD = str.maketrans({"ق": "ك", "ع": "ا", "ء": "ا", "ؤ": "و", "ئ": "ي"})


def story_fold(word: str) -> str:
    """A word's :func:`sound_fold` with ق/ك, ع and ch folded too: a looser test than
    :func:`sound_alike`, for two names whose articles tell one story closely (``Linker``)."""
    return sound_fold(word.replace("تش", "ش").translate(_HEARD))


def in_name_lists(word: str) -> bool:
    """Whether a name list holds the word: the lexicon, the wider first names (given names
    included), the model's family names."""
    return word in lexicon() or word in first_names() or word in family_names()


def near_variants(a: str, b: str) -> bool:
    """Whether two full names are one foreign name transliterated twice: several words, all the
    same but one, a foreign word (one :func:`spelling_skeleton` folds) at most one letter from
    its other spelling (two in a long word): ماركو فيلتانو/فيلدانو, نيكولا برامونت/برامونتي,
    أندريه سولاند/سولوند. Never where a word they share is an Arabic given name or a compound
    (حسن الكرمستاني and حسن الكرمسداني are two men), nor for a word a name list holds."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) < 2 or len(words_a) != len(words_b):
        return False
    differ = [(x, y) for x, y in zip(words_a, words_b) if x != y]
    if len(differ) != 1 or any(_arabic_given(x) for x, y in zip(words_a, words_b) if x == y):
        return False
    x, y = differ[0]
    listed = lexicon()
    if min(len(x), len(y)) < MIN_VARIANT_LETTERS or x in listed or y in listed or x.startswith(COMPOUND_PREFIXES) \
            or y.startswith(COMPOUND_PREFIXES):
        return False
    return _edits(x, y) <= (1 if min(len(x), len(y)) < _NEAR_LONG else 2)


def foreign_name_bucket(key: str) -> str:
    """Where a foreign person's name is weighed for variants: the first letter and the last three
    of its :func:`loose_fold`. A given name written otherwise or shortened (رافائيل/رافاييل
    بينيتيز, ماكسي/ماكسيميليانو موراليز) then meets the name, and every pair of one loose fold (its
    spellings, its words spaced otherwise: ريجي كامب, ريجيكامب) stays together. '' for a name that
    starts with an Arabic given name or a compound, or holds بن or آل: spellings vary in foreign
    words only, so a name and its variants are on one side of that line."""
    words = key.split()
    if not words or _arabic_given(words[0]) or any(w in SONS or w == FAMILY for w in words):
        return ""
    fold = variant_bucket(key)
    return f"{fold[0]}*{fold[-3:]}" if len(fold) > 3 else fold


# A foreign family name transliterated twice with more than one letter apart (شفانيشتيجر and
# شفاينشتايجر, ستولتنبرغ and شتولتينبيرج) is one name where both have this many letters, one
# loose fold (:func:`loose_fold`) and at most this many letters differ, the given names alike.
_FAMILY_LETTERS = 7
_FAMILY_EDITS = 3


def given_name_variants(a: str, b: str) -> bool:
    """Whether two names of one :func:`foreign_name_bucket` are one foreign person: the same
    family name after given names written two ways (رافائيل/رافاييل, برندان/بريندن: one letter
    apart in four letters or more, two in six or more), or one a short form the other starts with
    (ماكسي of ماكسيميليانو, مايك of مايكل); neither an Arabic given name. The family name is
    foreign: long, no article, in no list, or led by a particle (دي ماريا: أنخيل/انخل دي ماريا);
    it may be of several words (جابرييل/جابيرل جارسيا ماركيز). Or a long foreign family name
    written two ways, its letters one loose fold, after one given name alike but for its vowels
    (باستيان شفانيشتيجر/شفاينشتايجر, ربيكا/ريبيكا فرغوسون/فيرجسون)."""
    words_a, words_b = a.split(), b.split()
    # no bucket for an Arabic given name: جاد and جهاد are two names
    if len(words_a) < 2 or len(words_a) != len(words_b) or not foreign_name_bucket(a) or not foreign_name_bucket(b):
        return False
    if words_a[1:] != words_b[1:]:
        return len(words_a) == 2 and _same_consonants(words_a[0], words_b[0]) and _family_variants(words_a[1], words_b[1])
    if words_a[0] == words_b[0]:
        return False
    family = words_a[-1]
    if not (len(words_a) > 2 and words_a[1] in FOREIGN_PARTICLES) and (
            len(family) < MIN_VARIANT_LETTERS or family.startswith("ال") or family in lexicon()
            or "~" not in spelling_skeleton(family)):
        return False
    return _given_variants(words_a[0], words_b[0])


def _given_variants(x: str, y: str) -> bool:
    """Two foreign given names written two ways or one a short form of the other."""
    x, y = sorted((x, y), key=len)
    # a short name three letters long, a letter from another, is another name (بيل, بيت; كيم, كيت)
    return len(x) >= 3 and y.startswith(x) or len(x) >= 4 and _edits(x, y) <= (1 if len(x) < 6 else 2)


_VOWEL_LETTERS = str.maketrans("", "", "اويءئؤه")


def _same_consonants(x: str, y: str) -> bool:
    """Given names alike but for their vowels (ربيكا/ريبيكا, صموئيل/صمويل, أولجا/أولغا), or one the
    other's start (أرنو/أرنولد): not a consonant apart (ماركو/ماريو are two names)."""
    x, y = sorted((x, y), key=len)
    return y.startswith(x) and len(x) >= 3 or \
        x.replace("غ", "ج").translate(_VOWEL_LETTERS) == y.replace("غ", "ج").translate(_VOWEL_LETTERS)


def _family_variants(x: str, y: str) -> bool:
    """Two long foreign family names of one loose fold, a few letters apart, in no list."""
    return min(len(x), len(y)) >= _FAMILY_LETTERS and x not in lexicon() and y not in lexicon() \
        and loose_fold(x) == loose_fold(y) and _edits(x, y) <= _FAMILY_EDITS


def spelling_fold(key: str) -> str:
    """The letters a key's spellings share, spaces left out: the bucket :func:`spelling_variants`
    pairs are looked for in (empty for a key with no variants: no word of it, nor its words
    written as one, is folded by :func:`spelling_skeleton`)."""
    joined = key.replace(" ", "")
    if "~" not in spelling_skeleton(key) and (joined == key or "~" not in spelling_skeleton(joined)):
        return ""
    return _folded_word(joined)[1:]
