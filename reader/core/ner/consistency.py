"""Consistency across a document: a post-pass over any backend's IOB2 tags.

News introduces a name once ("الرئيس الفرنسي إيمانويل ماكرون") and then repeats it, often
bare, with clitics ("وماكرون") or as a surname alone. A tagger looking at one sentence misses
some repeats; this pass tags them the way the document already tagged the name:

1. the user's lexicon first (it wins over the model, see ``lexicon.py``);
2. the tagger's spans are mended: two people glued around "نظيره" are split, a lone country
   nisba is no person, the generic patterns add places and bodies (``patterns.py``) and the
   document's other spans of the same words take a pattern's type, a town named as a team is
   a body (``_teams``), a person that starts with a club or place is split
   (``split_affiliations``), a person's bounds take the father's name (``person_bounds``), a
   town typed as a body joins the word after it into a club (``town_clubs``);
3. every entity gives its normalised token sequence (first word with or without proclitics)
   a vote for its label; a person's multi-word name also gives its last word (the surname
   alone) a vote, and a club its second word (سيتي);
4. untagged occurrences of a sequence are tagged when the votes agree and the sequence was
   tagged often enough, relative to how often it was left untagged (``min_share``), or was
   found by a pattern, or is a listed town;
5. listed places beside a tagged place are places (``coordinated_places``).

It works on tokens, so ``reader tag --conll`` (windows of consecutive sentences) and
``find_spans`` (one article) share it; span offsets are built afterwards.
"""
from __future__ import annotations

import re

from typing import Callable, Sequence

from reader.core.arabic import normalise
from reader.core.ner.features import TRIGGERS
from reader.core.ner.gazetteer import word_keys
from reader.core.ner.lexicon import Lexicon
from reader.core.ner.patterns import (CLUB_TRIGGERS, MEDIA_TRIGGERS, PLACE_TRIGGERS, apply_patterns, bare,
                                      coordinated_places)

__all__ = ["propagate", "country_nisba", "DOC_SENTENCES", "MIN_SHARE"]

# Sentences that count as one document where the input has no article boundaries
# (the CoNLL stream); the same window the model's document-evidence features use.
DOC_SENTENCES = 64
# A sequence is propagated when tagged / (tagged + untagged occurrences) reaches this.
MIN_SHARE = 0.25
# Generic patterns for untagged places and bodies (``patterns.py``), measured in the model card.
PLACE_PATTERNS = True
BODY_PATTERNS = True
# Votes for the winning label among the tagged occurrences must reach this share.
MIN_AGREEMENT = 0.75

# Function words that are never names on their own, whatever a tagger once said.
_STOP = {normalise(w) for w in (
    "في من إلى الى على عن مع أن ان إن هذا هذه ذلك التي الذي الذين كان كانت قد لا لم لن ما ثم أو او "
    "بين بعد قبل حتى كل عند غير أي اي هو هي هم نحن أنا يوم عام خلال حول ضد منذ لدى أمام عبر نحو دون تحت فوق "
    "وراء خلف").split()} | set(TRIGGERS)

# Regnal numbers and the like after a name: never a short form of it.
_ORDINALS = {normalise(w) for w in "الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر الأكبر الأصغر".split()}
# Words before a last name that make it no surname: أبو طالب, بن علي, عبد الله.
_KIN = {normalise(w) for w in "أبو أبا أبي أم بن ابن بنت عبد".split()}

_Key = tuple[str, ...]


def _surname(norms: Sequence[str], s: int, e: int) -> bool:
    """Whether the last word of person span [s, e) can stand alone as a short form.

    Measured on dev: regnal numbers (الثاني) and feminine epithets (الكريمة) are no
    surnames, nor is the last word of a kunya or patronymic (أبو طالب).
    """
    last = norms[e - 1]
    if last.startswith("ال") and (last in _ORDINALS or last.endswith("ه")):
        return False
    return (e - s >= 2 and _name_like(last)
            and norms[e - 2] not in _KIN and strip_kin(norms[e - 2]) not in _KIN)


def strip_kin(norm: str) -> str:
    return norm[1:] if norm[:1] in "وفبل" and len(norm) > 3 else norm


def _spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token ranges, lenient like CoNLL scoring (stray I- starts one)."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or tag[2:] != typ:
            if typ:
                out.append((start, i, typ))
            start, typ = (i, tag[2:]) if tag != "O" else (-1, "")
    return out


def _set(tags: list[str], i: int, j: int, typ: str) -> None:
    tags[i] = "B-" + typ
    for t in range(i + 1, j):
        tags[t] = "I-" + typ
    if j < len(tags) and tags[j].startswith("I-"):
        tags[j] = "B-" + tags[j][2:]  # a span we cut into keeps its tail as its own entity


# Nisba stems of nations the country lists do not hold (England is no sovereign state).
_UNLISTED_NATIONS = frozenset(normalise(w) for w in "إنجليز إنكليز انجليز انكليز".split())


def country_nisba(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[str], bool]:
    """A test for nisba adjectives of listed countries (الليبي, والقطري, السعودي, النمساوي),
    from name lists indexed by first word (``Gazetteer.first``): alone, such a word is no
    person; after a place name it makes the name a team's (see ``_teams``)."""
    def test(norm: str) -> bool:
        for k in word_keys(norm):
            if k.startswith("ال") and k.endswith("ي") and len(k) >= 5:
                st = k[2:-1]
                if st in _UNLISTED_NATIONS:
                    return True
                cands = [st, st + "ا", st + "يا", "ال" + st, "ال" + st + "يه"]
                if st.endswith("و"):  # النمساوي: النمسا
                    cands += [st[:-1], "ال" + st[:-1]]
                for cand in cands:
                    if any(cat == "COUNTRY" and not rest for rest, cat in first.get(cand, ())):
                        return True
        return False
    return test


def listed_country(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[str], bool]:
    """A test for one-word countries in the name lists (``Gazetteer.first``), clitics allowed."""
    def test(norm: str) -> bool:
        return any(cat == "COUNTRY" and not rest for k in word_keys(norm) for rest, cat in first.get(k, ()))
    return test


def listed_first_name(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[str], bool]:
    """A test for given names in the name lists (``Gazetteer.first``), clitics allowed (لخليل)."""
    def test(norm: str) -> bool:
        return any(cat == "PFIRST" and not rest for k in word_keys(norm) for rest, cat in first.get(k, ()))
    return test


def listed_place(first: dict[str, list[tuple[tuple[str, ...], str]]]) -> Callable[[str], bool]:
    """A test for one-word places in the name lists (``Gazetteer.first``), as written or after
    a conjunction و (ولحج); no other clitic, and no common word that is also a town (وكان)."""
    def listed(k: str) -> bool:
        return k not in _COMMON and any(cat in ("CITY", "COUNTRY") and not rest for rest, cat in first.get(k, ()))

    def test(norm: str) -> bool:
        return listed(norm) or (norm.startswith("و") and listed(norm[1:]))
    return test


# Common words that the place lists also hold as towns (Cannes, Jeddah without its ta marbuta).
_COMMON = frozenset(normalise(w) for w in "كان كانت جده عواصم اخرى أخرى مدينة ان إن".split())


def _apply_lexicon(norms: list[list[str]], tags: list[list[str]], lexicon: Lexicon) -> list[list[bool]]:
    locked = [[False] * len(s) for s in norms]
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        matches = lexicon.match(s_norms)
        if not matches:
            continue
        spans = _spans(s_tags)
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
            _set(s_tags, a, b, typ)
            for t in range(a, b):
                s_lock[t] = True
    return locked


def _name_like(norm: str) -> bool:
    return len(norm) >= 3 and norm not in _STOP and any("\u0621" <= c <= "\u064a" or c.isalpha() for c in norm)


# "X نظيره التركي Y" (X and his Turkish counterpart Y): the model glues two people into one
# span around the counterpart word and the nisba after it.
_COUNTERPART_RE = re.compile("^[وف]?نظير(?:ه|ها|هم|هما|يه|ته|تها)?$")


def split_counterparts(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]]) -> None:
    """Split person spans at a counterpart word, dropping it and the nisbas that follow it."""
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for s, e, typ in _spans(s_tags):
            if typ != "PERS" or any(s_lock[s:e]):
                continue
            for i in range(s + 1, e - 1):
                if _COUNTERPART_RE.match(s_norms[i]):
                    j = i
                    while j < e - 1 and (j == i or (s_norms[j].startswith("ال") and s_norms[j].endswith("ي"))):
                        s_tags[j] = "O"
                        j += 1
                    s_tags[j] = "B-PERS"
                    break


# Words that continue a person's name with the father's: محمد بن سلمان, عائشة بنت أبي بكر.
_SON = frozenset(normalise(w) for w in "بن بنت ابن".split())
# Words that start a kunya or a theophoric name and take one more word: أبي بكر, عبد الله.
_TWO_WORD = frozenset(normalise(w) for w in "أبو أبي أبا عبد".split())


# Pronoun suffixes of a noun after و inside a person span (ورجاله, وأنصارهم).
_PRONOUNS = ("ه", "ها", "هم", "هما")


def _given(norm: str, first_name: Callable[[str], bool] | None) -> bool:
    """A listed given name as written, with no preposition and article (not للإمام). (No test
    against function words: normalised, علي is also على.)"""
    return first_name is not None and not norm.startswith(("لل", "وال", "بال")) and first_name(norm)


def person_bounds(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]],
                  first_name: Callable[[str], bool] | None = None) -> None:
    """Mend the bounds of person spans (in place).

    - A word with the conjunction و inside or at the end of a person: a listed given name
      after it starts a second person (الحسن والحسين); a noun with the article or a pronoun
      ends the person (علي ورجاله); other words stay (ويلسون is a name).
    - The father's name after بن/بنت/ابن joins the person (فاطمة بنت أسد), and so does a
      listed given name before بن (علي بن أبي طالب, where the model started at أبي or at
      بن; not before ابن: ابن X is a whole name).
    """
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        n = len(s_norms)
        for s, e, typ in _spans(s_tags):
            if typ != "PERS" or any(s_lock[s:e]):
                continue
            for k in range(s + 1, e):
                w = s_norms[k]
                if w.startswith("و") and len(w) > 3 and not (first_name is not None and first_name(w)):
                    if first_name is not None and first_name(w[1:]):
                        s_tags[k] = "B-PERS"  # a second person
                    elif w[1:].startswith("ال") or w.endswith(_PRONOUNS):
                        s_tags[k:e] = ["O"] * (e - k)  # a noun (والمواصلات, ورجاله); not ويلسون
                        e = k
                    break
            # the father's name after بن
            j = e
            while j + 1 < n and s_norms[j] in _SON and s_tags[j] == "O" and s_tags[j + 1] == "O" \
                    and not s_lock[j] and not s_lock[j + 1] and _name_like(s_norms[j + 1]):
                j += 2
                if s_norms[j - 1] in _TWO_WORD and j < n and s_tags[j] == "O" and not s_lock[j] and _name_like(s_norms[j]):
                    j += 1
            if j > e:
                s_tags[e:j] = ["I-PERS"] * (j - e)
            # a given name before بن
            if s >= 2 and s_norms[s - 1] in _SON - {"ابن"} and s_tags[s - 1] == "O" and s_tags[s - 2] == "O" \
                    and not s_lock[s - 1] and not s_lock[s - 2] and _given(s_norms[s - 2], first_name):
                s_tags[s - 2], s_tags[s - 1], s_tags[s] = "B-PERS", "I-PERS", "I-PERS"
            elif s >= 1 and s_norms[s] in _SON - {"ابن"} and s_tags[s - 1] == "O" and not s_lock[s - 1] \
                    and _given(s_norms[s - 1], first_name):
                s_tags[s - 1], s_tags[s] = "B-PERS", "I-PERS"


def _club_word(norm: str) -> bool:
    """A word that can name a club after its town (مانشستر سيتي): indefinite, no adjective."""
    return _name_like(norm) and norm[:1] not in "وفبلك" and not norm.startswith("ال") \
        and not norm.endswith(("يه", "ه")) and norm.isalpha()


def town_clubs(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]],
               place_name: Callable[[str], bool]) -> set[str]:
    """A town the model typed as a body, followed by a word the document also uses alone, is a
    two-word club (in place): [مانشستر سيتي] ... سيتي. Returns those second words: alone, they
    are the club's short form (see the votes in ``propagate``)."""
    found: set[str] = set()
    alone: dict[str, int] = {}
    for s_norms, s_tags in zip(norms, tags):
        for i, w in enumerate(s_norms):
            if s_tags[i] == "O" and (i == 0 or s_tags[i - 1] == "O"):
                for k in word_keys(w):
                    alone[k] = alone.get(k, 0) + 1
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for s, e, typ in _spans(s_tags):
            if typ == "ORG" and e - s == 1 and e < len(s_norms) and s_tags[e] == "O" and not s_lock[e] \
                    and not s_lock[s] and not s_norms[s].startswith(_DEFINITE) and place_name(s_norms[s]) \
                    and _club_word(s_norms[e]) and alone.get(s_norms[e], 0) >= 2:
                s_tags[e] = "I-ORG"
                found.add(s_norms[e])
    return found


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
        for s, e, typ in _spans(s_tags):
            if typ in ("ORG", "LOC"):  # with or without its clitics: لليفربول names ليفربول
                for k in word_keys(s_norms[s]):
                    key = (k, *s_norms[s + 1:e])
                    known.setdefault(key, typ)
                    tagged[key] = tagged.get(key, 0) + 1
            elif typ == "PERS":
                people.add(tuple(s_norms[s:e]))
    leading: dict[_Key, int] = {}  # person spans that start with the words
    for s_norms, s_tags in zip(norms, tags):
        for s, e, typ in _spans(s_tags):
            if typ == "PERS":
                for b in range(s + 1, e):
                    if tuple(s_norms[s:b]) in known:
                        leading[tuple(s_norms[s:b])] = leading.get(tuple(s_norms[s:b]), 0) + 1
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for s, e, typ in _spans(s_tags):
            if typ != "PERS" or e - s < 2 or any(s_lock[s:e]):
                continue
            if e - s >= 3 and (bare(s_norms[s], CLUB_TRIGGERS) or bare(s_norms[s], MEDIA_TRIGGERS)):
                s_tags[s] = "O"
                _set(s_tags, s + 1, s + 2, "ORG")
                _set(s_tags, s + 2, e, "PERS")
                continue
            starts = [s, s + 1] if e - s >= 3 else [s]
            for a in starts:
                cut = next((b for b in range(e - 1, a, -1) if tuple(s_norms[a:b]) in known), None)
                # the rest must be a person: two words or more, or one the document names alone;
                # and the part cut off more often a body or place than a person's first words
                # (ريان إبراهيم, three times, is one person, whatever one span said of ريان)
                if cut is not None and (e - cut >= 2 or tuple(s_norms[cut:e]) in people) \
                        and tagged[tuple(s_norms[a:cut])] >= leading.get(tuple(s_norms[a:cut]), 0):
                    s_tags[s:a] = ["O"] * (a - s)
                    _set(s_tags, a, cut, known[tuple(s_norms[a:cut])])
                    _set(s_tags, cut, e, "PERS")
                    break


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
        for s, e, typ in _spans(s_tags):
            # a span a pattern made, retyped, or cut out of a longer model span
            if s_tags[s:e] != list(s_before[s:e]) or (e < len(s_tags) and s_before[e].startswith("I-")):
                typed.setdefault(tuple(s_norms[s:e]), set()).add(typ)
    if not typed:
        return set()
    for s_norms, s_tags, s_lock in zip(norms, tags, locked):
        for s, e, typ in _spans(s_tags):
            if any(s_lock[s:e]):
                continue
            types = typed.get(tuple(s_norms[s:e]))
            # not a town to a body: a newspaper or club named after a town leaves the town a place
            if types and len(types) == 1 and typ not in types and not (typ == "LOC" and "ORG" in types):
                _set(s_tags, s, e, next(iter(types)))
    return set(typed)


def propagate(norms: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], lexicon: Lexicon | None = None,
              min_share: float = MIN_SHARE, short_forms: bool = True, enabled: bool = True,
              relabel: bool = False, nisba: Callable[[str], bool] | None = None,
              places: bool = PLACE_PATTERNS, bodies: bool = BODY_PATTERNS,
              first_name: Callable[[str], bool] | None = None,
              place_name: Callable[[str], bool] | None = None,
              country_name: Callable[[str], bool] | None = None) -> list[list[str]]:
    """New IOB2 tags for one document: sentences of normalised tokens and their tags.

    With ``enabled`` false only the lexicon is applied. ``nisba`` (see ``country_nisba``):
    one-word person spans it accepts are dropped first (الليبي is an adjective); with
    ``country_name`` too, a town the document calls masculine with it is a team (``_teams``).
    """
    norms = [list(s) for s in norms]
    out = [list(t) for t in tags]
    locked = _apply_lexicon(norms, out, lexicon) if lexicon else [[False] * len(s) for s in norms]
    if not enabled:
        return out
    split_counterparts(norms, out, locked)
    if nisba is not None:
        for s_norms, s_tags, s_lock in zip(norms, out, locked):
            for s, e, typ in _spans(s_tags):
                if typ == "PERS" and e - s == 1 and not s_lock[s] and nisba(s_norms[s]):
                    s_tags[s] = "O"
    if places or bodies:  # before the votes: a name a pattern found is carried like the model's
        before = [list(t) for t in out]
        apply_patterns(norms, out, locked, places=places, bodies=bodies, first_name=first_name)
        by_pattern = _retype_as_patterns(norms, before, out, locked)
    else:
        by_pattern = set()
    if nisba is not None and country_name is not None:  # before the votes: a team is carried as a body
        _teams(norms, out, locked, nisba, country_name)
    split_affiliations(norms, out, locked)
    person_bounds(norms, out, locked, first_name)
    club_words = town_clubs(norms, out, locked, place_name) if place_name is not None else set()
    by_pattern |= {(w,) for w in club_words}  # a club's short form goes on whatever its share
    # votes: key variant → label → count; index: first word → keys that start with it
    votes: dict[_Key, dict[str, int]] = {}
    for s_norms, s_tags in zip(norms, out):
        for s, e, typ in _spans(s_tags):
            rest = tuple(s_norms[s + 1:e])
            if e - s == 1 and not _name_like(s_norms[s]):
                continue
            for k in word_keys(s_norms[s]):
                if len(k) >= 3:
                    v = votes.setdefault((k, *rest), {})
                    v[typ] = v.get(typ, 0) + 1
            if short_forms and typ == "PERS" and _surname(s_norms, s, e) and not (nisba and nisba(s_norms[e - 1])):
                v = votes.setdefault((s_norms[e - 1],), {})
                v["PERS"] = v.get("PERS", 0) + 1
            elif short_forms and typ == "ORG" and e - s == 2 and s_norms[e - 1] in club_words:
                v = votes.setdefault((s_norms[e - 1],), {})  # سيتي for مانشستر سيتي
                v["ORG"] = v.get("ORG", 0) + 1
    if not votes:
        return _coordinate(norms, out, locked, place_name if places else None)
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
                                t == "O" for t in s_tags[i:j]) and not any(s_lock[i:j]):
                            if hit is None or len(key) > len(hit):
                                hit = key
                            break
            if hit is None:
                i += 1
                continue
            untagged[hit] = untagged.get(hit, 0) + 1
            found.append((si, i, i + len(hit), hit))
            i += len(hit)
    if relabel:  # a span whose exact words the document mostly tags as another type takes that type
        for s_norms, s_tags, s_lock in zip(norms, out, locked):
            for s, e, typ in _spans(s_tags):
                if any(s_lock[s:e]):
                    continue
                key = (s_norms[s], *s_norms[s + 1:e])
                v = votes.get(key)
                if v:
                    best_typ, best = max(v.items(), key=lambda kv: kv[1])
                    if best_typ != typ and best >= 2 and best >= MIN_AGREEMENT * sum(v.values()):
                        _set(s_tags, s, e, best_typ)
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
        _set(out[si], i, j, typ)
    return _coordinate(norms, out, locked, place_name if places else None)


# A definite word, behind its clitics or not (الخليج, والخليج, للخليج).
_DEFINITE = ("ال", "وال", "فال", "بال", "كال", "وبال", "فبال", "وكال", "لل", "ولل", "فلل")
# Words after a place name that agree with a feminine noun: towns are feminine (X التي).
_FEMININE_NEXT = frozenset({normalise("التي")})


def _teams(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: list[list[bool]],
           nationality: Callable[[str], bool], country_name: Callable[[str], bool]) -> None:
    """Towns the document names as teams become organisations, at all their occurrences (in place).

    A town is feminine in Arabic (برلين الألمانية, مدينة X, X التي); a club or team named
    after it is masculine, its نادي or فريق understood: X الألماني. So a place span whose
    first word is indefinite and no listed country (some countries are masculine: لبنان),
    followed somewhere in the document by the masculine nisba of a country (as a place or
    already as a body: نادي X الإيطالي) and nowhere by a feminine word or after a place noun,
    is an organisation wherever the document tagged it as a place. Definite places (الخليج العربي, المحيط الهندي) are left alone.
    """
    cues: dict[_Key, list[int]] = {}  # key → [masculine, feminine] cue counts
    places: list[tuple[int, int, int, list[_Key]]] = []
    for si, (s_norms, s_tags, s_lock) in enumerate(zip(norms, tags, locked)):
        for s, e, typ in _spans(s_tags):
            first = s_norms[s]
            if typ not in ("LOC", "ORG") or any(s_lock[s:e]) or country_name(first):
                continue
            if first.startswith(_DEFINITE):
                continue  # الخليج العربي, والخليج
            keys = [(k, *s_norms[s + 1:e]) for k in word_keys(first) if not k.startswith("ال")]
            nxt = s_norms[e] if e < len(s_norms) else ""
            masculine = nxt.startswith("ال") and nationality(nxt)  # not والبولندي: the next item of a list
            feminine = nxt in _FEMININE_NEXT or (nxt.startswith("ال") and nxt.endswith("يه")) \
                or (s > 0 and bare(s_norms[s - 1], PLACE_TRIGGERS) is not None)
            for key in keys:
                c = cues.setdefault(key, [0, 0])
                c[0] += masculine
                c[1] += feminine
            if typ == "LOC":
                places.append((si, s, e, keys))
    for si, s, e, keys in places:
        if any(cues[k][0] and not cues[k][1] for k in keys):
            _set(tags[si], s, e, "ORG")


def _coordinate(norms: list[list[str]], tags: list[list[str]], locked: list[list[bool]],
                place_name: Callable[[str], bool] | None) -> list[list[str]]:
    """Last: places listed beside the places tagged by now (the document's carried names included)."""
    if place_name is not None:
        coordinated_places(norms, tags, locked, place_name)
    return tags
