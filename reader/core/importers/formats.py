"""One file, one article: .txt, .md and .html bytes to a Document.

Shared by the file importer and by zip archives, whose members are read from memory.
"""
from __future__ import annotations

from reader.core.importers import html, markdown
from reader.core.importers.dates import normalise_date
from reader.core.importers.encoding import DecodeError, decode
from reader.core.importers.origin import page_origin
from reader.core.importers.text import clean, split_lines
from reader.core.model import Document, ImportFailure

EMPTY = "empty article"
FORMAT_OF_SUFFIX = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html"}
# A news page, even saved "complete" with inline images, is a few MB; a larger .txt/.md/.html is
# a log, a dump or a mistake, and parsing it would take seconds and gigabytes (a 100 MB one-line
# Markdown file peaks at 4 GB). Its size is checked before it is read.
MAX_ARTICLE_FILE_BYTES = 32 * 1024 * 1024
# The cleaned text of one article: a long report is 100,000 characters; more is not an article,
# and would make analysis, search indexing and the view crawl.
MAX_ARTICLE_CHARS = 10_000_000


def too_large(size: int, limit: int, what: str) -> str:
    return f"file too large {what} ({size / 2**20:.1f} MB; the limit is {limit // 2**20} MB)"


def finish(doc: Document) -> Document | ImportFailure:
    """The document, or why it is not an article (empty, too long)."""
    if not doc.text:
        return ImportFailure(doc.source, EMPTY)
    if len(doc.text) > MAX_ARTICLE_CHARS:
        return ImportFailure(doc.source, f"article text too long ({len(doc.text):,} characters;"
                                         f" the limit is {MAX_ARTICLE_CHARS:,})")
    return doc


def read_single(data: bytes, source: str, suffix: str) -> Document | ImportFailure:
    """Decode and clean one article; ``suffix`` (lower case, with the dot) picks the format."""
    fmt = FORMAT_OF_SUFFIX[suffix]
    if len(data) > MAX_ARTICLE_FILE_BYTES:
        return ImportFailure(source, too_large(len(data), MAX_ARTICLE_FILE_BYTES, "for one article"))
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
        origin = page_origin(split_lines(raw), cleaned.text.split("\n"))
        doc = Document(source, cleaned.title, cleaned.text, raw, url=origin.url, outlet=origin.outlet,
                       date=cleaned.date, format=fmt)
    return finish(doc)
