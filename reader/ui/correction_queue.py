"""The researcher's corrections, applied in the background one at a time, in the order made.

Each correction is written to the library's journal (``reader.core.journal``) before it is
queued, so a kill loses none: the next window replays what the journal holds. Each is applied
as a library op (``reader.ui.ops``) on a connection of its own; two made in quick succession
never race. While the library cannot be written (another program removed its WAL), the queue
waits, still in the journal, until the window has reopened the library.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from reader.core import journal
from reader.core.logs import log
from reader.core.store import Library
from reader.ui.i18n import tr
from reader.ui.ops import CORRECTED, LibraryOps
from reader.ui.tasks import Task


@dataclass(frozen=True)
class Queued:
    """A correction waiting to be applied in the background."""

    fn: Callable[[Library], Any]  # stores it and relinks, on the worker's own connection
    key: str | None  # the entity the panel shows afterwards (ids may change, keys do not)
    on_applied: Callable[[Any], None] | None = None
    message: str | None = None  # the status bar's text while it runs (default "Working…")
    replayed: bool = False  # left in the journal by a reader that stopped


def _applying(entry: journal.Entry) -> Callable[[Library], Any]:
    return lambda lib: journal.apply(lib, entry)


class CorrectionQueue(QObject):
    """Journals, queues and applies corrections; says what it is doing through its signals."""

    status = Signal(str, int)  # text for the status bar ("" clears it), timeout in ms (0: until replaced)
    failed = Signal(str, str)  # what failed, what to do next
    applied = Signal()  # the queue is empty: every correction is applied and shown
    waiting = Signal()  # nothing runs, and what is queued waits for the library to be reopened

    def __init__(self, lib: Library, ops: LibraryOps, can_write: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self.ops = ops
        self.can_write = can_write  # False while the library waits to be reopened
        self.journal = journal.Journal(lib.path)
        self._items: list[Queued] = []
        self._task: Task | None = None
        self._journal_warned = False

    # -- state -------------------------------------------------------------------------------
    def pending(self) -> int:
        """Corrections queued or being applied."""
        return len(self._items) + (self._task is not None)

    @property
    def running(self) -> bool:
        return self._task is not None

    # -- adding ------------------------------------------------------------------------------
    def add(self, fn: Callable[[Library], Any], follow_key: str | None,
            on_applied: Callable[[Any], None] | None = None) -> None:
        """Queue ``fn(lib)``, which stores a correction and relinks (incrementally)."""
        self._enqueue(Queued(fn, follow_key, on_applied))

    def add_entry(self, entry: journal.Entry, follow_key: str | None = None,
                  on_applied: Callable[[Any], None] | None = None) -> None:
        """Journal what the user did (on disk before this returns), then queue it."""
        why = self.open_journal()
        if why is None:
            try:
                self.journal.append(entry)
            except OSError as e:
                why = str(e)
        self.add(_applying(entry), follow_key, on_applied)
        if why is not None:
            self.journal_unusable(why)

    def _enqueue(self, item: Queued) -> None:
        self._items.append(item)
        if item.message is None:  # one with a message shows it when it starts
            self.status.emit(tr("Working…"), 0)
        if self._task is None:
            self._next()

    # -- the journal -------------------------------------------------------------------------
    def open_journal(self) -> str | None:
        """Hold the library's journal, and queue what a reader that stopped left in it.

        Returns why it cannot be used (another reader process replaying it, a read-only folder),
        else None. Corrections are then applied as usual, but a kill before they are loses them;
        the next correction tries again.
        """
        if self.journal.owned:
            return None
        try:
            self.journal.acquire()
            left, problems = self.journal.pending(self.lib)
        except (journal.JournalBusy, OSError) as e:
            self.journal.release(remove_if_empty=False)
            return str(e)
        for n, entry in enumerate(left, 1):
            self._enqueue(Queued(_applying(entry), None, message=tr(
                "Applying corrections saved before the reader stopped ({n} of {total})…", n=n, total=len(left)),
                replayed=True))
        for problem in problems:
            print(f"reader: {problem}", file=sys.stderr)
            self.status.emit(tr("Corrections journal: {problem}", problem=problem), 15000)
        return None

    def journal_unusable(self, why: str) -> None:
        if not self._journal_warned:  # once: every correction would say it again
            self._journal_warned = True
            self.status.emit(tr(
                "Corrections journal unavailable ({error}): corrections are saved only once applied.", error=why), 15000)

    def replay_journal(self) -> None:
        """The library was reopened: what was queued is in the journal, replayed from there once."""
        if self.journal.owned:
            self._items.clear()
            left, _ = self.journal.pending(self.lib)
            for entry in left:
                self._items.append(Queued(_applying(entry), None, replayed=True))
        self.resume()

    def release(self) -> None:
        """The window closes with nothing queued: the journal is empty and its file goes."""
        self.journal.release()

    # -- applying ----------------------------------------------------------------------------
    def resume(self) -> None:
        """Apply what waits, if nothing is being applied."""
        if self._task is None:
            self._next()

    def _next(self) -> None:
        self._task = None
        if not self.can_write():
            self.waiting.emit()  # the queue waits (it is in the journal) for the library to reopen: resume()
            return
        if not self._items:
            self._clear_journal()
            self.applied.emit()
            return
        item = self._items.pop(0)
        if item.message:
            self.status.emit(item.message, 0)

        def op(lib: Library) -> Any:
            result = item.fn(lib)
            from reader.core.linking import compact_link_state

            compact_link_state(lib.path)  # a state just built is kept: packed into fresh memory (once)
            return result

        def done(result: Any) -> None:
            self.status.emit("", 0)
            if item.on_applied is not None:
                item.on_applied(result)

        def failed(message: str) -> None:
            if not self.can_write():
                return  # not applied: still in the journal, replayed once the library is reopened
            if item.replayed:
                log.warning("dropped a correction saved before the reader stopped: %s", message)
                self.failed.emit(tr("A correction saved before the reader stopped could not be applied: {error}",
                                    error=message),
                                 tr("Your other corrections are kept. Make this one again if it is still needed."))
            else:
                self.failed.emit(tr("The correction could not be applied: {error}", error=message),
                                 tr("The library is as it was before it; your other corrections are kept. Try it again."))

        self._task = self.ops.run(op, CORRECTED.following(item.key), done, failed, name="correction")
        self._task.ended.connect(self._next)

    def _clear_journal(self) -> None:
        """Every journaled correction is applied (or dropped): empty the journal."""
        if self.journal.owned and self.can_write():
            try:
                self.journal.clear()
            except OSError as e:  # harmless: replay skips what the library says is applied
                print(f"reader: {self.journal.path}: {e}", file=sys.stderr)
