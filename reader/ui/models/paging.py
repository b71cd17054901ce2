"""The guarded page fetch the lazily fetching models share."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

Index = QModelIndex | QPersistentModelIndex


class PagedFetch:
    """``fetchMore`` that reads one page, never re-entered.

    Views and pytest-qt's model tester call ``fetchMore`` from their own rowsInserted handlers:
    a nested call would insert rows while the outer insertion is still being announced.
    Subclasses implement ``_fetch_page`` and may narrow ``_more``.
    """

    _fetching = False

    def _more(self) -> bool:
        """Whether another page may exist (checked before each fetch)."""
        return True

    def _fetch_page(self) -> None:
        raise NotImplementedError

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt's name
        if self._fetching or parent.isValid() or not self._more():
            return
        self._fetching = True
        try:
            self._fetch_page()
        finally:
            self._fetching = False
