"""The corrections journal: what the researcher did, on disk before it is applied.

Applying a correction (storing it and relinking the library) takes seconds to tens of seconds
on a large library, so the window queues corrections and applies them in the background. A
reader killed meanwhile would lose the queued ones. So each one (and each undo, redo and
corrections-file import) is first appended to ``<library>.journal.jsonl`` beside the library:
one JSON object a line, flushed and fsynced, on the UI thread (a few hundred bytes; the library
itself may be locked by a background write then).

Exactly once: applying an entry writes its id to the library's ``meta`` table in the same
transaction as the correction. Entries are applied strictly in the order they were appended,
by one process at a time, so that id is a high-water mark: entries up to it are done, even when
a kill came between the commit and the journal's cleanup. (An undo replayed twice would undo
another correction; this is what prevents it.) An entry that fails is marked done too: it is
reported and dropped, never retried forever.

One owner: the window that holds the journal keeps an advisory lock on the file (released by
the system when the process dies), so a ``reader`` command run beside it never replays the
window's queue. The journal is emptied whenever the queue is, and removed on a clean close.

Entries are made when the user acts, with payloads read then (anchors and keys, see
:mod:`reader.core.corrections`), so an entry never refers to an id that replay cannot find.
"""
from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reader.core import corrections as corr
from reader.core.store.library import JOURNAL_SUFFIX, now

if TYPE_CHECKING:
    from reader.core.store import Library

VERSION = 1
OPS = ("record", "undo", "redo", "import")
APPLIED_KEY = "journal_applied"  # meta key: id of the last entry applied (or dropped)
SUFFIX = JOURNAL_SUFFIX
# Windows locks are mandatory: lock one byte far past any content, so the file stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 30


class JournalBusy(Exception):
    """Another process (a window, or a ``reader`` command replaying it) holds the journal."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing the user did: ``record`` a correction (its change), ``undo``, ``redo``, or
    ``import`` a corrections file."""

    id: str
    op: str
    at: str = ""
    change: corr.Change | None = None  # what ``record`` stores
    file: str = ""

    @classmethod
    def new(cls, op: str, change: corr.Change | None = None, file: str | Path = "") -> "Entry":
        if op not in OPS:
            raise ValueError(f"unknown journal op {op!r}")
        if (op == "record") != (change is not None):
            raise ValueError("a record entry, and only one, holds a correction")
        return cls(uuid.uuid4().hex, op, now(), change, os.path.abspath(file) if file else "")

    @property
    def kind(self) -> str:
        """The kind of correction a ``record`` entry holds ("" for the other operations)."""
        return self.change.kind if self.change is not None else ""

    def to_json(self) -> str:
        d: dict[str, Any] = {"v": VERSION, "id": self.id, "at": self.at, "op": self.op}
        if self.change is not None:
            d.update(kind=self.change.kind, payload=corr.to_payload(self.change))
        elif self.op == "import":
            d["file"] = self.file
        return json.dumps(d, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> "Entry":
        """Parse one line; ValueError says why it is not an entry this version can apply."""
        d = json.loads(line)
        if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not d["id"]:
            raise ValueError("not a journal entry")
        if not isinstance(d.get("v"), int) or d["v"] > VERSION:
            raise ValueError(f"written by a newer version (journal format {d.get('v')!r})")
        op = d.get("op")
        if op not in OPS:
            raise ValueError(f"unknown operation {op!r}")
        file = d.get("file", "")
        change = corr.parse_change(str(d.get("kind", "")), d.get("payload")) if op == "record" else None
        if op == "import" and not (isinstance(file, str) and file):
            raise ValueError("an import without a file")
        return cls(d["id"], op, str(d.get("at", "")), change, file if op == "import" else "")

    def describe(self) -> str:
        if self.change is not None:
            return corr.describe(corr.Correction(0, self.at, self.change))
        return f"import {self.file}" if self.op == "import" else self.op


def journal_path(library: str | Path) -> Path:
    return Path(str(library) + SUFFIX)


class Journal:
    """The journal of one library. :meth:`acquire` it before reading or writing; one owner at a time."""

    def __init__(self, library: str | Path) -> None:
        self.path = journal_path(library)
        self._file: IO[bytes] | None = None
        self._notes: list[str] = []  # what acquiring repaired, reported by read()

    @property
    def owned(self) -> bool:
        return self._file is not None

    def acquire(self, create: bool = True) -> None:
        """Open and lock the journal (creating it if ``create``). Repairs a torn last line.

        Raises JournalBusy when another process holds it, FileNotFoundError when it does not
        exist and ``create`` is false, OSError when it cannot be used.
        """
        if self._file is not None:
            return
        for _ in range(5):
            if not create and not self.path.exists():
                raise FileNotFoundError(self.path)
            created = not self.path.exists()
            f = open(self.path, "a+b", buffering=0)  # noqa: SIM115 - held while owned
            try:
                _lock(f)
                # The previous owner may have removed the file between our open and our lock:
                # a lock on a removed file guards nothing. Open the path afresh then.
                if not _same_file(f, self.path):
                    f.close()
                    continue
            except BaseException:
                f.close()
                raise
            self._file = f
            if created:
                _fsync_dir(self.path.parent)  # the file itself survives a crash, not only its data
            self._notes = self._repair()
            return
        raise JournalBusy(f"{self.path}: replaced again and again while being opened")

    def release(self, remove_if_empty: bool = True) -> None:
        """Unlock and close; an empty journal file is removed (a clean close leaves none behind)."""
        f, self._file = self._file, None
        if f is None:
            return
        try:
            if remove_if_empty and os.fstat(f.fileno()).st_size == 0:
                with contextlib.suppress(OSError):  # Windows cannot remove an open file: it stays, empty
                    self.path.unlink()
        finally:
            f.close()  # closing drops the lock

    def _owned_file(self) -> IO[bytes]:
        if self._file is None:
            raise JournalBusy(f"{self.path}: not acquired")
        return self._file

    def append(self, entry: Entry) -> None:
        """Write one entry and make it durable (fsync) before returning."""
        f = self._owned_file()
        data = memoryview((entry.to_json() + "\n").encode("utf-8"))
        while data:  # an unbuffered write may be short
            data = data[f.write(data) or 0:]
        os.fsync(f.fileno())

    def clear(self) -> None:
        """Empty the journal: every entry in it is applied or dropped."""
        f = self._owned_file()
        if os.fstat(f.fileno()).st_size:
            f.truncate(0)
            os.fsync(f.fileno())

    def read(self) -> tuple[list[Entry], list[str]]:
        """Every entry, in order, and a message for each line skipped (a torn one included)."""
        f = self._owned_file()
        f.seek(0)
        entries: list[Entry] = []
        problems = list(self._notes)
        for n, raw in enumerate(f.read().split(b"\n"), 1):
            if not raw.strip():
                continue
            try:
                entries.append(Entry.from_json(raw.decode("utf-8")))
            except (ValueError, UnicodeDecodeError) as e:
                problems.append(f"{self.path}: line {n} ignored: {e}")
        return entries, problems

    def pending(self, lib: Library) -> tuple[list[Entry], list[str]]:
        """The entries not yet applied to ``lib`` (after its high-water mark), and read problems."""
        entries, problems = self.read()
        done = lib.get_meta(APPLIED_KEY)
        ids = [e.id for e in entries]
        if done in ids:
            entries = entries[ids.index(done) + 1:]
        return entries, problems

    def _repair(self) -> list[str]:
        """A last line cut short (killed mid-write) is cut off, so the next entry starts a line."""
        f = self._owned_file()
        f.seek(0)
        data = f.read()
        if not data or data.endswith(b"\n"):
            return []
        start = data.rfind(b"\n") + 1
        try:
            json.loads(data[start:].decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            line = data.count(b"\n") + 1
            f.truncate(start)
            os.fsync(f.fileno())
            return [f"{self.path}: its last entry (line {line}) was cut short when the reader stopped; ignored"]
        f.write(b"\n")  # whole, only its newline missing
        os.fsync(f.fileno())
        return []


def apply(lib: Library, entry: Entry) -> Any:
    """Apply one entry, noting it done in the same transaction; returns what the operation returns.

    An entry that fails is noted done as well (dropped, so a replay does not try it again) and
    its error raised for the caller to report.
    """
    try:
        with lib.transaction():
            # The write comes first: it takes the write lock (waiting for a background import's
            # commit), where a read first could not upgrade past that commit.
            lib.set_meta(APPLIED_KEY, entry.id)
            return _run(lib, entry)
    except Exception:
        with contextlib.suppress(Exception):  # noted or not, it is reported; at worst tried once more
            with lib.transaction():
                lib.set_meta(APPLIED_KEY, entry.id)
        raise


def _run(lib: Library, entry: Entry) -> Any:
    if entry.change is not None:
        return corr.record(lib, entry.change)
    if entry.op == "undo":
        return corr.undo(lib)
    if entry.op == "redo":
        return corr.redo(lib)
    if entry.op == "import":
        return corr.import_corrections(lib, entry.file)
    raise corr.CorrectionError(f"unknown journal op {entry.op!r}")


def replay(lib: Library, say: Callable[[str], None] = lambda _: None) -> int:
    """Apply what a window left in the journal when it stopped (killed, crashed), then empty it.

    For commands that open the library without a window (``reader import``, ...). Does nothing
    while a window holds the journal: it applies its own queue. Returns how many were applied.
    """
    journal = Journal(lib.path)
    try:
        journal.acquire(create=False)
    except (FileNotFoundError, JournalBusy):
        return 0
    except OSError as e:
        say(f"{journal.path}: cannot read the corrections journal ({e})")
        return 0
    try:
        entries, problems = journal.pending(lib)
        for p in problems:
            say(p)
        if entries:
            say(f"applying the corrections a reader window had queued when it stopped ({len(entries)})")
        applied = 0
        for entry in entries:
            try:
                apply(lib, entry)
                applied += 1
            except Exception as e:  # noqa: BLE001 - one bad entry never stops the others
                say(f"dropped a correction that cannot be applied any more ({entry.describe()}): {e}")
        journal.clear()
        return applied
    finally:
        journal.release()


def _lock(f: IO[bytes]) -> None:
    """An exclusive advisory lock, without waiting; the system drops it when the process dies."""
    if os.name == "nt":
        import msvcrt

        f.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError as e:
            raise JournalBusy(f"{f.name}: in use by another reader process") from e
        return
    import fcntl

    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as e:
        raise JournalBusy(f"{f.name}: in use by another reader process") from e


def _same_file(f: IO[bytes], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(f.fileno()), os.stat(path))
    except FileNotFoundError:
        return False


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # no directory handles to sync on Windows
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
