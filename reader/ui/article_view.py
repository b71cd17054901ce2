"""The article view: header, a legend of entity types, and the RTL body with highlighted mentions.

Offsets: mentions are stored in code points of the article text. The body is rich text built by
``reader.export.html.article_body_html`` (shared with the PDF export), in which blank lines and
runs of white space collapse, and QTextCursor counts UTF-16 units (an emoji is one code point but
two units). :meth:`ArticleView.mention_range` maps a stored mention to document positions:
code points of the text → code points of the document's plain text (aligned, white space aside)
→ UTF-16 units. Only this view converts; nothing else ever sees UTF-16 positions.

Search hits: while a search is in force (:meth:`ArticleView.set_search`, from the library's
search box) every hit of it in the article is highlighted (``HIT_COLOUR``, unlike any entity
colour) and F4 / Shift+F4 step through them (F3 steps through mentions).
"""
from __future__ import annotations

import html

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core import search
from reader.core.arabic import is_arabic
from reader.core.model import Label
from reader.core.store import ArticleRecord, Library, MentionRecord
from reader.core.titles import title_mentions
from reader.export.html import article_body_html, parse_entity_href, title_html
from reader.palette import LABEL_COLOURS
from reader.ui import i18n
from reader.ui.i18n import counted, isolate, label_name, tr
from reader.ui.ops import Changes
from reader.ui.settings import DEFAULT_ZOOM, MAX_ZOOM, MIN_ZOOM

ARTICLE_FONT = "Amiri"
BASE_POINT_SIZE = 16.0
FLASH_MS = 1500
FLASH_COLOUR = "#fff1a8"
# Search hits: a saturated yellow with a dark orange underline, unlike the entity colours (light
# blue, orange, green and purple backgrounds) and stronger than the paragraph flash.
HIT_COLOUR = "#ffe135"
HIT_UNDERLINE = "#c25400"
NEXT_HIT_KEYS = ("F4",)
PREVIOUS_HIT_KEYS = ("Shift+F4",)


class ArticleBrowser(QTextBrowser):
    """A QTextBrowser that never fetches anything: links are signals, resources are refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)

    def loadResource(self, type: int, url: QUrl | str) -> Any:  # noqa: A002 - Qt's name
        # Article text is data: an <img src="http://…"> smuggled in must not phone home, and
        # file: URLs must not read local files. Only inline data: URLs are allowed.
        u = url if isinstance(url, QUrl) else QUrl(url)
        if u.scheme() == "data":
            return super().loadResource(type, u)
        return None


def swatch(colour: str, size: int = 14, filled: bool = True) -> QIcon:
    """A type's colour as a small rounded square: filled when the type is shown, an empty
    outline when it is hidden."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(colour) if filled else Qt.BrushStyle.NoBrush)
    p.setPen(QColor("#555555") if filled else QColor("#999999"))
    p.drawRoundedRect(QRect(1, 1, size - 2, size - 2), 3, 3)
    p.end()
    return QIcon(pm)


# A legend chip is on when its type is shown: its colour filled, its name plain. Off: an empty
# outline and a greyed, struck-through name. No pressed look for "on" (a checked tool button's
# sunken, darker face read as the off state).
LEGEND_STYLE = ("QToolButton { border: 1px solid palette(mid); border-radius: 3px; padding: 1px 4px; }"
                "QToolButton:checked { background: palette(base); }"
                "QToolButton:!checked { background: transparent; color: palette(placeholder-text); border-style: dashed; }")


def _align(raw: str, shown: str) -> list[int]:
    """For each code point of ``raw`` (plus its end), the index of the same character in ``shown``.

    ``shown`` is ``raw`` with white space collapsed, trimmed or turned into paragraph breaks.
    """
    out = [0] * (len(raw) + 1)
    i = j = 0
    n, m = len(raw), len(shown)
    while i < n:
        out[i] = min(j, m)
        if j < m and (raw[i] == shown[j] or (raw[i].isspace() and shown[j].isspace())):
            i += 1
            j += 1
        elif raw[i].isspace():
            i += 1  # collapsed or trimmed white space
        elif j < m and shown[j].isspace():
            j += 1  # a paragraph break or space the document added
        else:
            i += 1  # should not happen; keep going rather than lose the whole article
            j += 1
    out[n] = min(j, m)
    return out


class ArticleView(QWidget):
    """Shows one article; emits ``entityActivated(entity_id, mention_id)`` when a mention is clicked."""

    entityActivated = Signal(int, int)
    # the researcher's corrections, carried out by the main window: (label, start, end) of a
    # selection to mark; a mention id to remove or split off its entity
    markRequested = Signal(object, int, int)
    removeRequested = Signal(int)
    splitRequested = Signal(int)
    zoomChanged = Signal(int)
    hiddenLabelsChanged = Signal(object)

    def __init__(self, lib: Library, parent: QWidget | None = None, *, zoom: int = DEFAULT_ZOOM,
                 hidden: set[Label] | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self.article: ArticleRecord | None = None
        self.mentions: list[MentionRecord] = []
        self._by_id: dict[int, MentionRecord] = {}
        self.hidden: set[Label] = set(hidden or ())
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._map: list[int] = []
        self._utf16: list[int] | None = None  # None: no astral characters, units == code points
        self._current_mention: int | None = None
        self.search_query: search.Query = search.Query()
        self.hits: list[tuple[int, int]] = []  # code points of the article text
        self._hit_selections: list[QTextEdit.ExtraSelection] = []
        self._flash_selections: list[QTextEdit.ExtraSelection] = []
        self._current_hit: int | None = None

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)  # escaped title with its names coloured
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.title.setOpenExternalLinks(False)
        # a name in the title opens its entity, as in the body
        self.title.linkActivated.connect(lambda href: self._anchor_clicked(QUrl(href)))
        self.title.setObjectName("articleTitle")
        self.meta = QLabel(self)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setObjectName("articleMeta")
        self.meta.setStyleSheet("color: palette(placeholder-text);")

        self.legend = QWidget(self)
        legend_layout = QHBoxLayout(self.legend)
        legend_layout.setContentsMargins(0, 0, 0, 0)
        legend_layout.setSpacing(4)
        self.legend_buttons: dict[Label, QToolButton] = {}
        for label in Label:
            b = QToolButton(self.legend)
            b.setCheckable(True)
            b.setChecked(label not in self.hidden)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setStyleSheet(LEGEND_STYLE)
            b.toggled.connect(lambda on, lab=label: self.set_label_visible(lab, on))
            self._style_chip(b, label, b.isChecked())
            legend_layout.addWidget(b)
            self.legend_buttons[label] = b
        legend_layout.addStretch(1)
        # the hits of the search in force: "hit 2 of 7" and buttons to step (F4 / Shift+F4)
        self.hit_label = QLabel(self.legend)
        self.hit_label.setObjectName("hitCount")
        # Its width must not widen the article's minimum: when a search began, the docks beside
        # the article were squeezed to make room for «No search hits in this article».
        # It takes its full width where there is room and gives way where there is not.
        self.hit_label.setMinimumWidth(1)
        self.hit_prev = QToolButton(self.legend)
        self.hit_next = QToolButton(self.legend)
        from reader.ui import icons

        self.hit_prev.setIcon(icons.icon(icons.PREVIOUS_MENTION))
        self.hit_next.setIcon(icons.icon(icons.NEXT_MENTION))
        for b in (self.hit_prev, self.hit_next):
            b.setAutoRaise(True)
        self.hit_prev.clicked.connect(lambda: self.step_hit(False))
        self.hit_next.clicked.connect(lambda: self.step_hit(True))
        for w in (self.hit_label, self.hit_prev, self.hit_next):
            legend_layout.addWidget(w)
            w.hide()
        self.act_next_hit = QAction(self)
        self.act_prev_hit = QAction(self)
        for act, keys, forward in ((self.act_next_hit, NEXT_HIT_KEYS, True), (self.act_prev_hit, PREVIOUS_HIT_KEYS, False)):
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda checked=False, f=forward: self._step_hit_key(f))
            self.addAction(act)

        self.browser = ArticleBrowser(self)
        self.browser.anchorClicked.connect(self._anchor_clicked)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._context_menu)
        self.browser.document().setDocumentMargin(18)
        # Lines wrap at the view's width (a long link or token anywhere: Qt's default) and never
        # scroll sideways: on two of the seed articles the laid-out text came 2-4 px wider than
        # the view, and a horizontal scrollbar appeared for them; those pixels fall in the margin.
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_flash)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.legend)
        layout.addWidget(self.browser, 1)
        self.title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._apply_zoom()
        self.retranslate()
        self.clear()

    # -- text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for label, b in self.legend_buttons.items():
            b.setText(label_name(label))
            b.setToolTip(tr("Highlight {label}", label=label_name(label)))
        self.act_next_hit.setText(tr("Next search hit"))
        self.act_prev_hit.setText(tr("Previous search hit"))
        self.hit_next.setToolTip(tr("Next search hit") + f" ({NEXT_HIT_KEYS[0]})")
        self.hit_prev.setToolTip(tr("Previous search hit") + f" ({PREVIOUS_HIT_KEYS[0]})")
        self._update_hit_label()
        if self.article is None:
            self.clear()
        else:
            self._fill_meta()  # the outlet's name is in the UI language's script

    def _fill_meta(self) -> None:
        a = self.article
        if a is not None:
            self.meta.setText("  ·  ".join(isolate(x) for x in (i18n.outlet(a.outlet), a.author, a.date[:10]) if x)
                              or isolate(a.source))

    def clear(self) -> None:
        self.article = None
        self.mentions = []
        self._by_id = {}
        for w in (self.title, self.meta):
            w.setLayoutDirection(self.layoutDirection())
            w.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.title.setText(html.escape(tr("No article open")))
        self.meta.setText(tr("Open an article from the library, or import files with File › Import."))
        self.browser.clear()
        self._map = []
        self._utf16 = None
        self.hits = []
        self._hit_selections = []
        self._flash_selections = []
        self._current_hit = None
        self._update_hit_label()

    # -- loading ---------------------------------------------------------------------------
    def show_article(self, article_id: int, mention_id: int | None = None, flash: bool = True) -> None:
        self.article = self.lib.article(article_id)
        self.mentions = self.lib.mentions(article_id)
        self._by_id = {m.id: m for m in self.mentions}
        self._current_mention = None
        a = self.article
        # The header belongs to the article: aligned to its start side whatever the UI language.
        rtl = is_arabic(a.title or a.text)
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        for w in (self.title, self.meta):
            w.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
            w.setAlignment(Qt.AlignmentFlag.AlignAbsolute | side | Qt.AlignmentFlag.AlignVCenter)
        self._fill_meta()
        self._render(keep_scroll=False)
        if mention_id is not None:
            self.select_mention(mention_id, flash=flash)
        elif self.hits:
            self.select_hit(0)  # a search result opens at its first hit
        else:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)

    def library_changed(self, changes: Changes) -> None:
        """An op changed the library (``reader.ui.ops``): the article's text or marks may differ."""
        if changes.articles or changes.entities:
            self.reload()

    def reload(self) -> None:
        """Re-read the current article (after an import or relink changed it)."""
        if self.article is None:
            return
        try:
            fresh = self.lib.article(self.article.id)
        except KeyError:
            self.clear()
            return
        if fresh.text != self.article.text:  # re-imported with other words: start again at its top
            self.show_article(fresh.id, None, flash=False)
            return
        # Same words, other marks or names (a correction): keep the reader's place and selection.
        self.article = fresh
        self.mentions = self.lib.mentions(fresh.id)
        self._by_id = {m.id: m for m in self.mentions}
        if self._current_mention not in self._by_id:
            self._current_mention = None
        self._fill_meta()
        self._render()

    def _tooltips(self) -> dict[int, str]:
        names: dict[int, str] = {}
        out: dict[int, str] = {}
        for m in self.mentions:
            if m.entity_id is not None and m.entity_id not in names:
                try:
                    names[m.entity_id] = self.lib.entity(m.entity_id).name
                except KeyError:
                    names[m.entity_id] = m.text
            name = names.get(m.entity_id, m.text) if m.entity_id is not None else m.text
            out[m.id] = f"{name} — {label_name(m.label)}"
        return out

    def _render(self, keep_scroll: bool = True) -> None:
        if self.article is None:
            return
        bar = self.browser.verticalScrollBar()
        scroll = bar.value()
        cursor = self.browser.textCursor()
        sel = (cursor.anchor(), cursor.position())
        text = self.article.text
        heading = self.article.title or self.article.source
        self.title.setText(title_html(heading, title_mentions(heading, self.mentions), self.hidden, links=True))
        rtl = is_arabic(text)
        body = article_body_html(text, self.mentions, hidden=self.hidden, tooltips=self._tooltips(), links=True, rtl=rtl)
        doc = self.browser.document()
        option = QTextOption(doc.defaultTextOption())
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        doc.setDefaultTextOption(option)
        self.browser.setHtml(body)
        shown = doc.toPlainText()  # same length in UTF-16 as the document (paragraph separators → \n)
        self._map = _align(text, shown)
        if any(ord(c) > 0xFFFF for c in shown):
            units, acc = [], 0
            for c in shown:
                units.append(acc)
                acc += 2 if ord(c) > 0xFFFF else 1
            units.append(acc)
            self._utf16 = units
        else:
            self._utf16 = None
        if keep_scroll:
            c = self.browser.textCursor()
            n = doc.characterCount() - 1
            c.setPosition(min(sel[0], n))
            c.setPosition(min(sel[1], n), QTextCursor.MoveMode.KeepAnchor)
            self.browser.setTextCursor(c)
            bar.setValue(scroll)
        self._find_hits()

    # -- offsets ---------------------------------------------------------------------------
    def to_document(self, offset: int) -> int:
        """Document position (UTF-16 units) of a code-point offset in the article text."""
        if not self._map:
            return 0
        j = self._map[max(0, min(offset, len(self._map) - 1))]
        return self._utf16[j] if self._utf16 is not None else j

    def from_document(self, position: int) -> int:
        """Code-point offset in the article text of a document position (UTF-16 units)."""
        if not self._map:
            return 0
        j = bisect_left(self._utf16, position) if self._utf16 is not None else position
        return min(bisect_left(self._map, j), len(self._map) - 1)

    def selection_offsets(self) -> tuple[int, int] | None:
        """(start, end) of the selected text in code points of the article text, or None."""
        c = self.browser.textCursor()
        if self.article is None or not c.hasSelection():
            return None
        start, end = self.from_document(c.selectionStart()), self.from_document(c.selectionEnd())
        return (start, end) if end > start else None

    def mention_at(self, offset: int) -> MentionRecord | None:
        return next((m for m in self.mentions if m.start <= offset < m.end), None)

    def _context_menu(self, pos: Any) -> None:
        menu = self.build_context_menu(self.browser.cursorForPosition(pos).position())
        menu.exec(self.browser.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def build_context_menu(self, position: int) -> QMenu:
        """Copy, and the corrections that apply here: mark the selection, remove or split the mention under the pointer."""
        from reader.ui import icons

        menu = self.browser.createStandardContextMenu()
        for a in menu.actions():
            if a.objectName() == "link-copy":  # a highlight's link is the reader's own (entity:…), no address
                menu.removeAction(a)
        menu.addSeparator()
        selection = self.selection_offsets()
        mark = menu.addMenu(icons.icon(icons.MARK), tr("Mark selection as"))
        mark.setEnabled(selection is not None)
        for label in Label:
            a = mark.addAction(icons.label_icon(label), label_name(label))
            a.triggered.connect(lambda checked=False, lab=label: self._mark(lab))
        c = self.browser.textCursor()
        offset = self.from_document(position)
        mention = self.mention_at(offset)
        if mention is None and c.hasSelection():
            mention = self.mention_at(self.from_document(c.selectionStart()))
        if mention is not None:
            a = menu.addAction(icons.icon(icons.REMOVE_MENTION), tr("Remove this mention: {surface}", surface=mention.text))
            a.triggered.connect(lambda checked=False, mid=mention.id: self.removeRequested.emit(mid))
            a = menu.addAction(icons.icon(icons.SPLIT), tr("Split this mention off its entity"))
            a.triggered.connect(lambda checked=False, mid=mention.id: self.splitRequested.emit(mid))
        return menu

    def _mark(self, label: Label) -> None:
        sel = self.selection_offsets()
        if sel is not None:
            self.markRequested.emit(label, sel[0], sel[1])

    def mention_range(self, mention: MentionRecord) -> tuple[int, int]:
        """(start, end) of a mention in the document, UTF-16 units."""
        start = self.to_document(mention.start)
        # the end maps through the last character so trailing collapsed white space is not included
        end = self.to_document(mention.end - 1) + (2 if ord(mention.text[-1:] or "a") > 0xFFFF else 1) \
            if mention.end > mention.start else start
        return start, end

    # -- mentions --------------------------------------------------------------------------
    def visible_mentions(self) -> list[MentionRecord]:
        return [m for m in self.mentions if m.label not in self.hidden]

    def select_mention(self, mention_id: int, flash: bool = True) -> bool:
        m = self._by_id.get(mention_id)
        if m is None:
            return False
        start, end = self.mention_range(m)
        c = self.browser.textCursor()
        c.setPosition(start)
        c.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(c)
        self._current_mention = m.id
        self._scroll_to(c)
        if flash:
            self.flash(start, end)
        return True

    def _scroll_to(self, cursor: QTextCursor) -> None:
        """Bring the cursor to about a third of the height, not just barely into view."""
        self.browser.ensureCursorVisible()
        rect = self.browser.cursorRect(cursor)
        bar = self.browser.verticalScrollBar()
        target = bar.value() + rect.top() - self.browser.viewport().height() // 3
        bar.setValue(max(0, min(bar.maximum(), target)))

    # -- search hits -----------------------------------------------------------------------
    def set_search(self, query: str | search.Query) -> None:
        """Highlight the hits of a search (``""``: none) in this and every article opened after."""
        parsed = search.parse(query) if isinstance(query, str) else query
        if parsed == self.search_query:
            return
        self.search_query = parsed
        self._find_hits()

    def _find_hits(self) -> None:
        """Hits of the search in force in the article shown, as highlights."""
        self._current_hit = None
        if self.article is None or not self.search_query:
            self.hits = []
        else:
            self.hits = search.hit_ranges(self.article.text, self.search_query)
        doc = self.browser.document()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(HIT_COLOUR))
        fmt.setForeground(QColor("#000000"))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(HIT_UNDERLINE))
        fmt.setProperty(QTextFormat.Property.UserProperty, "search-hit")
        selections = [_selection(doc, *self.hit_range(start, end), fmt) for start, end in self.hits]
        self._hit_selections = selections
        self._flash_selections = []
        self.browser.setExtraSelections(selections)
        self._update_hit_label()

    def hit_range(self, start: int, end: int) -> tuple[int, int]:
        """(start, end) in the document (UTF-16 units) of a code-point range of the article text."""
        a = self.to_document(start)
        last = self.article.text[end - 1:end] if self.article is not None and end > start else "a"
        b = self.to_document(end - 1) + (2 if ord(last or "a") > 0xFFFF else 1) if end > start else a
        return a, b

    def hit_selections(self) -> list[tuple[int, int]]:
        """The highlighted hits as document ranges (UTF-16 units), in order."""
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in self._hit_selections]

    def select_hit(self, i: int) -> bool:
        """Select hit ``i`` (the text cursor's selection) and bring it into view."""
        if not 0 <= i < len(self.hits):
            return False
        a, b = self.hit_range(*self.hits[i])
        c = self.browser.textCursor()
        c.setPosition(a)
        c.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(c)
        self._current_hit = i
        self._scroll_to(c)
        self._update_hit_label()
        return True

    def step_hit(self, forward: bool = True) -> bool:
        """Select the next (previous) search hit after (before) the cursor; wraps around.
        False when the article has none."""
        if not self.hits:
            return False
        starts = [self.hit_range(*h)[0] for h in self.hits]
        c = self.browser.textCursor()
        if forward:
            pos = c.selectionEnd() if c.hasSelection() else c.position()
            i = bisect_left(starts, pos)
            if self._current_hit is not None and i < len(starts) and i == self._current_hit:
                i += 1
            i = i if i < len(starts) else 0
        else:
            pos = c.selectionStart() if c.hasSelection() else c.position()
            i = bisect_left(starts, pos) - 1
            i = i if i >= 0 else len(starts) - 1
        return self.select_hit(i)

    def _step_hit_key(self, forward: bool) -> None:
        if self.step_hit(forward):
            self.browser.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _update_hit_label(self) -> None:
        shown = bool(self.search_query) and self.article is not None
        for w in (self.hit_label, self.hit_prev, self.hit_next):
            w.setVisible(shown)
        if not shown:
            return
        n = len(self.hits)
        if not n:
            self.hit_label.setText(tr("No search hits in this article"))
            self.hit_label.setToolTip(self.hit_label.text())  # in full where it is cut
        elif self._current_hit is None:
            self.hit_label.setText(counted(n, "search hit"))
            self.hit_label.setToolTip(self.hit_label.text())  # in full where it is cut
        else:
            self.hit_label.setText(tr("Hit {i} of {n}", i=self._current_hit + 1, n=n))
            self.hit_label.setToolTip(self.hit_label.text())  # in full where it is cut
        self.hit_prev.setEnabled(n > 0)
        self.hit_next.setEnabled(n > 0)

    def _end_flash(self) -> None:
        self._flash_selections = []
        self.browser.setExtraSelections(self._hit_selections)

    def flash(self, start: int, end: int) -> None:
        """Light up the mention's paragraph for a moment, so the eye finds it after a jump.

        The mention itself is the cursor's selection, which QTextEdit draws over extra
        selections (and it ignores FullWidthSelection), so the flash is the paragraph around it.
        """
        doc = self.browser.document()
        first, last = doc.findBlock(start), doc.findBlock(max(start, end - 1))
        lo, hi = first.position(), last.position() + max(0, last.length() - 1)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(FLASH_COLOUR))
        # The other names in the paragraph keep their colours: the flash lights the gaps between them.
        taken = sorted(r for m in self.visible_mentions() if (r := self.mention_range(m))[0] < hi and r[1] > lo)
        selections = [_selection(doc, a, b, fmt)
                      for a, b in zip([lo] + [e for _, e in taken], [s for s, _ in taken] + [hi]) if b > a]
        self._flash_selections = selections
        # search hits drawn after (over) the flash, so that they keep their colour in it
        self.browser.setExtraSelections(selections + self._hit_selections)
        self._flash_timer.start(FLASH_MS)

    def step_mention(self, forward: bool = True) -> MentionRecord | None:
        """Select the next (or previous) visible mention after (before) the cursor; wraps around."""
        ms = self.visible_mentions()
        if not ms:
            return None
        starts = [self.mention_range(m)[0] for m in ms]
        c = self.browser.textCursor()
        if forward:
            pos = c.selectionEnd() if c.hasSelection() else c.position()
            i = bisect_left(starts, pos)
            if self._current_mention is not None and i < len(ms) and ms[i].id == self._current_mention:
                i += 1
            m = ms[i] if i < len(ms) else ms[0]
        else:
            pos = c.selectionStart() if c.hasSelection() else c.position()
            i = bisect_left(starts, pos) - 1
            m = ms[i] if i >= 0 else ms[-1]
        self.select_mention(m.id)
        return m

    def _anchor_clicked(self, url: QUrl) -> None:
        parsed = parse_entity_href(url.toString())
        if parsed is None:
            return  # never follow other links
        entity_id, mention_id = parsed
        if mention_id in self._by_id:
            start, end = self.mention_range(self._by_id[mention_id])
            c = self.browser.textCursor()
            c.setPosition(start)
            c.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.browser.setTextCursor(c)
            self._current_mention = mention_id
        if entity_id is not None:
            self.entityActivated.emit(entity_id, mention_id)

    # -- legend ----------------------------------------------------------------------------
    def set_label_visible(self, label: Label, visible: bool) -> None:
        if visible == (label not in self.hidden):
            return
        (self.hidden.discard if visible else self.hidden.add)(label)
        b = self.legend_buttons[label]
        if b.isChecked() != visible:
            b.setChecked(visible)
        self._style_chip(b, label, visible)
        self._render()
        self.hiddenLabelsChanged.emit(set(self.hidden))

    @staticmethod
    def _style_chip(b: QToolButton, label: Label, on: bool) -> None:
        b.setIcon(swatch(LABEL_COLOURS[label], filled=on))
        font = b.font()
        font.setStrikeOut(not on)
        b.setFont(font)

    # -- zoom ------------------------------------------------------------------------------
    def font_point_size(self) -> float:
        return round(BASE_POINT_SIZE * (1.1 ** self.zoom), 1)

    def set_zoom(self, zoom: int) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if zoom == self.zoom:
            return
        self.zoom = zoom
        self._apply_zoom()
        self.zoomChanged.emit(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom - 1)

    def reset_zoom(self) -> None:
        self.set_zoom(DEFAULT_ZOOM)

    def _apply_zoom(self) -> None:
        size = self.font_point_size()
        body = QFont(ARTICLE_FONT)
        body.setPointSizeF(size)
        # Amiri's tall ascenders need no extra leading; a font without Arabic falls back per glyph.
        self.browser.document().setDefaultFont(body)
        title = QFont(ARTICLE_FONT)
        title.setPointSizeF(size * 1.35)
        title.setBold(True)
        self.title.setFont(title)
        meta = QFont(self.font())
        meta.setPointSizeF(max(8.0, size * 0.7))
        self.meta.setFont(meta)


def _selection(doc: QTextDocument, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
    """An extra selection painting [start, end) of ``doc`` (UTF-16 positions) with ``fmt``."""
    c = QTextCursor(doc)
    c.setPosition(start)
    c.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    sel = QTextEdit.ExtraSelection()
    sel.cursor = c
    sel.format = fmt
    return sel
