"""Arabic text handling: normalisation keys, tokens with source offsets, sentences.

The stored article text is never altered: everything here either returns offsets into the
original string or builds a *key* (a normalised copy) used for search and matching.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

from reader.core.model import Sentence, Token

# Harakat, shadda, sukun, superscript alef and Quranic marks; tatweel. camel-tools'
# dediac_ar removes the same marks but importing it builds large Unicode tables (~0.4 s);
# tests/core/test_arabic.py checks both agree on real text.
_DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
# Invisible format characters that scraped text carries (ZWJ/ZWNJ, bidi marks, BOM).
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")




def _presentation_forms() -> dict[str, str]:
    """Arabic presentation forms (contextual glyphs, ligatures) and the base letters they show.

    Text extracted from some PDFs and old pages stores the shaped glyphs (ﻛﺮﻣﺴﺘﺎﻥ for كرمستان): as keys
    they must read as the letters, or the same name is two entities and search misses it. Forms
    whose NFKC reading holds a space (a blessing formula in one glyph, an isolated vowel mark)
    are left as they are: a key of one word stays one word.
    """
    out: dict[str, str] = {}
    for block in (range(0xFB50, 0xFE00), range(0xFE70, 0xFEFF)):
        for cp in block:
            ch = chr(cp)
            letters = unicodedata.normalize("NFKC", ch)
            if letters != ch and " " not in letters:
                out[ch] = letters
    return out


_PRESENTATION = _presentation_forms()
_PRESENTATION_RE = re.compile("[" + "".join(sorted(_PRESENTATION)) + "]")


def dediacritise(text: str) -> str:
    """Drop diacritics and tatweel."""
    return _DIACRITICS_RE.sub("", text)


def normalise(text: str) -> str:
    """The matching/search key of a string: أ/إ/آ→ا, ى→ي, ة→ه, no diacritics or tatweel, NFKC digits,
    presentation forms read as their letters.

    Used for FTS and mention keys; never for stored text. Words are looked up in a cache: the
    analysis normalises every token several times (features, post-pass, search row).
    """
    if len(text) <= _CACHED_LEN:
        return _normalise_word(text)
    return _normalise(text)


_CACHED_LEN = 24  # words and short names; longer strings are texts, not worth keeping


@lru_cache(maxsize=1 << 17)
def _normalise_word(text: str) -> str:
    return _normalise(text)


def clear_caches() -> None:
    """Forget the word caches (tens of MB after a library-wide pass; refilled on demand)."""
    _normalise_word.cache_clear()
    strip_clitics.cache_clear()


def _normalise(text: str) -> str:
    text = _INVISIBLE_RE.sub("", text)
    if _PRESENTATION_RE.search(text):
        text = _PRESENTATION_RE.sub(lambda m: _PRESENTATION[m.group()], text)
    text = dediacritise(text)
    text = normalize_alef_ar(text)
    text = normalize_alef_maksura_ar(text)
    text = normalize_teh_marbuta_ar(text)
    return text.translate(_DIGITS)


# Arabic-Indic and Persian digits to ASCII, so "٢٠٢٠" and "2020" match.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# A word: letters, digits and the marks/tatweel inside Arabic words. Everything else that is
# not white space is a one-character punctuation token (the ANERcorp convention: clitics stay
# attached to their word, punctuation stands alone).
TOKEN_RE = re.compile(r"[^\W_]+(?:[\u0640\u064b-\u065f\u0670][^\W_]*)*|\S", re.UNICODE)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end)]


# Sentence ends: . ! ? ؟ ؛ and ellipses, followed by space; and every line break (scraped
# news puts one paragraph per line, and titles have no final stop).
_SENTENCE_END_RE = re.compile(r"(?<=[.!?؟؛…])[\"'”»)]*\s+|\n+")
# A full stop after a single letter or a number is not a sentence end (initials, "5.").
_NOT_END_RE = re.compile(r"(?:^|\s)(?:\S|\d+)[.]$")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets, stripped of surrounding white space, never empty."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if m.group().strip() == "" and "\n" not in m.group() and _NOT_END_RE.search(text[max(pos, m.start() - 12):m.start()]):
            continue
        _append_stripped(text, pos, m.start(), out)
        pos = m.end()
    _append_stripped(text, pos, len(text), out)
    return out


def _append_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def sentences(text: str) -> list[Sentence]:
    """Sentences with their tokens, all offsets into ``text``."""
    return [Sentence(s, e, tuple(tokenize(text, s, e))) for s, e in sentence_bounds(text)]


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding ``offset`` (for entity-panel context)."""
    for s, e in sentence_bounds(text):
        if s <= offset < e:
            return s, e
    return max(0, offset - 80), min(len(text), offset + 80)


# Proclitics that attach to words in news text: conjunctions, prepositions, the article.
# Order matters: longer first.
PROCLITICS = ("وبال", "وكال", "فبال", "ولل", "فلل", "بال", "كال", "فال", "وال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


@lru_cache(maxsize=200_000)
def strip_clitics(word: str, min_stem: int = 2) -> str:
    """A greedy stem of a normalised word without proclitics (للحكومه → حكومه), for search.

    Greedy, so it also eats a word's own first letter (بيروت → يروت); that is harmless where
    both the index and the query go through it. Linking uses :func:`strip_article` and
    :func:`proclitic_splits` with a vocabulary instead.
    """
    for p in PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= min_stem + (1 if len(p) == 1 else 0):
            return word[len(p):]  # لل is ل + ال: the stem follows either way
    return word


_ARTICLE_RE = re.compile("^(?:[وف]?[بكل]?ال|[وف]?لل)(?=..)")


def strip_article(word: str) -> str:
    """A normalised word without the article and the clitics before it (والدوحه, للحكومه → دوحه, حكومه).

    The article is unambiguous enough to strip without a lexicon.
    """
    return _ARTICLE_RE.sub("", word, count=1)


def proclitic_splits(word: str) -> list[str]:
    """Possible stems of a word that may carry و/ف and ب/ك/ل without the article, shortest prefix first.

    بيروت may be a name or ب + يروت: only a vocabulary can tell, so callers choose.
    """
    out = []
    for n, prefix_ok in ((1, word[:1] in "وفبكل"), (2, word[:1] in "وف" and word[1:2] in "بكل")):
        if prefix_ok and len(word) - n >= 3:
            out.append(word[n:])
    return out


def is_arabic(text: str) -> bool:
    """Whether the text is mostly Arabic letters (used to choose layout direction)."""
    letters = [c for c in text[:2000] if c.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufefc")
    return arabic / len(letters) > 0.5


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection ``text[start:end]`` widened to whole words, for marking a name.

    A drag rarely ends exactly at a word's edge: the end goes to the end of the word it falls
    in, and a start inside a word goes back to the word's start, unless what it leaves out is
    a proclitic (و، ف، ب، ك، ل، ال and their combinations): a researcher who selected زاهر in
    لزاهر chose to leave the clitic out, as they can see. Surrounding spaces and punctuation
    are dropped. Offsets are code points; an empty result is (start, start).
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end < start:
        start, end = end, start
    words = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text) if m.end() > start and m.start() < end
             and text[m.start()].isalnum()]
    if not words:
        return start, start
    (w0, w0_end), (_, w1_end) = words[0], words[-1]
    lead = normalise(text[w0:start]) if w0 < start else ""
    new_start = start if lead and lead in PROCLITICS and start < w0_end else w0
    return new_start, w1_end
