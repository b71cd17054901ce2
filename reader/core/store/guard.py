"""Notice when another program removed or replaced the library's WAL under this process.

Connections of one process to one library share SQLite's write-ahead log and its index
(``-wal``, ``-shm``). Were those files deleted under an open connection (see ``keeper.py`` for
how that can happen), the process would go on committing into deleted files that no other
process sees and that vanish when it exits. So the first connection of this process records
which files they are (device and inode), and every later open and every write transaction
compares: a file gone or replaced means the library must not be written through this process's
connections any more (``Library`` raises ``LibraryChangedError`` then). It is reset when the process's last
connection closes; a fresh open then starts clean.

The check is a ``stat`` of two files (a few microseconds), so it runs before every write.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

COMPANIONS = ("-wal", "-shm")

_lock = threading.Lock()
_open: dict[str, int] = {}  # library path → connections open in this process
_seen: dict[str, tuple[tuple[int, int] | None, ...]] = {}  # library path → identities of its companions


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _identities(key: str) -> tuple[tuple[int, int] | None, ...]:
    out: list[tuple[int, int] | None] = []
    for suffix in COMPANIONS:
        try:
            st = os.stat(key + suffix)
        except OSError:
            out.append(None)
        else:
            out.append((st.st_dev, st.st_ino))
    return tuple(out)


def _problem(key: str) -> str | None:
    seen = _seen.get(key)
    if seen is None:
        return None
    now = _identities(key)
    for suffix, before, after in zip(COMPANIONS, seen, now):
        if before is not None and after != before:
            how = "removed" if after is None else "replaced"
            return (f"{key}: another program {how} the library's {suffix[1:].upper()} file while this reader had the "
                    f"library open; nothing more is written through this window until the library is reopened")
    return None


def attach(path: Path) -> str | None:
    """A connection of this process opened ``path``: record its companions (the first one) or
    compare them; what is wrong, if anything (the connection is counted either way)."""
    key = _key(path)
    with _lock:
        problem = None
        if _open.get(key, 0) == 0:
            _seen[key] = _identities(key)
        else:
            problem = _problem(key)
        _open[key] = _open.get(key, 0) + 1
    return problem


def detach(path: Path) -> None:
    """A connection of this process to ``path`` closed; the last one forgets the identities."""
    key = _key(path)
    with _lock:
        n = _open.get(key, 0) - 1
        if n <= 0:
            _open.pop(key, None)
            _seen.pop(key, None)
        else:
            _open[key] = n


def check(path: Path) -> str | None:
    """What is wrong if ``path``'s WAL or index is no longer the one this process opened, else None."""
    with _lock:
        return _problem(_key(path))
