"""A library made by every earlier schema version opens, migrates and keeps its data."""
import sqlite3

import pytest
from sqlite_utils import Database

from reader.core.store import Library
from reader.core.store.migrations import migrations

NAMES = [m.name for m in migrations._migrations]


def test_migrations_are_numbered_in_order():
    assert NAMES == sorted(NAMES)
    assert all(n[:1] == "m" and n[1:4].isdigit() for n in NAMES)


@pytest.mark.parametrize("upto", range(1, len(NAMES) + 1))
def test_library_from_an_earlier_schema_upgrades(tmp_path, upto):
    path = tmp_path / "old.sqlite"
    db = Database(sqlite3.connect(path))
    stop = NAMES[upto] if upto < len(NAMES) else None
    migrations.apply(db, stop_before=stop)
    db.execute(
        "INSERT INTO articles (source, raw, text, content_hash, imported_at, updated_at)"
        " VALUES ('old.txt', 'خام', 'نص قديم', 'h', '2020-01-01', '2020-01-01')")
    db.conn.commit()
    db.conn.close()
    lib = Library.open(path)
    assert [r[0] for r in lib.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == NAMES
    assert lib.find_article("old.txt").text == "نص قديم"
    lib.close()


def test_m002_keeps_the_type_each_mention_was_found_with(tmp_path):
    path = tmp_path / "m001.sqlite"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m002_corrections_replay")
    db.execute("INSERT INTO articles (id, source, raw, text, content_hash, imported_at, updated_at)"
               " VALUES (1, 'a.txt', 'قطر', 'قطر', 'h', 't', 't')")
    db.execute("INSERT INTO mentions (article_id, start, \"end\", text, label) VALUES (1, 0, 3, 'قطر', 'LOC')")
    db.conn.commit()
    db.conn.close()
    lib = Library.open(path)
    assert lib.conn.execute("SELECT found_label FROM mentions").fetchone()[0] == "LOC"
    assert lib.conn.execute("SELECT count(*) FROM suppressed_mentions").fetchone()[0] == 0
    lib.close()


def test_m006_turns_the_old_link_sentences_into_codes(tmp_path):
    from reader.core.linking.reasons import Reason, parse

    path = tmp_path / "m005.sqlite"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m006_link_reason_codes")
    db.execute("INSERT INTO articles (id, source, raw, text, content_hash, imported_at, updated_at)"
               " VALUES (1, 'a.txt', 'x', 'سمير الداودي والداودي وتطوان', 'h', 't', 't')")
    old = ["short form of a longer name in the same article (type set by you)",
           "context: shares طنجه، حزب النهضه with the articles naming the longer name",
           "merged by you", "same name", "a reason no version wrote"]
    for i, reason in enumerate(old):
        db.execute('INSERT INTO mentions (article_id, start, "end", text, label, link_reason) VALUES (1, ?, ?, ?, ?, ?)',
                   (i, i + 1, "س", "PERS", reason))
    db.conn.commit()
    db.conn.close()
    lib = Library.open(path)
    got = [parse(r[0]) for r in lib.conn.execute("SELECT link_reason FROM mentions ORDER BY start")]
    lib.close()
    assert got == [(Reason.IN_ARTICLE, ""), (Reason.CONTEXT, "طنجه، حزب النهضه"), (Reason.MERGED_BY_USER, ""),
                   (Reason.SAME_NAME, ""), (None, "a reason no version wrote")]


def test_m007_drops_mentions_without_a_word(tmp_path):
    path = tmp_path / "m006.sqlite"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m007_mentions_without_a_word")
    db.execute("INSERT INTO articles (id, source, raw, text, content_hash, imported_at, updated_at)"
               " VALUES (1, 'a.txt', 'x', 'آلة »\u200fثاقبة» في عمان', 'h', 't', 't')")
    db.execute('INSERT INTO mentions (article_id, start, "end", text, label) VALUES (1, 5, 6, ?, ?)', ("\u200f", "ORG"))
    db.execute('INSERT INTO mentions (article_id, start, "end", text, label) VALUES (1, 16, 20, ?, ?)', ("عمان", "LOC"))
    db.conn.commit()
    db.conn.close()
    lib = Library.open(path)
    assert [r[0] for r in lib.conn.execute("SELECT text FROM mentions")] == ["عمان"]
    lib.close()
