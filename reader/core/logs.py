"""The reader's log file: every failure with its traceback, and a hard crash's stack.

A researcher who meets an error sees it in words in the window; what a developer needs to fix
it (the traceback, the Python stack of a segmentation fault) goes here, in the user's state
folder (``~/.local/state/arabic-news-reader/log/reader.log`` on Linux, ``$READER_LOG_DIR`` if set).
"""
from __future__ import annotations

import atexit
import faulthandler
import logging
import os
import sys
from pathlib import Path
from typing import IO

from reader.core.store.library import APP_NAME

LOGGER = "reader"
FILE_NAME = "reader.log"
MAX_BYTES = 2_000_000  # a longer log is moved to reader.log.1 when the next reader starts

log = logging.getLogger(LOGGER)
_crash_file: IO[str] | None = None


def log_dir() -> Path:
    env = os.environ.get("READER_LOG_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    return log_dir() / FILE_NAME


def setup() -> Path | None:
    """Log to the file and write a hard crash's stack to it (``faulthandler``); the path, or None
    when the folder cannot be written (then stderr only). Once per process."""
    global _crash_file
    path = log_path()
    if _crash_file is not None:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            path.replace(path.with_name(FILE_NAME + ".1"))
        handler = logging.FileHandler(path, encoding="utf-8")
        # faulthandler writes raw to a descriptor of its own, appending to the same file
        _crash_file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - held for the process's life
    except OSError as e:
        print(f"reader: cannot write the log {path}: {e}", file=sys.stderr)
        faulthandler.enable()
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s pid %(process)d %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    faulthandler.enable(_crash_file, all_threads=True)
    atexit.register(_close_crash_file)
    return path


def _close_crash_file() -> None:
    """At exit: stop writing crashes to the log (the interpreter is going) and close it."""
    global _crash_file
    if _crash_file is not None:
        faulthandler.disable()
        _crash_file.close()
        _crash_file = None
