"""Application start-up: QApplication, bundled fonts, language and layout direction, the window."""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLockFile, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from reader import __version__
from reader.core import logs
from reader.core.store import Library, LibraryError, default_library_path
from reader.core.store.keeper import start_keeper
from reader.core.store.library import APP_NAME, LOCK_SUFFIX
from reader.export.pdf import register_fonts
from reader.resources import resource_path
from reader.ui import i18n
from reader.ui.settings import Settings
from reader.ui.style import ReaderStyle

UI_ARABIC_FONT = "Noto Sans Arabic"
STALE_EMPTY_LOCK_S = 10  # an unreadable lock file older than this was left by a crash
def ensure_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created if needed) with names, fonts and the UI font fallback set."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    if not isinstance(app.style(), ReaderStyle):
        app.setStyle(ReaderStyle(app.style().name()))  # menu shortcuts left to right in Arabic
    QCoreApplication.setOrganizationName("arabic-news-reader")
    QCoreApplication.setApplicationName("reader")
    QCoreApplication.setApplicationVersion(__version__)
    families = register_fonts()
    if UI_ARABIC_FONT in families:
        # Keep the platform's UI font for Latin text; Arabic falls back to the bundled Noto Sans
        # Arabic, so menus and labels never show boxes on a system without an Arabic font.
        font = QFont(app.font())
        current = font.families() or [font.family()]
        if UI_ARABIC_FONT not in current:
            font.setFamilies([*current, UI_ARABIC_FONT])
            app.setFont(font)
    return app


def apply_language(settings: Settings, lang: str | None = None) -> str:
    lang = lang or settings.language or i18n.system_language()
    i18n.set_language(lang)
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft if lang == "ar" else Qt.LayoutDirection.LeftToRight)
    return lang


def demo_library_path(db: str | None) -> Path:
    if db:
        return Path(db)
    if os.environ.get("READER_DB"):
        return Path(os.environ["READER_DB"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "demo.sqlite"


def run(db: str | None = None, paths: list[str] | None = None, demo: bool = False, smoke_test: bool = False) -> int:
    """Open the reader window (``reader gui`` / ``reader demo``); returns the exit status.

    File › Open library… ends the window and opens another one on the chosen library, so the
    loop here is the one place where a library is locked, kept, opened and closed.
    """
    app = ensure_app()
    logs.setup()
    settings = Settings()
    apply_language(settings)
    path: Path | None = demo_library_path(db) if demo else (Path(db) if db else default_library_path())
    status = 1
    while path is not None:
        lock, in_use = lock_library(path)
        if lock is None:
            if smoke_test:
                print(f"reader: {in_use}", file=sys.stderr)
                return 1
            path = _library_in_use(in_use, settings)
            continue
        try:
            status, path = _run(app, settings, path, paths, demo, smoke_test)
        finally:
            lock.unlock()
        paths, demo = None, False
    return status


def _library_in_use(why: str, settings: Settings) -> Path | None:
    """Tell the user the library is open elsewhere; another library they pick, or None (quit)."""
    box = QMessageBox(QMessageBox.Icon.Warning, i18n.tr("Arabic News Reader"), why)
    other = box.addButton(i18n.tr("Open another library…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(i18n.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not other:
        return None
    from reader.ui import file_dialogs

    chosen = file_dialogs.open_library(None, settings.last_dir or str(Path.home()), ())
    return Path(chosen) if chosen else None


def lock_library(path: Path) -> tuple[QLockFile | None, str]:
    """Claim ``<library>.lock`` for this window; (None, why) when another reader has it.

    Two windows on one library would each relink entities and replay corrections over the
    other's work, so the second one is refused. A lock left by a crashed or killed reader is
    taken over at once: QLockFile finds its process gone (staleLockTime 0 disables only the
    age-based guess, which would also break a lock held by a reader left open for days).
    The CLI takes no lock: SQLite's WAL and busy timeout keep an import beside a window safe.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # Library.open reports it with the reason
    lock_path = Path(str(path) + LOCK_SUFFIX)
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock, ""
    info = lock.getLockInfo()  # (pid, hostname, appname); PySide drops the ok flag: pid 0 when unreadable
    if not _owner_known(info):
        # No readable owner: an empty lock file left by a reader killed while writing it (which
        # QLockFile would wait on forever), or something else in the way.
        with contextlib.suppress(OSError):
            if lock_path.is_file() and time.time() - lock_path.stat().st_mtime > STALE_EMPTY_LOCK_S:
                lock_path.unlink()
        if lock.tryLock(200):
            return lock, ""
        if not lock_path.is_file():
            # A read-only folder, or a folder named like the lock: no lock is possible here. Carry
            # on unlocked; opening the library itself will say what is wrong if it cannot be used.
            return QLockFile(str(lock_path)), ""
        info = lock.getLockInfo()
    who = i18n.tr("process {pid} on {host}", pid=info[0], host=info[1]) if _owner_known(info) else i18n.tr(
        "another process")
    return None, i18n.tr("The library {path} is already open in another Arabic News Reader window ({who}). Close that window first, or open another library.",  # noqa: E501
                         path=str(path), who=who)


def _owner_known(info: object) -> bool:
    return isinstance(info, tuple) and len(info) == 3 and isinstance(info[0], int) and info[0] > 0


def _run(app: QApplication, settings: Settings, path: Path, paths: list[str] | None, demo: bool,
         smoke_test: bool) -> tuple[int, Path | None]:
    """One window on one library: (exit status, the library to open next or None)."""
    try:
        lib = Library.open(path)
    except LibraryError as e:
        if smoke_test:
            print(f"reader: {e}", file=sys.stderr)
        else:
            QMessageBox.critical(None, i18n.tr("Arabic News Reader"), str(e))
        return 1, None
    settings.add_recent_library(str(path.resolve()))

    from reader.ui.main_window import MainWindow

    window = MainWindow(lib, settings)
    # A second process holds the library open for as long as the window does, so no outside
    # client ever deletes the WAL under it (reader/core/store/keeper.py).
    window.keeper = start_keeper(lib.path)
    previous_hook = sys.excepthook
    sys.excepthook = window.unexpected_error
    try:
        if smoke_test:
            return _smoke_test(app, window, lib), None
        window.show()
        if demo and lib.stats()["articles"] == 0:
            demo_dir = resource_path("demo", "articles")
            if demo_dir.is_dir():
                window.statusBar().showMessage(i18n.tr("Preparing the demo library…"), 5000)
                window.import_paths([demo_dir])
        if paths:
            window.import_paths(paths)
        first = window.library_view.model
        if first.rowCount() == 0 and first.canFetchMore():
            first.fetchMore()
        aid = first.article_id(0)
        if aid is not None:
            window.open_article(aid)
        status = app.exec()
        return status, window.next_library
    finally:
        from reader.ui.tasks import wait_all

        sys.excepthook = previous_hook
        wait_all(10000)
        # Delete the window (and its models) before closing the library they read, so nothing
        # queries a closed connection if the process goes on (tests, the smoke test).
        keeper = window.keeper
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        lib.close()
        if keeper is not None:
            keeper.stop()  # the last connection: SQLite checkpoints and tidies the WAL away


def _smoke_test(app: QApplication, window, lib: Library) -> int:  # type: ignore[no-untyped-def]
    """Headless check of a built app: the library opens, an article renders, a PDF is written."""
    window.show()
    app.processEvents()
    if window.keeper is None or not window.keeper.alive():
        print("smoke test: the library keeper did not start", file=sys.stderr)
        return 1
    ids = lib.article_ids()
    rendered = 0
    if ids:
        window.open_article(ids[0])
        app.processEvents()
        rendered = len(window.article_view.browser.toPlainText())
        from reader.export.pdf import export_pdf

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "smoke.pdf"
            export_pdf(lib, [ids[0]], out)
            size = out.stat().st_size
        print(f"smoke test: {len(ids)} articles, first rendered ({rendered} characters), PDF {size} bytes")
        if size == 0 or rendered == 0:
            return 1
    else:
        print("smoke test: empty library, window built")
    return 0
