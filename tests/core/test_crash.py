"""kill -9 during import, analysis, edits and journaled corrections leaves a sound library (a small run of
bench/crash_trials.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_killed_import_analysis_edits_and_journal_leave_a_sound_library() -> None:
    r = subprocess.run([sys.executable, str(REPO / "bench" / "crash_trials.py"), "--trials", "4", "--articles", "30",
                        "--seed", "7"], capture_output=True, text=True, encoding="utf-8", timeout=600, cwd=REPO)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "4 trials (1 import, 1 analyse, 1 edits, 1 journal)" in r.stdout
    assert "4 passed, 0 failed" in r.stdout
