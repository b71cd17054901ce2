"""Search in the window, driven by real key and mouse events: ranked results with snippets, a
chip for every filter in force, hits highlighted in the article and stepped through with Enter /
Shift+Enter in the search box and F4 / Shift+F4."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui_helpers import build_library, type_text
from reader.core.model import Label
from reader.core.search import hit_ranges
from reader.palette import LABEL_COLOURS
from reader.ui.article_view import HIT_COLOUR
from reader.ui.library_view import SEARCH_DELAY_MS
from reader.ui.models.articles import SNIPPET_ROLE, ArticleListModel
from ui_helpers import doc_text_at

L, O = Label.LOC, Label.ORG
ARTICLES = [
    ("ميليشيات تهاجم المدينة",
     "هاجمت الميليشيات المسلحة المدينة فجر اليوم.\nوقال شهود إن الميليشيات انسحبت لاحقا، ودعت قطر إلى التهدئة.",
     [("قطر", L)]),
    ("تقرير اقتصادي",
     "ذكر التقرير أن الميليشيات أثرت على التجارة في المنطقة.\nونما الاقتصاد في قطر رغم ذلك.",
     [("قطر", L)]),
    ("أخبار الرياضة",
     "فاز الفريق أمس في المباراة النهائية.\nQatar hosted the final in Doha, said the federation.",
     [("Qatar", L)]),
]


@pytest.fixture
def search_lib(tmp_path, windows):  # type: ignore[no-untyped-def]
    from ui_helpers import _close_windows

    lib = build_library(tmp_path / "search.sqlite", ARTICLES)
    yield lib
    _close_windows(windows)
    lib.close()


def search_for(w, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click into the search box, select what it holds, type ``text`` and wait for the debounced search."""
    lv = w.library_view
    qtbot.mouseClick(lv.search, Qt.MouseButton.LeftButton)
    QTest.keyClick(lv.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(lv.search, text)
    assert lv.search.text() == text
    qtbot.waitUntil(lambda: lv.model.query == text, timeout=SEARCH_DELAY_MS + 3000)
    lv.model.fetch_until(0)


def titles(model: ArticleListModel) -> list[str]:
    model.fetch_until(100)
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def shown(make_window, lib, qtbot, lang: str = "en"):  # type: ignore[no-untyped-def]
    w = make_window(lib, lang)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_typed_query_ranks_results_and_sorts_by_date(make_window, search_lib, qtbot):
    w = shown(make_window, search_lib, qtbot)
    lv = w.library_view
    search_for(w, qtbot, "الميليشيات")
    # the title and two body hits outrank one body hit (newest first would put it second)
    assert titles(lv.model) == ["ميليشيات تهاجم المدينة", "تقرير اقتصادي"]
    assert lv.sort_box.isEnabled() and lv.sort_box.currentData() == "rank"
    assert "2 of 3 articles" in lv.count_label.text()
    # each result carries a snippet of its own text with the hits marked
    snip = lv.model.index(0, 0).data(SNIPPET_ROLE)
    assert [snip.text[s:e] for s, e in snip.hits] == ["الميليشيات", "الميليشيات"]
    assert snip.text in lv.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    lv.list.grab()  # the result cards paint (title, outlet and date, snippet)
    assert lv.list.isColumnHidden(ArticleListModel.DATE) and lv.list.isHeaderHidden()
    # Newest first, chosen with the keyboard in the sort box
    lv.sort_box.setFocus()
    QTest.keyClick(lv.sort_box, Qt.Key.Key_Down)
    assert lv.sort_box.currentData() == "date"
    assert titles(lv.model) == ["تقرير اقتصادي", "ميليشيات تهاجم المدينة"]
    # a clitic, a spelling variant, a prefix and a phrase typed as such
    for query, expected in (("وميليشيات", 2), ("مليشيات", 2), ("ميليش*", 2), ('"الميليشيات المسلحة"', 1),
                            ("الميليشيات -قطر", 0), ("Doha OR التجارة", 2), ("NEAR(الميليشيات التجارة, 2)", 1)):
        search_for(w, qtbot, query)
        assert lv.model.total == expected, query
    # clearing the box brings the whole list back, newest first, with its columns
    qtbot.mouseClick(lv.search, Qt.MouseButton.LeftButton)
    QTest.keyClick(lv.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(lv.search, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: lv.model.total == 3, timeout=3000)
    assert not lv.list.isColumnHidden(ArticleListModel.DATE) and not lv.sort_box.isEnabled()
    assert lv.model.index(0, 0).data(SNIPPET_ROLE) is None


def test_every_filter_is_a_removable_chip(make_window, search_lib, qtbot):
    w = shown(make_window, search_lib, qtbot)
    lv = w.library_view
    aid = search_lib.find_article("/data/0.txt").id
    qatar = next(m.entity_id for m in search_lib.mentions(aid) if m.text == "قطر")
    w.open_entity(qatar)
    qtbot.mouseClick(w.entity_panel.filter_button, Qt.MouseButton.LeftButton)
    assert lv.chip.isVisible() and "قطر" in lv.chip.label.text()
    assert lv.model.total == 2
    search_for(w, qtbot, "Doha")  # only in the article that names Qatar in English
    assert lv.model.total == 0
    # nothing is filtered silently: both filters show, and the count says why the list is empty
    assert lv.search_chip.isVisible() and "Doha" in lv.search_chip.label.text()
    assert lv.chip.isVisible()
    assert lv.count_label.text() == "None of 3 articles matches the filters above"
    qtbot.mouseClick(lv.search_chip.close_button, Qt.MouseButton.LeftButton)
    assert lv.search.text() == "" and not lv.search_chip.isVisible()
    assert lv.model.total == 2 and lv.chip.isVisible()
    qtbot.mouseClick(lv.chip.close_button, Qt.MouseButton.LeftButton)
    assert lv.model.total == 3 and not lv.chip.isVisible()
    assert lv.count_label.text() == "3 articles"


def test_hits_are_highlighted_and_stepped_through(make_window, search_lib, qtbot):
    w = shown(make_window, search_lib, qtbot)
    lv, view = w.library_view, w.article_view
    search_for(w, qtbot, "ميليشيات")
    # Enter opens the first result at its first hit
    QTest.keyClick(lv.search, Qt.Key.Key_Return)
    assert view.article is not None and view.article.title == "ميليشيات تهاجم المدينة"
    text = view.article.text
    assert view.hits == hit_ranges(text, "ميليشيات") and [text[s:e] for s, e in view.hits] == ["الميليشيات"] * 2
    # every hit is an extra selection in the hit colour, unlike any entity colour
    assert HIT_COLOUR not in LABEL_COLOURS.values()
    extra = view.browser.extraSelections()
    coloured = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in extra
                if s.format.background().color().name() == HIT_COLOUR]
    assert coloured == view.hit_selections() and len(coloured) == 2
    assert [doc_text_at(view, a, b) for a, b in coloured] == ["الميليشيات"] * 2

    def current() -> tuple[int, int]:
        c = view.browser.textCursor()
        return c.selectionStart(), c.selectionEnd()

    assert current() == coloured[0] and view.hit_label.text() == "Hit 1 of 2"
    QTest.keyClick(lv.search, Qt.Key.Key_Return)  # Enter again: the next hit
    assert current() == coloured[1] and view.hit_label.text() == "Hit 2 of 2"
    QTest.keyClick(lv.search, Qt.Key.Key_Return)  # wraps around
    assert current() == coloured[0]
    QTest.keyClick(lv.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # Shift+Enter: back
    assert current() == coloured[1]
    # F4 / Shift+F4 from the article
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    view.browser.setFocus()
    QTest.keyClick(view.browser, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: current() == coloured[0], timeout=3000)
    QTest.keyClick(view.browser, Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: current() == coloured[1], timeout=3000)
    # F3 still steps through mentions
    QTest.keyClick(view.browser, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: doc_text_at(view, *current()) == "قطر", timeout=3000)
    # a flash of the paragraph keeps the hits, and they stay after it
    m = next(m for m in view.mentions if m.text == "قطر")
    view.select_mention(m.id, flash=True)
    assert view.hit_selections() == coloured
    view._end_flash()
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.browser.extraSelections()] == coloured
    # another result opened from the list (a click) shows its own hits
    lv.model.fetch_until(1)
    rect = lv.list.visualRect(lv.model.index(1, 0))
    qtbot.mouseClick(lv.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.article.title == "تقرير اقتصادي" and len(view.hits) == 1
    # no search: no highlights, no hit bar
    lv.clear_search()
    assert view.hits == [] and view.browser.extraSelections() == [] and not view.hit_label.isVisible()
    assert not view.step_hit(True)


def test_hits_stay_highlighted_when_a_type_is_hidden(make_window, search_lib, qtbot):
    w = shown(make_window, search_lib, qtbot)
    search_for(w, qtbot, "قطر")
    QTest.keyClick(w.library_view.search, Qt.Key.Key_Return)
    view = w.article_view
    before = view.hit_selections()
    assert before
    qtbot.mouseClick(view.legend_buttons[Label.LOC], Qt.MouseButton.LeftButton)  # hide places: re-rendered
    assert view.hit_selections() == before and view.browser.extraSelections()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_search_help_explains_the_syntax(make_window, search_lib, qtbot, qtlog, lang):
    w = shown(make_window, search_lib, qtbot, lang)
    lv = w.library_view
    assert "NEAR" in lv.search.toolTip()
    with qtlog.disabled():  # the offscreen platform warns that a popup cannot grab the keyboard
        qtbot.mouseClick(lv.help_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lv.search_help.isVisible, timeout=3000)
        text = lv.search_help.text()
        lv.search_help.hide()
    assert "NEAR(الوزير السفير" in text and "-الحوثي" in text and "OR" in text
    if lang == "ar":
        assert "العبارة بعينها" in text and lv.search.placeholderText() == "ابحث في المقالات…"
        assert [lv.sort_box.itemText(i) for i in range(3)] == ["الأكثر صلة", "الأحدث", "المصدر"]
        search_for(w, qtbot, "الميليشيات")
        assert lv.search_chip.label.text().startswith("بحث: ")
        assert lv.count_label.text() == "2 من 3 مقالات"  # CLDR plural: 3 takes the few form
    else:
        assert "the exact phrase" in text


def test_search_model_passes_modeltester(qtmodeltester, search_lib):
    model = ArticleListModel(search_lib, page_size=1, query="الميليشيات OR قطر")
    qtmodeltester.check(model)
    assert model.total == 2 and model.score(model.article_id(0)) is not None
    date_model = ArticleListModel(search_lib, page_size=1, query="الميليشيات", order="date")
    qtmodeltester.check(date_model)


def test_the_hit_counter_never_squeezes_the_panes_beside_the_article(make_window, search_lib, qtbot):
    w = make_window(search_lib)
    w.resize(1280, 820)
    w.show()
    qtbot.waitExposed(w)
    w.open_article(search_lib.article_ids()[0])
    before = w.article_view.minimumSizeHint().width()
    w.article_view.hit_label.setText("No search hits in this article")  # the longest it says
    w.article_view.hit_label.show()
    # it gives way where there is no room (its tooltip says it in full), the docks keep theirs
    assert w.article_view.minimumSizeHint().width() <= before + 10
