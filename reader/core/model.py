"""Value objects shared by every layer: documents read from files, spans found in them.

Offsets are always code points of the *stored clean text* of an article, so that
``text[span.start:span.end] == span.text`` holds everywhere (see tests/core/test_model.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Label(str, Enum):
    """Entity types, as in ANERcorp / CoNLL."""

    PERS = "PERS"
    ORG = "ORG"
    LOC = "LOC"
    MISC = "MISC"

    @classmethod
    def parse(cls, value: str) -> "Label":
        """Accept the usual spellings of the four types (PER, PERSON, GPE, ...)."""
        v = value.strip().upper()
        v = {"PER": "PERS", "PERSON": "PERS", "GPE": "LOC", "LOCATION": "LOC",
             "ORGANIZATION": "ORG", "ORGANISATION": "ORG", "MIS": "MISC", "OTHER": "MISC"}.get(v, v)
        return cls(v)


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from a file, before it enters the library.

    ``source`` identifies it across re-imports: the file path, plus ``#<record id or index>``
    for records inside JSON/JSONL/zip files. ``raw`` keeps the text as found (nothing is
    destroyed); ``text`` is the cleaned article body the reader shows and analyses.
    """

    source: str
    title: str
    text: str
    raw: str
    url: str = ""
    outlet: str = ""
    date: str = ""  # ISO 8601 date (YYYY-MM-DD) or date-time when known, else ""
    author: str = ""
    format: str = ""  # txt, html, md, json, jsonl, zip


@dataclass(frozen=True, slots=True)
class ImportFailure:
    """A file or record that could not be imported, with a reason a user can act on."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Span:
    """An entity mention found in a text: code-point offsets into that text."""

    start: int
    end: int
    label: Label
    text: str = ""
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Token:
    """A token with its code-point offsets in the source text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...] = field(default=())
