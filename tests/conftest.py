"""Fixtures shared by the whole suite: the shared data folder and small real libraries."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_MADE: list[str] = []  # the folders this run made for itself, removed when it ends


def _own_folder(variable: str, prefix: str) -> None:
    if variable not in os.environ:
        os.environ[variable] = tempfile.mkdtemp(prefix=prefix)
        _MADE.append(os.environ[variable])


# The reader's log (reader.core.logs) goes to a folder of the test run's, not the user's,
_own_folder("READER_LOG_DIR", "reader-test-log-")
# and linking states a window keeps on disk (reader.core.linking.state) to one of its own too.
_own_folder("READER_CACHE_DIR", "reader-test-cache-")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for folder in _MADE:
        shutil.rmtree(folder, ignore_errors=True)

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
