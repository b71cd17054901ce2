"""Application start-up: QApplication, bundled fonts, language and layout direction, the window."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from reader import __version__
from reader.core.store import Library, LibraryError, default_library_path
from reader.core.store.library import APP_NAME
from reader.resources import resource_path
from reader.ui import i18n
from reader.ui.settings import Settings

UI_ARABIC_FONT = "Noto Sans Arabic"
_fonts_registered: list[str] = []


def register_fonts() -> list[str]:
    """Register the bundled TTFs with Qt (once); returns the families found."""
    if _fonts_registered:
        return _fonts_registered
    families: set[str] = set()
    folder = resource_path("fonts")
    for ttf in sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(ttf))
        if font_id >= 0:
            families.update(QFontDatabase.applicationFontFamilies(font_id))
    _fonts_registered.extend(sorted(families))
    return _fonts_registered


def ensure_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created if needed) with names, fonts and the UI font fallback set."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
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
    """Open the reader window (``reader gui`` / ``reader demo``); returns the exit status."""
    app = ensure_app()
    settings = Settings()
    apply_language(settings)
    path = demo_library_path(db) if demo else (Path(db) if db else default_library_path())
    try:
        lib = Library.open(path)
    except LibraryError as e:
        if smoke_test:
            print(f"reader: {e}", file=sys.stderr)
        else:
            QMessageBox.critical(None, i18n.tr("Arabic News Reader"), str(e))
        return 1

    from reader.ui.main_window import MainWindow

    window = MainWindow(lib, settings)
    if smoke_test:
        return _smoke_test(app, window, lib)
    window.show()
    if demo and lib.stats()["articles"] == 0:
        demo_dir = resource_path("demo")
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
    try:
        return app.exec()
    finally:
        from reader.ui.tasks import wait_all

        wait_all(10000)
        lib.close()


def _smoke_test(app: QApplication, window, lib: Library) -> int:  # type: ignore[no-untyped-def]
    """Headless check of a built app: the library opens, an article renders, a PDF is written."""
    window.show()
    app.processEvents()
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
    QTimer.singleShot(0, window.close)
    app.processEvents()
    window.close()
    lib.close()
    return 0
