"""Patterns for places and bodies that the training data never named.

A tagger trained on ANERcorp knows the places and bodies of its 2007 news; a researcher's
articles name others (a province, a militia, a regional council). Two generic patterns find
them where the tagger left every word untagged:

* a **place trigger** without the article (محافظة, مدينة, مديرية, ولاية ...), in construct with
  the next word: that word is a place (محافظة X, ومدينة X, محافظتي X وY; a plural only before
  a list of names, محافظات X وY);
* a **body head** (مجلس, حركة, حزب, منظمة, التحالف, المقاومة ...) followed by its definite
  modifiers: the head and the modifiers are an organisation (مجلس X, التحالف X-ي);
* a **newspaper noun** (صحيفة, جريدة, مجلة) in construct with a name: the name is the
  newspaper, an organisation, even where the model read a city (صحيفة X, where X is a town).

The word lists are generic nouns, not names (``reader.core.words``). Each pattern is kept only
if it does not lower ANERcorp dev F1 and raises mention recall on real news (model card,
"Mention recall" table).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.core.arabic import strip_article
from reader.core.places import place_key, places
from reader.core.words import (AGENCY, AMOUNTS, BODY_DESCRIPTORS, BODY_HEADS, CHAIN_GENERIC, CLUB_TRIGGERS,
                               COMPANY_NOUNS, COMPASS, COURT, COURT_LEVELS, DIRECTORATES, ELATIVES, FOR_THE_NEWS,
                               GENERIC_MODIFIERS, INSTITUTIONS, LIST_STOPS, MEDIA_DUALS, MEDIA_TRIGGERS, MINISTRY, NAMED_BODIES,
                               NEWS_WORDS, NOT_NAMES, OF_THE_STATES, PATRON_TITLES, PATTERN_CLITICS, PATTERN_STARTS, PERSON_TITLES, PLACE_DUALS,
                               PLACE_PLURALS, PLACE_TRIGGERS, SHARE_WORDS, SHARES, SITES, SON_LINKS, STATE_NOUNS, VERBAL_HEADS,
                               REGION_NOUNS)

__all__ = ["apply_patterns", "bare", "body_adjectives", "coordinated_places", "PLACE_TRIGGERS", "BODY_HEADS",
           "MEDIA_TRIGGERS", "CLUB_TRIGGERS", "LIST_COMMAS"]


# Quotes that may stand between a newspaper's noun and its name: صحيفة "X".
_OPENING_QUOTES = frozenset('"«“')
_CLOSING_QUOTES = frozenset('"»”')
_CLITIC_LETTERS = frozenset(c[0] for c in PATTERN_CLITICS)


def bare(norm: str, words: frozenset[str]) -> str | None:
    """``norm`` without a leading conjunction/preposition if the rest is in ``words``."""
    if norm in words:
        return norm
    if norm[:1] not in _CLITIC_LETTERS:
        return None
    for c in PATTERN_CLITICS:
        if norm.startswith(c) and norm[len(c):] in words:
            return norm[len(c):]
    return None


def _definite(norm: str) -> bool:
    return len(norm) > 4 and (norm.startswith("ال") or norm.startswith("لل"))


def _name_word(norm: str) -> bool:
    return len(norm) >= 2 and norm not in NOT_NAMES and not any(c.isdigit() for c in norm) and norm.isalpha()


def apply_patterns(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]],
                   places: bool = True, bodies: bool = True,
                   first_name: Callable[[str], bool] | None = None,
                   place_name: Callable[[str], bool] | None = None) -> None:
    """Tag pattern matches whose words are all untagged (in place).

    ``first_name``: a test for listed given names; with it, a person's title followed by a given
    name and one more name word is a person (المشير X Y, where the model doubts X: a given name
    that is also a common noun). ``place_name``: a test for listed places (see ``_place_noun``).
    """
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        _apply_in_sentence(s_norms, s_tags, s_lock, places, bodies, first_name, place_name)


# The heads whose span body_adjectives extends: a body's, and a directorate's (مديرية الشؤون).
_ADJECTIVE_HEADS = BODY_HEADS | DIRECTORATES


def body_adjectives(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]]) -> None:
    """A body's name the model cut before its adjectives takes them (in place): a span of a body
    head (or مديرية) and a definite genitive (وزارة الشؤون, حزب العمال, اتحاد كرة القدم) followed by definite
    nisbas (الاجتماعية, الكردستاني, الفلسطيني; not a descriptor: ``BODY_DESCRIPTORS``) ends after
    them, at most two. The nisba tells one body from another of the same words (the Palestinian
    football federation is not the Saudi one); a club's name of one word keeps its country
    outside (برشلونة الإسباني).

    A news agency's noun and «أنباء» that the model cut from the name after it (وكالة أنباء |
    الشرق الأوسط, | السعودية) take that name, whatever its type.

    And a body's span that ends in its field (a لل- word) takes the fields joined to it by و
    (الهيئة العامة للزهور [والأعشاب], جمعية الأفق للثقافة [والفنون]), at most two, with their
    nisbas: the model read the field as the name's, so what is coordinated with it is too.

    A body's span followed by «لدول» and a name the model found (a region, a group of states)
    takes them: the states a regional body is of are part of its name (مجلس التعاون [لدول الخليج
    العربية], which the model cut into a body and a "place" «الخليج العربية»).
    """
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for s in [k for k, t in enumerate(s_tags) if t == "B-ORG"]:
            e = _span_end(s_tags, s)
            if e - s >= 2 and e < len(s_tags) and s_tags[e].startswith("B-") and not any(s_lock[s:_span_end(s_tags, e)]) \
                    and bare(s_norms[s], AGENCY) and all(w in NEWS_WORDS for w in s_norms[s + 1:e]):
                # وكالة أنباء | الأناضول: a news agency's noun is nothing without the name after it
                for k in range(e, _span_end(s_tags, e)):
                    s_tags[k] = "I-ORG"
                e = _span_end(s_tags, s)
            _coordinated_fields(s_norms, s_tags, s_lock, s, e)
            if e + 1 < len(s_norms) and s_norms[e] == OF_THE_STATES and s_tags[e] == "O" and s_tags[e + 1].startswith("B-") \
                    and not any(s_lock[e:_span_end(s_tags, e + 1)]):
                for k in range(e, _span_end(s_tags, e + 1)):
                    s_tags[k] = "I-ORG"
                e = _span_end(s_tags, s)
            if e - s < 2 or bare(strip_article(s_norms[s]), _ADJECTIVE_HEADS) is None or not _definite(s_norms[e - 1]):
                continue
            j = e
            while j < len(s_norms) and j - e < 2 and s_tags[j] == "O" and not s_lock[j] and _definite(s_norms[j]) \
                    and _nisba_like(s_norms[j]) and s_norms[j] not in NOT_NAMES and s_norms[j] not in BODY_DESCRIPTORS:
                s_tags[j] = "I-ORG"
                j += 1


# The most fields joined by و that a body's name takes after its own (والأعشاب, والفنون).
_MAX_FIELDS = 2
# Heads that start another body after و, no field (المؤسسة العامة للموانئ والشركة الكرمستانية ...).
_OTHER_BODIES = BODY_HEADS | INSTITUTIONS | COMPANY_NOUNS | frozenset({MINISTRY})


def _coordinated_fields(s_norms: Sequence[str], s_tags: list[str], s_lock: Sequence[bool], s: int, e: int) -> None:
    """The body_adjectives step's fields: a span [s, e) of two words or more ending in a field
    (للزهور) takes the definite words joined to it by و (والأعشاب) and their nisbas, in place."""
    last = s_norms[e - 1]
    if e - s < 2 or not (last.startswith("لل") and len(last) > 4):
        return
    j, taken = e, 0
    while taken < _MAX_FIELDS and j < len(s_norms) and s_tags[j] == "O" and not s_lock[j] \
            and s_norms[j].startswith("وال") and len(s_norms[j]) > 4 and s_norms[j][1:] not in NOT_NAMES \
            and strip_article(s_norms[j][1:]) not in _OTHER_BODIES:
        s_tags[j] = "I-ORG"
        j, taken = j + 1, taken + 1
        while j < len(s_norms) and s_tags[j] == "O" and not s_lock[j] and _definite(s_norms[j]) \
                and _nisba_like(s_norms[j]) and s_norms[j] not in BODY_DESCRIPTORS:
            s_tags[j] = "I-ORG"
            j += 1


def coordinated_places(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]],
                       place_name: Callable[[str], bool]) -> None:
    """A listed place (``place_name``) joined by و or a comma to a one-word place already tagged
    is a place (عدن ولحج; جدة، رابغ، الليث), in place; and a region's noun the model tagged a place
    alone before a place is one place with it (ريف دمشق, a governorate: «ريف» alone was an entity)."""
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        _coordinated(s_norms, s_tags, s_lock, place_name)
        _place_lists(s_norms, s_tags, s_lock, place_name)
        _regions(s_norms, s_tags, s_lock)


def _regions(s_norms: Sequence[str], s_tags: list[str], s_lock: Sequence[bool]) -> None:
    """ريف][دمشق → [ريف دمشق], وادي][الزاهر → [وادي الزاهر]: a one-word place that is a region's or
    a landform's noun without the article (``REGION_NOUNS``), right before a place or a definite
    name word, is one place with it; alone it names nothing."""
    for i in range(len(s_norms) - 1):
        if s_tags[i] != "B-LOC" or not bare(s_norms[i], REGION_NOUNS) or s_lock[i] or s_lock[i + 1]:
            continue
        if s_tags[i + 1] == "B-LOC" or (s_tags[i + 1] == "O" and _definite(s_norms[i + 1])
                                         and _name_word(s_norms[i + 1])):
            s_tags[i + 1] = "I-LOC"


# A comma list whose items are places: at least this many items known as places (tagged, or
# listed one-word towns), and none tagged as anything else; then its other items are places too.
_MIN_LIST_PLACES = 3


def _place_lists(s_norms: Sequence[str], s_tags: list[str], s_lock: list[bool], place_name: Callable[[str], bool]) -> None:
    """Places listed with commas (X، Y، Z وW): when enough items are known places, all are (in place).

    Items are one or two words; the last may join with و. A town no list holds (a small
    governorate) is then tagged by the company it keeps.
    """
    if not any(w in LIST_COMMAS for w in s_norms):  # three items take a comma at least
        return
    n = len(s_norms)
    k = 0
    while k < n:
        items: list[tuple[int, int]] = []  # [start, end) of each item
        i = k
        while i < n:
            j = i
            while j < n and j - i < 2 and s_norms[j].isalpha() and not (j > i and s_norms[j].startswith("و")):
                j += 1
            if j == i or (j < n and s_norms[j].isalpha() and not s_norms[j].startswith("و")):
                break  # no item here, or a longer phrase: the list ends
            items.append((i, j))
            if j < n and s_norms[j] in LIST_COMMAS:
                i = j + 1
            elif j < n and s_norms[j].startswith("و") and len(s_norms[j]) > 3 and items and len(items) >= 2:
                i = j  # the last item, joined by و
                end = i + 1
                if end >= n or not s_norms[end].isalpha():
                    items.append((i, end))
                break
            else:
                break
        if len(items) >= _MIN_LIST_PLACES:
            known = sum(1 for a, b in items if s_tags[a] == "B-LOC"
                        or (b - a == 1 and s_tags[a] == "O" and place_name(s_norms[a])))
            other = any(t != "O" and not t.endswith("-LOC") for a, b in items for t in s_tags[a:b])
            if known >= _MIN_LIST_PLACES and not other:
                for a, b in items:
                    if b - a == 2 and s_norms[a] in NOT_NAMES:
                        a += 1  # the first item after the verb: هي جدة، ...
                    if all(t == "O" for t in s_tags[a:b]) and not any(s_lock[a:b]) \
                            and not (s_norms[a].startswith("ال") and s_norms[a].endswith("يه")) \
                            and all(w not in NOT_NAMES for w in s_norms[a:b]):
                        s_tags[a:b] = ["B-LOC"] + ["I-LOC"] * (b - a - 1)
            k = max(k + 1, items[-1][1])
        else:
            k += 1


def _coordinated(s_norms: Sequence[str], s_tags: list[str], s_lock: list[bool], place_name: Callable[[str], bool]) -> None:
    n = len(s_norms)
    free = [t == "O" and not lk for t, lk in zip(s_tags, s_lock)]

    def item(k: int) -> bool:
        """Word ``k`` stands alone between list separators (X، Y، Z وW)."""
        return not (s_norms[k].startswith("ال") and s_norms[k].endswith("يه")) and (  # الهندية: an adjective
            k + 1 == n or s_norms[k + 1] in LIST_COMMAS or s_norms[k + 1] in _LIST_ENDS
            or s_norms[k + 1].startswith("و") and s_norms[k + 1].isalpha())

    for k in range(1, n):  # after a place, left to right so a list carries on: X وY, X، Y
        if not free[k] or len(s_norms[k]) <= 2:
            continue
        if s_tags[k - 1] in ("B-LOC", "I-LOC") and s_norms[k].startswith("و") and len(s_norms[k]) > 3 \
                and place_name(s_norms[k]):
            s_tags[k], free[k] = "B-LOC", False
        elif k >= 2 and s_norms[k - 1] in LIST_COMMAS and s_tags[k - 2] == "B-LOC" and item(k) \
                and not s_norms[k].startswith("و") and place_name(s_norms[k]):
            s_tags[k], free[k] = "B-LOC", False
    for k in range(n - 2, -1, -1):  # before a place: X وY, X، Y
        if not free[k] or len(s_norms[k]) <= 2 or s_norms[k].startswith("و") \
                or not (s_tags[k + 1] == "B-LOC" or k + 2 < n and s_tags[k + 2] == "B-LOC") or not place_name(s_norms[k]):
            continue
        if s_tags[k + 1] == "B-LOC" and s_norms[k + 1].startswith("و"):
            s_tags[k], free[k] = "B-LOC", False
        elif k + 2 < n and s_norms[k + 1] in LIST_COMMAS and s_tags[k + 2] == "B-LOC" and item(k + 2) \
                and (k == 0 or s_norms[k - 1] in LIST_COMMAS or not s_norms[k - 1].isalpha() or s_tags[k - 1] == "O"):
            s_tags[k], free[k] = "B-LOC", False


# Commas between the items of a list (Arabic and Latin).
LIST_COMMAS = frozenset({"،", ","})
_LIST_ENDS = frozenset(".:؛;)»\"")


def _apply_in_sentence(s_norms: Sequence[str], s_tags: list[str], s_lock: list[bool], places: bool, bodies: bool,
                       first_name: Callable[[str], bool] | None, place_name: Callable[[str], bool] | None = None) -> None:
    """The title, place and body patterns in one sentence (in place), left to right: at each
    word the first pattern that matches tags its words and the scan goes on after them."""
    n = len(s_norms)
    if bodies:  # a span that starts with a body's head is a body, whatever the model called it
        for k in range(n - 1):
            if s_tags[k][:2] == "B-" and s_tags[k] != "B-ORG" and s_tags[k + 1] == "I-" + s_tags[k][2:] \
                    and not s_lock[k] and bare(s_norms[k], BODY_HEADS):
                typ, s_tags[k] = s_tags[k][2:], "B-ORG"
                j = k + 1
                while j < n and s_tags[j] == "I-" + typ:
                    s_tags[j] = "I-ORG"
                    j += 1
    sent = _Sentence(s_norms, s_tags, s_lock, [t == "O" and not lk for t, lk in zip(s_tags, s_lock)])
    matchers: list[Callable[[_Sentence, int], int | None]] = []
    if first_name is not None:
        matchers.append(lambda st, i: _titled_person(st, i, first_name))
    if bodies:  # before the place noun: مدينة الملك فهد الطبية is a body, not a town named الملك
        matchers.append(_institution)
    if places:
        matchers += [_state_name, _listed_places, lambda st, i: _place_noun(st, i, place_name)]
    if bodies:
        matchers += [_named_after_noun, _company, _named_body, _body]
    i = 0
    while i < n:
        if bare(s_norms[i], PATTERN_STARTS) is None:  # most words start no pattern
            i += 1
            continue
        for match in matchers:
            nxt = match(sent, i)
            if nxt is not None:
                i = nxt
                break
        else:
            i += 1


@dataclass(slots=True)
class _Sentence:
    """One sentence as the patterns see it: normalised words, tags (changed in place), the
    researcher's locks, and which words are still free (untagged, unlocked)."""
    norms: Sequence[str]
    tags: list[str]
    lock: Sequence[bool]
    free: list[bool]


def _titled_person(st: _Sentence, i: int, first_name: Callable[[str], bool]) -> int | None:
    """A title, a given name and one more name word: الرئيس X Y. The given name is neither
    definite (the title's adjective: الرئيس اليمني, النائب الثاني) nor a function word (على,
    normalised like علي: أكد الرئيس على وجود)."""
    w, free, norms = st.norms[i], st.free, st.norms
    if i + 2 < len(norms) and free[i + 1] and free[i + 2] and bare(w, PERSON_TITLES) \
            and first_name(norms[i + 1]) and not _definite(norms[i + 1]) and norms[i + 1] not in NOT_NAMES \
            and _name_word(norms[i + 2]) and not _definite(norms[i + 2]) and norms[i + 2] not in NOT_NAMES:
        st.tags[i + 1], st.tags[i + 2] = "B-PERS", "I-PERS"
        free[i + 1] = free[i + 2] = False
        return i + 3
    return None


_STATE_NAME_WORDS = 4


def _state_name(st: _Sentence, i: int) -> int | None:
    """A state's official name (الجمهورية اليمنية, والمملكة الأردنية الهاشمية): its noun and the
    adjectives after it, as long as the place lists hold the words as a country's name; where
    the model tagged the noun alone a place, the name takes the adjectives."""
    norms, tags, free = st.norms, st.tags, st.free
    alone = tags[i] == "B-LOC" and not st.lock[i] and (i + 1 == len(norms) or tags[i + 1] != "I-LOC")
    noun = bare(norms[i], STATE_NOUNS)
    if not (free[i] or alone) or noun is None:
        return None
    j = i + 1
    while j < len(norms) and j - i < _STATE_NAME_WORDS and free[j] and _definite(norms[j]):
        j += 1
    for end in range(j, i + 1, -1):
        if place_key(" ".join([noun, *norms[i + 1:end]])) in places().country_of:
            return _tag_body(tags, free, i, end, "LOC")
    return None


def _listed_places(st: _Sentence, i: int) -> int | None:
    """A plural place noun before a list of names: محافظات X وY وZ, every item a place (the
    ones the model tagged kept as they are)."""
    norms, tags, free = st.norms, st.tags, st.free
    if free[i] and i + 2 < len(norms) and bare(norms[i], PLACE_PLURALS) and _place_item(tags, free, i + 1) \
            and _name_word(norms[i + 1]) and not norms[i + 1].startswith(("ال", "و")) \
            and _and_item(norms, tags, free, i + 2):
        j = i + 1
        while j < len(norms) and (j == i + 1 or _and_item(norms, tags, free, j)):
            if free[j]:
                tags[j], free[j] = "B-LOC", False
            j += 1
        return j
    return None


def _place_noun(st: _Sentence, i: int, place_name: Callable[[str], bool] | None = None) -> int | None:
    """An indefinite place noun in construct with a name: محافظة X (the dual: محافظتي X وY).

    A word with the article that no list holds as a place names the place together with its noun
    (مدينة الزهور, a fair's grounds): alone it is as often a common noun («الزهور», flowers, became a
    place at every mention of a flower fair), so the span is the noun and the word, and nothing
    where the noun carries a clitic (بمدينة), which the name would then start with. After مديرية
    such a word names a directorate, a body (مديرية الشؤون الصحية), not a district.
    """
    norms, tags, free = st.norms, st.tags, st.free
    n = len(norms)
    if free[i] and i + 1 < n and free[i + 1] and (trig := bare(norms[i], PLACE_TRIGGERS)):
        nxt = norms[i + 1]
        if _name_word(nxt) and not (nxt.startswith("ال") and nxt.endswith("يه")) \
                and not _named_body_words(norms, free, i + 1):  # مديرية [الدفاع المدني]: the body's
            if place_name is not None and nxt.startswith("ال") and not place_name(nxt):
                if trig != norms[i] or trig in PLACE_DUALS:
                    return None
                typ = "ORG" if trig in DIRECTORATES else "LOC"  # مديرية الشؤون: a directorate
                tags[i], tags[i + 1], free[i], free[i + 1] = "B-" + typ, "I-" + typ, False, False
                return i + 2
            if _agreeing_adjective(nxt) and not (place_name is not None and place_name(nxt)):
                return None  # مدينة ساحلية, محافظة جنوبية: the noun's adjective, no name
            tags[i + 1], free[i + 1] = "B-LOC", False
            if trig in PLACE_DUALS and i + 2 < n and free[i + 2] and norms[i + 2].startswith("و") \
                    and _name_word(norms[i + 2][1:]):
                tags[i + 2], free[i + 2] = "B-LOC", False
            return i + 2
    return None


def _agreeing_adjective(norm: str) -> bool:
    """An indefinite relational adjective of a feminine noun (ساحلية, صناعية, تونسية, normalised
    ساحليه): after a place noun it qualifies it (مدينة ساحلية, "a coastal city"); a place's name
    of that shape (قلقيلية) is left to the lists and the model."""
    return len(norm) >= 4 and norm.endswith("يه") and not norm.startswith("ال")


def _named_after_noun(st: _Sentence, i: int) -> int | None:
    """A newspaper, club or news agency named after its noun: صحيفة "X", نادي X, وكالة X للأنباء
    (the dual صحيفتا "X" و"Y" names two papers). A name in quotes is all the quotes hold (up to
    four words: «دايلي تلغراف», of which the model may have tagged one word)."""
    norms, tags, free, lock = st.norms, st.tags, st.free, st.lock
    n, w = len(norms), norms[i]
    club = bare(w, CLUB_TRIGGERS) is not None
    if not (free[i] and i + 1 < n and not lock[i + 1] and (club or bare(w, MEDIA_TRIGGERS) or (
            bare(w, AGENCY) and i + 2 < n and norms[i + 2] == FOR_THE_NEWS))):
        return None
    quoted = norms[i + 1] in _OPENING_QUOTES and i + 2 < n and not lock[i + 2]
    k = i + 2 if quoted else i + 1
    j = _paper_name(st, k, quoted, two_words=not club)
    if j <= k:
        return None
    i = _tag_body(tags, free, k, j)
    if bare(w, MEDIA_DUALS):
        q = i + 1 if i < n and norms[i] in _CLOSING_QUOTES else i
        if q + 2 < n and norms[q] == "و" and norms[q + 1] in _OPENING_QUOTES and not lock[q + 2]:
            j = _paper_name(st, q + 2, True)
            if j > q + 2:
                i = _tag_body(tags, free, q + 2, j)
    return i


def _paper_name(st: _Sentence, k: int, quoted: bool, two_words: bool = True) -> int:
    """Where the name after a newspaper's or club's noun that starts at ``k`` ends (``k``: none):
    in quotes, all they hold; else :func:`_media_name`."""
    j = _quoted_name(st.norms, st.lock, k) if quoted else k
    return j if j > k else _media_name(st.norms, st.tags, st.free, k, two_words)


# The most words of one item of a list of companies (X، Y وZ W).
_MAX_ITEM_WORDS = 3


def _company(st: _Sentence, i: int) -> int | None:
    """Companies named by their shares: سهم X (an indefinite name, with its adjectives and its
    field: سهم داماك العقارية, سهم أبوظبي الوطنية للطاقة), and every item of a list after
    أسهم شركات (X، وY وZ W). Bare أسهم is also a verb ("contributed") and is followed by a
    preposition, no name."""
    norms, tags, free = st.norms, st.tags, st.free
    n = len(norms)
    if not free[i] or bare(norms[i], SHARES) is None or i + 1 >= n:
        return None
    if bare(norms[i + 1], COMPANY_NOUNS) is not None and free[i + 1]:
        items = _list_items(norms, free, i + 2, tags, st.lock)
        for a, b in items:
            _tag_body(tags, free, a, b)
        return items[-1][1] if items else None
    w = norms[i + 1]
    if i > 0 and (norms[i - 1] in AMOUNTS or any(c.isdigit() for c in norms[i - 1])):
        return None  # 148 مليون سهم توزعت: a count of shares
    if tags[i + 1].startswith("B-") and not st.lock[i + 1]:
        j = _span_end(tags, i + 1)  # a company named after a place: سهم [أبوظبي] الوطنية للطاقة
    elif free[i + 1] and _name_word(w) and not _definite(w) and bare(w, COMPANY_NOUNS) is None \
            and not w.startswith("و") and w not in SHARE_WORDS and w.isalpha():
        j = i + 2
    else:
        return None
    while j < n and free[j] and _definite(norms[j]) and _nisba_like(norms[j]) and not norms[j].startswith("لل"):
        j += 1
    if j < n and free[j] and norms[j].startswith("لل") and len(norms[j]) > 4:
        j += 1
    return _tag_body(tags, free, i + 1, j)


def _list_items(norms: Sequence[str], free: Sequence[bool], k: int, tags: Sequence[str] = (),
                lock: Sequence[bool] = ()) -> list[tuple[int, int]]:
    """The items of a list of names from ``k``: X، Y وZ W (one to three words each, the next
    item after a comma or a word with و), up to a word that ends the list. With ``tags``, a
    name the model tagged (not locked) is an item too, whatever its type (a company it took for
    a place)."""
    n = len(norms)
    items: list[tuple[int, int]] = []
    while k < n:
        if norms[k] == "و" and k + 1 < n:  # a conjunction written apart: و كيان
            k += 1
        j = k
        while j < n and j - k < _MAX_ITEM_WORDS and (j == k or not norms[j].startswith("و")):
            if tags and tags[j].startswith("B-") and not any(lock[j:_span_end(tags, j)]):
                j = _span_end(tags, j)  # the model's name is (part of) the item: مدينة [المعرفة]
            elif free[j] and norms[j].isalpha() and norms[j] not in NOT_NAMES and norms[j] not in LIST_STOPS \
                    and not (j > k and _located(norms[j])):  # سابك بنسبة 12%: a figure's preposition, no name's word
                j += 1
            else:
                break
        if j == k:
            break
        items.append((k, j))
        if j < n and norms[j] in LIST_COMMAS:
            k = j + 1
        elif j < n and norms[j].startswith("و") and (free[j] or bool(tags) and tags[j].startswith("B-")):
            k = j
        else:
            break
    return items


def _located(norm: str) -> bool:
    """A word "in X" (بالخرج, بجدة): where an institution is, no part of its name."""
    return len(norm) > 3 and norm.startswith("ب") and not norm.startswith(("بن", "بنت"))


def _institution(st: _Sentence, i: int) -> int | None:
    """An institution or site named after a person: the noun, then a title and the name (the
    model's person span there, or one name word and بن X links) or the model's person span right
    after the noun (مسجد علي بن أبي طالب: the mosque, not the caliph), then its adjectives and
    its field (للإغاثة والأعمال الإنسانية); the town after it (بالرياض) is left out."""
    norms, tags, free, lock = st.norms, st.tags, st.free, st.lock
    n = len(norms)
    if not free[i] or i + 2 >= n or lock[i + 1] or lock[i + 2]:
        return None
    noun = bare(norms[i], INSTITUTIONS) or bare(norms[i], SITES)
    titled = norms[i + 1] in PATRON_TITLES
    if noun is None or (not titled and not tags[i + 1].startswith("B-PERS")):
        return None
    # the model's span of the patron: a person, or after a patron's title a name of any type it
    # took for a body, a place or other (مستشفى [الملك سلمان], مركز الملك [سلمان] للإغاثة)
    if tags[i + 1].startswith("B-PERS") or (titled and tags[i + 1].startswith("B-")):
        j = _span_end(tags, i + 1)  # the model's person: الملك فهد
        if titled and j == i + 2:  # the title alone: the name is the next span, or word
            if tags[i + 2].startswith("B-") and not lock[i + 2]:
                j = _span_end(tags, i + 2)
            elif free[i + 2] and _name_word(norms[i + 2]) and not _definite(norms[i + 2]):
                j = i + 3
    elif tags[i + 2].startswith("B-PERS" if not titled else "B-") and tags[i + 1] == "O":
        j = _span_end(tags, i + 2)
    elif free[i + 1] and free[i + 2] and _name_word(norms[i + 2]) and not _definite(norms[i + 2]):
        j = i + 3
        while j + 1 < n and free[j] and free[j + 1] and norms[j] in SON_LINKS and _name_word(norms[j + 1]):
            j += 2
    else:
        return None
    j = next((k for k in range(i + 3, j) if _located(norms[k])), j)  # the model's span ran on: الملك خالد [بالخرج]
    while j < n and not lock[j] and (free[j] or tags[j].startswith("I-")) and _definite(norms[j]) \
            and not norms[j].startswith("لل") and _nisba_like(norms[j]):
        j += 1  # الطبية, التخصصي, الدولي
    if j < n and not lock[j] and free[j] and norms[j].startswith("لل") and len(norms[j]) > 4:
        j += 1  # its field, and what is joined to it: للإغاثة والأعمال الإنسانية
        while j < n and not lock[j] and free[j] and (norms[j].startswith("وال") or _definite(norms[j])
                                                     and _nisba_like(norms[j])):
            j += 1
    _tag_body(tags, free, i, j, "LOC" if noun in SITES else "ORG")
    k = j
    while k < n and tags[k].startswith("I-") and not lock[k]:  # the model's span ran on: [بجدة] is no person
        tags[k], free[k] = "O", True
        k += 1
    return j


def _body(st: _Sentence, i: int) -> int | None:
    """A body's head with its name: جماعة [X] (a place or body the model found), تنظيم «X»,
    مجلس الأمن, هيئة مكافحة المخدرات, التحالف الدولي, المجلس الأعلى للدولة. A verbal-noun head
    (``VERBAL_HEADS``: حركة, تنظيم) takes only the first two: with a common noun after it, it is
    an activity far more often than a body (حركة الملاحة, تنظيم المعارض)."""
    norms, tags, free, lock = st.norms, st.tags, st.free, st.lock
    n, w = len(norms), norms[i]
    if not free[i]:
        return None
    head = bare(w, BODY_HEADS)
    # a definite head, with its clitics (بالديوان الملكي, والتحالف الدولي)
    definite_head = head is None and strip_article(w) != w and strip_article(w) in BODY_HEADS
    court = COURT in (head, strip_article(w))
    if court and i + 1 < n and norms[i + 1] in COURT_LEVELS:
        return None
    # the head in construct with a place or body the model found (through at most one more
    # noun) is a body named after it: جماعة [X], هيئة قناة [X]
    b = i + 1 if i + 1 < n and not free[i + 1] else i + 2
    if head is not None and not court and b < n and tags[b] in ("B-LOC", "B-ORG") and not lock[b] \
            and (b == i + 1 or (free[i + 1] and _name_word(norms[i + 1]) and not _definite(norms[i + 1]))):
        return _tag_body(tags, free, i, _span_end(tags, b))
    if head is not None and i + 2 < n and norms[i + 1] in _OPENING_QUOTES:
        j = _quoted_name(norms, lock, i + 2)
        if j > i + 2:  # a quoted name after the head is the body's: تنظيم «X», حركة "X Y"
            return _tag_body(tags, free, i + 2, j)
    if (head is None and not definite_head) or head in VERBAL_HEADS:
        return None
    j = i + 1
    if head is not None and i + 2 < n and free[i + 1] and free[i + 2] \
            and _construct_noun(norms[i + 1]) and norms[i + 2].startswith("ال") and len(norms[i + 2]) > 4 \
            and not norms[i + 2].endswith("ي") and norms[i + 2] not in NOT_NAMES and norms[i + 2] not in GENERIC_MODIFIERS:
        j = i + 3  # a chain of genitives: هيئة [مكافحة المخدرات], مجلس [حقوق الإنسان]
    # an indefinite head takes a definite genitive, then adjectives; a definite head takes
    # definite adjectives (nisbas)
    while j < n and j - i <= 4 and free[j] and _definite(norms[j]) and norms[j] not in NOT_NAMES \
            and norms[j] not in BODY_DESCRIPTORS \
            and (norms[j] not in GENERIC_MODIFIERS or head == MINISTRY and j == i + 1) \
            and (head is not None and j == i + 1 or _nisba_like(norms[j])):
        j += 1
    if j > i + 1 and j < n and norms[j].startswith("لل") and len(norms[j]) > 4 \
            and not lock[j] and (free[j] or tags[j] == "B-ORG"):
        # a body "for" its field: المجلس الأعلى [للدولة], الهيئة العامة للإحصاء
        j += 1
        while j < n and not lock[j] and (tags[j] == "I-ORG" or free[j] and _definite(norms[j])
                                         and _nisba_like(norms[j])):
            j += 1
    return _tag_body(tags, free, i, j) if j > i + 1 else None


def _named_body(st: _Sentence, i: int) -> int | None:
    """A state body named by common words (``NAMED_BODIES``: الدفاع المدني, قوة الطوارئ الخاصة),
    the longest listed, with a clitic on its first word (والحرس الوطني), and the nisba of the
    state after it if any (الهلال الأحمر القطري: one state's body, not another's)."""
    norms, free = st.norms, st.free
    best = _named_body_words(norms, free, i)
    if not best:
        return None
    j = i + best
    if j < len(norms) and free[j] and _definite(norms[j]) and _state_nisba(norms[j]):
        j += 1
    return _tag_body(st.tags, free, i, j)


def _state_nisba(norm: str) -> bool:
    """A listed country's nisba (القطري, الإيراني), not any word ending like one (التصدي)."""
    return place_key(norm) in places().nisba_of


_NAMED_BODY_WORDS = tuple(sorted(tuple(p.split()) for p in NAMED_BODIES))
_NAMED_BODY_FIRSTS = frozenset(p[0] for p in _NAMED_BODY_WORDS)


def _named_body_words(norms: Sequence[str], free: Sequence[bool], i: int) -> int:
    """How many words of the longest of ``NAMED_BODIES`` start at ``i``, all free (0: none)."""
    first = bare(norms[i], _NAMED_BODY_FIRSTS)
    if first is None:
        return 0
    return max((len(p) for p in _NAMED_BODY_WORDS if p[0] == first and i + len(p) <= len(norms)
                and all(free[i:i + len(p)]) and tuple(norms[i + 1:i + len(p)]) == p[1:]), default=0)


def _construct_noun(norm: str) -> bool:
    """An indefinite noun in a chain of genitives after a body's head (مكافحة, حقوق, شؤون):
    no verb (يستغل), no plural pronoun suffix or adjective ending (أهدافهم, أعضائي; a final ه
    is ة once normalised: مكافحة)."""
    return len(norm) >= 3 and norm.isalpha() and not _definite(norm) and norm[:1] not in "وي" \
        and not norm.endswith(("ها", "هم", "ي")) and norm not in NOT_NAMES and norm not in CHAIN_GENERIC


def _place_item(s_tags: Sequence[str], free: Sequence[bool], k: int) -> bool:
    """Word ``k`` is free, or a one-word place the model tagged."""
    return free[k] or (s_tags[k] == "B-LOC" and (k + 1 == len(s_tags) or s_tags[k + 1] != "I-LOC"))


def _and_item(s_norms: Sequence[str], s_tags: Sequence[str], free: Sequence[bool], k: int) -> bool:
    """Word ``k`` is a list's next item: و and a name word, free or a one-word place."""
    w = s_norms[k]
    return w.startswith("و") and _name_word(w[1:]) and w[1:] not in NOT_NAMES and w[1:] not in COMPASS \
        and _place_item(s_tags, free, k)


def _media_name(s_norms: Sequence[str], s_tags: Sequence[str], free: Sequence[bool], k: int,
                two_words: bool = True) -> int:
    """Where the name of a newspaper (or club) starting at ``k`` ends (``k``: none).

    A span the model found there is the name; else one name word, with (``two_words``) a
    second definite one after a definite first (X Y, both with the article); an adjective
    (محلية, البريطانية) is not.
    """
    n = len(s_norms)
    if s_tags[k].startswith("B-"):
        return _span_end(s_tags, k)
    w = s_norms[k]
    if not free[k] or not _name_word(w) or _nisba_like(w):
        return k
    if two_words and _definite(w) and k + 1 < n and free[k + 1] and _definite(s_norms[k + 1]) \
            and not _nisba_like(s_norms[k + 1]) and s_norms[k + 1] not in NOT_NAMES:
        return k + 2
    return k + 1


def _quoted_name(s_norms: Sequence[str], s_lock: Sequence[bool], k: int) -> int:
    """Where a name of up to four words in quotes from ``k`` ends (``k``: none)."""
    j = k
    while j < len(s_norms) and j - k < 4 and s_norms[j].isalpha() and not s_lock[j]:
        j += 1
    return j if j < len(s_norms) and s_norms[j] in _CLOSING_QUOTES and _name_word(s_norms[k]) else k


def _span_end(s_tags: Sequence[str], k: int) -> int:
    """Where the span that starts at ``k`` (a B- tag) ends."""
    j = k + 1
    while j < len(s_tags) and s_tags[j] == "I-" + s_tags[k][2:]:
        j += 1
    return j


def _nisba_like(norm: str) -> bool:
    """An adjective of the kind that qualifies a body (الوطني, الإسلامية, العليا), normalised."""
    return norm.endswith("ي") or norm.endswith("يه") or norm in ELATIVES


def _tag_body(s_tags: list[str], free: list[bool], i: int, j: int, typ: str = "ORG") -> int:
    """Tag words ``i..j-1`` as one body (or one entity of ``typ``); returns where to go on."""
    s_tags[i:j] = ["B-" + typ] + ["I-" + typ] * (j - i - 1)
    free[i:j] = [False] * (j - i)
    return j
