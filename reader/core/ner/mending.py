"""Mending a tagger's spans before the document pass carries them.

A sentence tagger makes a few kinds of span errors on news that the document (or the name
lists) can correct: a person span that starts with the person's club or paper (نادي X سعود Y),
a person cut short before the father's name (X بن Y). Each step here works on one document's
tags, in place, before ``consistency.propagate`` counts the votes. Also here: the token-span
helpers both modules use. (Steps that no longer paid on held-out text with the encoder went:
people glued around نظيره, clubs' second words; see the model card.)
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from reader.core.arabic import strip_article
from reader.core.ner.gazetteer import word_keys
from reader.core.ner.patterns import PLACE_TRIGGERS, bare
from reader.core.spelling import first_names
from reader.core.words import (BODY_DESCRIPTORS, CLUB_TRIGGERS, CONJUNCTION_FA_INNA, FEMININE_NEXT, GOD, HEADS, INSTITUTION_ADJECTIVES, MEDIA_TRIGGERS,
                               NAME_BINDERS, ORDINALS, PRONOUN_SUFFIXES, ROLE_HEADS, SON_LINKS, SONS, STOP_WORDS, TITLE_WORDS,
                               TWO_WORD_STARTS)

__all__ = ["tag_spans", "set_span", "name_like", "split_affiliations", "person_bounds", "split_coordinated", "adjacent_people", "teams"]

_Key = tuple[str, ...]


def tag_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token ranges, lenient like CoNLL scoring (stray I- starts one)."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or tag[2:] != typ:
            if typ:
                out.append((start, i, typ))
            start, typ = (i, tag[2:]) if tag != "O" else (-1, "")
    return out


def set_span(tags: list[str], i: int, j: int, typ: str) -> None:
    """Tag tokens ``i..j-1`` as one span of ``typ`` (in place)."""
    tags[i] = "B-" + typ
    for t in range(i + 1, j):
        tags[t] = "I-" + typ
    if j < len(tags) and tags[j].startswith("I-"):
        tags[j] = "B-" + tags[j][2:]  # a span we cut into keeps its tail as its own entity


def clear_span(tags: list[str], i: int, j: int) -> None:
    """No span on tokens ``i..j-1`` (in place); a span going on after them starts anew."""
    tags[i:j] = ["O"] * (j - i)
    if j < len(tags) and tags[j].startswith("I-"):
        tags[j] = "B-" + tags[j][2:]


def name_like(norm: str) -> bool:
    """A word that can be a name on its own: three letters or more, no function word."""
    return len(norm) >= 3 and norm not in STOP_WORDS and any("\u0621" <= c <= "\u064a" or c.isalpha() for c in norm)


def _given(norm: str, first_name: Callable[[str], bool] | None) -> bool:
    """A listed given name as written, with no preposition and article (not للإمام). (No test
    against function words: normalised, علي is also على.)"""
    return first_name is not None and not norm.startswith(("لل", "وال", "بال")) and first_name(norm)


def _family_nisba(norm: str) -> bool:
    """A family or tribal name of the nisba form (الزاهري, الكرمستاني): not an ordinal (الثاني), a
    word that describes the person's office (الحالي, الرسمي) or an institution's adjective."""
    return norm.startswith("ال") and norm.endswith("ي") and len(norm) >= 5 and norm not in ORDINALS \
        and norm not in BODY_DESCRIPTORS and norm not in INSTITUTION_ADJECTIVES and norm not in STOP_WORDS


def person_bounds(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]],
                  first_name: Callable[[str], bool] | None = None, nisba: Callable[[str], bool] | None = None) -> None:
    """Mend the bounds of person spans (in place).

    - A word with the conjunction و inside or at the end of a person: a listed given name
      after it starts a second person (الحسن والحسين); a noun with the article or a pronoun
      ends the person (علي ورجاله); other words stay (ويلسون is a name).
    - The father's name after بن/بنت/ابن joins the person (فاطمة بنت أسد), and so does a
      listed given name before بن (علي بن أبي طالب, where the model started at أبي or at
      بن; not before ابن: ابن X is a whole name).
    - A listed given name alone (no article), then a person whose first word is no given name
      and has no conjunction or ل, is one person: the model began a second one at the family
      name (سامر | الزاهري; not الزاهري | كمال الكرمي).
    - A person never starts with «الله»: the word before it is the first part of the name
      (ضيف الله, عطا الله), where the model left it out.
    - A family name of the nisba form after the father's name joins the person (سامر بن واثق
      الزاهري), not a country's nisba (``nisba``: سامر بن واثق الكرمستاني is from Kurmistan).
    - «فان» before a person is the conjunction فإن, left out, where the rest is a given name
      or a part of a fuller name the document writes without «فان» before it (رجب طيب اردوغان …
      فان اردوغان يحاول); not the particle of لويس فان غال.
    """
    _conjunction_before_person(norms, tags, locked, first_name)
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        n = len(s_norms)
        # a given name alone, then a person starting with no conjunction: one person (the model
        # began a second at the family name: سامر | الزاهري)
        for i in range(n - 1):
            if s_tags[i] == "B-PERS" and s_tags[i + 1] == "B-PERS" and not s_lock[i] and not s_lock[i + 1] \
                    and not s_norms[i].startswith("ال") and _given(s_norms[i], first_name) \
                    and not s_norms[i + 1].startswith(("و", "ف", "ل")) and not _given(s_norms[i + 1], first_name):
                s_tags[i + 1] = "I-PERS"
        for s, e, typ in tag_spans(s_tags):
            if typ != "PERS" or any(s_lock[s:e]):
                continue
            for k in range(s + 1, e):
                w = s_norms[k]
                if w.startswith("و") and len(w) > 3 and not (first_name is not None and first_name(w)):
                    if first_name is not None and first_name(w[1:]):
                        s_tags[k] = "B-PERS"  # a second person
                    elif w[1:].startswith("ال") or w.endswith(PRONOUN_SUFFIXES):
                        s_tags[k:e] = ["O"] * (e - k)  # a noun (والمواصلات, ورجاله); not ويلسون
                        e = k
                    break
            # the father's name after بن
            j = e
            while j + 1 < n and s_norms[j] in SONS and s_tags[j] == "O" and s_tags[j + 1] == "O" \
                    and not s_lock[j] and not s_lock[j + 1] and name_like(s_norms[j + 1]):
                j += 2
                if s_norms[j - 1] in TWO_WORD_STARTS and j < n and s_tags[j] == "O" and not s_lock[j] and name_like(s_norms[j]):
                    j += 1
            if j > e:
                s_tags[e:j] = ["I-PERS"] * (j - e)
            # the family name after the father's: سامر بن واثق [الزاهري]
            if j - s >= 3 and j < n and s_norms[j - 2] in SONS and s_tags[j] == "O" and not s_lock[j] \
                    and _family_nisba(s_norms[j]) and not (nisba is not None and nisba(s_norms[j])):
                s_tags[j] = "I-PERS"
            # a given name before بن
            if s >= 2 and s_norms[s - 1] in SON_LINKS and s_tags[s - 1] == "O" and s_tags[s - 2] == "O" \
                    and not s_lock[s - 1] and not s_lock[s - 2] and _given(s_norms[s - 2], first_name):
                s_tags[s - 2], s_tags[s - 1], s_tags[s] = "B-PERS", "I-PERS", "I-PERS"
            elif s >= 1 and s_norms[s] in SON_LINKS and s_tags[s - 1] == "O" and not s_lock[s - 1] \
                    and _given(s_norms[s - 1], first_name):
                s_tags[s - 1], s_tags[s] = "B-PERS", "I-PERS"
            # no name starts with God's name: the word before it is the name's first part (ضيف الله)
            elif s >= 1 and s_norms[s] == GOD and s_tags[s - 1] == "O" and not s_lock[s - 1] \
                    and name_like(s_norms[s - 1]) and not s_norms[s - 1].startswith("ال"):
                s_tags[s - 1], s_tags[s] = "B-PERS", "I-PERS"


def _conjunction_before_person(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]],
                               first_name: Callable[[str], bool] | None) -> None:
    """:func:`person_bounds`' «فان» (فإن) before a person: left out where the rest is no
    foreign name with its particle."""
    people = [tuple(s_norms[s:e]) for s_norms, s_tags in zip(norms, tags) for s, e, typ in tag_spans(s_tags) if typ == "PERS"]

    def written_without(rest: tuple[str, ...]) -> bool:
        n = len(rest)
        return any(len(p) > n and any(p[i:i + n] == rest and (i == 0 or p[i - 1] != CONJUNCTION_FA_INNA)
                                      for i in range(len(p) - n + 1)) for p in people)

    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for s, e, typ in tag_spans(s_tags):
            if typ != "PERS" or e - s < 2 or s_norms[s] != CONJUNCTION_FA_INNA or any(s_lock[s:e]):
                continue
            rest = tuple(s_norms[s + 1:e])
            if _given(rest[0], first_name) or written_without(rest):
                s_tags[s], s_tags[s + 1] = "O", "B-PERS"


_TITLES = TITLE_WORDS | ROLE_HEADS


def adjacent_people(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]]) -> None:
    """Two one-word people side by side are one person (in place): the document carried a given
    name and a family name, or a foreign name's two words, each alone (تيسير | الجاسم, جانيس |
    فتفاتزيديس). Not where the first has the article (a nisba or a title: الغربي) or the second a
    clitic (a second person or the verb's object: وسالم, للزاهري; not وليد, a given name), nor a
    title (ولي ولي العهد, the deputy crown prince, carried as ولي twice): ANERcorp
    tags two people side by side with no conjunction once in a hundred, nearly all such pairs one
    name cut in two.

    And a chain of fathers (X بن Y) followed by a person of family and tribe names alone (صالح
    بن سالم | الأحمدي الزهراني, معيض بن سلطان المسيلي | الحارثي): the model began a second person
    at the family names (56 times in the 30,668 articles of the 31k library, nearly all one name).
    """
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for i in range(len(s_tags) - 1):
            if s_tags[i] == "B-PERS" and s_tags[i + 1] == "B-PERS" and not s_lock[i] and not s_lock[i + 1] \
                    and (i + 2 == len(s_tags) or s_tags[i + 2] != "I-PERS") and not s_norms[i].startswith("ال") \
                    and name_like(s_norms[i]) and name_like(s_norms[i + 1]) and not _clitic_led(s_norms[i + 1]) \
                    and s_norms[i] not in _TITLES and s_norms[i + 1] not in _TITLES:
                s_tags[i + 1] = "I-PERS"
        spans = [sp for sp in tag_spans(s_tags) if sp[2] == "PERS"]
        for (s1, e1, _), (s2, e2, _) in zip(spans, spans[1:]):
            if s2 == e1 and e1 - s1 >= 3 and any(w in SON_LINKS for w in s_norms[s1 + 1:e1 - 1]) and not any(s_lock[s1:e2]) \
                    and all(w.startswith("ال") and name_like(w) and w not in _TITLES for w in s_norms[s2:e2]):
                s_tags[s2] = "I-PERS"


def _clitic_led(norm: str) -> bool:
    """A word led by و (and no given name as written, :func:`spelling.first_names`: وليد, وسام)
    or by a preposition or conjunction with the article (للزاهري, بالزاهري, فالزاهري)."""
    if norm.startswith(("لل", "بال", "فال", "وال", "كال")):
        return True
    return norm.startswith("و") and norm not in first_names()


def split_affiliations(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]]) -> None:
    """Split a person span that starts with the body or place the person belongs to (in place).

    Sports and press news name a person by team or paper first: "[نادي الهلال] [سعود X]",
    "[ليفربول] [رحيم X]", "جناح [ليفربول] [رحيم X]". The model often takes it all as one
    person. A leading club or newspaper noun with the word after it, or leading words that the
    document tags as a body or place elsewhere (after at most one role word), are split off as that body or place; the rest stays the person when it looks like
    one (two words, or a word the document tags alone as a person).
    """
    known: dict[_Key, str] = {}
    tagged: dict[_Key, int] = {}  # body or place spans of the words
    people: set[_Key] = set()
    for s_norms, s_tags in zip(norms, tags):
        for s, e, typ in tag_spans(s_tags):
            if typ in ("ORG", "LOC"):  # with or without its clitics: لليفربول names ليفربول
                for k in word_keys(s_norms[s]):
                    key = (k, *s_norms[s + 1:e])
                    known.setdefault(key, typ)
                    tagged[key] = tagged.get(key, 0) + 1
            elif typ == "PERS":
                people.add(tuple(s_norms[s:e]))
    leading: dict[_Key, int] = {}  # person spans that start with the words
    for s_norms, s_tags in zip(norms, tags):
        for s, e, typ in tag_spans(s_tags):
            if typ == "PERS":
                for b in range(s + 1, e):
                    if tuple(s_norms[s:b]) in known:
                        leading[tuple(s_norms[s:b])] = leading.get(tuple(s_norms[s:b]), 0) + 1
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for s, e, typ in tag_spans(s_tags):
            if typ != "PERS" or e - s < 2 or any(s_lock[s:e]):
                continue
            if e - s >= 3 and (bare(s_norms[s], CLUB_TRIGGERS) or bare(s_norms[s], MEDIA_TRIGGERS)):
                s_tags[s] = "O"
                set_span(s_tags, s + 1, s + 2, "ORG")
                set_span(s_tags, s + 2, e, "PERS")
                continue
            starts = [s, s + 1] if e - s >= 3 else [s]
            for a in starts:
                if s_norms[a] in NAME_BINDERS or s_norms[a - 1] in NAME_BINDERS and a > s:
                    continue  # بن, أبي: inside one name (علي بن أبي طالب), whatever "بن" was elsewhere
                cut = next((b for b in range(e - 1, a, -1) if tuple(s_norms[a:b]) in known
                            and s_norms[b - 1] not in NAME_BINDERS and s_norms[b] not in NAME_BINDERS), None)
                # the rest must be a person: two words or more, or one the document names alone;
                # and the part cut off more often a body or place than a person's first words
                # (ريان إبراهيم, three times, is one person, whatever one span said of ريان)
                if cut is not None and (e - cut >= 2 or tuple(s_norms[cut:e]) in people) \
                        and tagged[tuple(s_norms[a:cut])] >= leading.get(tuple(s_norms[a:cut]), 0):
                    s_tags[s:a] = ["O"] * (a - s)
                    set_span(s_tags, a, cut, known[tuple(s_norms[a:cut])])
                    set_span(s_tags, cut, e, "PERS")
                    break


# The conjunction that joins two names in one span (الأفق والزاهرون), and the fewest letters of the
# name after it (ولد, وحيد: no name of two letters follows it).
_AND = "و"
_MIN_AFTER_AND = 3
# Spans longer than this are no list of names to split (and the search for the split points, which
# tries each و, stays small whatever the tagger made of a 10,000-word sentence).
_MAX_PAIR_WORDS = 12


def split_coordinated(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]],
                      place: Callable[[str], bool] | None = None) -> None:
    """Split a span of two names joined by و into two spans (in place).

    A tagger takes a pair of clubs, places or people (الأفق والزاهرون, كرمستان وبرونزيكر, سامر وليلى) for
    one name; linking then made the pair an entity that every short form of either joined. The
    span is split where both sides are names on their own: a span of those words elsewhere in the
    document (its first word with or without clitics), or a one-word listed place (``place``; not
    any listed name: given names such as وحيد are common words too, «يوم وحيد»). A body's name
    with و inside is left whole: its fields (للسياحة والتراث, العدالة والتنمية) are no names of
    their own, and a head and more, or a field, go on with the places or fields after و (الهيئة
    العامة لكرمستان وبرونزيكر is one body). The second name takes the type the document gives it
    alone, else the span's.
    """
    known: dict[_Key, dict[str, int]] = {}
    for s_norms, s_tags in zip(norms, tags):
        for s, e, typ in tag_spans(s_tags):
            for k in _keys(s_norms[s]):
                votes = known.setdefault((k, *s_norms[s + 1:e]), {})
                votes[typ] = votes.get(typ, 0) + 1

    def votes_of(words: _Key) -> dict[str, int] | None:
        """The types the document gives ``words`` as a span of their own (None: never)."""
        return next((known[key] for key in ((k, *words[1:]) for k in _keys(words[0])) if key in known), None)

    def named(words: _Key) -> bool:
        return votes_of(words) is not None or (len(words) == 1 and place is not None and place(words[0]))

    def last_item(words: _Key) -> int | None:
        """Where the last name of ``words`` starts, if they are names joined by و."""
        for k in range(len(words) - 1, 0, -1):
            w = words[k]
            if w.startswith(_AND) and len(w) - 1 >= _MIN_AFTER_AND and named((w[1:], *words[k + 1:])) \
                    and not any(x in STOP_WORDS for x in words[k:]) and not _body_fields(words[:k]) \
                    and names(words[:k]):
                return k
        return None

    def names(words: _Key) -> bool:
        return named(words) or last_item(words) is not None

    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for s, e, typ in tag_spans(s_tags):
            if e - s < 2 or e - s > _MAX_PAIR_WORDS or any(s_lock[s:e]):
                continue
            while (cut := last_item(tuple(s_norms[s:e]))) is not None:  # X وY وZ: Z, then Y
                votes = votes_of((s_norms[s + cut][1:], *s_norms[s + cut + 1:e])) or {}
                set_span(s_tags, s, s + cut, typ)
                set_span(s_tags, s + cut, e, max(votes, key=lambda t: (votes[t], t == typ)) if votes else typ)
                e = s + cut


def _body_fields(words: _Key) -> bool:
    """Whether ``words`` begin a body's name whose fields or places what follows و goes on with
    (الهيئة العامة لكرمستان [وبرونزيكر], جامعة X للزهور [والأعشاب], المعهد الفني للتدريب التقني
    [والمهني]): a body's head and more, or a field (لل-)."""
    return len(words) > 1 and (bare(strip_article(words[0]), HEADS) is not None
                               or any(w.startswith("لل") for w in words))


def _keys(first: str) -> tuple[str, ...]:
    """A name's first word as written and without its clitics; a leading و only before the
    article (والزاهرون names الزاهرون; وداد is a name of its own, not داد)."""
    return tuple(k for k in word_keys(first) if k == first or first[:1] not in ("و", "ف") or first[1:3] == "ال")


def _definite(norm: str) -> bool:
    """A word with the article, behind its clitics or not (الخليج, والخليج, للخليج)."""
    return strip_article(norm) != norm


def teams(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]],
          nationality: Callable[[str], bool], country_name: Callable[[str], bool]) -> None:
    """Towns the document names as teams become bodies, at all their occurrences (in place).

    A town is feminine in Arabic (برلين الألمانية, مدينة X, X التي); a club named after it is
    masculine, its نادي or فريق understood: فالنسيا الإسباني, روما الإيطالي. So a place span whose
    first word is indefinite and no listed country (some countries are masculine: لبنان),
    followed somewhere in the document by the masculine nisba of a country (the nisba not the
    first word of a person's description: وصل إلى الدوحة البرتغالي [روبن]) and nowhere by a
    feminine word or after a place noun, is a body wherever the document tagged it a place.
    Definite places (الخليج العربي, المحيط الهندي) are left alone.
    """
    cues: dict[_Key, list[int]] = {}  # key → [masculine, feminine] cue counts
    places: list[tuple[int, int, int, list[_Key]]] = []
    for si, (s_norms, s_tags, s_lock) in enumerate(zip(norms, tags, locked)):
        for s, e, typ in tag_spans(s_tags):
            first = s_norms[s]
            if typ not in ("LOC", "ORG") or any(s_lock[s:e]) or country_name(first) or _definite(first):
                continue
            keys = [(k, *s_norms[s + 1:e]) for k in word_keys(first) if not k.startswith("ال")]
            nxt = s_norms[e] if e < len(s_norms) else ""
            # not والبولندي (the next item of a list), nor a nisba that starts a person's description
            masculine = nxt.startswith("ال") and nationality(nxt) and not (e + 1 < len(s_tags) and s_tags[e + 1] == "B-PERS")
            feminine = nxt in FEMININE_NEXT or (nxt.startswith("ال") and nxt.endswith("يه")) \
                or (s > 0 and bare(s_norms[s - 1], PLACE_TRIGGERS) is not None)
            for key in keys:
                c = cues.setdefault(key, [0, 0])
                c[0] += masculine
                c[1] += feminine
            if typ == "LOC":
                places.append((si, s, e, keys))
    for si, s, e, keys in places:
        if any(cues[k][0] and not cues[k][1] for k in keys):
            set_span(tags[si], s, e, "ORG")
