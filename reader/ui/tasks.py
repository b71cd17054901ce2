"""Background work on a QThreadPool, results posted back to the UI thread.

``run_task(fn, on_done, on_error, progress=...)`` runs ``fn(progress=..., cancel=...)`` on a worker
thread (Picard's ``run_task``, Anki's ``QueryOp``). The worker never touches widgets: it only
emits signals, which Qt delivers to the receiving object's (UI) thread as queued calls.
"""
from __future__ import annotations

import inspect
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from reader.core.logs import log

if TYPE_CHECKING:  # the pipeline imports the NER model: not needed to define tasks
    from reader.core.pipeline import Progress


class Task(QObject):
    """A handle on running work: ``cancel()`` asks it to stop at its next check."""

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # result
    failed = Signal(str, str)  # message, traceback
    ended = Signal()  # after finished or failed

    def __init__(self, name: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._cancel = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], task: Task) -> None:
        super().__init__()
        self.fn = fn
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        kwargs: dict[str, Any] = {}
        try:
            params = inspect.signature(self.fn).parameters
        except (TypeError, ValueError):
            params = {}  # type: ignore[assignment]
        if "progress" in params:
            kwargs["progress"] = task.progressed.emit
        if "cancel" in params:
            kwargs["cancel"] = task.is_cancelled
        try:
            result = self.fn(**kwargs)
        except BaseException as e:  # noqa: BLE001 - reported to the UI, never lost in a thread
            task.failed.emit(str(e) or type(e).__name__, traceback.format_exc())
        else:
            task.finished.emit(result)


class _Receiver(QObject):
    """Lives in the UI thread, so the queued signals arrive there."""

    def __init__(self, task: Task, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[str], None] | None, progress: Callable[[Progress], None] | None) -> None:
        super().__init__(task)
        self.task, self.on_done, self.on_error, self.on_progress = task, on_done, on_error, progress

    @Slot(object)
    def progressed(self, p: Progress) -> None:
        if self.on_progress and not self.task.done:
            self.on_progress(p)

    @Slot(object)
    def finished(self, result: Any) -> None:
        self.task.done = True
        try:
            if self.on_done:
                self.on_done(result)
        finally:
            self.task.ended.emit()

    @Slot(str, str)
    def failed(self, message: str, tb: str) -> None:
        self.task.done = True
        # Always logged with its traceback (reader.core.logs); the window says it in words.
        log.error("background task %r failed: %s\n%s", self.task.name, message, tb.rstrip())
        try:
            if self.on_error:
                self.on_error(message)
            else:
                import sys

                print(tb, file=sys.stderr)
        finally:
            self.task.ended.emit()


_live: set[Task] = set()


def run_task(fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[str], None] | None = None, *,
             progress: Callable[[Progress], None] | None = None, name: str = "",
             pool: QThreadPool | None = None) -> Task:
    """Run ``fn`` in the background; it may accept ``progress`` and ``cancel`` keyword arguments.

    ``on_done(result)``, ``on_error(message)`` and ``progress(Progress)`` run in the UI thread.
    ``fn`` must not touch widgets, and opens its own ``Library`` (one connection per thread).
    """
    task = Task(name)
    receiver = _Receiver(task, on_done, on_error, progress)
    task.progressed.connect(receiver.progressed)
    task.finished.connect(receiver.finished)
    task.failed.connect(receiver.failed)
    _live.add(task)  # keep the QObjects alive until the result is delivered
    task.ended.connect(lambda: _live.discard(task))
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, task))
    return task


def running() -> int:
    """How many background tasks have not yet delivered their result (each holds a connection of
    its own to the library while it runs)."""
    return len(_live)


def wait_all(timeout_ms: int = 30000) -> bool:
    """Wait for running tasks (on quit, in tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
