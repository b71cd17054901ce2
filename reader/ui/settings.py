"""Typed, versioned user settings stored with QSettings.

``SCHEMA`` is bumped when a key changes meaning; :func:`_migrate` upgrades older stores
(as napari and Picard do), so a new version never misreads an old value.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from reader.core.model import Label

SCHEMA = 1
ORG = "arabic-news-reader"
APP = "reader"

DEFAULT_ZOOM = 0  # steps from the base font size
MIN_ZOOM, MAX_ZOOM = -6, 14
RECENT_LIBRARIES = 8


class Settings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._s = qsettings if qsettings is not None else QSettings(ORG, APP)
        self._migrate()

    def _migrate(self) -> None:
        version = int(self._s.value("schema", 0) or 0)
        if version < 1:
            pass  # first schema: nothing to convert
        self._s.setValue("schema", SCHEMA)

    def sync(self) -> None:
        self._s.sync()

    # -- values ------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        """"en", "ar" or "" (follow the system locale)."""
        value = str(self._s.value("ui/language", "") or "")
        return value if value in ("en", "ar") else ""

    @language.setter
    def language(self, value: str) -> None:
        self._s.setValue("ui/language", value)

    @property
    def zoom(self) -> int:
        try:
            z = int(self._s.value("article/zoom", DEFAULT_ZOOM))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            z = DEFAULT_ZOOM
        return max(MIN_ZOOM, min(MAX_ZOOM, z))

    @zoom.setter
    def zoom(self, value: int) -> None:
        self._s.setValue("article/zoom", int(value))

    @property
    def hidden_labels(self) -> set[Label]:
        raw = str(self._s.value("article/hidden_labels", "") or "")
        out = set()
        for part in raw.split(","):
            try:
                out.add(Label(part))
            except ValueError:
                pass
        return out

    @hidden_labels.setter
    def hidden_labels(self, labels: set[Label]) -> None:
        self._s.setValue("article/hidden_labels", ",".join(sorted(label.value for label in labels)))

    @property
    def geometry(self) -> QByteArray | None:
        v = self._s.value("window/geometry")
        return v if isinstance(v, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        v = self._s.value("window/state")
        return v if isinstance(v, QByteArray) else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

    @property
    def window_state_rtl(self) -> bool:
        """Whether the saved dock layout was made with the Arabic (mirrored) placement."""
        return str(self._s.value("window/state_rtl", "false")).lower() == "true"

    @window_state_rtl.setter
    def window_state_rtl(self, value: bool) -> None:
        self._s.setValue("window/state_rtl", "true" if value else "false")

    @property
    def digits(self) -> str:
        """Digits of dates, counts and page numbers in exported PDFs: "western" (0-9) or "arabic" (٠-٩)."""
        value = str(self._s.value("export/digits", "western") or "western")
        return value if value in ("western", "arabic") else "western"

    @digits.setter
    def digits(self, value: str) -> None:
        self._s.setValue("export/digits", value)

    @property
    def recent_libraries(self) -> list[str]:
        """Library files opened lately, the latest first."""
        raw = self._s.value("files/recent_libraries", "")
        items = raw if isinstance(raw, list) else str(raw or "").split("\n")
        return [str(p) for p in items if p][:RECENT_LIBRARIES]

    def add_recent_library(self, path: str) -> None:
        items = [path, *(p for p in self.recent_libraries if p != path)]
        self._s.setValue("files/recent_libraries", "\n".join(items[:RECENT_LIBRARIES]))

    @property
    def last_dir(self) -> str:
        return str(self._s.value("files/last_dir", "") or "")

    @last_dir.setter
    def last_dir(self, value: str) -> None:
        self._s.setValue("files/last_dir", value)
