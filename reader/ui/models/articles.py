"""The library list: articles with title, outlet, date and entity count, fetched a page at a time.

With a search query the rows are :func:`reader.core.search.search` hits (ranked by relevance,
or by date or outlet) and each row has a snippet of its article around the hits (made for the
rows a view shows, when it asks for ``SNIPPET_ROLE``).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core import search
from reader.core.arabic import is_arabic
from reader.ui.models.paging import PagedFetch
from reader.core.store import ArticleSummary, Library
from reader.ui import i18n
from reader.ui.i18n import counted, number, tr

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3  # a reader.core.search.Snippet, or None without a search
HAS_SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 4  # whether the row has one (cheap: no snippet is made)
# The same story from several outlets (reader/core/duplicates.py): (other versions, other outlets)
# of a grouped row, else None; and the words the row shows for it ("also in 2 other outlets").
VERSIONS_ROLE = Qt.ItemDataRole.UserRole + 5
VERSIONS_TEXT_ROLE = Qt.ItemDataRole.UserRole + 6

SEARCH_PAGE = 50  # search results a page: a researcher reads the first few; each row reads its entity count

Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(PagedFetch, QAbstractTableModel):
    """Rows come from ``Library.list_articles`` in pages of ``page_size`` (canFetchMore/fetchMore).

    The total is counted once per filter, so the scroll bar only grows as pages arrive, and a
    30,000-article library costs one page of rows until the user scrolls.
    """

    TITLE, OUTLET, DATE, ENTITIES = range(4)
    COLUMNS = ("Title", "Outlet", "Date", "Entities")

    def __init__(self, lib: Library, page_size: int = 200, parent: Any = None, *,
                 query: str = "", entity_id: int | None = None, order: search.Sort = "rank") -> None:
        super().__init__(parent)
        self.lib = lib
        self.page_size = page_size
        self._rows: list[ArticleSummary] = []
        self._scores: dict[int, float] = {}
        self._snippets: dict[int, search.Snippet] = {}
        self._versions: dict[int, tuple[int, int]] = {}  # grouped rows fetched: (versions, outlets)
        self._total = 0
        self._query = query
        self._parsed = search.parse(query)
        self._entity_id: int | None = entity_id
        self._sort: search.Sort = order if order in search.SORTS else "rank"
        self._total = self._count()

    # -- filtering -------------------------------------------------------------------------
    @property
    def query(self) -> str:
        return self._query

    @property
    def entity_id(self) -> int | None:
        return self._entity_id

    @property
    def order(self) -> search.Sort:
        """The order of search results: "rank" (relevance), "date" or "outlet"; without a
        search the list is newest first. (Not ``sort``: that is QAbstractItemModel's method.)"""
        return self._sort

    @property
    def searching(self) -> bool:
        """Whether a search query is in force (typed, even if it can match nothing)."""
        return bool(self._query.strip())

    @property
    def parsed_query(self) -> search.Query:
        return self._parsed

    @property
    def total(self) -> int:
        """Rows matching the filter (not all fetched yet)."""
        return self._total

    def set_filter(self, query: str | None = None,
                   entity_id: int | None | type[Ellipsis] = ...,  # type: ignore[valid-type,assignment]
                   order: search.Sort | None = None) -> None:
        if query is not None:
            self._query = query
            self._parsed = search.parse(query)
        if entity_id is not ...:
            self._entity_id = entity_id  # type: ignore[assignment]
        if order is not None and order in search.SORTS:
            self._sort = order
        self.refresh()

    def refresh(self) -> None:
        """Re-read from the library (after a filter change or an import)."""
        self.beginResetModel()
        self._rows = []
        self._scores = {}
        self._snippets = {}
        self._versions = {}
        self._total = self._count()
        self.endResetModel()

    def refresh_versions(self) -> None:
        """Re-read the groups of the rows fetched (after grouping ran in the background)."""
        self._versions = self.lib.duplicate_counts([a.id for a in self._rows])
        if self._rows:
            self.dataChanged.emit(self.index(0, self.TITLE), self.index(len(self._rows) - 1, self.TITLE),
                                  [VERSIONS_ROLE, VERSIONS_TEXT_ROLE, Qt.ItemDataRole.ToolTipRole])

    def _count(self) -> int:
        if not self.searching:
            return self.lib.count_articles("", self._entity_id)
        return search.count(self.lib, self._parsed, entity_id=self._entity_id)

    # -- lazy fetching ---------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def _fetch_page(self) -> None:
        if self.searching:
            hits = search.search(self.lib, self._parsed, limit=min(self.page_size, SEARCH_PAGE), offset=len(self._rows),
                                 sort=self._sort, entity_id=self._entity_id, snippets=False)
            page = [ArticleSummary(h.id, h.source, h.title, h.outlet, h.date, h.n_entities) for h in hits]
            self._scores.update((h.id, h.score) for h in hits)
        else:
            page = self.lib.list_articles("", self._entity_id, limit=self.page_size, offset=len(self._rows))
        if not page:
            self._total = len(self._rows)  # the library shrank under us
            return
        self._versions.update(self.lib.duplicate_counts([a.id for a in page]))
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
                return i18n.outlet(a.outlet)
            if col == self.DATE:
                return a.date[:10]
            if col == self.ENTITIES:
                return number(a.n_entities)  # a string: Qt would write an int in the locale's digits
        elif role == Qt.ItemDataRole.ToolTipRole and col == self.OUTLET:
            return a.outlet  # the field as stored (a code or a domain)
        elif role == Qt.ItemDataRole.ToolTipRole and col == self.TITLE:
            versions = versions_text(self._versions.get(a.id))
            extra = "\n" + versions if versions else ""
            if self.searching:
                return a.title + "\n\n" + self.snippet(a.id).text + "\n\n" + a.source + extra
            return a.title + "\n" + a.source + extra
        elif role == VERSIONS_ROLE:
            return self._versions.get(a.id)
        elif role == VERSIONS_TEXT_ROLE and col == self.TITLE:
            return versions_text(self._versions.get(a.id))
        elif role == SNIPPET_ROLE:
            return self.snippet(a.id) if self.searching else None
        elif role == HAS_SNIPPET_ROLE:
            return self.searching
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
    def snippet(self, article_id: int) -> search.Snippet:
        """The search snippet of a listed article (made on first request, then kept)."""
        snip = self._snippets.get(article_id)
        if snip is None:
            try:
                text = self.lib.article(article_id).text
            except KeyError:
                text = ""
            snip = search.snippet(text, self._parsed)
            self._snippets[article_id] = snip
        return snip

    def score(self, article_id: int) -> float | None:
        """The relevance score of a listed search result."""
        return self._scores.get(article_id)

    def article_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: int) -> int | None:
        """Row of an article among the fetched rows (None if not fetched / filtered out)."""
        for i, a in enumerate(self._rows):
            if a.id == article_id:
                return i
        return None


def versions_text(counts: tuple[int, int] | None) -> str:
    """What a grouped row says of its other versions: the outlets they are in, or how many there
    are when all are in its own outlet; "" for a row in no group."""
    if not counts:
        return ""
    versions, outlets = counts
    return counted(outlets, "also in other outlets") if outlets else counted(versions, "other version")
