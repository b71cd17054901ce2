"""The main window: languages and direction, search, entity links, mentions, legend, history."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl, Qt
from PySide6.QtWidgets import QApplication

from ui_helpers import doc_text_at, mention_by_text
from reader.core.model import Label
from reader.ui.models.mentions import ARTICLE_ROLE, MENTION_ROLE


@pytest.mark.parametrize("lang, direction", [("en", Qt.LayoutDirection.LeftToRight), ("ar", Qt.LayoutDirection.RightToLeft)])
def test_window_builds_in_both_languages(make_window, ui_lib, lang, direction):
    w = make_window(ui_lib, lang)
    w.show()
    assert QApplication.layoutDirection() == direction
    assert w.layoutDirection() == direction
    assert w.library_view.layoutDirection() == direction
    assert w.menu_file.title() == ("&ملف" if lang == "ar" else "&File")
    assert w.windowTitle() == ("قارئ الأخبار العربية" if lang == "ar" else "Arabic News Reader")
    assert str(ui_lib.path) in w.path_label.text()
    assert "3" in w.counts_label.text()


def test_switching_language_mirrors_and_persists(make_window, ui_lib, settings):
    w = make_window(ui_lib, "en")
    w.set_language("ar")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert settings.language == "ar"
    assert w.act_back.text() == "رجوع"
    assert w.act_back.shortcuts()[0].toString() == "Alt+Right"  # back points right in an RTL UI
    w.set_language("en")
    assert w.act_back.shortcuts()[0].toString() == "Alt+Left"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_search_filters_the_list(make_window, ui_lib, qtbot):
    w = make_window(ui_lib)
    lv = w.library_view
    lv.model.fetch_until(10)
    assert lv.model.rowCount() == 3
    lv.search.setText("تركيا")  # QTest.keyClicks aborts on non-Latin-1 text; textChanged is what typing emits
    assert lv.model.total == 3  # debounced: nothing yet
    qtbot.waitUntil(lambda: lv.model.total == 1, timeout=3000)
    lv.model.fetch_until(0)
    assert lv.model.index(0, 0).data() == "😀 قطر وتركيا"
    assert "1 of 3" in lv.count_label.text()
    lv.search.clear()
    lv.apply_search()
    assert lv.model.total == 3


def test_entity_link_opens_panel_with_mentions(make_window, ui_lib, qtbot):
    w = make_window(ui_lib)
    aid = ui_lib.find_article("/data/0.txt").id
    w.open_article(aid)
    m = mention_by_text(ui_lib, aid, "خالد العطية")
    w.article_view.browser.anchorClicked.emit(QUrl(f"entity:{m.entity_id}:{m.id}"))
    panel = w.entity_panel
    assert panel.entity is not None and panel.entity.id == m.entity_id
    assert panel.name.text() == "خالد العطية"
    model = panel.model
    mentions = [model.index(r, 0, model.index(g, 0)).data(MENTION_ROLE)
                for g in range(model.rowCount()) for r in range(model.rowCount(model.index(g, 0)))]
    expected = [x.id for x in ui_lib.mentions(aid) if x.entity_id == m.entity_id]
    other = ui_lib.find_article("/data/1.txt").id
    expected += [x.id for x in ui_lib.mentions(other) if x.entity_id == m.entity_id]
    assert sorted(mentions) == sorted(expected) and len(mentions) == 2
    assert model.rowCount() == 2  # grouped by article
    # "show only articles mentioning this"
    panel.filter_button.click()
    assert w.library_view.chip.isVisibleTo(w)
    assert w.library_view.model.total == 2
    w.library_view.chip.close_button.click()
    assert w.library_view.model.total == 3


def test_non_entity_links_are_ignored(make_window, ui_lib):
    w = make_window(ui_lib)
    w.open_article(ui_lib.find_article("/data/0.txt").id)
    w.article_view.browser.anchorClicked.emit(QUrl("https://example.com/"))
    w.article_view.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert w.entity_panel.entity is None


@pytest.mark.parametrize("source, surface", [("/data/0.txt", "خالد العطية"), ("/data/1.txt", "تركيا"),
                                             ("/data/1.txt", "خالد العطية")])
def test_panel_mention_opens_article_at_mention(make_window, ui_lib, qtbot, source, surface):
    """Including an article with emoji and an astral letter before the mention (UTF-16 ≠ code points)."""
    w = make_window(ui_lib)
    w.show()
    aid = ui_lib.find_article(source).id
    m = mention_by_text(ui_lib, aid, surface)
    w.open_entity(m.entity_id)
    model = w.entity_panel.model
    target = None
    for g in range(model.rowCount()):
        parent = model.index(g, 0)
        for r in range(model.rowCount(parent)):
            idx = model.index(r, 0, parent)
            if idx.data(MENTION_ROLE) == m.id:
                target = idx
    assert target is not None and target.data(ARTICLE_ROLE) == aid
    rect = w.entity_panel.tree.visualRect(target)
    qtbot.mouseClick(w.entity_panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = w.article_view
    assert view.article is not None and view.article.id == aid
    cursor = view.browser.textCursor()
    assert cursor.selectedText() == surface
    assert doc_text_at(view, cursor.selectionStart(), cursor.selectionEnd()) == surface
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    lit = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.browser.extraSelections()]
    assert any(b == start or a == end for a, b in lit)  # its paragraph flashed, around it...
    names = [view.mention_range(x) for x in view.visible_mentions()]
    assert not any(a < d and c < b for a, b in lit for c, d in names)  # ...and every name keeps its colour
    qtbot.waitUntil(lambda: not view.browser.extraSelections(), timeout=4000)


def test_every_mention_maps_to_its_text(make_window, ui_lib):
    w = make_window(ui_lib)
    for n in range(3):
        aid = ui_lib.find_article(f"/data/{n}.txt").id
        w.open_article(aid)
        for m in ui_lib.mentions(aid):
            start, end = w.article_view.mention_range(m)
            assert doc_text_at(w.article_view, start, end) == m.text


def test_next_previous_mention(make_window, ui_lib):
    w = make_window(ui_lib)
    aid = ui_lib.find_article("/data/1.txt").id
    w.open_article(aid)
    texts = [m.text for m in ui_lib.mentions(aid)]
    seen = [w.article_view.step_mention(True).text for _ in texts]
    assert seen == texts
    assert w.article_view.browser.textCursor().selectedText() == texts[-1]
    assert w.article_view.step_mention(False).text == texts[-2]
    w.act_next_mention.trigger()
    assert w.article_view.browser.textCursor().selectedText() == texts[-1]


def test_legend_toggles_hide_highlights(make_window, ui_lib, settings):
    w = make_window(ui_lib)
    aid = ui_lib.find_article("/data/0.txt").id
    w.open_article(aid)
    view = w.article_view

    def anchors() -> set[str]:
        doc, out = view.browser.document(), set()
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt = it.fragment().charFormat()
                if fmt.isAnchor():
                    out.add(fmt.anchorHref())
                it += 1
            block = block.next()
        return out

    loc = {f"entity:{m.entity_id}:{m.id}" for m in ui_lib.mentions(aid) if m.label == Label.LOC}
    assert loc and loc <= anchors()
    view.legend_buttons[Label.LOC].click()
    assert Label.LOC in view.hidden and not (loc & anchors())
    assert settings.hidden_labels == {Label.LOC}
    assert all(m.label != Label.LOC for m in view.visible_mentions())
    view.legend_buttons[Label.LOC].click()
    assert loc <= anchors()


def test_back_and_forward(make_window, ui_lib):
    w = make_window(ui_lib)
    a0 = ui_lib.find_article("/data/0.txt").id
    a1 = ui_lib.find_article("/data/1.txt").id
    w.open_article(a0)
    m = mention_by_text(ui_lib, a0, "قطر")
    w.open_entity(m.entity_id)
    w.open_article(a1)
    assert w.act_back.isEnabled() and not w.act_forward.isEnabled()
    w.act_back.trigger()
    assert w.article_view.article.id == a0 and w.entity_panel.entity.id == m.entity_id
    w.act_back.trigger()
    assert w.article_view.article.id == a0 and w.entity_panel.entity is None
    assert not w.act_back.isEnabled()
    w.act_forward.trigger()
    w.act_forward.trigger()
    assert w.article_view.article.id == a1
    assert not w.act_forward.isEnabled()


def test_markup_in_articles_shows_literally(make_window, ui_lib):
    w = make_window(ui_lib)
    aid = ui_lib.find_article("/data/2.txt").id
    w.open_article(aid)
    text = w.article_view.browser.toPlainText()
    assert "<script>alert('x')</script>" in text
    assert "<b>not bold</b>" in text
    assert '<img src="http://example.com/x.png">' in text
    from PySide6.QtGui import QTextDocument

    shown = QTextDocument()
    shown.setHtml(w.article_view.title.text())  # the title is rich text (its names coloured), escaped
    assert shown.toPlainText() == "<script>alert(1)</script> and <b>bold</b>"
    assert w.article_view.browser.loadResource(2, QUrl("http://example.com/x.png")) is None


def test_zoom_and_shortcuts(make_window, ui_lib, settings):
    w = make_window(ui_lib)
    w.open_article(ui_lib.find_article("/data/0.txt").id)
    size = w.article_view.browser.document().defaultFont().pointSizeF()
    w.act_zoom_in.trigger()
    assert w.article_view.browser.document().defaultFont().pointSizeF() > size
    assert settings.zoom == 1
    w.act_zoom_reset.trigger()
    assert w.article_view.browser.document().defaultFont().pointSizeF() == size
    keys = {a.text(): [k.toString() for k in a.shortcuts()] for a in w.actions()}
    assert "Ctrl+F" in keys["Search"] and "F3" in keys["Next mention"] and "Shift+F3" in keys["Previous mention"]
    assert "Ctrl++" in keys["Zoom in"] and "Ctrl+-" in keys["Zoom out"] and "Ctrl+0" in keys["Reset zoom"]


def test_next_article_and_focus_search(make_window, ui_lib):
    w = make_window(ui_lib)
    w.show()
    w.library_view.model.fetch_until(5)
    w.act_next_article.trigger()
    first = w.article_view.article.id
    w.act_next_article.trigger()
    assert w.article_view.article.id != first
    w.act_prev_article.trigger()
    assert w.article_view.article.id == first
    w.activateWindow()
    w.act_search.trigger()
    assert w.focusWidget() is w.library_view.search  # the window may not be active offscreen


def test_icons_are_all_valid(qapp):
    from reader.ui import icons

    for name in icons.ALL:
        assert not icons.icon(name).isNull(), name


def test_hover_tooltip_names_entity_and_type(make_window, ui_lib):
    from PySide6.QtGui import QTextCursor

    w = make_window(ui_lib)
    aid = ui_lib.find_article("/data/0.txt").id
    w.open_article(aid)
    view = w.article_view
    m = mention_by_text(ui_lib, aid, "النمروش")
    start, end = view.mention_range(m)
    c = QTextCursor(view.browser.document())
    c.setPosition(start + 1)
    fmt = c.charFormat()
    assert fmt.toolTip() == f"{ui_lib.entity(m.entity_id).name} — Person"
    assert fmt.anchorHref() == f"entity:{m.entity_id}:{m.id}"


def test_a_name_in_the_title_opens_its_entity(make_window, ui_lib, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    w = make_window(ui_lib)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    art = ui_lib.find_article("/data/0.txt")  # "النمروش يزور قطر": two names in the title
    w.open_article(art.id)
    title = w.article_view.title
    assert "entity:" in title.text()
    opened: list[int] = []
    w.article_view.entityActivated.connect(lambda eid, mid: opened.append(eid))
    y = title.height() // 2
    for x in range(5, title.width(), 8):  # a click where a highlighted name is
        QTest.mouseClick(title, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        if opened:
            break
    assert opened, "no name in the title could be clicked"
    names = {ui_lib.entity(e).name for e in opened}
    assert names & {"قطر", "صلاح الدين النمروش", "النمروش"}
    assert w.entity_panel.entity is not None and w.entity_panel.entity.id == opened[0]


def test_an_article_never_scrolls_sideways(make_window, windows, tmp_path, qtbot):
    """Lines wrap at the view's width: a long link wraps anywhere, and no horizontal scrollbar
    comes and goes with the few pixels a laid-out line may exceed the view by."""
    from ui_helpers import _close_windows, build_library

    link = "https://example.org/?id=" + "a7" * 150  # no break opportunity in 300 characters
    text = ("قال المتحدث باسم الهيئة إن الاجتماع المقبل سيعقد في العاصمة بعد أسبوعين، "
            "وإن جدول الأعمال يشمل ملفات الاقتصاد والطاقة والنقل.\n" * 6 + f"المصدر: {link}")
    lib = build_library(tmp_path / "wide.sqlite", articles=[("خبر طويل", text, [])])
    w = make_window(lib)
    w.resize(1100, 700)
    w.show()
    qtbot.waitExposed(w)
    w.open_article(1)
    browser = w.article_view.browser
    for width in (1100, 900, 1300):
        w.resize(width, 700)
        QApplication.processEvents()
        assert browser.document().idealWidth() <= browser.viewport().width() + 8  # the link wrapped
        assert not browser.horizontalScrollBar().isVisible()
    _close_windows(windows)  # before their library
    lib.close()


def test_the_open_article_names_its_outlet_in_the_new_language(make_window, ui_lib):
    with ui_lib.transaction():
        ui_lib.conn.execute("UPDATE articles SET outlet = 'spa' WHERE id = 1")  # a code resources/outlets knows
    w = make_window(ui_lib, "en")
    w.open_article(1)
    assert "SPA" in w.article_view.meta.text()
    w.set_language("ar")
    assert "واس" in w.article_view.meta.text() and "SPA" not in w.article_view.meta.text()
    w.set_language("en")
