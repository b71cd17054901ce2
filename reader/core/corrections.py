"""The researcher's corrections: made, undone, redone, shared, each followed by a relink.

A correction never edits the result of linking in place: it is a row of the ``corrections``
table (:mod:`reader.core.store.corrections`), and :func:`reader.core.linking.relink_library`
replays every active one after linking, in order (:mod:`reader.core.linking.replay`). So
corrections survive a re-analysis, a new model, a schema upgrade, and a re-import of changed
text, and each can be undone and redone.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.linking import relink_library
from reader.core.model import Label
from reader.core.store.library import now
from reader.core.store.corrections import (CONTEXT, FILE_FORMAT, FILE_VERSION, KINDS, MENTION_KINDS, Anchor,
                                           ArticleRef, Change, Correction, CorrectionError, EntityRef, Mark, Merge, Remove,
                                           Rename, SetType, Split, active, all_corrections, can_redo, can_undo,
                                           describe, find_article, locate, make_anchor, parse_change,
                                           redo_candidate, to_payload)

if TYPE_CHECKING:
    from reader.core.ner.lexicon import Lexicon
    from reader.core.store import Library

__all__ = [  # the stored side, for callers of this module
    "CONTEXT", "FILE_FORMAT", "FILE_VERSION", "KINDS", "MENTION_KINDS", "Anchor", "ArticleRef", "Change", "Correction",
    "CorrectionError", "EntityRef", "Mark", "Merge", "Remove", "Rename", "SetType", "Split", "active",
    "all_corrections", "can_redo", "can_undo", "describe", "find_article", "locate", "make_anchor", "parse_change",
    "to_payload",
]


def record(lib: Library, change: Change, relink: bool = True) -> int:
    """Store a correction and replay (relink) at once; returns its id."""
    with lib.transaction():
        # A new correction ends the redo history (see redo_candidate): undone ones stay undone.
        cur = lib.conn.execute("INSERT INTO corrections (created_at, kind, payload) VALUES (?, ?, ?)",
                               (now(), change.kind, json.dumps(to_payload(change), ensure_ascii=False)))
        if relink:
            relink_library(lib)
    return int(cur.lastrowid or 0)


def _undo_stamp(lib: Library) -> str:
    """When a correction is undone: to the microsecond, and later than every earlier undo.

    Redo restores the correction undone last (``redo_candidate``); undos within one second
    (quick work, or a journal replayed after a crash) must still be told apart, whatever the clock
    does. Stamps in seconds from older libraries sort before any stamp of the same second.
    """
    stamp = datetime.now(timezone.utc)
    last = lib.conn.execute("SELECT max(undone_at) FROM corrections").fetchone()[0]
    if last:
        try:
            stamp = max(stamp, datetime.fromisoformat(last) + timedelta(microseconds=1))
        except ValueError:
            pass
    return stamp.isoformat(timespec="microseconds")


def undo(lib: Library) -> Correction | None:
    """Undo the latest correction in force; returns it (None when there is none)."""

    c = can_undo(lib)
    if c is None:
        return None
    with lib.transaction():
        lib.conn.execute("UPDATE corrections SET undone_at = ? WHERE id = ?", (_undo_stamp(lib), c.id))
        relink_library(lib)
    return c


def redo(lib: Library) -> Correction | None:

    c = redo_candidate(lib)
    if c is None:
        return None
    with lib.transaction():
        lib.conn.execute("UPDATE corrections SET undone_at = NULL WHERE id = ?", (c.id,))
        relink_library(lib)
    return c

# -- making corrections ----------------------------------------------------------------------------

def entity_ref(lib: Library, entity_id: int) -> EntityRef:
    e = lib.entity(entity_id)
    forms = sorted({r[0] for r in lib.conn.execute(
        "SELECT DISTINCT key FROM mentions WHERE entity_id = ? AND key != ''", (entity_id,))})
    return EntityRef(e.key, e.label.value, e.name, tuple(forms))


def mark(lib: Library, article_id: int, start: int, end: int, label: Label | str) -> int:
    """The user marks ``text[start:end]`` as an entity of ``label`` (replacing overlapping mentions)."""
    return record(lib, marking(lib, article_id, start, end, label))


def marking(lib: Library, article_id: int, start: int, end: int, label: Label | str) -> Mark:
    text = lib.article(article_id).text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise CorrectionError("select some text first")
    return Mark(make_anchor(lib, article_id, start, end), label if isinstance(label, Label) else Label.parse(label))


def user_lexicon(lib: Library) -> "Lexicon | None":
    """The names the researcher marked, for NER to recognise in every article (None if none)."""
    from reader.core.ner.lexicon import Lexicon

    entries = [(c.change.anchor.text, c.change.label.value) for c in active(lib) if isinstance(c.change, Mark)]
    return Lexicon.from_entries(entries) if entries else None


def _mention_anchor(lib: Library, mention_id: int) -> Anchor:
    row = lib.conn.execute('SELECT article_id, start, "end" FROM mentions WHERE id = ?', (mention_id,)).fetchone()
    if row is None:
        raise CorrectionError(f"no mention with id {mention_id}")
    return make_anchor(lib, int(row[0]), int(row[1]), int(row[2]))


def remove_mention(lib: Library, mention_id: int) -> int:
    return record(lib, change(lib, "remove", mention_id))


def split_mention(lib: Library, mention_id: int) -> int:
    return record(lib, change(lib, "split", mention_id))


def set_type(lib: Library, entity_id: int, label: Label | str) -> int:
    return record(lib, change(lib, "set_type", entity_id, label))


def rename(lib: Library, entity_id: int, name: str) -> int:
    return record(lib, change(lib, "rename", entity_id, name))


def merge(lib: Library, entity_ids: Sequence[int], into: int | None = None, name: str = "") -> int:
    """Merge entities into one (``into``, else the most mentioned of them), named ``name`` if given."""
    return record(lib, change(lib, "merge", entity_ids, into, name))


def merge_names(lib: Library, entity_ids: Sequence[int]) -> list[str]:
    """The names a merge of these entities may take, the one to offer first first: the fullest
    name (most words) among those at least a quarter as well supported (articles) as the best
    supported one, so a one-article long form does not beat a name most articles use."""
    support: dict[str, int] = {}
    for i in entity_ids:
        e = lib.entity(i)
        support[e.name] = support.get(e.name, 0) + e.n_articles
    if not support:
        return []
    best = max(support.values())
    return sorted(support, key=lambda n: (support[n] * 4 >= best, len(n.split()), support[n], len(n)), reverse=True)


def change(lib: Library, kind: str, *args: Any) -> Change:
    """A correction of ``kind`` made of the library as it is now: what :func:`record` stores.

    The window makes it when the user acts and records it in the background later, so a
    correction queued behind another refers to what the user saw (anchors and keys, not ids).
    """
    try:
        return _change(lib, kind, *args)
    except KeyError as e:  # an entity or mention gone meanwhile
        raise CorrectionError(str(e).strip("'\"")) from e


def _change(lib: Library, kind: str, *args: Any) -> Change:
    if kind == "mark":
        return marking(lib, *args)
    if kind == "remove":
        return Remove(_mention_anchor(lib, args[0]))
    if kind == "split":
        return Split(_mention_anchor(lib, args[0]))
    if kind == "set_type":
        entity_id, label = args
        return SetType(entity_ref(lib, entity_id), label if isinstance(label, Label) else Label.parse(label))
    if kind == "rename":
        entity_id, name = args
        name = " ".join(name.split())
        if not name:
            raise CorrectionError("a name cannot be empty")
        return Rename(entity_ref(lib, entity_id), name)
    if kind == "merge":
        ids = list(dict.fromkeys(args[0]))
        into = args[1] if len(args) > 1 else None
        name = " ".join(str(args[2]).split()) if len(args) > 2 and args[2] else ""
        if len(ids) < 2:
            raise CorrectionError("select at least two entities to merge")
        if into is None:
            into = max(ids, key=lambda i: (lib.entity(i).n_mentions, -i))
        return Merge(entity_ref(lib, into), tuple(entity_ref(lib, i) for i in ids if i != into), name)
    raise CorrectionError(f"unknown correction kind {kind!r}")

# -- files -----------------------------------------------------------------------------------------

def export_corrections(lib: Library, path: str | Path) -> int:
    """Write the corrections in force to a JSON file (to share with a colleague); returns how many."""
    items = [{"kind": c.kind, "created_at": c.created_at, "payload": c.payload} for c in active(lib)]
    Path(path).write_text(json.dumps({"format": FILE_FORMAT, "version": FILE_VERSION, "corrections": items},
                                     ensure_ascii=False, indent=1), encoding="utf-8")
    return len(items)


def import_corrections(lib: Library, path: str | Path) -> int:
    """Add a file's corrections (those not already in force), then replay; returns how many were added."""

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CorrectionError(f"{path}: not a corrections file ({e})") from e
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT or not isinstance(data.get("corrections"), list):
        raise CorrectionError(f"{path}: not a corrections file")
    if int(data.get("version", 0)) > FILE_VERSION:
        raise CorrectionError(f"{path}: made by a newer version (format {data.get('version')})")
    have = {c.change for c in active(lib)}
    added = 0
    with lib.transaction():
        for item in data["corrections"]:
            if not isinstance(item, dict):
                continue
            try:  # an item this version cannot read is left out, the others are added
                new = parse_change(str(item.get("kind")), item.get("payload"))
            except CorrectionError:
                continue
            if new in have:
                continue
            have.add(new)
            lib.conn.execute("INSERT INTO corrections (created_at, kind, payload) VALUES (?, ?, ?)",
                             (str(item.get("created_at", "")), new.kind, json.dumps(to_payload(new), ensure_ascii=False)))
            added += 1
        if added:
            relink_library(lib)
    return added
