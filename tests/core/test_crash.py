"""kill -9 during import, analysis and edits leaves a sound library (a small run of bench/crash_trials.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_killed_import_analysis_and_edits_leave_a_sound_library() -> None:
    r = subprocess.run([sys.executable, str(REPO / "bench" / "crash_trials.py"), "--trials", "3", "--articles", "30",
                        "--seed", "7"], capture_output=True, text=True, encoding="utf-8", timeout=600, cwd=REPO)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3 trials (1 import, 1 analyse, 1 edits)" in r.stdout
    assert "3 passed, 0 failed" in r.stdout
