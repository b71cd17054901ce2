"""A window killed with corrections queued: the next window on the library applies them, once.

A kill is simulated by a snapshot of what is on disk at that moment: the library as committed
(SQLite's backup API, while the correction being applied is still uncommitted) and the journal.
"""
from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from ui_helpers import _close_windows, corrections_applied as applied, mention_by_text
from reader.core import corrections as corr
from reader.core.journal import journal_path
from reader.core.store import Library


@pytest.fixture
def gated_relink(monkeypatch):
    """Relinks wait for their gate (one per call, in order): corrections stay queued meanwhile."""
    from reader.core.linking import relink_library

    gates = [threading.Event() for _ in range(10)]
    started: list[int] = []

    def slow_relink(lib, *a, **k):
        n = len(started)
        started.append(n)
        gates[n].wait(10)
        return relink_library(lib, *a, **k)

    monkeypatch.setattr("reader.core.corrections.relink_library", slow_relink)
    return gates, started


def crash_image(lib: Library, folder: Path) -> Path:
    """What a kill -9 now would leave: the committed library and the journal as they are."""
    target = folder / "killed.sqlite"
    dest = sqlite3.connect(target)
    lib.conn.backup(dest)
    dest.close()
    shutil.copyfile(journal_path(lib.path), journal_path(target))
    return target


def killed_now(w, qtbot, ui_lib: Library, folder: Path, gates) -> Library:
    """The library a kill -9 now would leave (:func:`crash_image`), opened; the window itself is
    then let finish its queue, so no thread of it outlives the test."""
    killed = crash_image(ui_lib, folder)
    for g in gates:
        g.set()
    applied(w, qtbot)
    return Library.open(killed)


def test_corrections_queued_when_the_window_was_killed_are_applied_by_the_next(
        make_window, windows, qtbot, ui_lib, tmp_path, gated_relink):
    gates, _ = gated_relink
    w = make_window(ui_lib)
    qatar = mention_by_text(ui_lib, 1, "قطر")
    w.rename_entity(qatar.entity_id, "دولة قطر")
    w.remove_mention(mention_by_text(ui_lib, 1, "الدوحة").id)
    assert len(journal_path(ui_lib.path).read_text(encoding="utf-8").splitlines()) == 2  # on disk already
    lib = killed_now(w, qtbot, ui_lib, tmp_path, gates)
    try:
        assert corr.all_corrections(lib) == []  # neither had been stored
        w2 = make_window(lib)
        assert "Applying corrections saved before the reader stopped (1 of 2)" in w2.statusBar().currentMessage()
        applied(w2, qtbot)
        assert [c.kind for c in corr.active(lib)] == ["rename", "remove"]
        assert lib.entity(mention_by_text(lib, 1, "قطر").entity_id).name == "دولة قطر"
        assert "الدوحة" not in [m.text for m in lib.mentions(1)]
        assert journal_path(lib.path).stat().st_size == 0  # emptied once applied
        w2.close()
        assert not journal_path(lib.path).exists()  # and gone with the window
    finally:
        _close_windows(windows)  # before their library: a late grouping would read a closed one
        lib.close()


def test_a_correction_stored_just_before_the_kill_is_not_applied_again(
        make_window, windows, qtbot, ui_lib, tmp_path, gated_relink):
    """Killed after the rename was committed, before the journal was emptied, while an undo waited."""
    gates, started = gated_relink
    gates[0].set()
    w = make_window(ui_lib)
    w.rename_entity(mention_by_text(ui_lib, 1, "قطر").entity_id, "دولة قطر")
    w.undo()
    qtbot.waitUntil(lambda: len(started) == 2, timeout=30000)  # the rename is stored, the undo runs
    lib = killed_now(w, qtbot, ui_lib, tmp_path, gates)
    try:
        assert [(c.kind, c.undone_at) for c in corr.all_corrections(lib)] == [("rename", None)]
        w2 = make_window(lib)
        assert "(1 of 1)" in w2.statusBar().currentMessage()  # the undo only
        applied(w2, qtbot)
        all_ = corr.all_corrections(lib)
        assert len(all_) == 1 and all_[0].undone_at is not None  # one rename, undone once
        assert lib.entity(mention_by_text(lib, 1, "قطر").entity_id).name == "قطر"
    finally:
        _close_windows(windows)  # before their library: a late grouping would read a closed one
        lib.close()


def test_a_torn_journal_line_is_reported_in_the_status_bar(make_window, qtbot, ui_lib, capsys):
    journal_path(ui_lib.path).write_text('{"v":1,"id":"abc","op":"rec', encoding="utf-8")
    w = make_window(ui_lib)
    assert "Corrections journal:" in w.statusBar().currentMessage()
    assert "cut short" in w.statusBar().currentMessage()
    assert "cut short" in capsys.readouterr().err
    assert w.corrections_pending() == 0
    assert journal_path(ui_lib.path).read_bytes() == b""  # the torn bytes are cut off
