"""A library whose WAL another program removed under this process is written no more."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.model import Document
from reader.core.store import Library, LibraryChangedError
from reader.core.store.library import own_files

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX advisory locks")


def doc(n: int) -> Document:
    return Document(source=f"/news/{n}.txt", title=f"خبر {n}", text=f"نص الخبر رقم {n}.", raw="", format="txt")


def test_removed_wal_is_noticed_before_any_write(tmp_path):
    path = tmp_path / "lib.sqlite"
    lib = Library.open(path)
    try:
        with lib.transaction():
            lib.upsert_document(doc(1))
        lib.check_files()  # nothing wrong yet
        # the trap for real: this process reads the file outside SQLite, an outside client closes
        with open(path, "rb") as f:
            f.read(100)
        subprocess.run([sys.executable, "-c", "import sqlite3, sys; sqlite3.connect(sys.argv[1])"
                        ".execute('SELECT count(*) FROM articles').fetchone()", str(path)], check=True)
        assert not Path(str(path) + "-wal").exists()
        with pytest.raises(LibraryChangedError, match="removed the library's WAL"):
            lib.check_files()
        with pytest.raises(LibraryChangedError):
            with lib.transaction():
                lib.upsert_document(doc(2))
        with pytest.raises(LibraryChangedError):  # a background task's own connection is refused too
            Library.open(path)
        lib.reopen()  # the last connection of this process closes: a fresh start
        lib.check_files()
        with lib.transaction():
            lib.upsert_document(doc(3))
    finally:
        lib.close()
    with Library.open(path) as again:
        assert sorted(a.source for a in again.list_articles()) == ["/news/1.txt", "/news/3.txt"]


def test_each_process_connection_is_counted(tmp_path):
    path = tmp_path / "lib.sqlite"
    first = Library.open(path)
    second = Library.open(path)
    second.close()
    os.unlink(str(path) + "-wal")  # as another program would
    with pytest.raises(LibraryChangedError):
        first.check_files()
    first.close()
    with Library.open(path) as fresh:  # no connection left: the identities start over
        fresh.check_files()


def test_own_files_name_everything_kept_beside_the_library(tmp_path):
    names = [p.name for p in own_files(tmp_path / "lib.sqlite")]
    assert names == ["lib.sqlite", "lib.sqlite-wal", "lib.sqlite-shm", "lib.sqlite-journal", "lib.sqlite.lock",
                     "lib.sqlite.journal.jsonl"]
