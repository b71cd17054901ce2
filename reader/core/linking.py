"""Mentions → entities across the whole library.

A mention's *key* is its normalised form without clitics, the article and leading titles
(للداودي, الداودي, داودي → داودي). Mentions link when their keys resolve to the same full
form:

1. within an article, a short form resolves to the one longer form introduced there that
   contains it (surname → full name, a short body name → the full name);
2. across articles, a short form left unresolved resolves to a longer form only when the
   library holds exactly one such longer form (two people sharing a surname stay apart);
3. identical resolved keys become one entity; its type is the majority of its mentions';
4. entities of one type whose keys spell one foreign name two ways (تشيلسي/تشلسي, هاكينغ/هاكينج)
   become one (:func:`spelling_variants`).

Every mention records why it was linked (``link_reason``) so the panel can explain it.
"""
from __future__ import annotations

import gc
import hashlib
import json
import pickle
import re
import threading
import uuid
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Union

from reader.core.arabic import normalise, proclitic_splits, strip_article, tokenize
from reader.core.idmap import IdMap
from reader.core.model import Label
from reader.resources import resource_path

if TYPE_CHECKING:
    from reader.core.store import Library

# Honorifics, ranks and roles that precede names in news text (normalised, without ال).
# Generic Arabic vocabulary, not names: dropped from keys and display names. The GATE titles
# list (resources/names/titles.txt) adds to these for people.
_BASE_TITLES = """
    رئيس الرئيس ملك الملك امير الأمير الامير أمير شيخ الشيخ سيد السيد السيدة سيدة دكتور الدكتور د
    مهندس المهندس استاذ الأستاذ الاستاذ لواء اللواء عميد العميد عقيد العقيد فريق الفريق مشير المشير
    عماد العماد رائد الرائد نقيب النقيب مقدم المقدم جنرال الجنرال سمو صاحب السمو سماحة فضيلة معالي
    سعادة الحاج حاج الإمام الامام المستشار مستشار القاضي السفير سفير النائب الوزير وزير الأميرة
    البابا الكاردينال المطران القس الشريف ولي العهد
""".split()
TITLE_WORDS = frozenset(normalise(w) for w in _BASE_TITLES)

# Words of a role that follow a title before the name: وزير [الدفاع] [التركي] خلوصي أكار.
# Generic government vocabulary (normalised, without ال); nisba adjectives come from places.tsv.
_PORTFOLIO = frozenset(normalise(w) for w in """
    دفاع خارجية داخلية وزراء حكومة دولة أركان اركان عدل مالية إعلام اعلام مجلس عام أول اول جمهورية
    برلمان نواب شورى اقتصاد تعليم صحة نفط طاقة عمل خاص أممي اممي أعلى اعلى رئاسي وطني سابق
    مفوض مفوضية إدارة ادارة جيش قوات مبعوث أمين امين سر عهد الحكومة الدولة المجلس
""".split())

# Leading single-letter proclitics that are not part of a name (وزير stays whole: checked by length).
_LEADING_CLITICS = "وفبلك"

Vocab = Mapping[str, int] | AbstractSet[str]


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """Title words without the article (single words: phrases are runs of single title words)."""
    words = {strip_article(w) for w in TITLE_WORDS}
    try:
        lines = resource_path("names", "titles.txt").read_text(encoding="utf-8").split()
    except OSError:
        lines = []
    words.update(strip_article(w) for w in lines if len(w) > 1)
    return frozenset(words)


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
def _nisbas() -> frozenset[str]:
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


def _base_words(text: str) -> list[str]:
    """Normalised words, compound names joined, the unambiguous article stripped (لل words kept)."""
    # Compound names are written with or without a space: عبد العزيز / عبدالعزيز, ابو بكر / ابوبكر.
    return [_SAFE_ARTICLE_RE.sub("", w, count=1) for w in _joined(text)]


def _had_article(text: str) -> list[bool]:
    """Per word of :func:`_base_words`, whether an article was stripped (no proclitic can precede it then)."""
    return [a != b for a, b in zip(_joined(text), _base_words(text))]


@lru_cache(maxsize=100_000)
def _joined(text: str) -> tuple[str, ...]:
    raw = [t.text for t in tokenize(normalise(text)) if t.text[0].isalnum()]
    words: list[str] = []
    for w in raw:
        if words and words[-1] in _JOINED_PREFIXES:
            words[-1] += w
        else:
            words.append(w)
    return tuple(words)


def _words(text: str, vocab: Vocab = frozenset()) -> list[str]:
    out = []
    for w in _base_words(text):
        m = _LAM_LAM_RE.match(w)
        if m:
            article_reading = w[m.end():]  # ل + ال + rest
            lam_reading = w[m.end() - 1:]  # ل + (ل...)
            w = lam_reading if _count(vocab, lam_reading) > _count(vocab, article_reading) else article_reading
        out.append(w)
    return out


_JOINED_PREFIXES = frozenset({"عبد", "ابو"})
_COMPOUND = tuple(_JOINED_PREFIXES)


def vocabulary(surfaces: Iterable[str]) -> Counter[str]:
    """How often each word appears in mentions (article stripped): evidence that a stem is a word of its own."""
    out: Counter[str] = Counter()
    for surface, n in Counter(surfaces).items():
        for w in _base_words(surface):
            out[w] += n
    return out


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    try:
        return frozenset(resource_path("names", "given_names.txt").read_text(encoding="utf-8").split())
    except OSError:
        return frozenset()


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(strip_article(w) for w in TITLE_WORDS)


def _title_prefix(words: Sequence[str], label: Label | None, articled: Sequence[bool] = ()) -> int:
    """How many leading words are a title or role (never all of them).

    People: titles, then the role's object and nisba (الرئيس التركي, وزير الدفاع). Others: only
    the honorifics of the small built-in list (a body's name may start with a role word).
    """
    titles = _titles() if label in (Label.PERS, None) else _honorifics()
    n = 0
    while n < len(words) - 1:
        w = words[n]
        if n < len(articled) and not articled[n] and w in _given_names():
            break  # شريف إسماعيل, أمير طاهري: a given name; الشريف, الأمير: a title
        # duals and construct plurals of a title: وزيرا/وزيري الدفاع, سفيري البلدين
        if w in titles or (label is Label.PERS and len(w) > 3 and w[-1] in "اي" and w[:-1] in titles):
            n += 1
        elif n and label is Label.PERS and (w in _PORTFOLIO or w in _nisbas()):
            n += 1
        elif not n and label is Label.PERS and n < len(articled) and articled[n] and w in _nisbas():
            n += 1  # اليمني عبدربه ...: the title's adjective, left in the span when the title was not
        else:
            break
    return n


def _title_suffix(words: Sequence[str], label: Label | None) -> int:
    """How many trailing words of a person's name are a title glued on by the span (محمد بن
    سلمان ولي العهد: the crown prince's title follows his name); two words of the name stay."""
    if label is not Label.PERS:
        return 0
    titles = _trailing_titles()
    n = 0
    while len(words) - n > 2 and strip_article(words[-1 - n]) in titles:
        n += 1
    return n


@lru_cache(maxsize=1)
def _trailing_titles() -> frozenset[str]:
    return _titles() | _honorifics()


def mention_key(text: str, vocab: Vocab = frozenset(), label: Label | None = None) -> str:
    """The matching key of a mention's surface text.

    The article always goes; a bare و/ف/ب/ك/ل goes only when the rest is a word seen at least
    as often elsewhere in ``vocab`` or a known name (وبيروت → بيروت, but بيروت stays بيروت);
    leading titles and roles go.
    """
    words = _words(text, vocab)
    articled = _had_article(text)
    if words and not articled[0]:  # الولايات is not و + لايات: a clitic never follows the article
        first = words[0]
        own = _count(vocab, first)
        words[0] = next((stem for stem in proclitic_splits(first) if _count(vocab, stem) >= max(1, own)), first)
    words = words[_title_prefix(words, label, articled):]
    return " ".join(words[:len(words) - _title_suffix(words, label)])


@lru_cache(maxsize=100_000)
def display_name(surface: str, label: Label | None = None) -> str:
    """A surface form fit to head an entity: no title or role words before it (nor, for a
    person, after it)."""
    words = surface.split()
    keys = [_SAFE_ARTICLE_RE.sub("", normalise(w), count=1) for w in words]
    articled = [k != normalise(w) for k, w in zip(keys, words)]
    start = _title_prefix(keys, label, articled)
    return " ".join(words[start:len(words) - _title_suffix(keys[start:], label)])


# Letters that transliterations of foreign names write in several ways: medial long vowels
# (a vowel written or not, ي for a short e/a) and غ/ج for a hard g.
_MEDIAL_VOWELS = str.maketrans("", "", "اوي")
_MIN_VARIANT_LETTERS = 5


@lru_cache(maxsize=100_000)
def spelling_skeleton(key: str) -> str:
    """A key with a foreign name's spelling variants folded: تشيلسي and تشلسي, ميشيل and ميشال,
    هاكينغ and هاكينج get one skeleton.

    Only long words that are neither listed given names nor places are folded, and a folded word
    never matches an unfolded one (سعيد and سعد, العتيبي and العتبي are different names): a
    name-list word, a compound name (عبدالله and عبدالاله are two names) or a short word stays
    as it is.
    """
    out = []
    protected = lexicon()
    for w in key.split():
        if len(w) < _MIN_VARIANT_LETTERS or w in protected or w in _given_names() or w.startswith(_COMPOUND):
            out.append(w)
        else:
            w = w.replace("غ", "ج")
            out.append("~" + w[0] + w[1:-1].translate(_MEDIAL_VOWELS) + w[-1])
    return " ".join(out)


def spelling_variants(a: str, b: str) -> bool:
    """Whether two keys with one :func:`spelling_skeleton` are one name spelt two ways: each word
    differs by at most one long vowel written or left out, or ا for ي (ميشيل/ميشال), besides
    غ/ج. Two vowels apart is too far (نيويورك and نيوارك are two cities)."""
    for x, y in zip(a.replace("غ", "ج").split(), b.replace("غ", "ج").split()):
        if x == y:
            continue
        if len(x) < len(y):
            x, y = y, x
        if len(x) == len(y) + 1:
            if not any(x[i] in "اوي" and x[:i] + x[i + 1:] == y for i in range(1, len(x) - 1)):
                return False
        elif len(x) != len(y) or [{p, q} for p, q in zip(x, y) if p != q] != [{"ا", "ي"}]:
            return False
    return True


def title_words(text: str) -> frozenset[str]:
    """The title words a mention carries (المشير, الشيخ), as context for telling namesakes apart."""
    words = _base_words(text)
    return frozenset(words[:_title_prefix(words, Label.PERS)])


@dataclass(frozen=True, slots=True)
class LinkInput:
    """What linking needs of a mention (outlet and date help tell namesakes apart)."""

    id: int
    article_id: int
    text: str
    label: Label
    start: int = 0
    outlet: str = ""
    date: str = ""
    user: bool = False  # marked by the researcher: its type outvotes the model's
    end: int = 0


_USER_VOTE = 1000

@dataclass(frozen=True, slots=True)
class LinkResult:
    mention_id: int
    key: str  # the mention's own key
    entity_key: str  # the resolved key (the entity's)
    label: Label  # the entity's label
    reason: str


# Words after which the rest of a name is somebody else's (the father's, the family's):
# in محمد بن سلمان, "سلمان" is not a short form of the son. Normalised forms.
_KIN = frozenset({"بن", "ابن", "بنت", "ال"})


def short_forms(label: Label, words: Sequence[str]) -> set[str]:
    """The shorter keys a full name can be referred to by.

    People: the given name with the following names (محمد بن سلمان), the family name (not a
    father's name after بن), and the given name with the family name (سالم الكندي for
    سالم بن علي الكندي). Organisations: any contiguous run (الاحصاء, هيئه الاحصاء).
    """
    n = len(words)
    out: set[str] = set()
    if label is Label.PERS:
        for j in range(1, n):
            if words[j - 1] not in _KIN:
                out.add(" ".join(words[:j]))
        for i in range(1, n):
            if words[i - 1] not in _KIN and words[i] not in _KIN - {"ال"}:
                out.add(" ".join(words[i:]))
        if n > 2 and words[-2] not in _KIN:
            out.add(words[0] + " " + words[-1])
    elif n <= _MAX_SUBSEQUENCE_WORDS:
        # Bodies drop words anywhere, in order: الهيئة (الوطنية) للإحصاء (الأردنية)
        for mask in range(1, (1 << n) - 1):
            out.add(" ".join(w for b, w in enumerate(words) if mask >> b & 1))
    else:
        for size in range(1, n):
            for i in range(n - size + 1):
                out.add(" ".join(words[i:i + size]))
    return out


_MAX_SUBSEQUENCE_WORDS = 7


@lru_cache(maxsize=50_000)
def _short_set(label: Label, key: str) -> frozenset[str]:
    """:func:`short_forms` of a key, cached: linking asks for the same keys over and over."""
    return frozenset(short_forms(label, key.split()))


def _contains(label: Label, long: Sequence[str], short: Sequence[str]) -> bool:
    """Whether ``short`` is one of the short forms of ``long``."""
    return len(short) < len(long) and " ".join(short) in _short_set(label, " ".join(long))


_EXPANDABLE = (Label.PERS, Label.ORG)
# Context needed to pick one of several namesakes: shared co-occurring entities (1 each),
# a shared title (1), the same outlet (0.5), dates within a week (0.5); and a clear margin.
_MIN_CONTEXT = 1.0
_MARGIN = 2.0


_LABELS: tuple[Label, ...] = tuple(Label)
_LABEL_CODE = {label: i for i, label in enumerate(_LABELS)}


@dataclass(slots=True)
class _Article:
    """One article's mentions as linking sees them, in columns: a library holds half a million
    mentions, and an object per mention cost 120 bytes where a column entry costs 4 or 8.

    Mentions are numbered by their place in the input (``j``); the keyed ones are listed again
    in text order (``order``), with their keys.
    """

    ids: array  # mention ids ('I')
    texts: tuple[str, ...]  # surfaces (pooled strings)
    codes: bytes  # label code * 2 + 1 if the researcher marked it
    spans: array  # start, end of each, one after the other ('I')
    order: array  # the keyed mentions, in text order ('I', values of j)
    keys: tuple[str, ...]  # their keys (as when indexed: unindexing takes those back)
    meta: tuple[str, str]  # outlet, day (YYYY-MM-DD) of the article
    # the keyed mentions resolved by the library (no longer form in the article contains them):
    # they alone read library-wide facts, and are resolved again alone when those change
    lib_items: tuple[int, ...] = ()  # positions in ``order``

    @classmethod
    def of(cls, inputs: Sequence[LinkInput], keyed: Sequence[tuple[int, str]]) -> _Article:
        """An article from its inputs and its keyed mentions (j, key) in text order."""
        first = inputs[0] if inputs else None
        return cls(array("I", [m.id for m in inputs]), tuple(m.text for m in inputs),
                   bytes(_LABEL_CODE[m.label] * 2 + m.user for m in inputs),
                   array("I", [x for m in inputs for x in (m.start, m.end)]),
                   array("I", [j for j, _ in keyed]), tuple(k for _, k in keyed),
                   (first.outlet, first.date[:10]) if first else ("", ""))

    def label(self, j: int) -> Label:
        return _LABELS[self.codes[j] >> 1]

    def input(self, j: int, article_id: int) -> LinkInput:
        """Mention ``j`` as a :class:`LinkInput` again (the outlet and the day are the article's)."""
        return LinkInput(self.ids[j], article_id, self.texts[j], self.label(j), self.spans[2 * j],
                         self.meta[0], self.meta[1], bool(self.codes[j] & 1), self.spans[2 * j + 1])

    def inputs(self, article_id: int) -> list[LinkInput]:
        return [self.input(j, article_id) for j in range(len(self.ids))]

    def keyed(self) -> Iterator[tuple[int, int, str, Label, str]]:
        """(j, mention id, text, label, key) of the keyed mentions, in text order."""
        ids, texts, codes = self.ids, self.texts, self.codes
        return ((j, ids[j], texts[j], _LABELS[codes[j] >> 1], k) for j, k in zip(self.order, self.keys))

    def lib_pairs(self) -> Iterator[tuple[int, Label, str]]:
        """(j, label, key) of the mentions resolved by the library."""
        return ((j, self.label(j), self.keys[i]) for i in self.lib_items for j in (self.order[i],))


@dataclass(slots=True)
class _Namesakes:
    """The longer names a short form may stand for, indexed by what tells them apart.

    The context of a long form is what the articles naming it in full hold: their keys, outlets
    and dates, and the titles it is given there. Indexed by each, a mention's own article is
    scored against every candidate at once (a short given name may have hundreds of them).
    """

    candidates: list[str]
    by_key: dict[str, tuple[int, ...]]  # candidate indexes, each once
    by_outlet: dict[str, tuple[int, ...]]
    by_day: dict[int, tuple[int, ...]]
    by_title: dict[str, tuple[int, ...]]


def _day(text: str) -> int | None:
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None


@lru_cache(maxsize=100_000)
def _consulted(text: str) -> tuple[str, ...]:
    """The vocabulary words :func:`mention_key` may read for this surface (its key can change only with their counts)."""
    base = _base_words(text)
    articled = _had_article(text)
    out: list[str] = []
    for i, w in enumerate(base):
        m = _LAM_LAM_RE.match(w)
        readings = [w[m.end():], w[m.end() - 1:]] if m else [w]
        if m:
            out += readings
        if i == 0 and not articled[0]:
            for r in readings:
                out.append(r)
                out += proclitic_splits(r)
    return tuple(dict.fromkeys(out))


# Many index entries hold one element: it is kept alone, a set only from two on (a set costs
# over 200 bytes; the library's indexes hold hundreds of thousands of entries).
_T = TypeVar("_T")
_Some = Union[_T, set[_T]]


def _some(v: Any) -> Iterable[Any]:
    """The elements of an index entry (none for a missing one)."""
    return () if v is None else v if isinstance(v, set) else (v,)


def _add(index: dict[Any, Any], key: Any, x: Any) -> None:
    have = index.get(key)
    if have is None:
        index[key] = x
    elif isinstance(have, set):
        have.add(x)
    elif have != x:
        index[key] = {have, x}


def _discard(index: dict[Any, Any], key: Any, x: Any) -> None:
    have = index.get(key)
    if isinstance(have, set):
        have.discard(x)
        if len(have) == 1:
            index[key] = next(iter(have))
    elif have is not None and have == x:
        del index[key]


class Linker:
    """Linking state of a whole library, updated article by article.

    :meth:`update` replaces some articles' mentions and re-resolves only what that can change;
    :meth:`results` gives every mention's link. Updating in batches gives exactly what one
    update with every article gives (tests/core/test_linking_incremental.py): the library-wide
    facts linking reads are kept as counts, and each article's resolution records which of them
    it read, so a change re-resolves the articles that read a changed fact:

    - the vocabulary (word counts of all mention surfaces) decides clitics in keys: a surface is
      re-keyed when a word its key reads changes count (:func:`_consulted`), and its articles redone;
    - the long forms of the library: a long form that appears or disappears, or whose context
      (the articles naming it in full, their keys, outlets, dates, titles) changes, dirties its
      short forms, and the articles whose short forms went to the library for them are redone;
    - chains to the longest form, type votes, spelling variants and the researcher's entity
      corrections are recomputed over every mention each time (cheap: no text work).
    """

    def __init__(self) -> None:
        self.articles: dict[int, _Article] = {}
        self.vocab: Counter[str] = Counter()
        # (surface, label) → the articles using it: an article id alone when one article uses it once
        self.surface_articles: dict[tuple[str, Label], Counter[int] | int] = {}
        self.keys: dict[tuple[str, Label], str] = {}
        self.consulted: dict[str, _Some[tuple[str, Label]]] = {}
        self.long_count: Counter[tuple[Label, str]] = Counter()
        self.library_index: dict[tuple[Label, str], _Some[str]] = {}
        self.long_articles: dict[str, _Some[int]] = {}
        self.long_titles: dict[str, Counter[str]] = defaultdict(Counter)
        self.article_keys: dict[int, tuple[str, ...]] = {}  # distinct keys, in text order
        self.lib_users: dict[tuple[Label, str], _Some[int]] = {}
        self.resolved: IdMap[tuple[str, str]] = IdMap()  # mention id → (entity key, reason)
        self._lib_max: dict[tuple[Label, str], AbstractSet[str]] = {}  # caches, dropped for what an update dirties
        self._groups: dict[tuple[Label, str], _Namesakes] = {}
        self.redone = 0  # articles resolved by the last update (for tests and benchmarks)

    # -- updating ----------------------------------------------------------------------------
    def update(self, changed: Mapping[int, Sequence[LinkInput] | None]) -> set[int]:
        """Replace these articles' mentions (None or empty: the article is gone); returns the articles re-resolved."""
        # 1. the vocabulary, from every surface added or taken away
        text_delta: Counter[str] = Counter()
        surf_delta: dict[tuple[str, Label], Counter[int]] = defaultdict(Counter)
        for a, new in changed.items():
            old = self.articles.get(a)
            for j, text in enumerate(old.texts if old else ()):
                text_delta[text] -= 1
                surf_delta[(text, old.label(j))][a] -= 1
            for m in new or ():
                text_delta[m.text] += 1
                surf_delta[(m.text, m.label)][a] += 1
        words: set[str] = set()
        for text, n in text_delta.items():
            if n:
                for w in _base_words(text):
                    self.vocab[w] += n
                    if self.vocab[w] <= 0:
                        del self.vocab[w]
                    words.add(w)
        fresh: set[tuple[str, Label]] = set()
        for s, per_article in surf_delta.items():
            was = self.surface_articles.get(s)
            if was is None:
                fresh.add(s)
            have = Counter({was: 1}) if isinstance(was, int) else was if was is not None else Counter()
            for a, n in per_article.items():
                if n:
                    have[a] += n
                    if have[a] <= 0:
                        del have[a]
            if not have:
                self.surface_articles.pop(s, None)
                self.keys.pop(s, None)
                fresh.discard(s)
            elif len(have) == 1 and next(iter(have.values())) == 1:
                self.surface_articles[s] = next(iter(have))
            else:
                self.surface_articles[s] = have
        # 2. keys: new surfaces, and those whose clitic decision reads a word that changed count
        work = set(changed)
        recheck = set(fresh)
        for w in words:
            recheck.update(_some(self.consulted.get(w)))
        for s in recheck:
            if s not in self.surface_articles:
                continue
            k = mention_key(s[0], self.vocab, s[1])
            old_k = self.keys.get(s)
            if old_k is None:
                for w in _consulted(s[0]):
                    _add(self.consulted, w, s)
            elif old_k != k:
                users = self.surface_articles[s]
                work.update((users,) if isinstance(users, int) else users)
            self.keys[s] = k
        # 3. re-index the articles that changed or were re-keyed (those keep their inputs)
        touched_long: set[str] = set()
        appeared: set[tuple[Label, str]] = set()
        kept: dict[int, list[LinkInput]] = {}
        for a in work:
            old = self.articles.pop(a, None)
            if old is not None:
                kept[a] = old.inputs(a)
                self._unindex(a, old, touched_long, appeared)
        for a in work:
            inputs = list(changed[a] or ()) if a in changed else kept[a]
            if inputs:
                self._index(a, inputs, touched_long, appeared)
        # 4. what the changes can reach: short forms of long forms that appeared, went, or gained context
        dirty: set[tuple[Label, str]] = set()
        for c in touched_long:
            for label in _EXPANDABLE:
                if (label, c) in self.long_count or (label, c) in appeared:
                    dirty.update((label, s) for s in _short_set(label, c))
        # a short form's library reading changes when its fullest long forms change, or (several
        # of them) when the context of one of them changes
        again: list[tuple[Label, str]] = []
        for d in dirty:
            old = self._lib_max.pop(d, None)
            if d not in self.lib_users:
                self._groups.pop(d, None)
                continue
            new = self._library(*d)
            if old != new or (len(new) > 1 and not new.isdisjoint(touched_long)):
                self._groups.pop(d, None)
                again.append(d)
        redo = {a for a in work if a in self.articles}
        for a in redo:
            self._resolve(a)
        for d in again:
            for a in set(_some(self.lib_users.get(d))) - redo:
                art = self.articles[a]
                for j, label, k in art.lib_pairs():
                    if (label, k) == d:
                        self.resolved[art.ids[j]] = self._library_link(a, label, art.texts[j], k)
        again_articles = {a for d in again for a in _some(self.lib_users.get(d))}
        self.redone = len(redo | again_articles)
        return redo | again_articles

    def _unindex(self, a: int, art: _Article, touched_long: set[str], appeared: set[tuple[Label, str]]) -> None:
        for mid in art.ids:
            self.resolved.pop(mid, None)
        self._forget_deps(a, art)
        self.article_keys.pop(a, None)
        for _, _, text, label, k in art.keyed():
            if " " not in k:
                continue
            touched_long.add(k)
            _discard(self.long_articles, k, a)
            titles = self.long_titles.get(k)
            if titles is not None:
                for t in title_words(text):
                    titles[t] -= 1
                    if titles[t] <= 0:
                        del titles[t]
                if not titles:
                    del self.long_titles[k]
            if label in _EXPANDABLE:
                lk = (label, k)
                self.long_count[lk] -= 1
                if self.long_count[lk] <= 0:
                    del self.long_count[lk]
                    appeared.add(lk)
                    for s in _short_set(label, k):
                        _discard(self.library_index, (label, s), k)

    def _index(self, a: int, inputs: list[LinkInput], touched_long: set[str], appeared: set[tuple[Label, str]]) -> None:
        items = [(m, k, j) for j, m in enumerate(inputs) if (k := self.keys[(m.text, m.label)])]
        items.sort(key=lambda mkj: (mkj[0].start, mkj[0].id))
        self.articles[a] = _Article.of(inputs, [(j, k) for _, k, j in items])
        if not items:
            return
        self.article_keys[a] = tuple(dict.fromkeys(k for _, k, _ in items))
        for m, k, _ in items:
            if " " not in k:
                continue
            touched_long.add(k)
            _add(self.long_articles, k, a)
            tw = title_words(m.text)
            if tw:
                self.long_titles[k].update(tw)
            if m.label in _EXPANDABLE:
                lk = (m.label, k)
                self.long_count[lk] += 1
                if self.long_count[lk] == 1:
                    appeared.add(lk)
                    for s in _short_set(m.label, k):
                        _add(self.library_index, (m.label, s), k)

    # -- resolving one article -----------------------------------------------------------------
    def _library(self, label: Label, k: str) -> AbstractSet[str]:
        """The fullest long forms of the library that contain ``k``."""
        out = self._lib_max.get((label, k))
        if out is None:
            found = self.library_index.get((label, k))
            out = _maximal(label, found if isinstance(found, set) else _NONE if found is None else frozenset((found,)))
            self._lib_max[(label, k)] = out = frozenset(out) if out else _NONE
        return out

    def _namesakes(self, label: Label, k: str, candidates: AbstractSet[str]) -> _Namesakes:
        ns = self._groups.get((label, k))
        if ns is None:
            # candidate indexes in increasing order, each once: lists while building, tuples kept
            by_key: dict[str, list[int]] = defaultdict(list)
            by_outlet: dict[str, list[int]] = defaultdict(list)
            by_day: dict[int, list[int]] = defaultdict(list)
            by_title: dict[str, list[int]] = defaultdict(list)

            def add(index: dict[Any, list[int]], what: Any, i: int) -> None:
                have = index[what]
                if not have or have[-1] != i:
                    have.append(i)

            candidates_sorted = sorted(candidates)
            for i, c in enumerate(candidates_sorted):
                for a in _some(self.long_articles.get(c)):
                    for key in self.article_keys[a]:
                        add(by_key, key, i)
                    o, d = self.articles[a].meta
                    if o:
                        add(by_outlet, o, i)
                    if (day := _day(d)) is not None:
                        add(by_day, day, i)
                for t in self.long_titles.get(c, ()):
                    add(by_title, t, i)
            ns = _Namesakes(candidates_sorted, *({w: tuple(v) for w, v in index.items()}
                                                 for index in (by_key, by_outlet, by_day, by_title)))
            self._groups[(label, k)] = ns
        return ns

    def _context_choice(self, a: int, label: Label, text: str, k: str,
                        candidates: AbstractSet[str]) -> tuple[str, str] | None:
        """The candidate whose articles share most context with this mention's, by a clear margin.

        Scores: a key named in both (1 each), a shared title (1), the same outlet (0.5), dates
        within a week (0.5); the best must reach _MIN_CONTEXT and _MARGIN times the runner-up.
        """
        ns = self._namesakes(label, k, candidates)
        own = {key for key in self.article_keys[a] if key != k and key not in candidates}
        outlet, date = self.articles[a].meta
        scores = [0.0] * len(ns.candidates)
        for key in own:
            for i in ns.by_key.get(key, ()):
                scores[i] += 1
        titled: set[int] = set()
        for t in title_words(text):
            titled.update(ns.by_title.get(t, ()))
        for i in titled:
            scores[i] += 1.0
        if outlet:
            for i in ns.by_outlet.get(outlet, ()):
                scores[i] += 0.5
        day = _day(date)
        if day is not None:
            near: set[int] = set()
            for d in range(day - 7, day + 8):
                near.update(ns.by_day.get(d, ()))
            for i in near:
                scores[i] += 0.5
        # Candidates are in lexical order (_namesakes), so a tie goes to the first; but a tie never
        # wins, since the best must also beat the runner-up by _MARGIN.
        best = max(range(len(scores)), key=scores.__getitem__)
        runner = max((s for i, s in enumerate(scores) if i != best), default=0.0)
        if scores[best] >= _MIN_CONTEXT and scores[best] >= _MARGIN * runner:
            shared = {key for key in own if best in ns.by_key.get(key, ())}
            names = "، ".join(sorted(shared)[:3])
            why = f"context: shares {names} with the articles naming the longer name" if names else \
                "context: same title, outlet or dates as the articles naming the longer name"
            return ns.candidates[best], why
        return None

    def drop_caches(self) -> None:
        """Forget the namesake indexes (rebuilt when asked for): large, and only a relink reads them."""
        self._groups = {}

    def _forget_deps(self, a: int, art: _Article) -> None:
        for _, label, k in art.lib_pairs():
            _discard(self.lib_users, (label, k), a)
        art.lib_items = ()

    def _library_link(self, a: int, label: Label, text: str, k: str) -> tuple[str, str]:
        """A short form with no longer form in its article: the library's only one, or context decides."""
        library = self._library(label, k)
        if len(library) == 1:
            return next(iter(library)), "short form: the only longer name in the library that contains it"
        if len(library) > 1:
            choice = self._context_choice(a, label, text, k, library)
            return choice or (k, "ambiguous: several longer names in the library contain it")
        return k, ""

    def _resolve(self, a: int) -> None:
        art = self.articles[a]
        self._forget_deps(a, art)
        lib_items: list[int] = []
        resolved = self.resolved
        seen_long: dict[Label, list[str]] = defaultdict(list)  # long forms introduced so far, in order
        all_long: dict[Label, set[str]] = defaultdict(set)
        keyed = list(art.keyed())
        for _, _, _, label, k in keyed:
            if label in _EXPANDABLE and " " in k:
                all_long[label].add(k)
        people_of: dict[str, set[str]] = {}
        for i, (_, mid, text, label, k) in enumerate(keyed):
            if label not in _EXPANDABLE:
                # A one-word place/other that is the surname of a person named in the article is
                # that person mis-typed by the model (a surname tagged as a place): the vote fixes the type.
                people = people_of.get(k)
                if people is None:
                    people = people_of[k] = _maximal(Label.PERS, {
                        lk for lk in all_long[Label.PERS] if " " not in k
                        and _contains(Label.PERS, lk.split(), [k]) and lk.split()[-1] == k})
                if len(people) == 1:
                    resolved[mid] = (next(iter(people)), "short form of a person named in the same article (type differs)")
                elif label is Label.LOC and (country := _country_name(k)) and country != k:
                    resolved[mid] = (country, "another name of the same country")
                else:
                    resolved[mid] = (k, "")
                continue
            words = k.split()
            local = _maximal(label, {lk for lk in all_long[label] if _contains(label, lk.split(), words)})
            if not local and label is Label.ORG and len(words) == 1:
                people = _maximal(Label.PERS, {lk for lk in all_long[Label.PERS] if lk.split()[-1] == k})
                if len(people) == 1:
                    resolved[mid] = (next(iter(people)), "short form of a person named in the same article (type differs)")
                    continue
            if len(local) == 1:
                resolved[mid] = (next(iter(local)), "short form of a longer name in the same article")
            elif local:
                earlier = [lk for lk in reversed(seen_long[label]) if lk in local]
                if earlier:
                    resolved[mid] = (earlier[0], "short form of the nearest longer name introduced earlier in the article")
                else:
                    resolved[mid] = (k, "ambiguous: several longer names in the article contain it")
            else:
                lib_items.append(i)
                resolved[mid] = self._library_link(a, label, text, k)
            if label in _EXPANDABLE and " " in k:
                seen_long[label].append(k)
        art.lib_items = tuple(lib_items)
        for _, label, k in art.lib_pairs():
            _add(self.lib_users, (label, k), a)

    # -- every mention's link --------------------------------------------------------------------
    def results(self) -> dict[int, LinkResult]:
        """Every keyed mention's link, by mention id in increasing order (mentions without a key have none)."""
        return {r.mention_id: r for r in sorted(self.links(), key=lambda r: r.mention_id)}

    def links(self) -> Iterator[LinkResult]:
        """Every keyed mention's link, article by article (nothing per mention is held meanwhile)."""
        finals: dict[tuple[Label, str], str] = {}

        def final(label: Label, key: str) -> str:
            """Chains (a short form resolved to a middle form that itself expands) settle on the longest."""
            start = key
            seen = {key}
            while True:
                up = self._library(label, key)
                if len(up) != 1 or (nxt := next(iter(up))) in seen or " " not in key:
                    finals[(label, start)] = key
                    return key
                seen.add(nxt)
                key = nxt

        slots, pairs = self.resolved.raw()  # every keyed mention is resolved

        def linked() -> Iterator[tuple[int, Label, int, str, str, str]]:
            """(mention id, label, marked by the researcher, key, entity key, reason)."""
            for art in self.articles.values():
                ids, codes = art.ids, art.codes
                for j, k in zip(art.order, art.keys):
                    mid, code = ids[j], codes[j]
                    label = _LABELS[code >> 1]
                    ek, reason = pairs[slots[mid] - 1]
                    if label in _EXPANDABLE and " " in ek:
                        ek2 = finals.get((label, ek)) or final(label, ek)
                        if ek2 != ek:
                            ek, reason = ek2, reason or "a shorter variant of the only longer name in the library"
                    yield mid, label, code & 1, k, ek, reason

        # An entity's label is its mentions' majority; a tie goes to the label of its first mention
        # by id (not to the first met: articles come in no set order), whatever the hash seed.
        votes: dict[str, dict[Label, list[int]]] = defaultdict(dict)  # label → [votes, first mention id]
        for mid, label, user, _, ek, _ in linked():
            vote = votes[ek].get(label)
            if vote is None:
                votes[ek][label] = [_USER_VOTE if user else 1, mid]
            else:
                vote[0] += _USER_VOTE if user else 1
                vote[1] = min(vote[1], mid)
        label_of = {ek: _winner(c) for ek, c in votes.items()}
        variant_of = _spelling_variants(votes, label_of)
        for ek, into in variant_of.items():  # the merged entity's type: all its mentions vote
            for label, (n, first) in votes[ek].items():
                vote = votes[into].setdefault(label, [0, first])
                vote[0] += n
                vote[1] = min(vote[1], first)
        label_of.update((into, _winner(votes[into])) for into in set(variant_of.values()))
        del votes
        for mid, _, _, k, ek, reason in linked():
            into = variant_of.get(ek)
            if into is not None:
                ek, reason = into, "another spelling of the name"
            elif not reason and k == ek:
                reason = "same name"
            yield LinkResult(mid, k, ek, label_of[ek], reason)

    def spans(self) -> dict[int, tuple[int, int, int]]:
        """Mention id → (article id, start, end) of every mention (for the corrections' replay)."""
        return {mid: (a, art.spans[2 * j], art.spans[2 * j + 1])
                for a, art in self.articles.items() for j, mid in enumerate(art.ids)}


def _winner(votes: Mapping[Label, list[int]]) -> Label:
    """The label with most votes; a tie goes to the label of the first mention by id."""
    return max(votes.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0]


def _spelling_variants(votes: Mapping[str, Mapping[Label, list[int]]], label_of: Mapping[str, Label]) -> dict[str, str]:
    """Entity keys that are spelling variants of another entity's key of the same type, mapped to it.

    In a group of keys with one :func:`spelling_skeleton` and one type, each key that is a close
    :func:`spelling_variants` of the group's most mentioned key (a tie: the key met first by
    mention id) joins its entity. Keys whose mentions are mostly of another type do not join: a
    type is part of the evidence.
    """
    groups: dict[tuple[Label, str], list[str]] = defaultdict(list)
    for ek, label in label_of.items():
        skeleton = spelling_skeleton(ek)
        if "~" in skeleton:
            groups[(label, skeleton)].append(ek)
    out: dict[str, str] = {}
    for keys in groups.values():
        if len(keys) < 2:
            continue
        size = {ek: (sum(n for n, _ in votes[ek].values()), -min(f for _, f in votes[ek].values())) for ek in keys}
        into = max(keys, key=size.__getitem__)
        out.update((ek, into) for ek in keys if ek != into and spelling_variants(ek, into))
    return out


def link(mentions: Iterable[LinkInput]) -> list[LinkResult]:
    """Resolve every mention to an entity key (pure: no database, no I/O)."""
    mentions = list(mentions)
    by_article: dict[int, list[LinkInput]] = defaultdict(list)
    for m in mentions:
        by_article[m.article_id].append(m)
    linker = Linker()
    linker.update(by_article)
    res = linker.results()
    return [res[m.id] for m in mentions if m.id in res]


def _country_name(key: str) -> str | None:
    """The common name's key of a country named by ``key`` (its official or another name)."""
    from reader.core.places import places

    table = places()
    code = table.country_of.get(key)
    return table.by_code(code).countries[0] if code else None


_NONE: frozenset[str] = frozenset()


def _maximal(label: Label, keys: AbstractSet[str]) -> set[str]:
    """Drop keys contained in another key of the set (keep the fullest forms)."""
    if len(keys) < 2:
        return set(keys)
    contained: set[str] = set()
    for o in keys:
        contained.update(_short_set(label, o))
    return keys - contained


# Relinking keeps the library's Linker in memory (per library file, per process) and hands it only
# the articles whose mentions changed since it last wrote: a per-article signature (mention ids,
# offsets, types, origins; the article's hash, outlet and date) tells which. A token in ``meta``,
# renewed by every relink, tells whether another process (or a rolled-back transaction) relinked
# since: then the state is rebuilt from every mention, as on the first relink in a process.
_TOKEN = "link_state"
_SIGNATURES = (
    'SELECT article_id, count(*), total(id), total(start * 1048576 + "end"),'
    " total(id * unicode(coalesce(nullif(found_label, ''), label))), total(id * (origin = 'user')),"
    " total(entity_id IS NULL) FROM mentions GROUP BY article_id")
_ARTICLE_SIGNATURES = "SELECT id, content_hash, outlet, date FROM articles"
_ROWS = (
    "SELECT m.id, m.article_id, m.text, coalesce(nullif(m.found_label, ''), m.label), m.start, m.\"end\", a.outlet,"
    " a.date, m.origin, m.key, m.label, e.key, m.link_reason"
    " FROM mentions m JOIN articles a ON a.id = m.article_id LEFT JOIN entities e ON e.id = m.entity_id")
# The entities table as the last relink left it (someone may have emptied it since).
_ENTITY_SIGNATURE = "SELECT count(*), total(id), total(n_mentions) FROM entities"

# (mention key, label, entity key or None, link reason): what a mention row holds after linking
_Row = tuple[str, str, "str | None", str]


@dataclass
class _LinkState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    linker: Linker | None = None
    token: str = ""
    signatures: dict[int, bytes] = field(default_factory=dict)  # article id → digest of its signature
    written: IdMap[_Row] = field(default_factory=IdMap)  # mention id → its row as last written
    # One object per distinct value read from or written to the library (strings, numbers, rows):
    # a library repeats its outlets, dates, labels, keys, reasons and surfaces thousands of times.
    pool: dict[Any, Any] = field(default_factory=dict)
    # (label, key) → (entity id, digest of its row: name, aliases, n_articles, n_mentions)
    entities: dict[tuple[str, str], tuple[int, bytes]] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    entity_signature: tuple[object, ...] = ()
    changed_since_build: int = 0  # articles updated in place since the state was built
    packed: bool = False  # moved into fresh memory since it was built (compact_link_states)


_states: dict[str, _LinkState] = {}
_states_lock = threading.Lock()


def _state(lib: Library) -> _LinkState:
    path = str(Path(lib.path).resolve())
    with _states_lock:
        return _states.setdefault(path, _LinkState())


def forget_link_state(lib: Library | None = None) -> None:
    """Drop the in-memory linking state (of one library, or all): the next relink rebuilds it."""
    with _states_lock:
        if lib is None:
            _states.clear()
        else:
            _states.pop(str(Path(lib.path).resolve()), None)
        if not _states:
            _clear_caches()
    gc.collect()
    _trim()


def _clear_caches() -> None:
    """Forget the word and key caches linking filled (refilled on demand).

    They hold about a million small objects after a relink at 30k articles; scattered among the
    state's, they keep the heap's pages in use after the state is gone (the process stayed at
    ~400 MB after dropping it, ~90 MB once these are cleared too).
    """
    from reader.core.arabic import clear_caches

    for cached in (_joined, _consulted, _short_set, display_name, spelling_skeleton):
        cached.cache_clear()
    clear_caches()


# The state is rebuilt when one relink changes more than _REBUILD_SHARE of the library's
# articles (the propagation pass after a whole import): updating in place is a little quicker
# (15 against 21 s at 30k) but holds the old and the new mentions at once (the import's peak
# RSS passed 1 GB at 30k). It is also rebuilt when the articles changed since it was built,
# summed over relinks, pass the library's size: the pool keeps every value it ever read, and a
# rebuild gives back the removed mentions' strings.
_REBUILD_SHARE = 0.2


def relink_library(lib: Library, progress: Callable[[str], None] | None = None, *, full: bool = False) -> int:
    """Bring every mention's entity and the entities table up to date; returns the number of entities.

    The researcher's corrections are replayed: marks and removals before linking, merges,
    splits, type changes and renames after it (reader.core.corrections). Only the articles whose
    mentions changed since the last relink in this process are resolved again, with what they
    can affect elsewhere (see :class:`Linker`); the first relink in a process, or after another
    process relinked, or with ``full``, resolves every mention. Either way the result is the
    same, and only rows that change are written. Entity ids stay stable for unchanged
    (label, key) pairs, so a user's view survives.
    """
    from reader.core import corrections as corr

    conn = lib.conn
    in_force = corr.active(lib)
    corr.replay_mentions(lib, in_force)
    state = _state(lib)
    # The state is millions of small objects that live on: the cyclic collector would walk them
    # all again and again while linking allocates (seconds at 400k mentions), and once more later.
    with _collector_paused(), state.lock:
        try:
            return _relink(lib, state, in_force, progress, full)
        except BaseException:
            state.linker = None  # half-updated: rebuilt next time
            raise
        finally:
            if state.linker is not None:
                state.linker.drop_caches()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic collector off while a state is made or moved, the freed heap handed back after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        _trim()


def compact_link_states() -> None:
    """Move the kept linking states built since they were last moved into fresh memory.

    For a process that keeps its states while the user works (the window). Building a state
    interleaves its objects with the rows, inputs and results it is made from; once those are
    freed their holes stay, since CPython gives a 1 MiB arena back only when all of it is free:
    at 30k articles, 480 MB of RSS for 230 MB of objects. Serialising a state, freeing it and
    reading it back packs it densely (about 330 MB), for about 3 s after each build, and a peak
    about 100 MB above the state while its copy is made (so a process that drops the state
    soon, such as ``reader import``, does not do it).
    """
    with _states_lock:
        states = list(_states.values())
    for state in states:
        with state.lock:
            if state.linker is None or state.packed:
                continue
            with _collector_paused():
                try:
                    _compact(state)
                    state.packed = True
                except Exception:  # out of memory for the copy...: packing only saves memory
                    pass  # the state is as it was, or gone (linker None) if reading it back failed


def _compact(state: _LinkState) -> None:
    """Serialise the state, free it, read it back (see :func:`compact_link_states`)."""
    parts = (state.linker, state.written, state.pool, state.entities, state.signatures)
    blob = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
    del parts
    state.linker = None  # until it is read back: rebuilt next time if this fails
    state.written, state.pool, state.entities, state.signatures = IdMap(), {}, {}, {}
    _clear_caches()
    gc.collect()
    _trim()
    state.linker, state.written, state.pool, state.entities, state.signatures = pickle.loads(blob)


def _trim() -> None:
    """Hand the C heap's free pages back to the system (glibc; ~80 MB after a relink at 30k articles)."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _relink(lib: Library, state: _LinkState, in_force: Sequence[Any], progress: Callable[[str], None] | None,
            full: bool) -> int:
    from reader.core import corrections as corr

    conn = lib.conn
    pooled = state.pool.setdefault
    signatures: dict[int, tuple[object, ...]] = {r[0]: (*r[1:], 0, 0.0) for r in conn.execute(_ARTICLE_SIGNATURES)}
    for r in conn.execute(_SIGNATURES):
        if r[0] in signatures:
            signatures[r[0]] = signatures[r[0]][:3] + tuple(r[1:])
    rebuild = full or state.linker is None or not state.token or lib.get_meta(_TOKEN) != state.token \
        or tuple(conn.execute(_ENTITY_SIGNATURE).fetchone()) != state.entity_signature
    digests: dict[int, bytes] | None = None  # of ``signatures``, once read (a rebuild compares none)
    if not rebuild:
        digests = {a: _digest(sig) for a, sig in signatures.items()}
        changed = {a for a in digests.keys() | state.signatures.keys() if digests.get(a) != state.signatures.get(a)}
        state.changed_since_build += len(changed)
        rebuild = len(changed) > _REBUILD_SHARE * len(signatures) or state.changed_since_build > len(signatures)
    if rebuild:
        state.changed_since_build, state.packed = 0, False
        state.linker, state.written, state.renamed = Linker(), IdMap(), {}
        state.signatures = {}
        state.pool.clear()
        state.entities = {(pooled(r[1], r[1]), pooled(r[2], r[2])): (r[0], _digest(r[3:])) for r in conn.execute(
            "SELECT id, label, key, name, aliases, n_articles, n_mentions FROM entities")}
        changed = set(signatures)
        rows: Iterable[Any] = conn.execute(_ROWS)  # streamed: only the pooled values stay
    else:
        ids = sorted(changed)
        rows = (r for i in range(0, len(ids), 500)  # streamed too, a chunk of articles at a time
                for r in conn.execute(_ROWS + f" WHERE m.article_id IN ({','.join('?' * len(ids[i:i + 500]))})",
                                      ids[i:i + 500]))
    linker = state.linker
    assert linker is not None
    # mentions of the changed articles: the old ones go, the rows now in the library come in
    old_ids = [mid for a in changed if (art := linker.articles.get(a)) for mid in art.ids]
    touched: set[tuple[str, str]] = set()
    for mid in old_ids:
        w = state.written.pop(mid, None)
        if w is not None and w[2] is not None:
            touched.add((w[1], w[2]))
    inputs: dict[int, list[LinkInput]] = {a: [] for a in changed}
    for r in rows:
        mid, a = r[0], pooled(r[1], r[1])
        m = LinkInput(mid, a, pooled(r[2], r[2]), Label(r[3]), pooled(r[4], r[4]), pooled(r[6] or "", r[6] or ""),
                      pooled(r[7] or "", r[7] or ""), r[8] == "user", pooled(r[5], r[5]))
        inputs[a].append(m)
        row = (pooled(r[9], r[9]), pooled(r[10], r[10]), pooled(r[11], r[11]), pooled(r[12], r[12]))
        state.written[mid] = row
        if r[11] is not None:
            touched.add((row[1], row[2]))
    del rows
    linker.update(inputs)
    del inputs
    # The keys are made: the word caches' memory goes to the results and rows made next (else the
    # heap holds both at the peak, and keeps that size while the state is kept).
    _clear_caches()

    # links, then the researcher's merges, splits, type changes and renames
    linked: Iterable[Any] = linker.links()
    renamed: dict[str, str] = {}
    if any(c.kind not in corr.MENTION_KINDS for c in in_force):
        linked, renamed = corr.apply_entity_corrections(lib, list(linker.results().values()), in_force, linker.spans())
    new: dict[int, _Row] = {}  # mention id → its row now
    for res in linked:
        row = (pooled(res.key, res.key), res.label.value, pooled(res.entity_key, res.entity_key), pooled(res.reason, res.reason))
        new[res.mention_id] = pooled(row, row)
    del linked
    updates: list[tuple[int, _Row]] = []
    slots, rows_written = state.written.raw()  # every mention read is there
    for mid, now in new.items():  # mentions with no key (no word in them) are left as they are
        old = rows_written[slots[mid] - 1]
        if now != old:
            updates.append((mid, now))
            if old[2] is not None:
                touched.add((old[1], old[2]))
            if now[2] is not None:
                touched.add((now[1], now[2]))
    if rebuild:
        touched |= set(state.entities)
        touched |= {(r[1], r[2]) for r in new.values()}
    for key in set(renamed.items()) ^ set(state.renamed.items()):
        touched |= {g for g in state.entities if g[1] == key[0]} | {(r[1], r[2]) for r in new.values() if r[2] == key[0]}
    state.renamed = renamed

    # the entities whose members, forms or names may have changed
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for mid in sorted(new):
        r = new[mid]
        if (r[1], r[2]) in touched:
            members[(r[1], r[2])].append(mid)
    # the mentions these rows need (text, article): the linker's inputs hold them
    need = {mid for mids in members.values() for mid in mids} | {mid for mid, _ in updates}
    mentions = {mid: (art.texts[j], a) for a, art in linker.articles.items()  # (text, article id)
                for j, mid in enumerate(art.ids) if mid in need}
    del need
    entity_updates, entity_inserts, stale = [], [], []
    for g in touched:
        mids = members.get(g)
        have = state.entities.get(g)
        if not mids:
            if have is not None:
                stale.append(have[0])
                del state.entities[g]
            continue
        counts: Counter[str] = Counter()
        full_counts: Counter[str] = Counter()
        base = g[1].split(" #")[0]
        for mid in mids:
            text = mentions[mid][0]
            counts[text] += 1
            if new[mid][0] == base:
                full_counts[text] += 1
        label = Label(g[0])
        forms: Counter[str] = Counter()
        for surface, c in (full_counts or counts).items():
            forms[display_name(surface, label)] += c
        every: Counter[str] = Counter()
        for surface, c in counts.items():
            every[display_name(surface, label)] += c
        name = renamed.get(g[1]) or _without_glue(_canonical(forms), every, label)
        aliases = json.dumps([s for s, _ in counts.most_common(50)], ensure_ascii=False)
        n_articles = len({mentions[mid][1] for mid in mids})
        row = (name, aliases, n_articles, len(mids))
        if have is None:
            entity_inserts.append((g, row))
        elif have[1] != (digest := _digest(row)):
            entity_updates.append((*row, have[0]))
            state.entities[g] = (have[0], digest)
    conn.executemany("UPDATE entities SET name = ?, aliases = ?, n_articles = ?, n_mentions = ? WHERE id = ?",
                     entity_updates)
    # New entities get their ids in (label, key) order, not in the order of the ``touched`` set
    # (string hashes: it changes with PYTHONHASHSEED): the same library gets the same entity ids.
    entity_inserts.sort(key=lambda gr: gr[0])
    conn.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in stale])  # their ids may come back now
    for g, row in entity_inserts:
        eid = _entity_id(conn, g)
        conn.execute("INSERT INTO entities (id, label, key, name, aliases, n_articles, n_mentions) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (eid, *g, *row))
        state.entities[g] = (eid, _digest(row))
    _write_mentions(conn, [(r[0], None if r[2] is None else state.entities[(r[1], r[2])][0], r[1], r[3], mid)
                           for mid, r in updates])
    for mid, r in updates:
        state.written[mid] = r
    # what the signatures are now: the written rows' entities count
    recounted = []
    for a in changed | {mentions[mid][1] for mid, _ in updates}:
        if a in signatures and (art := linker.articles.get(a)):
            unlinked = sum(1 for mid in art.ids if state.written[mid][2] is None)
            signatures[a] = (*signatures[a][:-1], float(unlinked))
            recounted.append(a)
    del mentions
    if digests is None:
        digests = {a: _digest(sig) for a, sig in signatures.items()}
    else:
        digests.update((a, _digest(signatures[a])) for a in recounted)
    state.signatures = digests
    state.entity_signature = tuple(conn.execute(_ENTITY_SIGNATURE).fetchone())
    state.token = uuid.uuid4().hex
    lib.set_meta(_TOKEN, state.token)
    n = len(state.entities)
    if progress:
        progress(f"linked {len(new)} mentions into {n} entities ({linker.redone} articles resolved, {len(updates)} mentions changed)")
    return n


def _entity_id(conn: Any, group: tuple[str, str]) -> int:
    """The id the entity (label, key) had before, if it had one and it is free; else a new one,
    never given to any entity before (``entity_ids``, migration m004)."""
    row = conn.execute("SELECT id FROM entity_ids WHERE label = ? AND key = ?", group).fetchone()
    if row is not None and conn.execute("SELECT 1 FROM entities WHERE id = ?", (row[0],)).fetchone() is None:
        return int(row[0])
    eid = int(conn.execute("SELECT max(coalesce((SELECT max(id) FROM entities), 0),"
                           " coalesce((SELECT max(id) FROM entity_ids), 0)) + 1").fetchone()[0])
    conn.execute("INSERT OR REPLACE INTO entity_ids (label, key, id) VALUES (?, ?, ?)", (*group, eid))
    return eid


def _digest(row: Sequence[object]) -> bytes:
    """What an entity row holds, in 16 bytes (its aliases alone run to kilobytes)."""
    return hashlib.blake2b(repr(tuple(row)).encode(), digest_size=16).digest()


def _write_mentions(conn: Any, rows: list[tuple[Any, ...]]) -> None:
    """Write changed mention rows (key, entity id, label, reason, id)."""
    conn.executemany("UPDATE mentions SET key = ?, entity_id = ?, label = ?, link_reason = ? WHERE id = ?", rows)


def _without_glue(name: str, forms: Counter[str], label: Label) -> str:
    """The entity's name without words a span error glued to its end, judged by how the library
    writes it: a shorter form the name starts with that the articles use at least as often
    («مركز الملك سلمان للإغاثة والأعمال الإنسانية» over «… والتقى», «لوفتس رود» over «… بلندن»,
    «محمد القرني» over «محمد القرني وسلمان الفرج»); a longer name most articles use stays
    («سلمان بن عبدالعزيز آل سعود», not «سلمان بن عبدالعزيز»). A person keeps two words at least."""
    words = name.split()
    full = forms.get(name, 0)
    shortest = 2 if label is Label.PERS else 1
    prefixes = [" ".join(words[:n]) for n in range(shortest, len(words))]
    used = [(forms[p], len(p), p) for p in prefixes if forms.get(p, 0) >= max(full, 1)]
    return max(used)[2] if used else name  # the most used; of equally used, the longest


def _canonical(counts: Counter[str]) -> str:
    """The most frequent form, folding forms with a leading clitic (وقطر) into the bare one.

    Ties go to the longer form, then to the form met first: ``counts`` is filled in mention-id
    order (never in a set's order), so the name does not depend on the hash seed.
    """
    folded: Counter[str] = Counter()
    for s, c in counts.items():
        bare = s
        if len(s) > 3 and s[0] in _LEADING_CLITICS and s[1:] in counts:
            bare = s[1:]
        elif s.startswith("لل") and "ال" + s[2:] in counts:
            bare = "ال" + s[2:]
        folded[bare] += c
    return max(folded.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
