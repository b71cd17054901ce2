"""The researcher's corrections as the library stores them: one row each (kind, JSON payload,
``undone_at``), and the anchors by which they find their words again.

What they refer to is stable, never an autoincrement id:

- a place in an article is an *anchor*: the article's source (with url and title to find it in
  a colleague's library), the offsets, the marked text and a little text before and after it.
  Replay re-finds the text, preferring the occurrence whose surroundings match best, so a mark
  follows its words when the article's text changed;
- an entity is a *ref*: its key (the normalised name linking gives it), its label, and the
  mention keys it had (its forms), in case linking later resolves it to a longer name.

Kinds: ``mark`` (select text, give it a type), ``remove`` (a wrong mention), ``set_type``,
``merge``, ``split`` (one mention off its entity), ``rename`` (the entity's display name).
Making, undoing and sharing them is :mod:`reader.core.corrections`; replaying them after
linking, :mod:`reader.core.linking.replay`.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.core.store import Library

KINDS = ("mark", "remove", "set_type", "merge", "split", "rename")
MENTION_KINDS = ("mark", "remove")
FILE_FORMAT = "arabic-news-reader-corrections"
FILE_VERSION = 1
CONTEXT = 40  # characters of text kept on each side of an anchor


class CorrectionError(ValueError):
    """A correction that cannot be made (nothing selected, an unknown entity ...), for the user."""


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    created_at: str
    kind: str
    payload: dict[str, Any]
    undone_at: str | None = None

# -- anchors ---------------------------------------------------------------------------------------

def make_anchor(lib: Library, article_id: int, start: int, end: int) -> dict[str, Any]:
    a = lib.article(article_id)
    if not (0 <= start < end <= len(a.text)):
        raise CorrectionError(f"no text at {start}:{end} in article {article_id}")
    return {"article": {"source": a.source, "url": a.url, "title": a.title},
            "start": start, "end": end, "text": a.text[start:end],
            "before": a.text[max(0, start - CONTEXT):start], "after": a.text[end:end + CONTEXT]}


def find_article(lib: Library, ref: dict[str, str]) -> int | None:
    """The article an anchor points at: by source, else url, else a unique title."""
    conn = lib.conn
    for column in ("source", "url", "title"):
        value = ref.get(column) or ""
        if not value:
            continue
        rows = conn.execute(f"SELECT id FROM articles WHERE {column} = ? LIMIT 2", (value,)).fetchall()
        if len(rows) == 1:
            return int(rows[0][0])
    return None


def locate(text: str, anchor: dict[str, Any]) -> tuple[int, int] | None:
    """Where the anchored words are in ``text`` now: the occurrence whose surroundings match best."""
    needle = anchor["text"]
    if not needle:
        return None
    before, after, start = anchor.get("before", ""), anchor.get("after", ""), int(anchor.get("start", 0))
    best: tuple[float, int] | None = None
    pos = text.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        score = _common_suffix(text[max(0, pos - len(before)):pos], before) + \
            _common_prefix(text[end:end + len(after)], after) - abs(pos - start) / 1e6
        if best is None or score > best[0]:
            best = (score, pos)
        pos = text.find(needle, pos + 1)
    return None if best is None else (best[1], best[1] + len(needle))


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


# -- the table -------------------------------------------------------------------------------------

def active(lib: Library) -> list[Correction]:
    """Corrections in force, oldest first (the order they are replayed in)."""
    return [_row(r) for r in lib.conn.execute(
        "SELECT id, created_at, kind, payload, undone_at FROM corrections WHERE undone_at IS NULL ORDER BY id")]


def all_corrections(lib: Library) -> list[Correction]:
    return [_row(r) for r in lib.conn.execute(
        "SELECT id, created_at, kind, payload, undone_at FROM corrections ORDER BY id")]


def _row(r: Sequence[Any]) -> Correction:
    return Correction(int(r[0]), str(r[1]), str(r[2]), json.loads(r[3]), r[4])


def redo_candidate(lib: Library) -> Correction | None:
    """The last undone correction, if nothing was corrected after it was undone."""
    last_active = lib.conn.execute("SELECT max(id) FROM corrections WHERE undone_at IS NULL").fetchone()[0] or 0
    row = lib.conn.execute(
        "SELECT id, created_at, kind, payload, undone_at FROM corrections WHERE undone_at IS NOT NULL AND id > ?"
        " ORDER BY undone_at DESC, id ASC LIMIT 1", (last_active,)).fetchone()
    return _row(row) if row else None


def can_undo(lib: Library) -> Correction | None:
    row = lib.conn.execute("SELECT id, created_at, kind, payload, undone_at FROM corrections"
                           " WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
    return _row(row) if row else None


def can_redo(lib: Library) -> Correction | None:
    return redo_candidate(lib)


def describe(c: Correction) -> str:
    """A short English description (the UI translates the verb; names are data)."""
    p = c.payload
    if c.kind == "mark":
        return f"mark “{p['anchor']['text']}” as {p['label']}"
    if c.kind == "remove":
        return f"remove “{p['anchor']['text']}”"
    if c.kind == "split":
        return f"split “{p['anchor']['text']}” off"
    if c.kind == "set_type":
        return f"make “{p['entity']['name']}” {p['label']}"
    if c.kind == "rename":
        return f"rename “{p['entity']['name']}” to “{p['name']}”"
    if c.kind == "merge":
        return f"merge {len(p['entities']) + 1} entities into “{p.get('name') or p['into']['name']}”"
    return c.kind
