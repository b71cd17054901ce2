"""All entities of the library, most mentioned first, fetched a page at a time."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from reader.core.model import Label
from reader.ui.models.paging import PagedFetch
from reader.core.store import EntityRecord, Library
from reader.palette import LABEL_COLOURS
from reader.ui import icons
from reader.ui.i18n import counted, isolate, label_name, number, tr

ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class EntityListModel(PagedFetch, QAbstractListModel):
    def __init__(self, lib: Library, page_size: int = 200, parent: Any = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self.page_size = page_size
        self._rows: list[EntityRecord] = []
        self._label: Label | None = None
        self._query = ""
        self._exhausted = False

    def set_filter(self, label: Label | None = None, query: str = "") -> None:
        self._label, self._query = label, query
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def _more(self) -> bool:
        return not self._exhausted

    def _fetch_page(self) -> None:
        page = self.lib.entities(self._label, self._query, limit=self.page_size, offset=len(self._rows))
        if len(page) < self.page_size:
            self._exhausted = True
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        e = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{e.name}  ({number(e.n_articles)})"
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{e.name} — {label_name(e.label)}\n" + tr("{articles}, {mentions}",
                                                            articles=counted(e.n_articles, "article"),
                                                            mentions=counted(e.n_mentions, "mention"))
            if e.n_articles == 1:  # which one: entities of one name are told apart by it
                tip += "\n" + tr("in “{title}”", title=isolate(next(iter(self.lib.entity_titles(e.id, 1)), "")))
            return tip
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.label_icon(e.label)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(LABEL_COLOURS[e.label]).lighter(115)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#000000")
        if role == ID_ROLE:
            return e.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
