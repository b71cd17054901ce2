"""Leaving a leading conjunction/preposition clitic out of an entity span, for the app.

ANERcorp (and so the model and ``reader tag --conll``) tags whole tokens: وبغداد is one LOC
token. Highlights and entity names read better as بغداد, so ``find_spans`` moves a span's
start past و/ف and then ب/ك/ل when the rest is the name:

- before the article (وبالعراق → العراق): when the rest is known (in the article or the
  lists), the article stays;
- لل (ل + ال, the alef dropped): only a leading و/ف goes (وللعراق → للعراق), since the
  text holds no ال to start at;
- otherwise only with evidence that the rest is a word of its own and the whole is not: the
  rest stands alone elsewhere in the article, or in the name lists or the user's lexicon,
  and the whole token is in none of those (وليد and بيروت stay whole);
- و before a hamza on alef or a Latin letter or digit is always the conjunction (وآل, وiOS).
"""
from __future__ import annotations

from typing import AbstractSet, Callable

from reader.core.arabic import normalise
from reader.core.model import Label, Span
from reader.core.spelling import given_names
from reader.core.words import BODY_HEADS, HEADS, PLACE_TRIGGERS, REGION_NOUNS

__all__ = ["trim_span", "clitic_cut"]

# Name-list categories that can name an entity of each type (bodies are often named after places).
_PERSON = frozenset({"PFIRST", "PLAST", "PNAME", "TITLE"})
_PLACE = frozenset({"CITY", "COUNTRY", "LOC", "FAC"})
_KINDS: dict[Label, frozenset[str]] = {Label.PERS: _PERSON, Label.LOC: _PLACE, Label.ORG: _PLACE | {"ORG"}}

_CONJ = "وف"
_PREP = "بكل"
# Head nouns that begin with و (وزارة, وكالة, وادي, ولاية), never و + a name: a list item written
# with them keeps its first letter.
_WAW_WORDS = frozenset(w for w in HEADS | BODY_HEADS | PLACE_TRIGGERS | REGION_NOUNS if w.startswith("و"))
_MARKS = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640"}


def _skip_marks(word: str, i: int) -> int:
    while i < len(word) and word[i] in _MARKS:
        i += 1
    return i


def clitic_cut(word: str, in_text: Callable[[str], bool], listed: Callable[[str], bool] = lambda w: False,
               fits: Callable[[str], bool] | None = None) -> int:
    """How many code points of ``word`` are a leading clitic to leave out of a name (0: none).

    ``in_text``: the normalised rest stands alone elsewhere in the article; ``listed``: a
    normalised word is a listed name (name lists, the user's lexicon). A listed whole word
    stays whole (وليد); so does a word whose rest has no evidence (فالنسيا, فرويد: ف before a
    name is rare in news, so a bare ف needs the rest in the article itself). ``fits``
    (default ``listed``): a rest is listed as a name of the span's kind, asked after a
    preposition ب/ك/ل: a club's ب is no clitic because ايرن is a given name (بايرن), nor a
    person's because لير is a town (بلير).
    """
    if listed(normalise(word)):
        return 0
    listed_rest = fits or listed
    cuts: list[int] = []  # candidate cut points, longest clitic first
    i = 0
    if word[:1] in _CONJ:
        i = _skip_marks(word, 1)
        conj = i
    else:
        conj = 0
    if word[i:i + 1] in _PREP:
        cuts.append(_skip_marks(word, i + 1))
    if conj:
        cuts.append(conj)
    for cut in cuts:
        rest = normalise(word[cut:])
        if len(rest) < 3:
            continue
        if rest.startswith("لل") and cut == conj:
            return cut  # وللعراق → للعراق: the text holds no ال to start at
        if rest.startswith("ال") and len(rest) >= 4 and (in_text(rest) or listed(rest) or listed(rest[2:])):
            return cut
    for cut in reversed(cuts):  # the shortest clitic whose rest is known: ولندن → لندن, not ندن
        rest = normalise(word[cut:])
        if len(rest) < 3 or rest.startswith("ال"):
            continue
        clitic = normalise(word[:cut])
        if in_text(rest) or (clitic != "ف" and (listed_rest if clitic[-1] in _PREP else listed)(rest)):
            return cut
    return 0


def _plain_and(word: str) -> bool:
    """و that can only be the conjunction: before a hamza on alef (وأوباما, وآل: no Arabic word
    or name starts so) or before a letter of another script (وiOS, و2015)."""
    return len(word) > 2 and word[0] == "و" and (word[1] in "أإآ" or word[1].isascii() and word[1].isalnum())


def trim_span(span: Span, vocab: set[str], known: Callable[[str], bool] | None = None,
              kinds: Callable[[str], AbstractSet[str] | None] | None = None, coordinated: bool = False) -> Span:
    """``span`` without a leading clitic on its first word when the rest is the name.

    ``vocab``: normalised tokens of the article; ``known``: other evidence (name lists,
    the user's lexicon); ``kinds``: the name-list categories of a word (PFIRST, CITY...;
    None: any kind), to accept a listed rest only when it is a name of the span's kind. ``coordinated``: the
    span is the next item of a list (X، وY): a leading و is the conjunction, unless the whole
    word is a listed name (وليد).
    """
    first = span.text.split(maxsplit=1)[0] if span.text else ""
    if _plain_and(first):
        return Span(span.start + 1, span.end, span.label, span.text[1:], span.score)
    if len(first) < 4 or first[0] not in _CONJ + _PREP:
        return span

    whole = normalise(first)

    # «وعلي عمران»: وعلي is listed as a family name (Ouali), but a person's name of several
    # words starts with a given name, and و + a common given name is "and" + that name
    common = given_names()
    and_given = (span.label is Label.PERS and first[0] == "و" and " " in span.text.strip()
                 and whole[1:] in common and whole not in common)

    def listed(w: str) -> bool:
        return known is not None and known(w) and not (and_given and w == whole)

    if coordinated and first[0] == "و" and not listed(whole) and first[1:2] not in _MARKS \
            and whole not in _WAW_WORDS:
        rest = first[1:]
        if len(normalise(rest)) >= 3:
            return Span(span.start + 1, span.end, span.label, span.text[1:], span.score)

    fits = None
    if kinds is not None:
        wanted = _KINDS.get(span.label)

        def fits(w: str) -> bool:
            if not listed(w):
                return False
            found = kinds(w)
            return found is None or wanted is None or bool(found & wanted) \
                or (span.label is Label.ORG and w in BODY_HEADS)  # بتنظيم القاعدة: a body's head

    cut = clitic_cut(first, vocab.__contains__, listed, fits)
    if not cut:
        return span
    return Span(span.start + cut, span.end, span.label, span.text[cut:], span.score)
