"""Fixtures shared by the whole suite: the shared data folder and small real libraries."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The reader's log (reader.core.logs) goes to a folder of the test run's, not the user's.
os.environ.setdefault("READER_LOG_DIR", tempfile.mkdtemp(prefix="reader-test-log-"))
# and linking states a window keeps on disk (reader.core.linking.state) to one of its own too
os.environ.setdefault("READER_CACHE_DIR", tempfile.mkdtemp(prefix="reader-test-cache-"))

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


@pytest.fixture(autouse=True)
def no_link_state_kept_across_tests() -> Iterator[None]:
    """Each test starts without the linking states earlier tests built (one per library, kept by
    the process for quick corrections): they would leak memory and time into later tests."""
    yield
    from reader.core.linking import forget_link_state, state

    if state._states:
        forget_link_state()
