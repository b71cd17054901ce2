import sqlite3

import pytest

from reader.core.model import Document, Label, Span
from reader.core.store import Library, LibraryError, default_library_path, fts_query


def doc(source="a.txt", text="وصل وزير الخارجية إلى الدوحة أمس.", title="عنوان الخبر", **kw):
    return Document(source=source, title=title, text=text, raw="RAW " + text, **kw)


def test_library_file_uses_wal_and_migrations(tmp_path):
    lib = Library.open(tmp_path / "lib.sqlite")
    assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in lib.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names[0] == "m001_initial"
    lib.close()
    # Opening again applies nothing twice.
    lib = Library.open(tmp_path / "lib.sqlite")
    assert [r[0] for r in lib.conn.execute("SELECT name FROM _sqlite_migrations")] == names
    lib.close()


def test_default_path_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("READER_DB", str(tmp_path / "x.sqlite"))
    assert default_library_path() == tmp_path / "x.sqlite"
    monkeypatch.delenv("READER_DB")
    assert default_library_path().name == "library.sqlite"


def test_upsert_is_idempotent_and_detects_changes(library):
    with library.transaction():
        a, status = library.upsert_document(doc())
    assert status == "imported"
    with library.transaction():
        assert library.upsert_document(doc()) == (a, "unchanged")
        assert library.upsert_document(doc(text="نص جديد تماماً")) == (a, "updated")
    rec = library.article(a)
    assert rec.text == "نص جديد تماماً" and rec.raw == "RAW نص جديد تماماً"
    assert library.stats()["articles"] == 1


def test_search_ignores_spelling_variants_and_clitics(library):
    with library.transaction():
        a, _ = library.upsert_document(doc(text="أعلنت الحكومة إجراءات جديدة في الدوحة وقطر."))
        library.upsert_document(doc(source="b.txt", text="خبر آخر عن الاقتصاد."))
    for q in ("الحكومه", "اعلنت", "قطر", "الدوحة", "دوحة", "اجراءات"):
        assert [r.id for r in library.list_articles(q)] == [a], q
    assert library.count_articles("الاقتصاد") == 1
    assert library.list_articles("غير موجود") == []


@pytest.mark.parametrize("query", ['"', "(", "AND", "OR NOT", '"unbalanced', "*", "a:b", "NEAR(", "^", "-", "'; DROP TABLE articles; --"])
def test_search_accepts_any_typed_string(library, query):
    with library.transaction():
        library.upsert_document(doc())
    library.list_articles(query)  # never raises
    assert library.stats()["articles"] == 1


def test_fts_query_quotes_terms():
    assert fts_query('قطر "') == '("قطر")'
    assert fts_query("وقطر") == '("قطر" OR "وقطر")'
    assert fts_query("  ") == ""


def test_mentions_keep_offsets_into_stored_text(library):
    text = "😀 التقى أحمد سالم بوفد من الأمم المتحدة في بيروت."
    with library.transaction():
        a, _ = library.upsert_document(doc(text=text))
        spans = [Span(text.index("أحمد"), text.index("أحمد") + len("أحمد سالم"), Label.PERS),
                 Span(text.index("بيروت"), text.index("بيروت") + 5, Label.LOC)]
        library.set_model_mentions(a, spans, "m1")
    ms = library.mentions(a)
    assert [m.text for m in ms] == ["أحمد سالم", "بيروت"]
    for m in ms:
        assert text[m.start:m.end] == m.text
    assert library.article(a).analysed_with == "m1"


def test_a_span_without_a_word_is_not_stored_and_nothing_is_left_unlinked(library):
    from reader.core.linking import relink_library

    text = "وتنطلق الآلة »\u200fثاقبة» في عمان."
    with library.transaction():
        a, _ = library.upsert_document(doc(text=text))
        rlm = text.index("\u200f")
        library.set_model_mentions(a, [Span(rlm, rlm + 1, Label.ORG), Span(rlm + 1, rlm + 6, Label.ORG),
                                       Span(text.index("عمان"), text.index("عمان") + 4, Label.LOC)], "m1")
        relink_library(library)
    assert [m.text for m in library.mentions(a)] == ["ثاقبة", "عمان"]
    assert not library.has_unlinked_mentions()


def test_reanalysis_keeps_user_mentions(library):
    with library.transaction():
        a, _ = library.upsert_document(doc())
        library.conn.execute("INSERT INTO mentions (article_id, start, \"end\", text, label, origin) VALUES (?, 0, 3, 'وصل', 'MISC', 'user')", (a,))
        library.set_model_mentions(a, [Span(22, 28, Label.LOC)], "m2")
        library.set_model_mentions(a, [Span(22, 28, Label.LOC)], "m2")
    assert sorted(m.origin for m in library.mentions(a)) == ["model", "user"]


def test_find_article_by_id_source_or_suffix(library):
    with library.transaction():
        a, _ = library.upsert_document(doc(source="/data/news/one.txt"))
        library.upsert_document(doc(source="/data/news/two.txt"))
    assert library.find_article(str(a)).id == a
    assert library.find_article("/data/news/one.txt").id == a
    assert library.find_article("one.txt").id == a
    with pytest.raises(KeyError):
        library.find_article(".txt")
    with pytest.raises(KeyError):
        library.find_article("missing.txt")


def test_a_failed_batch_rolls_back_whole(library):
    with pytest.raises(RuntimeError):
        with library.transaction():
            library.upsert_document(doc())
            raise RuntimeError("crash mid-batch")
    assert library.stats()["articles"] == 0


def test_a_transaction_that_reads_first_waits_for_another_writer(library):
    """Read, then write, while another connection commits in between: the write must wait its
    turn, not fail with 'database is locked' (the window's grouping beside an import)."""
    import threading
    import time

    other = Library.open(library.path)
    done: list[object] = []

    def write_elsewhere() -> None:
        try:
            with other.transaction():
                other.upsert_document(doc(source="other.txt"))
            done.append("ok")
        except sqlite3.Error as e:  # pragma: no cover - the failure being tested
            done.append(e)

    try:
        with library.transaction():
            library.conn.execute("SELECT count(*) FROM articles").fetchone()
            t = threading.Thread(target=write_elsewhere)
            t.start()
            time.sleep(0.3)  # the other writer has had time to commit, if it could
            library.upsert_document(doc(source="mine.txt"))
        t.join(10)
    finally:
        other.close()
    assert done == ["ok"]
    assert library.stats()["articles"] == 2


def test_nested_transactions_are_savepoints(library):
    with library.transaction():
        library.upsert_document(doc(source="kept.txt"))
        with pytest.raises(RuntimeError):
            with library.transaction():
                library.upsert_document(doc(source="undone.txt"))
                raise RuntimeError("inner step failed")
    assert [a.source for a in library.list_articles()] == ["kept.txt"]


def test_not_a_library_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LibraryError, match="bad.sqlite"):
        Library.open(bad)


def test_deleting_an_article_cascades(library):
    with library.transaction():
        a, _ = library.upsert_document(doc())
        library.set_model_mentions(a, [Span(22, 28, Label.LOC)], "m")
        library.conn.execute("DELETE FROM articles WHERE id = ?", (a,))
    assert library.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0


def test_the_entity_list_goes_by_articles_then_mentions(library: Library) -> None:
    """The count the list shows (articles) is the order it goes by: a name repeated in one report
    does not come before one that two reports name."""
    from reader.core.linking import relink_library

    one = "زار المبعوث طرابلس. ثم عاد إلى طرابلس. وقال إن طرابلس هادئة، وإن طرابلس آمنة."
    two = ["وصل الوفد إلى بنغازي أمس.", "غادر الوزير بنغازي صباحاً."]
    with library.transaction():
        for n, text in enumerate([one, *two]):
            aid, _ = library.upsert_document(Document(f"/t/{n}.txt", f"خبر {n}", text, text))
            word = "طرابلس" if n == 0 else "بنغازي"
            library.set_model_mentions(aid, [Span(i, i + len(word), Label.LOC, word)
                                             for i in range(len(text)) if text.startswith(word, i)], "test")
        relink_library(library)
    listed = [(e.name, e.n_articles, e.n_mentions) for e in library.entities()]
    assert listed == [("بنغازي", 2, 2), ("طرابلس", 1, 4)]
