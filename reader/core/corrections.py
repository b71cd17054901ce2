"""The researcher's corrections: stored as corrections, replayed after every linking.

A correction never edits the result of linking in place: it is a row of the ``corrections``
table (kind, JSON payload, ``undone_at``), and :func:`reader.core.linking.relink_library`
replays every active one after linking, in order. So corrections survive a re-analysis, a new
model, a schema upgrade, and a re-import of changed text, and each can be undone and redone.

What they refer to is stable, never an autoincrement id:

- a place in an article is an *anchor*: the article's source (with url and title to find it in
  a colleague's library), the offsets, the marked text and a little text before and after it.
  Replay re-finds the text, preferring the occurrence whose surroundings match best, so a mark
  follows its words when the article's text changed;
- an entity is a *ref*: its key (the normalised name linking gives it), its label, and the
  mention keys it had (its forms), in case linking later resolves it to a longer name.

Kinds: ``mark`` (select text, give it a type), ``remove`` (a wrong mention), ``set_type``,
``merge``, ``split`` (one mention off its entity), ``rename`` (the entity's display name).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.model import Label

if TYPE_CHECKING:
    from reader.core.linking import LinkResult
    from reader.core.ner.lexicon import Lexicon
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


def _redo_candidate(lib: Library) -> Correction | None:
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
    return _redo_candidate(lib)


def record(lib: Library, kind: str, payload: dict[str, Any], relink: bool = True) -> int:
    """Store a correction and replay (relink) at once; returns its id."""
    if kind not in KINDS:
        raise CorrectionError(f"unknown correction kind {kind!r}")
    from reader.core.linking import relink_library
    from reader.core.store.library import now

    with lib.transaction():
        # A new correction ends the redo history (see _redo_candidate): undone ones stay undone.
        cur = lib.conn.execute("INSERT INTO corrections (created_at, kind, payload) VALUES (?, ?, ?)",
                               (now(), kind, json.dumps(payload, ensure_ascii=False)))
        if relink:
            relink_library(lib)
    return int(cur.lastrowid or 0)


def _undo_stamp(lib: Library) -> str:
    """When a correction is undone: to the microsecond, and later than every earlier undo.

    Redo restores the correction undone last (``_redo_candidate``); undos within one second
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
    from reader.core.linking import relink_library

    c = can_undo(lib)
    if c is None:
        return None
    with lib.transaction():
        lib.conn.execute("UPDATE corrections SET undone_at = ? WHERE id = ?", (_undo_stamp(lib), c.id))
        relink_library(lib)
    return c


def redo(lib: Library) -> Correction | None:
    from reader.core.linking import relink_library

    c = _redo_candidate(lib)
    if c is None:
        return None
    with lib.transaction():
        lib.conn.execute("UPDATE corrections SET undone_at = NULL WHERE id = ?", (c.id,))
        relink_library(lib)
    return c


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


# -- making corrections ----------------------------------------------------------------------------

def entity_ref(lib: Library, entity_id: int) -> dict[str, Any]:
    e = lib.entity(entity_id)
    forms = sorted({r[0] for r in lib.conn.execute(
        "SELECT DISTINCT key FROM mentions WHERE entity_id = ? AND key != ''", (entity_id,))})
    return {"key": e.key, "label": e.label.value, "name": e.name, "forms": forms}


def mark(lib: Library, article_id: int, start: int, end: int, label: Label | str) -> int:
    """The user marks ``text[start:end]`` as an entity of ``label`` (replacing overlapping mentions)."""
    return record(lib, "mark", mark_payload(lib, article_id, start, end, label))


def mark_payload(lib: Library, article_id: int, start: int, end: int, label: Label | str) -> dict[str, Any]:
    text = lib.article(article_id).text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise CorrectionError("select some text first")
    return {"anchor": make_anchor(lib, article_id, start, end), "label": Label.parse(str(
        label.value if isinstance(label, Label) else label)).value}


def user_lexicon(lib: Library) -> "Lexicon | None":
    """The names the researcher marked, for NER to recognise in every article (None if none)."""
    from reader.core.ner.lexicon import Lexicon

    entries = [(c.payload["anchor"]["text"], c.payload["label"]) for c in active(lib) if c.kind == "mark"]
    return Lexicon.from_entries(entries) if entries else None


def _mention_anchor(lib: Library, mention_id: int) -> dict[str, Any]:
    row = lib.conn.execute('SELECT article_id, start, "end" FROM mentions WHERE id = ?', (mention_id,)).fetchone()
    if row is None:
        raise CorrectionError(f"no mention with id {mention_id}")
    return make_anchor(lib, int(row[0]), int(row[1]), int(row[2]))


def remove_mention(lib: Library, mention_id: int) -> int:
    return record(lib, *payload(lib, "remove", mention_id))


def split_mention(lib: Library, mention_id: int) -> int:
    return record(lib, *payload(lib, "split", mention_id))


def set_type(lib: Library, entity_id: int, label: Label | str) -> int:
    return record(lib, *payload(lib, "set_type", entity_id, label))


def rename(lib: Library, entity_id: int, name: str) -> int:
    return record(lib, *payload(lib, "rename", entity_id, name))


def merge(lib: Library, entity_ids: Sequence[int], into: int | None = None, name: str = "") -> int:
    """Merge entities into one (``into``, else the most mentioned of them), named ``name`` if given."""
    return record(lib, *payload(lib, "merge", entity_ids, into, name))


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


def payload(lib: Library, kind: str, *args: Any) -> tuple[str, dict[str, Any]]:
    """(kind, payload) of a correction, read from the library as it is now: what :func:`record` stores.

    The window reads it when the user acts and records it in the background later, so a
    correction queued behind another refers to what the user saw (anchors and keys, not ids).
    """
    try:
        return _payload(lib, kind, *args)
    except KeyError as e:  # an entity or mention gone meanwhile
        raise CorrectionError(str(e).strip("'\"")) from e


def _payload(lib: Library, kind: str, *args: Any) -> tuple[str, dict[str, Any]]:
    if kind == "mark":
        return kind, mark_payload(lib, *args)
    if kind in ("remove", "split"):
        return kind, {"anchor": _mention_anchor(lib, args[0])}
    if kind == "set_type":
        entity_id, label = args
        new = label if isinstance(label, Label) else Label.parse(label)
        return kind, {"entity": entity_ref(lib, entity_id), "label": new.value}
    if kind == "rename":
        entity_id, name = args
        name = " ".join(name.split())
        if not name:
            raise CorrectionError("a name cannot be empty")
        return kind, {"entity": entity_ref(lib, entity_id), "name": name}
    if kind == "merge":
        ids = list(dict.fromkeys(args[0]))
        into = args[1] if len(args) > 1 else None
        name = " ".join(str(args[2]).split()) if len(args) > 2 and args[2] else ""
        if len(ids) < 2:
            raise CorrectionError("select at least two entities to merge")
        if into is None:
            into = max(ids, key=lambda i: (lib.entity(i).n_mentions, -i))
        out = {"into": entity_ref(lib, into), "entities": [entity_ref(lib, i) for i in ids if i != into]}
        if name:
            out["name"] = name  # the merged entity's name, as the user chose it
        return kind, out
    raise CorrectionError(f"unknown correction kind {kind!r}")


# -- replay ----------------------------------------------------------------------------------------

def replay_mentions(lib: Library, corrections: Sequence[Correction]) -> None:
    """Bring back suppressed mentions, drop user marks, then apply marks and removals in order."""
    conn = lib.conn
    conn.execute('INSERT INTO mentions (article_id, start, "end", text, label, found_label, origin, model)'
                 " SELECT article_id, start, \"end\", text, label, label, 'model', model FROM suppressed_mentions")
    conn.execute("DELETE FROM suppressed_mentions")
    conn.execute("DELETE FROM mentions WHERE origin = 'user'")
    texts: dict[int, str] = {}
    for c in corrections:
        if c.kind not in MENTION_KINDS:
            continue
        found = _find(lib, c.payload["anchor"], texts)
        if found is None:
            continue  # the article or its words are gone: the correction waits, harmless
        article_id, start, end = found
        if c.kind == "mark":
            _suppress(lib, article_id, start, end, c.id, overlapping=True)
            conn.execute('INSERT INTO mentions (article_id, start, "end", text, label, found_label, origin, model)'
                         " VALUES (?, ?, ?, ?, ?, ?, 'user', '')",
                         (article_id, start, end, texts[article_id][start:end], c.payload["label"], c.payload["label"]))
        else:
            _suppress(lib, article_id, start, end, c.id, overlapping=False)


def _find(lib: Library, anchor: dict[str, Any], texts: dict[int, str]) -> tuple[int, int, int] | None:
    article_id = find_article(lib, anchor["article"])
    if article_id is None:
        return None
    if article_id not in texts:
        texts[article_id] = lib.article(article_id).text
    span = locate(texts[article_id], anchor)
    return None if span is None else (article_id, span[0], span[1])


def _suppress(lib: Library, article_id: int, start: int, end: int, correction_id: int, overlapping: bool) -> None:
    """Take mentions away: those overlapping [start, end) (a mark), or the one on it (a removal)."""
    conn = lib.conn
    if overlapping:
        where, params = 'article_id = ? AND start < ? AND "end" > ?', (article_id, end, start)
    else:
        rows = conn.execute('SELECT count(*) FROM mentions WHERE article_id = ? AND start = ? AND "end" = ?',
                            (article_id, start, end)).fetchone()[0]
        if rows:
            where, params = 'article_id = ? AND start = ? AND "end" = ?', (article_id, start, end)
        else:  # the model now finds a slightly different span on the same words
            where, params = 'article_id = ? AND start < ? AND "end" > ?', (article_id, end, start)
    conn.execute('INSERT INTO suppressed_mentions (article_id, start, "end", text, label, model, correction_id)'
                 f" SELECT article_id, start, \"end\", text, found_label, model, ? FROM mentions WHERE {where} AND origin = 'model'",
                 (correction_id, *params))
    conn.execute(f"DELETE FROM mentions WHERE {where}", params)


@dataclass
class Linked:
    """A mention's linking result, as entity-level corrections rewrite it."""

    mention_id: int
    key: str
    entity_key: str
    label: Label
    reason: str


def apply_entity_corrections(lib: Library, results: Iterable[LinkResult], corrections: Sequence[Correction],
                             spans: dict[int, tuple[int, int, int]]) -> tuple[list[Linked], dict[str, str]]:
    """Replay merges, splits, type changes and renames on linking results.

    ``spans`` maps mention id → (article id, start, end), to find split mentions. Returns the
    rewritten results and the display names set by renames (entity key → name).
    """
    out = [Linked(r.mention_id, r.key, r.entity_key, r.label, r.reason) for r in results]
    names: dict[str, str] = {}
    if not any(c.kind not in MENTION_KINDS for c in corrections):
        return out, names
    by_span = {(a, s, e): mid for mid, (a, s, e) in spans.items()}
    by_id = {x.mention_id: x for x in out}
    texts: dict[int, str] = {}

    def members(ref: dict[str, Any]) -> list[Linked]:
        """The mentions an entity ref stands for now: its key, else the forms it had."""
        found = [x for x in out if x.entity_key == ref["key"]]
        if found:
            return found
        forms = set(ref.get("forms", ()))
        if not forms:
            return []
        # The forms' mentions moved to a longer name: follow them to it.
        targets = Counter(x.entity_key for x in out if x.key in forms)
        if not targets:
            return []
        key = targets.most_common(1)[0][0]
        return [x for x in out if x.entity_key == key]

    for c in corrections:
        p = c.payload
        if c.kind == "split":
            found = _find(lib, p["anchor"], texts)
            mid = by_span.get(found) if found else None
            if mid is None and found is not None:
                a, s, e = found
                mid = next((m for (ma, ms, me), m in by_span.items() if ma == a and ms < e and me > s), None)
            x = by_id.get(mid) if mid is not None else None
            if x is not None:
                x.entity_key = f"{x.key} #{c.id}"
                x.reason = "split off by you"
        elif c.kind == "set_type":
            new = Label(p["label"])
            for x in members(p["entity"]):
                x.label = new
                x.reason = x.reason if "by you" in x.reason else x.reason + " (type set by you)"
        elif c.kind == "rename":
            group = members(p["entity"])
            if group:
                names[group[0].entity_key] = p["name"]
        elif c.kind == "merge":
            target = members(p["into"])
            if not target:
                continue
            key, label = target[0].entity_key, target[0].label
            if p.get("name"):
                names[key] = p["name"]
            for ref in p["entities"]:
                for x in members(ref):
                    if x.entity_key != key:
                        x.entity_key, x.label, x.reason = key, label, "merged by you"
    # a mention's label follows its entity's (the last correction of the group decides)
    labels: dict[str, Counter[Label]] = defaultdict(Counter)
    for x in out:
        labels[x.entity_key][x.label] += 1
    for x in out:
        x.label = labels[x.entity_key].most_common(1)[0][0]
    return out, names


# -- files -----------------------------------------------------------------------------------------

def export_corrections(lib: Library, path: str | Path) -> int:
    """Write the corrections in force to a JSON file (to share with a colleague); returns how many."""
    items = [{"kind": c.kind, "created_at": c.created_at, "payload": c.payload} for c in active(lib)]
    Path(path).write_text(json.dumps({"format": FILE_FORMAT, "version": FILE_VERSION, "corrections": items},
                                     ensure_ascii=False, indent=1), encoding="utf-8")
    return len(items)


def import_corrections(lib: Library, path: str | Path) -> int:
    """Add a file's corrections (those not already in force), then replay; returns how many were added."""
    from reader.core.linking import relink_library

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CorrectionError(f"{path}: not a corrections file ({e})") from e
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT or not isinstance(data.get("corrections"), list):
        raise CorrectionError(f"{path}: not a corrections file")
    if int(data.get("version", 0)) > FILE_VERSION:
        raise CorrectionError(f"{path}: made by a newer version (format {data.get('version')})")
    have = {(c.kind, json.dumps(c.payload, sort_keys=True, ensure_ascii=False)) for c in active(lib)}
    added = 0
    with lib.transaction():
        for item in data["corrections"]:
            if not isinstance(item, dict) or item.get("kind") not in KINDS or not isinstance(item.get("payload"), dict):
                continue
            sig = (item["kind"], json.dumps(item["payload"], sort_keys=True, ensure_ascii=False))
            if sig in have:
                continue
            have.add(sig)
            lib.conn.execute("INSERT INTO corrections (created_at, kind, payload) VALUES (?, ?, ?)",
                             (str(item.get("created_at", "")), item["kind"], json.dumps(item["payload"], ensure_ascii=False)))
            added += 1
        if added:
            relink_library(lib)
    return added
