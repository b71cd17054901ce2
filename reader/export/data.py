"""Machine-readable exports: JSON (articles with mentions, entities) and CSV (one mention a row).

Offsets are code points of each article's ``text``: ``text[start:end] == mention["text"]``.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from reader.core.store import Library


def _articles(lib: Library, ids: Sequence[int] | None) -> Iterator[dict[str, Any]]:
    for article_id in (ids if ids is not None else lib.article_ids()):
        a = lib.article(article_id)
        yield {
            "id": a.id, "source": a.source, "url": a.url, "title": a.title, "outlet": a.outlet, "date": a.date,
            "text": a.text,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text, "label": m.label.value,
                          "entity": m.entity_id} for m in lib.mentions(a.id)],
        }


def write_json(lib: Library, out: TextIO, ids: Sequence[int] | None = None) -> None:
    """Stream ``{"articles": [...], "entities": [...]}`` without holding the library in memory."""
    out.write('{"articles": [')
    entity_ids: set[int] = set()
    for n, article in enumerate(_articles(lib, ids)):
        entity_ids.update(m["entity"] for m in article["mentions"] if m["entity"] is not None)
        out.write(("," if n else "") + "\n" + json.dumps(article, ensure_ascii=False))
    out.write('\n], "entities": [')
    n = 0
    for e in _all_entities(lib):
        if ids is not None and e.id not in entity_ids:
            continue
        out.write(("," if n else "") + "\n" + json.dumps(
            {"id": e.id, "name": e.name, "label": e.label.value, "aliases": list(e.aliases),
             "articles": e.n_articles, "mentions": e.n_mentions}, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")


def _all_entities(lib: Library):  # type: ignore[no-untyped-def]
    offset = 0
    while True:
        page = lib.entities(limit=1000, offset=offset)
        if not page:
            return
        yield from page
        offset += len(page)


CSV_COLUMNS = ("article_id", "source", "title", "outlet", "date", "start", "end", "text", "label",
               "entity_id", "entity_name")


def write_csv(lib: Library, out: TextIO, ids: Sequence[int] | None = None) -> None:
    """One row per mention, for spreadsheets."""
    names: dict[int, str] = {}
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    for article in _articles(lib, ids):
        for m in article["mentions"]:
            eid = m["entity"]
            if eid is not None and eid not in names:
                names[eid] = lib.entity(eid).name
            w.writerow([article["id"], article["source"], article["title"], article["outlet"], article["date"],
                        m["start"], m["end"], m["text"], m["label"], "" if eid is None else eid,
                        names.get(eid, "") if eid is not None else ""])
