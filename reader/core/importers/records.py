"""Articles stored as records: a JSON object or array, JSON Lines, or zip archives of them.

Field names vary between scrapers and APIs, so each Document field accepts the usual
spellings (SaudiNewsNet: source/url/date_extracted/title/author/content). A bad record
or line becomes an ImportFailure naming it; the other records still import. Archives are
read one member at a time, so memory holds one member's records at most.
"""
from __future__ import annotations

import html as html_entities
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath

from reader.core.importers import html
from reader.core.importers.dates import normalise_date
from reader.core.importers.encoding import DecodeError, decode
from reader.core.importers.formats import (
    EMPTY,
    FORMAT_OF_SUFFIX,
    MAX_ARTICLE_FILE_BYTES,
    finish,
    read_single,
    too_large,
)
from reader.core.importers.text import clean
from reader.core.model import Document, ImportFailure

TEXT_FIELDS = ("content", "text", "body", "article", "articleBody", "article_body")
NO_TEXT = "no text field (expected one of content/text/body/article)"
_TITLE_FIELDS = ("title", "headline")
_OUTLET_FIELDS = ("source", "outlet", "site", "publisher", "site_name")
_URL_FIELDS = ("url", "link", "href")
# Extraction time last: it is only the crawl date, the best guess when nothing else is given.
_DATE_FIELDS = ("date", "published", "pubDate", "datePublished", "published_at", "publishedAt",
                "date_published", "date_extracted")
_AUTHOR_FIELDS = ("author", "byline", "authors")
_WRAPPER_FIELDS = ("articles", "items", "data", "records", "documents", "results")
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_MARKUP_RE = re.compile(r"<(?:p|br|div|span|a|strong|em|b|i|ul|ol|li|h[1-6]|img|figure)\b[^>]*>", re.IGNORECASE)
MAX_MEMBER_BYTES = 512 * 1024 * 1024  # a larger member is not an article collection (or is a zip bomb)


def read_json(data: bytes, source: str, fmt: str = "json") -> Iterator[Document | ImportFailure]:
    """A JSON file: one article object, an array of them, or an object wrapping such an array."""
    try:
        value = json.loads(decode(data))
    except DecodeError as exc:
        yield ImportFailure(source, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield ImportFailure(source, f"invalid JSON at line {exc.lineno}: {exc.msg}")
        return
    except RecursionError:
        yield ImportFailure(source, "invalid JSON: nested too deeply")
        return
    if isinstance(value, dict) and not any(f in value for f in TEXT_FIELDS):
        wrapped = next((value[f] for f in _WRAPPER_FIELDS if isinstance(value.get(f), list)), None)
        value = wrapped if wrapped is not None else value
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        yield ImportFailure(source, f"expected a JSON object or an array of objects (found {_kind(value)})")
        return
    seen: set[str] = set()
    for index, record in enumerate(value):
        yield record_document(record, _record_source(source, record, index, seen), fmt)


def read_jsonl(data: bytes, source: str, fmt: str = "jsonl") -> Iterator[Document | ImportFailure]:
    """JSON Lines: one article object per line; a broken line fails alone."""
    try:
        text = decode(data)
    except DecodeError as exc:
        yield ImportFailure(source, str(exc))
        return
    seen: set[str] = set()
    index = 0
    # Split on "\n" only: str.splitlines() would also split inside strings at U+2028 etc.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ImportFailure(f"{source}#{index}", f"invalid JSON at line {lineno}: {exc.msg}")
        except RecursionError:
            yield ImportFailure(f"{source}#{index}", f"invalid JSON at line {lineno}: nested too deeply")
        else:
            yield record_document(record, _record_source(source, record, index, seen), fmt)
        index += 1


def read_zip(path: Path, source: str) -> Iterator[Document | ImportFailure]:
    """Every .json/.jsonl (and .txt/.md/.html) member of an archive, in name order."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield ImportFailure(source, f"not a readable zip archive: {exc}")
        return
    found = False
    with archive:
        members = sorted((m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename)
        for member in members:
            name = member.filename
            if name.startswith("__MACOSX/") or any(p.startswith(".") for p in name.split("/")):
                continue  # macOS resource forks and hidden files, as in folder walks
            suffix = PurePosixPath(name).suffix.lower()
            member_source = f"{source}#{name}"
            if suffix == ".zip":
                found = True
                yield ImportFailure(member_source, "archives inside archives are not read")
                continue
            if suffix not in FORMAT_OF_SUFFIX and suffix not in (".json", ".jsonl"):
                continue
            found = True
            limit = MAX_MEMBER_BYTES if suffix in (".json", ".jsonl") else MAX_ARTICLE_FILE_BYTES
            if member.file_size > limit:
                yield ImportFailure(member_source, too_large(member.file_size, limit, "(archive member)"))
                continue
            try:
                data = archive.read(member)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, zlib.error) as exc:
                yield ImportFailure(member_source, f"cannot read archive member: {exc}")
                continue
            if suffix == ".json":
                yield from read_json(data, member_source, "zip")
            elif suffix == ".jsonl":
                yield from read_jsonl(data, member_source, "zip")
            else:
                single = read_single(data, member_source, suffix)
                yield single if isinstance(single, ImportFailure) else _as_zip(single)
    if not found:
        yield ImportFailure(source, "no articles in the archive (no .json, .jsonl, .txt, .md or .html files)")


def record_document(record: object, source: str, fmt: str) -> Document | ImportFailure:
    """One record to a Document; its content gets the same cleanup as a scraped page."""
    if not isinstance(record, dict):
        return ImportFailure(source, f"record is not an object (found {_kind(record)})")
    field = next((f for f in TEXT_FIELDS if f in record), None)
    if field is None:
        return ImportFailure(source, NO_TEXT)
    raw = _text(record[field], "\n")
    content = raw
    if _MARKUP_RE.search(content, 0, 5000):
        content = html.parse(content).text
    elif "&" in content and _ENTITY_RE.search(content):
        content = html_entities.unescape(content)
    cleaned = clean(content, _field(record, _TITLE_FIELDS))
    if not cleaned.text:
        return ImportFailure(source, EMPTY)
    date = next((d for d in (normalise_date(record.get(f)) for f in _DATE_FIELDS) if d), cleaned.date)
    return finish(Document(source, cleaned.title, cleaned.text, raw, url=_field(record, _URL_FIELDS),
                           outlet=_field(record, _OUTLET_FIELDS), date=date,
                           author=_field(record, _AUTHOR_FIELDS), format=fmt))


def _record_source(source: str, record: object, index: int, seen: set[str]) -> str:
    """``file#id`` when the record has a unique id, else ``file#index`` (0-based)."""
    rid = record.get("id") if isinstance(record, dict) else None
    name = str(rid).strip() if isinstance(rid, (str, int)) and not isinstance(rid, bool) else ""
    if not name or name in seen:
        name = str(index)
    seen.add(name)
    return f"{source}#{name}"


def _field(record: dict[str, object], names: tuple[str, ...]) -> str:
    """The first non-empty of ``names`` as one line of text, entities decoded."""
    for name in names:
        value = _text(record.get(name), ", ")
        value = " ".join((html_entities.unescape(value) if "&" in value else value).split())
        if value:
            return value
    return ""


def _text(value: object, joiner: str) -> str:
    """Strings as they are; lists joined; {"name": ...} objects (authors, publishers) by name."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):  # one level only: paragraphs, or several authors
        return joiner.join(filter(None, (_text(v, joiner) for v in value if not isinstance(v, list))))
    if isinstance(value, dict):
        return next((v for v in (value.get(k) for k in ("name", "title", "value", "text")) if isinstance(v, str)), "")
    return ""


def _kind(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "null" if value is None else "a number")


def _as_zip(doc: Document) -> Document:
    return replace(doc, format="zip")
