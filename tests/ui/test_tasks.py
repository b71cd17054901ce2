"""Background work: results, progress and errors arrive in the UI thread; cancel stops it."""
from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from reader.ui.tasks import run_task


class _Progress:  # stand-in for reader.core.pipeline.Progress (the pipeline needs the NER model)
    def __init__(self, done: int, total: int, message: str = "") -> None:
        self.done, self.total, self.message = done, total, message


def test_result_and_progress_in_ui_thread(qtbot):
    seen: list[tuple[int, bool]] = []
    results: list[object] = []
    worker_threads: list[threading.Thread] = []

    def work(progress, cancel):
        worker_threads.append(threading.current_thread())
        for i in range(3):
            progress(_Progress(i + 1, 3))
        return "done"

    def on_progress(p):
        seen.append((p.done, QThread.currentThread() is QApplication.instance().thread()))

    task = run_task(work, results.append, progress=on_progress)
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert results == ["done"]
    assert worker_threads[0] is not threading.main_thread()
    assert [d for d, _ in seen] == [1, 2, 3] and all(ui for _, ui in seen)


def test_cancel_and_error(qtbot):
    started = threading.Event()
    results: list[object] = []

    def slow(cancel):
        started.set()
        while not cancel():
            time.sleep(0.01)
        return "cancelled"

    task = run_task(slow, results.append)
    assert started.wait(5)
    with qtbot.waitSignal(task.ended, timeout=5000):
        task.cancel()
    assert results == ["cancelled"]

    errors: list[str] = []

    def boom():
        raise ValueError("bad file")

    task = run_task(boom, results.append, errors.append)
    with qtbot.waitSignal(task.ended, timeout=5000):
        pass
    assert errors == ["bad file"]


def test_window_runs_export_in_background(make_window, ui_lib, qtbot, tmp_path):
    import json

    w = make_window(ui_lib)
    out = tmp_path / "lib.json"
    with qtbot.waitSignal(w.taskEnded, timeout=10000):
        w.export_data("json", out)
        assert w.task_status.isVisibleTo(w)
    assert not w.task_status.isVisibleTo(w)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["articles"]) == 3


def test_window_exports_pdf_of_current_article(make_window, ui_lib, qtbot, tmp_path):
    pytest.importorskip("reader.export.pdf")
    w = make_window(ui_lib)
    aid = ui_lib.find_article("/data/0.txt").id
    w.open_article(aid)
    assert w.export_ids() == [aid]
    out = tmp_path / "a.pdf"
    with qtbot.waitSignal(w.taskEnded, timeout=60000):
        w.export_pdf(w.export_ids(), out)
    assert out.read_bytes().startswith(b"%PDF")
    assert "a.pdf" in w.statusBar().currentMessage()
