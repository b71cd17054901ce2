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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from reader.core.model import Label

if TYPE_CHECKING:
    from reader.core.store import Library

FILE_FORMAT = "arabic-news-reader-corrections"
FILE_VERSION = 1
CONTEXT = 40  # characters of text kept on each side of an anchor


class CorrectionError(ValueError):
    """A correction that cannot be made (nothing selected, an unknown entity ...), for the user."""


# -- what corrections refer to ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article as a colleague's library can find it too: by source, else url, else title."""

    source: str
    url: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Words in an article: where they were, what they said, and a little text around them."""

    article: ArticleRef
    start: int
    end: int
    text: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity as linking names it (its key), with the forms of its mentions when made."""

    key: str
    label: str = ""
    name: str = ""
    forms: tuple[str, ...] = ()


# -- the corrections -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Mark:
    """Select text and give it a type (replacing the mentions it overlaps)."""

    kind: ClassVar[str] = "mark"
    anchor: Anchor
    label: Label


@dataclass(frozen=True, slots=True)
class Remove:
    """A wrong mention taken away."""

    kind: ClassVar[str] = "remove"
    anchor: Anchor


@dataclass(frozen=True, slots=True)
class Split:
    """One mention off its entity, into one of its own."""

    kind: ClassVar[str] = "split"
    anchor: Anchor


@dataclass(frozen=True, slots=True)
class SetType:
    kind: ClassVar[str] = "set_type"
    entity: EntityRef
    label: Label


@dataclass(frozen=True, slots=True)
class Rename:
    """The entity's display name."""

    kind: ClassVar[str] = "rename"
    entity: EntityRef
    name: str


@dataclass(frozen=True, slots=True)
class Merge:
    """Entities into one (``into``), named ``name`` when the researcher chose one."""

    kind: ClassVar[str] = "merge"
    into: EntityRef
    entities: tuple[EntityRef, ...]
    name: str = ""


Change: TypeAlias = Mark | Remove | Split | SetType | Rename | Merge
MENTION_CHANGES = (Mark, Remove)  # replayed on the mentions, before linking; the rest after it
KINDS = tuple(t.kind for t in (Mark, Remove, SetType, Merge, Split, Rename))
MENTION_KINDS = tuple(t.kind for t in MENTION_CHANGES)


@dataclass(frozen=True, slots=True)
class Correction:
    """A stored correction: its row id, when it was made, what it changes, when it was undone."""

    id: int
    created_at: str
    change: Change
    undone_at: str | None = None

    @property
    def kind(self) -> str:
        return self.change.kind

    @property
    def payload(self) -> dict[str, Any]:
        """The stored form of the change (the table's JSON, corrections files, the journal)."""
        return to_payload(self.change)


# -- the stored form: a kind and a JSON payload ---------------------------------------------------

def to_payload(change: Change) -> dict[str, Any]:
    """The JSON object a change is stored as (the format of libraries and files made so far)."""
    match change:
        case Mark(anchor=anchor, label=label):
            return {"anchor": _anchor_json(anchor), "label": label.value}
        case Remove(anchor=anchor) | Split(anchor=anchor):
            return {"anchor": _anchor_json(anchor)}
        case SetType(entity=entity, label=label):
            return {"entity": _ref_json(entity), "label": label.value}
        case Rename(entity=entity, name=name):
            return {"entity": _ref_json(entity), "name": name}
        case Merge(into=into, entities=entities, name=name):
            out: dict[str, Any] = {"into": _ref_json(into), "entities": [_ref_json(e) for e in entities]}
            if name:
                out["name"] = name
            return out


def parse_change(kind: str, payload: Any) -> Change:
    """A stored change read back; CorrectionError (naming what is wrong) when it is not one."""
    try:
        if not isinstance(payload, Mapping):
            raise TypeError("the payload is not an object")
        if kind == "mark":
            return Mark(_anchor(payload["anchor"]), Label.parse(str(payload["label"])))
        if kind == "remove":
            return Remove(_anchor(payload["anchor"]))
        if kind == "split":
            return Split(_anchor(payload["anchor"]))
        if kind == "set_type":
            return SetType(_ref(payload["entity"]), Label.parse(str(payload["label"])))
        if kind == "rename":
            return Rename(_ref(payload["entity"]), _text(payload["name"]))
        if kind == "merge":
            entities = payload["entities"]
            if not isinstance(entities, list):
                raise TypeError("entities is not a list")
            return Merge(_ref(payload["into"]), tuple(_ref(e) for e in entities), _text(payload.get("name", "")))
    except (KeyError, TypeError, ValueError) as e:
        raise CorrectionError(f"not a {kind} correction ({type(e).__name__}: {e})") from e
    raise CorrectionError(f"unknown correction kind {kind!r}")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _anchor_json(a: Anchor) -> dict[str, Any]:
    return {"article": {"source": a.article.source, "url": a.article.url, "title": a.article.title},
            "start": a.start, "end": a.end, "text": a.text, "before": a.before, "after": a.after}


def _anchor(d: Any) -> Anchor:
    art = d["article"]
    return Anchor(ArticleRef(_text(art.get("source") or ""), _text(art.get("url") or ""), _text(art.get("title") or "")),
                  int(d.get("start", 0)), int(d.get("end", 0)), _text(d["text"]), _text(d.get("before", "")),
                  _text(d.get("after", "")))


def _ref_json(r: EntityRef) -> dict[str, Any]:
    return {"key": r.key, "label": r.label, "name": r.name, "forms": list(r.forms)}


def _ref(d: Any) -> EntityRef:
    forms = d.get("forms", [])
    if not isinstance(forms, list):
        raise TypeError("forms is not a list")
    return EntityRef(_text(d["key"]), _text(d.get("label", "")), _text(d.get("name", "")), tuple(_text(f) for f in forms))


# -- anchors ---------------------------------------------------------------------------------------

def make_anchor(lib: Library, article_id: int, start: int, end: int) -> Anchor:
    a = lib.article(article_id)
    if not (0 <= start < end <= len(a.text)):
        raise CorrectionError(f"no text at {start}:{end} in article {article_id}")
    return Anchor(ArticleRef(a.source, a.url, a.title), start, end, a.text[start:end],
                  a.text[max(0, start - CONTEXT):start], a.text[end:end + CONTEXT])


def find_article(lib: Library, ref: ArticleRef) -> int | None:
    """The article an anchor points at: by source, else url, else a unique title."""
    conn = lib.conn
    for column, value in (("source", ref.source), ("url", ref.url), ("title", ref.title)):
        if not value:
            continue
        rows = conn.execute(f"SELECT id FROM articles WHERE {column} = ? LIMIT 2", (value,)).fetchall()
        if len(rows) == 1:
            return int(rows[0][0])
    return None


def locate(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchored words are in ``text`` now: the occurrence whose surroundings match best."""
    needle = anchor.text
    if not needle:
        return None
    before, after, start = anchor.before, anchor.after, anchor.start
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
    return Correction(int(r[0]), str(r[1]), parse_change(str(r[2]), json.loads(r[3])), r[4])


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
    match c.change:
        case Mark(anchor=anchor, label=label):
            return f"mark “{anchor.text}” as {label.value}"
        case Remove(anchor=anchor):
            return f"remove “{anchor.text}”"
        case Split(anchor=anchor):
            return f"split “{anchor.text}” off"
        case SetType(entity=entity, label=label):
            return f"make “{entity.name}” {label.value}"
        case Rename(entity=entity, name=name):
            return f"rename “{entity.name}” to “{name}”"
        case Merge(into=into, entities=entities, name=name):
            return f"merge {len(entities) + 1} entities into “{name or into.name}”"
