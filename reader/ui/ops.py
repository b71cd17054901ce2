"""Library work in the background, one way: an op receives the library and says what it changed.

Modelled on Anki's ``CollectionOp``/``QueryOp``. An op is a function of a :class:`Library`,
run on a worker thread with a connection of its own (opened and closed around it, since a
connection belongs to one thread). An op that writes declares the :class:`Changes` it makes;
when it ends, :class:`LibraryOps` emits them once on its ``changed`` signal, and each view
refreshes what concerns it (the window connects them). A read-only op (:func:`query`) changes
nothing and says so.

The ops also own the linking state's memory policy: relinking keeps the whole library's
linking state so that the next correction is quick (hundreds of MB at 30k articles); once no op
has run for a while, or the window closes, it is kept on disk and its memory given back.
"""
from __future__ import annotations

import inspect
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from reader.core.store import Library
from reader.ui.tasks import Task, run_task

LINK_STATE_IDLE_MS = 5 * 60 * 1000  # see LibraryOps._drop_link_state
OUTSIDE_REFRESH_S = 10.0  # see LibraryOps.notice_outside_writes


@dataclass(frozen=True)
class Changes:
    """What an op changed in the library; views refresh what concerns them."""

    articles: bool = False  # articles added, updated or removed (the list, the counts)
    entities: bool = False  # mentions, entities or their links (highlights, the entity panel and list)
    groups: bool = False  # the same story's versions across outlets
    history: bool = False  # the corrections' undo/redo history
    follow_key: str | None = None  # the entity the panel shows afterwards (ids may change, keys do not)

    def following(self, key: str | None) -> "Changes":
        return replace(self, follow_key=key)


NOTHING = Changes()
IMPORTED = Changes(articles=True, entities=True, groups=True)
RELINKED = Changes(entities=True)
CORRECTED = Changes(entities=True, history=True)
GROUPED = Changes(groups=True)
EVERYTHING = Changes(articles=True, entities=True, groups=True, history=True)


def _call(op: Callable[..., Any], lib: Library, progress: Callable[[Any], None],
          cancel: Callable[[], bool]) -> Any:
    """``op(lib)``, given ``progress``/``cancel`` where it takes them."""
    try:
        params = inspect.signature(op).parameters
    except (TypeError, ValueError):
        params = {}  # type: ignore[assignment]
    kwargs: dict[str, Any] = {}
    if "progress" in params:
        kwargs["progress"] = progress
    if "cancel" in params:
        kwargs["cancel"] = cancel
    return op(lib, **kwargs)


def _on_own_connection(path: Path, op: Callable[..., Any]) -> Callable[..., Any]:
    def work(progress: Callable[[Any], None], cancel: Callable[[], bool]) -> Any:
        lib = Library.open(path)  # this thread's own connection
        try:
            return _call(op, lib, progress, cancel)
        finally:
            lib.close()

    return work


def query(path: Path, op: Callable[[Library], Any], on_done: Callable[[Any], None] | None = None,
          on_failed: Callable[[str], None] | None = None, *, name: str = "",
          pool: QThreadPool | None = None) -> Task:
    """Read the library in the background (``QueryOp``): ``op(lib)``'s result goes to ``on_done``."""
    return run_task(_on_own_connection(path, op), on_done, on_failed, name=name, pool=pool)


class LibraryOps(QObject):
    """Runs the ops that change one library and tells the views what changed."""

    changed = Signal(object)  # Changes: after an op ends, before its on_done / on_failed

    def __init__(self, path: Path, parent: QObject | None = None,
                 data_version: Callable[[], int] | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.running: list[Task] = []
        # The window's connection's ``Library.data_version``: ``notice_outside_writes`` compares it
        # with the reading taken when the last op ended.
        self._data_version = data_version
        self._seen_version: int | None = None
        self._outside_since: float | None = None  # when writes from outside began, not yet told
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(LINK_STATE_IDLE_MS)
        self._idle.timeout.connect(self._drop_link_state)

    def run(self, op: Callable[..., Any], changes: Changes, on_done: Callable[[Any], None],
            on_failed: Callable[[str], None], *, progress: Callable[[Any], None] | None = None,
            name: str = "") -> Task:
        """Run ``op(lib[, progress=][, cancel=])`` in the background (``CollectionOp``).

        ``changes`` are emitted when it ends, and also when it fails: what it stored before the
        error is shown (an import keeps the articles stored so far). ``on_failed`` says what
        failed in words (the traceback is logged by ``run_task``).
        """
        def done(result: Any) -> None:
            self._ended(changes)
            on_done(result)

        def failed(message: str) -> None:
            self._ended(changes)
            on_failed(message)

        task = run_task(_on_own_connection(self.path, op), done, failed, progress=progress, name=name)
        self.running.append(task)
        task.ended.connect(lambda: self.running.remove(task))
        self._idle.stop()
        return task

    def cancel(self) -> None:
        """Ask every running op to stop at its next check (those that take ``cancel``)."""
        for task in self.running:
            task.cancel()

    def _ended(self, changes: Changes) -> None:
        self._idle.start()
        self._seen_version = None if self.running else self._read_version()
        self._outside_since = None  # what the op's changes refresh shows any write before it too
        if changes != NOTHING:
            self.changed.emit(changes)

    def _read_version(self) -> int | None:
        if self._data_version is None:
            return None
        try:
            return self._data_version()
        except sqlite3.Error:  # the window's connection is closing with the window
            return None

    def notice_outside_writes(self) -> bool:
        """Emit ``changed`` (everything) after another program wrote to the library: ``reader
        import`` beside the window, another SQLite client. Called every few seconds; returns
        whether it emitted.

        The data version also moves with this window's own ops, whose changes are emitted when
        they end: it is compared only while no op runs, with the reading taken as the last op
        ended (a write from outside during an op shows with the next one). The views are told
        once the writes have paused for one call, or every ``OUTSIDE_REFRESH_S`` while they go
        on (a long import beside the window), not at each: a refresh re-reads the lists.
        """
        if self.running:
            return False
        version = self._read_version()
        if version is None:
            return False
        seen, self._seen_version = self._seen_version, version
        now = time.monotonic()
        if seen is not None and version != seen:  # written since the last call
            if self._outside_since is None:
                self._outside_since = now
            if now - self._outside_since < OUTSIDE_REFRESH_S:
                return False
        elif self._outside_since is None:
            return False
        self._outside_since = None
        self.changed.emit(EVERYTHING)
        return True

    def _drop_link_state(self) -> None:
        """Idle for a while after the last op: keep the linking state on disk, give back its memory.

        A correction after this reads it back from the cache folder (seconds at 30k articles)
        unless another program relinked meanwhile; then it rebuilds it (~25 s at 30k).
        """
        if self.running:
            self._idle.start()
            return
        self.keep_link_state(forget=True)

    def prepare_link_state(self) -> Task:
        """Read the linking state kept on disk back in the background, before the first
        correction needs it; given back like any other after a while idle."""
        from reader.core.linking.state import preload_link_state

        def done(loaded: bool) -> None:
            if loaded and not self.running:
                self._idle.start()

        return query(self.path, preload_link_state, done, lambda message: None, name="reading the linking state back")

    def keep_link_state(self, forget: bool = False) -> None:
        """Keep the linking state on disk for the next relink (the window closes, or is idle),
        in the background: the app waits for background work before it exits. ``forget``: then
        give back its memory."""
        from reader.core.linking import forget_link_state, save_link_state

        path = self.path

        def work() -> None:
            save_link_state(path)
            if forget:
                forget_link_state()  # collects and hands the freed heap back to the system

        run_task(work, name="keeping the linking state on disk")
