"""Corrections from the window: mark a selection, remove/split a mention, rename, retype, merge,
Edit › Undo/Redo, corrections files; and the richer entity panel."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtGui import QTextCursor

from ui_helpers import corrections_applied as applied, type_text, mention_by_text
from reader.core import corrections as corr
from reader.core import linking
from reader.core.model import Label


def select_text(view, start: int, end: int) -> None:
    c = view.browser.textCursor()
    c.setPosition(view.to_document(start))
    c.setPosition(view.to_document(end), QTextCursor.MoveMode.KeepAnchor)
    view.browser.setTextCursor(c)


def test_mark_a_selection_in_an_article_with_emoji_and_undo_redo(make_window, qtbot, ui_lib):
    w = make_window(ui_lib)
    w.open_article(2)  # emoji before the words: code points and UTF-16 units differ
    text = ui_lib.article(2).text
    start = text.index("خبر عاجل")
    select_text(w.article_view, start, start + len("خبر عاجل"))
    assert w.article_view.selection_offsets() == (start, start + len("خبر عاجل"))
    menu = w.article_view.build_context_menu(w.article_view.to_document(start))
    mark_menu = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Mark selection as")
    assert mark_menu.isEnabled()
    next(a for a in mark_menu.actions() if a.text() == "Other").trigger()
    applied(w, qtbot)
    # the window keeps the linking state for the next correction, packed into fresh memory
    state = linking.state.state_of(ui_lib)
    assert state.linker is not None and state.packed
    m = mention_by_text(ui_lib, 2, "خبر عاجل")
    assert (m.label, m.origin) == (Label.MISC, "user")
    assert "خبر عاجل" in w.act_undo.text() and w.act_undo.isEnabled()
    assert w.act_undo.text() == "Undo: mark “خبر عاجل” as Other"  # the type's name, not its code
    assert any(x.text == "خبر عاجل" for x in w.article_view.mentions)  # the view shows it at once
    w.act_undo.trigger()
    applied(w, qtbot)
    assert not any(x.text == "خبر عاجل" for x in ui_lib.mentions(2))
    assert w.act_redo.isEnabled()
    w.act_redo.trigger()
    applied(w, qtbot)
    assert any(x.text == "خبر عاجل" for x in ui_lib.mentions(2))


def test_undo_pressed_while_a_correction_is_still_applied_undoes_it(make_window, qtbot, ui_lib):
    w = make_window(ui_lib)
    assert corr.can_undo(ui_lib) is None and not w.act_undo.isEnabled()  # nothing corrected yet
    w.open_article(2)
    text = ui_lib.article(2).text
    start = text.index("خبر عاجل")
    w.mark_text(Label.MISC, start, start + len("خبر عاجل"))
    assert w.act_undo.isEnabled()  # queued, perhaps not applied yet: Ctrl+Z must not be dead
    w.act_undo.trigger()
    applied(w, qtbot)
    assert not any(x.text == "خبر عاجل" and x.origin == "user" for x in ui_lib.mentions(2))
    assert w.act_redo.isEnabled() and not w.act_undo.isEnabled()


def test_remove_and_split_from_the_context_menu(make_window, qtbot, ui_lib):
    w = make_window(ui_lib)
    w.open_article(1)
    short = mention_by_text(ui_lib, 1, "النمروش")
    full = mention_by_text(ui_lib, 1, "صلاح الدين النمروش")
    assert short.entity_id == full.entity_id
    menu = w.article_view.build_context_menu(w.article_view.to_document(short.start + 1))
    assert not any("Link Location" in a.text() for a in menu.actions())  # the entity: links are no address
    split = next(a for a in menu.actions() if a.text() == "Split this mention off its entity")
    split.trigger()
    applied(w, qtbot)
    again = next(m for m in ui_lib.mentions(1) if m.start == short.start)
    assert again.entity_id != mention_by_text(ui_lib, 1, "صلاح الدين النمروش").entity_id
    assert again.link_reason == linking.Reason.SPLIT_BY_USER
    doha = mention_by_text(ui_lib, 1, "الدوحة")
    menu = w.article_view.build_context_menu(w.article_view.to_document(doha.start + 2))
    next(a for a in menu.actions() if a.text().startswith("Remove this mention")).trigger()
    applied(w, qtbot)
    assert "الدوحة" not in [m.text for m in ui_lib.mentions(1)]
    assert "الدوحة" not in [m.text for m in w.article_view.mentions]


def test_rename_retype_and_the_panel_follows_the_entity(make_window, qtbot, ui_lib):
    w = make_window(ui_lib)
    m = mention_by_text(ui_lib, 1, "حكومة الوفاق")
    w.open_entity(m.entity_id)
    key = w.entity_panel.entity.key
    w.rename_entity(m.entity_id, "حكومة الوفاق الوطني")
    applied(w, qtbot)
    assert w.entity_panel.entity.name == "حكومة الوفاق الوطني"
    w.set_entity_type(w.entity_panel.entity.id, Label.LOC)
    applied(w, qtbot)
    assert w.entity_panel.entity.label is Label.LOC and w.entity_panel.entity.key == key
    assert w.entity_panel.entity.name == "حكومة الوفاق الوطني"  # the rename holds after the type change


def test_merge_entities_selected_in_the_entity_list(make_window, qtbot, ui_lib):
    w = make_window(ui_lib)
    lv = w.library_view
    lv.tabs.setCurrentIndex(1)
    model = lv.entity_model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    rows = {model.index(r, 0).data().split("  (")[0]: r for r in range(model.rowCount())}
    sel = lv.entity_list.selectionModel()
    for name in ("قطر", "الدوحة"):
        sel.select(model.index(rows[name], 0), QItemSelectionModel.SelectionFlag.Select)
    assert len(lv.selected_entity_ids()) == 2
    before = {name: mention_by_text(ui_lib, 1, name).entity_id for name in ("قطر", "الدوحة")}
    offered: list[list[str]] = []

    def answer() -> None:  # the merge asks which name the result takes: the user types one
        from PySide6.QtWidgets import QInputDialog

        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        offered.append(box.comboBoxItems())
        box.setTextValue("قطر (دولة)")
        box.accept()
    QTimer.singleShot(20, answer)
    w.act_merge.trigger()
    applied(w, qtbot)
    assert sorted(offered[0]) == ["الدوحة", "قطر"]
    qatar = mention_by_text(ui_lib, 1, "قطر").entity_id
    assert mention_by_text(ui_lib, 1, "الدوحة").entity_id == qatar
    assert w.entity_panel.entity.id == qatar
    assert w.entity_panel.entity.name == "قطر (دولة)"
    assert "merge 2 entities" in w.act_undo.text()
    w.act_undo.trigger()
    applied(w, qtbot)
    # undone: both entities are back, under the ids they had (bookmarks and dossier commands hold)
    assert {name: mention_by_text(ui_lib, 1, name).entity_id for name in ("قطر", "الدوحة")} == before


def test_panel_shows_latin_related_places_outlets_and_company(make_window, ui_lib):
    w = make_window(ui_lib)
    qatar = mention_by_text(ui_lib, 1, "قطر").entity_id
    w.open_entity(qatar)
    p = w.entity_panel
    assert p.latin.text() == ""  # a place: no romanisation (the name index is of people)
    html = p.details.text()
    assert "Related (not the same)" in html and "الدوحة" in html and "has capital" in html
    assert "Appears with" in html and "Outlets and the forms they use" in html and "الساعة 24" in html
    doha = mention_by_text(ui_lib, 1, "الدوحة").entity_id
    href = f"entity:{doha}:0"  # the one link scheme of reader.export.html
    assert f'href="{href}"' in html
    p.details.linkActivated.emit(href)
    assert p.entity.id == doha


def test_corrections_file_round_trip_from_the_window(make_window, qtbot, ui_lib, tmp_path):
    w = make_window(ui_lib)
    m = mention_by_text(ui_lib, 1, "قطر")
    w.rename_entity(m.entity_id, "دولة قطر")
    applied(w, qtbot)
    path = tmp_path / "c.json"
    assert corr.export_corrections(ui_lib, path) == 1
    w.undo()
    applied(w, qtbot)
    assert ui_lib.entity(mention_by_text(ui_lib, 1, "قطر").entity_id).name == "قطر"
    w.import_corrections(path)
    applied(w, qtbot)
    assert ui_lib.entity(mention_by_text(ui_lib, 1, "قطر").entity_id).name == "دولة قطر"


def test_corrections_run_in_the_background_in_order_and_show_when_done(make_window, qtbot, ui_lib, monkeypatch):
    """The window stays responsive while a slow relink runs; quick corrections queue, none races."""
    import threading
    import time

    import reader.core.corrections as core_corr
    from reader.core.linking import relink_library

    gate = threading.Event()
    threads = []

    def slow_relink(lib, *a, **k):
        threads.append(threading.current_thread())
        gate.wait(10)  # a big library's relink: the window must not wait for it
        return relink_library(lib, *a, **k)

    monkeypatch.setattr("reader.core.corrections.relink_library", slow_relink)
    w = make_window(ui_lib)
    m = mention_by_text(ui_lib, 1, "قطر")
    w.open_entity(m.entity_id)
    t0 = time.perf_counter()
    w.rename_entity(m.entity_id, "دولة قطر")
    w.rename_entity(m.entity_id, "قطر الدولة")  # made before the first is applied
    doha = mention_by_text(ui_lib, 1, "الدوحة")
    w.remove_mention(doha.id)
    assert time.perf_counter() - t0 < 1.0  # the window returned at once
    assert w.corrections_pending() == 3
    ticks = []
    qtbot.waitUntil(lambda: bool(ticks.append(1)) or len(ticks) > 5, timeout=5000)  # the event loop runs meanwhile
    assert ui_lib.entity(m.entity_id).name == "قطر"  # nothing applied yet
    gate.set()
    applied(w, qtbot)
    assert threading.main_thread() not in threads and len(threads) == 3
    assert [c.kind for c in core_corr.active(ui_lib)] == ["rename", "rename", "remove"]  # in the order made
    assert w.entity_panel.entity.name == "قطر الدولة"  # the last rename wins, and the panel shows it
    assert "الدوحة" not in [x.text for x in w.article_view.mentions]
    assert w.act_undo.text().startswith("Undo") and "الدوحة" in w.act_undo.text()


def test_closing_with_corrections_queued_finishes_them_first(make_window, qtbot, ui_lib, monkeypatch):
    """Quitting right after a correction neither drops it nor rolls back the one being applied."""
    import threading

    import reader.core.corrections as core_corr
    from reader.core.linking import relink_library

    gate = threading.Event()

    def slow_relink(lib, *a, **k):
        gate.wait(10)
        return relink_library(lib, *a, **k)

    monkeypatch.setattr("reader.core.corrections.relink_library", slow_relink)
    w = make_window(ui_lib)
    w.show()
    m = mention_by_text(ui_lib, 1, "قطر")
    w.rename_entity(m.entity_id, "دولة قطر")
    w.remove_mention(mention_by_text(ui_lib, 1, "الدوحة").id)
    assert not w.close()  # refused for now
    assert w.isVisible() and "Saving your corrections" in w.statusBar().currentMessage()
    gate.set()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=30000)  # closes by itself once they are stored
    assert [c.kind for c in core_corr.active(ui_lib)] == ["rename", "remove"]


def test_a_correction_keeps_the_readers_place_in_a_long_article(make_window, windows, tmp_path, qtbot):
    from ui_helpers import _close_windows, build_library

    para = "وقال المتحدث باسم الهيئة إن اللجنة ستجتمع في العاصمة الأسبوع المقبل لبحث ملفات الطاقة والنقل."
    text = "\n".join(f"{para} الفقرة {n}." for n in range(60))
    lib = build_library(tmp_path / "long.sqlite", articles=[("خبر طويل", text, [("العاصمة", Label.LOC)])])
    w = make_window(lib)
    w.resize(1000, 600)
    w.show()
    qtbot.waitExposed(w)
    w.open_article(1)
    bar = w.article_view.browser.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    start = text.index("الطاقة", len(text) // 2)
    w.mark_text(Label.MISC, start, start + len("الطاقة"))
    applied(w, qtbot)
    assert any(m.text == "الطاقة" and m.origin == "user" for m in lib.mentions(1))  # applied and shown
    assert any(m.text == "الطاقة" for m in w.article_view.mentions)
    assert abs(bar.value() - place) <= 2  # where the reader was, not at the top or at another mention
    _close_windows(windows)  # before their library
    lib.close()


def _answer_dialogs(qtbot, typed: str, button: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into the rename dialog and press Enter, then click ``button`` in the question that
    follows: real key and mouse events on the modal dialogs, once each is up."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton

    seen: list[str] = []

    def rename_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        edit = dialog.findChild(QLineEdit)
        edit.selectAll()
        type_text(edit, typed)
        QTimer.singleShot(100, question)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    def question() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        target = next(b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == button)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    QTimer.singleShot(100, rename_dialog)
    return seen


def test_renaming_to_another_entitys_name_offers_to_merge_them(make_window, qtbot, ui_lib):
    w = make_window(ui_lib)
    turkey = mention_by_text(ui_lib, 2, "تركيا").entity_id
    qatar = ui_lib.entity(mention_by_text(ui_lib, 1, "قطر").entity_id)
    asked = _answer_dialogs(qtbot, "قطر", "Cancel")
    w.rename_entity_dialog(turkey)
    assert asked and "already the name of another entity" in asked[0] and w.corrections_pending() == 0
    assert ui_lib.entity(turkey).name == "تركيا"  # cancelled: nothing changed
    asked = _answer_dialogs(qtbot, "قطر", "Merge")
    w.rename_entity_dialog(turkey)
    applied(w, qtbot)
    merged = mention_by_text(ui_lib, 2, "تركيا").entity_id
    assert merged == mention_by_text(ui_lib, 1, "قطر").entity_id  # one entity now
    assert ui_lib.entity(merged).name == "قطر" and ui_lib.entity(merged).key == qatar.key
    assert [e.name for e in ui_lib.entities(query="قطر")].count("قطر") == 1
