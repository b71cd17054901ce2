"""Fixtures shared by the whole suite: the shared data folder and small real libraries."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO.parent / "shared" / "data").resolve()
SEEDS = SHARED_DATA / "seeds"


def require_shared(*parts: str) -> Path:
    """A path under ../shared/data, or skip: a user's fresh clone has no shared folder."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (shared data lives beside the project only on the team's machines)")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return require_shared("seeds")


@pytest.fixture
def library(tmp_path: Path):
    """An empty library in a real SQLite file."""
    from reader.core.store import Library

    lib = Library.open(tmp_path / "library.sqlite")
    yield lib
    lib.close()
