"""Every qtawesome icon name the UI uses, in one place."""
from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

OPEN_LIBRARY = "mdi6.folder-open-outline"
IMPORT_FILES = "mdi6.file-import-outline"
IMPORT_FOLDER = "mdi6.folder-download-outline"
EXPORT_PDF = "mdi6.file-pdf-box"
EXPORT_DATA = "mdi6.database-export-outline"
QUIT = "mdi6.exit-to-app"
ZOOM_IN = "mdi6.magnify-plus-outline"
ZOOM_OUT = "mdi6.magnify-minus-outline"
ZOOM_RESET = "mdi6.magnify"
LANGUAGE = "mdi6.translate"
BACK = "mdi6.arrow-left"
FORWARD = "mdi6.arrow-right"
NEXT_MENTION = "mdi6.chevron-double-down"
PREVIOUS_MENTION = "mdi6.chevron-double-up"
NEXT_ARTICLE = "mdi6.page-next-outline"
PREVIOUS_ARTICLE = "mdi6.page-previous-outline"
SEARCH = "mdi6.magnify"
FILTER = "mdi6.filter-outline"
CLOSE = "mdi6.close"
CANCEL = "mdi6.close-circle-outline"
ENTITY = "mdi6.tag-outline"
PERSON = "mdi6.account"
ORGANISATION = "mdi6.domain"
PLACE = "mdi6.map-marker"
OTHER = "mdi6.shape-outline"
ARTICLE = "mdi6.newspaper-variant-outline"
LIBRARY = "mdi6.bookshelf"
ABOUT = "mdi6.information-outline"
WARNING = "mdi6.alert-outline"
UNDO = "mdi6.undo"
REDO = "mdi6.redo"
MERGE = "mdi6.call-merge"
RENAME = "mdi6.rename-box"
SPLIT = "mdi6.call-split"
REMOVE_MENTION = "mdi6.tag-remove-outline"
MARK = "mdi6.tag-plus-outline"
DOSSIER = "mdi6.file-account-outline"
CORRECTIONS_EXPORT = "mdi6.export"
CORRECTIONS_IMPORT = "mdi6.import"

ALL = (OPEN_LIBRARY, IMPORT_FILES, IMPORT_FOLDER, EXPORT_PDF, EXPORT_DATA, QUIT, ZOOM_IN, ZOOM_OUT, ZOOM_RESET, LANGUAGE,
       BACK, FORWARD, NEXT_MENTION, PREVIOUS_MENTION, NEXT_ARTICLE, PREVIOUS_ARTICLE, SEARCH, FILTER, CLOSE,
       CANCEL, ENTITY, PERSON, ORGANISATION, PLACE, OTHER, ARTICLE, LIBRARY, ABOUT, WARNING, UNDO, REDO, MERGE,
       RENAME, SPLIT, REMOVE_MENTION, MARK, DOSSIER, CORRECTIONS_EXPORT, CORRECTIONS_IMPORT)


@cache
def icon(name: str, color: str | None = None) -> QIcon:
    """The qtawesome icon ``name`` (one of the constants above); needs a QApplication."""
    import qtawesome

    return qtawesome.icon(name, color=color) if color else qtawesome.icon(name)


def label_icon(label: object) -> QIcon:
    from reader.core.model import Label

    return icon({Label.PERS: PERSON, Label.ORG: ORGANISATION, Label.LOC: PLACE}.get(label, OTHER))  # type: ignore[call-overload]
