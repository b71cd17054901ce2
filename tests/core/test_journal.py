"""The corrections journal: what a killed window had queued is applied once when the library opens again."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.core import corrections as corr
from reader.core import journal
from reader.core.journal import Entry, Journal, JournalBusy
from reader.core.linking import relink_library
from reader.core.model import Document, Label, Span
from reader.core.store import Library

REPO = Path(__file__).resolve().parents[2]
TEXT = "قال سمير الداودي في بيروت إن الوفد وصل، وأضاف الداودي أن مازن الحلبي حضر."
MARKS = [("سمير الداودي", Label.PERS), ("الداودي", Label.PERS), ("بيروت", Label.LOC), ("مازن الحلبي", Label.PERS)]


def build(path: Path) -> Library:
    lib = Library.open(path)
    spans, taken = [], []
    for form, label in sorted(MARKS, key=lambda m: -len(m[0])):
        start = TEXT.find(form)
        while start >= 0:
            end = start + len(form)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                spans.append(Span(start, end, label))
            start = TEXT.find(form, end)
    with lib.transaction():
        aid, _ = lib.upsert_document(Document("/x/0.txt", "t", TEXT, TEXT, outlet="o", date="2020-01-01"))
        lib.set_model_mentions(aid, sorted(spans, key=lambda s: s.start), "test")
        relink_library(lib)
    return lib


@pytest.fixture
def lib(tmp_path: Path):
    lib = build(tmp_path / "lib.sqlite")
    yield lib
    lib.close()


def entity_id(lib: Library, text: str) -> int:
    return next(m.entity_id for m in lib.mentions(1) if m.text == text)


def rename(lib: Library, text: str, name: str) -> Entry:
    return Entry.new("record", corr.change(lib, "rename", entity_id(lib, text), name))


def remove(lib: Library, text: str) -> Entry:
    return Entry.new("record", corr.change(lib, "remove", next(m.id for m in lib.mentions(1) if m.text == text)))


def killed_window(lib: Library, *entries: Entry, applied: int = 0) -> None:
    """A window journals ``entries``, applies the first ``applied`` of them, and is killed: its
    journal is never emptied, and the lock goes with the process (here: closing the file)."""
    j = Journal(lib.path)
    j.acquire()
    for e in entries:
        j.append(e)
    for e in entries[:applied]:
        journal.apply(lib, e)
    j._file.close()  # type: ignore[union-attr]  # no clear(), no release(): what a kill leaves
    j._file = None


def kinds(lib: Library) -> list[tuple[str, bool]]:
    return [(c.kind, c.undone_at is None) for c in corr.all_corrections(lib)]


def test_a_killed_windows_queue_is_applied_once_when_the_library_opens_again(lib, tmp_path):
    entries = (rename(lib, "بيروت", "بيروت العاصمة"), remove(lib, "مازن الحلبي"))
    killed_window(lib, *entries)
    path = lib.path
    lib.close()  # everything in memory is gone; only the files remain
    assert journal.journal_path(path).stat().st_size > 0
    said: list[str] = []
    with Library.open(path) as again:
        assert journal.replay(again, said.append) == 2
        assert kinds(again) == [("rename", True), ("remove", True)]  # in the order made
        assert again.entity(entity_id(again, "بيروت")).name == "بيروت العاصمة"
        assert "مازن الحلبي" not in [m.text for m in again.mentions(1)]
        assert any("applying the corrections" in s and "(2)" in s for s in said)
        assert not journal.journal_path(path).exists()  # emptied and removed
        assert journal.replay(again) == 0
        assert len(corr.all_corrections(again)) == 2


def test_exactly_once_when_the_kill_came_between_the_commit_and_the_journal_cleanup(lib):
    first, second = rename(lib, "بيروت", "بيروت العاصمة"), remove(lib, "مازن الحلبي")
    killed_window(lib, first, second, applied=1)  # the first committed, the journal still lists it
    assert kinds(lib) == [("rename", True)]
    assert journal.replay(lib) == 1  # only the second
    assert kinds(lib) == [("rename", True), ("remove", True)]


def test_an_undo_is_not_replayed_twice(lib):
    a, b = rename(lib, "بيروت", "بيروت العاصمة"), remove(lib, "مازن الحلبي")
    undo = Entry.new("undo")
    killed_window(lib, a, b, undo, applied=3)  # all applied: b undone; the journal not yet emptied
    assert kinds(lib) == [("rename", True), ("remove", False)]
    assert journal.replay(lib) == 0  # replaying the undo would undo the rename too
    assert kinds(lib) == [("rename", True), ("remove", False)]
    # an undo that was still queued is applied, once
    killed_window(lib, Entry.new("undo"))
    assert journal.replay(lib) == 1
    assert kinds(lib) == [("rename", False), ("remove", False)]
    assert journal.replay(lib) == 0
    assert kinds(lib) == [("rename", False), ("remove", False)]


def test_an_undo_with_nothing_to_undo_is_done_too(lib):
    """Applied as a no-op, then a correction: replaying the undo then would undo that correction."""
    undo, a = Entry.new("undo"), rename(lib, "بيروت", "بيروت العاصمة")
    killed_window(lib, undo, a, applied=1)
    assert journal.replay(lib) == 1
    assert kinds(lib) == [("rename", True)]


def test_a_torn_last_line_is_ignored_with_a_message_and_the_journal_goes_on(lib):
    a = rename(lib, "بيروت", "بيروت العاصمة")
    killed_window(lib, a)
    path = journal.journal_path(lib.path)
    torn = remove(lib, "مازن الحلبي").to_json()
    with open(path, "ab") as f:
        f.write(torn[: len(torn) // 2].encode("utf-8"))  # killed in the middle of the write
    j = Journal(lib.path)
    j.acquire()
    entries, problems = j.pending(lib)
    assert [e.id for e in entries] == [a.id]
    assert len(problems) == 1 and "line 2" in problems[0] and "cut short" in problems[0]
    b = Entry.new("redo")
    j.append(b)  # starts on a line of its own
    assert [e.id for e in j.read()[0]] == [a.id, b.id]
    j.release()


def test_a_whole_last_entry_without_its_newline_is_kept(lib):
    a = rename(lib, "بيروت", "بيروت العاصمة")
    journal.journal_path(lib.path).write_text(a.to_json(), encoding="utf-8")
    said: list[str] = []
    assert journal.replay(lib, said.append) == 1
    assert not any("cut short" in s for s in said)


def test_entries_that_cannot_be_applied_are_reported_and_dropped(lib, tmp_path):
    gone = Entry.new("import", file=tmp_path / "gone.json")
    newer = json.dumps({"v": 99, "id": "x", "op": "record", "kind": "teleport"})
    ok = rename(lib, "بيروت", "بيروت العاصمة")
    path = journal.journal_path(lib.path)
    path.write_text("\n".join([gone.to_json(), newer, "not json", ok.to_json()]) + "\n", encoding="utf-8")
    said: list[str] = []
    assert journal.replay(lib, said.append) == 1
    assert kinds(lib) == [("rename", True)]
    assert any("line 2 ignored" in s and "newer version" in s for s in said)
    assert any("line 3 ignored" in s for s in said)
    assert any(s.startswith("dropped a correction") and "gone.json" in s for s in said)
    assert not path.exists()
    said.clear()
    assert journal.replay(lib, said.append) == 0 and not said  # not retried


def test_a_journal_held_by_a_window_is_left_to_it(lib):
    window = Journal(lib.path)
    window.acquire()
    entry = rename(lib, "بيروت", "بيروت العاصمة")
    window.append(entry)
    with pytest.raises(JournalBusy):
        Journal(lib.path).acquire()
    assert journal.replay(lib) == 0  # `reader import` beside the window: the window applies it
    assert kinds(lib) == []
    assert journal.apply(lib, entry) is not None
    window.clear()
    window.release()
    assert not window.path.exists()


def test_entries_round_trip():
    e = Entry.new("record", corr.Rename(corr.EntityRef("قطر", "LOC", "قطر", ("قطر",)), "دولة قطر"))
    assert Entry.from_json(e.to_json()) == e
    assert "قطر" in e.to_json()  # readable UTF-8, one line
    assert "\n" not in Entry.new("record", corr.Rename(corr.EntityRef("a"), "a\nb")).to_json()
    for bad in (lambda: Entry.new("delete everything"), lambda: Entry.new("record"), lambda: Entry.new("undo", e.change)):
        with pytest.raises(ValueError):
            bad()
    # a record whose correction this version cannot read is no entry (the journal reports it)
    broken = json.loads(e.to_json())
    del broken["payload"]["entity"]
    with pytest.raises(ValueError, match="not a rename correction"):
        Entry.from_json(json.dumps(broken))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_real_kill_after_journaling(lib):
    """kill -9 of a process that journaled a correction (and holds the lock) loses nothing."""
    entry = rename(lib, "بيروت", "بيروت العاصمة")
    child = textwrap.dedent(f"""
        import sys, time
        from reader.core.journal import Entry, Journal
        j = Journal({str(lib.path)!r})
        j.acquire()
        j.append(Entry.from_json(sys.stdin.readline()))
        print("journaled", flush=True)
        time.sleep(60)
    """)
    with subprocess.Popen([sys.executable, "-c", child], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          text=True, encoding="utf-8") as proc:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(entry.to_json() + "\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "journaled"
        proc.kill()
        proc.wait(10)
    assert journal.replay(lib) == 1  # the dead process's lock is gone with it
    assert lib.entity(entity_id(lib, "بيروت")).name == "بيروت العاصمة"


def test_reader_commands_that_write_apply_a_journal_left_behind(lib, capsys):
    from reader.cli import main

    killed_window(lib, rename(lib, "بيروت", "بيروت العاصمة"))
    assert main(["corrections", "list", "--db", str(lib.path)]) == 0
    out = capsys.readouterr()
    assert "applying the corrections a reader window had queued when it stopped (1)" in out.err
    assert "in force" in out.out and "بيروت العاصمة" in out.out
    assert not journal.journal_path(lib.path).exists()


def test_redo_restores_the_correction_undone_last_even_within_one_second(lib, monkeypatch):
    """Undo A, correct B, undo B, redo: B comes back, not A (which B ended the history of), even
    when the clock gives every step the same second (a journal replayed after a crash)."""
    import reader.core.store.library as store

    monkeypatch.setattr(store, "now", lambda: "2026-11-23T10:00:00+00:00")
    for e in (rename(lib, "بيروت", "الأولى"), Entry.new("undo"), rename(lib, "بيروت", "الثانية"),
              Entry.new("undo"), Entry.new("redo")):
        journal.apply(lib, e)
    assert kinds(lib) == [("rename", False), ("rename", True)]
