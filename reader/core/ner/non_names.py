"""Words a tagger takes for names that a researcher never wants as entities.

News text is full of God in set phrases (إن شاء الله، رحمه الله، رضي الله عنه), of currencies
(مليون دولار، 500 ريال) and units; taggers trained on ANERcorp tag some of them, and a library
then lists «الله» and «دولار» among its most frequent "entities". These lists are data: a span
made only of such words is dropped, and a person's span loses a formula glued to its end
(عمر بن الخطاب رضي الله عنه → عمر بن الخطاب). Checked on normalised words with their leading
clitics and article removed, so وبالله, للدولار and الريالات are found too.

Two more kinds, seen in a 3,365-article library as entities of their own: a single function
word (من, هذا, كان, بدت) and a title alone (الأمير, السفير, الحاكم) that is no short form of a
longer name in the article (الشريف after سمير الشريف stays). The word lists are in
``reader.core.words`` (``RELIGIOUS``, ``CURRENCIES``, ``UNITS``, ``FUNCTION_WORDS``, ``HONORIFICS``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.arabic import dediacritise, normalise, strip_article
from reader.core.model import Label, Span
from reader.core.places import places
from reader.core.ner.mending import clear_span
from reader.core.words import (EVENT_HEADS, FORMULA_PHRASES, FORMULA_STARTS, FUNCTION_WORDS, HEADS, HONORIFIC_CLITICS, HONORIFICS, NON_NAME_WORDS,
                               SPELT_V, TRAILING_PREPOSITIONS,
                               PROCLITICS, ROLE_HEADS)

# each honorific with its leading clitics (و/ف, then ب/ل/ك) allowed, its words apart by any spacing
_HONORIFIC_RE = re.compile("|".join(
    r"(?<!\w)[وف]?[بلك]?" + r"\s+".join(re.escape(w) for w in h.split()) + r"(?!\w)" for h in HONORIFICS))
_WORD_RE = re.compile(r"\S+")
# Web and e-mail addresses (www.edu.example.sa, name@example.com, https://…) and social-media
# handles (@s_example, a columnist's byline): a tagger takes a Latin word inside one for a name;
# nothing inside one is an entity.
_ADDRESS_RE = re.compile(r"(?:https?://|www\.)[^\s\"'»«“”()]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w.])@\w+|"
                         r"(?<![\w.])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|gov|edu|sa|ae|info)(?:/\S*)?(?![\w.])",
                         re.IGNORECASE)


def _bare(word: str) -> str:
    """A normalised word without its leading conjunction/preposition and article."""
    w = normalise(word)
    if w in NON_NAME_WORDS:
        return w
    stripped = strip_article(w)
    if stripped in NON_NAME_WORDS:
        return stripped
    for clitic in PROCLITICS:
        if w.startswith(clitic) and len(w) > 3:
            rest = w[len(clitic):]
            for form in (rest, strip_article(rest)):
                if form in NON_NAME_WORDS:
                    return form
    return w


def _function_word(word: str) -> bool:
    """A function word, alone or after و/ف when four letters at least remain (never with the
    article or ب/ل/ك: العند, كاين, بالي and ألفي are names; nor فاو, فان)."""
    w = normalise(word)
    return w in FUNCTION_WORDS or (len(w) > 4 and w[0] in "وف" and w[1:] in FUNCTION_WORDS)


def is_lone_head(text: str) -> bool:
    """Whether ``text`` is one head noun without the article, a clitic aside (نادي, جامعة,
    ومنظمة): the noun of a construct whose name the tagger took apart or left out (نادي
    [الاتحاد], منظمة «…»). Alone it names nothing; with the article (النادي, الاتحاد, المدينة)
    it may be a name or stand for one named in the article, and stays."""
    words = text.split()
    if len(words) != 1:
        return False
    w = normalise(words[0])
    return w in HEADS or (len(w) > 4 and w[0] in PROCLITICS and w[1:] in HEADS)


def _nationality(word: str) -> bool:
    """A country's nisba adjective with the article, alone (الغاني, البوليفي: "the Ghanaian"
    before a player's name, as ANERcorp leaves it untagged), not a country's own name
    (السعودية). Without the article it is a surname as often (سامر مصري), or a country (سورية).
    Names lists: ``reader.core.places``."""
    w = normalise(word)
    bare = strip_article(w)
    return bare != w and bare in places().nisba_of and bare not in places().words()


def is_non_name(text: str) -> bool:
    """Whether every word of ``text`` is a formula word, a currency, a unit or a month, or ``text``
    has no letter, or is one function word (several may be an acronym spelled out: آي إن إيه) or a
    competition's head noun alone (الكأس)."""
    words = text.split()
    if not any(c.isalpha() for c in text):
        return True  # a number (1047), a date written in digits
    if len(words) == 1 and (_function_word(words[0]) or _event_head(words[0])):
        return True
    first, rest = normalise(words[0]), [normalise(w) for w in words[1:]]
    firsts = {first} | {first[len(c):] for c in PROCLITICS if first.startswith(c) and len(first) > len(c) + 2}
    if any(" ".join([f, *rest]) in FORMULA_PHRASES for f in firsts):
        return True  # بتوفيق الله
    return bool(words) and all(_bare(w) in NON_NAME_WORDS for w in words)


_EVENT_HEAD_RE = re.compile("^(?:[وف]?[بكل]?(?:ال)?|[وف]?لل)(" + "|".join(sorted(EVENT_HEADS)) + ")$")


def _event_head(word: str) -> bool:
    """A competition's head noun alone, as written (``EVENT_HEADS``; clitics and article aside)."""
    return _EVENT_HEAD_RE.match(dediacritise(word)) is not None


def _lone_titles(spans: Sequence[Span]) -> set[int]:
    """Starts of spans that are only a title (الأمير, السفير, ولي العهد) that stands for nobody
    in the article: no name of the article ends with it (الشريف after سمير الشريف is his short
    form) and, for a title of several words, no longer name before it carries it (ولي العهد
    الأمير فهد ... ولي العهد: linking takes it to him). Across a library every such «الأمير»
    would be one entity."""
    from reader.core.linking.keys import base_words, display_name, is_title, is_title_phrase
    from reader.core.spelling import given_names

    # the words of longer names a short form may be, their titles left out: the last (a surname,
    # سمير الشريف) or a first that is a given name too (سيد قطب); a word inside a name is none
    # («الملك» of مدينة الملك فهد الطبية, which the model tags alone)
    later: set[str] = set()
    for s in spans:
        if " " in s.text and (words := base_words(display_name(s.text, s.label))):
            later.add(words[-1])
            if words[0] in given_names():
                later.add(words[0])
    before: set[str] = set()  # the words of the longer names met so far
    out: set[int] = set()
    for s in spans:
        words = base_words(s.text)
        if (all(is_title(w) for w in s.text.split()) or is_title_phrase(s.text)) and not later.issuperset(words) \
                and not (len(words) > 1 and (later | before).issuperset(words)):
            out.add(s.start)
        if " " in s.text:
            before.update(words)
    return out


def _lone_nationalities(spans: Sequence[Span]) -> set[int]:
    """Starts of one-word spans that are a nationality adjective alone (``_nationality``) and
    no name of the article ends with (المصري after سامر المصري is his surname)."""
    ends = {normalise(s.text.split()[-1]) for s in spans if " " in s.text}
    return {s.start for s in spans if " " not in s.text.strip() and _nationality(s.text)
            and normalise(s.text) not in ends}


def _preposition_tail(words: Sequence[str]) -> int:
    """How many words at the end of a span are prepositions it took from the phrase after the
    name (سامر الزاهري من [كرمستان]), keeping at least one word; «في» after a letter's name (إم تي في,
    MTV) is the letter."""
    n = 0
    while len(words) - n > 1:
        last = normalise(words[-n - 1])
        if last not in TRAILING_PREPOSITIONS or (last == SPELT_V and len(normalise(words[-n - 2])) <= 2):
            break
        n += 1
    return n


def _formula_tail(words: Sequence[str]) -> int:
    """How many words at the end of a person's span are a religious formula (0 if none),
    keeping at least one word of the name."""
    for i in range(1, len(words)):
        if _bare(words[i]) in FORMULA_STARTS and all(_bare(w) in NON_NAME_WORDS for w in words[i:]):
            return len(words) - i
    return 0


_HONORIFIC_WORDS = tuple(tuple(normalise(w) for w in h.split()) for h in HONORIFICS)


def _honorific_at(norms: Sequence[str], i: int) -> int:
    """The end of the honorific title starting at token ``i`` (its first word may carry a clitic), or 0."""
    for words in _HONORIFIC_WORDS:
        head = norms[i]
        if head[:len(head) - len(words[0])] in HONORIFIC_CLITICS and head.endswith(words[0]) \
                and tuple(norms[i + 1:i + len(words)]) == words[1:]:
            return i + len(words)
    return 0


def _governs(norm: str) -> bool:
    """A role head without the article, or its dual (نائب, ونائب, مستشارا): the honorific after
    it is its object (نائب خادم الحرمين الشريفين is the deputy, not the title's holder)."""
    w = norm[1:] if norm[:1] in "وف" and len(norm) > 4 else norm
    return w in ROLE_HEADS or (len(w) > 4 and w[-1] in "اي" and w[:-1] in ROLE_HEADS)


def _untag(row: list[str], lock: Sequence[bool], start: int, end: int) -> None:
    """No span on [start, end) (unlocked tokens); a span going on after it starts anew."""
    if not any(lock[start:end]):
        clear_span(row, start, end)


def honorific_names(norms: Sequence[Sequence[str]], tags: list[list[str]], locked: Sequence[Sequence[bool]],
                    person_titles: frozenset[str]) -> None:
    """An honorific title before a person's name (خادم الحرمين الشريفين الملك ...) joins the
    person's span, and where the document names a person so, its other occurrences alone stand
    for that person: each becomes a person span (linking takes it to the person, its titles
    telling whom). An honorific a role head governs (نائب خادم الحرمين الشريفين) is the
    deputy's role, nobody's name: no span. In place; locked tokens stay."""
    from reader.core.ner.mending import set_span

    found: list[tuple[int, int, int]] = []  # (sentence, start, end) of each honorific
    named: dict[tuple[int, int], int] = {}  # (sentence, start) of those the name follows → its first token
    for si, sent in enumerate(norms):
        i = 0
        while i < len(sent):
            end = _honorific_at(sent, i)
            if not end:
                i += 1
                continue
            if i and _governs(sent[i - 1]):
                # the role's head goes with it where a span held both (نائب خادم الحرمين الشريفين)
                head = tags[si][i - 1].startswith("B-") and tags[si][i].startswith("I-")
                _untag(tags[si], locked[si], i - 1 if head else i, end)
                i = end
                continue
            found.append((si, i, end))
            j = end + 1 if end < len(sent) and sent[end] in person_titles and tags[si][end] == "O" else end
            if j < len(sent) and tags[si][j] == "B-PERS":
                named[(si, i)] = j
            i = end
    if not named:
        return
    for si, i, end in found:
        row = tags[si]
        stop = end
        if (si, i) in named:  # the honorific, any title after it, and the person's span
            stop = named[(si, i)] + 1
            while stop < len(row) and row[stop] == "I-PERS":
                stop += 1
        if not any(locked[si][t] for t in range(i, stop)):
            set_span(row, i, stop, "PERS")


def drop_non_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` without those made only of non-name words or of one head noun without the
    article or a nationality adjective alone (``_lone_nationalities``), or lying inside an honorific title
    or a web or e-mail address; spans without a preposition at their end, and people without a
    formula there; offsets stay exact (``text[s.start:s.end] == s.text``)."""
    titles = [(m.start(), m.end()) for m in _HONORIFIC_RE.finditer(text)] if spans else []
    addresses = [(m.start(), m.end()) for m in _ADDRESS_RE.finditer(text)] if spans else []
    lone = _lone_titles(spans) | _lone_nationalities(spans)
    out: list[Span] = []
    for s in spans:
        # inside an honorific, but not the honorific itself standing for a person (``honorific_names``)
        inside = any(a <= s.start and s.end <= b and not (s.label is Label.PERS and s.end == b and s.start - a <= 2)
                     for a, b in titles)
        in_address = any(a <= s.start and s.end <= b for a, b in addresses)
        if is_non_name(s.text) or is_lone_head(s.text) or s.start in lone or inside or in_address:
            continue
        words = [(m.start(), m.end()) for m in _WORD_RE.finditer(s.text)]
        tail = _preposition_tail([s.text[a:b] for a, b in words])
        if not tail and s.label is Label.PERS:
            tail = _formula_tail([s.text[a:b] for a, b in words])
        if tail:
            end = s.start + words[-tail - 1][1]
            s = Span(s.start, end, s.label, text[s.start:end])
        out.append(s)
    return out
