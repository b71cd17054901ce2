"""Numbered, append-only schema migrations (sqlite-utils ``Migrations``).

Never edit a migration once it has shipped: add the next one. Each runs in a transaction and
is recorded in ``_sqlite_migrations``; tests/core/store/test_migrations.py upgrades a library
made by every earlier schema.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("reader")


def _run(db: Database, script: str) -> None:
    """Run statements one by one: ``executescript`` would commit the migration's transaction."""
    for statement in _split(script):
        db.execute(statement)


def _split(script: str) -> list[str]:
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


@migrations()
def m001_initial(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            outlet TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT '',
            raw TEXT NOT NULL,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            analysed_with TEXT,
            analysed_at TEXT
        );
        CREATE INDEX articles_date ON articles(date);
        CREATE INDEX articles_outlet ON articles(outlet);

        -- Search runs over a normalised copy (see reader.core.arabic.normalise), so that
        -- alef/ya/teh-marbuta variants, tatweel and diacritics never matter.
        CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');

        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            n_articles INTEGER NOT NULL DEFAULT 0,
            n_mentions INTEGER NOT NULL DEFAULT 0,
            UNIQUE (label, key)
        );
        CREATE INDEX entities_mentions ON entities(n_mentions DESC);

        -- start/end are code points of articles.text; text[start:end] == mentions.text.
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            key TEXT NOT NULL DEFAULT '',
            entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
            origin TEXT NOT NULL DEFAULT 'model',
            model TEXT NOT NULL DEFAULT '',
            link_reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX mentions_article ON mentions(article_id, start);
        CREATE INDEX mentions_entity ON mentions(entity_id, article_id);

        -- The researcher's corrections, kept as corrections so they can be replayed after
        -- re-analysis, re-import or a model change (see reader.core.linking).
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            undone_at TEXT
        );

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


@migrations()
def m002_corrections_replay(db: Database) -> None:
    _run(
        db,
        """
        -- Mentions a correction took away (a wrong model mention, or one a user mark replaces).
        -- Kept here rather than deleted, so that undoing the correction brings them back; a
        -- re-analysis of the article replaces them with the new model's.
        CREATE TABLE suppressed_mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            model TEXT NOT NULL DEFAULT '',
            correction_id INTEGER
        );
        CREATE INDEX suppressed_mentions_article ON suppressed_mentions(article_id);
        -- The type the model (or the user's mark) gave a mention; mentions.label is its entity's
        -- type after linking. Relinking starts from this, so it gives the same result every time.
        ALTER TABLE mentions ADD COLUMN found_label TEXT NOT NULL DEFAULT '';
        UPDATE mentions SET found_label = label;
        CREATE INDEX corrections_undone ON corrections(undone_at, id);
        """
    )


@migrations()
def m003_entity_panel_index(db: Database) -> None:
    _run(
        db,
        """
        -- An entity's mentions with what the entity panel reads of them (article, offset, surface
        -- form, link reason) in the index itself: its order, forms and outlets no longer read a
        -- table row per mention (12,700 rows for the most mentioned entity of 31,000 articles).
        -- It starts with (entity_id, article_id), so it serves every query mentions_entity did.
        CREATE INDEX mentions_entity_cover ON mentions(entity_id, article_id, start, text, link_reason);
        DROP INDEX mentions_entity;
        """
    )


@migrations()
def m004_entity_ids(db: Database) -> None:
    _run(
        db,
        """
        -- Every id an entity (label, key) was ever given. An entity that comes back (a merge
        -- undone, a mention marked again) gets its old id again, so a dossier command or a
        -- bookmark made before still finds it; and an id is never given to another entity.
        CREATE TABLE entity_ids (
            label TEXT NOT NULL,
            key TEXT NOT NULL,
            id INTEGER NOT NULL UNIQUE,
            PRIMARY KEY (label, key)
        ) WITHOUT ROWID;
        INSERT INTO entity_ids (label, key, id) SELECT label, key, id FROM entities;
        """
    )


@migrations()
def m005_duplicates(db: Database) -> None:
    _run(
        db,
        """
        -- The same story from several outlets (reader/core/duplicates.py). Each article's MinHash
        -- over its normalised word 3-grams (NULL: too short to compare), written with the article
        -- by imports; a library made before this is sketched in the background on its next
        -- import or window (duplicates.backfill), so this step only makes the tables.
        CREATE TABLE duplicate_sketches (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            shingles INTEGER NOT NULL,
            minhash BLOB
        );
        -- Two articles that are versions of one story (a < b), with their estimated similarity.
        CREATE TABLE duplicate_pairs (
            a INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            jaccard REAL NOT NULL,
            containment REAL NOT NULL,
            PRIMARY KEY (a, b)
        ) WITHOUT ROWID;
        CREATE INDEX duplicate_pairs_b ON duplicate_pairs(b, a);
        -- Each grouped article: its group (the group's smallest article id) and the share of text
        -- it has in common with its closest version. Articles in no group have no row.
        CREATE TABLE duplicate_groups (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            group_id INTEGER NOT NULL,
            similarity REAL NOT NULL
        );
        CREATE INDEX duplicate_groups_group ON duplicate_groups(group_id, article_id);
        """
    )


# The sentences versions before m006 stored as link reasons, and the codes that replaced them
# (reader/core/linking/reasons.py). Frozen with this migration: later codes do not belong here.
_OLD_REASONS = {
    "same name": "same-name",
    "short form of a longer name in the same article": "in-article",
    "short form of the nearest longer name introduced earlier in the article": "nearest-in-article",
    "ambiguous: several longer names in the article contain it": "ambiguous-in-article",
    "short form of a person named in the same article (type differs)": "person-in-article",
    "another name of the same country": "country",
    "short form: the only longer name in the library that contains it": "only-in-library",
    "context: same title, outlet or dates as the articles naming the longer name": "context",
    "ambiguous: several longer names in the library contain it": "ambiguous-in-library",
    "a shorter variant of the only longer name in the library": "longest-in-library",
    "another spelling of the name": "spelling",
    "split off by you": "split-by-user",
    "merged by you": "merged-by-user",
}
_OLD_SHARES = ("context: shares ", " with the articles naming the longer name")


@migrations()
def m006_link_reason_codes(db: Database) -> None:
    """Link reasons become codes (``in-article``, ``context|names``): code reads them by value and
    the window words them in the user's language. The note a type correction appended goes."""
    conn = db.conn
    conn.execute("UPDATE mentions SET link_reason = substr(link_reason, 1, length(link_reason) - 18)"
                 " WHERE link_reason LIKE '% (type set by you)'")
    conn.executemany("UPDATE mentions SET link_reason = ? WHERE link_reason = ?",
                     [(code, old) for old, code in _OLD_REASONS.items()])
    head, tail = _OLD_SHARES
    conn.execute("UPDATE mentions SET link_reason = 'context|' || substr(link_reason, ?, length(link_reason) - ?)"
                 " WHERE link_reason LIKE ? || '%' || ?", (len(head) + 1, len(head) + len(tail), head, tail))


@migrations()
def m007_mentions_without_a_word(db: Database) -> None:
    """Mentions with no letter or digit (a direction mark a tagger took for a name) go: linking
    gives them no key and no entity, so each window took them for work a crash left undone."""
    conn = db.conn
    rows = conn.execute("SELECT id, text FROM mentions WHERE entity_id IS NULL").fetchall()
    gone = [(i,) for i, text in rows if not any(ch.isalnum() for ch in text)]
    conn.executemany("DELETE FROM mentions WHERE id = ?", gone)


@migrations()
def m008_entities_by_articles(db: Database) -> None:
    _run(
        db,
        """
        -- The entity list goes by the number of articles that name an entity (the count it
        -- shows), then mentions: one report of a name a hundred times is not the most present.
        CREATE INDEX entities_articles ON entities(n_articles DESC, n_mentions DESC, id);
        DROP INDEX entities_mentions;
        """
    )


@migrations()
def m009_changed_articles(db: Database) -> None:
    """The articles whose mentions (as linking reads them) changed since the last relink, recorded
    by SQLite itself whoever writes (this app, another process, another SQLite client): a relink
    reads them instead of a signature of every article's mentions (a third of a second at 30k
    articles), and empties the table in the transaction that writes its links. Linking reads the
    label only where no found label was kept, and links a mention left without an entity.

    The triggers test for the row before adding it rather than ``INSERT OR IGNORE``: a statement
    that fires them (the foreign key's SET NULL among them) imposes its own conflict policy."""

    def record(article: str) -> str:
        return (f"INSERT INTO changed_articles SELECT {article}"
                f" WHERE NOT EXISTS (SELECT 1 FROM changed_articles WHERE article_id = {article});")

    for statement in (
        "CREATE TABLE changed_articles (article_id INTEGER PRIMARY KEY)",
        "INSERT INTO changed_articles SELECT id FROM articles",
        f"CREATE TRIGGER mentions_added AFTER INSERT ON mentions BEGIN {record('NEW.article_id')} END",
        f"CREATE TRIGGER mentions_removed AFTER DELETE ON mentions BEGIN {record('OLD.article_id')} END",
        'CREATE TRIGGER mentions_moved AFTER UPDATE OF article_id, start, "end", text, found_label, origin'
        f" ON mentions BEGIN {record('OLD.article_id')} {record('NEW.article_id')} END",
        "CREATE TRIGGER mentions_relabelled AFTER UPDATE OF label, entity_id ON mentions"
        " WHEN (NEW.found_label = '' AND NEW.label IS NOT OLD.label)"
        f" OR (NEW.entity_id IS NULL AND OLD.entity_id IS NOT NULL) BEGIN {record('NEW.article_id')} END",
        "CREATE TRIGGER articles_changed AFTER UPDATE OF content_hash, outlet, date ON articles"
        f" BEGIN {record('NEW.id')} END",
        f"CREATE TRIGGER articles_removed AFTER DELETE ON articles BEGIN {record('OLD.id')} END",
    ):
        db.execute(statement)
