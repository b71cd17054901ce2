"""The library keeper, and the SQLite behaviour it exists for.

POSIX locks belong to a process: when the process that holds a library open in WAL mode opens
and closes the file any other way, its locks go, and the next outside client to close the
library deletes the WAL under it. The first test is that loss, in plain Python (the mechanism
the keeper relies on); the others show that a keeper process prevents it.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.store.keeper import COMMAND, Keeper, command

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX advisory locks")

OUTSIDE_READ = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM t').fetchone()[0])"


def outside_count(db: Path) -> int:
    """What another process sees (it opens, reads and closes the library, as `sqlite3` would)."""
    out = subprocess.run([sys.executable, "-c", OUTSIDE_READ, str(db)], capture_output=True, text=True, check=True)
    return int(out.stdout)


def wal_library(db: Path) -> sqlite3.Connection:
    c = sqlite3.connect(db)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("CREATE TABLE t(x)")
    c.commit()
    return c


def touch_outside_sqlite(db: Path) -> None:
    """What a file dialog's MIME sniffing did in the window's process: open, read, close."""
    for name in (db, Path(str(db) + "-wal"), Path(str(db) + "-shm")):
        with open(name, "rb") as f:
            f.read(16)


def test_the_trap_without_a_keeper(tmp_path):
    db = tmp_path / "t.db"
    c = wal_library(db)
    try:
        touch_outside_sqlite(db)
        assert outside_count(db) == 0  # the outside client closes: it thinks it is the last one
        assert not Path(str(db) + "-wal").exists()  # ... and deleted the WAL this process still writes to
        for i in range(5):
            c.execute("INSERT INTO t VALUES (?)", (i,))
            c.commit()
        assert outside_count(db) == 0  # committed, yet invisible to every other process
    finally:
        c.close()


def test_a_keeper_keeps_the_wal_and_every_commit(tmp_path):
    db = tmp_path / "t.db"
    c = wal_library(db)
    keeper = Keeper.start(db)
    try:
        assert keeper.alive()
        touch_outside_sqlite(db)
        assert outside_count(db) == 0
        assert Path(str(db) + "-wal").exists()
        for i in range(5):
            c.execute("INSERT INTO t VALUES (?)", (i,))
            c.commit()
        assert outside_count(db) == 5
        # the sqlite3 shell's ".backup", run beside the window, copies every commit too
        copy = tmp_path / "copy.db"
        code = ("import sqlite3, sys; s = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2]);"
                " s.backup(d); d.close(); s.close()")
        subprocess.run([sys.executable, "-c", code, str(db), str(copy)], check=True)
        assert sqlite3.connect(copy).execute("SELECT count(*) FROM t").fetchone()[0] == 5
    finally:
        c.close()
        keeper.stop()
    assert not keeper.alive()
    assert not Path(str(db) + "-wal").exists()  # the keeper closed last: SQLite tidied up
    assert sqlite3.connect(db).execute("SELECT count(*) FROM t").fetchone()[0] == 5


def test_a_keeper_stops_when_its_window_process_dies(tmp_path):
    db = tmp_path / "t.db"
    wal_library(db).close()
    with subprocess.Popen([sys.executable, "-c", (
            "import sys, time; from pathlib import Path; from reader.core.store.keeper import Keeper;"
            f"k = Keeper.start(Path({str(db)!r})); print(k.proc.pid, flush=True); time.sleep(60)")],
            stdout=subprocess.PIPE, text=True) as parent:
        try:
            keeper_pid = int(parent.stdout.readline())  # type: ignore[union-attr]
        finally:
            parent.kill()
            parent.wait()
    for _ in range(100):
        try:
            os.kill(keeper_pid, 0)
        except ProcessLookupError:
            break
        import time

        time.sleep(0.05)
    else:
        pytest.fail("the keeper outlived the process that started it")


def test_keeper_of_a_missing_library_says_so(tmp_path):
    with pytest.raises(OSError, match="no such library"):
        Keeper.start(tmp_path / "absent.sqlite")


def test_the_frozen_app_runs_the_keeper_through_its_cli(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert command(tmp_path / "x.sqlite")[1:] == [COMMAND, str(tmp_path / "x.sqlite")]
    from reader.cli import main

    assert main([COMMAND]) == 2  # the CLI hands the command to the keeper (usage: one library)
