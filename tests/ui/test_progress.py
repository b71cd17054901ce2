"""The status-bar progress of background work: percentage, the task's message and the time left."""
from __future__ import annotations

from reader.core.progress import Eta, Progress


def test_progress_shows_percent_message_and_time_left(ui_lib, make_window) -> None:
    w = make_window(ui_lib)
    now = [0.0]
    w._eta = Eta(clock=lambda: now[0])
    bar = w.task_status.bar
    w._task_progress(Progress(0, 10_000_000_000, "0 articles"))  # more bytes than a C int holds
    assert bar.maximum() == 1000 and bar.value() == 0
    assert bar.format() == "%p% · 0 articles"
    now[0] = 60.0
    w._task_progress(Progress(2_500_000_000, 10_000_000_000, "7,500 articles"))
    assert bar.value() == 250
    assert bar.format() == "%p% · 7,500 articles · 3:00 left"
