"""Library ops: each runs on a connection of its own, and says once what it changed, before its
result arrives; the linking state is given back when no op has run for a while."""
from __future__ import annotations

import threading

from reader.core import corrections as corr
from reader.core.linking import state as link_state
from reader.core.model import Label
from reader.ui.ops import CORRECTED, NOTHING, Changes, LibraryOps, query

from ui_helpers import mention_by_text


def test_an_op_writes_on_its_own_connection_and_says_what_it_changed(qtbot, ui_lib):
    ops = LibraryOps(ui_lib.path)
    order: list[object] = []
    ops.changed.connect(lambda c: order.append(c))
    seen: dict[str, object] = {}

    def op(lib):  # type: ignore[no-untyped-def]
        seen["thread"] = threading.current_thread()
        seen["own"] = lib is not ui_lib and lib.conn is not ui_lib.conn
        entity = mention_by_text(lib, 1, "قطر").entity_id
        corr.rename(lib, entity, "دولة قطر")
        return entity

    task = ops.run(op, CORRECTED.following("k"), lambda r: order.append(("done", r)), lambda m: order.append(m))
    assert ops.running == [task]
    with qtbot.waitSignal(task.ended, timeout=20000):
        pass
    assert seen["own"] and seen["thread"] is not threading.main_thread()
    entity = mention_by_text(ui_lib, 1, "قطر").entity_id
    assert order == [Changes(entities=True, history=True, follow_key="k"), ("done", entity)]
    assert ui_lib.entity(entity).name == "دولة قطر"  # committed: the window's connection sees it
    assert ops.running == []


def test_a_failed_op_still_says_what_it_may_have_changed_then_why_it_failed(qtbot, ui_lib):
    ops = LibraryOps(ui_lib.path)
    order: list[object] = []
    ops.changed.connect(order.append)

    def op(lib, progress, cancel):  # type: ignore[no-untyped-def]
        progress("half way")
        raise ValueError("no such file: x.json")

    progress: list[object] = []
    task = ops.run(op, Changes(articles=True), lambda r: order.append("done"), order.append, progress=progress.append)
    with qtbot.waitSignal(task.ended, timeout=10000):
        pass
    assert order == [Changes(articles=True), "no such file: x.json"]
    assert progress == ["half way"]


def test_a_read_only_op_changes_nothing(qtbot, ui_lib):
    ops = LibraryOps(ui_lib.path)
    changed: list[object] = []
    ops.changed.connect(changed.append)
    results: list[object] = []
    task = ops.run(lambda lib: lib.count_articles(), NOTHING, results.append, results.append)
    with qtbot.waitSignal(task.ended, timeout=10000):
        pass
    task = query(ui_lib.path, lambda lib: lib.entity(mention_by_text(lib, 1, "قطر").entity_id).label, results.append)
    with qtbot.waitSignal(task.ended, timeout=10000):
        pass
    assert results == [ui_lib.count_articles(), Label.LOC] and changed == []


def test_the_linking_state_is_kept_on_disk_and_given_back_once_no_op_ran_for_a_while(qtbot, ui_lib):
    ops = LibraryOps(ui_lib.path)
    ops._idle.setInterval(200)
    entity = mention_by_text(ui_lib, 1, "قطر").entity_id
    task = ops.run(lambda lib: corr.rename(lib, entity, "قطر الدولة"), CORRECTED, lambda r: None, lambda m: None)
    with qtbot.waitSignal(task.ended, timeout=20000):
        pass
    assert link_state._states  # kept for the next correction
    qtbot.waitUntil(lambda: not link_state._states, timeout=5000)
    # and kept on disk first (the user's cache folder, not beside the library), for the next one
    assert link_state.cache_file(ui_lib.path).is_file()
    assert not any(p.name.startswith(ui_lib.path.name) and p != ui_lib.path and "journal" not in p.name
                   and not p.name.endswith(("-wal", "-shm")) for p in ui_lib.path.parent.iterdir())


def test_writes_by_another_program_are_told_once_and_the_ops_own_are_not(qtbot, ui_lib):
    import sqlite3

    from reader.ui.ops import EVERYTHING

    ops = LibraryOps(ui_lib.path, data_version=ui_lib.data_version)
    changed: list[object] = []
    ops.changed.connect(changed.append)
    assert not ops.notice_outside_writes()  # the first reading only sets the baseline
    task = ops.run(lambda lib: corr.rename(lib, mention_by_text(lib, 1, "قطر").entity_id, "دولة قطر"),
                   CORRECTED, lambda r: None, lambda m: None)
    with qtbot.waitSignal(task.ended, timeout=20000):
        pass
    assert changed == [CORRECTED]
    assert not ops.notice_outside_writes()  # the op's own commit: told when it ended, not again
    other = sqlite3.connect(ui_lib.path)  # another SQLite client
    other.execute("UPDATE articles SET title = 'عنوان آخر' WHERE id = 1")
    other.commit()
    other.close()
    assert not ops.notice_outside_writes()  # seen: told once the writes pause
    assert ops.notice_outside_writes()
    assert changed == [CORRECTED, EVERYTHING]
    assert not ops.notice_outside_writes()  # told once


def test_writes_from_outside_that_go_on_are_told_every_few_seconds_not_at_each(qtbot, ui_lib, monkeypatch):
    import sqlite3

    from reader.ui import ops as ops_module

    clock = [1000.0]
    monkeypatch.setattr(ops_module.time, "monotonic", lambda: clock[0])
    ops = LibraryOps(ui_lib.path, data_version=ui_lib.data_version)
    told: list[object] = []
    ops.changed.connect(told.append)
    ops.notice_outside_writes()
    other = sqlite3.connect(ui_lib.path)
    for step in range(13):  # a long import beside the window: a commit before every call, 2 s apart
        other.execute("UPDATE articles SET title = ? WHERE id = 1", (f"عنوان {step}",))
        other.commit()
        clock[0] += 2.0
        ops.notice_outside_writes()
    other.close()
    assert len(told) == 2  # after 10 s and 22 s of writes, not at each of 13 calls
    clock[0] += 2.0
    assert ops.notice_outside_writes() and len(told) == 3  # they stopped: the last ones are shown
