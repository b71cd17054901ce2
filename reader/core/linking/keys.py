"""A mention's key: the form that links it, and the display name of an entity.

The key is the normalised surface without clitics, the article, and the titles and roles
around a name (للداودي, الداودي, داودي → داودي; الرئيس التركي رجب طيب أردوغان → رجب طيب اردوغان).
A bare و/ف/ب/ك/ل before a name is a clitic only when the library (its vocabulary of mention
words) or the name lists say the rest is a word of its own.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from reader.core.arabic import normalise, proclitic_splits, strip_article, tokenize
from reader.core.model import Label
from reader.core.outlets import agencies, outlet_names
from reader.core.spelling import given_names, lexicon
from reader.core.words import (BODY_DESCRIPTORS, CONNECTORS, EPITHET_HEADS, GENERIC_HEADS, EPITHETS, HEAD_SINGULARS, HONORIFICS, JOINED_PREFIXES, MEDIA_NOUNS, OF_THE_STATES, PORTFOLIO_WORDS,
                               ROLE_HEADS, TITLE_WORDS)
from reader.resources import resource_path

Vocab = Mapping[str, int] | AbstractSet[str]


@lru_cache(maxsize=1)
def _title_lines() -> tuple[tuple[str, ...], ...]:
    """The titles list's entries (resources/names/titles.txt), each as its words without the article."""
    try:
        lines = resource_path("names", "titles.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    return tuple(tuple(strip_article(w) for w in line.split()) for line in lines if len(line.strip()) > 1)


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """Single-word titles without the article. The words of a title phrase (آية الله, رجل
    الدين, ملكة جمال) are titles only together (``_title_phrases``): alone, الله, الدين and جمال
    end names (ضيف الله, نور الدين, محمد جمال)."""
    words = {strip_article(w) for w in TITLE_WORDS | EPITHETS}
    words.update(t[0] for t in _title_lines() if len(t) == 1)
    return frozenset(words)


@lru_cache(maxsize=1)
def _epithets() -> frozenset[str]:
    return frozenset(strip_article(w) for w in EPITHETS)


@lru_cache(maxsize=1)
def _title_phrases() -> tuple[dict[str, tuple[tuple[str, ...], ...]], dict[str, tuple[tuple[str, ...], ...]]]:
    """The titles list's phrases of several words, longest first, by their first and by their
    last word (a name's words are looked up one by one: only a phrase's own ends are tried)."""
    phrases = sorted({t for t in _title_lines() if len(t) > 1}, key=len, reverse=True)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in phrases:
        by_first[phrase[0]].append(phrase)
        by_last[phrase[-1]].append(phrase)
    return ({w: tuple(ps) for w, ps in by_first.items()}, {w: tuple(ps) for w, ps in by_last.items()})


def is_title(word: str) -> bool:
    """Whether a word (with its clitics and article) is a title of one word (الأمير, السفير)."""
    bare = base_words(word)
    return len(bare) == 1 and bare[0] in _titles()


def is_title_phrase(text: str) -> bool:
    """Whether a surface is one title of several words and nothing else (العريف أول, "corporal
    first"); not an honorific one person holds at a time (خادم الحرمين الشريفين: linking
    resolves it to its holder)."""
    words = base_words(text)
    return len(words) > 1 and _phrase_at(words, 0) == len(words) and tuple(words) not in _honorifics()


def is_role_phrase(words: Sequence[str], articled: Sequence[bool] = ()) -> bool:
    """Whether key words are one role and nothing else, as a person's key strips it: a title
    phrase (ولي عهد) or a role head (``ROLE_HEADS``: وزير, نائب) with the role's object and
    nisba (وزير دفاع اردني). Not a title of one word (امير, رئيس alone), nor a role whose object
    keys keep (امير منطقه رياض): a person named so would not be keyed by the name."""
    return len(words) > 1 and (words[0] in ROLE_HEADS or _phrase_at(words, 0) > 0) \
        and _title_prefix([*words, ""], Label.PERS, articled) == len(words)


def is_epithet(words: Sequence[str]) -> bool:
    """Whether key words are one epithet alone (``words.EPITHETS``: مخلوع, راحل)."""
    return len(words) == 1 and words[0] in _epithets()


def is_bare_role(text: str) -> bool:
    """Whether a mention is a role and nothing else (:func:`is_role_phrase`; a leading و/ف or
    preposition aside: ورئيس الوزراء), not an honorific (one person holds it at a time): it
    stands for a person only where the article names them with it."""
    first, _, rest = normalise(text).partition(" ")
    for word in (first, *proclitic_splits(first)):
        surface = f"{word} {rest}"
        words = base_words(surface)
        if is_role_phrase(words, had_article(surface)):
            return not is_honorific(surface, " ".join(words))
    return False


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(base_words(h)) for h in HONORIFICS)


def is_honorific(text: str, key: str) -> bool:
    """Whether a mention is an honorific title alone (``words.HONORIFICS``: خادم الحرمين
    الشريفين, with or without clitics): a title that one person holds at a time. Not with a
    title before it that its key leaves out (نائب خادم الحرمين الشريفين is the deputy)."""
    words = key.split()
    return tuple(words) in _honorifics() and len(joined_words(text)) == len(words)


def governs(word: str) -> bool:
    """Whether a word is a title without the article, or its dual (نائب, مستشار, نائبا): in
    construct, the role after it is its object, nobody's own (نائب خادم الحرمين الشريفين is the
    deputy, نائبا رئيس الوزراء are the two deputies)."""
    words = joined_words(word)
    if len(words) != 1 or _SAFE_ARTICLE_RE.match(words[0]):
        return False
    w = words[0]
    return w in _titles() or (len(w) > 3 and w[-1] in "اي" and w[:-1] in _titles())


def holds_role(text: str, role: Sequence[str]) -> bool:
    """Whether a person's mention carries the role (key words) among its titles as its own, not
    as the object of a title before it (``governs``): «وزير الدفاع الأمير X» holds وزير دفاع;
    «نائب خادم الحرمين الشريفين X» does not hold خادم حرمين شريفين."""
    words, articled = base_words(text), had_article(text)
    titles = words[:_title_prefix(words, Label.PERS, articled)]
    raw = joined_words(text)
    n = len(role)
    return any(tuple(titles[p:p + n]) == tuple(role) and not (p and governs(raw[p - 1]))
               for p in range(len(titles) - n + 1))


def _phrase_at(words: Sequence[str], i: int) -> int:
    """The length of the title phrase that starts at ``words[i]`` (0 if none)."""
    for phrase in _title_phrases()[0].get(words[i], ()) if i < len(words) else ():
        if tuple(words[i:i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _phrase_before(words: Sequence[str], end: int) -> int:
    """The length of the title phrase that ends just before ``words[end]`` (0 if none)."""
    for phrase in _title_phrases()[1].get(words[end - 1], ()) if 0 < end <= len(words) else ():
        if len(phrase) <= end and tuple(words[end - len(phrase):end]) == phrase:
            return len(phrase)
    return 0


@lru_cache(maxsize=1)
def nisbas() -> frozenset[str]:
    from reader.core.places import places

    return frozenset(k for k in places().nisba_of if " " not in k)


_LEXICON_WEIGHT = 2  # a lexicon word counts as much as two mentions in the library


def _count(vocab: Vocab, word: str) -> int:
    n = vocab.get(word, 0) if isinstance(vocab, Mapping) else (1 if word in vocab else 0)
    return n + (_LEXICON_WEIGHT if word in lexicon() else 0)


# The unambiguous article, with the و/ف and ب/ك before it (والدوحة, بالدوحة, فالحكومة).
_SAFE_ARTICLE_RE = re.compile("^[وف]?[بك]?ال(?=..)")
# لل is ل + ال (للحكومة) or ل + a word starting with ل (لليبيا): the vocabulary decides.
_LAM_LAM_RE = re.compile("^([وف]?)لل(?=..)")


def base_words(text: str) -> list[str]:
    """Normalised words, compound names joined, the unambiguous article stripped (لل words kept)."""
    # Compound names are written with or without a space: عبد العزيز / عبدالعزيز, ابو بكر / ابوبكر.
    return [_SAFE_ARTICLE_RE.sub("", w, count=1) for w in joined_words(text)]


# A stem left by a proclitic that starts like ب/ك/ف + the article (كاليفورنيا, فالنسيا): a word
# that base_words keys without those letters when it stands alone; و + ال after a proclitic is
# a word of its own (لوالدي, كوالكوم), left whole.
_STEM_ARTICLE_RE = re.compile("^[بكف]ال(?=..)")


def _stem_key(stem: str) -> str:
    """A proclitic's stem as :func:`base_words` keys the same word alone."""
    return _STEM_ARTICLE_RE.sub("", stem, count=1)


def had_article(text: str) -> list[bool]:
    """Per word of :func:`base_words`, whether an article was stripped (no proclitic can precede it then)."""
    return [a != b for a, b in zip(joined_words(text), base_words(text))]


@lru_cache(maxsize=100_000)
def joined_words(text: str) -> tuple[str, ...]:
    raw = [t.text for t in tokenize(normalise(text)) if t.text[0].isalnum()]
    words: list[str] = []
    for w in raw:
        if words and words[-1] in JOINED_PREFIXES:
            words[-1] += w
        else:
            words.append(w)
    return tuple(words)


def _words(text: str, vocab: Vocab = frozenset()) -> list[str]:
    out = []
    for w in base_words(text):
        m = _LAM_LAM_RE.match(w)
        if m:
            article_reading = w[m.end():]  # ل + ال + rest
            lam_reading = w[m.end() - 1:]  # ل + (ل...)
            w = lam_reading if _count(vocab, lam_reading) > _count(vocab, article_reading) else article_reading
        out.append(w)
    return out


def vocabulary(surfaces: Iterable[str]) -> Counter[str]:
    """How often each word appears in mentions (article stripped): evidence that a stem is a word of its own."""
    out: Counter[str] = Counter()
    for surface, n in Counter(surfaces).items():
        for w in base_words(surface):
            out[w] += n
    return out


def _title_prefix(words: Sequence[str], label: Label | None, articled: Sequence[bool] = ()) -> int:
    """How many leading words are a title or role (never all of them).

    People: titles, then the role's object and nisba (الرئيس التركي, وزير الدفاع). Bodies and
    places: none, since their names start with title words (جنرال إلكتريك, الشيخ عثمان); stripped,
    a truncated «[جامعة] الملك فيصل» joined the person فيصل and «جنرال إلكتريك» was named «إلكتريك».
    But a body's epithet head (``words.EPITHET_HEADS``: ميليشيات الزاهرين) goes: one side's word
    (``mention_key`` also keys «الميليشيات الزاهرية», the head and a nisba, as the nisba's الزاهري).
    """
    if label is Label.ORG and len(words) > 1 and words[0] in EPITHET_HEADS and not (articled and articled[0]):
        # ميليشيات الزاهرين: the body, under the head one side gives the other's armed bodies (in
        # construct; «الميليشيات الزاهرية», the head and an adjective, is keyed in ``mention_key``)
        return 1
    if len(words) > 1 and words[0] in _epithets():
        return 1 + _title_prefix(words[1:], label, articled[1:])  # المخلوع صالح, also typed a body
    if label not in (Label.PERS, None):
        return 0
    titles = _titles()
    n = 0
    while n < len(words) - 1:
        w = words[n]
        if label in (Label.PERS, None) and (k := _phrase_at(words, n)) and n + k < len(words):
            n += k  # رئيس الوزراء, آية الله: a title of several words, though رئيس and آية are given names
        elif n < len(articled) and not articled[n] and w in given_names():
            break  # شريف إسماعيل, أمير طاهري: a given name; الشريف, الأمير: a title
        # duals and construct plurals of a title: وزيرا/وزيري الدفاع, سفيري البلدين
        elif w in titles or (label is Label.PERS and len(w) > 3 and w[-1] in "اي" and w[:-1] in titles):
            n += 1
        elif n and label is Label.PERS and (w in PORTFOLIO_WORDS or w in nisbas()):
            n += 1
        elif not n and label is Label.PERS and n < len(articled) and articled[n] and w in nisbas():
            n += 1  # اليمني عبدربه ...: the title's adjective, left in the span when the title was not
        else:
            break
    return n


def _title_suffix(words: Sequence[str], label: Label | None, articled: Sequence[bool] = ()) -> int:
    """How many trailing words of a person's name are a title glued on by the span (محمد بن
    سلمان ولي العهد: the crown prince's title follows his name), a role cut from its object
    (فيصل بن خالد أمير [منطقة X]) or a connector left dangling by a span cut short (بدر بن
    فيصل بن); two words of the name stay.

    A single title word at the end is a family name as often as not (خالد الشريف, صالح
    القاضي, أيمن فؤاد سيد), and a word after a connector is a name (آل الشيخ, بن مساعد, ولد
    الشيخ): only a title phrase, a role head without the article and a connector go.
    """
    if label is not Label.PERS:
        return 0
    bare = [strip_article(w) for w in words]
    n = 0
    while len(words) - n > 2:
        end = len(words) - n
        last = bare[end - 1]
        role = last in ROLE_HEADS and not (end - 1 < len(articled) and articled[end - 1])
        k = _phrase_before(bare, end) or (1 if role or last in CONNECTORS else 0)
        if not k or end - k < 2 or bare[end - k - 1] in CONNECTORS:
            break
        n += k
    return n


def mention_key(text: str, vocab: Vocab = frozenset(), label: Label | None = None) -> str:
    """The matching key of a mention's surface text.

    The article always goes; a bare و/ف/ب/ك/ل goes only when the rest is a word seen at least
    as often elsewhere in ``vocab`` or a known name (وبيروت → بيروت, but بيروت stays بيروت),
    and never from a known name (فراس, كابل); leading titles and roles go.
    """
    words = _words(text, vocab)
    articled = had_article(text)
    # الولايات is not و + لايات: a clitic never follows the article, and no stem left by one
    # starts with ال (بالي, Bali, is not ب + الي: an article there was stripped already); a word
    # that is a name on its own (فراس, كابل) is not ف + راس or ك + ابل, however often the
    # library writes those
    if words and not articled[0] and words[0] not in lexicon():
        first = words[0]
        own = _count(vocab, first)
        # a stem keyed as the word is alone: كاليفورنيا loses what reads as ك + the article there
        # (the vocabulary holds it so), and so it does after ب (بكاليفورنيا)
        words[0] = next((base for stem in proclitic_splits(first)
                         if _count(vocab, base := _stem_key(stem)) >= max(1, own) and not stem.startswith("ال")), first)
    if label is Label.ORG and len(words) == 2 and words[0] in EPITHET_HEADS and all(articled[:2]) and words[1].endswith("يه"):
        return words[1][:-1]  # الميليشيات الزاهرية: the body the nisba names, under one side's word
    start = _title_prefix(words, label, articled)
    words = words[start:]
    words = [_one_case(w) for w in words[:len(words) - _title_suffix(words, label, articled[start:])]]
    if label is Label.ORG and len(words) > 1 and articled[start + len(words) - 1] and "ال" + words[-1] in BODY_DESCRIPTORS \
            and not (len(words) == 2 and words[0] in GENERIC_HEADS):
        # تنظيم داعش الإرهابي, مستشفى الكرمستاني الحكومي: the body, not the writer's adjective
        # (التنظيم الإرهابي, a head and the adjective, names none)
        words.pop()
    if label is not Label.PERS and words and len(words[-1]) >= 6 and words[-1].endswith("يين"):
        words[-1] = words[-1][:-2]  # جماعة الزاهريين, جماعة الزاهري: a body named by its members or its eponym
    if label is Label.ORG and OF_THE_STATES in words[2:-1]:
        # مجلس التعاون لدول الخليج العربية: the body, whichever way its states are named (مجلس
        # التعاون الخليجي is a longer form of it, as of مجلس التعاون)
        words = words[:words.index(OF_THE_STATES, 2)]
    if label is Label.ORG and len(words) > 1 and words[0] in HEAD_SINGULARS:
        words[0] = HEAD_SINGULARS[words[0]]  # قوات الطوارئ, قوة الطوارئ: one force
    if label is Label.LOC and len(words) > 1 and words[-1] in nisbas() and not _country_key(" ".join(words)) \
            and (_country_key(" ".join(words[:-1])) or (len(words) <= 3 and not any(articled[start:start + len(words) - 1]))):
        # ولاية ميزوري الأمريكية, لوس أنجلوس الأمريكية: the place, not its country's adjective;
        # but a country's own name keeps it, and so does a name with the article or of more than
        # two words: common nouns as often (المملكة الأردنية is Jordan, not «المملكة»; شبه
        # الجزيرة الإيطالية no «شبه الجزيرة»)
        words.pop()
    return " ".join(words)


def _country_key(key: str) -> bool:
    from reader.core.places import places

    return key in places().country_of


# After an outlet's key, in the entity key of the outlet where the text names it as one
# (``linker.outlet_named``): the paper «الرياض» is another entity than the city. Where the library
# types the plain key a body too (رويترز), the two are one entity (``variants.spelling_group``).
OUTLET_MARK = " ^"
# Between a given name's key and the article's id, in the entity key of a given name alone that
# no longer name takes: one person in the article, another in the next (عادل, عادل): one entity
# each, not one for every عادل of the library. Not the " #" of a researcher's split.
ARTICLE_MARK = " @"


@lru_cache(maxsize=2)
def outlet_keys(agencies: bool = False) -> frozenset[str]:
    """The keys of the papers' and channels' Arabic names the outlet table knows (الرياض, الشرق
    الأوسط, اليوم, عكاظ): a town's, a region's or a word's key too. Not the agencies' unless
    ``agencies``: their names are their own (رويترز, وام), and their short forms keep their links
    to their full names (وكالة الأنباء الإماراتية)."""
    return frozenset(k for name in outlet_names(agencies=agencies) if (k := mention_key(name, label=Label.ORG)))


@lru_cache(maxsize=1)
def _agency_keys() -> tuple[dict[str, str], dict[str, str]]:
    """Keys of every name of each news agency (its own, its others, each after وكالة) → the
    agency's entity key, its own name's marked as an outlet's (apart from the region الأناضول):
    (names that are only the agency's, names that are also a word, a given name or a place)."""
    sure: dict[str, str] = {}
    typed: dict[str, str] = {}
    for agency in agencies():
        own = mention_key(agency.arabic, label=Label.ORG) + OUTLET_MARK
        doubtful = {n[1:] for n in agency.other if n.startswith("~")}
        for name in dict.fromkeys((agency.arabic, *(n.lstrip("~") for n in agency.other))):
            (typed if name in doubtful else sure).setdefault(mention_key(name, label=Label.ORG), own)
            if not name.startswith(_AGENCY_NOUN):
                sure.setdefault(mention_key(_AGENCY_NOUN + " " + name, label=Label.ORG), own)
    return sure, typed


_AGENCY_NOUN = "وكالة"


def agency_key(key: str, label: Label, only_sure: bool = False) -> str | None:
    """The key of the news agency a mention's key names (``resources/outlets``: واس, وكالة الأنباء
    السعودية), else None; a name that is also a word, a given name or a place only where the
    mention is typed a body, and never with ``only_sure``. Feminine adjectives after a name are
    read past, as وكالة takes them (وكالة أنباء X الرسمية)."""
    sure, typed = _agency_keys()
    words = key.split()
    while True:
        k = " ".join(words)
        found = sure.get(k) or (typed.get(k) if label is Label.ORG and not only_sure else None)
        if found or len(words) < 2 or not words[-1].endswith("يه"):
            return found
        words.pop()  # a feminine adjective after it: وكالة أنباء X التركية, الحكومية


def doubtful_agency_name(key: str) -> bool:
    """Whether a key is a news agency's name that is also a word, a given name or a place (فارس,
    قنا: ``~`` in the outlet table) and none of its sure names."""
    sure, typed = _agency_keys()
    return key in typed and key not in sure


@lru_cache(maxsize=1)
def _agency_entities() -> frozenset[str]:
    sure, typed = _agency_keys()
    return frozenset(sure.values()) | frozenset(typed.values())


def is_agency(entity_key: str) -> bool:
    """Whether an entity key is a news agency's (:func:`agency_key`)."""
    return entity_key in _agency_entities()


def scoped_given_name(key: str) -> str | None:
    """The given name of an entity key of one article's person named by it alone
    (:data:`ARTICLE_MARK`, ``Linker._library_link``: «عادل @12»), else None."""
    name, mark, article = key.partition(ARTICLE_MARK)
    return name if mark and article.isdigit() else None


def unmarked(key: str) -> str:
    """An entity key without the outlet mark."""
    return key[:-len(OUTLET_MARK)] if key.endswith(OUTLET_MARK) else key


def outlet_base(key: str) -> str | None:
    """The outlet table's name an entity key names (marked, or after a media noun: وكالة رويترز,
    صحيفة الرياض; the agencies' too), else None."""
    base = unmarked(key)
    head, _, rest = base.partition(" ")
    known = outlet_keys(agencies=True)
    if rest and head in MEDIA_NOUNS and rest in known:
        return rest
    if base == key and base in _agency_keys()[1]:
        return None  # an agency's name that is also a word or a place, unmarked: not the agency («وفا» of an insurer)
    return base if base in known else None


def _one_case(word: str) -> str:
    """A nisba's plural in one case: الزاهريون and الزاهريين, اليمنيون and اليمنيين are one word."""
    return word[:-3] + "يين" if len(word) >= 6 and word.endswith("يون") else word


@lru_cache(maxsize=100_000)
def display_name(surface: str, label: Label | None = None) -> str:
    """A surface form fit to head an entity: no title or role words before it (nor, for a
    person, after it)."""
    words = surface.split()
    bare = [normalise(w).strip(".:،,") for w in words]  # د. and م. are the titles د and م
    keys = [_SAFE_ARTICLE_RE.sub("", b, count=1) for b in bare]
    articled = [k != b for k, b in zip(keys, bare)]
    start = _title_prefix(keys, label, articled)
    return " ".join(words[start:len(words) - _title_suffix(keys[start:], label, articled[start:])])


def title_words(text: str) -> frozenset[str]:
    """The title words a mention carries (المشير, الشيخ), as context for telling namesakes apart."""
    words = base_words(text)
    return frozenset(words[:_title_prefix(words, Label.PERS)])


@lru_cache(maxsize=100_000)
def consulted_words(text: str) -> tuple[str, ...]:
    """The vocabulary words :func:`mention_key` may read for this surface (its key can change only with their counts)."""
    base = base_words(text)
    articled = had_article(text)
    out: list[str] = []
    for i, w in enumerate(base):
        m = _LAM_LAM_RE.match(w)
        readings = [w[m.end():], w[m.end() - 1:]] if m else [w]
        if m:
            out += readings
        if i == 0 and not articled[0]:
            for r in readings:
                out.append(r)
                out += (_stem_key(stem) for stem in proclitic_splits(r))
    return tuple(dict.fromkeys(out))
