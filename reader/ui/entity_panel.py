"""The entity panel (a dock): who or what an entity is, how it was linked, and every mention.

Mentions are a lazily fetched tree (article → sentences); a sentence shows the mention bold on
its type's colour, drawn as rich text by :class:`SentenceDelegate` (text escaped in the model).

What the panel shows first is the entity's name, type, counts and first page of mentions. The
details below the name (forms and why they were linked, related places, co-occurring entities,
outlets) are read in the background for an entity named in many articles: the co-occurrence
count alone reads every mention of every article that names it (86,000 rows for the most
mentioned entity of SaudiNewsNet, ~50 ms) and held the first rows back.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QFontMetricsF, QPainter, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from reader.core import profile
from reader.core.arabic import dediacritise, is_arabic
from reader.core.model import Label
from reader.core.romanise import romanise
from reader.core.store import EntityRecord, Library
from reader.export.html import entity_link, name_html, parse_entity_href
from reader.palette import LABEL_COLOURS
from reader.ui import icons
from reader.ui.article_view import ARTICLE_FONT
from reader.ui import i18n
from reader.ui.i18n import counted, inline_list, label_name, number, tr, tr_reason
from reader.ui.models.mentions import ARTICLE_ROLE, HTML_ROLE, MENTION_ROLE, EntityMentionsModel
from reader.ui import ops
from reader.ui.ops import Changes


@dataclass(frozen=True, slots=True)
class EntityDetails:
    """What the panel shows about an entity besides its mentions (read with :func:`read_details`)."""

    forms: list[tuple[str, str, int]]
    related: list[profile.Related]
    with_: list[profile.Related]
    outlets: list[profile.OutletForms]


def read_details(lib: Library, entity: EntityRecord) -> EntityDetails:
    return EntityDetails(profile.forms(lib, entity.id), profile.related_places(lib, entity),
                         profile.co_occurring(lib, entity.id, limit=8), profile.outlets(lib, entity.id))


class SentenceDelegate(QStyledItemDelegate):
    """Draws mention rows as rich text (RTL for Arabic); article rows as usual."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        self.font = QFont(ARTICLE_FONT)
        self.font.setPointSizeF(13)
        self._metrics = QFontMetricsF(self.font)
        sample = "قال المتحدث باسم وزارة الخارجية إن الوفد وصل إلى الرياض صباح اليوم، Reuters 2015."
        self._char_width = self._metrics.horizontalAdvance(sample) / len(sample)  # mean advance of news text
        # Heights of rows by (row identity, width): a tree with per-pixel scrolling asks for every
        # row's size, and laying out rich text for thousands of rows would stall it (an entity with
        # 5,000 mentions took seconds). Rows are first *estimated* from font metrics; a row's
        # exact height is laid out when it is painted, and the view told if it differs.
        self._sizes: dict[tuple[object, int], QSize] = {}
        self._estimated: set[tuple[object, int]] = set()
        model = view.model()
        if model is not None:
            model.modelReset.connect(self._forget)

    def _forget(self) -> None:
        self._sizes.clear()
        self._estimated.clear()

    def _key(self, index: QModelIndex | QPersistentModelIndex, width: int) -> tuple[object, int]:
        mention_id = index.data(MENTION_ROLE)
        return (mention_id if mention_id is not None else ("article", index.row(), index.data(Qt.ItemDataRole.DisplayRole)), width)

    def _estimate(self, plain: str, width: int) -> QSize:
        """Height from the text's advance: lines × line spacing (sentences are cut near 400 characters)."""
        avail = max(50.0, width - 6.0)
        lines = 0
        for para in plain[:440].split("\n"):
            # By character count: shaping each sentence (horizontalAdvance) costs ~0.5 ms. 10%
            # slack: the bold mention is wider, and wrapping at word boundaries wastes line ends.
            lines += max(1, math.ceil(len(para) * self._char_width * 1.1 / avail))
        return QSize(width, math.ceil(lines * self._metrics.lineSpacing()) + 6 + 2)

    def _document(self, html: str, plain: str, width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(self.font)
        doc.setDocumentMargin(3)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if is_arabic(plain) else Qt.LayoutDirection.LeftToRight)
        doc.setDefaultTextOption(option)
        doc.setHtml(html)
        doc.setTextWidth(max(50.0, width))
        return doc

    def _width(self, index: QModelIndex | QPersistentModelIndex) -> float:
        depth = 1 if index.parent().isValid() else 0
        return self.view.viewport().width() - self.view.indentation() * (depth + 1) - 8

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        html = index.data(HTML_ROLE)
        if html is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        plain = index.data(Qt.ItemDataRole.DisplayRole) or ""
        doc = self._document(html, plain, opt.rect.width())
        width = int(self._width(index))
        key = self._key(index, width)
        if key in self._estimated:  # shown for the first time: its exact height replaces the estimate
            self._estimated.discard(key)
            exact = doc if opt.rect.width() == width else self._document(html, plain, width)
            size = QSize(width, int(exact.size().height()) + 2)
            changed = self._sizes.get(key) != size
            self._sizes[key] = size
            if changed:
                self.sizeHintChanged.emit(QModelIndex(index))
        painter.save()
        painter.translate(opt.rect.topLeft())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        ctx.clip = QRectF(0, 0, opt.rect.width(), opt.rect.height())
        painter.setClipRect(ctx.clip)
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        html = index.data(HTML_ROLE)
        if html is None:
            s = super().sizeHint(option, index)
            return QSize(s.width(), max(s.height(), 2 * option.fontMetrics.height() + 6))
        width = int(self._width(index))
        key = self._key(index, width)
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > 20000:
                self._forget()
            size = self._sizes[key] = self._estimate(index.data(Qt.ItemDataRole.DisplayRole) or "", width)
            self._estimated.add(key)
        return size


class MentionTree(QTreeView):
    painted = Signal()

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        self.painted.emit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # sentence heights depend on the width

    def doItemsLayout(self) -> None:  # noqa: N802 - Qt's name
        # QTreeView's layout takes a page from a model that can fetch more whether or not the rows
        # are needed (QTreeViewPrivate::layout: "fetchMore first"), so every relayout (a resize, the
        # details arriving) read another page: four pages instead of one when the panel opened.
        # Paused, the view fetches when its last row comes into sight, as it should.
        model = self.model()
        if isinstance(model, EntityMentionsModel):
            with model.fetching_paused():
                super().doItemsLayout()
        else:
            super().doItemsLayout()


class EntityPanel(QWidget):
    """Emits ``mentionActivated(article_id, mention_id)`` and ``filterRequested(entity_id)``."""

    mentionActivated = Signal(int, int)
    filterRequested = Signal(int)
    entityRequested = Signal(int)  # a related or co-occurring entity was clicked
    renameRequested = Signal(int)
    typeRequested = Signal(int, object)  # entity id, new Label
    dossierRequested = Signal(int)
    detailsShown = Signal(int)  # entity id: its details are filled in

    # An entity named in more articles than this has its details read in the background (the
    # most mentioned entity of 1,300 articles, in 300, reads them in ~10 ms: no need to wait).
    BACKGROUND_DETAILS_ARTICLES = 300
    DETAILS_MAX_SHARE = 0.33  # of the panel's height; the details scroll beyond it
    DETAILS_START_LATEST_MS = 100  # the details are read after the first paint, or after this

    def __init__(self, lib: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self.entity: EntityRecord | None = None
        self._details: EntityDetails | None = None  # of self.entity, once read
        self._details_serial = 0  # bumped for each entity shown: a late result for an earlier one is dropped
        self._pool = QThreadPool(self)  # one reader at a time; waited for when the panel goes
        self._pool.setMaxThreadCount(1)
        self._start_details: Callable[[], None] | None = None  # starts the read of the details
        app = QCoreApplication.instance()
        if app is not None:  # a read still running at quit finishes before its result's receiver goes
            app.aboutToQuit.connect(self._pool.waitForDone)

        self.name = QLabel(self)
        self.name.setWordWrap(True)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        f = QFont(ARTICLE_FONT)
        f.setPointSizeF(17)
        f.setBold(True)
        self.name.setFont(f)
        self.latin = QLabel(self)
        self.latin.setTextFormat(Qt.TextFormat.PlainText)
        self.latin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.latin.setObjectName("entityLatin")
        self.latin.setStyleSheet("color: palette(placeholder-text);")
        self.type_label = QLabel(self)
        self.type_label.setTextFormat(Qt.TextFormat.PlainText)
        self.counts = QLabel(self)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)  # built from escaped text only
        # the related and co-occurring entities are links: clickable, and reachable with Tab
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.details.setOpenExternalLinks(False)
        self.details.linkActivated.connect(self._link)
        # top: in the scroll area the label is at least as tall as the area
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.details_area = QScrollArea(self)
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QFrame.Shape.NoFrame)
        self.details_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details_area.setWidget(self.details)
        self.filter_button = QPushButton(self)
        self.filter_button.setIcon(icons.icon(icons.FILTER))
        self.filter_button.clicked.connect(self._request_filter)
        self.rename_button = QToolButton(self)
        self.rename_button.setIcon(icons.icon(icons.RENAME))
        self.rename_button.clicked.connect(lambda: self.entity and self.renameRequested.emit(self.entity.id))
        self.type_button = QToolButton(self)
        self.type_button.setIcon(icons.icon(icons.ENTITY))
        self.type_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.type_menu = QMenu(self.type_button)
        self.type_actions = {}
        for label in Label:
            a = self.type_menu.addAction(icons.label_icon(label), "")
            a.triggered.connect(lambda checked=False, lab=label: self.entity and self.typeRequested.emit(self.entity.id, lab))
            self.type_actions[label] = a
        self.type_button.setMenu(self.type_menu)
        self.dossier_button = QToolButton(self)
        self.dossier_button.setIcon(icons.icon(icons.DOSSIER))
        self.dossier_button.clicked.connect(lambda: self.entity and self.dossierRequested.emit(self.entity.id))
        for b in (self.rename_button, self.type_button, self.dossier_button):
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        self.model = EntityMentionsModel(lib, parent=self)
        self.tree = MentionTree(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(SentenceDelegate(self.tree))  # after setModel: it watches resets
        self.tree.setVerticalScrollMode(QTreeView.ScrollMode.ScrollPerPixel)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.painted.connect(self._details_after_paint)
        self.tree.activated.connect(self._activated)
        self.tree.clicked.connect(self._activated)
        self.model.rowsInserted.connect(self._expand_new)

        row = QHBoxLayout()
        row.addWidget(self.type_label)
        row.addWidget(self.counts, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.name)
        layout.addWidget(self.latin)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        for b in (self.rename_button, self.type_button, self.dossier_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.details_area)
        layout.addWidget(self.filter_button)
        layout.addWidget(self.tree, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.filter_button.setText(tr("Show only articles mentioning this"))
        self.rename_button.setText(tr("Rename…"))
        self.type_button.setText(tr("Type"))
        self.dossier_button.setText(tr("Dossier PDF…"))
        for label, a in self.type_actions.items():
            a.setText(label_name(label))
        if self.entity is None:
            for b in (self.rename_button, self.type_button, self.dossier_button):
                b.setEnabled(False)
            self.latin.setText("")
            self.name.setText(tr("No entity selected"))
            self.type_label.setText("")
            self.type_label.setStyleSheet("")
            self.counts.setText("")
            self._set_details(escape(tr("Click a highlighted name in an article to see it here.")))
            self.filter_button.setEnabled(False)
        else:
            self._fill_header()
            self._fill_details()

    @property
    def details_pending(self) -> bool:
        """Whether the details of the entity shown are still being read."""
        return self.entity is not None and self._details is None

    def clear(self) -> None:
        self.entity = None
        self._details = None
        self._details_serial += 1
        self.model.set_entity(None)
        self.retranslate()

    def show_entity(self, entity_id: int) -> bool:
        try:
            self.entity = self.lib.entity(entity_id)
        except KeyError:
            self.clear()
            return False
        self._details = None
        self._details_serial += 1
        self._fill_header()
        self.model.set_entity(entity_id)
        if self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())  # the first page at once; the view fetches the rest on scroll
        self.tree.scrollToTop()
        self._request_details()
        return True

    def _request_details(self) -> None:
        e = self.entity
        assert e is not None
        path = self.lib.path
        # The worker's own connection sees only committed data, and needs a file to open.
        if (e.n_articles <= self.BACKGROUND_DETAILS_ARTICLES or self.lib.conn.in_transaction
                or not path.is_file()):
            self._details = read_details(self.lib, e)
            self._fill_details()
            return
        self._fill_details()  # "Loading…"
        serial = self._details_serial

        def done(details: EntityDetails | None) -> None:
            if details is not None and isValid(self) and serial == self._details_serial:
                self._details = details
                self._fill_details()

        def failed(message: str) -> None:  # e.g. the library went away: read it here instead
            if isValid(self) and serial == self._details_serial and self.entity is not None:
                self._details = read_details(self.lib, self.entity)
                self._fill_details()

        def start() -> None:
            if isValid(self) and serial == self._details_serial:
                ops.query(path, lambda lib: read_details(lib, e) if serial == self._details_serial else None,
                          done, failed, name="entity details", pool=self._pool)

        # Started once the first rows are painted: the worker would otherwise compete with their
        # layout and paint for the CPU and the GIL. A zero timer fires before the paint.
        self._start_details = start
        if self.tree.isVisible():
            QTimer.singleShot(self.DETAILS_START_LATEST_MS, self, self._details_after_paint)
        else:  # no paint to wait for
            self._details_after_paint()

    def _details_after_paint(self) -> None:
        start, self._start_details = self._start_details, None
        if start is not None:
            start()

    def library_changed(self, changes: Changes) -> None:
        """An op changed the library (``reader.ui.ops``): show the entity it asks to follow (a
        merge or rename gives it a new id), else re-read the one shown."""
        entity = self.lib.entity_by_key(changes.follow_key) if changes.follow_key else None
        if entity is not None:
            self.show_entity(entity.id)
        elif changes.articles or changes.entities:
            self.reload()

    def reload(self) -> None:
        """Re-read after an import or another program's writes: the entity afresh if it changed,
        else the mention rows in place (an article's title edited elsewhere shows at once)."""
        if self.entity is None:
            return
        try:
            fresh = self.lib.entity(self.entity.id)
        except KeyError:
            self.clear()
            return
        if fresh != self.entity or not self.model.refresh():
            self.show_entity(fresh.id)

    def _fill_header(self) -> None:
        e = self.entity
        assert e is not None
        self.name.setText(e.name)
        self.latin.setText(romanise(e.name, e.label))
        for b in (self.rename_button, self.type_button, self.dossier_button):
            b.setEnabled(True)
        rtl = is_arabic(e.name)
        self.name.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.name.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.type_label.setText(" " + label_name(e.label) + " ")
        self.type_label.setStyleSheet(f"background-color:{LABEL_COLOURS[e.label]}; color:#000000; border-radius:3px;")
        self.counts.setText(tr("{articles}, {mentions}", articles=counted(e.n_articles, "article"),
                               mentions=counted(e.n_mentions, "mention")))
        self.filter_button.setEnabled(True)

    def _fill_details(self) -> None:
        e, d = self.entity, self._details
        assert e is not None
        parts = []
        # one spelling per form: forms that differ only by diacritics or tatweel are the same form
        seen = {dediacritise(e.name)}
        others = []
        for alias in e.aliases:
            if dediacritise(alias) not in seen:
                seen.add(dediacritise(alias))
                others.append(alias)
        if others:
            parts.append(f"<b>{escape(tr('Also written as'))}:</b> " + inline_list(name_html(a) for a in others[:20]))
        if d is None:
            self._set_details("<br>".join([*parts, f"<i>{escape(tr('Loading…'))}</i>"]))
            return
        if d.forms:
            # a table keeps each Arabic form and its (translated) reason apart: in one line the
            # bidi algorithm would interleave them
            rows = "".join(
                f"<tr><td dir='{'rtl' if is_arabic(text) else 'ltr'}' style='padding:1px 6px'>{escape(text)}&nbsp;({number(n)})</td>"
                f"<td style='padding:1px 6px'>{escape(tr_reason(reason) if reason else '—')}</td></tr>"
                for text, reason, n in d.forms[:12])
            parts.append(f"<b>{escape(tr('Why these forms were linked'))}:</b>"
                         f"<table cellspacing='0' style='margin-top:2px'>{rows}</table>")
        if d.related:
            parts.append(f"<b>{escape(tr('Related (not the same)'))}:</b> " + inline_list(
                f"{entity_link(r.entity.id, r.entity.name)} ({escape(tr(r.relation))})" for r in d.related))
        if d.with_:
            parts.append(f"<b>{escape(tr('Appears with'))}:</b> " + inline_list(
                f"{entity_link(r.entity.id, r.entity.name)}&nbsp;({number(r.shared_articles)})" for r in d.with_))
        if d.outlets:
            rows = "".join(
                f"<tr><td style='padding:1px 6px'>{escape(i18n.outlet(o.outlet) or tr('(unknown outlet)'))}&nbsp;({number(o.articles)})</td>"
                f"<td dir='rtl' style='padding:1px 6px'>{'، '.join(escape(f) for f, _ in o.forms)}</td></tr>"
                for o in d.outlets[:10])
            parts.append(f"<b>{escape(tr('Outlets and the forms they use'))}:</b>"
                         f"<table cellspacing='0' style='margin-top:2px'>{rows}</table>")
        self._set_details("<br>".join(parts))
        self.detailsShown.emit(e.id)

    def _set_details(self, html: str) -> None:
        self.details.setText(html)
        self._fit_details()

    def _fit_details(self) -> None:
        """The details take their height up to a share of the panel and scroll beyond it.

        Unbounded, the details of a frequent entity (forms, outlets, co-occurrences) left the
        mention list a few rows high. While they are read the share is held for them, so the
        list does not jump when they arrive.
        """
        cap = max(60, int(self.height() * self.DETAILS_MAX_SHARE))
        if self.details_pending:
            h = cap
        else:
            h = min(cap, self.details.heightForWidth(max(100, self.details_area.viewport().width())))
        self.details_area.setFixedHeight(max(h, self.details.fontMetrics().height()))

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_details()

    def _link(self, href: str) -> None:
        parsed = parse_entity_href(href)
        if parsed is not None and parsed[0] is not None:
            self.entityRequested.emit(parsed[0])

    def _request_filter(self) -> None:
        if self.entity is not None:
            self.filterRequested.emit(self.entity.id)

    def _expand_new(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return
        for r in range(first, last + 1):
            self.tree.expand(self.model.index(r, 0))

    def _activated(self, index: QModelIndex) -> None:
        if not index.parent().isValid():  # an article row: its first mention
            index = self.model.index(0, 0, index)
        mention_id = index.data(MENTION_ROLE)
        article_id = index.data(ARTICLE_ROLE)
        if mention_id is not None and article_id is not None:
            self.mentionActivated.emit(int(article_id), int(mention_id))
