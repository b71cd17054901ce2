"""The library pane: search (with its syntax help and sort order), a chip for every filter in
force, the article list (with search snippets); and a list of entities.

Keys in the search box: Enter runs the search at once and goes to the next hit: in the open
article if it has hits, else it opens the first result; Shift+Enter goes to the previous hit.
F4 / Shift+F4 (``reader.ui.article_view``) step through the hits from anywhere in the window.
"""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
import shiboken6

from reader.core import search as core_search
from reader.core.arabic import is_arabic
from reader.core.model import Label
from reader.core.store import Library
from reader.ui import icons
from reader.ui.article_view import HIT_COLOUR, ArticleView
from reader.ui import i18n
from reader.ui.i18n import counted, isolate, label_name, number, tr
from reader.ui.models.articles import (
    HAS_SNIPPET_ROLE,
    ID_ROLE,
    SNIPPET_ROLE,
    SUMMARY_ROLE,
    VERSIONS_ROLE,
    VERSIONS_TEXT_ROLE,
    ArticleListModel,
)
from reader.ui.models.entities import ID_ROLE as ENTITY_ID_ROLE
from reader.ui.models.entities import EntityListModel
from reader.ui.ops import Changes

SEARCH_DELAY_MS = 250
REFETCH_ROWS = 200  # LibraryView.refresh looks this far past the current row for the open article
SNIPPET_LINES = 2


class TextDirectionDelegate(QStyledItemDelegate):
    """Lays each cell out in its own text's direction: an Arabic title in an English UI is
    right-aligned and elided at its end (its left), not cut in the middle of a word on the right."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if option.text:
            option.direction = Qt.LayoutDirection.RightToLeft if is_arabic(option.text) else Qt.LayoutDirection.LeftToRight


class SnippetDelegate(TextDirectionDelegate):
    """A search result as a card across the list's width: its title, outlet and date, and its
    snippet (hits highlighted as in the article); a plain title cell without a search.

    A row whose story other outlets carry too (``VERSIONS_TEXT_ROLE``) has a chip saying so
    ("also in 2 other outlets") on the side its title ends on; a click on it asks for the other
    versions (``versionsClicked``).
    """

    versionsClicked = Signal(QModelIndex)

    @staticmethod
    def chip_font(option: QStyleOptionViewItem) -> QFont:
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        return small

    def chip_text(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> str:
        """The chip's words ("also in 2 other outlets"), or only "+2" where the column is too
        narrow for them beside the title (the row's tooltip says them then); "" for no group."""
        text = str(index.data(VERSIONS_TEXT_ROLE) or "")
        if text and QFontMetrics(self.chip_font(option)).horizontalAdvance(text) + 14 > option.rect.width() * 0.45:
            versions, outlets = index.data(VERSIONS_ROLE) or (0, 0)
            return f"+{outlets or versions}"
        return text

    def chip_rect(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QRect | None:
        """Where a grouped row's chip is drawn (and clicked), or None for a row in no group."""
        text = self.chip_text(option, index)
        if not text:
            return None
        metrics = QFontMetrics(self.chip_font(option))
        width = max(metrics.horizontalAdvance(text) + 14, metrics.height() + 8)
        height = metrics.height() + 2
        rect = option.rect.adjusted(6, 3, -6, -3)
        if index.data(HAS_SNIPPET_ROLE):  # a card: on its outlet-and-date line, across from them
            top = rect.top() + QFontMetrics(self._fonts(option)[0]).lineSpacing()
            on_left = _rtl_line(_meta(index.data(SUMMARY_ROLE)))
        else:  # the side the title ends on
            top = rect.top() + (rect.height() - height) // 2
            on_left = is_arabic(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        return QRect(rect.left() if on_left else rect.right() - width + 1, top, width, height)

    def _paint_chip(self, painter: QPainter, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> None:
        rect = self.chip_rect(option, index)
        if rect is None:
            return
        text = self.chip_text(option, index)
        font = self.chip_font(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(option.palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), rect.height() / 2, rect.height() / 2)
        painter.setFont(font)
        painter.setPen(option.palette.color(QPalette.ColorRole.Link))
        rtl = is_arabic(text)
        painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        painter.drawText(rect.adjusted(6, 0, -6, 0), int(Qt.AlignmentFlag.AlignCenter),
                         QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 12))
        painter.restore()

    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick) \
                and isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton:
            rect = self.chip_rect(option, index)
            if rect is not None and rect.contains(event.position().toPoint()):
                if event.type() == QEvent.Type.MouseButtonRelease:
                    self.versionsClicked.emit(QModelIndex(index))
                return True  # the chip's click is its own: the row is not opened
        return super().editorEvent(event, model, option, index)

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(HAS_SNIPPET_ROLE):
            title, small = self._fonts(option)
            size.setHeight(QFontMetrics(title).lineSpacing() + (1 + SNIPPET_LINES) * QFontMetrics(small).lineSpacing() + 10)
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.data(HAS_SNIPPET_ROLE):
            chip = self.chip_rect(option, index)
            if chip is None:
                super().paint(painter, option, index)
                return
            opt = QStyleOptionViewItem(option)  # the title elided short of the chip
            self.initStyleOption(opt, index)
            widget = opt.widget
            style = widget.style() if widget is not None else QApplication.style()
            text, opt.text = opt.text, ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
            room = opt.rect.adjusted(4, 0, -4, 0)
            if chip.left() <= room.left() + 6:
                room.setLeft(chip.right() + 6)
            else:
                room.setRight(chip.left() - 6)
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            painter.save()
            painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
            painter.setLayoutDirection(opt.direction)
            side = Qt.AlignmentFlag.AlignRight if opt.direction == Qt.LayoutDirection.RightToLeft else Qt.AlignmentFlag.AlignLeft
            painter.drawText(room, int(Qt.AlignmentFlag.AlignAbsolute | side | Qt.AlignmentFlag.AlignVCenter),
                             opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, room.width()))
            painter.restore()
            self._paint_chip(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text_colour = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlphaF(0.7)
        title_font, small = self._fonts(opt)
        rect = opt.rect.adjusted(6, 3, -6, -3)
        y = rect.top()
        painter.save()
        # each line in its own text's direction, whatever the UI's
        meta = _meta(index.data(SUMMARY_ROLE))
        for text, font, colour in ((title, title_font, text_colour), (meta, small, muted)):
            metrics = QFontMetrics(font)
            line = QRect(rect.left(), y, rect.width(), metrics.lineSpacing())
            y += metrics.lineSpacing()
            if not text:
                continue
            rtl = _rtl_line(text)
            align = Qt.AlignmentFlag.AlignAbsolute | (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            painter.setFont(font)
            painter.setPen(colour)
            painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
            painter.drawText(line, int(align | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, line.width()))
        snip = index.data(SNIPPET_ROLE)
        if snip is not None and snip.text:
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(small)
            text_option = QTextOption()
            text_option.setTextDirection(Qt.LayoutDirection.RightToLeft if is_arabic(snip.text) else Qt.LayoutDirection.LeftToRight)
            text_option.setAlignment(Qt.AlignmentFlag.AlignAbsolute | (
                Qt.AlignmentFlag.AlignRight if is_arabic(snip.text) else Qt.AlignmentFlag.AlignLeft))
            text_option.setWrapMode(QTextOption.WrapMode.WordWrap)
            doc.setDefaultTextOption(text_option)
            doc.setHtml(snippet_html(snip))
            doc.setTextWidth(rect.width())
            doc.size()  # lays the document out (it does so lazily): its lines are counted below
            layout = doc.firstBlock().layout()
            if layout is not None and layout.lineCount() > SNIPPET_LINES:
                # what fits in SNIPPET_LINES lines, cut at a word, with "…" (a third line would
                # show the top of its highlights under the clip)
                line = layout.lineAt(SNIPPET_LINES - 1)
                full, end = snip, line.textStart() + line.textLength()
                for _ in range(30):
                    end = full.text.rfind(" ", 0, end)
                    if end <= 0:
                        break
                    snip = core_search.Snippet(full.text[:end].rstrip(" …") + " …",
                                               tuple((a, min(b, end)) for a, b in full.hits if a < end))
                    doc.setHtml(snippet_html(snip))
                    doc.size()
                    layout = doc.firstBlock().layout()
                    if layout is None or layout.lineCount() <= SNIPPET_LINES:
                        break
            height = rect.bottom() - y + 1
            painter.translate(rect.left(), y)
            clip = QRect(0, 0, rect.width(), height)
            painter.setClipRect(clip)
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.palette.setColor(QPalette.ColorRole.Text, text_colour)
            ctx.clip = clip.toRectF()
            doc.documentLayout().draw(painter, ctx)
        painter.restore()
        self._paint_chip(painter, option, index)


def _meta(summary: Any) -> str:
    """A card's second line: outlet and date, or the file it came from when it names neither."""
    if summary is None:
        return ""
    return "  ·  ".join(isolate(x) for x in (i18n.outlet(summary.outlet), summary.date[:10]) if x) \
        or isolate(summary.source.rsplit("/", 1)[-1])


def _rtl_line(text: str) -> bool:
    """Whether a card's line is laid out right to left: Arabic, or mixed text in an Arabic UI."""
    return is_arabic(text) or (not text.isascii() and QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft)


def snippet_html(snip: core_search.Snippet) -> str:
    """A snippet as rich text: one paragraph in its text's direction (QTextDocument lays out an
    HTML paragraph without ``dir`` left to right), escaped, its hits in the article view's hit colour."""
    direction = "rtl" if is_arabic(snip.text) else "ltr"
    out, pos = [f'<p dir="{direction}" align="{"right" if direction == "rtl" else "left"}">'], 0
    for s, e in snip.hits:
        out.append(html.escape(snip.text[pos:s]))
        out.append(f'<span style="background-color:{HIT_COLOUR}; color:#000000;">{html.escape(snip.text[s:e])}</span>')
        pos = e
    out.append(html.escape(snip.text[pos:]) + "</p>")
    return "".join(out)


class SearchBox(QLineEdit):
    """The search field: Enter / Shift+Enter ask for the next / previous hit (``stepRequested``)."""

    stepRequested = Signal(bool)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.stepRequested.emit(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            event.accept()
            return
        super().keyPressEvent(event)


class SearchHelp(QFrame):
    """The search syntax, in the UI language: a popup under the search box's help button.

    Each example is a plain label laid out in the interface's direction, as the search box shows
    what is typed in it; the grid mirrors with the interface."""

    EXAMPLES = (
        ("الحكومة البرلمان",),
        ('"وقف إطلاق النار"', "«وقف إطلاق النار»"),
        ("مفاوض*",),
        ("قطر OR تركيا",),
        ("اليمن -الحوثي", "اليمن NOT الحوثي"),
        ("NEAR(الوزير السفير)", "NEAR(الوزير السفير, 5)"),
        ("(قطر OR تركيا) الوساطة",),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("searchHelp")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(self)
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        self.descriptions: list[QLabel] = []
        self.examples: list[QLabel] = []
        for row, examples in enumerate(self.EXAMPLES):
            cell = QVBoxLayout()
            cell.setSpacing(0)
            for example in examples:
                if example[0].isascii():  # a mark before ) and , keeps them with NEAR( in a
                    example = example.replace(")", "\u200e)").replace(",", "\u200e,")  # left-to-right UI
                label = QLabel(example, self)
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setFont(bold)
                cell.addWidget(label)
                self.examples.append(label)
            cell.addStretch(1)
            grid.addLayout(cell, row, 0)
            what = QLabel(self)
            what.setTextFormat(Qt.TextFormat.PlainText)
            what.setWordWrap(True)
            what.setMinimumWidth(260)
            grid.addWidget(what, row, 1, Qt.AlignmentFlag.AlignTop)
            self.descriptions.append(what)
        grid.setColumnStretch(1, 1)
        self.notes = QLabel(self)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.addWidget(self.heading)
        lay.addLayout(grid)
        lay.addWidget(self.notes)
        self.setMaximumWidth(560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setLayoutDirection(QApplication.layoutDirection())
        self.heading.setText(tr("Search syntax"))
        texts = (
            tr("articles with both words, in any form: clitics (و، ب، ل، ال…), hamza, ى/ي, ة/ه and diacritics do not matter"),
            tr("the exact phrase, words in this order"),
            tr("words starting so (at least three letters before *)"),
            tr("either word (أو works too)"),
            tr("leave out articles with this word"),
            tr("both words within 10 (or 5) words of each other"),
            tr("parentheses group"),
        )
        for label, text in zip(self.descriptions, texts):
            label.setText(text)
        side = Qt.AlignmentFlag.AlignRight if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else Qt.AlignmentFlag.AlignLeft
        for label in self.examples:
            label.setAlignment(Qt.AlignmentFlag.AlignAbsolute | side | Qt.AlignmentFlag.AlignVCenter)
        self.notes.setText(tr("Long words also find their common spellings (مليشيات finds ميليشيات), listed after the exact form.")
                           + "\n" + tr("Enter: next hit in the article (Shift+Enter: previous); F4 / Shift+F4 from anywhere."))

    def text(self) -> str:
        """Everything the popup says (for tests)."""
        return "\n".join(w.text() for w in self.findChildren(QLabel))


class ElidedLabel(QLabel):
    """A one-line label that shrinks with its container, eliding its text (the whole text in its tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumWidth(24)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        """The whole text, not the elided one shown."""
        return self._full

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4, super().sizeHint().height())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width())))


class FilterChip(QFrame):
    """A filter in force ("only articles mentioning X", the search) with a button that removes it."""

    removed = Signal()

    def __init__(self, parent: QWidget | None = None, icon_name: str = icons.FILTER) -> None:
        super().__init__(parent)
        self.setObjectName("filterChip")
        self.setStyleSheet("#filterChip { border: 1px solid palette(mid); border-radius: 10px; background: palette(alternate-base); }")
        self.label = ElidedLabel(self)
        self.icon = QLabel(self)
        self.icon.setPixmap(icons.icon(icon_name).pixmap(14, 14))
        self.close_button = QToolButton(self)
        self.close_button.setIcon(icons.icon(icons.CLOSE))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.removed)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 1, 2, 1)
        lay.addWidget(self.icon)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.close_button)


class VersionsPopup(QFrame):
    """The other versions of a grouped article's story, each with its outlet, date, title and the
    share of text in common, and buttons that open it or compare it with the article side by side."""

    openRequested = Signal(int)
    compareRequested = Signal(int, int)  # the article, the other version

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("versionsPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(self)
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.addWidget(self.heading)
        lay.addWidget(self.scroll, 1)
        self.article_id: int | None = None
        self.open_buttons: dict[int, QToolButton] = {}
        self.compare_buttons: dict[int, QToolButton] = {}

    def show_versions(self, lib: Library, article_id: int, anchor: QPoint) -> bool:
        """Fill the list for ``article_id`` and show it below ``anchor`` (global), on its start
        side; False (nothing shown) for an article in no group."""
        versions = lib.duplicate_versions(article_id)
        if not versions:
            return False
        self.article_id = article_id
        self.setLayoutDirection(QApplication.layoutDirection())
        self.heading.setText(tr("The same story elsewhere ({n})", n=number(len(versions))))
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.open_buttons, self.compare_buttons = {}, {}
        for row, v in enumerate(versions):
            title = v.title or v.source.rsplit("/", 1)[-1]
            side = Qt.AlignmentFlag.AlignRight if is_arabic(title) else Qt.AlignmentFlag.AlignLeft
            cell = QVBoxLayout()
            cell.setSpacing(0)
            # the title in its own direction; outlet, date and share in the interface's, on the
            # title's side (each part isolated, so a Latin outlet and "96%" keep their order)
            for n, line in enumerate((title, "  ·  ".join(isolate(x) for x in (
                    i18n.outlet(v.outlet), v.date[:10], tr("{p}% in common", p=round(100 * v.similarity))) if x))):
                text = QLabel(line, body)
                text.setTextFormat(Qt.TextFormat.PlainText)
                text.setWordWrap(True)
                text.setMinimumWidth(320)
                if n == 0:
                    text.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_arabic(title) else Qt.LayoutDirection.LeftToRight)
                else:
                    text.setStyleSheet("color: palette(placeholder-text);")
                text.setAlignment(Qt.AlignmentFlag.AlignAbsolute | side)
                text.setToolTip(v.source)
                cell.addWidget(text)
            grid.addLayout(cell, row, 0)
            open_button = QToolButton(body)
            open_button.setText(tr("Open"))
            open_button.setIcon(icons.icon(icons.ARTICLE))
            open_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            open_button.setToolTip(tr("Open this version in the reader"))
            open_button.clicked.connect(lambda _=False, vid=v.id: self._open(vid))
            compare = QToolButton(body)
            compare.setText(tr("Compare"))
            compare.setToolTip(tr("Show the two versions side by side, the differing words marked"))
            compare.clicked.connect(lambda _=False, vid=v.id: self._compare(vid))
            grid.addWidget(open_button, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(compare, row, 2, Qt.AlignmentFlag.AlignTop)
            self.open_buttons[v.id], self.compare_buttons[v.id] = open_button, compare
        grid.setColumnStretch(0, 1)
        self.scroll.setWidget(body)
        body.adjustSize()
        screen = self.screen().availableGeometry() if self.screen() is not None else QRect(0, 0, 1200, 900)
        height = min(body.sizeHint().height() + 4, max(160, screen.height() // 2))
        self.scroll.setMinimumHeight(height)
        self.setFixedWidth(min(560, screen.width()))
        self.adjustSize()
        size = self.size()
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        x = anchor.x() - size.width() if rtl else anchor.x()
        x = max(screen.left(), min(x, screen.right() - size.width()))
        y = max(screen.top(), min(anchor.y(), screen.bottom() - size.height()))
        self.move(x, y)
        self.show()
        self.compare_buttons[versions[0].id].setFocus(Qt.FocusReason.PopupFocusReason)
        return True

    def _open(self, version_id: int) -> None:
        self.hide()
        self.openRequested.emit(version_id)

    def _compare(self, version_id: int) -> None:
        self.hide()
        if self.article_id is not None:
            self.compareRequested.emit(self.article_id, version_id)


class LibraryView(QWidget):
    articleActivated = Signal(int)
    entityActivated = Signal(int)
    countChanged = Signal()
    searchChanged = Signal(str)  # the search in force ("" when none), once applied

    def __init__(self, lib: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self._entity_name = ""
        self._quiet = False  # selecting programmatically: do not re-open the article
        self._article_view: ArticleView | None = None

        # -- articles --
        self.search = SearchBox(self)
        self.search.setObjectName("librarySearch")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon(icons.SEARCH), QLineEdit.ActionPosition.LeadingPosition)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.stepRequested.connect(self.step_hit)
        self.help_button = QToolButton(self)
        self.help_button.setObjectName("searchHelpButton")
        self.help_button.setIcon(icons.icon(icons.ABOUT))
        self.help_button.setAutoRaise(True)
        self.help_button.clicked.connect(self.show_search_help)
        self.search_help = SearchHelp(self)
        self.sort_box = QComboBox(self)
        self.sort_box.setObjectName("searchSort")
        self.sort_box.currentIndexChanged.connect(self._sort_changed)

        self.search_chip = FilterChip(self, icons.SEARCH)
        self.search_chip.removed.connect(self.clear_search)
        self.search_chip.hide()
        self.chip = FilterChip(self)
        self.chip.removed.connect(self.clear_entity_filter)
        self.chip.hide()

        self.model = ArticleListModel(lib, parent=self)
        self.list = QTreeView(self)
        self.list.setModel(self.model)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setAllColumnsShowFocus(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ArticleListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (ArticleListModel.OUTLET, ArticleListModel.DATE, ArticleListModel.ENTITIES):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        # the title takes what the others leave, elided; nothing scrolls sideways (the columns
        # always fit: the title gives way)
        header.setMinimumSectionSize(32)
        header.resizeSection(ArticleListModel.OUTLET, 84)
        header.resizeSection(ArticleListModel.DATE, 80)
        header.resizeSection(ArticleListModel.ENTITIES, 56)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.direction_delegate = TextDirectionDelegate(self)
        self.snippet_delegate = SnippetDelegate(self)
        self.list.setItemDelegateForColumn(ArticleListModel.TITLE, self.snippet_delegate)
        self.list.setItemDelegateForColumn(ArticleListModel.OUTLET, self.direction_delegate)
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        self.list.activated.connect(self._activated)
        # the same story from several outlets: a grouped row's chip (or its context menu) lists the
        # other versions; a version opens here or beside the article in a comparison window
        self.versions_popup = VersionsPopup(self)
        self.versions_popup.openRequested.connect(self.open_version)
        self.versions_popup.compareRequested.connect(self.compare_versions)
        self.snippet_delegate.versionsClicked.connect(self._versions_clicked)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._list_menu)
        self.compare_view: QWidget | None = None
        self._grouping: object = None
        self.model.modelReset.connect(self.countChanged)
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.countChanged.connect(self._update_count)

        articles = QWidget(self)
        lay = QVBoxLayout(articles)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        search_row = QHBoxLayout()
        search_row.setSpacing(2)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.help_button)
        search_row.addWidget(self.sort_box)
        lay.addLayout(search_row)
        chips = QHBoxLayout()
        chips.setSpacing(4)
        chips.addWidget(self.search_chip, 1)
        chips.addWidget(self.chip, 1)
        lay.addLayout(chips)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.count_label)

        # -- entities --
        self.entity_search = QLineEdit(self)
        self.entity_search.setClearButtonEnabled(True)
        self.entity_search.addAction(icons.icon(icons.SEARCH), QLineEdit.ActionPosition.LeadingPosition)
        self.entity_type = QComboBox(self)
        self._entity_timer = QTimer(self)
        self._entity_timer.setSingleShot(True)
        self._entity_timer.setInterval(SEARCH_DELAY_MS)
        self._entity_timer.timeout.connect(self._apply_entity_filter)
        self.entity_search.textChanged.connect(self._entity_timer.start)
        self.entity_type.currentIndexChanged.connect(self._apply_entity_filter)
        self.entity_model = EntityListModel(lib, parent=self)
        self.entity_list = QListView(self)
        self.entity_list.setModel(self.entity_model)
        self.entity_list.setUniformItemSizes(True)
        self.entity_list.setItemDelegate(self.direction_delegate)
        # several entities can be selected, to merge them (Edit › Merge selected entities)
        self.entity_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.entity_list.activated.connect(self._entity_activated)
        self.entity_list.clicked.connect(self._entity_activated)
        entities = QWidget(self)
        elay = QVBoxLayout(entities)
        elay.setContentsMargins(0, 0, 0, 0)
        erow = QHBoxLayout()
        erow.addWidget(self.entity_search, 1)
        erow.addWidget(self.entity_type)
        elay.addLayout(erow)
        elay.addWidget(self.entity_list, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(articles, icons.icon(icons.ARTICLE), "")
        self.tabs.addTab(entities, icons.icon(icons.ENTITY), "")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.tabs)
        self.retranslate()
        self._search_layout()
        self._update_count()

    def selected_entity_ids(self) -> list[int]:
        """Entities selected in the entity list, in list order."""
        rows = sorted(i.row() for i in self.entity_list.selectionModel().selectedIndexes())
        ids = [self.entity_model.index(r, 0).data(ENTITY_ID_ROLE) for r in rows]
        return [int(i) for i in ids if i is not None]

    def retranslate(self) -> None:
        self.search.setPlaceholderText(tr("Search articles…"))
        self.search.setToolTip(tr("Search articles: words, “phrases”, prefix*, OR, -word, NEAR(a b). The ⓘ button explains the syntax."))
        self.help_button.setToolTip(tr("Search syntax"))
        self.search_help.retranslate()
        self.search_chip.close_button.setToolTip(tr("Clear the search"))
        self._update_search_chip()
        sort = self.model.order
        self.sort_box.blockSignals(True)
        self.sort_box.clear()
        for value, text in (("rank", tr("Relevance")), ("date", tr("Newest")), ("outlet", tr("Outlet"))):
            self.sort_box.addItem(text, value)
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(sort)))
        self.sort_box.blockSignals(False)
        self.sort_box.setToolTip(tr("Order of the search results"))
        self.entity_search.setPlaceholderText(tr("Search"))
        self.tabs.setTabText(0, tr("Library"))
        self.tabs.setTabText(1, tr("Entities"))
        self.chip.close_button.setToolTip(tr("Remove filter"))
        if self._entity_name:
            self.chip.label.setText(tr("Only articles mentioning: {name}", name=self._entity_name))
        current = self.entity_type.currentIndex()
        self.entity_type.blockSignals(True)
        self.entity_type.clear()
        self.entity_type.addItem(tr("All types"), None)
        for label in Label:
            self.entity_type.addItem(icons.label_icon(label), label_name(label), label.value)
        self.entity_type.setCurrentIndex(max(0, current))
        self.entity_type.blockSignals(False)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.list.viewport().update()  # the rows' "also in N outlets" chips
        if self.compare_view is not None and shiboken6.isValid(self.compare_view):
            self.compare_view.retranslate()  # type: ignore[attr-defined]
        self._update_count()

    # -- filters ---------------------------------------------------------------------------
    def apply_search(self) -> bool:
        """Search for what the box holds now (the debounce timer calls this). Whether it changed."""
        self._search_timer.stop()
        if self.search.text() == self.model.query:
            return False
        self.model.set_filter(query=self.search.text())
        self._update_search_chip()
        self._search_layout()
        view = self.article_view()
        if view is not None:
            view.set_search(self.model.parsed_query if self.model.searching else "")
        self.searchChanged.emit(self.model.query if self.model.searching else "")
        return True

    def _search_layout(self) -> None:
        """Search results are cards across the list (title, outlet and date, snippet); the
        columns come back without a search."""
        searching = self.model.searching
        self.sort_box.setEnabled(searching)
        for col in (ArticleListModel.OUTLET, ArticleListModel.DATE, ArticleListModel.ENTITIES):
            self.list.setColumnHidden(col, searching)
        self.list.setHeaderHidden(searching)

    def clear_search(self) -> None:
        self.search.clear()
        self.apply_search()

    def _update_search_chip(self) -> None:
        query = self.model.query.strip()
        self.search_chip.setVisible(bool(query))
        if query:
            self.search_chip.label.setText(tr("Search: {query}", query=isolate(query)))

    def _sort_changed(self) -> None:
        value = self.sort_box.currentData()
        if value and value != self.model.order:
            self.model.set_filter(order=value)

    def show_search_help(self) -> None:
        """The syntax popup below the search box, on the screen, aligned with the box's start side."""
        self.search_help.retranslate()
        self.search_help.adjustSize()
        size = self.search_help.sizeHint()
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        anchor = self.search.mapToGlobal(QPoint(self.search.width() if rtl else 0, self.search.height()))
        x = anchor.x() - size.width() if rtl else anchor.x()
        screen = self.search.screen().availableGeometry()
        x = max(screen.left(), min(x, screen.right() - size.width()))
        y = max(screen.top(), min(anchor.y(), screen.bottom() - size.height()))
        self.search_help.move(x, y)
        self.search_help.show()

    def article_view(self) -> ArticleView | None:
        """The article view the search highlights hits in (the window's, given to :meth:`attach`)."""
        return self._article_view

    def attach(self, view: ArticleView) -> None:
        """Highlight the search's hits in ``view`` (the window's article view)."""
        self._article_view = view
        view.set_search(self.model.parsed_query if self.model.searching else "")

    def step_hit(self, forward: bool = True) -> None:
        """Enter in the search box: run the search now; open the first result if no result is
        open yet, else go to the next (previous) hit in the open one."""
        self.apply_search()
        if not self.model.searching:
            return
        view = self.article_view()
        if self.list.currentIndex().isValid():  # a result is open (the list follows the article view)
            if view is not None:
                view.step_hit(forward)
            return
        self.model.fetch_until(0)
        if self.model.rowCount():
            self._set_current_row(0, emit=True)

    def set_entity_filter(self, entity_id: int) -> None:
        try:
            self._entity_name = self.lib.entity(entity_id).name
        except KeyError:
            return
        self.chip.label.setText(tr("Only articles mentioning: {name}", name=self._entity_name))
        self.chip.show()
        self.tabs.setCurrentIndex(0)
        self.model.set_filter(entity_id=entity_id)

    def clear_entity_filter(self) -> None:
        self._entity_name = ""
        self.chip.hide()
        self.model.set_filter(entity_id=None)

    def _apply_entity_filter(self) -> None:
        value = self.entity_type.currentData()
        self.entity_model.set_filter(Label(value) if value else None, self.entity_search.text())

    def library_changed(self, changes: Changes) -> None:
        """An op changed the library (``reader.ui.ops``): re-read what shows it."""
        if changes.articles or changes.entities:
            self.refresh()
        elif changes.groups:
            self.model.refresh_versions()

    def refresh(self) -> None:
        """Re-read the lists (after an import), keeping the current article selected if possible."""
        current = self.current_article_id()
        row = self.list.currentIndex().row()
        self.model.refresh()
        self.entity_model.refresh()
        if current is not None:
            # the rows come back a page at a time: as far as the article was, and the rows an
            # import may have put before it
            self.model.fetch_until(max(row, 0) + REFETCH_ROWS)
            self.select_article(current, emit=False)

    def _update_count(self) -> None:
        total = self.lib.count_articles()
        shown = self.model.total
        filtered = self.model.searching or self.model.entity_id is not None
        if not filtered:
            self.count_label.setText(counted(total, "article"))
        elif shown == 0 and total:
            self.count_label.setText(tr("None of {total} articles matches the filters above", total=number(total)))
        else:
            self.count_label.setText(tr("{shown} of {counted}", shown=number(shown), counted=counted(total, "article")))

    # -- the same story from several outlets -------------------------------------------------
    def _versions_clicked(self, index: QModelIndex) -> None:
        aid = index.data(ID_ROLE)
        if aid is None:
            return
        rect = self.list.visualRect(index)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.show_versions(int(aid), self.list.viewport().mapToGlobal(QPoint(rect.right() if rtl else rect.left(), rect.bottom())))

    def show_versions(self, article_id: int, anchor: QPoint | None = None) -> bool:
        """The popup listing the other versions of an article's story (below its row by default)."""
        if anchor is None:
            row = self.model.row_of(article_id)
            rect = self.list.visualRect(self.model.index(row, 0)) if row is not None else QRect()
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            anchor = self.list.viewport().mapToGlobal(QPoint(rect.right() if rtl else rect.left(), rect.bottom()))
        return self.versions_popup.show_versions(self.lib, article_id, anchor)

    def _list_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        if not index.isValid():
            index = self.list.currentIndex()
        aid = index.data(ID_ROLE) if index.isValid() else None
        if aid is None or not index.siblingAtColumn(0).data(VERSIONS_TEXT_ROLE):
            return
        menu = QMenu(self)
        menu.addAction(tr("Other versions of this story…"), lambda: self.show_versions(int(aid)))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def open_version(self, article_id: int) -> None:
        """Open another version in the reader (selected in the list when it is listed)."""
        self.select_article(article_id, emit=False)
        self.articleActivated.emit(article_id)

    def compare_versions(self, article_id: int, other_id: int) -> QWidget:
        """Show two versions side by side in the comparison window (one at a time)."""
        from reader.ui.compare_view import CompareView

        if self.compare_view is not None and shiboken6.isValid(self.compare_view):
            self.compare_view.close()
        view = CompareView(self.lib, article_id, other_id, self.window())
        self.compare_view = view
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    # -- selection -------------------------------------------------------------------------
    def current_article_id(self) -> int | None:
        idx = self.list.currentIndex()
        return idx.data(ID_ROLE) if idx.isValid() else None

    def selected_article_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.list.selectionModel().selectedRows()})
        return [aid for r in rows if (aid := self.model.article_id(r)) is not None]

    def select_article(self, article_id: int, emit: bool = False) -> bool:
        row = self.model.row_of(article_id)
        if row is None:
            return False
        self._set_current_row(row, emit)
        return True

    def _set_current_row(self, row: int, emit: bool) -> None:
        idx = self.model.index(row, 0)
        self._quiet = not emit
        try:
            self.list.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._quiet = False
        self.list.scrollTo(idx)

    def step_article(self, forward: bool = True) -> None:
        current = self.list.currentIndex()
        row = current.row() + (1 if forward else -1) if current.isValid() else 0
        if forward:
            self.model.fetch_until(row)
        if 0 <= row < self.model.rowCount():
            self._set_current_row(row, emit=True)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            self.articleActivated.emit(int(current.data(ID_ROLE)))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.articleActivated.emit(int(index.data(ID_ROLE)))

    def _entity_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.entityActivated.emit(int(index.data(ENTITY_ID_ROLE)))
