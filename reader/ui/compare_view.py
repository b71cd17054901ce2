"""Two versions of one story side by side, the words each has that the other lacks marked.

Opened from the library list (a grouped row's "also in N outlets" chip, or its context menu).
The two panes are right-to-left when their text is Arabic, in the interface's reading order (the
article compared from comes first). Differences are word-level (``difflib`` over normalised word
tokens, :func:`reader.core.duplicates.word_diff`): a hamza or a diacritic is no difference.
Article text is data, never markup: it is escaped before it becomes rich text, and the panes
never load a resource.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollBar, QSplitter, QVBoxLayout, QWidget

from reader.core.arabic import is_arabic
from reader.core.duplicates import shared_share, word_diff
from reader.core.store import ArticleRecord, Library
from reader.ui.article_view import ARTICLE_FONT, ArticleBrowser
from reader.ui import i18n
from reader.ui.i18n import isolate, tr

# Words only one version has: a light rose on the article compared from, a light green on the
# other (unlike the entity colours and the search-hit yellow), with dark text in either theme.
ONLY_HERE = ("#ffd2cc", "#c9f0c9")
COMPARE_POINT_SIZE = 14.0


def diff_html(text: str, spans: list[tuple[int, int, bool]], colour: str) -> str:
    """``text`` as escaped rich text, one paragraph a line, the words not ``same`` marked."""
    rtl = is_arabic(text)
    direction, align = ("rtl", "right") if rtl else ("ltr", "left")
    marks = iter(s for s in spans if not s[2])
    mark = next(marks, None)
    out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        parts, at = [], pos
        while mark is not None and mark[0] < end:
            s, e = max(mark[0], at), min(mark[1], end)
            parts.append(html.escape(text[at:s]))
            parts.append(f'<span style="background-color:{colour}; color:#000000;">{html.escape(text[s:e])}</span>')
            at = e
            if mark[1] <= end:
                mark = next(marks, None)
            else:
                break  # a word across a line break (cannot happen with word tokens): continue next line
        parts.append(html.escape(text[at:end]))
        body = "".join(parts).strip()
        if body:
            out.append(f'<p dir="{direction}" align="{align}">{body}</p>')
        pos = end + 1
    return "\n".join(out)


class ComparePane(QWidget):
    """One version: its title, outlet and date, and its text with the differing words marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        bold = QFont(ARTICLE_FONT)
        bold.setPointSizeF(COMPARE_POINT_SIZE + 2)
        bold.setBold(True)
        self.title.setFont(bold)
        self.meta = QLabel(self)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setStyleSheet("color: palette(placeholder-text);")
        self.share = QLabel(self)
        self.share.setTextFormat(Qt.TextFormat.PlainText)
        self.browser = ArticleBrowser(self)
        body = QFont(ARTICLE_FONT)
        body.setPointSizeF(COMPARE_POINT_SIZE)
        self.browser.document().setDefaultFont(body)
        self.header = QHBoxLayout()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(self.header)
        lay.addWidget(self.title)
        lay.addWidget(self.meta)
        lay.addWidget(self.share)
        lay.addWidget(self.browser, 1)
        self.article: ArticleRecord | None = None

    def show_article(self, article: ArticleRecord, spans: list[tuple[int, int, bool]], colour: str) -> None:
        self.article = article
        rtl = is_arabic(article.title or article.text)
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        for label in (self.title, self.meta, self.share):
            label.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
            label.setAlignment(Qt.AlignmentFlag.AlignAbsolute | side)
        self.title.setText(article.title or article.source.rsplit("/", 1)[-1])
        self.meta.setText("  ·  ".join(isolate(x) for x in (i18n.outlet(article.outlet), article.date[:10]) if x)
                          or isolate(article.source.rsplit("/", 1)[-1]))
        self.browser.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_arabic(article.text) else Qt.LayoutDirection.LeftToRight)
        self.browser.setHtml(diff_html(article.text, spans, colour))
        self.share.setText(tr("{p}% of its words are in the other version", p=round(100 * shared_share(spans))))
        self.share.setStyleSheet(f"background-color:{colour}; color:#000000; padding: 1px 4px;")


class CompareView(QWidget):
    """A window comparing an article with another version of its story (chosen in a list of the
    group's versions). Esc closes it; the two texts scroll together."""

    def __init__(self, lib: Library, article_id: int, other_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("compareView")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.lib = lib
        self.article_id = article_id
        self.other_id = other_id
        self.left = ComparePane(self)
        self.right = ComparePane(self)
        self.versions = QComboBox(self)
        self.versions.setObjectName("compareVersions")
        self.versions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.versions.setMinimumContentsLength(24)
        self.versions.currentIndexChanged.connect(self._version_chosen)
        self.versions_label = QLabel(self)
        self.right.header.addWidget(self.versions_label)
        self.right.header.addWidget(self.versions, 1)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.left)
        splitter.addWidget(self.right)
        splitter.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.legend)
        lay.addWidget(splitter, 1)
        self._syncing = False
        for a, b in ((self.left, self.right), (self.right, self.left)):
            a.browser.verticalScrollBar().valueChanged.connect(
                lambda _v, a=a, b=b: self._sync(a.browser.verticalScrollBar(), b.browser.verticalScrollBar()))
        self.resize(1100, 720)
        self.retranslate()
        self._fill_versions()
        self.show_pair(article_id, other_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # from either pane or the list of versions (it ignores Esc when closed)
            self.close()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.setLayoutDirection(QApplication.layoutDirection())
        self.setWindowTitle(tr("Compare versions"))
        self.versions_label.setText(tr("Compare with:"))
        self.legend.setText(tr("Words that only one of the two versions has are marked; hamza forms, alef maqsura, teh marbuta and diacritics are no difference."))

    def _fill_versions(self) -> None:
        self.versions.blockSignals(True)
        self.versions.clear()
        for v in self.lib.duplicate_versions(self.article_id):  # each part isolated: mixed directions keep their order
            self.versions.addItem("  ·  ".join(isolate(x) for x in (
                i18n.outlet(v.outlet), v.date[:10], tr("{p}% in common", p=round(100 * v.similarity)), v.title) if x), v.id)
        if self.versions.findData(self.other_id) < 0:  # not grouped (any more): still comparable
            other = self.lib.article(self.other_id)
            self.versions.addItem("  ·  ".join(isolate(x) for x in (i18n.outlet(other.outlet), other.date[:10], other.title) if x), other.id)
        self.versions.setCurrentIndex(max(0, self.versions.findData(self.other_id)))
        self.versions.blockSignals(False)

    def _version_chosen(self) -> None:
        other = self.versions.currentData()
        if other is not None and other != self.other_id:
            self.show_pair(self.article_id, int(other))

    def show_pair(self, article_id: int, other_id: int) -> None:
        a, b = self.lib.article(article_id), self.lib.article(other_id)
        self.article_id, self.other_id = article_id, other_id
        left, right = word_diff(a.text, b.text)
        self.left.show_article(a, left, ONLY_HERE[0])
        self.right.show_article(b, right, ONLY_HERE[1])
        self.left_spans, self.right_spans = left, right

    def differing_words(self) -> tuple[list[str], list[str]]:
        """The words marked in each pane (what the panes show; tests read them)."""
        assert self.left.article is not None and self.right.article is not None
        return ([self.left.article.text[s:e] for s, e, same in self.left_spans if not same],
                [self.right.article.text[s:e] for s, e, same in self.right_spans if not same])

    def _sync(self, source: QScrollBar, target: QScrollBar) -> None:
        if self._syncing or source.maximum() <= 0:
            return
        self._syncing = True
        try:
            target.setValue(round(target.maximum() * source.value() / source.maximum()))
        finally:
            self._syncing = False
