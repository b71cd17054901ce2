"""PNG screenshots of the real reader window, for looking at (Arabic shaping, direction, layout).

    QT_QPA_PLATFORM=offscreen python bench/screenshot.py [--seeds DIR] [--out DIR] [--lang en|ar|both]

Imports the seed articles into a temporary library (with the real importers and NER model when
they are available, else by hand with a small list of names), opens the first article, selects
its most mentioned person in the entity panel, and writes ``window-<lang>.png``.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.model import Document, Label, Span  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "data" / "seeds"

# For the by-hand library only (no NER model yet): names seen in the seed articles.
NAMES: dict[str, Label] = {
    "صلاح الدين النمروش": Label.PERS, "النمروش": Label.PERS, "خالد العطية": Label.PERS,
    "خالد بن محمد العطية": Label.PERS, "العطية": Label.PERS, "خليفة حفتر": Label.PERS, "حفتر": Label.PERS,
    "خلوصي أكار": Label.PERS, "أكار": Label.PERS, "غالب الزقلعي": Label.PERS,
    "قطر": Label.LOC, "الدوحة": Label.LOC, "ليبيا": Label.LOC, "طرابلس": Label.LOC, "تركيا": Label.LOC,
    "جنيف": Label.LOC, "حكومة الوفاق": Label.ORG, "الوفاق": Label.ORG, "وزارة الدفاع": Label.ORG,
    "المجلس الرئاسي": Label.ORG, "الجيش الوطني الليبي": Label.ORG, "تويتر": Label.MISC,
}


def hand_spans(text: str) -> list[Span]:
    taken: list[tuple[int, int]] = []
    out: list[Span] = []
    for name in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w)(?:و|ب|ل|ف|ال|لل|وال|بال)?({re.escape(name)})(?!\w)", text):
            s, e = m.span(1)
            if not any(a < e and s < b for a, b in taken):
                taken.append((s, e))
                out.append(Span(s, e, NAMES[name], name))
    return sorted(out, key=lambda s: s.start)


class NameListBackend:
    """An NER backend that tags the NAMES above (whole tokens, a clitic allowed on the first)."""

    name = "screenshot-names-1"

    def __init__(self) -> None:
        self.names = sorted(((n.split(), label) for n, label in NAMES.items()), key=lambda x: -len(x[0]))

    def _matches(self, tokens, i, words):  # type: ignore[no-untyped-def]
        if i + len(words) > len(tokens):
            return False
        first = tokens[i]
        if not (first == words[0] or any(first == p + words[0] for p in ("و", "ب", "ل", "ف", "ال", "لل", "وال", "بال"))):
            return False
        return list(tokens[i + 1:i + len(words)]) == words[1:]

    def tag(self, sentences):  # type: ignore[no-untyped-def]
        out = []
        for tokens in sentences:
            tags = ["O"] * len(tokens)
            i = 0
            while i < len(tokens):
                for words, label in self.names:
                    if self._matches(tokens, i, words):
                        tags[i] = f"B-{label.value}"
                        for k in range(1, len(words)):
                            tags[i + k] = f"I-{label.value}"
                        i += len(words)
                        break
                else:
                    i += 1
            out.append(tags)
        return out


def build(lib_path: Path, seeds: Path) -> str:
    from reader.core.store import Library

    lib = Library.open(lib_path)
    try:
        try:
            from reader.core.pipeline import import_paths
        except ImportError as e:
            print(f"screenshot: importers not available ({e}); building the library by hand", file=sys.stderr)
        else:
            try:
                from reader.core.ner import load_backend

                backend, how = load_backend(), "the built-in model"
            except (ImportError, FileNotFoundError) as e:
                print(f"screenshot: NER model not available ({e}); tagging a list of names", file=sys.stderr)
                backend, how = NameListBackend(), "a list of names"
            report = import_paths(lib, [seeds], backend=backend)
            return f"imported with the real importers and {how}: {report.summary()}"
        from reader.core.linking import relink_library

        with lib.transaction():
            for f in sorted(seeds.glob("*.txt")):
                raw = f.read_text(encoding="utf-8")
                lines = raw.strip().split("\n")
                title, text = lines[0].strip(), "\n".join(lines[1:]).strip()
                aid, _ = lib.upsert_document(Document(source=str(f), title=title, text=text, raw=raw,
                                                      outlet="seed", date="2020-08-1" + f.name[2], format="txt"))
                lib.set_model_mentions(aid, hand_spans(text), "by-hand")
            relink_library(lib)
        return "built by hand"
    finally:
        lib.close()


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
                    second = [m for m in persons if m.entity_id == best][min(1, len(persons) - 1)]
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
