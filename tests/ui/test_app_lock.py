"""Two readers on one library: the second is told the library is in use; a killed reader's lock
does not block the next start."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from reader.ui import app as app_module


@pytest.fixture
def no_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from reader.ui.settings import Settings

    monkeypatch.setattr(app_module, "Settings",
                        lambda: Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))


def test_a_second_window_on_a_library_in_use_is_refused(tmp_path: Path, no_settings: None,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "library.sqlite"
    first, why = app_module.lock_library(db)
    assert first is not None and first.isLocked() and why == ""
    try:
        assert app_module.run(db=str(db), smoke_test=True) == 1
        err = capsys.readouterr().err
        assert str(db) in err and "already open in another Arabic News Reader window" in err
        assert f"process {os.getpid()}" in err
    finally:
        first.unlock()
    assert app_module.run(db=str(db), smoke_test=True) == 0  # free again
    assert not (tmp_path / "library.sqlite.lock").exists()  # released on exit


def test_the_lock_of_a_killed_reader_is_taken_over(tmp_path: Path, no_settings: None) -> None:
    db = tmp_path / "library.sqlite"
    with subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from PySide6.QtCore import QLockFile
        lock = QLockFile({str(db) + '.lock'!r})
        assert lock.tryLock(0)
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            lock, why = app_module.lock_library(db)
            assert lock is None and f"process {holder.pid}" in why
            holder.send_signal(signal.SIGKILL)
            holder.wait(10)
            lock, why = app_module.lock_library(db)
            assert lock is not None and lock.isLocked(), why
            lock.unlock()
        finally:
            holder.kill()
            holder.wait(10)


def test_a_lock_file_that_cannot_be_written_does_not_stop_the_reader(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    (tmp_path / "library.sqlite.lock").mkdir()  # something in the way: not a lock another reader holds
    lock, why = app_module.lock_library(db)
    assert lock is not None and why == ""
    assert isinstance(lock, QLockFile)


def test_an_empty_lock_file_left_by_a_crash_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    stale = tmp_path / "library.sqlite.lock"
    stale.write_bytes(b"")  # killed between creating the lock file and writing its owner
    os.utime(stale, (1, 1))
    lock, why = app_module.lock_library(db)
    assert lock is not None and lock.isLocked(), why
    lock.unlock()
