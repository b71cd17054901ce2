"""The library pane: search, an entity filter chip, the article list; and a list of entities."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.core.arabic import is_arabic
from reader.core.model import Label
from reader.core.store import Library
from reader.ui import icons
from reader.ui.i18n import label_name, number, tr
from reader.ui.models.articles import ID_ROLE, ArticleListModel
from reader.ui.models.entities import ID_ROLE as ENTITY_ID_ROLE
from reader.ui.models.entities import EntityListModel

SEARCH_DELAY_MS = 250


class TextDirectionDelegate(QStyledItemDelegate):
    """Lays each cell out in its own text's direction: an Arabic title in an English UI is
    right-aligned and elided at its end (its left), not cut in the middle of a word on the right."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if option.text:
            option.direction = Qt.LayoutDirection.RightToLeft if is_arabic(option.text) else Qt.LayoutDirection.LeftToRight


class FilterChip(QFrame):
    """"Only articles mentioning X" with a button that removes the filter."""

    removed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChip")
        self.setStyleSheet("#filterChip { border: 1px solid palette(mid); border-radius: 10px; background: palette(alternate-base); }")
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.icon = QLabel(self)
        self.icon.setPixmap(icons.icon(icons.FILTER).pixmap(14, 14))
        self.close_button = QToolButton(self)
        self.close_button.setIcon(icons.icon(icons.CLOSE))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.removed)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 1, 2, 1)
        lay.addWidget(self.icon)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.close_button)


class LibraryView(QWidget):
    articleActivated = Signal(int)
    entityActivated = Signal(int)
    countChanged = Signal()

    def __init__(self, lib: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self._entity_name = ""
        self._quiet = False  # selecting programmatically: do not re-open the article

        # -- articles --
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon(icons.SEARCH), QLineEdit.ActionPosition.LeadingPosition)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_search)

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
        header.resizeSection(ArticleListModel.OUTLET, 90)
        header.resizeSection(ArticleListModel.DATE, 88)
        header.resizeSection(ArticleListModel.ENTITIES, 60)
        self.direction_delegate = TextDirectionDelegate(self)
        for col in (ArticleListModel.TITLE, ArticleListModel.OUTLET):
            self.list.setItemDelegateForColumn(col, self.direction_delegate)
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        self.list.activated.connect(self._activated)
        self.model.modelReset.connect(self.countChanged)
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.countChanged.connect(self._update_count)

        articles = QWidget(self)
        lay = QVBoxLayout(articles)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.search)
        lay.addWidget(self.chip)
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
        self._update_count()

    def selected_entity_ids(self) -> list[int]:
        """Entities selected in the entity list, in list order."""
        rows = sorted(i.row() for i in self.entity_list.selectionModel().selectedIndexes())
        ids = [self.entity_model.index(r, 0).data(ENTITY_ID_ROLE) for r in rows]
        return [int(i) for i in ids if i is not None]

    def retranslate(self) -> None:
        self.search.setPlaceholderText(tr("Search articles…"))
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
        self._update_count()

    # -- filters ---------------------------------------------------------------------------
    def apply_search(self) -> None:
        self._search_timer.stop()
        if self.search.text() != self.model.query:
            self.model.set_filter(query=self.search.text())

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

    def refresh(self) -> None:
        """Re-read the lists (after an import), keeping the current article selected if possible."""
        current = self.current_article_id()
        self.model.refresh()
        self.entity_model.refresh()
        if current is not None:
            self.select_article(current, emit=False)

    def _update_count(self) -> None:
        total = self.lib.count_articles()
        shown = self.model.total
        self.count_label.setText(tr("{n} articles", n=number(total)) if shown == total
                                 else tr("{shown} of {total} articles", shown=number(shown), total=number(total)))

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
