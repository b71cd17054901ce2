"""File › Import in the background: the list refreshes, failed files are named."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.model import Label


class FakeBackend:
    """Tags قطر and الدوحة as places: the import path without the trained model."""

    name = "fake-1"

    def tag(self, sentences):
        return [["B-LOC" if t in ("قطر", "الدوحة") else "O" for t in s] for s in sentences]


@pytest.fixture
def pipeline(monkeypatch):
    try:
        import reader.core.pipeline as pipeline
    except ImportError as e:  # importers are being written alongside the UI
        pytest.skip(f"the import pipeline is not available yet: {e}")
    monkeypatch.setattr(pipeline, "load_backend", lambda name=None: FakeBackend())
    return pipeline


def test_background_import_updates_list(make_window, ui_lib, qtbot, tmp_path, pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("زيارة إلى قطر\n\nوصل الوفد إلى الدوحة صباح اليوم في زيارة إلى قطر تستمر يومين.\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("اجتماع في الدوحة\n\nعقد في الدوحة اجتماع لبحث التعاون بين قطر وجيرانها.\n",
                                  encoding="utf-8")
    w = make_window(ui_lib)
    before = w.library_view.model.total
    with qtbot.waitSignal(w.taskEnded, timeout=60000):
        w.import_paths([folder])
    assert w.library_view.model.total == before + 2
    w.library_view.model.fetch_until(10)
    titles = {w.library_view.model.index(r, 0).data() for r in range(w.library_view.model.rowCount())}
    assert "زيارة إلى قطر" in titles and "اجتماع في الدوحة" in titles
    assert f"{before + 2}" in w.counts_label.text()
    assert any(m.label == Label.LOC for m in ui_lib.mentions(ui_lib.find_article("a.txt").id))


def test_failed_files_are_named(make_window, ui_lib, qtbot, tmp_path, pipeline):
    bad = tmp_path / "broken.json"
    bad.write_text("{ not json", encoding="utf-8")
    w = make_window(ui_lib)
    with qtbot.waitSignal(w.taskEnded, timeout=60000):
        w.import_paths([bad])
    assert [Path(f.source).name for f in w.last_failures] == ["broken.json"]
    assert w.last_failures[0].reason


def test_import_shows_progress_and_failures_dialog(make_window, ui_lib, qtbot, tmp_path, pipeline):
    from PySide6.QtWidgets import QMessageBox

    good = tmp_path / "good.txt"
    good.write_text("خبر قصير\n\nوصل الوفد إلى الدوحة.\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    w = make_window(ui_lib)
    w.show()
    with qtbot.waitSignal(w.taskEnded, timeout=60000):
        w.import_paths([good, bad])
        assert w.task_status.isVisible() and w.task_status.cancel_button.isEnabled()
    assert not w.task_status.isVisible()
    boxes = [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "bad.json" in boxes[0].informativeText()
    assert "1" in w.statusBar().currentMessage()


def test_drop_files_imports_them(make_window, ui_lib, qtbot, tmp_path, pipeline):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    f = tmp_path / "dropped.txt"
    f.write_text("مقال مسحوب\n\nنص عن قطر.\n", encoding="utf-8")
    w = make_window(ui_lib)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(w.taskEnded, timeout=60000):
        w.dropEvent(event)
    assert w.library_view.model.total == 4


def test_cancel_import(make_window, ui_lib, qtbot, tmp_path, pipeline):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"{n}.txt").write_text(f"مقال {n}\n\nنص المقال رقم {n} عن قطر.\n", encoding="utf-8")
    w = make_window(ui_lib)
    with qtbot.waitSignal(w.taskEnded, timeout=60000):
        w.import_paths([folder])
        w.task_status.cancel_button.click()
    assert w.last_report.cancelled
    assert w.library_view.model.total < 43  # stopped before the last file
    assert "cancelled" in w.statusBar().currentMessage()


def test_failing_task_is_reported_without_blocking(make_window, ui_lib, qtbot, tmp_path, pipeline, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    def missing(name=None):
        raise FileNotFoundError("NER model missing")

    monkeypatch.setattr(pipeline, "load_backend", missing)
    f = tmp_path / "x.txt"
    f.write_text("عنوان\n\nنص.\n", encoding="utf-8")
    w = make_window(ui_lib)
    w.show()
    with qtbot.waitSignal(w.taskEnded, timeout=60000):
        w.import_paths([f])
    assert "NER model missing" in w.statusBar().currentMessage()
    boxes = [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and not boxes[0].isModal()
    assert w.task is None and not w.task_status.isVisible()
