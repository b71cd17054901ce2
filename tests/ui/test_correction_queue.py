"""The correction queue: journaled before queued, applied one at a time in the order made, and
held (still journaled) while the library cannot be written, then applied once it can."""
from __future__ import annotations

from reader.core import corrections as corr
from reader.core import journal
from reader.ui.correction_queue import CorrectionQueue
from reader.ui.ops import LibraryOps

from ui_helpers import mention_by_text


def _rename(lib, entity_id: int, name: str) -> journal.Entry:  # type: ignore[no-untyped-def]
    return journal.Entry.new("record", corr.change(lib, "rename", entity_id, name))


def test_corrections_are_journaled_applied_in_order_and_the_journal_emptied(qtbot, ui_lib):
    queue = CorrectionQueue(ui_lib, LibraryOps(ui_lib.path), lambda: True)
    entity = mention_by_text(ui_lib, 1, "قطر").entity_id
    first, second = _rename(ui_lib, entity, "الاسم الأول"), _rename(ui_lib, entity, "الاسم الثاني")
    with qtbot.waitSignal(queue.applied, timeout=30000):
        queue.add_entry(first)
        queue.add_entry(second)
        assert queue.pending() == 2
        assert [e.id for e in queue.journal.read()[0]] == [first.id, second.id]  # on disk before applied
    assert queue.pending() == 0
    assert ui_lib.entity(mention_by_text(ui_lib, 1, "قطر").entity_id).name == "الاسم الثاني"  # in order
    assert queue.journal.read()[0] == []
    queue.release()
    assert not queue.journal.path.exists()


def test_the_queue_waits_while_the_library_cannot_be_written(qtbot, ui_lib):
    writable = [False]
    queue = CorrectionQueue(ui_lib, LibraryOps(ui_lib.path), lambda: writable[0])
    entity = mention_by_text(ui_lib, 1, "قطر").entity_id
    waits: list[bool] = []
    queue.waiting.connect(lambda: waits.append(True))
    queue.add_entry(_rename(ui_lib, entity, "اسم منتظر"))
    assert waits and queue.pending() == 1 and not queue.running
    assert ui_lib.entity(entity).name != "اسم منتظر"
    writable[0] = True
    with qtbot.waitSignal(queue.applied, timeout=30000):
        queue.replay_journal()  # what the window does once the library is reopened
    assert ui_lib.entity(mention_by_text(ui_lib, 1, "قطر").entity_id).name == "اسم منتظر"
    queue.release()
