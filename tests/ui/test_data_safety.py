"""Nothing a researcher does in the window loses data: file dialogs on the library's folder, the
CLI and ``sqlite3 .backup`` beside the window, a WAL removed under it, a failed import.

Each test drives a real window on a real SQLite file, and checks what matters from a fresh
process: every correction the window acknowledged is in the library on disk.
"""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from reader.core.model import Label
from reader.core.store import Library
from reader.core.store.keeper import start_keeper
from ui_helpers import mention_by_text

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX advisory locks")

COUNT = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])"


def fresh(db: Path, sql: str) -> int:
    """A value read by another process (which opens, reads and closes the library)."""
    out = subprocess.run([sys.executable, "-c", COUNT, str(db), sql], capture_output=True, text=True, check=True)
    return int(out.stdout)


def backup_beside(db: Path, copy: Path) -> None:
    """The README's backup advice, run while the window is open."""
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(db), f".backup {copy}"], check=True)
    else:
        code = "import sqlite3, sys; d = sqlite3.connect(sys.argv[2]); sqlite3.connect(sys.argv[1]).backup(d); d.close()"
        subprocess.run([sys.executable, "-c", code, str(db), str(copy)], check=True)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, check=True)


@pytest.fixture
def lib_dir(tmp_path: Path, windows):  # type: ignore[no-untyped-def]
    """A library alone in its folder (as the README suggests), with an article file beside it."""
    from ui_helpers import _close_windows, build_library

    folder = tmp_path / "lib"
    folder.mkdir()
    lib = build_library(folder / "lib.sqlite")
    (folder / "more.txt").write_text("خبر جديد\n\nوصل وزير الخارجية إلى عمّان اليوم.\n", encoding="utf-8")
    yield lib
    _close_windows(windows)  # they read the library until deleted
    lib.close()


def browse_library_folder(window, folder: Path, qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    """File › Import files…, go into the library's folder, wait until it is listed, cancel:
    the names the dialog showed."""
    shown: list[str] = []

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, in_dialog)
            return
        model = dialog.findChild(QFileSystemModel)
        with qtbot.waitSignal(model.directoryLoaded, timeout=10000, check_params_cb=lambda p: Path(p) == folder):
            dialog.setDirectory(str(folder))
        qtbot.wait(300)  # the file info gatherer asks for each file's icon and type meanwhile
        proxy = dialog.proxyModel()
        parent = proxy.mapFromSource(model.index(str(folder)))
        shown.extend(proxy.index(r, 0, parent).data() for r in range(proxy.rowCount(parent)))
        dialog.reject()
    QTimer.singleShot(20, in_dialog)
    window.import_files_dialog()
    return shown


def test_import_dialog_hides_the_library_and_never_reads_it(make_window, lib_dir, qtbot):
    db = lib_dir.path
    w = make_window(lib_dir)  # no keeper: this is the dialog alone
    shown = browse_library_folder(w, db.parent, qtbot)
    assert "more.txt" in shown
    assert not any(name.startswith("lib.sqlite") for name in shown), shown  # no journal.jsonl to import
    assert fresh(db, "SELECT count(*) FROM articles") == 3  # an outside client opens and closes it
    assert Path(str(db) + "-wal").exists()  # ... and did not delete the window's WAL
    w.check_library_files()
    assert w.library_problem is None


def test_dialog_cli_and_backup_beside_the_window_lose_no_correction(make_window, lib_dir, qtbot, tmp_path):
    db = lib_dir.path
    w = make_window(lib_dir)
    w.keeper = start_keeper(db)  # as app.run does
    assert w.keeper is not None
    try:
        browse_library_folder(w, db.parent, qtbot)
        # Even if something in this process read the library outside SQLite (a regression, a
        # platform dialog), the keeper holds the library open: no outside close deletes the WAL.
        with open(db, "rb") as f:
            f.read(100)
        cli("export", "--format", "json", "--db", str(db), "-o", str(tmp_path / "out.json"))
        backup_beside(db, tmp_path / "copy.sqlite")
        cli("import", "--db", str(db), "-q", "-j", "1", str(db.parent / "more.txt"))
        assert Path(str(db) + "-wal").exists()
        made = 0
        for surface in ("قطر", "الدوحة"):
            m = mention_by_text(lib_dir, 1, surface)
            with qtbot.waitSignal(w.correctionsApplied, timeout=60000):
                w.remove_mention(m.id)
            made += 1
        art = lib_dir.find_article("/data/1.txt")
        start = art.text.index("خبر عاجل")
        with qtbot.waitSignal(w.correctionsApplied, timeout=60000):
            w.open_article(art.id)
            w.mark_text(Label.MISC, start + 1, start + 6)  # a drag inside the words: snapped to them
        made += 1
        assert w.library_problem is None
        assert fresh(db, "SELECT count(*) FROM corrections WHERE undone_at IS NULL") == made
        assert fresh(db, "SELECT count(*) FROM mentions WHERE origin = 'user' AND text = 'خبر عاجل'") == 1
        assert fresh(db, "SELECT count(*) FROM articles") == 4  # the CLI's import, seen by all
    finally:
        w.keeper.stop()
    assert sqlite3.connect(tmp_path / "copy.sqlite").execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_an_import_by_the_cli_shows_in_the_open_window_by_itself(make_window, lib_dir, qtbot):
    w = make_window(lib_dir)
    lv = w.library_view
    assert lv.model.total == 3 and lv.count_label.text() == "3 articles"
    lv.model.fetch_until(2)
    reading = lv.model.article_id(2)
    assert lv.select_article(reading, emit=True)
    qtbot.wait(2500)  # the window's first look at the library
    cli("import", "--db", str(lib_dir.path), "-q", "-j", "1", str(lib_dir.path.parent / "more.txt"))
    qtbot.waitUntil(lambda: lv.model.total == 4, timeout=15000)  # no key pressed, nothing clicked
    assert lv.count_label.text() == "4 articles"
    assert lv.current_article_id() == reading == w.article_view.article.id  # still where the reader was


def test_a_removed_wal_stops_writes_until_the_library_is_reopened(make_window, lib_dir, qtbot, caplog):
    db = lib_dir.path
    w = make_window(lib_dir)  # no keeper, so the trap can be sprung
    with open(db, "rb") as f:  # what the old file dialog did
        f.read(100)
    fresh(db, "SELECT count(*) FROM articles")
    assert not Path(str(db) + "-wal").exists()
    m = mention_by_text(lib_dir, 1, "قطر")
    with caplog.at_level(logging.ERROR, logger="reader"), qtbot.waitSignal(w.correctionsApplied, timeout=60000):
        w.remove_mention(m.id)  # noticed before anything is written; applied once reopened
        assert w.library_problem is not None  # the window said so (a box) and stopped writing
        assert w.library_box.isVisible()
    assert "removed the library's WAL" in caplog.text
    assert w.library_problem is None
    assert Path(str(db) + "-wal").exists()
    assert fresh(db, "SELECT count(*) FROM corrections") == 1
    assert fresh(db, f"SELECT count(*) FROM mentions WHERE article_id = 1 AND start = {m.start}") == 0


def test_a_failed_import_is_shown_logged_and_repaired_on_next_open(make_window, lib_dir, qtbot, monkeypatch, caplog,
                                                                    tmp_path):
    import reader.core.pipeline as pipeline

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("linking broke")
    monkeypatch.setattr(pipeline, "relink_library", broken)
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"خبر {n}\n\nقال الرئيس اللبناني ميشال عون في بيروت إن الحكومة ستجتمع.\n",
                                         encoding="utf-8")
    w = make_window(lib_dir)
    with caplog.at_level(logging.ERROR, logger="reader"), qtbot.waitSignal(w.taskEnded, timeout=120000):
        w.import_paths([folder])
    assert "RuntimeError: linking broke" in caplog.text  # the traceback is in the log
    box = w.last_failure_box
    assert box.isVisible() and "The import stopped: linking broke" in box.text()
    assert "kept" in box.informativeText() and "Import the same files again" in box.informativeText()
    assert lib_dir.has_unlinked_mentions()  # what the failure left half-done
    qtbot.waitUntil(lambda: w.task is None and "Tidying up" in w.last_failure_box.text(), timeout=60000)
    w.close()
    monkeypatch.undo()
    again = make_window(lib_dir)  # the next open repairs it, in the background
    qtbot.waitUntil(lambda: not lib_dir.has_unlinked_mentions() and again.task is None, timeout=120000)
    assert fresh(lib_dir.path, "SELECT count(*) FROM mentions WHERE entity_id IS NULL") == 0
    assert fresh(lib_dir.path, "SELECT count(*) FROM articles") == 6


def test_the_log_holds_tracebacks_and_hard_crashes(tmp_path):
    code = ("from reader.core import logs; p = logs.setup(); logs.log.error('boom happened');"
            "print(p, flush=True); import faulthandler; faulthandler._sigsegv()")
    env = {**os.environ, "READER_LOG_DIR": str(tmp_path / "log")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode != 0
    text = (tmp_path / "log" / "reader.log").read_text(encoding="utf-8")
    assert "ERROR boom happened" in text
    assert "Fatal Python error: Segmentation fault" in text


def test_the_import_skips_the_librarys_own_files(lib_dir, tmp_path):
    from reader.core.pipeline import import_paths

    journal = Path(str(lib_dir.path) + ".journal.jsonl")
    journal.write_text('{"v": 1, "id": "x", "op": "undo"}\n', encoding="utf-8")
    report = import_paths(lib_dir, [lib_dir.path.parent], workers=1)
    assert report.imported == 1 and not report.failed  # more.txt; not the journal
    report = import_paths(lib_dir, [journal], workers=1)
    assert [f.reason for f in report.failed] == ["one of the library's own files, not articles"]


def test_a_mark_snaps_to_whole_words(make_window, lib_dir, qtbot):
    w = make_window(lib_dir)
    art = lib_dir.find_article("/data/0.txt")
    w.open_article(art.id)
    i = art.text.index("خالد العطية")
    with qtbot.waitSignal(w.correctionsApplied, timeout=60000):
        w.mark_text(Label.PERS, i + 2, i + len("خالد العطية") - 1)  # both ends inside a letter run
    marks = [m.text for m in lib_dir.mentions(art.id) if m.start <= i < m.end]
    assert marks == ["خالد العطية"]


def test_library_keeper_process_is_not_left_behind(tmp_path):
    with Library.open(tmp_path / "x.sqlite") as lib:
        keeper = start_keeper(lib.path)
        assert keeper is not None and keeper.alive()
    keeper.stop()
    assert not keeper.alive()



def test_a_title_edited_by_another_program_shows_in_the_entity_panel_in_place(make_window, ui_lib, qtbot):
    from PySide6.QtCore import Qt

    from reader.ui.models.mentions import ARTICLE_ROLE

    w = make_window(ui_lib)
    panel, model = w.entity_panel, w.entity_panel.model
    assert panel.show_entity(mention_by_text(ui_lib, 1, "قطر").entity_id)
    head = model.index(0, 0)
    article = head.data(ARTICLE_ROLE)
    panel.tree.setCurrentIndex(model.index(0, 0, head))  # the reader is on the first mention
    qtbot.wait(2500)  # the window's first look at the library
    edit = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2], (sys.argv[3],)); c.commit()"
    subprocess.run([sys.executable, "-c", edit, str(ui_lib.path), f"UPDATE articles SET title = ? WHERE id = {article}",
                    "عنوان كتبه برنامج آخر"], check=True)
    qtbot.waitUntil(lambda: str(model.index(0, 0).data(Qt.ItemDataRole.DisplayRole)).startswith("عنوان كتبه"),
                    timeout=15000)
    assert panel.tree.currentIndex() == model.index(0, 0, model.index(0, 0))  # still where the reader was
