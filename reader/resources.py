"""One accessor for bundled files (fonts, models, demo articles, translations).

Works from a checkout, an installed wheel (resources/ is shipped as package data next to
``reader``) and a PyInstaller one-folder bundle (``sys._MEIPASS``), as qutebrowser's
``utils/resources.py`` does. No generated qrc modules.
"""
from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding fonts/, models/, demo/ ..."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"resources folder not found next to {here}")


def resource_path(*parts: str) -> Path:
    """Path of a bundled file, e.g. ``resource_path("fonts", "Amiri-Regular.ttf")``."""
    return resources_dir().joinpath(*parts)
