"""One file, one article: .txt, .md and .html bytes to a Document.

Shared by the file importer and by zip archives, whose members are read from memory.
"""
from __future__ import annotations

from reader.core.importers import html, markdown
from reader.core.importers.dates import normalise_date
from reader.core.importers.encoding import DecodeError, decode
from reader.core.importers.text import clean
from reader.core.model import Document, ImportFailure

EMPTY = "empty article"
FORMAT_OF_SUFFIX = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html"}


def read_single(data: bytes, source: str, suffix: str) -> Document | ImportFailure:
    """Decode and clean one article; ``suffix`` (lower case, with the dot) picks the format."""
    fmt = FORMAT_OF_SUFFIX[suffix]
    try:
        raw = decode(data, html.declared_charset(data) if fmt == "html" else None)
    except DecodeError as exc:
        return ImportFailure(source, str(exc))
    if fmt == "html":
        page = html.parse(raw)
        cleaned = clean(page.text, page.title, headline_in_text=False)
        doc = Document(source, cleaned.title, cleaned.text, raw, url=page.url, outlet=page.outlet,
                       date=page.date or cleaned.date, author=page.author, format=fmt)
    elif fmt == "md":
        md = markdown.parse(raw)
        cleaned = clean(md.text, md.title)
        meta = md.meta
        doc = Document(source, cleaned.title, cleaned.text, raw, url=meta.get("url", ""),
                       outlet=meta.get("source", "") or meta.get("outlet", ""),
                       date=normalise_date(meta.get("date", "")) or cleaned.date,
                       author=meta.get("author", ""), format=fmt)
    else:
        cleaned = clean(raw)
        doc = Document(source, cleaned.title, cleaned.text, raw, date=cleaned.date, format=fmt)
    return doc if doc.text else ImportFailure(source, EMPTY)
