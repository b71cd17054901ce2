"""Before a library is upgraded, a copy of it in its old schema is kept beside it."""
from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

import reader.core.store.library as library_module
from reader.core.store import Library, LibraryError
from reader.core.store.migrations import migrations

NAMES = [m.name for m in migrations._migrations]


def old_library(path: Path, upto: int) -> None:
    """A library made by the first ``upto`` migrations, with one article."""
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before=NAMES[upto] if upto < len(NAMES) else None)
    db.execute("INSERT INTO articles (source, raw, text, content_hash, imported_at, updated_at)"
                " VALUES ('old.txt', 'خام', 'نص قديم', 'h', '2020-01-01', '2020-01-01')")
    db.conn.commit()
    db.conn.close()


@pytest.fixture
def with_next_migration(monkeypatch: pytest.MonkeyPatch) -> str:
    """Today's schema plus one more migration, so a library of today's schema is 'earlier'."""
    upcoming = Migrations("reader")
    upcoming._migrations = list(migrations._migrations)

    @upcoming()
    def m999_next(db: Database) -> None:
        db.execute("CREATE TABLE next_feature (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(library_module, "migrations", upcoming)
    return "m999_next"


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.backup-*.sqlite"))


@pytest.mark.parametrize("upto", range(1, len(NAMES) + 1))
def test_a_library_of_an_earlier_schema_is_backed_up_before_upgrading(tmp_path: Path, with_next_migration: str,
                                                                     upto: int) -> None:
    path = tmp_path / "library.sqlite"
    old_library(path, upto)
    lib = Library.open(path)
    assert lib.find_article("old.txt").text == "نص قديم"
    assert "next_feature" in lib.db.table_names()
    lib.close()

    (backup,) = backups(tmp_path)
    schema = NAMES[upto - 1].split("_")[0]
    assert backup.name.startswith(f"library.backup-{schema}-") and backup.name.endswith("Z.sqlite")
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [r[0] for r in copy.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == NAMES[:upto]
    assert copy.execute("SELECT text FROM articles").fetchall() == [("نص قديم",)]
    assert "next_feature" not in {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
    copy.close()

    Library.open(path).close()  # up to date now: no second backup
    assert backups(tmp_path) == [backup]


def test_no_backup_for_a_new_or_current_library(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    Library.open(path).close()
    Library.open(path).close()
    assert backups(tmp_path) == []


def test_two_upgrades_in_the_same_second_keep_both_backups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           with_next_migration: str) -> None:
    path = tmp_path / "library.sqlite"
    old_library(path, len(NAMES))
    first = library_module.backup_before_migrating(Database(sqlite3.connect(path)), path)
    second = library_module.backup_before_migrating(Database(sqlite3.connect(path)), path)
    assert first != second and first.exists() and second.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_library_that_cannot_be_backed_up_is_not_upgraded(tmp_path: Path, with_next_migration: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "library.sqlite"
    old_library(path, len(NAMES))
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(LibraryError, match="not upgrading"):
            Library.open(path)
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_failed_backup_stops_the_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           with_next_migration: str) -> None:
    path = tmp_path / "library.sqlite"
    old_library(path, len(NAMES))

    def full_disk(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    real_connect = sqlite3.connect

    class Conn:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self._conn = conn

        def __getattr__(self, name: str) -> object:
            return full_disk if name == "backup" else getattr(self._conn, name)

    monkeypatch.setattr(library_module.sqlite3, "connect", lambda *a, **k: Conn(real_connect(*a, **k)))
    with pytest.raises(LibraryError, match=r"not upgrading the library: cannot back it up .*disk is full"):
        Library.open(path)
    monkeypatch.setattr(library_module.sqlite3, "connect", real_connect)
    assert backups(tmp_path) == []
    db = sqlite3.connect(path)
    assert [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")] == NAMES  # not upgraded
    db.close()
