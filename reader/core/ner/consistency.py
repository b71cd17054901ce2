"""Consistency across a document: a post-pass over any backend's IOB2 tags.

News introduces a name once ("الرئيس الفرنسي إيمانويل ماكرون") and then repeats it, often
bare, with clitics ("وماكرون") or as a surname alone. A tagger looking at one sentence misses
some repeats; this pass tags them the way the document already tagged the name. Its steps run
in one visible order (``STEPS``), each a named function over one ``Doc``, and any of them can be
left out by name (``propagate(..., disable=("patterns",))``). Each was measured with the
default model (the encoder) on ANERcorp dev and the link golds, held-out included
(``bench/ner_rules.py``, table in the encoder's model card); those that did not pay on held-out
text were removed.

1. ``lexicon``: the user's names win over the model and are locked (``lexicon.py``);
   ``doubtful``: a one-word name the model was unsure of goes unless the document names it
   with confidence or a name list knows it (backends that give a confidence: the encoder);
2. ``patterns``: generic places and bodies (``patterns.py``); the document's other spans of the
   same words follow a pattern's type; ``place_phrases``: a listed place of several words the
   model cut or missed is one place;
3. ``body_adjectives``: a body's name the model cut before its nisbas or the fields joined to its
   own takes them; ``split_affiliations`` and ``person_bounds`` (``mending.py``): a person split
   from the club or body in front of them; a father's name after بن, and the family name after
   it, join the person;
4. ``carry``: every entity gives its words (the first with or without proclitics) a vote for
   its type, a person's surname too; untagged occurrences are tagged when the votes agree and
   the name was tagged often enough (``min_share``), or a pattern found it, or it is a listed town;
   never where one has the article and the other not (حديث in نادي حديث الأمة; التاريخ الحديث);
5. ``person_shapes``: a given name and a family name typed a body are a person; ``one_type``:
   a name the document tags one way at least three times as often as another is that type
   everywhere in it; ``adjacent_people``: a person cut in two is one; ``told``: a name quoted after لـ (قال لـ«X»), or a news
   outlet's name in quotes, is a body (the paper, not the region: «الشرق الأوسط»);
   ``coordinated_places``: listed places beside a tagged place are places;
6. ``honorifics``: an honorific title (خادم الحرمين الشريفين, ``non_names.py``) joins the
   person it precedes, and alone elsewhere in the document it is that person's mention;
7. ``roles``: so does a role of several words (وزير الدفاع, ``roles.py``) that recurs alone
   after introducing a person. ANERcorp tags no roles: ``reader tag --conll`` leaves it out.

It works on tokens, so ``reader tag --conll`` (windows of consecutive sentences) and
``find_spans`` (one article) share it; span offsets are built afterwards.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Sequence

from reader.core.arabic import normalise, strip_article
from reader.core.ner.gazetteer import word_keys
from reader.core.ner.lexicon import Lexicon
from reader.core.ner.mending import adjacent_people, name_like, person_bounds, set_span, split_affiliations, split_coordinated, tag_spans, teams
from reader.core.ner.non_names import honorific_names
from reader.core.ner.patterns import PLACE_TRIGGERS, apply_patterns, bare, body_adjectives, coordinated_places
from reader.core.ner.roles import role_names
from reader.core.outlets import outlet_names
from reader.core.spelling import family_names, first_names, given_names
from reader.core.words import (COMMON_TOWN_WORDS, EVENT_HEADS, GENERIC_HEADS, KIN, ORDINALS, PERSON_STARTS, PERSON_TITLES, STARRING,
                               UNLISTED_NATIONS)

__all__ = ["propagate", "country_nisba", "Doc", "Edit", "STEPS", "STEP_NAMES", "APP_ONLY_STEPS", "DOC_SENTENCES", "MIN_SHARE"]

# Sentences that count as one document where the input has no article boundaries
# (the CoNLL stream); the same window the model's document-evidence features use.
DOC_SENTENCES = 64
# A sequence is propagated when tagged / (tagged + untagged occurrences) reaches this.
MIN_SHARE = 0.25
# A one-word name the model gives less than this probability of being a name (1 − P(O)) needs
# the document's backing (``_doubtful``).
MIN_CONFIDENCE = 0.8
# The same for the model's "other" (MISC), its loosest guess: a lone common noun in quotes or a
# substance (البوتاسيوم, الكراسي, فواكه) it calls other at 0.8 to 0.9. ANERcorp dev: MISC precision
# 0.583 → 0.596 at 0.9, recall unchanged (0.95 costs recall).
MIN_OTHER_CONFIDENCE = 0.9
# Votes for the winning label among the tagged occurrences must reach this share.
MIN_AGREEMENT = 0.75

_Key = tuple[str, ...]


def _surname(norms: Sequence[str], s: int, e: int) -> bool:
    """Whether the last word of person span [s, e) can stand alone as a short form.

    Measured on dev: regnal numbers (الثاني) and feminine epithets (الكريمة) are no
    surnames, nor is the last word of a kunya or patronymic (أبو طالب).
    """
    last = norms[e - 1]
    if last.startswith("ال") and (last in ORDINALS or last.endswith("ه")):
        return False
    return (e - s >= 2 and name_like(last)
            and norms[e - 2] not in KIN and strip_kin(norms[e - 2]) not in KIN)


def strip_kin(norm: str) -> str:
    return norm[1:] if norm[:1] in "وفبل" and len(norm) > 3 else norm


def country_nisba(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[str], bool]:
    """A test for nisba adjectives of listed countries (الليبي, والقطري, السعودي, النمساوي),
    from name lists indexed by first word (``Gazetteer.first``): such a word is no surname."""
    def test(norm: str) -> bool:
        for k in word_keys(norm):
            if k.startswith("ال") and k.endswith("ي") and len(k) >= 5:
                st = k[2:-1]
                if st in UNLISTED_NATIONS:
                    return True
                cands = [st, st + "ا", st + "يا", "ال" + st, "ال" + st + "يه"]
                if st.endswith("و"):  # النمساوي: النمسا
                    cands += [st[:-1], "ال" + st[:-1]]
                for cand in cands:
                    if any(cat == "COUNTRY" and not rest for rest, cat in first.get(cand, ())):
                        return True
        return False
    return test


def _listed_as(first: dict[str, list[tuple[tuple[str, ...], str]]], kinds: AbstractSet[str]) -> Callable[[str], bool]:
    """A test for one-word names of these kinds in the name lists (``Gazetteer.first``), as
    written or after a proclitic (``word_keys``)."""
    def test(norm: str) -> bool:
        return any(cat in kinds and not rest for k in word_keys(norm) for rest, cat in first.get(k, ()))
    return test


def listed_country(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[str], bool]:
    """A test for one-word countries in the name lists (``Gazetteer.first``), clitics allowed."""
    return _listed_as(first, {"COUNTRY"})


def listed_first_name(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[str], bool]:
    """A test for given names in the name lists (``Gazetteer.first``), clitics allowed (لخليل)."""
    return _listed_as(first, {"PFIRST"})


def listed_place(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[str], bool]:
    """A test for one-word places in the name lists (``Gazetteer.first``), as written or after
    a conjunction و (ولحج); no other clitic, and no common word that is also a town (وكان)."""
    def listed(k: str) -> bool:
        return k not in COMMON_TOWN_WORDS and any(cat in ("CITY", "COUNTRY") and not rest for rest, cat in first.get(k, ()))

    def test(norm: str) -> bool:
        return listed(norm) or (norm.startswith("و") and listed(norm[1:]))
    return test


def listed_place_phrase(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[Sequence[str], int], int]:
    """A test for places of several words in the name lists (``Gazetteer.first``): how many words
    from ``norms[i]`` one spans, the longest (0: none; ديار بكر, مرسى مطروح, خان يونس). Not one
    that starts like a person's name (a given name, أبو, بن)."""
    def test(norms: Sequence[str], i: int) -> int:
        w = norms[i]
        if w in PERSON_STARTS or w in given_names():
            return 0
        best = 0
        for rest, cat in first.get(w, ()):
            n = len(rest)
            if cat in ("CITY", "COUNTRY") and n and n + 1 > best and tuple(norms[i + 1:i + 1 + n]) == rest:
                best = n + 1
        return best
    return test


# Name-list kinds that make a one-word name (not a title, a month or a day)
_NAME_KINDS = frozenset({"PFIRST", "PLAST", "PNAME", "CITY", "COUNTRY", "LOC", "ORG", "FAC"})


def listed_name(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[str], bool]:
    """A test for one-word names of any kind in the name lists (a given or family name, a place,
    a body), as written or after a proclitic (والزاهري, لسامر)."""
    return _listed_as(first, _NAME_KINDS)


def _apply_lexicon(norms: list[list[str]], tags: list[list[str]], lexicon: Lexicon) -> list[list[bool]]:
    locked = [[False] * len(s) for s in norms]
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        matches = lexicon.match(s_norms)
        if not matches:
            continue
        spans = tag_spans(s_tags)
        for a, b, lab in matches:
            if lab is None:  # rejected by the user: drop a model span of exactly this extent
                for s, e, _ in spans:
                    if (s, e) == (a, b):
                        s_tags[s:e] = ["O"] * (e - s)
                continue
            typ = lab.value
            if any(s <= a and b <= e and t == typ for s, e, t in spans):
                for t in range(a, b):
                    s_lock[t] = True
                continue  # the model already has it, maybe inside a longer name: keep that
            for s, e, _ in spans:
                if s < b and a < e:
                    s_tags[s:e] = ["O"] * (e - s)
            set_span(s_tags, a, b, typ)
            for t in range(a, b):
                s_lock[t] = True
    return locked


def _retype_as_patterns(norms: Sequence[Sequence[str]], before: Sequence[Sequence[str]], tags: list[list[str]],
                        locked: list[list[bool]]) -> set[_Key]:
    """The model's spans of a name that a pattern typed take the pattern's type (in place);
    returns the names patterns typed.

    A pattern types a name from the word before it (صحيفة "X": a newspaper); where the
    model met the same words without that word it may have typed them otherwise (X as a
    work of art). The pattern's evidence is the stronger, so the document follows it.
    """
    typed: dict[_Key, set[str]] = {}
    for s_norms, s_before, s_tags in zip(norms, before, tags):
        for s, e, typ in tag_spans(s_tags):
            # a span a pattern made, retyped, or cut out of a longer model span
            if s_tags[s:e] != list(s_before[s:e]) or (e < len(s_tags) and s_before[e].startswith("I-")):
                typed.setdefault(tuple(s_norms[s:e]), set()).add(typ)
    if not typed:
        return set()
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for s, e, typ in tag_spans(s_tags):
            if any(s_lock[s:e]):
                continue
            types = typed.get(tuple(s_norms[s:e]))
            # not a town to a body: a newspaper or club named after a town leaves the town a place
            if types and len(types) == 1 and typ not in types and not (typ == "LOC" and "ORG" in types):
                set_span(s_tags, s, e, next(iter(types)))
    return set(typed)


@dataclass(frozen=True, slots=True)
class Edit:
    """A span one step of the post-pass added or took away: ``sentence``, tokens ``start`` to
    ``end`` (exclusive), its type; ``added`` false for a span that went (a retyped or resized
    span is one that went and one added)."""

    step: str
    sentence: int
    start: int
    end: int
    label: str
    added: bool


@dataclass
class Doc:
    """One document as the post-pass sees it: normalised words and IOB2 tags by sentence, the
    tokens the user's lexicon set (locked: no step changes them), and what steps learn for later
    ones; ``changes`` counts the tokens each step changed (``bench/ner_rules.py`` reads it) and
    ``edits`` lists the spans each added or took away, in order: the post-pass's provenance."""

    norms: list[list[str]]
    tags: list[list[str]]
    locked: list[list[bool]]
    lexicon: Lexicon | None = None
    min_share: float = MIN_SHARE
    nisba: Callable[[str], bool] | None = None
    first_name: Callable[[str], bool] | None = None
    place_name: Callable[[str], bool] | None = None
    country_name: Callable[[str], bool] | None = None
    listed: Callable[[str], bool] | None = None
    place_phrase: Callable[[Sequence[str], int], int] | None = None
    # per token, the model's probability that it is part of a name (None: the backend gives none)
    confidence: list[list[float]] | None = None
    by_pattern: set[_Key] = field(default_factory=set)  # names a pattern found: carried whatever their share
    changes: dict[str, int] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)


def _lexicon(doc: Doc) -> None:
    if doc.lexicon:
        doc.locked = _apply_lexicon(doc.norms, doc.tags, doc.lexicon)


def _doubtful(doc: Doc) -> None:
    """A one-word name the model was unsure of (confidence under ``MIN_CONFIDENCE``, for "other"
    ``MIN_OTHER_CONFIDENCE``) is no name unless the document names it with confidence elsewhere,
    alone or inside a longer name, or a name list knows the word (a given or family name, a place, a body: ``listed``).

    Such lone guesses are most of a library's junk entities (a verb, a month, a common noun
    tagged once). A name the document is sure of keeps its doubtful repeats (الزاهري after
    سامر الزاهري); a listed town keeps its doubtful mention; library propagation
    (``reader.core.propagation``) still finds a name other articles confirm.
    """
    if doc.confidence is None:
        return
    sure: set[str] = set()
    doubtful: list[tuple[int, int]] = []
    for si, (s_norms, s_tags, s_conf) in enumerate(zip(doc.norms, doc.tags, doc.confidence)):
        for s, e, lab in tag_spans(s_tags):
            floor = MIN_OTHER_CONFIDENCE if lab == "MISC" else MIN_CONFIDENCE
            if e - s == 1 and s_conf[s] < floor and not doc.locked[si][s]:
                doubtful.append((si, s))
            else:
                sure.update(k for w in s_norms[s:e] for k in word_keys(w))
    for si, s in doubtful:
        word = doc.norms[si][s]
        if not sure.intersection(word_keys(word)) and not (doc.listed is not None and doc.listed(word)):
            doc.tags[si][s] = "O"


def _patterns(doc: Doc) -> None:
    """Generic patterns add places and bodies (``patterns.py``) before the votes: a name a pattern
    found is carried like the model's, and the model's spans of the same words take its type."""
    before = [list(t) for t in doc.tags]
    apply_patterns(doc.norms, doc.tags, doc.locked, places=True, bodies=True, first_name=doc.first_name,
                   place_name=doc.place_name)
    doc.by_pattern |= _retype_as_patterns(doc.norms, before, doc.tags, doc.locked)


def _place_phrases(doc: Doc) -> None:
    """A place of several words the name lists hold is one place where the model tagged none of
    it or a part of it that is no listed place (ديار بكر, of which it tagged «بكر»; جسر الشغور,
    الولايات المتحدة); not over a name it typed otherwise, nor inside a longer place, nor after
    a listed place it found (مكة, not «مكة المكرمة»; مصر, not «جمهورية مصر العربية»: linking
    knows those short names; a longer form beside them would split the place), nor after a place
    noun (مدينة X: the patterns name those)."""
    if doc.place_phrase is None:
        return
    for s_norms, s_tags, s_lock in zip(doc.norms, doc.tags, doc.locked):
        i = 0
        while i < len(s_norms):
            n = doc.place_phrase(s_norms, i)
            j = i + n
            if n and s_tags[i] in ("O", "B-LOC") and all(t in ("O", "B-LOC", "I-LOC") for t in s_tags[i:j]) \
                    and (j == len(s_tags) or s_tags[j] != "I-LOC") and not any(s_lock[i:j]) \
                    and s_tags[i:j] != ["B-LOC"] + ["I-LOC"] * (n - 1) and bare(s_norms[i], PLACE_TRIGGERS) is None \
                    and not any(t != "O" and doc.place_name is not None and doc.place_name(w)
                                for w, t in zip(s_norms[i:j], s_tags[i:j])):
                set_span(s_tags, i, j, "LOC")
                doc.by_pattern.add(tuple(s_norms[i:j]))
            i = j if n else i + 1


def _body_adjectives(doc: Doc) -> None:
    """A body's name cut before its nisbas takes them (وزارة الشؤون [الاجتماعية])."""
    body_adjectives(doc.norms, doc.tags, doc.locked)


def _split_affiliations(doc: Doc) -> None:
    split_affiliations(doc.norms, doc.tags, doc.locked)


def _person_bounds(doc: Doc) -> None:
    person_bounds(doc.norms, doc.tags, doc.locked, doc.first_name, doc.nisba)


def _split_coordinated(doc: Doc) -> None:
    split_coordinated(doc.norms, doc.tags, doc.locked, doc.place_name)


def _adjacent_people(doc: Doc) -> None:
    adjacent_people(doc.norms, doc.tags, doc.locked)


def _teams(doc: Doc) -> None:
    """A town the document calls masculine with a country's nisba (فالنسيا الإسباني) is a club."""
    if doc.nisba is not None and doc.country_name is not None:
        teams(doc.norms, doc.tags, doc.locked, doc.nisba, doc.country_name)


def _carry(doc: Doc) -> None:
    _carry_names(doc)


def _honorifics(doc: Doc) -> None:
    """An honorific title joins the person it precedes; alone elsewhere it stands for that person."""
    honorific_names(doc.norms, doc.tags, doc.locked, PERSON_TITLES)


def _roles(doc: Doc) -> None:
    """A role that introduced a person (وزير الدفاع X) stands for them alone later (``roles.py``)."""
    role_names(doc.norms, doc.tags, doc.locked, doc.first_name)


def _person_shapes(doc: Doc) -> None:
    """A span the model typed a body that is a person's name by its shape is a person: a listed
    given name (no article, no head noun; the model's wider list of first names too: رأفت),
    perhaps a father's, then a family name with the article, listed or a nisba that is no
    country's (رأفت الصباغ, سلطان العتواني after «المتحدث الرسمي للمركز»: the model read the
    body's spokesman as the body). No place nor field in it
    (زين السعودية, وفاء للتأمين are companies). ANERcorp train: 490 such spans are people, 3
    bodies."""
    given, families, firsts = given_names(), family_names(), first_names()
    for s_norms, s_tags, s_lock in zip(doc.norms, doc.tags, doc.locked):
        for s, e, typ in tag_spans(s_tags):
            words = s_norms[s:e]
            if typ != "ORG" or not 2 <= e - s <= 3 or any(s_lock[s:e]):
                continue
            last = words[-1]
            # a given name of the curated list or of the model's wider one («رافت»), no article
            first = words[0] in given or (words[0] in firsts and not words[0].startswith("ال"))
            if first and words[0] not in GENERIC_HEADS and all(w in firsts for w in words[1:-1]) \
                    and last.startswith("ال") and (last in families or (last.endswith("ي") and not (doc.nisba and doc.nisba(last)))) \
                    and not any(doc.place_name is not None and doc.place_name(w) for w in words):
                set_span(s_tags, s, e, "PERS")


def _one_type(doc: Doc) -> None:
    """A name the document tags with one type at least three times as often as with another
    (``MIN_AGREEMENT`` of the two, as the carry's votes) takes that type everywhere in it (the same words, the article aside): «الزاهرين» a
    body in five places is no place in the sixth."""
    seen: dict[tuple[str, ...], dict[str, int]] = {}
    for s_norms, s_tags in zip(doc.norms, doc.tags):
        for s, e, typ in tag_spans(s_tags):
            key = (strip_article(s_norms[s]), *s_norms[s + 1:e])
            v = seen.setdefault(key, {})
            v[typ] = v.get(typ, 0) + 1
    for s_norms, s_tags, s_lock in zip(doc.norms, doc.tags, doc.locked):
        for s, e, typ in tag_spans(s_tags):
            v = seen[(strip_article(s_norms[s]), *s_norms[s + 1:e])]
            best = max(v, key=lambda t: v[t])
            if best != typ and v[best] >= MIN_AGREEMENT * (v[best] + v[typ]) and not any(s_lock[s:e]):
                set_span(s_tags, s, e, best)


# Quotes around the name a statement was given to: قال لـ«X», أكد ل"X".
_TOLD_OPEN = frozenset('«"“')
_TOLD_CLOSE = frozenset('»"”')
_TO = normalise("ل")


@lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    """The news outlets' names the outlet table knows, normalised (الرياض, الشرق الاوسط)."""
    return frozenset(normalise(name) for name in outlet_names())


def _told(doc: Doc) -> None:
    """A place or other name in quotes that is the paper, channel or agency a statement was
    given to is a body: quoted right after the preposition لـ (قال لـ«X», أكد ل"X"), or a news
    outlet's name (``resources/outlets``) in quotes anywhere («الشرق الأوسط» in its own
    dateline; a region is never quoted). «الشرق الأوسط» so is the newspaper, not the region;
    "الرياض" the paper, not the city. After the type votes (``one_type``), which would take it
    back where the document names the place more."""
    for s_norms, s_tags, s_lock in zip(doc.norms, doc.tags, doc.locked):
        for s, e, typ in tag_spans(s_tags):
            if typ in ("LOC", "MISC") and s >= 1 and e < len(s_norms) and s_norms[s - 1] in _TOLD_OPEN \
                    and s_norms[e] in _TOLD_CLOSE and not any(s_lock[s:e]) \
                    and ((s >= 2 and s_norms[s - 2] == _TO) or " ".join(s_norms[s:e]) in _outlets()):
                set_span(s_tags, s, e, "ORG")


_EVENT_HEADS = frozenset(normalise(w) for w in EVENT_HEADS)


def _events(doc: Doc) -> None:
    """A body, place or person right after a competition's head noun names the competition:
    كأس [الاتحاد الأفريقي] is the cup, not the federation, كأس [ألمانيا] not the country, دوري
    [X] a league named after a sponsor, not the man. The head joins the span, which becomes an
    event (MISC). Not after the head with the article (بطل الدوري [النصر] is the club), nor a
    person after بطولة (من بطولة X: a film starring X). An event the model tagged stays as it
    is (كأس [السوبر]): joined, it became another entity than its name alone («السوبر»), which
    linking does not expand."""
    for s_norms, s_tags, s_lock in zip(doc.norms, doc.tags, doc.locked):
        for s, e, typ in tag_spans(s_tags):
            if not s or any(s_lock[s - 1:e]) or s_tags[s - 1].startswith("I-"):
                continue
            kind = bare(s_norms[s - 1], _EVENT_HEADS)  # untagged, or tagged alone (كأس][ألمانيا)
            if kind is not None and typ != "MISC" and not (kind == STARRING and typ == "PERS"):
                set_span(s_tags, s - 1, e, "MISC")


def _coordinated_places(doc: Doc) -> None:
    """Last: places listed beside the places tagged by now (the document's carried names included)."""
    if doc.place_name is not None:
        coordinated_places(doc.norms, doc.tags, doc.locked, doc.place_name)


# The post-pass, in the order it runs. Each step reads and mends one ``Doc``; ``propagate(...,
# disable=(...))`` leaves steps out by name. Measured one by one in the model card.
STEPS: tuple[tuple[str, Callable[[Doc], None]], ...] = (
    ("lexicon", _lexicon),  # the user's names win over the model (locked from here on)
    ("doubtful", _doubtful),  # the model's unsure one-word guesses the document does not back
    ("patterns", _patterns),
    ("place_phrases", _place_phrases),  # a listed place of several words the model cut or missed
    ("body_adjectives", _body_adjectives),  # a body's name the model cut before its nisbas
    ("split_affiliations", _split_affiliations),
    ("person_bounds", _person_bounds),
    ("split_coordinated", _split_coordinated),  # two names joined by و in one span: two spans
    ("teams", _teams),  # فالنسيا الإسباني: a town named masculine is its club, before it is carried
    ("carry", _carry),  # the document's names to their untagged occurrences (votes, shares)
    ("person_shapes", _person_shapes),  # a given name and a family name typed a body: a person
    ("one_type", _one_type),  # a name the document types one way is that type everywhere in it
    ("adjacent_people", _adjacent_people),  # two one-word people side by side, carried apart: one
    ("told", _told),  # قال لـ«X»: the paper, channel or agency told, a body
    ("events", _events),  # كأس [ألمانيا]: the cup, not the country (not in tag --conll)
    ("coordinated_places", _coordinated_places),
    ("honorifics", _honorifics),  # خادم الحرمين الشريفين: its person's span, and the person alone
    ("roles", _roles),  # وزير الدفاع X ... وزير الدفاع: the role alone is the person (not in tag --conll)
)
STEP_NAMES = tuple(name for name, _ in STEPS)
# Steps the app runs that the CoNLL path leaves out: ANERcorp's annotation has no such mentions.
APP_ONLY_STEPS = ("roles", "events")


def propagate(norms: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], lexicon: Lexicon | None = None,
              min_share: float = MIN_SHARE, enabled: bool = True, disable: Collection[str] = (),
              nisba: Callable[[str], bool] | None = None, first_name: Callable[[str], bool] | None = None,
              place_name: Callable[[str], bool] | None = None, listed: Callable[[str], bool] | None = None,
              place_phrase: Callable[[Sequence[str], int], int] | None = None,
              country_name: Callable[[str], bool] | None = None,
              confidence: Sequence[Sequence[float]] | None = None,
              doc: Doc | None = None) -> list[list[str]]:
    """New IOB2 tags for one document: sentences of normalised tokens and their tags.

    Runs ``STEPS`` in order, without those named in ``disable``; with ``enabled`` false only the
    lexicon. ``nisba`` (see ``country_nisba``) and the other name-list tests enable the steps
    that need them. A given ``doc`` receives the run (its ``changes`` per step).
    """
    unknown = set(disable) - set(STEP_NAMES)
    if unknown:
        raise ValueError(f"unknown post-pass steps {sorted(unknown)} (known: {', '.join(STEP_NAMES)})")
    d = doc if doc is not None else Doc([], [], [])
    d.norms, d.tags = [list(x) for x in norms], [list(t) for t in tags]
    d.locked = [[False] * len(x) for x in d.norms]
    d.lexicon, d.min_share = lexicon, min_share
    d.nisba, d.first_name, d.place_name, d.listed, d.place_phrase = nisba, first_name, place_name, listed, place_phrase
    d.country_name = country_name
    d.confidence = [list(c) for c in confidence] if confidence is not None else None
    for name, step in STEPS:
        if name in disable or (not enabled and name != "lexicon"):
            continue
        before = [list(t) for t in d.tags]
        step(d)
        changed = 0
        for i, (b, a) in enumerate(zip(before, d.tags)):
            if b == a:
                continue
            changed += sum(1 for x, y in zip(b, a) if x != y)
            old, new = set(tag_spans(b)), set(tag_spans(a))
            d.edits.extend(Edit(name, i, *span, added=False) for span in sorted(old - new))
            d.edits.extend(Edit(name, i, *span, added=True) for span in sorted(new - old))
        d.changes[name] = d.changes.get(name, 0) + changed
    return d.tags


_ARTICLE_RE = re.compile("^[وف]?[بك]?ال")


def _articled(norm: str) -> bool | None:
    """Whether a word has the article after its proclitics (والعراق, بالعراق: yes; وبغداد: no);
    None where لل may be ل + ال or ل + a word starting with ل (للعراق, لليبيا)."""
    if _ARTICLE_RE.match(norm):
        return True
    return None if re.match("^[وف]?لل", norm) else False


def _same_article(named: set[bool | None], here: bool | None) -> bool:
    """Whether an occurrence is the word the document named: a name without the article is
    another word with it (نادي حديث الأمة: حديث; التاريخ الحديث), and so is one with it without."""
    return here is None or None in named or here in named


def _carry_names(doc: Doc) -> None:
    """Every entity gives its normalised words (first word with or without proclitics) a vote
    for its type, a person's last word (the surname alone) and a club's second word too; an
    untagged occurrence is tagged when the votes agree and the name was tagged often enough
    relative to how often it was left untagged, or a pattern found it, or it is a listed town."""
    norms, out, locked, nisba = doc.norms, doc.tags, doc.locked, doc.nisba
    min_share, by_pattern, place_name = doc.min_share, doc.by_pattern, doc.place_name
    # votes: key variant → label → count; index: first word → keys that start with it
    votes: dict[_Key, dict[str, int]] = {}
    articled: dict[_Key, set[bool | None]] = {}  # whether the names voting for a key had the article
    for s_norms, s_tags in zip(norms, out):
        for s, e, typ in tag_spans(s_tags):
            rest = tuple(s_norms[s + 1:e])
            if e - s == 1 and not name_like(s_norms[s]):
                continue
            for k in word_keys(s_norms[s]):
                if len(k) >= 3:
                    v = votes.setdefault((k, *rest), {})
                    v[typ] = v.get(typ, 0) + 1
                    articled.setdefault((k, *rest), set()).add(_articled(s_norms[s]))
            if typ == "PERS" and _surname(s_norms, s, e) and not (nisba and nisba(s_norms[e - 1])):
                v = votes.setdefault((s_norms[e - 1],), {})
                v["PERS"] = v.get("PERS", 0) + 1
                articled.setdefault((s_norms[e - 1],), set()).add(_articled(s_norms[e - 1]))
    if not votes:
        return
    index: dict[str, list[_Key]] = {}
    for key in votes:
        index.setdefault(key[0], []).append(key)
    for keys in index.values():
        keys.sort(key=len, reverse=True)
    # untagged occurrences of each key (longest key first at each position)
    found: list[tuple[int, int, int, _Key]] = []
    untagged: dict[_Key, int] = {}
    for si, (s_norms, s_tags, s_lock) in enumerate(zip(norms, out, locked)):
        n = len(s_norms)
        i = 0
        while i < n:
            hit: _Key | None = None
            if s_tags[i] == "O" and not s_lock[i]:
                for k in word_keys(s_norms[i]):
                    for key in index.get(k, ()):
                        j = i + len(key)
                        if j <= n and tuple(s_norms[i + 1:j]) == key[1:] and all(
                                t == "O" for t in s_tags[i:j]) and not any(s_lock[i:j]) \
                                and _same_article(articled[key], _articled(s_norms[i])):
                            if hit is None or len(key) > len(hit):
                                hit = key
                            break
            if hit is None:
                i += 1
                continue
            untagged[hit] = untagged.get(hit, 0) + 1
            found.append((si, i, i + len(hit), hit))
            i += len(hit)
    for si, i, j, key in found:
        v = votes[key]
        typ, best = max(v.items(), key=lambda kv: kv[1])
        tagged = sum(v.values())
        if best < MIN_AGREEMENT * tagged:
            continue
        if typ == "ORG" and len(key) == 1 and key[0].endswith("ي") and key not in by_pattern:
            continue  # an adjective (العربي, عربي) is carried as no body, whatever one span said
        # Under the share, only a listed town or country goes on (tagged once, it is carried to all
        # its occurrences); not a word shaped like a feminine adjective (السعودية after a feminine
        # noun is "Saudi", left untagged by the model for that reason).
        # A pattern's name goes on too: a body's, or an indefinite place's (مدينة X; not مدينة
        # التمور, a themed "city" of dates).
        if tagged < min_share * (tagged + untagged[key]) and not (
                key in by_pattern and (typ == "ORG" or typ == "LOC" and not key[0].startswith("ال"))) and not (
                typ == "LOC" and len(key) == 1 and place_name is not None and place_name(key[0])
                and not (key[0].startswith("ال") and key[0].endswith("يه"))):
            continue
        set_span(out[si], i, j, typ)
