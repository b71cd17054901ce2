"""PNG screenshots of the real reader window, for looking at (Arabic shaping, direction, layout).

    QT_QPA_PLATFORM=offscreen python bench/screenshot.py [--seeds DIR] [--out DIR] [--lang en|ar|both]

Imports the seed articles into a temporary library with the real importers, NER model and
linking, opens an article, selects its most mentioned person in the entity panel, and writes
``window-<lang>.png``.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.model import Label  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "data" / "seeds"

def build(lib_path: Path, seeds: Path) -> str:
    """Import the articles with the real importers, NER model and linking."""
    from reader.core.pipeline import import_paths
    from reader.core.store import Library

    with Library.open(lib_path) as lib:
        return import_paths(lib, [seeds]).summary()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--out", type=Path, default=Path("out"))
    parser.add_argument("--lang", choices=("en", "ar", "both"), default="both")
    parser.add_argument("--size", default="1400x860")
    parser.add_argument("--article", type=int, default=0, help="row of the library list to open")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from reader.core.store import Library
    from reader.ui.app import apply_language, ensure_app
    from reader.ui.main_window import MainWindow
    from reader.ui.settings import Settings

    app = ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        how = build(Path(tmp) / "shots.sqlite", args.seeds)
        print(f"screenshot: library {how}")
        lib = Library.open(Path(tmp) / "shots.sqlite")
        settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        for lang in (("en", "ar") if args.lang == "both" else (args.lang,)):
            apply_language(settings, lang)
            w = MainWindow(lib, settings)
            width, height = (int(x) for x in args.size.split("x"))
            w.resize(width, height)
            w.show()
            model = w.library_view.model
            model.fetch_until(args.article)
            aid = model.article_id(args.article)
            if aid is not None:
                w.open_article(aid)
                persons = [m for m in lib.mentions(aid) if m.label == Label.PERS and m.entity_id is not None]
                if persons:
                    best = max({m.entity_id for m in persons}, key=lambda e: lib.entity(e).n_mentions)  # type: ignore[arg-type]
                    w.open_entity(best)  # type: ignore[arg-type]
                    of_best = [m for m in persons if m.entity_id == best]
                    second = of_best[min(1, len(of_best) - 1)]
                    w.article_view.select_mention(second.id, flash=True)
            end = time.monotonic() + 0.5
            while time.monotonic() < end:
                app.processEvents()
            path = args.out / f"window-{lang}.png"
            w.grab().save(str(path))
            print(f"screenshot: wrote {path}")
            w.close()
            w.deleteLater()
            QApplication.processEvents()
        lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
