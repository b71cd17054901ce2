"""Entry point of the frozen (PyInstaller) app: the same ``reader`` command as the wheel's."""
from __future__ import annotations

import os
import sys
from pathlib import Path

if getattr(sys, "frozen", False):
    # camel-tools' optional data (models, databases) is never bundled: it stays in the user's
    # own data folder, where `camel_data` installs it. Say so explicitly, so nothing ever looks
    # for it inside the bundle.
    os.environ.setdefault("CAMELTOOLS_DATA", str(Path.home() / ".camel_tools"))

from reader.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
