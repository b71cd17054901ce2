"""Every shortcut the menus, tooltips and README advertise works, pressed as real key events on
the shown window, in both UI languages (Qt ignores a key two shortcuts share: "Ambiguous
shortcut overload")."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ui_helpers import mention_by_text

# What the README's feature table promises, by key.
README_KEYS = ["Ctrl+Z", "Ctrl+Shift+Z", "F3", "Shift+F3", "Ctrl+PgDown", "Ctrl+PgUp", "Ctrl+F", "Ctrl++", "Ctrl+-",
               "Alt+Left", "Alt+Right"]


def press(seq: QKeySequence) -> None:
    """One key press and release of ``seq`` where a user's would go: the focused widget of the
    active window (shortcuts fire only in the active window)."""
    combo = seq[0]
    window = QApplication.activeWindow()
    assert window is not None
    target = window.focusWidget() or window
    QTest.keyClick(target, combo.key(), combo.keyboardModifiers())


def activate(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    w.article_view.browser.setFocus()


def close_modals_soon(owner) -> None:  # type: ignore[no-untyped-def]
    """Dismiss a modal dialog an action opens (the import and export dialogs), as a user would;
    gives up after a second (the timer dies with ``owner``, so it never outlives the test)."""
    timer = QTimer(owner)
    timer.setInterval(50)
    tries = [20]

    def close() -> None:
        widget = QApplication.activeModalWidget()
        tries[0] -= 1
        if isinstance(widget, QDialog):
            widget.reject()
        if isinstance(widget, QDialog) or not tries[0]:
            timer.stop()
            timer.deleteLater()
    timer.timeout.connect(close)
    timer.start()


def shortcut_actions(w) -> list[QAction]:  # type: ignore[no-untyped-def]
    return [a for a in w.actions() if a.shortcuts()]


def shown_window(make_window, lib, lang, qtbot):  # type: ignore[no-untyped-def]
    w = make_window(lib, lang)
    w.show()
    qtbot.waitExposed(w)
    w.open_article(lib.find_article("/data/0.txt").id)
    activate(w, qtbot)
    return w


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_key_is_given_twice(make_window, ui_lib, lang):
    w = make_window(ui_lib, lang)
    owner: dict[str, str] = {}
    for a in shortcut_actions(w):
        for seq in a.shortcuts():
            key = seq.toString()
            assert key not in owner, f"{key} is both {owner[key]!r} and {a.text()!r}"
            owner[key] = a.text()
    assert set(README_KEYS) <= set(owner), set(README_KEYS) - set(owner)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_shortcut_triggers_its_action(make_window, ui_lib, qtbot, lang, monkeypatch):
    w = shown_window(make_window, ui_lib, lang, qtbot)
    # what opens a dialog or ends the window is pressed, but kept from blocking or closing here
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: None)
    quit_action = w.act_quit
    for a in shortcut_actions(w):
        if a is quit_action:
            continue
        for seq in a.shortcuts():
            if seq[0].key().value >= Qt.Key.Key_Back.value:
                continue  # a keyboard's media key (Open, Find, Undo, Back): QTest cannot type it
            fired: list[bool] = []
            a.triggered.connect(lambda checked=False, fired=fired: fired.append(True))
            a.setEnabled(True)  # back/undo are enabled by state; here only the key is tested
            close_modals_soon(w)
            activate(w, qtbot)
            press(seq)
            for _ in range(300):  # up to 9 s: the machine may be busy
                if fired:
                    break
                QTest.qWait(30)
            assert len(fired) == 1, f"{seq.toString()} ({a.text()}) fired {len(fired)} times"
            QTest.qWait(30)
            while QApplication.activeModalWidget() is not None:
                QTest.qWait(30)
    activate(w, qtbot)
    press(QKeySequence("Ctrl+Q"))
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=60000)  # after the undo/redo keys are applied


def test_shortcut_effects(make_window, ui_lib, qtbot):
    w = shown_window(make_window, ui_lib, "en", qtbot)
    view = w.article_view
    # F3 / Shift+F3 step through the mentions
    press(QKeySequence("F3"))
    first = view._current_mention
    assert first is not None
    press(QKeySequence("F3"))
    assert view._current_mention != first
    press(QKeySequence("Shift+F3"))
    assert view._current_mention == first
    # Ctrl++ / Ctrl+- / Ctrl+0 zoom
    size = view.browser.document().defaultFont().pointSizeF()
    press(QKeySequence("Ctrl++"))
    assert view.browser.document().defaultFont().pointSizeF() > size
    press(QKeySequence("Ctrl+0"))
    assert view.browser.document().defaultFont().pointSizeF() == size
    # Ctrl+PgDown / Ctrl+PgUp go through the articles; Alt+Left / Alt+Right through history
    opened = view.article.id
    press(QKeySequence("Ctrl+PgDown"))
    assert view.article.id != opened
    press(QKeySequence("Alt+Left"))
    assert view.article.id == opened
    press(QKeySequence("Alt+Right"))
    assert view.article.id != opened
    # Ctrl+F puts the cursor in the search box
    press(QKeySequence("Ctrl+F"))
    assert QApplication.focusWidget() is w.library_view.search


def test_undo_and_redo_keys(make_window, ui_lib, qtbot):
    w = shown_window(make_window, ui_lib, "en", qtbot)
    aid = ui_lib.find_article("/data/0.txt").id
    m = mention_by_text(ui_lib, aid, "قطر")
    with qtbot.waitSignal(w.correctionsApplied, timeout=30000):
        w.remove_mention(m.id)
    assert not any(x.text == "قطر" and x.start == m.start for x in ui_lib.mentions(aid))
    activate(w, qtbot)
    with qtbot.waitSignal(w.correctionsApplied, timeout=30000):
        press(QKeySequence("Ctrl+Z"))
    assert any(x.text == "قطر" and x.start == m.start for x in ui_lib.mentions(aid))
    assert w.act_redo.isEnabled()
    activate(w, qtbot)
    with qtbot.waitSignal(w.correctionsApplied, timeout=30000):
        press(QKeySequence("Ctrl+Shift+Z"))
    assert not any(x.text == "قطر" and x.start == m.start for x in ui_lib.mentions(aid))


def test_ctrl_o_opens_the_import_dialog(make_window, ui_lib, qtbot):
    w = shown_window(make_window, ui_lib, "ar", qtbot)
    seen: list[str] = []

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(50, look)
            return
        seen.append(widget.windowTitle())
        widget.reject()
    QTimer.singleShot(50, look)
    press(QKeySequence("Ctrl+O"))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    from reader.ui.i18n import tr

    assert seen == [tr("Import files…")]
    assert Qt.LayoutDirection.RightToLeft == QApplication.layoutDirection()
