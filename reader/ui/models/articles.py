"""The library list: articles with title, outlet, date and entity count, fetched a page at a time."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.arabic import is_arabic
from reader.ui.models.paging import PagedFetch
from reader.core.store import ArticleSummary, Library
from reader.ui.i18n import tr

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(PagedFetch, QAbstractTableModel):
    """Rows come from ``Library.list_articles`` in pages of ``page_size`` (canFetchMore/fetchMore).

    The total is counted once per filter, so the scroll bar only grows as pages arrive, and a
    30,000-article library costs one page of rows until the user scrolls.
    """

    TITLE, OUTLET, DATE, ENTITIES = range(4)
    COLUMNS = ("Title", "Outlet", "Date", "Entities")

    def __init__(self, lib: Library, page_size: int = 200, parent: Any = None, *,
                 query: str = "", entity_id: int | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self.page_size = page_size
        self._rows: list[ArticleSummary] = []
        self._total = 0
        self._query = query
        self._entity_id: int | None = entity_id
        self._total = self.lib.count_articles(self._query, self._entity_id)

    # -- filtering -------------------------------------------------------------------------
    @property
    def query(self) -> str:
        return self._query

    @property
    def entity_id(self) -> int | None:
        return self._entity_id

    @property
    def total(self) -> int:
        """Rows matching the filter (not all fetched yet)."""
        return self._total

    def set_filter(self, query: str | None = None, entity_id: int | None | type[Ellipsis] = ...) -> None:  # type: ignore[valid-type]
        if query is not None:
            self._query = query
        if entity_id is not ...:
            self._entity_id = entity_id  # type: ignore[assignment]
        self.refresh()

    def refresh(self) -> None:
        """Re-read from the library (after a filter change or an import)."""
        self.beginResetModel()
        self._rows = []
        self._total = self.lib.count_articles(self._query, self._entity_id)
        self.endResetModel()

    # -- lazy fetching ---------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def _fetch_page(self) -> None:
        page = self.lib.list_articles(self._query, self._entity_id, limit=self.page_size, offset=len(self._rows))
        if not page:
            self._total = len(self._rows)  # the library shrank under us
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def fetch_until(self, row: int) -> None:
        """Fetch pages until ``row`` exists (or nothing is left)."""
        while row >= len(self._rows) and self.canFetchMore():
            before = len(self._rows)
            self.fetchMore()
            if len(self._rows) == before:
                break

    # -- QAbstractItemModel ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TITLE:
                return a.title or a.source.rsplit("/", 1)[-1]
            if col == self.OUTLET:
                return a.outlet
            if col == self.DATE:
                return a.date[:10]
            if col == self.ENTITIES:
                return a.n_entities
        elif role == Qt.ItemDataRole.ToolTipRole and col == self.TITLE:
            return a.title + "\n" + a.source
        elif role == Qt.ItemDataRole.TextAlignmentRole and col == self.ENTITIES:
            return int(Qt.AlignmentFlag.AlignCenter)
        elif role == ID_ROLE:
            return a.id
        elif role == SUMMARY_ROLE:
            return a
        elif role == Qt.ItemDataRole.AccessibleTextRole and col == self.TITLE:
            return a.title
        elif role == Qt.ItemDataRole.UserRole and col == self.TITLE:
            return is_arabic(a.title)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # -- helpers ---------------------------------------------------------------------------
    def article_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: int) -> int | None:
        """Row of an article among the fetched rows (None if not fetched / filtered out)."""
        for i, a in enumerate(self._rows):
            if a.id == article_id:
                return i
        return None
