"""The researcher's library: one SQLite file (WAL) holding articles, mentions, entities, corrections.

One ``Library`` object owns one connection and is used from one thread; background work opens
its own ``Library`` on the same file (WAL lets readers go on while a writer commits).
"""
from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from reader.core.arabic import normalise, sentence_at, sentence_bounds, strip_clitics, tokenize
from reader.core.model import Document, Label, Span
from reader.core.store import guard
from reader.core.store.migrations import migrations
from reader.core.store.records import (
    ArticleRecord,
    ArticleSummary,
    EntityRecord,
    MentionInContext,
    MentionRecord,
)

APP_NAME = "arabic-news-reader"

# Files beside a library ``X``: SQLite's (X-wal, X-shm, X-journal), the window's lock (X.lock) and
# the corrections journal (X.journal.jsonl). Only SQLite (and the journal's own code) may open
# them in a process that has the library open; dialogs hide them and imports skip them.
LOCK_SUFFIX = ".lock"
JOURNAL_SUFFIX = ".journal.jsonl"
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal", LOCK_SUFFIX, JOURNAL_SUFFIX)


def own_files(path: str | Path) -> list[Path]:
    """The library file and every file kept beside it (which may or may not exist)."""
    return [Path(path), *(Path(str(path) + suffix) for suffix in COMPANION_SUFFIXES)]


def default_library_path() -> Path:
    """``$READER_DB`` if set, else ``library.sqlite`` in the user's data directory."""
    env = os.environ.get("READER_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "library.sqlite"


def content_hash(doc: Document) -> str:
    """What decides whether a re-import changed an article: its text and metadata."""
    h = hashlib.sha256()
    for part in (doc.title, doc.text, doc.url, doc.outlet, doc.date, doc.author):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def fts_stems(text: str) -> str:
    """Clitic-stripped normalised words, so that a search for a name finds it after و/ب/ل/ال."""
    return " ".join(strip_clitics(t.text) for t in tokenize(normalise(text)) if t.text[0].isalnum())


def fts_row(title: str, text: str) -> tuple[str, str]:
    """The search row of an article: (title, body) normalised, each followed by its stems.

    A pure function of the text, so import workers compute it beside the NER (it costs about as
    much as a tenth of the analysis) and the writing process only inserts it.
    """
    return normalise(title) + " " + fts_stems(title), normalise(text) + "\n" + fts_stems(text)


def backup_before_migrating(db: Database, path: Path) -> Path:
    """Copy a library about to be upgraded to ``<name>.backup-<schema>-<UTC time>.sqlite`` beside it.

    Uses SQLite's online backup API (a consistent copy, WAL included). A library that cannot be
    backed up is not upgraded: the error is raised before any migration runs.
    """
    applied = migrations.applied(db)
    schema = applied[-1].name.split("_")[0] if applied else "m000"
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{schema}-{stamp}.sqlite")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.backup-{schema}-{stamp}-{n}.sqlite")
    try:
        dest = sqlite3.connect(str(target))
        try:
            db.conn.backup(dest)
        finally:
            dest.close()
    except (sqlite3.Error, OSError) as e:
        target.unlink(missing_ok=True)
        raise LibraryError(f"{path}: not upgrading the library: cannot back it up to {target} ({e})") from e
    return target


@dataclass(frozen=True, slots=True)
class DuplicateVersion:
    """Another version of an article's story (reader/core/duplicates.py)."""

    id: int
    title: str
    outlet: str
    date: str
    source: str
    similarity: float  # share of the shorter text in common with the article asked about


class LibraryError(Exception):
    """A library file that cannot be opened or used, with a reason for the user."""


class LibraryChangedError(LibraryError):
    """Another program removed or replaced the library's WAL while this process had it open."""


class Library:
    """Typed access to one library file. Create with :meth:`open`."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        # The ordered ids of the last filtered list (search and/or entity), with the library state
        # they were read in: counting and paging a search then match the FTS index once, not once
        # per page and once more for the count.
        self._filtered: tuple[tuple[object, ...], list[int]] | None = None
        self._attached = False  # counted in guard.py (a connection made by open())

    # -- lifecycle -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None) -> "Library":
        """Open (creating and migrating if needed) the library at ``path`` or the default."""
        p = Path(path) if path is not None else default_library_path()
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(p), timeout=30, check_same_thread=False)
            db = Database(conn)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=30000")
            pending = migrations.pending(db)  # a read: the WAL and its index are open from here on
        except (sqlite3.DatabaseError, OSError) as e:
            raise LibraryError(f"{p}: cannot open library ({e})") from e
        lib = cls(db, p)
        lib._attached = True
        problem = guard.attach(p)
        try:
            if problem is not None:
                raise LibraryChangedError(problem)
            if pending and db.table_names():
                backup_before_migrating(db, p)
            migrations.apply(db)
        except (sqlite3.DatabaseError, OSError) as e:
            lib.close()
            raise LibraryError(f"{p}: cannot open library ({e})") from e
        except LibraryError:
            lib.close()
            raise
        return lib

    def close(self) -> None:
        self.db.conn.close()
        if self._attached:
            self._attached = False
            guard.detach(self.path)

    def reopen(self) -> None:
        """Close this connection and open the library afresh, in place (whoever holds this object
        keeps it). After another program removed the WAL, with no other connection of this
        process open, this starts clean (``guard.py``)."""
        self.close()
        fresh = Library.open(self.path)
        self.db, self._attached, fresh._attached = fresh.db, True, False
        self._filtered = None

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` of this connection: it moves whenever another
        connection (another process, or another thread's) commits to the library."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def check_files(self) -> None:
        """Raise LibraryChangedError when another program removed or replaced this library's WAL
        under this process (``guard.py``): nothing may be written through it then."""
        problem = guard.check(self.path)
        if problem is not None:
            raise LibraryChangedError(problem)

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """``with lib.transaction():`` commits on success, rolls back on error; refused (before
        anything is written) when the library's WAL was removed under this process.

        The outermost one takes the write lock first (BEGIN IMMEDIATE), waiting out the busy
        timeout: a transaction that read first and wrote later fails at once with "database is
        locked" when another connection committed in between (a window grouping stories while
        an import runs). A nested one is a savepoint."""
        self.check_files()
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- articles --------------------------------------------------------------------------
    def upsert_document(self, doc: Document, digest: str | None = None,
                        fts: tuple[str, str] | None = None) -> tuple[int, str]:
        """Insert or update one article by its source; returns (id, "imported"|"updated"|"unchanged").

        ``digest`` (``content_hash(doc)``) and ``fts`` (``fts_row(doc.title, doc.text)``) may be
        given when already computed, e.g. by an import worker.
        """
        digest = digest or content_hash(doc)
        row = self.conn.execute("SELECT id, content_hash FROM articles WHERE source = ?", (doc.source,)).fetchone()
        stamp = now()
        if row is not None and row[1] == digest:
            return row[0], "unchanged"
        values = dict(url=doc.url, title=doc.title, outlet=doc.outlet, author=doc.author, date=doc.date,
                      format=doc.format, raw=doc.raw, text=doc.text, content_hash=digest, updated_at=stamp)
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO articles (source, url, title, outlet, author, date, format, raw, text, content_hash, imported_at, updated_at)"
                " VALUES (:source, :url, :title, :outlet, :author, :date, :format, :raw, :text, :content_hash, :imported_at, :updated_at)",
                {**values, "source": doc.source, "imported_at": stamp},
            )
            article_id = int(cur.lastrowid or 0)
            status = "imported"
        else:
            article_id = row[0]
            self.conn.execute(
                "UPDATE articles SET url=:url, title=:title, outlet=:outlet, author=:author, date=:date, format=:format,"
                " raw=:raw, text=:text, content_hash=:content_hash, updated_at=:updated_at, analysed_with=NULL WHERE id=:id",
                {**values, "id": article_id},
            )
            self.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            status = "updated"
        self.conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                          (article_id, *(fts or fts_row(doc.title, doc.text))))
        return article_id, status

    def import_state(self, source: str) -> tuple[int, str, str | None] | None:
        """(id, content hash, model it was analysed with) of the article from ``source``, if stored.

        The import's skip path: an unchanged article analysed with the current model costs this
        one indexed lookup, and is neither rewritten nor re-analysed.
        """
        row = self.conn.execute("SELECT id, content_hash, analysed_with FROM articles WHERE source = ?",
                                (source,)).fetchone()
        return (int(row[0]), str(row[1]), row[2]) if row else None

    def article(self, article_id: int) -> ArticleRecord:
        row = self.conn.execute(
            "SELECT id, source, url, title, outlet, author, date, format, raw, text, content_hash, analysed_with"
            " FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(f"no article with id {article_id}")
        return ArticleRecord(*row)

    def find_article(self, ref: str) -> ArticleRecord:
        """An article by id (digits) or by source (exact, or a unique suffix such as a file name)."""
        if ref.isdigit():
            return self.article(int(ref))
        row = self.conn.execute("SELECT id FROM articles WHERE source = ?", (ref,)).fetchone()
        if row is None:
            rows = self.conn.execute("SELECT id FROM articles WHERE source LIKE ? ESCAPE '\\'",
                                     ("%" + ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),)).fetchall()
            if len(rows) > 1:
                raise KeyError(f"{ref!r} matches {len(rows)} articles; give the full source or the id")
            row = rows[0] if rows else None
        if row is None:
            raise KeyError(f"no article with id or source {ref!r}")
        return self.article(row[0])

    def article_ids(self, unanalysed_with: str | None = None) -> list[int]:
        """All article ids, or those not yet analysed with the named model."""
        if unanalysed_with is None:
            return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE analysed_with IS NULL OR analysed_with != ? ORDER BY id", (unanalysed_with,))]

    def count_articles(self, query: str = "", entity_id: int | None = None) -> int:
        sql, params = self._article_filter(query, entity_id)
        if not params:
            return int(self.conn.execute(f"SELECT count(*) FROM articles a {sql}", params).fetchone()[0])
        return len(self._filtered_ids(sql, params))

    def _filtered_ids(self, sql: str, params: list[object]) -> list[int]:
        """Ids matching a filter, in list order; reused until the library changes (any connection)."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]  # changes when others commit
        key = (sql, *params, version, self.conn.total_changes)  # total_changes: this connection's writes
        if self._filtered is None or self._filtered[0] != key:
            try:
                ids = [r[0] for r in self.conn.execute(
                    f"SELECT a.id FROM articles a {sql} ORDER BY a.date DESC, a.id DESC", params)]
            except sqlite3.OperationalError:  # FTS5 refused the expression (it should not): nothing matches
                ids = []
            self._filtered = (key, ids)
        return self._filtered[1]

    def list_articles(self, query: str = "", entity_id: int | None = None,
                      limit: int = 200, offset: int = 0) -> list[ArticleSummary]:
        """Library rows, newest first (by date, then latest imported), filtered by a search query
        (the syntax of :mod:`reader.core.search`: phrases, prefixes, OR, -word, NEAR) and/or an
        entity. :func:`reader.core.search.search` ranks the same matches by relevance."""
        sql, params = self._article_filter(query, entity_id)
        if params:  # a search or an entity: page over the ids matched once (see _filtered_ids)
            ids = self._filtered_ids(sql, params)[offset:offset + limit]
            sql, params = f"WHERE a.id IN ({','.join('?' * len(ids))})", list(ids)
            offset = 0
        # Both directions descending, so the articles_date index gives the order and a page deep in
        # the list walks the index (a mixed order sorted every row: 100-200 ms a page at 31,000
        # articles). The entity count is computed for the page's rows only, not for every match
        # of a search before the sort (MATERIALIZED keeps SQLite from flattening the two).
        rows = self.conn.execute(
            "WITH page AS MATERIALIZED (SELECT a.id, a.source, a.title, a.outlet, a.date FROM articles a"
            f" {sql} ORDER BY a.date DESC, a.id DESC LIMIT ? OFFSET ?)"
            " SELECT p.id, p.source, p.title, p.outlet, p.date,"
            " (SELECT count(DISTINCT m.entity_id) FROM mentions m WHERE m.article_id = p.id)"
            " FROM page p ORDER BY p.date DESC, p.id DESC",
            [*params, limit, offset]).fetchall()
        return [ArticleSummary(*r) for r in rows]

    def _article_filter(self, query: str, entity_id: int | None) -> tuple[str, list[object]]:
        from reader.core.search import to_fts

        clauses: list[str] = []
        params: list[object] = []
        fts = to_fts(query) if query.strip() else ""
        if query.strip() and not fts:
            clauses.append("0")  # only punctuation, or only negations: nothing can match
        elif fts:
            clauses.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(fts)
        if entity_id is not None:
            clauses.append("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
            params.append(entity_id)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    # -- mentions --------------------------------------------------------------------------
    def set_model_mentions(self, article_id: int, spans: Sequence[Span], model: str) -> None:
        """Replace the model's mentions of an article (the user's own marks stay). A span with no
        letter or digit (a stray direction mark a tagger took for a name) is not a mention: it
        could never be linked, and would read as work left undone."""
        text = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        spans = [s for s in spans if _has_word(text[s.start:s.end])]
        self.conn.execute("DELETE FROM mentions WHERE article_id = ? AND origin = 'model'", (article_id,))
        # mentions a correction took away belong to the old analysis; the replay takes the new ones away
        self.conn.execute("DELETE FROM suppressed_mentions WHERE article_id = ?", (article_id,))
        self.conn.executemany(
            'INSERT INTO mentions (article_id, start, "end", text, label, found_label, origin, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [(article_id, s.start, s.end, text[s.start:s.end], Label(s.label).value, Label(s.label).value, "model", model)
             for s in spans],
        )
        self.conn.execute("UPDATE articles SET analysed_with = ?, analysed_at = ? WHERE id = ?", (model, now(), article_id))

    def mentions(self, article_id: int) -> list[MentionRecord]:
        rows = self.conn.execute(
            'SELECT id, article_id, start, "end", text, label, entity_id, origin, key, link_reason'
            ' FROM mentions WHERE article_id = ? ORDER BY start, "end"', (article_id,)).fetchall()
        return [_mention(r) for r in rows]

    def all_mentions(self) -> Iterator[MentionRecord]:
        """Every mention, grouped by article in article order (for linking and export)."""
        for r in self.conn.execute(
                'SELECT id, article_id, start, "end", text, label, entity_id, origin, key, link_reason'
                ' FROM mentions ORDER BY article_id, start'):
            yield _mention(r)

    def entity_mentions(self, entity_id: int, limit: int = 100, offset: int = 0) -> list[MentionInContext]:
        """Mentions of an entity with their sentences, grouped by article (newest first)."""
        # The page is chosen first by (date, article, offset) alone, then only its rows fetch their
        # articles' texts: sorting the texts along with thousands of mentions of a frequent entity
        # made every page cost 0.1-0.4 s on 31,000 articles.
        rows = self.conn.execute(
            'WITH page AS (SELECT m.id AS mid FROM mentions m JOIN articles a ON a.id = m.article_id'
            ' WHERE m.entity_id = ? ORDER BY a.date DESC, a.id, m.start LIMIT ? OFFSET ?)'
            ' SELECT m.id, m.article_id, m.start, m."end", m.text, m.label, m.entity_id, m.origin, m.key, m.link_reason,'
            ' a.title, a.outlet, a.date, a.text FROM page JOIN mentions m ON m.id = page.mid'
            ' JOIN articles a ON a.id = m.article_id ORDER BY a.date DESC, a.id, m.start',
            (entity_id, limit, offset)).fetchall()
        return self._in_context(rows)

    def _in_context(self, rows: Sequence[Sequence[Any]]) -> list[MentionInContext]:
        out = []
        bounds: dict[int, list[tuple[int, int]]] = {}  # sentences of each article of the page, split once
        for r in rows:
            m = _mention(r[:10])
            text = r[13]
            sents = bounds.get(m.article_id)
            if sents is None:
                sents = bounds[m.article_id] = sentence_bounds(text)
            i = bisect.bisect_right(sents, (m.start, len(text) + 1)) - 1
            if 0 <= i and sents[i][0] <= m.start < sents[i][1]:
                s, e = sents[i]
            else:
                s, e = sentence_at(text, m.start)  # between sentences: the same fallback as before
            out.append(MentionInContext(m, r[10], r[11], r[12], text[s:e], s))
        return out

    def entity_mention_order(self, entity_id: int) -> list[int]:
        """Ids of an entity's mentions in the entity panel's order (newest article first).

        One sort for all pages: a panel that pages with :meth:`mentions_in_context` over this list
        does not sort the entity's thousands of mentions again for every page.
        """
        return [r[0] for r in self.conn.execute(
            "SELECT m.id FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?"
            " ORDER BY a.date DESC, a.id, m.start", (entity_id,))]

    def mentions_in_context(self, mention_ids: Sequence[int]) -> list[MentionInContext]:
        """These mentions with their sentences and articles, in the order given (missing ids left out)."""
        if not mention_ids:
            return []
        marks = ",".join("?" * len(mention_ids))
        rows = self.conn.execute(
            'SELECT m.id, m.article_id, m.start, m."end", m.text, m.label, m.entity_id, m.origin, m.key, m.link_reason,'
            f" a.title, a.outlet, a.date, a.text FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.id IN ({marks})",
            list(mention_ids)).fetchall()
        by_id = {r[0]: r for r in rows}
        return self._in_context([by_id[i] for i in mention_ids if i in by_id])

    # -- entities --------------------------------------------------------------------------
    def entity(self, entity_id: int) -> EntityRecord:
        row = self.conn.execute(
            "SELECT id, label, key, name, aliases, n_articles, n_mentions FROM entities WHERE id = ?",
            (entity_id,)).fetchone()
        if row is None:
            raise KeyError(f"no entity with id {entity_id}")
        return _entity(row)

    def entities(self, label: Label | None = None, query: str = "", limit: int = 200, offset: int = 0) -> list[EntityRecord]:
        """Entities by the number of articles naming them (then of mentions), optionally of one type or
        whose name/alias contains ``query``."""
        clauses, params = ["n_mentions > 0"], []  # type: tuple[list[str], list[object]]
        if label is not None:
            clauses.append("label = ?")
            params.append(Label(label).value)
        query = query.encode("utf-8", "ignore").decode("utf-8")  # a lone surrogate cannot be bound
        if query.strip():
            clauses.append("(key LIKE ? OR aliases LIKE ?)")
            params += [f"%{normalise(query.strip())}%", f"%{query.strip()}%"]
        rows = self.conn.execute(
            "SELECT id, label, key, name, aliases, n_articles, n_mentions FROM entities"
            f" WHERE {' AND '.join(clauses)} ORDER BY n_articles DESC, n_mentions DESC, id LIMIT ? OFFSET ?",
            [*params, limit, offset]).fetchall()
        return [_entity(r) for r in rows]

    def entities_named(self, label: Label, name: str) -> list[EntityRecord]:
        """The entities of a type shown under exactly this name, the most widely named first."""
        rows = self.conn.execute(
            "SELECT id, label, key, name, aliases, n_articles, n_mentions FROM entities"
            " WHERE label = ? AND name = ? AND n_mentions > 0 ORDER BY n_articles DESC, n_mentions DESC, id",
            (Label(label).value, name)).fetchall()
        return [_entity(r) for r in rows]

    def count_entities(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM entities WHERE n_mentions > 0").fetchone()[0])

    def entity_by_key(self, key: str) -> EntityRecord | None:
        """The entity linking gave this key (keys are stable across relinking; ids may not be)."""
        row = self.conn.execute(
            "SELECT id, label, key, name, aliases, n_articles, n_mentions FROM entities WHERE key = ?"
            " ORDER BY n_mentions DESC LIMIT 1", (key,)).fetchone()
        return _entity(row) if row else None

    def entity_articles(self, entity_id: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? ORDER BY article_id", (entity_id,))]

    def entity_titles(self, entity_id: int, limit: int = 3) -> list[str]:
        """Titles of the first articles (by id) holding a mention of the entity: what tells apart
        entities of one name in the entity list (a given name alone is one entity per article)."""
        return [str(r[0]) for r in self.conn.execute(
            "SELECT a.title FROM articles a WHERE a.id IN (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?)"
            " ORDER BY a.id LIMIT ?", (entity_id, limit))]

    def entity_forms(self, entity_id: int, limit: int = 50) -> list[tuple[str, str, int]]:
        """(surface form, link reason, count) of an entity's mentions, most frequent first (entity panel)."""
        return [(str(r[0]), str(r[1] or ""), int(r[2])) for r in self.conn.execute(
            "SELECT text, link_reason, count(*) AS n FROM mentions WHERE entity_id = ?"
            " GROUP BY text, link_reason ORDER BY n DESC, text LIMIT ?", (entity_id, limit))]

    # -- meta ------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                          (key, value))

    def has_unlinked_mentions(self) -> bool:
        """Whether some mention has no entity: linking never ran after they were stored."""
        return self.conn.execute("SELECT 1 FROM mentions WHERE entity_id IS NULL LIMIT 1").fetchone() is not None

    # -- the same story from several outlets (reader/core/duplicates.py) --------------------
    def duplicate_counts(self, article_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """For each of ``article_ids`` in a group: (other versions, outlets among them other than
        its own). Articles in no group are left out."""
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        rows = self.conn.execute(
            "SELECT me.article_id, count(*),"
            " count(DISTINCT CASE WHEN o.outlet != '' AND o.outlet != a.outlet THEN o.outlet END)"
            " FROM duplicate_groups me JOIN articles a ON a.id = me.article_id"
            " JOIN duplicate_groups g ON g.group_id = me.group_id AND g.article_id != me.article_id"
            " JOIN articles o ON o.id = g.article_id"
            f" WHERE me.article_id IN ({marks}) GROUP BY me.article_id", list(article_ids)).fetchall()
        return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}

    def duplicate_versions(self, article_id: int) -> list[DuplicateVersion]:
        """The other versions of an article's story, the closest first (then by date and id):
        ``similarity`` is the share of the shorter text the two have in common."""
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.outlet, a.date, a.source, coalesce(p.containment, g.similarity)"
            " FROM duplicate_groups me JOIN duplicate_groups g ON g.group_id = me.group_id AND g.article_id != me.article_id"
            " JOIN articles a ON a.id = g.article_id"
            " LEFT JOIN duplicate_pairs p ON p.a = min(me.article_id, g.article_id) AND p.b = max(me.article_id, g.article_id)"
            " WHERE me.article_id = ? ORDER BY 6 DESC, a.date, a.id", (article_id,)).fetchall()
        return [DuplicateVersion(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), float(r[5])) for r in rows]

    def stats(self) -> dict[str, int]:
        def one(sql: str) -> int:
            return int(self.conn.execute(sql).fetchone()[0])

        return {"articles": one("SELECT count(*) FROM articles"),
                "mentions": one("SELECT count(*) FROM mentions"),
                "entities": one("SELECT count(*) FROM entities WHERE n_mentions > 0")}


def fts_query(query: str) -> str:
    """A safe FTS5 query of plain words: every word must match, in any clitic form (for names
    the code looks up; what users type goes through :func:`reader.core.search.to_fts`).

    Words are normalised and quoted (FTS syntax characters and unbalanced quotes are data),
    and each also matches its clitic-stripped stem (searching قطر finds وقطر).
    """
    terms = []
    for tok in tokenize(normalise(query)):
        if not tok.text[0].isalnum():
            continue
        forms = {tok.text, strip_clitics(tok.text)}
        terms.append("(" + " OR ".join('"' + f.replace('"', '""') + '"' for f in sorted(forms)) + ")")
    return " AND ".join(terms)


def _mention(r: Sequence[Any]) -> MentionRecord:
    """A mention from its row (SQLite values, untyped)."""
    return MentionRecord(int(r[0]), int(r[1]), int(r[2]), int(r[3]), str(r[4]), Label(r[5]),
                         None if r[6] is None else int(r[6]), str(r[7]), str(r[8]), str(r[9]))


def _entity(r: Sequence[Any]) -> EntityRecord:
    """An entity from its row (SQLite values, untyped)."""
    return EntityRecord(int(r[0]), Label(r[1]), str(r[2]), str(r[3]), tuple(json.loads(str(r[4]))),
                        int(r[5]), int(r[6]))


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
