"""Every mention of one entity across the library, grouped by article, fetched a page at a time.

A two-level tree: articles (newest first) and under each its mentions with their sentences.
Pages of mentions arrive in article order, so a page either extends the last article's group
or starts new groups.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from reader.ui.models.paging import PagedFetch
from reader.core.store import Library, MentionInContext
from reader.palette import LABEL_COLOURS
from reader.ui import i18n
from reader.ui.i18n import counted, isolate, number, tr, tr_reason

Index = QModelIndex | QPersistentModelIndex

HTML_ROLE = Qt.ItemDataRole.UserRole + 10  # rich text of a sentence, the mention emphasised
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 11  # article id (both levels)
MENTION_ROLE = Qt.ItemDataRole.UserRole + 12  # mention id (mention rows)
CONTEXT_ROLE = Qt.ItemDataRole.UserRole + 13  # the MentionInContext (mention rows)


@dataclass
class _Group:
    article_id: int
    title: str
    outlet: str
    date: str
    mentions: list[MentionInContext] = field(default_factory=list)


def sentence_html(ctx: MentionInContext, max_chars: int = 400) -> str:
    """The sentence, escaped, with the mention bold on its type's colour; long sentences trimmed."""
    s, a, b = ctx.sentence, ctx.local_start, ctx.local_end
    a, b = max(0, min(a, len(s))), max(0, min(b, len(s)))
    before, mention, after = s[:a], s[a:b], s[b:]
    half = max_chars // 2
    if len(before) > half:
        before = "… " + before[-half:]
    if len(after) > half:
        after = after[:half] + " …"
    colour = LABEL_COLOURS[ctx.mention.label]
    return (escape(before) + f'<b style="background-color:{colour}; color:#000000;">{escape(mention)}</b>'
            + escape(after))


class EntityMentionsModel(PagedFetch, QAbstractItemModel):
    def __init__(self, lib: Library, page_size: int = 100, parent: Any = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self.page_size = page_size
        self.entity_id: int | None = None
        self._groups: list[_Group] = []
        self._loaded = 0
        self._exhausted = True
        self._order: list[int] | None = None  # the entity's mention ids in display order, read once
        self._paused = 0

    def set_entity(self, entity_id: int | None) -> None:
        self.beginResetModel()
        self.entity_id = entity_id
        self._groups = []
        self._loaded = 0
        self._order = None
        self._exhausted = entity_id is None
        self.endResetModel()

    def refresh(self) -> bool:
        """Re-read the rows loaded so far in place (their articles' titles, outlets, dates and
        sentences), keeping the view's place: another program may have edited those articles.
        False, changing nothing, where the mentions themselves changed: the caller shows the
        entity afresh."""
        ids = [c.mention.id for g in self._groups for c in g.mentions]
        fresh = self.lib.mentions_in_context(ids)
        if [c.mention.id for c in fresh] != ids:
            return False
        at = 0
        for row, g in enumerate(self._groups):
            new, at = fresh[at:at + len(g.mentions)], at + len(g.mentions)
            head = (new[0].article_title, new[0].outlet, new[0].date)
            if head != (g.title, g.outlet, g.date):
                g.title, g.outlet, g.date = head
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
            changed = [i for i, (a, b) in enumerate(zip(g.mentions, new)) if a != b]
            g.mentions = list(new)
            if changed:
                parent = self.index(row, 0)
                self.dataChanged.emit(self.index(changed[0], 0, parent), self.index(changed[-1], 0, parent))
        return True

    @property
    def loaded(self) -> int:
        """Mentions fetched so far."""
        return self._loaded

    # -- lazy fetching ---------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._paused

    @contextmanager
    def fetching_paused(self) -> Iterator[None]:
        """No page is fetched inside (``canFetchMore`` says no): for a view laying out its rows."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def _more(self) -> bool:
        return not self._exhausted and self.entity_id is not None

    def _fetch_page(self) -> None:
        if self._order is None:
            # the order of all the entity's mentions in one query; each page then reads only its rows
            self._order = self.lib.entity_mention_order(self.entity_id)
        ids = self._order[self._loaded:self._loaded + self.page_size]
        page = self.lib.mentions_in_context(ids)
        if self._loaded + len(ids) >= len(self._order):
            self._exhausted = True
        self._loaded += len(ids)  # ids deleted since the order was read are skipped, not fetched again
        if not page:
            return
        i = 0
        if self._groups and page[0].mention.article_id == self._groups[-1].article_id:
            last = self._groups[-1]
            while i < len(page) and page[i].mention.article_id == last.article_id:
                i += 1
            parent_index = self.index(len(self._groups) - 1, 0)
            self.beginInsertRows(parent_index, len(last.mentions), len(last.mentions) + i - 1)
            last.mentions.extend(page[:i])
            self.endInsertRows()
        new: list[_Group] = []
        for ctx in page[i:]:
            if not new or new[-1].article_id != ctx.mention.article_id:
                new.append(_Group(ctx.mention.article_id, ctx.article_title, ctx.outlet, ctx.date))
            new[-1].mentions.append(ctx)
        if new:
            self.beginInsertRows(QModelIndex(), len(self._groups), len(self._groups) + len(new) - 1)
            self._groups.extend(new)
            self.endInsertRows()

    # -- structure: internalId 0 = article row, n = mention row of group n-1 -----------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()].mentions):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._groups):
            return len(self._groups[parent.row()].mentions)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return f | Qt.ItemFlag.ItemNeverHasChildren if index.internalId() != 0 else f

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if section == 0 and orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr("Mentions")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if index.row() >= len(self._groups):
                return None
            g = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                parts = [isolate(x) for x in (i18n.outlet(g.outlet), g.date[:10]) if x]
                parts.append(isolate(counted(len(g.mentions), "mention")))
                return f"{g.title}\n" + " · ".join(parts)
            if role == HTML_ROLE:
                parts = [isolate(x) for x in (i18n.outlet(g.outlet), g.date[:10]) if x]
                parts.append(isolate(counted(len(g.mentions), "mention")))
                return (f"<b>{escape(g.title)}</b><br>"
                        f"<span style='color:#666666; font-size:small'>{escape(' · '.join(parts))}</span>")
            if role == ARTICLE_ROLE:
                return g.article_id
            if role == Qt.ItemDataRole.ToolTipRole:
                return g.title
            return None
        gi = index.internalId() - 1
        if gi >= len(self._groups) or index.row() >= len(self._groups[gi].mentions):
            return None
        ctx = self._groups[gi].mentions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return ctx.sentence
        if role == HTML_ROLE:
            return sentence_html(ctx)
        if role == ARTICLE_ROLE:
            return ctx.mention.article_id
        if role == MENTION_ROLE:
            return ctx.mention.id
        if role == CONTEXT_ROLE:
            return ctx
        if role == Qt.ItemDataRole.ToolTipRole:
            return ctx.mention.text + (f"\n{tr_reason(ctx.mention.link_reason)}" if ctx.mention.link_reason else "")
        return None

    def first_mention_index(self) -> QModelIndex:
        return self.index(0, 0, self.index(0, 0)) if self._groups else QModelIndex()
