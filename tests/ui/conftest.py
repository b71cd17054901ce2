"""Fixtures for the UI tests: small hand-built libraries and a window with throw-away settings."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ui_helpers import _close_windows, build_library

@pytest.fixture
def windows() -> Iterator[list]:  # type: ignore[type-arg]
    """Windows made by a test; closed before its library is (they read it until deleted)."""
    made: list = []  # type: ignore[type-arg]
    yield made
    _close_windows(made)


@pytest.fixture
def ui_lib(tmp_path: Path, windows) -> Iterator:  # type: ignore[no-untyped-def, type-arg]
    lib = build_library(tmp_path / "ui.sqlite")
    yield lib
    _close_windows(windows)
    lib.close()


@pytest.fixture
def big_lib(tmp_path: Path, windows) -> Iterator:  # type: ignore[no-untyped-def, type-arg]
    lib = build_library(tmp_path / "big.sqlite", extra=650)
    yield lib
    _close_windows(windows)
    lib.close()


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from reader.ui.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot, settings, windows):  # type: ignore[no-untyped-def]
    from reader.ui.app import apply_language, ensure_app

    ensure_app()

    def make(lib, lang: str = "en"):  # type: ignore[no-untyped-def]
        from reader.ui.main_window import MainWindow

        apply_language(settings, lang)
        w = MainWindow(lib, settings)
        windows.append(w)
        return w

    yield make
    from reader.ui import i18n

    _close_windows(windows)
    apply_language(settings, "en")
    i18n.set_language("en")


# Said by the offscreen platform plugin itself when a window with docks is shown, not by our code.
PLATFORM_NOISE = {"This plugin does not support propagateSizeHints()"}


@pytest.fixture(autouse=True)
def no_qt_warnings(qapp, qtlog, request):  # type: ignore[no-untyped-def]
    """Qt warnings emitted during a UI test fail it (qutebrowser's qt_log_level_fail = WARNING);
    a test module may allow more of the platform's own notes in ``QT_NOTES_ALLOWED``."""
    from reader.ui.app import ensure_app

    ensure_app()
    yield
    from PySide6.QtCore import QtMsgType

    allowed = PLATFORM_NOISE | getattr(request.module, "QT_NOTES_ALLOWED", set())
    bad = [r.message for r in qtlog.records
           if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
           and r.message not in allowed]
    assert not bad, f"Qt warnings: {bad}"
