"""Shared fixtures: the sample data folder (skipped when absent) and file writers."""
from __future__ import annotations

from pathlib import Path

import pytest

# The team's sample data lives beside the checkout (/work/shared/data from /work/main).
DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


@pytest.fixture
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"sample data not found at {DATA.resolve()} (shared/data beside the repository)")
    return DATA.resolve()


@pytest.fixture
def seeds(data_dir: Path) -> Path:
    folder = data_dir / "seeds"
    if not folder.is_dir():
        pytest.skip(f"seed articles not found at {folder}")
    return folder


@pytest.fixture
def saudinewsnet(data_dir: Path) -> Path:
    folder = data_dir / "saudinewsnet"
    if not folder.is_dir():
        pytest.skip(f"SaudiNewsNet sample not found at {folder}")
    return folder
