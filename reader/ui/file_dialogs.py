"""Every file dialog of the window: the library's own files are never shown, and no file is read.

A file dialog lists a folder through QFileSystemModel, which asks its icon provider for each
file's icon and type; Qt's default provider finds them through the MIME database, which opens
and reads any file whose name does not settle its type (``library.sqlite-wal``, ``-shm``). In
the window's process that open-and-close drops SQLite's POSIX locks on the library (see
``reader/core/store/keeper.py``). So the dialogs here are Qt's own (a platform dialog may sniff
content in this process too), with an icon provider that decides from the name alone, and a
filter that hides the library's files, which are nothing to import and nothing to overwrite.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileInfo, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QFileSystemModel, QMessageBox, QWidget

from reader.ui.i18n import tr


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Folder and file icons, and a type from the suffix: decided without opening any file."""

    def __init__(self) -> None:
        super().__init__()
        base = QFileIconProvider()
        T = QAbstractFileIconProvider.IconType
        self._folder, self._file = base.icon(T.Folder), base.icon(T.File)

    def icon(self, what: Any) -> QIcon:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            return self._folder if what.isDir() else self._file
        return self._folder if what == QAbstractFileIconProvider.IconType.Folder else self._file

    def type(self, info: QFileInfo) -> str:  # type: ignore[override]
        if info.isDir():
            return tr("Folder")
        suffix = info.suffix()
        return tr("{suffix} file", suffix=suffix.upper()) if suffix else tr("File")


class HideFiles(QSortFilterProxyModel):
    """A file system model's rows without the given files (compared by their real paths)."""

    def __init__(self, hidden: Iterable[Path], parent: Any = None) -> None:
        super().__init__(parent)
        self.hidden = {os.path.realpath(p) for p in hidden}

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if isinstance(model, QFileSystemModel):
            path = model.filePath(model.index(row, 0, parent))
            if os.path.realpath(path) in self.hidden:
                return False
        return True


def _dialog(parent: QWidget | None, title: str, start: str, hidden: Iterable[Path], name_filter: str = "") -> QFileDialog:
    dialog = QFileDialog(parent, title, start)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog._icon_provider = provider  # type: ignore[attr-defined]  # the dialog does not own it
    dialog.setProxyModel(HideFiles(hidden, dialog))
    if name_filter:
        dialog.setNameFilter(name_filter)
    return dialog


def open_files(parent: QWidget | None, title: str, start: str, name_filter: str, hidden: Iterable[Path]) -> list[str]:
    """Existing files the user picks (none when cancelled)."""
    dialog = _dialog(parent, title, start, hidden, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return dialog.selectedFiles() if dialog.exec() else []


def open_file(parent: QWidget | None, title: str, start: str, name_filter: str, hidden: Iterable[Path]) -> str:
    dialog = _dialog(parent, title, start, hidden, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def open_folder(parent: QWidget | None, title: str, start: str, hidden: Iterable[Path]) -> str:
    dialog = _dialog(parent, title, start, hidden)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def open_library(parent: QWidget | None, start: str, hidden: Iterable[Path]) -> str:
    """A library file to open, existing or new (the window creates a new one)."""
    dialog = _dialog(parent, tr("Open library…"), start, hidden,
                     tr("Libraries (*.sqlite *.sqlite3 *.db);;All files (*)"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix("sqlite")
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def save_file(parent: QWidget | None, title: str, start: str, name_filter: str, hidden: Iterable[Path]) -> str:
    """A file to write (the dialog asks before overwriting); never one of the ``hidden`` files,
    which the user might still type by name."""
    hidden = list(hidden)
    dialog = _dialog(parent, title, str(Path(start).parent), hidden, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(Path(start).name)
    suffix = Path(start).suffix
    if suffix:
        dialog.setDefaultSuffix(suffix[1:])
    if not dialog.exec() or not dialog.selectedFiles():
        return ""
    path = dialog.selectedFiles()[0]
    if os.path.realpath(path) in {os.path.realpath(p) for p in hidden}:
        QMessageBox.warning(parent, title, tr("{path} is one of the library's own files: choose another name.",
                                              path=path))
        return ""
    return path
