"""Shared fixtures: the shared data folder beside the project, skipped when absent."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3].parent / "shared"


@pytest.fixture
def shared_data() -> Path:
    data = SHARED / "data"
    if not (data / "ner").is_dir():
        pytest.skip(f"shared data not found at {data} (../shared sits beside the project checkout)")
    return data
