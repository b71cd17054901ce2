"""The incremental linker: every article's mentions resolved to entity keys, kept up to date
article by article (:class:`Linker`), and :func:`link` for a one-off list."""
from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, Union

from reader.core.arabic import normalise
from reader.core.idmap import IdMap
from reader.core.linking.keys import (ARTICLE_MARK, OUTLET_MARK, agency_key, base_words, consulted_words, had_article, is_agency, is_honorific,
                                      mention_key, nisbas, outlet_base, scoped_given_name, title_words, unmarked)
from reader.core.linking.naming import listed_place
from reader.core.linking.reasons import CONTEXT_SEPARATOR, Reason, stored
from reader.core.linking.resolvers import BODY_READINGS, EXPANDABLE, RESOLVERS, InArticle, headed
from reader.core.linking.short_names import NO_KEYS, contains, fullest, short_set
from reader.core.linking.variants import close_names, group_merges, near_entries, near_names, spelling_group
from reader.core.model import Label
from reader.core.spelling import first_names, given_names, spelling_neighbours
from reader.core.words import BODY_HEADS, GENERIC_HEADS, KIND_HEADS, MEDIA_NOUNS, NEWS_WORDS, SONS

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
    # written in brackets right after it ends: a body's other name where it follows the full one
    # («اتحاد الرماة الكرمستانيين (إركا)»), or the full one after a short form
    bracketed: bool = False
    # named as a news outlet by the text around it: in quotes (told «X»), or after صحيفة/جريدة
    cued: bool = False


# A type vote: the researcher's mark outweighs any number of the model's; a name's own mentions
# (its full form) decide an entity's type, the short forms linked to it only break their ties
# («قوات الزاهري» tags الزاهري a body in many articles, «سامر الزاهري» is a person).
_USER_VOTE = 1_000_000
_NAME_VOTE = 100

@dataclass(frozen=True, slots=True)
class LinkResult:
    mention_id: int
    key: str  # the mention's own key
    entity_key: str  # the resolved key (the entity's)
    label: Label  # the entity's label
    reason: str


# The model's "other" is a looser guess than its "place": a word it calls other is read as a body
# only where the library types it a body in this many articles and twice as many as other.
_MISC_BODY_MIN = 3
_TYPED = (Label.ORG, *BODY_READINGS)
# Context needed to link a short form to a longer name of another article, or to pick one of
# several: shared co-occurring entities (1 each), a shared title (1), the same outlet (0.5),
# dates within a week (0.5); of several, the best by a clear margin.
_MIN_CONTEXT = 1.0
_MARGIN = 2.0
# ... or, for a short form the library uses alone in at least _ALONE_MIN articles (a name of
# its own: الزاهريين), the context's best when it is named in full in at least _POPULAR times
# as many articles as any other candidate and those in _RARE at most: جماعة الزاهري (in 23)
# over العدوان الزاهري, التمرد الزاهري (1 or 2 each), longer forms glued or descriptive, which share
# its context and so took the margin away.
_POPULAR = 5
_RARE = 2
# ... or, for a body named with its kind (``_with_its_kind``), named in full in at least
# _BODY_DOMINANCE times as many articles as all the others together, however many those are in a
# large library: جماعة الزاهري (in 1,400 articles) over منظمة الزاهري (11), حركة الزاهري (2) and a
# handful more, which left «الزاهري» alone ambiguous among them.
_BODY_DOMINANCE = 10
# A given name alone (سامر, ليلى) linked to a longer name it does not end (سامر بن واثق
# الزاهري, not كمال سامر) needs more than _MIN_CONTEXT: many people bear it, and the cities or the
# faith both texts name (كرمستان, الإسلام) are no evidence that they speak of the same one. Shared
# keys and titles, outlet and date aside, at least this many, and one of them a name of several
# words (a person's full name, a body's: حزب الأفق, ماركو فيلتانو).
_MIN_GIVEN_CONTEXT = 2.0
# A body's short form that the library uses alone (no longer form in its article) in at least
# _ALONE_MIN articles, and more than _ALONE_RATIO times as many as name a longer form in full,
# is a name of its own there: it is not pulled into that longer form, whether the form only
# qualifies it by a nationality (وزارة الدفاع, مجلس الشورى, هيئة الأركان are not one country's)
# or is another body or a span's glued words (الأهلي, a club in hundreds of articles, and البنك
# الأهلي التجاري; سابك and «سابك القائمة بنسبة», a stock report's template). A story's few
# articles (a short form alone in four, in full in one) link; so does a club or a movement
# named with its kind (النصر, نادي النصر; الحوثيين, جماعة الحوثيين), and a full name that
# articles give the short form for in brackets.
# The same ratio tells a rare extension of a longer form (a glued word) from a name.
_ALONE_RATIO = 3
# A body named with a town and a descriptor (الأدبي, المركزي) makes the town alone no short form of
# a body where the library names it in this many articles (Linker._described).
_DESCRIBED_MIN = 2
# A short form is read as another's spelling from this many letters (a 31k-article library:
# shorter words found other names as often as their own, كيرني/كارني, جاهان/جاهين)
_NEIGHBOUR_LETTERS = 6
_ALONE_MIN = 10
# An honorific title (``words.HONORIFICS``: خادم الحرمين الشريفين) alone, in an article naming
# nobody with it, stands for the person the library's articles of the time name with it: one
# person in at least _HOLDER_SHARE of the articles that link the title to someone within
# _HOLDER_DAYS of this one's date, and at least _HOLDER_MIN of them (an undated article reads
# them all). A reign that changed within the window, or too few articles, leaves it its own.
_HOLDER_DAYS = 180
_HOLDER_MIN = 3
_HOLDER_SHARE = 0.9


_LABELS: tuple[Label, ...] = tuple(Label)
_LABEL_CODE = {label: i for i, label in enumerate(_LABELS)}
# The most characters between a full name's end and its other name in brackets: " (" (or "(").
_GLOSS_GAP = 2
# An other name stands for its full name across the library, context aside, where at least
# _GLOSS_MIN articles give it that full name and at least _GLOSS_SHARE of those giving it any
# (one article's brackets may be a slip; «ساب» of a bank is a carmaker's name too).
_GLOSS_MIN = 2
_GLOSS_SHARE = 0.75
# A person's (or place's) name one letter from another's in one foreign word, or written with
# other vowels and like consonants (variants.near_names), is the other's where their articles
# tell one story: at least this many keys in common (no listed
# place: the country and the capital are everybody's), dates within _NEAR_DAYS, never in one
# article (two names side by side are two people), and the rarer spelling in at most
# _NEAR_RARE articles or a third as many as the other (جون كيربي, 12 articles, is not a
# misspelling of جون كيري, 281).
_NEAR_SHARED = 2
# ... of people and places (a place a letter otherwise: سولت/سيلت ليك; 3 joins in the 31k library,
# all right). Not bodies: Arabic words a letter apart name two (مجلس الأمن, مجلس الأمة).
_NEAR_LABELS = (Label.PERS, Label.LOC)
# Names spelt as heard (_CLOSE_SHARED) of bodies too: a writer's slip in one article (حزب الشعوب
# الديمقراطي/الديموقراطي, التحالف العربي/العربية), where the story is told closely.
_CLOSE_LABELS = (Label.PERS, Label.LOC, Label.ORG)
_NEAR_DAYS = 7
_NEAR_RARE = 5
_NEAR_RATIO = 3
# Names further apart, as two writers spell what they heard (variants.close_names: ق/ك, ع, two
# words), join where their articles tell one story closely: this many keys in common and this
# share of the fewer's (a 14k-article library's pairs so: about 40 in 42 one person by reading).
_CLOSE_SHARED = 5
_CLOSE_SHARE = 0.4
# A given name alone (ARTICLE_MARK) is one person across articles of one story too (a student's
# brother named alone in every report of her case), where the two articles share this many keys
# and at least _GIVEN_SHARE of the fewer's (three of a long essay's hundred names, إسلام, قرآن,
# الشرق الأوسط, tell no story), and the library has fewer than _GIVEN_STORY_MAX articles naming
# someone by it alone: a common name alone recurs in stories that share a ministry and a town,
# and is many people.
_GIVEN_SHARED = 3
_GIVEN_SHARE = 0.5
_GIVEN_STORY_MAX = 10
# A given name alone is its article's own person (ARTICLE_MARK) unless a name ending in it is
# named in full in this many articles: a surname then (كمال
# ناصر سالم, «سالم»), which a short form alone may stand for across articles. Not after بن: a
# father's name (سامر بن واثق) is no family name, and «واثق» alone no short form of it.
_SURNAME_MIN = 10


def _surname_of(k: str, long: str) -> bool:
    """Whether ``k`` ends the key ``long`` as its family name (not a father's name after بن)."""
    words = long.split()
    return len(words) > 1 and words[-1] == k and words[-2] not in SONS


def _given_name(text: str, k: str) -> bool:
    """Whether a one-person mention ``text`` (key ``k``) is a given name alone: a name of the short
    list, or of the wider list of first names written without the article (with it, «الزاهري»
    is a family name: the wider list holds some surnames and nisbas). The short list lacks many
    Gulf names (نايف, زامل, عبدالرحمن), which had linked to any namesake on outlet and week."""
    return k in given_names() or (k in first_names() and had_article(text) == [False])


@dataclass(slots=True)
class _Article:
    """One article's mentions as linking sees them, in columns: a library holds half a million
    mentions, and an object per mention cost 120 bytes where a column entry costs 4 or 8.

    Mentions are numbered by their place in the input (``j``); the keyed ones are listed again
    in text order (``order``), with their keys.
    """

    ids: array[int]  # mention ids ('I')
    texts: tuple[str, ...]  # surfaces (pooled strings)
    codes: bytes  # label code * 2 + 1 if the researcher marked it
    spans: array[int]  # start, end of each, one after the other ('I')
    order: array[int]  # the keyed mentions, in text order ('I', values of j)
    keys: tuple[str, ...]  # their keys (as when indexed: unindexing takes those back)
    meta: tuple[str, str]  # outlet, day (YYYY-MM-DD) of the article
    # the keyed mentions resolved by the library (no longer form in the article contains them):
    # they alone read library-wide facts, and are resolved again alone when those change
    lib_items: tuple[int, ...] = ()  # positions in ``order``
    bracketed: tuple[int, ...] = ()  # the mentions written in brackets (values of j)
    cued: tuple[int, ...] = ()  # the mentions the text names as a news outlet (values of j)

    @classmethod
    def of(cls, inputs: Sequence[LinkInput], keyed: Sequence[tuple[int, str]]) -> _Article:
        """An article from its inputs and its keyed mentions (j, key) in text order."""
        first = inputs[0] if inputs else None
        return cls(array("I", [m.id for m in inputs]), tuple(m.text for m in inputs),
                   bytes(_LABEL_CODE[m.label] * 2 + m.user for m in inputs),
                   array("I", [x for m in inputs for x in (m.start, m.end)]),
                   array("I", [j for j, _ in keyed]), tuple(k for _, k in keyed),
                   (first.outlet, first.date[:10]) if first else ("", ""),
                   bracketed=tuple(j for j, m in enumerate(inputs) if m.bracketed),
                   cued=tuple(j for j, m in enumerate(inputs) if m.cued))

    def label(self, j: int) -> Label:
        return _LABELS[self.codes[j] >> 1]

    def input(self, j: int, article_id: int) -> LinkInput:
        """Mention ``j`` as a :class:`LinkInput` again (the outlet and the day are the article's)."""
        return LinkInput(self.ids[j], article_id, self.texts[j], self.label(j), self.spans[2 * j],
                         self.meta[0], self.meta[1], bool(self.codes[j] & 1), self.spans[2 * j + 1],
                         j in self.bracketed, j in self.cued)

    def inputs(self, article_id: int) -> list[LinkInput]:
        return [self.input(j, article_id) for j in range(len(self.ids))]

    def keyed(self) -> Iterator[tuple[int, int, str, Label, str]]:
        """(j, mention id, text, label, key) of the keyed mentions, in text order."""
        ids, texts, codes = self.ids, self.texts, self.codes
        return ((j, ids[j], texts[j], _LABELS[codes[j] >> 1], k) for j, k in zip(self.order, self.keys))

    def lib_pairs(self) -> Iterator[tuple[int, Label, str]]:
        """(j, label, key) of the mentions resolved by the library."""
        return ((j, self.label(j), self.keys[i]) for i in self.lib_items for j in (self.order[i],))

    def glosses(self) -> dict[str, str]:
        """The bodies' other names the article gives in brackets beside their full names: other
        name's key → full name's key (:data:`_GLOSS_GAP`). The full name has more words than the
        other and names one body (:func:`_specific_body`); an other name the article gives two
        full names is left out."""
        if not self.bracketed:
            return {}
        out: dict[str, str] = {}
        spans, bracketed = self.spans, self.bracketed
        keyed = [(j, k) for j, k in zip(self.order, self.keys) if self.label(j) is Label.ORG]
        for (i, ki), (j, kj) in zip(keyed, keyed[1:]):
            if j not in bracketed or not 0 < spans[2 * j] - spans[2 * i + 1] <= _GLOSS_GAP:
                continue
            short, full = (kj, ki) if len(kj.split()) < len(ki.split()) else (ki, kj)
            if len(short.split()) < len(full.split()) and _specific_body(full):
                out[short] = full if out.get(short, full) == full else ""
        return {k: v for k, v in out.items() if v}


def _with_its_kind(k: str, long: str) -> bool:
    """Whether the key ``long`` is ``k`` after a body's head noun: the body named with its kind
    (جماعة الزاهري, حركة الأفق), not another name that holds the word (عين الأفق, a paper «الأفق»)."""
    head, _, rest = long.partition(" ")
    return rest == k and head in GENERIC_HEADS


def _generic_media(key: str) -> bool:
    """Whether a body's key is a media noun with only "news" after it (وكاله انباء)."""
    words = key.split()
    return len(words) > 1 and words[0] in MEDIA_NOUNS and all(w in NEWS_WORDS for w in words[1:])


def _specific_body(key: str) -> bool:
    """Whether a body's key names one body: three words or more, not a person's name (a person
    the model typed a body, his club in brackets after him: «كرم الزاهري (الكرمستاني)»); of two,
    a body's head and a noun (اتحاد الرماة), not an adjective (الاتحاد الدولي, المجلس الوطني:
    many bodies are called so)."""
    words = key.split()
    if words[0] in first_names():
        return False
    return len(words) > 2 or (len(words) == 2 and words[0] in BODY_HEADS and not words[1].endswith(("ي", "يه")))


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


# Many index entries hold one element: it is kept alone, a set only from two on (a set costs
# over 200 bytes; the library's indexes hold hundreds of thousands of entries).
_T = TypeVar("_T")
_Some = Union[_T, set[_T]]
_Ids = Union[int, "array[int]"]  # one id, or a sorted array of them (_add_int)


def _some(v: Any) -> Iterable[Any]:
    """The elements of an index entry (none for a missing one)."""
    return () if v is None else v if isinstance(v, (set, array)) else (v,)


def _add(index: dict[Any, Any], key: Any, x: Any) -> None:
    have = index.get(key)
    if have is None:
        index[key] = x
    elif isinstance(have, set):
        have.add(x)
    elif have != x:
        index[key] = {have, x}


def _add_int(index: dict[Any, Any], key: Any, x: int) -> None:
    """:func:`_add` for ids: an int alone, then a sorted array of them (4 bytes an id where a set
    takes about 30: the articles of each entity, of each name, at 30k articles tens of megabytes)."""
    have = index.get(key)
    if have is None:
        index[key] = x
    elif isinstance(have, array):
        at = bisect_left(have, x)
        if at == len(have) or have[at] != x:
            have.insert(at, x)
    elif have != x:
        index[key] = array("I", sorted((have, x)))


def _discard_int(index: dict[Any, Any], key: Any, x: int) -> None:
    """Take away an id :func:`_add_int` added (nothing if it is not there)."""
    have = index.get(key)
    if isinstance(have, array):
        at = bisect_left(have, x)
        if at < len(have) and have[at] == x:
            del have[at]
            if len(have) == 1:
                index[key] = have[0]
    elif have is not None and have == x:
        del index[key]


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
      re-keyed when a word its key reads changes count (:func:`consulted_words`), and its articles redone;
    - the long forms of the library: a long form that appears or disappears, or whose context
      (the articles naming it in full, their keys, outlets, dates, titles) changes, dirties its
      short forms, and the articles whose short forms went to the library for them are redone;
    - each entity's type vote is kept as counts, and the spelling groups (:mod:`.variants`) whose
      votes changed are weighed again; the articles whose links may read differently since the
      last :meth:`take_pending` are collected, so a relink rewrites only those (with the members of
      the entities it touches: :meth:`members`), not half a million mentions.
    """

    def __init__(self) -> None:
        self.articles: dict[int, _Article] = {}
        self.vocab: Counter[str] = Counter()
        # (surface, label) → the articles using it: an article id alone when one article uses it once
        self.surface_articles: dict[tuple[str, Label], _Ids] = {}
        self.keys: dict[tuple[str, Label], str] = {}
        self.consulted: dict[str, _Some[tuple[str, Label]]] = {}
        self.long_count: Counter[tuple[Label, str]] = Counter()
        self.library_index: dict[tuple[Label, str], _Some[str]] = {}
        self.long_articles: dict[str, _Ids] = {}
        self.long_titles: dict[str, Counter[str]] = defaultdict(Counter)
        self.article_keys: dict[int, tuple[str, ...]] = {}  # distinct keys, in text order
        self.lib_users: dict[tuple[Label, str], _Ids] = {}
        # honorifics linked in their articles: title key → (person's key, day or -1) → articles;
        # and per article what it added, to take back
        self.holders: dict[str, Counter[tuple[str, int]]] = {}
        self.article_holders: dict[int, tuple[tuple[str, str, int], ...]] = {}
        self._holders_changed: set[str] = set()  # during an update
        # bodies' other names given in brackets (_Article.glosses): other name → its full names →
        # how many articles give it; full name → its other names (the same counts)
        self.gloss_full: dict[str, Counter[str]] = {}
        self.gloss_other: dict[str, Counter[str]] = {}
        self._glosses_changed: set[str] = set()  # other names whose full names changed, during an update
        self.resolved: IdMap[tuple[str, str]] = IdMap()  # mention id → (entity key, reason)
        self._lib_max: dict[tuple[Label, str], frozenset[str]] = {}  # caches, dropped for what an update dirties
        self._groups: dict[tuple[Label, str], _Namesakes] = {}
        self._counts_before: dict[tuple[Label, str], int] = {}  # during an update (_note_count)
        self.redone = 0  # articles resolved by the last update (for tests and benchmarks)
        # Links as the library reads them, kept up to date by ``update``: per entity key the
        # articles linking to it and its type votes, the spelling groups, and their entities' types.
        self.ek_articles: dict[str, _Ids] = {}
        self.key_surfaces: dict[str, _Some[tuple[str, Label]]] = {}  # a mention's own key → its surfaces
        # entity key → [label code, votes, first mention id] for each label it has, one after the other
        self.votes: dict[str, list[int]] = {}
        self.label_of: dict[str, Label] = {}  # the winner of a key's own votes
        self.spelling: dict[tuple[Label, str], _Some[str]] = {}  # spelling group → its keys
        self.variant_of: dict[str, str] = {}  # a key that joins another's entity → that key
        self.final_label: dict[str, Label] = {}  # the type of each entity (keys no variant joins to another)
        # people's and places' heads one letter from another's name, their stories agreeing (_near_choice):
        # head → (the head it joins, the keys their articles share); and back
        self.near_of: dict[str, tuple[str, str]] = {}
        self.near_from: dict[str, set[str]] = {}
        self._near_index: dict[int, _Some[str]] = {}  # variants.near_entries → the heads there
        self._near_entries: dict[str, tuple[int, ...]] = {}  # a head → its entries in that index
        self.pending: set[int] = set()  # articles whose links may have changed since take_pending
        self._eks_memo: dict[int, tuple[str, ...]] = {}  # _eks, while no resolution changes

    # -- updating ----------------------------------------------------------------------------
    def update(self, changed: Mapping[int, Sequence[LinkInput] | None]) -> set[int]:
        """Replace these articles' mentions (None or empty: the article is gone); returns the articles re-resolved."""
        self._eks_memo = {}  # resolutions change now
        # 1. the vocabulary, from every surface added or taken away
        text_delta: Counter[str] = Counter()
        surf_delta: dict[tuple[str, Label], Counter[int]] = defaultdict(Counter)
        for a, new in changed.items():
            old = self.articles.get(a)
            if old:
                for j, text in enumerate(old.texts):
                    text_delta[text] -= 1
                    surf_delta[(text, old.label(j))][a] -= 1
            for m in new or ():
                text_delta[m.text] += 1
                surf_delta[(m.text, m.label)][a] += 1
        words: set[str] = set()
        for text, n in text_delta.items():
            if n:
                for w in base_words(text):
                    self.vocab[w] += n
                    if self.vocab[w] <= 0:
                        del self.vocab[w]
                    words.add(w)
        fresh: set[tuple[str, Label]] = set()
        # the keys of the bodies' and places' surfaces that came or went (body_by_library reads them)
        # (only surfaces an article gained or lost: a re-analysed article that tags as before changes no count)
        typed_surfaces = [s for s, d in surf_delta.items() if s[1] in _TYPED and any(d.values())]
        typed_keys = {k for s in typed_surfaces if (k := self.keys.get(s))}
        for s, per_article in surf_delta.items():
            was = self.surface_articles.get(s)
            if was is None:
                fresh.add(s)
            have = Counter({was: 1}) if isinstance(was, int) else Counter(was) if was is not None else Counter()
            for a, n in per_article.items():
                if n:
                    have[a] += n
                    if have[a] <= 0:
                        del have[a]
            if not have:
                self.surface_articles.pop(s, None)
                if self.keys.get(s):
                    _discard(self.key_surfaces, self.keys[s], s)
                self.keys.pop(s, None)
                fresh.discard(s)
            elif len(have) == 1 and next(iter(have.values())) == 1:
                self.surface_articles[s] = next(iter(have))
            else:  # each article as often as it uses the surface, sorted: far smaller than a Counter
                self.surface_articles[s] = array("I", sorted(have.elements()))
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
                for w in consulted_words(s[0]):
                    _add(self.consulted, w, s)
            elif old_k != k:
                users = self.surface_articles[s]
                work.update((users,) if isinstance(users, int) else users)
            if old_k != k:
                if old_k:
                    _discard(self.key_surfaces, old_k, s)
                if k:
                    _add(self.key_surfaces, k, s)
                if s[1] in _TYPED:
                    typed_keys.update(x for x in (old_k, k) if x)
            self.keys[s] = k
        # 3. re-index the articles that changed or were re-keyed (those keep their inputs)
        touched_long: set[str] = set()
        appeared: set[tuple[Label, str]] = set()
        kept: dict[int, list[LinkInput]] = {}
        changed_eks: set[str] = set()
        stale: set[tuple[str, int]] = set()  # (entity key, label code) whose first mention went
        for a in work:
            old = self.articles.pop(a, None)
            if old is not None:
                kept[a] = old.inputs(a)
                self._unvote(a, old, changed_eks, stale)
                self._unindex(a, old, touched_long, appeared)
        for a in work:
            inputs = list(changed[a] or ()) if a in changed else kept[a]
            if inputs:
                self._index(a, inputs, touched_long, appeared)
        # 4. what the changes can reach: short forms of long forms that appeared, went, or gained context
        dirty: set[tuple[Label, str]] = set()
        for c in touched_long:
            for label in EXPANDABLE:
                if (label, c) in self.long_count or (label, c) in appeared:
                    dirty.update((label, s) for s in short_set(label, c))
                dirty.add((label, c))  # its own longer forms are weighed against its support
            dirty.update((Label.ORG, s) for s in self.gloss_other.get(c, ()))
        dirty.update((Label.ORG, s) for s in self._glosses_changed)
        # a short form spelt another way reads the same long forms (:meth:`_library`)
        dirty.update((Label.PERS, v) for label, s in list(dirty) if label is Label.PERS
                     for v in spelling_neighbours(s) if (Label.PERS, v) in self.lib_users)
        self._glosses_changed = set()
        # a short form's library reading changes when its fullest long forms change, or (several
        # of them) when the context of one of them changes
        again: list[tuple[Label, str]] = []
        for d in dirty:
            old_max = self._lib_max.pop(d, None)
            # a place's word reads the bodies' long forms too (:func:`body_by_library`)
            readers = [u for u in (d, *((t, d[1]) for t in BODY_READINGS)) if u in self.lib_users and (u == d or d[0] is Label.ORG)]
            if not readers:
                self._groups.pop(d, None)
                continue
            new_max = self._library(*d)
            if old_max != new_max or not new_max.isdisjoint(touched_long):
                self._groups.pop(d, None)
                again += readers
        redo = {a for a in work if a in self.articles}
        for a in redo:
            self._resolve(a)
        # Library links read how many articles use a short form alone: with every article of this
        # update resolved, those counts are final; the library links of the articles just resolved
        # are made now, and those elsewhere that read a count that changed are made again.
        again += [d for d, n in self._counts_before.items() if self._alone_decides(d, n)]
        # a place's word follows how the library types it (body_by_library): its articles read again
        # when an article typing that key a body or a place comes or goes
        typed_keys.update(k for s in typed_surfaces if (k := self.keys.get(s)))
        again += [u for k in typed_keys for t in BODY_READINGS if (u := (t, k)) in self.lib_users]
        self._counts_before = {}
        again += [(label, k) for k in self._holders_changed for label in EXPANDABLE if (label, k) in self.lib_users]
        self._holders_changed = set()
        again_set = set(again)
        again_articles = {a for d in again_set for a in _some(self.lib_users.get(d))}
        # their mentions are as they were: their links may change now (most do not)
        before = {a: self._article_eks(self.articles[a]) for a in again_articles - redo}
        for a in again_articles | redo:
            art = self.articles[a]
            for j, label, k in art.lib_pairs():
                if a in redo or (label, k) in again_set:
                    self.resolved[art.ids[j]] = self._library_link(a, label, art.texts[j], k)
        relinked = redo | again_articles
        self.redone = len(relinked)
        for a in relinked:
            if a in before:
                if self._eks(a, self.articles[a]) == before[a]:
                    continue  # the same links: the same votes
                self._unvote(a, self.articles[a], changed_eks, stale, before[a])
            self._vote(a, changed_eks, stale)
        self.pending |= work | relinked | self._relabel(changed_eks, stale)
        return relinked

    def _unindex(self, a: int, art: _Article, touched_long: set[str], appeared: set[tuple[Label, str]]) -> None:
        for mid in art.ids:
            self.resolved.pop(mid, None)
        self._forget_deps(a, art)
        self.article_keys.pop(a, None)
        self._count_glosses(art, -1)
        for _, _, text, label, k in art.keyed():
            if " " not in k:
                continue
            touched_long.add(k)
            _discard_int(self.long_articles, k, a)
            titles = self.long_titles.get(k)
            if titles is not None:
                for t in title_words(text):
                    titles[t] -= 1
                    if titles[t] <= 0:
                        del titles[t]
                if not titles:
                    del self.long_titles[k]
            if label in EXPANDABLE:
                lk = (label, k)
                self.long_count[lk] -= 1
                if self.long_count[lk] <= 0:
                    del self.long_count[lk]
                    appeared.add(lk)
                    for s in short_set(label, k):
                        _discard(self.library_index, (label, s), k)

    def _index(self, a: int, inputs: list[LinkInput], touched_long: set[str], appeared: set[tuple[Label, str]]) -> None:
        items = [(m, k, j) for j, m in enumerate(inputs) if (k := self.keys[(m.text, m.label)])]
        items.sort(key=lambda mkj: (mkj[0].start, mkj[0].id))
        self.articles[a] = _Article.of(inputs, [(j, k) for _, k, j in items])
        if not items:
            return
        self.article_keys[a] = tuple(dict.fromkeys(k for _, k, _ in items))
        self._count_glosses(self.articles[a], 1)
        for m, k, _ in items:
            if " " not in k:
                continue
            touched_long.add(k)
            _add_int(self.long_articles, k, a)
            tw = title_words(m.text)
            if tw:
                self.long_titles[k].update(tw)
            if m.label in EXPANDABLE:
                lk = (m.label, k)
                self.long_count[lk] += 1
                if self.long_count[lk] == 1:
                    appeared.add(lk)
                    for s in short_set(m.label, k):
                        _add(self.library_index, (m.label, s), k)

    def _count_glosses(self, art: _Article, sign: int) -> None:
        for short, full in art.glosses().items():
            for index, key, value in ((self.gloss_full, short, full), (self.gloss_other, full, short)):
                counts = index.setdefault(key, Counter())
                counts[value] += sign
                if counts[value] <= 0:
                    del counts[value]
                    if not counts:
                        del index[key]
            self._glosses_changed.add(short)

    # -- resolving one article -----------------------------------------------------------------
    def _library(self, label: Label, k: str) -> frozenset[str]:
        """The fullest long forms of the library that contain ``k``, a rare extension of a better
        supported one left out (تنظيم داعش المتحدة, a span that glued a word onto تنظيم داعش in
        one article, gives way to تنظيم داعش, named in fifty)."""
        out = self._lib_max.get((label, k))
        if out is None:
            found = self.library_index.get((label, k))
            forms = found if isinstance(found, set) else NO_KEYS if found is None else frozenset((found,))
            if found is None and label is Label.PERS and len(k) >= _NEIGHBOUR_LETTERS:
                # no long name holds it as written: a person's whose surname is it spelt another
                # way (جوارديولا: جوسيب غوارديولا), a foreign word's variant as entity keys take it.
                # Not a given name so (كريستن is not كريستين لاجارد), nor a body or place: a club
                # named alone (تشيلسي) is no short form of a span that glued a word to it
                forms = frozenset(c for v in spelling_neighbours(k) for c in _some(self.library_index.get((label, v)))
                                  if c.rsplit(" ", 1)[-1] == v)
            if label is Label.ORG and k in self.gloss_full:
                forms = set(forms) | set(self.gloss_full[k])  # the full names it was given for
            if forms and (len(forms) > 1 or " " in k):
                within = set(forms) | {k}  # k itself too: «حركة الأمل» named in six, «… المتحدة» in one
                forms = {c for c in forms if not any(
                    self._named(o) >= max(_ALONE_MIN, _ALONE_RATIO * self._named(c)) for o in short_set(label, c) & within)}
            full = fullest(label, forms)
            self._lib_max[(label, k)] = out = frozenset(full) if full else NO_KEYS
        return out

    def _named(self, c: str) -> int:
        """In how many articles the library names ``c`` in full."""
        return len(tuple(_some(self.long_articles.get(c))))

    def _namesakes(self, label: Label, k: str, candidates: frozenset[str]) -> _Namesakes:
        ns = self._groups.get((label, k))
        if ns is None or len(ns.candidates) != len(candidates) or not candidates.issuperset(ns.candidates):
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
            ns = _Namesakes(candidates_sorted, {w: tuple(v) for w, v in by_key.items()},
                            {w: tuple(v) for w, v in by_outlet.items()}, {w: tuple(v) for w, v in by_day.items()},
                            {w: tuple(v) for w, v in by_title.items()})
            self._groups[(label, k)] = ns
        return ns

    def _context_choice(self, a: int, label: Label, text: str, k: str,
                        candidates: frozenset[str]) -> tuple[str, str] | None:
        """The candidate whose articles share most context with this mention's, by a clear margin
        over the others, with the keys they share (joined for the panel).

        Scores: a key named in both (1 each), a shared title (1), the same outlet (0.5), dates
        within a week (0.5); the best must reach _MIN_CONTEXT (a given name alone: by shared
        keys and titles alone) and _MARGIN times the runner-up, or be the one the library names
        where the others are rare (:meth:`_dominant`).
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
        # a given name alone (نور, كريم) needs the texts to share something: many people have
        # it, and an outlet prints many of them in a week
        content = scores[:] if label is Label.PERS and _given_name(text, k) else None
        if content is not None:  # of a candidate it is no surname of, more (_MIN_GIVEN_CONTEXT)
            specific = {i for key in own if " " in key for i in ns.by_key.get(key, ())}
            content = [c if ns.candidates[i].rsplit(" ", 1)[-1] == k or (c >= _MIN_GIVEN_CONTEXT and i in specific)
                       else 0.0 for i, c in enumerate(content)]
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
        if (content or scores)[best] >= _MIN_CONTEXT and (scores[best] >= _MARGIN * runner or self._dominant(label, k, ns.candidates, best)):
            shared = {key for key in own if best in ns.by_key.get(key, ())}
            return ns.candidates[best], CONTEXT_SEPARATOR.join(sorted(shared)[:3])
        return None

    def _dominant(self, label: Label, k: str, candidates: Sequence[str], best: int) -> bool:
        """Whether ``candidates[best]`` is the one the library names, the others rare (_POPULAR,
        for a body _BODY_DOMINANCE too)."""
        named = [self._named(c) for i, c in enumerate(candidates) if i != best]
        others, mine = max(named, default=0), self._named(candidates[best])
        return self._alone(label, k) >= _ALONE_MIN and (
            (others <= _RARE and mine >= _POPULAR * others)
            or (label is Label.ORG and _with_its_kind(k, candidates[best]) and mine >= _BODY_DOMINANCE * sum(named)))

    def drop_caches(self) -> None:
        """Forget the namesake indexes (rebuilt when asked for): large, and only a relink reads them."""
        self._groups = {}
        self._eks_memo = {}

    def _forget_deps(self, a: int, art: _Article) -> None:
        for _, label, k in art.lib_pairs():
            self._note_count((label, k))
            _discard_int(self.lib_users, (label, k), a)
        art.lib_items = ()
        held = self.article_holders.pop(a, None)
        if held:
            self._count_holders(held, -1)

    def _note_count(self, d: tuple[Label, str]) -> None:
        """Remember how many articles used short form ``d`` alone before this update changed it."""
        if d not in self._counts_before:
            self._counts_before[d] = len(tuple(_some(self.lib_users.get(d))))

    def _alone_decides(self, d: tuple[Label, str], before: int) -> bool:
        """Whether the change of how many articles use short form ``d`` alone (``before`` → now)
        can change its library links: only a body's are weighed by it (:meth:`_library_link`),
        and only where the count crosses one of its thresholds."""
        label, k = d
        now = self._alone(label, k)
        if now == before or label is not Label.ORG or max(now, before) < _ALONE_MIN:
            return False
        if min(now, before) < _ALONE_MIN:
            return True
        return any((before <= _ALONE_RATIO * (n := self._named(c))) != (now <= _ALONE_RATIO * n)
                   for c in self._library(label, k))

    def _alone(self, label: Label, k: str) -> int:
        """In how many articles the library uses ``k`` with no longer form beside it."""
        return len(tuple(_some(self.lib_users.get((label, k)))))

    def _library_link(self, a: int, label: Label, text: str, k: str) -> tuple[str, str]:
        """A short form with no longer form in its article: the longer name of the library that
        contains it, when this article's context agrees with the articles naming it (of several,
        by a clear margin). Without that it stays its own: a generic body («المجلس البلدي»), a
        namesake or a cut word is not pulled into the one longer name the library happens to hold."""
        if label in BODY_READINGS:
            # a word the model took for a place or other (body_by_library): a body where the library
            # types it a body at least as often, and its long names of bodies and this article's
            # context say so; else its own name
            bodies = self._typed(k, Label.ORG)
            if bodies < self._typed(k, label) or (label is Label.MISC and bodies < max(_MISC_BODY_MIN, 2 * self._typed(k, label))):
                return k, Reason.NONE.value
            ek, reason = self._library_choice(a, Label.ORG, text, k, self._library(Label.ORG, k))
            return (ek, reason) if ek != k else (k, Reason.NONE.value)
        if label is Label.ORG and _generic_media(k):
            # «وكالة أنباء», a news agency: any of them, not the one the library names in full
            return k, Reason.TOWN_OR_HEAD_ALONE.value
        holder = self._holder(a, k) if is_honorific(text, k) else None
        if holder is not None:
            return holder, Reason.ROLE_IN_LIBRARY.value
        library = self._library(label, k)
        if label is Label.PERS and library and (label, k) not in self.library_index and (had_article(text)[0] or any(
                lk == k and lab is not label for *_, lab, lk in self.articles[a].keyed())):
            # read as another's spelling, but written with the article (an Arabic word: الفرسان is
            # no الفرشان), or the article itself types the word otherwise too (تشيلسي a club in
            # most of its mentions): the model's doubt, no surname
            library = NO_KEYS
        ek, reason = self._library_choice(a, label, text, k, library)
        if ek == k and label is Label.PERS and _given_name(text, k) and not self._surname(k, library):
            # a given name alone, which the library has for no one's surname (as سالم of كمال
            # ناصر سالم): this article's person, not every namesake's entity
            return f"{k}{ARTICLE_MARK}{a}", Reason.GIVEN_NAME_ALONE.value
        return ek, reason

    def _surname(self, k: str, library: frozenset[str]) -> bool:
        """Whether the library uses ``k`` as a family name: a name ending in it named in full in
        at least _SURNAME_MIN articles, and the names ending in it in as many articles as those
        it starts (a word that starts hundreds of names is a given name, whatever one footballer's
        surname it is)."""
        ends = [self._named(c) for c in library if _surname_of(k, c)]
        return max(ends, default=0) >= _SURNAME_MIN and sum(ends) >= sum(
            self._named(c) for c in library if c.split(" ", 1)[0] == k)

    def _library_choice(self, a: int, label: Label, text: str, k: str, library: frozenset[str]) -> tuple[str, str]:
        """:meth:`_library_link` for a short form that is no honorific: of ``library``, the longer
        names containing it, the one the context agrees with, or ``k`` and why not (a name the
        article's «ال» rules out, :meth:`_articled`, is not taken)."""
        ek, reason = self._choose(a, label, text, k, library)
        if ek != k and not self._articled(text, k, ek):
            return k, Reason.UNCONFIRMED_IN_LIBRARY.value
        # a news agency's long name is the agency's entity (news_agency resolves its own mentions so)
        return (agency_key(ek, label) or ek) if ek != k else ek, reason

    def _choose(self, a: int, label: Label, text: str, k: str, library: frozenset[str]) -> tuple[str, str]:
        if not library:
            return k, Reason.NONE.value
        if label is Label.ORG and (alone := self._alone(label, k)) >= _ALONE_MIN:
            given = self.gloss_full.get(k, ())  # the full names its brackets give
            library = frozenset(c for c in library if alone <= _ALONE_RATIO * self._named(c) or headed(k, c, KIND_HEADS) or c in given)
            if not library:
                return k, Reason.NAME_OF_ITS_OWN.value
        glossed = self._glossed(k, library, a)
        if glossed is not None:
            return glossed, Reason.GLOSS_IN_LIBRARY.value
        here = [c for c in library if c in self.article_keys[a]]
        if len(here) == 1:  # named in this article, typed otherwise (a place, a person)
            return here[0], Reason.IN_ARTICLE.value
        if label is Label.ORG and " " not in k and (k in GENERIC_HEADS or listed_place(k)) and any(
                self._described(k, c) for c in library):
            # a town's name or a head noun alone, where the library names a body with it and an
            # Arabic descriptor or field after it (كرمستان الأدبي, a literary club; كرمستان المركزي, a
            # hospital; المركز المالي): the word alone names the town's club or any body of its
            # kind as well, and the article names none of them
            return k, Reason.TOWN_OR_HEAD_ALONE.value
        choice = self._context_choice(a, label, text, k, library)
        if choice is not None:
            reason = Reason.ONLY_IN_LIBRARY if len(library) == 1 else Reason.CONTEXT
            shorts = short_set(label, choice[0])
            if k not in shorts and shorts.isdisjoint(spelling_neighbours(k)):  # not even spelt another way
                reason = Reason.GLOSS_IN_LIBRARY
            return choice[0], stored(reason, choice[1])
        return k, (Reason.UNCONFIRMED_IN_LIBRARY if len(library) == 1 else Reason.AMBIGUOUS_IN_LIBRARY).value

    def _described(self, word: str, long: str) -> bool:
        """Whether the key ``long`` is ``word`` and a descriptor or field after it: a word its
        texts write with the article or لل (the key lost them: كرمستان الأدبي), not a nationality
        (كرمستان الزاهري is the club of كرمستان) nor a foreign name's next word (كرمستان سان فيليب),
        in :data:`_DESCRIBED_MIN` articles at least (a span error once, «كرمستان الصامد», is no
        body of the town)."""
        words = long.split()
        if len(words) < 2 or words[0] != word or words[1] in nisbas() or self._named(long) < _DESCRIBED_MIN:
            return False
        tail = len(words) - 1  # the surface's words line up with the key's from the end
        return any(len(parts := normalise(text).split()) > tail and parts[-tail].startswith(("ال", "لل"))
                   for text, _ in _some(self.key_surfaces.get(long)))

    def _articled(self, text: str, k: str, c: str) -> bool:
        """Whether a short form may stand for the long name ``c`` as the article goes: a one-word
        mention written with the article only for a name that writes its word with the article
        too, or whose words do not hold it as such (a nisba's plural). «الكرمان» is not «كرمان ري
        للتأمين», «الأمل» ("hope") not a movement «أمل»; the other way is left alone (a surname
        written with it or without it)."""
        if had_article(text) != [True] or " " not in c:
            return True
        found = False
        for surface, _ in _some(self.key_surfaces.get(c)):
            for w, articled in zip(base_words(surface), had_article(surface)):
                if w == k:
                    if articled:
                        return True
                    found = True
        return not found

    def _typed(self, k: str, label: Label) -> int:
        """In how many articles the model tags a surface of key ``k`` with ``label``."""
        articles: set[int] = set()
        for surface in _some(self.key_surfaces.get(k)):
            if surface[1] is label:
                users = self.surface_articles.get(surface)
                articles.update((users,) if isinstance(users, int) else users or ())
        return len(articles)

    def _glossed(self, k: str, library: frozenset[str], a: int) -> str | None:
        """The full name a body's other name stands for wherever the library uses it, context
        aside: the one of ``library`` this article names, else the one that :data:`_GLOSS_MIN`
        articles at least give it and :data:`_GLOSS_SHARE` of those giving it any."""
        fulls = self.gloss_full.get(k)
        if not fulls:
            return None
        here = [c for c in fulls if c in library and c in self.article_keys[a]]
        if len(here) == 1:
            return here[0]
        full, n = fulls.most_common(1)[0]
        return full if full in library and n >= _GLOSS_MIN and n >= _GLOSS_SHARE * sum(fulls.values()) else None

    def _holder(self, a: int, k: str) -> str | None:
        """The person an honorific alone stands for at this article's date (see _HOLDER_DAYS)."""
        links = self.holders.get(k)
        if not links:
            return None
        day = _day(self.articles[a].meta[1])
        near: Counter[str] = Counter()
        for (person, d), n in links.items():
            if day is None or (d >= 0 and abs(d - day) <= _HOLDER_DAYS):
                near[person] += n
        # a short form of one longer name among them counts for it (فهد بن ناصر for
        # فهد بن ناصر آل سالم)
        for person in list(near):
            longer = fullest(Label.PERS, {p for p in near if contains(Label.PERS, p.split(), person.split())})
            if len(longer) == 1:
                near[next(iter(longer))] += near.pop(person)
        total = sum(near.values())
        if total < _HOLDER_MIN:
            return None
        person, n = near.most_common(1)[0]
        return person if n >= _HOLDER_SHARE * total else None

    def _count_holders(self, found: Iterable[tuple[str, str, int]], sign: int) -> None:
        for k, person, day in found:
            links = self.holders.setdefault(k, Counter())
            links[(person, day)] += sign
            if links[(person, day)] <= 0:
                del links[(person, day)]
                if not links:
                    del self.holders[k]
            self._holders_changed.add(k)

    def _resolve(self, a: int) -> None:
        """Link every keyed mention of article ``a``: the first of :data:`RESOLVERS` that answers
        (a library link is made by :meth:`update` once every changed article is resolved)."""
        art = self.articles[a]
        self._forget_deps(a, art)
        lib_items: list[int] = []
        resolved = self.resolved
        here = InArticle([(lab, lk) for *_, lab, lk in art.keyed()], art.glosses())
        held: set[tuple[str, str, int]] = set()  # (title key, person, day) of its honorifics
        day = _day(art.meta[1])
        day = -1 if day is None else day
        for i, (_, mid, text, label, k) in enumerate(art.keyed()):
            if label in EXPANDABLE and " " in k:
                here.long[label].add(k)
        for i, (j, mid, text, label, k) in enumerate(art.keyed()):
            here.cued = j in art.cued
            for _, resolver in RESOLVERS:
                found = resolver(here, label, text, k)
                if found is not None:
                    break
            assert found is not None  # the last resolver always answers
            resolved[mid] = found[:2]
            if found[2]:
                lib_items.append(i)
            if label in EXPANDABLE and " " in k:
                here.seen[label].append(k)
            if label is Label.PERS:
                here.people.append((found[0], text))
            if found[1] == Reason.ROLE_IN_ARTICLE.value and is_honorific(text, k):
                held.add((k, found[0], day))
        art.lib_items = tuple(lib_items)
        if held:
            self.article_holders[a] = tuple(held)
            self._count_holders(held, 1)
        for _, label, k in art.lib_pairs():
            self._note_count((label, k))
            _add_int(self.lib_users, (label, k), a)

    # -- entity types and spelling merges, kept up to date ------------------------------------------
    def _article_eks(self, art: _Article) -> tuple[str, ...]:
        """The entity key of each keyed mention of an article (text order). A short form resolved
        to a longer name of its article follows that name where the library linked it (the
        article's own mention of it, context checked); a given name alone that is the article's
        person (:data:`ARTICLE_MARK`) is so wherever the article writes it, whatever its type."""
        slots, pairs = self.resolved.raw()  # every keyed mention is resolved
        ids = art.ids
        eks = [pairs[slots[ids[j]] - 1][0] for j in art.order]
        named: dict[str, str] = {}
        for k, ek in zip(art.keys, eks):
            # an outlet named so is that mention's alone; an agency is by any of its names
            if ek != k and (not ek.endswith(OUTLET_MARK) or is_agency(ek)):
                named.setdefault(k, ek)
        own = {k: ek for k, ek in named.items() if ek.startswith(k + ARTICLE_MARK)}
        return tuple(named.get(ek, ek) if ek != k else own.get(k, ek) for k, ek in zip(art.keys, eks))

    def _eks(self, a: int, art: _Article) -> tuple[str, ...]:
        """:meth:`_article_eks`, kept until the next update changes resolutions (or the caches go)."""
        eks = self._eks_memo.get(a)
        if eks is None:
            eks = self._eks_memo[a] = self._article_eks(art)
        return eks

    def _vote(self, a: int, changed: set[str], stale: set[tuple[str, int]]) -> None:
        art = self.articles.get(a)
        if art is None:
            return
        eks = self._eks(a, art)
        ids, codes, votes = art.ids, art.codes, self.votes
        for j, k, ek in zip(art.order, art.keys, eks):
            code, mid = codes[j], ids[j]
            label, weight = code >> 1, _weight(code, k, ek)
            flat = votes.get(ek)
            if flat is None:
                votes[ek] = [label, weight, mid]
                continue
            for i in range(0, len(flat), 3):
                if flat[i] == label:
                    flat[i + 1] += weight
                    if mid == flat[i + 2]:  # the first mention, taken back, is back: first again
                        stale.discard((ek, label))
                    flat[i + 2] = min(flat[i + 2], mid)
                    break
            else:
                flat += (label, weight, mid)
        for ek in set(eks):
            _add_int(self.ek_articles, ek, a)
        changed.update(eks)

    def _unvote(self, a: int, art: _Article, changed: set[str], stale: set[tuple[str, int]],
                eks: tuple[str, ...] | None = None) -> None:
        """Take an article's votes back (``art``: the article as it was linked; ``eks``: its links
        then, if its resolutions changed since)."""
        if eks is None:
            eks = self._article_eks(art)
        ids, codes, votes = art.ids, art.codes, self.votes
        for j, k, ek in zip(art.order, art.keys, eks):
            code = codes[j]
            label, weight = code >> 1, _weight(code, k, ek)
            flat = votes[ek]
            i = next(i for i in range(0, len(flat), 3) if flat[i] == label)
            flat[i + 1] -= weight
            if flat[i + 1] <= 0:
                del flat[i:i + 3]
                if not flat:
                    del votes[ek]
            elif flat[i + 2] == ids[j]:
                stale.add((ek, label))
        for ek in set(eks):
            _discard_int(self.ek_articles, ek, a)
        changed.update(eks)

    def _relabel(self, changed: set[str], stale: set[tuple[str, int]]) -> set[int]:
        """Types and spelling merges after the votes of ``changed`` keys moved; returns the
        articles holding a mention whose entity or type changed with them."""
        for ek, label in stale:  # a vote's first mention went: the first of those left
            flat = self.votes.get(ek, [])
            for i in range(0, len(flat), 3):
                if flat[i] == label:
                    flat[i + 2] = min(mid for mid, code, _ in self._members_raw(ek) if code == label)
        groups: set[tuple[Label, str]] = set()  # spelling groups to weigh again
        moved: set[str] = set()  # keys that join another entity, or no longer, or another one
        heads = set(changed)  # keys whose entity's type is weighed again
        for ek in changed:
            old = self.label_of.get(ek)
            new = _winner(self.votes[ek]) if ek in self.votes else None
            before, after = (spelling_group(ek, old) if old else None), (spelling_group(ek, new) if new else None)
            if before != after:
                if before:
                    _discard(self.spelling, before, ek)
                if after:
                    _add(self.spelling, after, ek)
                was = self.variant_of.pop(ek, None)  # weighed again in its new group, if any
                if was is not None:
                    moved.add(ek)
                    heads.add(was)
            groups.update(g for g in (before, after) if g)
            if new is None:
                self.label_of.pop(ek, None)
            else:
                self.label_of[ek] = new
        for g in groups:
            keys = list(_some(self.spelling.get(g)))
            merges = group_merges(keys, {ek: _size(self.votes[ek]) for ek in keys} if len(keys) > 1 else {}, g[0])
            for ek in keys:
                was, now = self.variant_of.get(ek), merges.get(ek)
                if was != now:
                    moved.add(ek)
                    heads.update(x for x in (was, now, ek) if x)
                    if now is None:
                        del self.variant_of[ek]
                    else:
                        self.variant_of[ek] = now
        near = self._near_update(heads | {self.variant_of.get(ek, ek) for ek in heads})
        moved |= near
        heads |= near
        retyped: set[str] = set()  # entities (keys no variant joins) whose type changed
        for ek in heads:
            head = self._near_root(self.variant_of.get(ek, ek))
            joined = self._joined(head)
            if ek != head:
                self.final_label.pop(ek, None)
            flats = [self.votes[key] for key in joined if key in self.votes]
            winner = _winner([x for flat in flats for x in flat]) if flats else None
            if winner is None:
                self.final_label.pop(head, None)
            elif self.final_label.get(head) != winner:
                self.final_label[head] = winner
                retyped.update(joined)
        out: set[int] = set()
        for ek in moved | retyped:
            out.update(_some(self.ek_articles.get(ek)))
        return out

    def _variants(self, head: str) -> list[str]:
        """The keys that join ``head``'s entity (same spelling group)."""
        label = self.label_of.get(head)
        g = spelling_group(head, label) if label else None
        return [ek for ek in _some(self.spelling.get(g)) if self.variant_of.get(ek) == head] if g else []

    def _joined(self, head: str) -> list[str]:
        """Every key of ``head``'s entity: its spelling variants, and the heads one letter from it
        that join it (:meth:`_near_choice`) with theirs."""
        out = [head, *self._variants(head)]
        for other in sorted(self.near_from.get(head, ())):
            out += self._joined(other)
        return out

    def _near_root(self, head: str) -> str:
        """The entity a head's name belongs to: itself, or the head it joins by one letter (in turn)."""
        while head in self.near_of:
            head = self.near_of[head][0]
        return head

    def _is_head(self, ek: str) -> bool:
        return ek in self.votes and ek not in self.variant_of

    def _articled_words(self, key: str) -> frozenset[int]:
        """The positions of a key's words that a surface of it writes with the article."""
        n = key.count(" ") + 1
        out: set[int] = set()
        for text, _ in _some(self.key_surfaces.get(key)):
            flags = had_article(text)
            if len(flags) == n:
                out.update(i for i, f in enumerate(flags) if f)
        return frozenset(out)

    def _head_articles(self, head: str) -> set[int]:
        out: set[int] = set()
        for key in (head, *self._variants(head)):
            out.update(_some(self.ek_articles.get(key)))
        return out

    def _near_update(self, touched: set[str]) -> set[str]:
        """Weigh again the one-letter joins of the heads whose votes, variants or articles changed
        and of their neighbours in the index; returns the keys whose entity changed with them."""
        around: set[str] = set(touched)
        for ek in touched:
            for entry in self._near_entries.pop(ek, ()):
                around.update(_some(self._near_index.get(entry)))
                _discard(self._near_index, entry, ek)
        for ek in touched:
            if self._is_head(ek) and (label := self.label_of.get(ek)) in _CLOSE_LABELS and " " in ek:
                entries = self._near_entries[ek] = near_entries(ek, self._articled_words(ek), near=label in _NEAR_LABELS)
                for entry in entries:
                    around.update(_some(self._near_index.get(entry)))
                    _add(self._near_index, entry, ek)
                if not entries:
                    del self._near_entries[ek]
        out: set[str] = set()
        for ek in sorted(around):
            now = self._near_choice(ek)  # None for a key with no entries: no head, or of another type
            was = self.near_of.get(ek)
            if now == was:
                continue
            if was is not None:
                out.add(self._near_root(was[0]))
                self.near_from[was[0]].discard(ek)
                if not self.near_from[was[0]]:
                    del self.near_from[was[0]]
                del self.near_of[ek]
            if now is not None:
                self.near_of[ek] = now
                self.near_from.setdefault(now[0], set()).add(ek)
                out.add(self._near_root(now[0]))
            out.update(self._joined(ek))
        return out

    def _near_choice(self, head: str) -> tuple[str, str] | None:
        """The head a head joins, its name written otherwise in articles of one story: a person's
        or place's one letter apart or with other vowels and like consonants (``variants.near_names``;
        their articles tell one story: _NEAR_SHARED, _NEAR_DAYS), or any name spelt as heard
        (``variants.close_names``; the story told closely: _CLOSE_SHARED, _CLOSE_SHARE, the rarer
        spelling in at most _NEAR_RARE articles). Never where one article names both, and one
        spelling the rarer (_NEAR_RARE, _NEAR_RATIO); of several, the most used. Only the rarer
        joins the more used (a tie: the key first in order joins the other), so the joins make no loop."""
        others = {o for entry in self._near_entries.get(head, ()) for o in _some(self._near_index.get(entry))}
        others.discard(head)
        given = scoped_given_name(head) is not None
        if not others or (given and len(others) >= _GIVEN_STORY_MAX):
            return None
        label = self.label_of.get(head)
        mine = self._head_articles(head)
        best: tuple[int, str, str] | None = None
        articled = self._articled_words(head)
        for other in sorted(others):
            if self.label_of.get(other) is not label:
                continue
            close = False
            if label in _NEAR_LABELS and near_names(head, other, articled, self._articled_words(other)):
                least: tuple[int, float] = (_GIVEN_SHARED, _GIVEN_SHARE) if given else (_NEAR_SHARED, 0.0)
            elif close_names(head, other, label):
                least, close = (_CLOSE_SHARED, _CLOSE_SHARE), True
            else:
                continue
            theirs = self._head_articles(other)
            n, m = len(mine), len(theirs)
            if (m, head) <= (n, other) or not mine.isdisjoint(theirs) \
                    or (min(n, m) > _NEAR_RARE and (close or max(n, m) > _NEAR_RATIO * min(n, m))):
                continue
            shared = self._near_context(head, mine, other, theirs, *least)
            if shared is not None and (best is None or (m, other) > best[:2]):
                best = (m, other, shared)
        return (best[1], best[2]) if best else None

    def _near_context(self, head: str, mine: set[int], other: str, theirs: set[int], least: int,
                      share: float = 0.0) -> str | None:
        """The keys two heads' articles share (a detail for the reason), where they tell one story:
        ``least`` keys at least besides the two's own names, and ``share`` of the fewer's keys."""
        days = {d for a in mine if (d := _day(self.articles[a].meta[1])) is not None}
        if not any(abs(d - e) <= _NEAR_DAYS for a in theirs if (d := _day(self.articles[a].meta[1])) is not None
                   for e in days):
            return None
        own = {head, other, *self._variants(head), *self._variants(other)}
        own.update(g for key in (head, other) if (g := scoped_given_name(key)) is not None)

        def keys(arts: set[int]) -> set[str]:
            return {k for a in arts for k in self.article_keys.get(a, ()) if k not in own and not listed_place(k)}

        ka, kb = keys(mine), keys(theirs)
        shared = ka & kb
        if len(shared) < least or len(shared) < share * min(len(ka), len(kb)):
            return None
        return CONTEXT_SEPARATOR.join(sorted(shared)[:3])

    def _members_raw(self, ek: str) -> Iterator[tuple[int, int, int]]:
        """(mention id, its own label's code, article) of the mentions linked to key ``ek`` (before spelling merges)."""
        for a in _some(self.ek_articles.get(ek)):
            art = self.articles[a]
            for j, e in zip(art.order, self._eks(a, art)):
                if e == ek:
                    yield art.ids[j], art.codes[j] >> 1, a

    # -- every mention's link --------------------------------------------------------------------
    def take_pending(self) -> set[int]:
        """The articles whose links may have changed since this was last called (and forget them)."""
        out, self.pending = self.pending, set()
        return out

    def article_links(self, a: int) -> Iterator[tuple[LinkResult, str]]:
        """Each keyed mention's link in article ``a`` (text order), with the mention's text."""
        art = self.articles.get(a)
        if art is None:
            return
        slots, pairs = self.resolved.raw()
        ids, texts, variant_of, final_label = art.ids, art.texts, self.variant_of, self.final_label
        for j, k, ek in zip(art.order, art.keys, self._eks(a, art)):
            mid = ids[j]
            reason = pairs[slots[mid] - 1][1]
            merged = variant_of.get(ek)
            if merged is not None:
                # an outlet's names (its own, after a media noun, named as it) are one entity: the
                # outlet's, no spelling of another name
                named_outlet = outlet_base(ek) is not None
                ek = merged
                reason = Reason.OUTLET.value if named_outlet else Reason.SPELLING.value
            elif not reason and k == unmarked(ek):
                reason = Reason.SAME_NAME.value
            near = self.near_of.get(ek)
            if near is not None:
                ek = self._near_root(ek)
                reason = stored(Reason.SPELLING_IN_STORY if scoped_given_name(near[0]) is None else Reason.GIVEN_NAME_IN_STORY, near[1])
            elif ek in self.near_from and scoped_given_name(ek) is not None:
                # the article whose person the others of the story join: no longer its own alone
                reason = stored(Reason.GIVEN_NAME_IN_STORY, self.near_of[min(self.near_from[ek])][1])
            yield LinkResult(mid, k, ek, final_label[ek], reason), texts[j]

    def links(self) -> Iterator[LinkResult]:
        """Every keyed mention's link, article by article (nothing per mention is held meanwhile)."""
        for a in self.articles:
            for res, _ in self.article_links(a):
                yield res

    def results(self) -> dict[int, LinkResult]:
        """Every keyed mention's link, by mention id in increasing order (mentions without a key have none)."""
        return {r.mention_id: r for r in sorted(self.links(), key=lambda r: r.mention_id)}

    def entity_articles(self, ek: str) -> set[int]:
        """The articles holding a mention of entity ``ek`` (its spelling variants' included)."""
        out: set[int] = set()
        for key in self._joined(ek):
            out.update(_some(self.ek_articles.get(key)))
        return out

    def form_articles(self, key: str) -> set[int]:
        """The articles holding a mention whose own key is ``key``."""
        out: set[int] = set()
        for surface in _some(self.key_surfaces.get(key)):
            users = self.surface_articles.get(surface)
            out.update((users,) if isinstance(users, int) else users or ())
        return out

    def members(self, ek: str) -> Iterator[tuple[int, str, str, int]]:
        """(mention id, own key, text, article) of every mention of entity ``ek``."""
        for a in self.entity_articles(ek):
            art = self.articles[a]
            for j, k, e in zip(art.order, art.keys, self._eks(a, art)):
                if self._near_root(self.variant_of.get(e, e)) == ek:
                    yield art.ids[j], k, art.texts[j], a

    def mention_at(self, a: int, start: int, end: int) -> int | None:
        """The mention of article ``a`` on [start, end), else the first one overlapping it."""
        art = self.articles.get(a)
        if art is None:
            return None
        spans = art.spans
        found = [j for j in range(len(art.ids)) if spans[2 * j] < end and spans[2 * j + 1] > start]
        exact = [j for j in found if spans[2 * j] == start and spans[2 * j + 1] == end]
        return art.ids[(exact or found)[0]] if found else None


def _weight(code: int, own: str, ek: str) -> int:
    """A mention's type vote: the researcher's mark, then a name's own mention of several words,
    then any other (see _NAME_VOTE)."""
    return _USER_VOTE if code & 1 else _NAME_VOTE if own == ek and " " in ek else 1


def _winner(flat: Sequence[int]) -> Label:
    """The label with most votes of [label code, votes, first mention id, ...] (one label may
    come several times: the votes of keys joined); a tie goes to the label of the first mention by id."""
    votes: dict[int, list[int]] = {}
    for i in range(0, len(flat), 3):
        vote = votes.setdefault(flat[i], [0, flat[i + 2]])
        vote[0] += flat[i + 1]
        vote[1] = min(vote[1], flat[i + 2])
    return _LABELS[max(votes.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0]]


def _size(flat: Sequence[int]) -> tuple[int, int]:
    """How much a key weighs in its spelling group: its votes, then its first mention (earlier first)."""
    return sum(flat[1::3]), -min(flat[2::3])


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
