"""Regression test for the PySide6 pin (pyproject.toml).

PySide6 6.12.0 on Python 3.11 crashes after some thousands of Qt calls that return None
("Fatal Python error: none_dealloc": a reference-count bug on None). A subprocess makes ~20,000
such calls; a crash kills only it, and the test reports the exit status.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import PySide6

LOOP = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    w = QWidget()
    for i in range(10_000):
        w.setToolTip(str(i))      # returns None
        w.setEnabled(i % 2 == 0)  # returns None
    print("ok")
""")


def test_many_none_returning_qt_calls_do_not_crash():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", LOOP], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stderr[-2000:]}"
    assert proc.stdout.strip() == "ok"


def test_installed_pyside_is_not_the_broken_release():
    if sys.version_info[:2] == (3, 11):
        assert PySide6.__version__ != "6.12.0", "PySide6 6.12.0 crashes on Python 3.11: keep the <6.12 pin"
