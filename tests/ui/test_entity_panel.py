"""The entity panel shows the name and first mentions at once; the details may fill in after."""
from __future__ import annotations

import pytest

from reader.ui.entity_panel import EntityPanel
from reader.ui.models.mentions import MENTION_ROLE

from ui_helpers import mention_by_text


@pytest.fixture
def panel(qtbot, ui_lib):  # type: ignore[no-untyped-def]
    p = EntityPanel(ui_lib)
    qtbot.addWidget(p)
    p.resize(380, 700)
    p.show()
    yield p
    p._pool.waitForDone()


def _shown_mentions(p: EntityPanel) -> list[int]:
    m = p.model
    return [m.index(r, 0, m.index(g, 0)).data(MENTION_ROLE) for g in range(m.rowCount()) for r in range(m.rowCount(m.index(g, 0)))]


def test_small_entity_shows_its_details_at_once(panel, ui_lib):
    qatar = mention_by_text(ui_lib, 1, "قطر").entity_id
    assert panel.show_entity(qatar)
    assert not panel.details_pending
    html = panel.details.text()
    assert "Appears with" in html and "Outlets and the forms they use" in html and "Loading" not in html


def test_details_are_read_in_the_background_after_the_first_rows(panel, ui_lib, qtbot):
    panel.BACKGROUND_DETAILS_ARTICLES = 0  # every entity counts as big
    qatar = ui_lib.entity(mention_by_text(ui_lib, 1, "قطر").entity_id)
    with qtbot.waitSignal(panel.detailsShown, timeout=10000) as shown:
        assert panel.show_entity(qatar.id)
        # what the user sees first: name, type, counts and the mentions, before any detail
        assert panel.name.text() == qatar.name and panel.counts.text() and panel.type_label.text().strip()
        assert len(_shown_mentions(panel)) == qatar.n_mentions
        assert panel.details_pending and "Loading" in panel.details.text()
        assert "Appears with" not in panel.details.text()
    assert shown.args == [qatar.id]
    assert not panel.details_pending
    html = panel.details.text()
    assert "Loading" not in html
    assert "Related (not the same)" in html and "الدوحة" in html and "has capital" in html
    assert "Appears with" in html and "Outlets and the forms they use" in html and "الساعة 24" in html
    assert "Why these forms were linked" in html


def test_late_details_of_an_earlier_entity_are_dropped(panel, ui_lib, qtbot):
    panel.BACKGROUND_DETAILS_ARTICLES = 0
    qatar = mention_by_text(ui_lib, 1, "قطر").entity_id
    person = mention_by_text(ui_lib, 1, "خالد العطية").entity_id
    shown: list[int] = []
    panel.detailsShown.connect(shown.append)
    panel.show_entity(qatar)
    panel.show_entity(person)  # before qatar's details arrived
    qtbot.waitUntil(lambda: not panel.details_pending, timeout=10000)
    panel._pool.waitForDone()
    qtbot.wait(50)  # any queued result for qatar is delivered now
    assert shown == [person]
    assert panel.entity is not None and panel.entity.id == person
    assert "has capital" not in panel.details.text()  # qatar's related places never showed


def test_details_are_read_here_inside_a_transaction(panel, ui_lib):
    """Another connection could not see what the transaction changed."""
    panel.BACKGROUND_DETAILS_ARTICLES = 0
    qatar = mention_by_text(ui_lib, 1, "قطر").entity_id
    with ui_lib.transaction():
        ui_lib.conn.execute("UPDATE articles SET outlet = 'منفذ جديد'")
        panel.show_entity(qatar)
        assert not panel.details_pending and "منفذ جديد" in panel.details.text()
        ui_lib.conn.execute("UPDATE articles SET outlet = 'الساعة 24'")


def test_clear_drops_pending_details(panel, ui_lib, qtbot):
    panel.BACKGROUND_DETAILS_ARTICLES = 0
    shown: list[int] = []
    panel.detailsShown.connect(shown.append)
    panel.show_entity(mention_by_text(ui_lib, 1, "قطر").entity_id)
    panel.clear()
    panel._pool.waitForDone()
    qtbot.wait(50)
    assert shown == [] and not panel.details_pending
    assert "Click a highlighted name" in panel.details.text()


def test_big_entity_reads_one_page_however_often_the_view_lays_out(qtbot, big_lib):
    """QTreeView's layout fetches from a model that can fetch more: it must not page on its own."""
    qatar = big_lib.entities(query="قطر")[0]
    assert qatar.n_mentions > 300
    p = EntityPanel(big_lib)
    qtbot.addWidget(p)
    p.resize(380, 700)
    p.show()
    assert p.show_entity(qatar.id)
    qtbot.waitUntil(lambda: not p.details_pending, timeout=10000)  # the details resize the list
    for h in (500, 900, 650):
        p.resize(380, h)
        qtbot.wait(20)
    assert p.model.loaded == p.model.page_size
    # scrolled to the end, the view still fetches the next page
    tree = p.tree
    tree.verticalScrollBar().setValue(tree.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: p.model.loaded > p.model.page_size, timeout=5000)
    p._pool.waitForDone()


def test_details_take_at_most_a_share_of_the_panel(qtbot, big_lib):
    qatar = big_lib.entities(query="قطر")[0]
    p = EntityPanel(big_lib)
    qtbot.addWidget(p)
    p.resize(380, 500)
    p.show()
    with qtbot.waitSignal(p.detailsShown, timeout=10000):
        p.show_entity(qatar.id)
    qtbot.wait(20)
    assert p.details_area.height() <= 0.34 * p.height()
    assert p.tree.height() >= 100  # unbounded, the details left the mentions a few pixels
    assert p.details.height() > p.details_area.height()  # the rest scrolls: nothing is cut off
    assert p.details_area.verticalScrollBar().maximum() > 0
    p.resize(380, 900)
    qtbot.wait(20)
    assert p.details_area.height() <= 0.34 * 900
    assert p.tree.height() >= p.details_area.height()
    p._pool.waitForDone()


def test_panel_queries_read_the_covering_index(ui_lib):
    """The order, forms and outlets of an entity read the index, not a table row per mention."""
    from reader.core import profile

    eid = mention_by_text(ui_lib, 1, "قطر").entity_id
    for read in (ui_lib.entity_mention_order, ui_lib.entity_forms, lambda e: profile.outlets(ui_lib, e)):
        statements: list[str] = []
        ui_lib.conn.set_trace_callback(statements.append)  # the SQL as run, values bound
        try:
            read(eid)
        finally:
            ui_lib.conn.set_trace_callback(None)
        assert statements
        for sql in statements:
            plan = " ".join(r[3] for r in ui_lib.conn.execute("EXPLAIN QUERY PLAN " + sql))
            assert "COVERING INDEX mentions_entity_cover" in plan, (sql, plan)


def test_mentions_model_fetches_nothing_while_paused(big_lib):
    from reader.ui.models.mentions import EntityMentionsModel

    qatar = big_lib.entities(query="قطر")[0]
    model = EntityMentionsModel(big_lib, page_size=10)
    model.set_entity(qatar.id)
    with model.fetching_paused():
        assert not model.canFetchMore()
        with model.fetching_paused():
            assert not model.canFetchMore()
        assert not model.canFetchMore()
    assert model.canFetchMore()
    model.fetchMore()
    assert model.loaded == 10


def test_details_read_starts_after_the_first_rows_are_painted(panel, ui_lib, qtbot, monkeypatch):
    import reader.ui.entity_panel as ep

    events: list[str] = []
    real_query = ep.ops.query
    monkeypatch.setattr(ep.ops, "query", lambda *a, **k: (events.append("read"), real_query(*a, **k))[1])
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint:
                events.append("paint")
            return False

    paints = Paints()
    panel.tree.viewport().installEventFilter(paints)
    panel.BACKGROUND_DETAILS_ARTICLES = 0
    with qtbot.waitSignal(panel.detailsShown, timeout=10000):
        panel.show_entity(mention_by_text(ui_lib, 1, "قطر").entity_id)
        assert events == []
    assert events[:2] == ["paint", "read"]


def test_hidden_panel_still_reads_its_details(qtbot, ui_lib):
    p = EntityPanel(ui_lib)
    qtbot.addWidget(p)  # never shown: no paint to wait for
    p.BACKGROUND_DETAILS_ARTICLES = 0
    with qtbot.waitSignal(p.detailsShown, timeout=10000):
        p.show_entity(mention_by_text(ui_lib, 1, "قطر").entity_id)
    assert "Appears with" in p.details.text()
    p._pool.waitForDone()


def test_a_related_entity_link_opens_it_when_clicked(qtbot, ui_lib):
    """A real click on a link in the details (the label must let links take the mouse)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from reader.export.html import entity_link

    p = EntityPanel(ui_lib)
    qtbot.addWidget(p)
    p.resize(420, 600)
    p.show()
    qtbot.waitExposed(p)
    qatar = mention_by_text(ui_lib, 1, "قطر").entity_id
    doha = mention_by_text(ui_lib, 1, "الدوحة").entity_id
    p.show_entity(qatar)
    p._set_details(entity_link(doha, "الدوحة الدوحة الدوحة"))  # one link, one line
    qtbot.wait(50)  # laid out
    got: list[int] = []
    p.entityRequested.connect(got.append)
    y = p.details.fontMetrics().height() // 2 + 2
    for x in range(5, p.details.width(), 25):  # where the line's link is depends on its direction
        QTest.mouseClick(p.details, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        if got:
            break
    assert got == [doha]
