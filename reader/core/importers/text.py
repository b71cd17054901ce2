"""Clean the text of a scraped article: title, header date, body without site furniture.

Every format ends here: a .txt page as saved from a browser, the lines extracted from
HTML or Markdown, the ``content`` field of a JSON record. The shape of a scraped page
is: optional header (date line, breadcrumb, section label), the headline (often twice:
page title, then the article's own heading), the body, then furniture (share bar,
related articles, comment form). The body keeps its paragraphs and letters exactly;
only whitespace is normalised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.importers import furniture
from reader.core.importers.dates import date_line, publication_line

_TITLE_MAX_WORDS = 30  # a longer first line is a paragraph, not a headline
_SHORT_TITLE_WORDS = 12
_HEADER_LINES = 4  # lines after the headline where a date line still counts as the page's date
_TAIL_MAX_LINES = 12  # a "related articles" block is a handful of headlines
_TAIL_LINE_CHARS = 160  # ...each of them short (a teaser sentence at most)


# Characters that are never part of an article: C0/C1 controls (tab and line breaks aside),
# the zero-width space and BOM/ZWNBSP that CMSs scatter, non-characters, and bidi embeddings,
# overrides and isolates, which arrive unbalanced from copy-paste: a stray U+202E reverses all
# that follows it in the view and can disguise text. Joiners (U+200C/U+200D) shape Arabic and
# Persian words and the directional marks (U+200E/U+200F/U+061C) are harmless: they stay.
_UNCLEAN_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
# Lone surrogates come from JSON escapes ("\ud800") and undecodable file names; SQLite (UTF-8)
# cannot store them.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """Text without control and bidi-control characters, lone surrogates as U+FFFD."""
    if _SURROGATE_RE.search(text):
        text = _SURROGATE_RE.sub("\ufffd", text)
    return _UNCLEAN_RE.sub("", text)


def storable(text: str) -> str:
    """Any string SQLite can hold (UTF-8): lone surrogates become U+FFFD, nothing else changes."""
    return _SURROGATE_RE.sub("\ufffd", text) if _SURROGATE_RE.search(text) else text


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned article: headline, body (paragraphs kept) and the date found in its header."""

    title: str
    text: str
    date: str = ""


def split_lines(text: str) -> list[str]:
    """Lines with normalised whitespace: no-break, thin and other spaces and tabs → one space.

    str.split() and str.splitlines() know every Unicode space and line break (U+00A0,
    U+202F, U+2028, ...) and run in C, which matters for 30,000 articles.
    """
    return [" ".join(line.split()) for line in text.splitlines()]


def join_lines(lines: list[str]) -> str:
    """Join lines, keeping at most one blank line between paragraphs, none at the ends."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def clean(text: str, title: str = "", *, headline_in_text: bool = True) -> Cleaned:
    """Clean an article body; without a ``title`` the headline is taken from its first lines.

    ``headline_in_text=False`` says the text has no headline line (HTML whose markup named
    none): the title is then the start of the first line, which stays in the body.
    """
    text, title = scrub(text), scrub(title)
    lines = [furniture.strip_prefix(line).strip() for line in split_lines(text)]
    date = ""
    start = 0
    if not title:
        title, start, date, keep_title_line = _find_title(lines)
        if keep_title_line or not headline_in_text:
            title = _shorten(lines[start]) if start < len(lines) else ""
        else:
            lines[start] = ""
    else:
        title = " ".join(title.split())
    lines, header_date = _drop_header(lines, start, title)
    return Cleaned(title, join_lines(_drop_furniture(lines)), date or header_date)


def _next_nonempty(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i]:
        i += 1
    return i


def _find_title(lines: list[str]) -> tuple[str, int, str, bool]:
    """(headline, its line index, a date seen above it, whether its line stays in the body).

    Lines above the headline that are furniture (date line, breadcrumb, a counter, a
    section label such as "محلي") are blanked here.
    """
    date = ""
    i = _next_nonempty(lines, 0)
    while i < len(lines):
        line = lines[i]
        found = date_line(line) or publication_line(line)
        nxt = _next_nonempty(lines, i + 1)
        if found or furniture.is_furniture(line) or (
            nxt < len(lines) and _is_label_above(line, lines[nxt], _next_nonempty(lines, nxt + 1) < len(lines))
        ):
            if not found and furniture.is_furniture(line):
                # A date above the site's navigation (a breadcrumb, a menu) is the site header's
                # "today", printed on every page whenever it was saved: not the article's date.
                date = ""
            date = date or found
            lines[i] = ""
            i = nxt
            continue
        return line, i, date, len(line.split()) > _TITLE_MAX_WORDS
    return "", len(lines), date, True


def _shorten(line: str) -> str:
    """A title made from the start of a paragraph."""
    words = line.split()
    return line if len(words) <= _SHORT_TITLE_WORDS else " ".join(words[:_SHORT_TITLE_WORDS]) + " …"


def _is_label_above(line: str, following: str, body_follows: bool) -> bool:
    """A section name standing alone above a headline.

    A known section name always is; another single word only when a headline-sized line
    and then a body follow it (above a paragraph, or above the last line, it is the title).
    """
    if not furniture.is_section_label(line):
        return False
    if furniture.key(line) in furniture.SECTION_LABELS:
        return True
    return body_follows and len(following.split()) <= _TITLE_MAX_WORDS


def _drop_header(lines: list[str], start: int, title: str) -> tuple[list[str], str]:
    """Blank repeats of the headline and date lines just below it; return the date found.

    Only the first few lines count: a date inside the story is not the publication date.
    """
    title_key = furniture.key(title)
    date = ""
    seen = 0
    i = _next_nonempty(lines, start)
    while i < len(lines) and seen < _HEADER_LINES:
        line = lines[i]
        found = date_line(line) or publication_line(line)
        if found:
            date = date or found
            lines[i] = ""
        elif title_key and len(line) < furniture.KEY_MAX and furniture.key(line) == title_key:
            lines[i] = ""
        else:
            seen += 1
        i = _next_nonempty(lines, i + 1)
    return lines, date


def _drop_furniture(lines: list[str]) -> list[str]:
    """Drop furniture lines; cut at a "related articles"/comments heading near the end."""
    kept: list[str] = []
    kept_chars = 0
    for i, line in enumerate(lines):
        if not line:
            kept.append(line)
            continue
        if kept_chars and furniture.is_tail_marker(line) and _is_tail(lines, i + 1, kept_chars):
            break
        if furniture.is_furniture(line):
            continue
        kept.append(line)
        kept_chars += len(line)
    return kept


def _is_tail(lines: list[str], start: int, kept_chars: int) -> bool:
    """What follows a block heading is the page's tail if it is a few lines, either shorter
    than the article or all short (headlines, form labels) — not more paragraphs."""
    rest = [line for line in lines[start:] if line]
    if len(rest) > _TAIL_MAX_LINES:
        return False
    return sum(map(len, rest)) < kept_chars or all(len(line) <= _TAIL_LINE_CHARS for line in rest)
