"""Helpers for the UI tests (a module of its own: several conftest.py files share that name)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.core.model import Document, Label, Span


def mention_by_text(lib, article_id: int, text: str):  # type: ignore[no-untyped-def]
    return next(m for m in lib.mentions(article_id) if m.text == text)


def doc_text_at(view, start: int, end: int) -> str:  # type: ignore[no-untyped-def]
    """The document's text between two QTextCursor positions (UTF-16 units)."""
    units = view.browser.document().toPlainText().encode("utf-16-le")
    return units[2 * start:2 * end].decode("utf-16-le")


# (title, text, [(surface, label, occurrence index or None for all)])
ARTICLES: list[tuple[str, str, list[tuple[str, Label]]]] = [
    ("النمروش يزور قطر",
     "النمروش يزور قطر\n\nأعلنت حكومة الوفاق أن صلاح الدين النمروش وصل اليوم إلى قطر.\n"
     "وذكر بيان وزارة الدفاع أن النمروش التقى خالد العطية في الدوحة.",
     [("صلاح الدين النمروش", Label.PERS), ("النمروش", Label.PERS), ("قطر", Label.LOC),
      ("حكومة الوفاق", Label.ORG), ("خالد العطية", Label.PERS), ("الدوحة", Label.LOC)]),
    ("😀 قطر وتركيا",
     "😀😀 خبر عاجل 🇶🇦: وصل النمروش إلى قطر 𝒜 ثم غادر إلى تركيا.\nقال خالد العطية إن التعاون مستمر.",
     [("النمروش", Label.PERS), ("قطر", Label.LOC), ("تركيا", Label.LOC), ("خالد العطية", Label.PERS)]),
    ("<script>alert(1)</script> and <b>bold</b>",
     "Text with <script>alert('x')</script> and <b>not bold</b> & an entity: Qatar.\n"
     "<img src=\"http://example.com/x.png\"> must not load.",
     [("Qatar", Label.LOC)]),
]


def _spans(text: str, marks: Sequence[tuple[str, Label]]) -> list[Span]:
    """Every occurrence of each surface form, longest forms first, without overlaps."""
    taken: list[tuple[int, int]] = []
    out: list[Span] = []
    for surface, label in sorted(marks, key=lambda m: -len(m[0])):
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                out.append(Span(start, end, label, surface))
            start = text.find(surface, end)
    return sorted(out, key=lambda s: s.start)


def build_library(path: Path, articles=ARTICLES, extra: int = 0):  # type: ignore[no-untyped-def]
    """A library with ``articles`` and ``extra`` filler articles, analysed by hand and linked."""
    from reader.core.linking import relink_library
    from reader.core.store import Library

    lib = Library.open(path)
    with lib.transaction():
        for n, (title, text, marks) in enumerate(articles):
            aid, _ = lib.upsert_document(Document(source=f"/data/{n}.txt", title=title, text=text, raw=text,
                                                  outlet="الساعة 24", date=f"2020-05-{n + 1:02d}", format="txt"))
            lib.set_model_mentions(aid, _spans(text, marks), "test")
        for n in range(extra):
            text = f"مقال رقم {n} عن الدوحة وقطر.\nفقرة ثانية تذكر تركيا."
            aid, _ = lib.upsert_document(Document(source=f"/data/extra/{n}.txt", title=f"مقال {n}", text=text,
                                                  raw=text, outlet="وكالة", date=f"2019-01-{n % 28 + 1:02d}", format="txt"))
            lib.set_model_mentions(aid, _spans(text, [("الدوحة", Label.LOC), ("قطر", Label.LOC), ("تركيا", Label.LOC)]), "test")
        relink_library(lib)
    return lib


def background_state(w=None) -> str:  # type: ignore[no-untyped-def]
    """What runs in the background now, with every thread's stack: said when a wait times out."""
    import faulthandler
    import tempfile

    from PySide6.QtCore import QThreadPool

    from reader.ui import tasks

    pool = QThreadPool.globalInstance()
    lines = [f"pool: {pool.activeThreadCount()} of {pool.maxThreadCount()} threads busy",
             f"live tasks: {sorted(t.name for t in tasks._live)}"]
    if w is not None:
        lines.append(f"window: {w.corrections_pending()} corrections pending, task {w.task and w.task.name!r}, "
                     f"library problem {w.library_problem!r}")
    with tempfile.TemporaryFile("w+") as f:
        faulthandler.dump_traceback(f, all_threads=True)
        f.seek(0)
        lines.append(f.read())
    return "\n".join(lines)


def corrections_applied(w, qtbot, timeout: int = 30000) -> None:  # type: ignore[no-untyped-def]
    """Corrections are applied in the background, one at a time: wait until the queue is empty."""
    try:
        qtbot.waitUntil(lambda: w.corrections_pending() == 0, timeout=timeout)
    except Exception as e:
        raise AssertionError(f"corrections still pending after {timeout} ms\n{background_state(w)}") from e


def _close_windows(made: list) -> None:  # type: ignore[type-arg]
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from reader.ui.tasks import wait_all

    # A task still running after the test would hold a pool thread into the next one.
    assert wait_all(30000), f"background work still running 30 s after the test\n{background_state()}"
    for w in made:
        w.close()
        w.deleteLater()
    made.clear()
    wait_all(30000)  # what closing started (the linking state kept on disk)
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` as key events. QTest.keyClicks types Latin-1 only (it aborts on Arabic), so
    other characters are sent as the key events an Arabic keyboard layout produces (text, no key code)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.encode("latin-1", "ignore"):
            QTest.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
