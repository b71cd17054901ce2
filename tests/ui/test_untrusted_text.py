"""Article text and search strings are untrusted: markup is shown as text, nothing is fetched,
and any search string gives rows or none."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument, QTextFormat

from reader.core.model import Document, Label, Span
from reader.ui.article_view import ArticleBrowser, ArticleView

_RUNS = os.environ.get("READER_FUZZ")
FUZZ = settings(max_examples=int(_RUNS) if _RUNS else 25, deadline=None, derandomize=not _RUNS,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

MARKUP = ("<script>alert(1)</script>", "<img src='http://evil.example/p.gif'>", "<img src=\"file:///etc/passwd\">",
          "<iframe src='file:///etc/passwd'></iframe>", "<a href='javascript:alert(1)'>x</a>", "<b>", "</p>", "&amp;",
          "&lt;", "<style>*{color:red}</style>", "<link rel=stylesheet href=http://evil.example/s.css>",
          "<table background='http://evil.example/t.png'>", "<!--", "-->", "<![CDATA[", "قال", "الوزير", "قطر", " ",
          "\n", "😀", "\u200f", "<p style=\"background-image:url(http://evil.example/b.png)\">")
texts = st.lists(st.sampled_from(MARKUP), min_size=1, max_size=25).map("".join).filter(lambda t: t.strip())

EXTERNAL = ["http://evil.example/p.gif", "https://evil.example/p.gif", "file:///etc/passwd", "/etc/passwd",
            "qrc:/icons/x.png", "ftp://evil.example/x", "//evil.example/x.png", "x.png", "entity:1:2"]


@pytest.fixture
def fetches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every resource the article browser is asked for, and whether it produced anything."""
    seen: list[str] = []
    original = ArticleBrowser.loadResource

    def spy(self: ArticleBrowser, type: int, url: QUrl | str):  # type: ignore[no-untyped-def]  # noqa: A002
        result = original(self, type, url)
        u = url.toString() if isinstance(url, QUrl) else str(url)
        if result is not None and not u.startswith("data:"):
            seen.append(u)
        return result

    monkeypatch.setattr(ArticleBrowser, "loadResource", spy)
    return seen


@pytest.mark.parametrize("url", EXTERNAL)
def test_the_browser_refuses_every_resource_but_inline_data(qtbot, url: str) -> None:
    browser = ArticleBrowser()
    qtbot.addWidget(browser)
    for kind in (QTextDocument.ResourceType.ImageResource, QTextDocument.ResourceType.StyleSheetResource,
                 QTextDocument.ResourceType.HtmlResource):
        assert browser.loadResource(int(kind.value), QUrl(url)) is None


def test_markup_set_directly_still_fetches_nothing(qtbot, tmp_path, fetches: list[str]) -> None:
    local = tmp_path / "secret.png"
    local.write_bytes(b"\x89PNG\r\n\x1a\n")
    browser = ArticleBrowser()
    qtbot.addWidget(browser)
    browser.setSearchPaths([str(tmp_path)])
    browser.setHtml(f"<img src='{local.as_uri()}'><img src='secret.png'><img src='http://evil.example/x.png'>"
                    "<link rel=stylesheet href='http://evil.example/s.css'>")
    browser.show()
    qtbot.wait(10)
    assert fetches == []


def _spans(text: str) -> list[Span]:
    out, start = [], text.find("قطر")
    while start >= 0:
        out.append(Span(start, start + 3, Label.LOC, "قطر"))
        start = text.find("قطر", start + 3)
    return out


@FUZZ
@given(text=texts)
@example(text="<script>alert(1)</script>قطر<img src='file:///etc/passwd'>\n<b>قطر</b>")
def test_article_text_is_shown_as_text_and_loads_nothing(qtbot, library, fetches: list[str], text: str) -> None:
    with library.transaction():
        aid, _ = library.upsert_document(Document("/fuzz.txt", "<b>عنوان</b><script>x</script>", text, text))
        library.set_model_mentions(aid, _spans(text), "test")
    view = ArticleView(library)
    qtbot.addWidget(view)
    view.show_article(aid)
    shown = view.browser.toPlainText()
    assert "".join(shown.split()) == "".join(text.split())  # every character, as text, in order
    from PySide6.QtGui import QTextDocument

    shown_title = QTextDocument()
    shown_title.setHtml(view.title.text())  # rich text (names coloured), the article's markup escaped
    assert shown_title.toPlainText() == "<b>عنوان</b><script>x</script>"
    doc = view.browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            assert not fmt.isImageFormat()
            assert fmt.objectType() == QTextFormat.ObjectTypes.NoObject
            href = fmt.anchorHref()
            assert not href or href.startswith("entity:"), href
            it += 1
        block = block.next()
    assert fetches == []


SEARCH = ('"', "'", "*", "^", ":", "(", ")", "-", "NEAR(", "AND", "OR", "NOT", "title:", "قطر", "النمروش", " ", "%",
          "_", "\\", "😀", "\u202e", "ـ")


@FUZZ
@given(query=st.lists(st.sampled_from(SEARCH), max_size=10).map("".join) | st.text(max_size=20))
@example(query='"قطر')
@example(query="قطر\"")
def test_any_search_box_text_gives_rows_or_none(make_window, ui_lib, query: str) -> None:
    w = make_window(ui_lib)
    view = w.library_view
    view.search.setText(query)
    view.apply_search()
    model = view.model
    assert model.query == query
    assert 0 <= model.rowCount() <= model.total <= len(ui_lib.article_ids())
    for row in range(model.rowCount()):
        assert model.article_id(row) is not None
    view.entity_search.setText(query)
    view.entity_search.returnPressed.emit()


def test_a_quoted_search_finds_the_article(make_window, ui_lib) -> None:
    w = make_window(ui_lib)
    w.library_view.search.setText('"النمروش')
    w.library_view.apply_search()
    assert w.library_view.model.total == 2
