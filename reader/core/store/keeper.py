"""A second process that holds the library open while a window has it.

Why: SQLite's locks on a library in WAL mode are POSIX advisory locks, which belong to a
process, and closing *any* descriptor of a file drops all of that process's locks on it. When
anything in the window's process (a file dialog sniffing MIME types, a drag and drop, a
library's own code) opens and closes the library file or its ``-wal``/``-shm`` outside SQLite,
the window silently loses its locks; the next outside client that closes the library (the
``sqlite3`` shell, ``reader export``) then believes it is the last connection, checkpoints and
deletes the WAL, and everything the window commits afterwards goes into a deleted file.

The keeper is a small child process that opens the library with SQLite, reads it once (taking
the shared locks every open connection holds) and then only waits. It never opens the files
any other way, so its locks cannot be dropped: while it lives, no outside client is ever the
last connection, whatever happens in the window's process. It stops when the window closes its
end of the pipe, or when the window's process dies (the pipe closes with it).

    keeper = Keeper.start(path)   # in the window's process
    ...
    keeper.stop()                 # after the window's own connections are closed
"""
from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

# The frozen app has one executable: ``reader hold-library PATH`` runs the keeper (cli.main).
COMMAND = "hold-library"
READY = "ready"


def command(path: Path) -> list[str]:
    """How to start a keeper of ``path`` from this program (the frozen app or Python)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, COMMAND, str(path)]
    return [sys.executable, "-m", "reader.core.store.keeper", str(path)]


class Keeper:
    """The window's handle on its keeper process."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc

    @classmethod
    def start(cls, path: Path, timeout: float = 20.0) -> "Keeper":
        """Start a keeper of ``path`` and wait until it holds the library; OSError if it cannot."""
        proc = subprocess.Popen(command(path), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        keeper = cls(proc)
        try:
            line = _readline(proc, timeout)
        except TimeoutError as e:
            keeper.stop()
            raise OSError(f"{path}: the library keeper did not start within {timeout:.0f} s") from e
        if line.strip() != READY:  # it said why on stderr and ended (or is ending)
            try:
                proc.wait(timeout)
                err = proc.stderr.read() if proc.stderr else ""
            except subprocess.TimeoutExpired:
                err = ""
            keeper.stop()
            raise OSError(f"{path}: the library keeper failed: {(err or line).strip() or 'no reason given'}")
        return keeper

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Let the keeper close its connection and exit (it is the last one, so SQLite tidies up)."""
        proc = self.proc
        if proc.stdin is not None and not proc.stdin.closed:
            try:
                proc.stdin.close()
            except OSError:
                pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def start_keeper(path: Path) -> Keeper | None:
    """A keeper of ``path``, or None (logged) when none can start: the window then relies on
    never touching the library's files itself, and on noticing a removed WAL (``guard.py``)."""
    try:
        return Keeper.start(path)
    except OSError as e:
        logging.getLogger("reader").warning("no library keeper: %s", e)
        return None


def _readline(proc: subprocess.Popen[str], timeout: float) -> str:
    """The keeper's first line, or TimeoutError (a reader thread: pipes have no portable timeout)."""
    import threading

    out: list[str] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: out.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        raise TimeoutError
    return out[0] if out else ""


def hold(path: str) -> int:
    """The keeper's body: hold a connection on ``path`` until standard input closes."""
    if not Path(path).is_file():
        print(f"{path}: no such library", file=sys.stderr, flush=True)
        return 1
    try:
        conn = sqlite3.connect(path, timeout=30)
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the WAL: shared locks held
    except sqlite3.Error as e:
        print(f"{path}: {e}", file=sys.stderr, flush=True)
        return 1
    print(READY, flush=True)
    try:
        while sys.stdin.read(4096):
            pass  # nothing is ever sent: end of file means the window is done (or gone)
    finally:
        conn.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(f"usage: reader {COMMAND} LIBRARY", file=sys.stderr)
        return 2
    return hold(args[0])


if __name__ == "__main__":
    raise SystemExit(main())
