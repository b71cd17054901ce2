"""Pages of the library list and of an entity's mentions: every row once, in order, whatever the page size."""
from __future__ import annotations

from reader.core.model import Document, Label, Span


def _fill(lib) -> int:  # type: ignore[no-untyped-def]
    """12 articles on 4 dates, each naming Riyadh twice; returns the entity id all those mentions share."""
    with lib.transaction():
        lib.conn.execute("INSERT INTO entities (id, label, key, name) VALUES (1, 'LOC', 'رياض', 'الرياض')")
        for i in range(12):
            text = f"وصل الوفد {i} إلى الرياض اليوم. وقال إن الرياض مستعدة."
            aid, _ = lib.upsert_document(Document(f"/n/{i}.txt", f"خبر {i}", text, text, date=f"2015-07-0{1 + i % 4}"))
            first = text.index("الرياض")
            lib.set_model_mentions(aid, [Span(first, first + 6, Label.LOC), Span(text.rindex("الرياض"), text.rindex("الرياض") + 6, Label.LOC)], "t")
        lib.conn.execute("UPDATE mentions SET entity_id = 1")
    return 1


def test_library_pages_are_newest_first_without_gaps(library) -> None:
    _fill(library)
    rows = [a for off in range(0, 12, 5) for a in library.list_articles(limit=5, offset=off)]
    assert len({a.id for a in rows}) == 12
    assert [(a.date, a.id) for a in rows] == sorted(((a.date, a.id) for a in rows), reverse=True)
    assert all(a.n_entities == 1 for a in rows)
    found = library.list_articles("الرياض", limit=100)
    assert len(found) == library.count_articles("الرياض") == 12


def test_mentions_paged_by_their_order_match_entity_mentions(library) -> None:
    eid = _fill(library)
    order = library.entity_mention_order(eid)
    assert len(order) == 24
    paged = [m for off in range(0, 24, 7) for m in library.mentions_in_context(order[off:off + 7])]
    assert paged == library.entity_mentions(eid, limit=100)
    assert all(m.sentence.startswith("وصل") or m.sentence.startswith("وقال") for m in paged)
    assert all(m.sentence[m.local_start:m.local_end] == "الرياض" for m in paged)


def test_a_search_counts_again_after_any_connection_writes(library) -> None:
    from reader.core.store import Library

    _fill(library)
    assert library.count_articles("الرياض") == 12
    other = Library.open(library.path)
    try:
        with other.transaction():
            text = "زار الوزير الرياض."
            other.upsert_document(Document("/n/other.txt", "خبر", text, text, date="2015-07-09"))
    finally:
        other.close()
    assert library.count_articles("الرياض") == 13
    assert library.list_articles("الرياض", limit=1)[0].source == "/n/other.txt"
    with library.transaction():
        library.conn.execute("DELETE FROM articles WHERE source = '/n/other.txt'")
    assert library.count_articles("الرياض") == 12
