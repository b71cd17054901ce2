"""kill -9 at random moments during import, analysis and a user's edits; check the library after each.

    python bench/crash_trials.py                  # 60 trials (15 of each kind), prints a summary
    python bench/crash_trials.py --trials 6 --articles 40 --seed 1
    python bench/crash_trials.py --kinds journal --trials 20   # only some kinds

Each trial runs the work in a child process and SIGKILLs it after a random delay:

- ``import``:  a fresh library importing the corpus (txt, html, json, jsonl files);
- ``analyse``: a copy of an imported library being re-analysed (every article);
- ``edits``:   a copy being re-analysed while a second process records the user's corrections
  (``reader.core.corrections`` when it exists, else rows written to the corrections table in one
  transaction each); it prints each correction's id once committed;
- ``journal``: a copy on which a process does what the reader window does with the corrections
  journal (``reader.core.journal``): the user's random corrections (mark, remove, split, set
  type, rename, merge), undos and redos are each read from the library, journaled (fsynced) and
  printed ("acknowledged"), then queued and applied one at a time by a background thread, on its
  own connection; the journal is emptied whenever the queue is. Half the trials kill it twice:
  the second process first applies what the first left, as the next window would. After the
  last kill the journal is replayed the way the next session does (``reader corrections list``,
  or ``journal.replay``). Checks: every entry journaled (each acknowledged one, and any written
  but not yet printed) is applied exactly once: the corrections table holds one row per recorded
  correction, in order, and each is in force or undone as applying the entries once, in order,
  leaves it (an undo applied twice would undo one more); the library's high-water mark is the
  last entry; the journal is emptied and removed; nothing was dropped.

- ``window``:  the real reader window on a copy kept in a folder of its own, under Xvfb, driven
  with xdotool as a user would: File › Import files… (Ctrl+O) goes into the library's folder and
  is cancelled; ``reader export``, ``sqlite3 .backup`` and ``reader import`` run beside the
  window; then mentions are removed through the keyboard (F3, the context-menu key, Remove) and
  one removal is undone (Ctrl+Z), and the window is closed (Ctrl+Q). Checks: the WAL was never
  deleted under the window, and a fresh process reads every acknowledged correction. Needs Xvfb
  and xdotool (skipped without them). No kill: this is the trap of the file dialog and an
  outside SQLite client, which once lost every later write silently.

Then, with nothing running: ``PRAGMA integrity_check`` and ``foreign_key_check`` pass; every
correction acknowledged before the kill is still there; importing the corpus again completes,
and leaves exactly one article per source, one search row per article, every article analysed
and every mention's offsets pointing at its text. Exit status 1 if any trial failed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

KINDS = ("import", "analyse", "edits", "journal", "window")
# Journal trials replay many entries within one second: they found redo restoring the wrong
# correction when undos shared a second (undo stamps are now to the microsecond and increasing).
JOURNAL_KILL_WINDOW = 3.0  # seconds: a journal worker is killed this long after it is ready, at most
SENTENCES = [
    "قال وزير الخارجية الأردني أيمن الصفدي إن المحادثات مع الجانب الفلسطيني مستمرة في عمان.",
    "وأعلنت وزارة الصحة السعودية افتتاح مستشفى جديد في مدينة الرياض بطاقة ثلاثمائة سرير.",
    "التقى الرئيس التونسي قيس سعيد وفدا من البنك الدولي في قصر قرطاج.",
    "وذكرت وكالة الأنباء القطرية أن الشيخ تميم بن حمد آل ثاني استقبل السفير الفرنسي في الدوحة.",
    "أكدت منظمة الصحة العالمية أن الوضع الصحي في غزة يزداد سوءا.",
    "وقال المتحدث باسم الأمم المتحدة ستيفان دوجاريك إن المساعدات وصلت إلى بيروت.",
    "افتتح محمد بن سلمان معرض الرياض الدولي للكتاب بحضور وزير الثقافة.",
    "وأشار الصفدي إلى أن الأردن يدعم كل جهد يوقف الحرب.",
]


# -- the corpus ----------------------------------------------------------------------------------
def make_corpus(folder: Path, n: int, seed: int) -> int:
    """``n`` articles in txt, html, json and jsonl files; returns how many articles it holds."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)

    def body(i: int) -> str:
        return "\n".join(rng.sample(SENTENCES, 4)) + f"\nالخبر رقم {i} في هذه المجموعة."

    records = []
    for i in range(n):
        title = f"خبر رقم {i}"
        kind = i % 4
        if kind == 0:
            (folder / f"{i:04d}.txt").write_text(f"{title}\n\n{body(i)}\n", encoding="utf-8")
        elif kind == 1:
            paras = "".join(f"<p>{line}</p>" for line in body(i).split("\n"))
            (folder / f"{i:04d}.html").write_text(
                f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}</article></body></html>",
                encoding="utf-8")
        else:
            records.append({"id": f"r{i}", "title": title, "content": body(i), "date": "2024-03-01"})
    half = len(records) // 2
    (folder / "dump.json").write_text(json.dumps(records[:half], ensure_ascii=False), encoding="utf-8")
    (folder / "dump.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records[half:]),
                                       encoding="utf-8")
    return n


# -- the workers (child processes) --------------------------------------------------------------
def worker(kind: str, db: str, corpus: str, seed: int) -> None:
    if kind == "journal":
        journal_worker(db, seed)
        return
    from reader.core.ner import load_backend
    from reader.core.pipeline import analyse, import_paths
    from reader.core.store import Library

    backend = load_backend()
    lib = Library.open(db)
    print("ready", flush=True)
    if kind == "import":
        import_paths(lib, [corpus], backend, batch_size=20)
    elif kind == "analyse":
        analyse(lib, backend, lib.article_ids(), batch_size=20)
    elif kind == "edit":
        rng = random.Random(seed)
        mark = _mark_function()
        ids = lib.article_ids()
        while True:
            aid = rng.choice(ids)
            text = lib.article(aid).text
            start = rng.randrange(0, max(1, len(text) - 12))
            cid = mark(lib, aid, start, start + rng.randint(3, 12))
            print(f"committed {cid}", flush=True)
    print("done", flush=True)


def _mark_function():  # type: ignore[no-untyped-def]
    """The corrections API when present; else one row per correction, written in one transaction."""
    try:
        from reader.core import corrections

        def mark(lib, aid, start, end):  # type: ignore[no-untyped-def]
            return corrections.mark(lib, aid, start, end, "LOC")
        if hasattr(corrections, "mark"):
            return mark
    except ImportError:
        pass
    from reader.core.store.library import now

    def mark_sql(lib, aid, start, end):  # type: ignore[no-untyped-def]
        text = lib.article(aid).text
        payload = {"anchor": {"article": {"source": lib.article(aid).source}, "start": start, "end": end,
                              "text": text[start:end]}, "label": "LOC"}
        with lib.transaction():
            cur = lib.conn.execute("INSERT INTO corrections (created_at, kind, payload) VALUES (?, 'mark', ?)",
                                   (now(), json.dumps(payload, ensure_ascii=False)))
        return int(cur.lastrowid or 0)
    return mark_sql


def journal_worker(db: str, seed: int) -> None:
    """The reader window's corrections queue (reader.ui.main_window), without Qt.

    The "UI thread" reads each correction from the library as it is (corr.change),
    journals the entry (fsynced), prints ``journaled ID OP KIND`` and queues it; a worker
    thread applies the queue in order with ``journal.apply`` on its own connection, and the
    journal is emptied when the queue is. Leftovers of a killed process are queued first, as
    the window's ``_open_journal`` does. Runs until killed.
    """
    import threading

    from reader.core import journal
    from reader.core.store import Library

    rng = random.Random(seed)
    ui = Library.open(db)
    j = journal.Journal(db)
    j.acquire()
    left, problems = j.pending(ui)
    for p in problems:
        print(f"problem {p}", flush=True)
    queue: list[journal.Entry] = list(left)
    cond = threading.Condition()

    def apply_queue() -> None:
        while True:
            with cond:
                while not queue:
                    cond.wait()
                entry = queue[0]
            lib = Library.open(db)  # the worker's own connection, as in the window
            try:
                journal.apply(lib, entry)
            except Exception as e:  # noqa: BLE001 - reported; the window shows it and goes on
                print(f"failed {entry.id} {type(e).__name__}: {e}".replace("\n", " "), flush=True)
            finally:
                lib.close()
            with cond:
                queue.pop(0)
                if not queue:
                    j.clear()
                    cond.notify_all()

    threading.Thread(target=apply_queue, daemon=True).start()
    print(f"ready {len(left)}", flush=True)
    patience = rng.randint(1, 6)  # how many corrections this user makes ahead of the queue
    while True:
        time.sleep(rng.choice((0.0, 0.0, 0.0, 0.002, 0.01, 0.1)))  # bursts (ahead of the queue), and pauses
        with cond:
            while len(queue) >= patience:
                cond.wait(0.05)
        entry = random_entry(ui, rng)
        if entry is None:
            continue
        with cond:  # the window journals and queues on its one UI thread; clearing happens there too
            j.append(entry)
            print(f"journaled {entry.id} {entry.op} {entry.kind or '-'}", flush=True)
            queue.append(entry)
            cond.notify_all()


def random_entry(lib, rng: random.Random):  # type: ignore[no-untyped-def]
    """A random user action as a journal entry, its payload read from ``lib`` now (None: not possible)."""
    from reader.core import corrections as corr
    from reader.core.journal import Entry

    r = rng.random()
    if r < 0.18:
        return Entry.new("undo")
    if r < 0.30:
        return Entry.new("redo")
    labels = ("PERS", "ORG", "LOC", "MISC")
    kind = rng.choice(("mark", "mark", "remove", "split", "set_type", "rename", "merge"))
    try:
        if kind == "mark":
            aid = rng.choice(lib.article_ids())
            text = lib.article(aid).text
            words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", text)]
            i = rng.randrange(len(words))
            n = rng.randint(1, 3)
            args: tuple = (aid, words[i][0], words[min(len(words), i + n) - 1][1], rng.choice(labels))
        elif kind in ("remove", "split"):
            ids = [r[0] for r in lib.conn.execute("SELECT id FROM mentions ORDER BY id")]
            if not ids:
                return None
            args = (rng.choice(ids),)
        else:
            ents = [r[0] for r in lib.conn.execute("SELECT id FROM entities WHERE n_mentions > 0 ORDER BY id")]
            if len(ents) < 2:
                return None
            if kind == "set_type":
                args = (rng.choice(ents), rng.choice(labels))
            elif kind == "rename":
                args = (rng.choice(ents), f"الاسم {rng.randint(1, 999)}")
            else:
                args = (rng.sample(ents, rng.randint(2, 3)), None)
        change = corr.change(lib, kind, *args)
    except corr.CorrectionError:
        return None  # the window says why and journals nothing
    return Entry.new("record", change)


def spawn(kind: str, db: Path, corpus: Path, seed: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, __file__, "--worker", kind, str(db), str(corpus), str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert proc.stdout is not None
    # The first line byte by byte from the pipe: readline() on the text stream would buffer what
    # follows it, which communicate() (reading the pipe itself) never sees, and a journal trial
    # lost the first entry the worker acknowledged right after "ready".
    raw = b""
    while not raw.endswith(b"\n") and (byte := os.read(proc.stdout.fileno(), 1)):
        raw += byte
    line = raw.decode("utf-8", "replace").strip()
    if line.split()[:1] != ["ready"]:
        proc.kill()
        raise RuntimeError(f"worker {kind} did not start: {line!r} {proc.stderr.read() if proc.stderr else ''}")
    return proc


def kill(proc: subprocess.Popen[str]) -> tuple[bool, list[str]]:
    """SIGKILL; (whether it had already finished, the lines it printed)."""
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    lines = out.split()
    return finished or "done" in lines, out.splitlines()


# -- one trial -----------------------------------------------------------------------------------
def check(db: Path, corpus: Path, expected: int, acked: set[int]) -> list[str]:
    """What is wrong with the library after a kill and a re-import (empty: nothing)."""
    problems = []
    conn = sqlite3.connect(db)
    if (r := conn.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
        problems.append(f"integrity_check: {r}")
    if conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append("foreign_key_check failed")
    conn.close()
    if problems:
        return problems

    from reader.core.ner import load_backend
    from reader.core.pipeline import import_paths
    from reader.core.store import Library

    backend = load_backend()
    lib = Library.open(db)
    try:
        have = {r[0] for r in lib.conn.execute("SELECT id FROM corrections")}
        if lost := acked - have:
            problems.append(f"lost {len(lost)} of {len(acked)} acknowledged corrections")
        report = import_paths(lib, [corpus], backend)
        if report.failed or report.cancelled:
            problems.append(f"re-import: {report.summary()}")
        one = lambda sql: lib.conn.execute(sql).fetchone()[0]  # noqa: E731
        n, sources = one("SELECT count(*) FROM articles"), one("SELECT count(DISTINCT source) FROM articles")
        if n != expected or sources != n:
            problems.append(f"{n} articles, {sources} sources after re-import (expected {expected})")
        if (fts := one("SELECT count(*) FROM articles_fts")) != n:
            problems.append(f"{fts} search rows for {n} articles")
        if (unanalysed := len(lib.article_ids(unanalysed_with=backend.name))):
            problems.append(f"{unanalysed} articles not analysed after re-import")
        texts = dict(lib.conn.execute("SELECT id, text FROM articles"))
        bad = sum(1 for aid, s, e, t in lib.conn.execute('SELECT article_id, start, "end", text FROM mentions')
                  if texts[aid][s:e] != t)
        if bad:
            problems.append(f"{bad} mentions whose offsets do not match their text")
        have = {r[0] for r in lib.conn.execute("SELECT id FROM corrections")}
        if lost := acked - have:
            problems.append(f"re-import lost {len(lost)} corrections")
    finally:
        lib.close()
    return problems


def expected_corrections(entries: list[tuple[str, str]]) -> list[tuple[str, bool]]:
    """(kind, in force) of each correction row after applying ``entries`` (op, kind) once, in order.

    Undo: the latest correction in force. Redo: the one undone last, among those after the latest
    in force (a new correction ends the redo history). Nothing to undo or redo: nothing happens.
    """
    rows: list[list] = []  # [kind, undone order or None]
    clock = 0
    for op, kind in entries:
        in_force = [i for i, r in enumerate(rows) if r[1] is None]
        if op == "record":
            rows.append([kind, None])
        elif op == "undo" and in_force:
            clock += 1
            rows[in_force[-1]][1] = clock
        elif op == "redo":
            after = [i for i in range(in_force[-1] + 1 if in_force else 0, len(rows)) if rows[i][1] is not None]
            if after:
                rows[max(after, key=lambda i: rows[i][1])][1] = None
    return [(k, u is None) for k, u in rows]


def read_journal(db: Path) -> list[tuple[str, str, str]]:
    """(id, op, kind) of each whole entry in the journal file as a kill left it (no lock needed: no one runs)."""
    from reader.core.journal import Entry, journal_path

    path = journal_path(db)
    out = []
    if path.exists():
        for raw in path.read_bytes().split(b"\n"):
            try:
                e = Entry.from_json(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue  # blank, or torn by the kill: replay ignores it too
            out.append((e.id, e.op, e.kind))
    return out


def journal_trial(db: Path, rng: random.Random, index: int) -> tuple[float, bool, int, list[str], str]:
    """Kill one or two journaling "windows", replay as the next session does; (delay, finished, acked, problems, how)."""
    from reader.core import corrections as corr
    from reader.core import journal
    from reader.core.store import Library

    entries: dict[str, tuple[str, str]] = {}  # every entry journaled, in order: id -> (op, kind)
    acked: list[str] = []
    problems: list[str] = []
    finished = False
    delays = []
    pending = done_pending = 0  # entries in the journal at the kills; of them already applied (the mark is one)
    for round_ in range(rng.choice((1, 2))):
        proc = spawn("journal", db, Path(), index * 10 + round_)
        delays.append(rng.uniform(0.0, JOURNAL_KILL_WINDOW))
        time.sleep(delays[-1])
        done, lines = kill(proc)
        finished = finished or done
        for line in lines:
            parts = line.split()
            if len(parts) == 4 and parts[0] == "journaled" and len(parts[1]) == 32:  # a whole line: acknowledged
                acked.append(parts[1])
                entries.setdefault(parts[1], (parts[2], "" if parts[3] == "-" else parts[3]))
            elif line.startswith("failed ") or (line.startswith("problem ") and "cut short" not in line):
                problems.append(f"round {round_ + 1}: {line}")
        in_journal = read_journal(db)
        for eid, op, kind in in_journal:  # written, but killed before it said so
            entries.setdefault(eid, (op, kind))
        with Library.open(db) as lib:
            mark = lib.get_meta(journal.APPLIED_KEY)
        ids = [e[0] for e in in_journal]
        pending += len(ids)
        done_pending += ids.index(mark) + 1 if mark in ids else 0
    how = rng.choice(("cli", "api"))
    said: list[str] = []
    if how == "cli":  # `reader corrections list`, as a researcher might run next
        r = subprocess.run([sys.executable, __file__, "--reader", "corrections", "list", "--db", str(db)], cwd=REPO,
                           capture_output=True, text=True, encoding="utf-8", timeout=300,
                           env=dict(os.environ, PYTHONIOENCODING="utf-8"))
        if r.returncode != 0:
            problems.append(f"reader corrections list: exit {r.returncode}: {r.stderr.strip()[-300:]}")
        said = [line for line in r.stderr.splitlines() if line.strip()]
    else:
        with Library.open(db) as lib:
            journal.replay(lib, said.append)
    # A torn last line (killed mid-append) is expected and reported as cut short; anything else is not.
    problems += [f"replay: {s}" for s in said if "dropped" in s or ("ignored" in s and "cut short" not in s)]
    if journal.journal_path(db).exists():
        problems.append(f"journal not removed after replay ({journal.journal_path(db).stat().st_size} bytes)")
    with Library.open(db) as lib:
        have = [(c.kind, c.undone_at is None) for c in corr.all_corrections(lib)]
        mark = lib.get_meta(journal.APPLIED_KEY)
    want = expected_corrections(list(entries.values()))
    if have != want:
        records = sum(1 for op, _ in entries.values() if op == "record")
        first = next((i for i, (h, w) in enumerate(zip(have, want)) if h != w), min(len(have), len(want)))
        problems.append(f"{len(entries)} entries ({records} corrections, {len(acked)} acknowledged) applied as "
                        f"{len(have)} rows, {sum(f for _, f in have)} in force; expected {len(want)} rows, "
                        f"{sum(f for _, f in want)} in force; first difference at row {first + 1}: "
                        f"{have[first:first + 3]} != {want[first:first + 3]}")
    if entries and mark != list(entries)[-1]:
        problems.append(f"high-water mark {mark!r} is not the last entry {list(entries)[-1]!r}")
    return sum(delays), finished, len(acked), problems, (f"{len(delays)} kill(s), {len(entries)} entries, {pending} left in the journal"
                                                          f" ({done_pending} applied), {how} replay")


def xdo(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, env=os.environ)


def window_trial(base: Path, work: Path, corpus: Path, rng: random.Random, index: int) -> tuple[int, list[str]]:
    """The dialog-and-CLI scenario on the real window; (corrections acknowledged, problems)."""
    folder = work / f"window-{index}"
    folder.mkdir()
    db = folder / "library.sqlite"
    shutil.copy(base, db)
    wal = Path(str(db) + "-wal")
    env = dict(os.environ, XDG_CONFIG_HOME=str(folder / "config"), READER_LOG_DIR=str(folder / "log"),
               PYTHONIOENCODING="utf-8")
    gui = subprocess.Popen([sys.executable, __file__, "--reader", "gui", "--db", str(db)], cwd=REPO, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    problems: list[str] = []

    def reader(*args: str) -> None:
        subprocess.run([sys.executable, __file__, "--reader", *args], cwd=REPO, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            found = subprocess.run(["xdotool", "search", "--name", "Arabic News Reader|قارئ الأخبار"],
                                   capture_output=True, text=True).stdout.split()
            if found:
                break
            time.sleep(0.2)
        else:
            return 0, ["the window did not appear"]
        time.sleep(2)
        xdo("windowfocus", "--sync", found[0])
        xdo("key", "ctrl+o")  # File › Import files…, into the library's folder, then cancel
        time.sleep(1.5)
        xdo("type", "--delay", "20", f"{folder}/")
        xdo("key", "Return")
        time.sleep(2)
        xdo("key", "Escape")
        time.sleep(0.5)
        reader("export", "--format", "json", "--db", str(db), "-o", str(folder / "export.json"))
        if shutil.which("sqlite3"):
            subprocess.run(["sqlite3", str(db), f".backup {folder / 'backup.sqlite'}"], check=True)
        reader("import", "--db", str(db), "-q", "-j", "1", str(sorted(corpus.glob("*.txt"))[0]))
        if not wal.exists():
            problems.append("the window's WAL was deleted by an outside client")
        removals = rng.randint(3, 5)
        xdo("windowfocus", "--sync", found[0])
        for _ in range(removals):  # the next mention, its context menu, "Remove this mention"
            xdo("key", "F3")
            time.sleep(0.3)
            xdo("key", "Menu")
            time.sleep(0.5)
            xdo("key", "Up", "Up", "Return")
            time.sleep(1.5)
        xdo("key", "ctrl+z")
        time.sleep(1.5)
        xdo("key", "ctrl+q")
        out, _ = gui.communicate(timeout=120)
    except Exception as e:  # noqa: BLE001 - a trial reports, never stops the others
        gui.kill()
        out = gui.communicate()[0]
        return 0, [f"{type(e).__name__}: {e}; window said: {out[-500:]}"]
    if gui.returncode != 0:
        problems.append(f"the window exited with {gui.returncode}: {out[-500:]}")
    conn = sqlite3.connect(db)
    kinds = Counter((k, u is None) for k, u in conn.execute("SELECT kind, undone_at FROM corrections"))
    conn.close()
    if kinds != Counter({("remove", True): removals - 1, ("remove", False): 1}):
        problems.append(f"{removals} removals and an undo made; the library holds {dict(kinds)}")
    log = folder / "log" / "reader.log"
    if log.exists() and "removed the library" in log.read_text(encoding="utf-8"):
        problems.append("the window found its WAL removed")
    return removals + 1, problems


def trial(kind: str, work: Path, base: Path, corpus: Path, expected: int, durations: dict[str, float],
          rng: random.Random, index: int) -> dict[str, object]:
    db = work / f"trial-{index}.sqlite"
    if kind == "window":
        n_acked, problems = window_trial(base, work, corpus, rng, index)
        if not problems:
            problems = check(work / f"window-{index}" / "library.sqlite", corpus, expected, set())
        return {"kind": kind, "delay": 0.0, "finished": True, "acked": n_acked, "problems": problems}
    if kind == "journal":
        shutil.copy(base, db)
        delay, finished, n_acked, problems, how = journal_trial(db, rng, index)
        if not problems:
            problems = check(db, corpus, expected, set())
        for suffix in ("", "-wal", "-shm", ".journal.jsonl"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        return {"kind": kind, "delay": delay, "finished": finished, "acked": n_acked, "problems": problems,
                "how": how}
    if kind != "import":
        shutil.copy(base, db)
    delay = rng.uniform(0.0, durations[kind] * 1.1)
    # Edits: the user's process first (it edits while the analysis process starts and runs).
    procs = [spawn("edit", db, corpus, index)] if kind == "edits" else []
    procs.append(spawn("import" if kind == "import" else "analyse", db, corpus, index))
    time.sleep(delay)
    results = [kill(p) for p in procs]
    acked = {int(line.split()[1]) for _, lines in results for line in lines if line.startswith("committed ")}
    problems = check(db, corpus, expected, acked)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return {"kind": kind, "delay": delay, "finished": results[-1][0], "acked": len(acked), "problems": problems}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=60)
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--seed", type=int, default=20240301)
    ap.add_argument("--kinds", default=",".join(KINDS),
                    help=f"comma-separated kinds of trial, taken in turn (default: {','.join(KINDS)})")
    ap.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    ap.add_argument("--reader", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)  # `reader ARGS` in this interpreter
    args = ap.parse_args(argv)
    if args.reader is not None:
        from reader.cli import main as reader_main

        return reader_main(args.reader)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if not kinds or set(kinds) - set(KINDS):
        ap.error(f"--kinds: choose among {', '.join(KINDS)}")
    xvfb = None
    if "window" in kinds and args.worker is None:
        if not shutil.which("xdotool") or not (os.environ.get("DISPLAY") or shutil.which("Xvfb")):
            print("window trials skipped: they need xdotool and a display (or Xvfb)")
            kinds = [k for k in kinds if k != "window"] or ["journal"]
        elif not os.environ.get("DISPLAY"):
            xvfb = subprocess.Popen(["Xvfb", ":97", "-screen", "0", "1400x900x24"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            os.environ["DISPLAY"] = ":97"
            time.sleep(1)
    if args.worker:
        kind, db, corpus, seed = args.worker
        worker(kind, db, corpus, int(seed))
        return 0

    from reader.core.ner import load_backend
    from reader.core.pipeline import analyse, import_paths
    from reader.core.store import Library

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="crash-trials-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        expected = make_corpus(corpus, args.articles, args.seed)
        base = work / "base.sqlite"
        backend = load_backend()
        t0 = time.perf_counter()
        with Library.open(base) as lib:
            import_paths(lib, [corpus], backend)
            t1 = time.perf_counter()
            analyse(lib, backend, lib.article_ids())
            t2 = time.perf_counter()
            lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        durations = {"import": t1 - t0, "analyse": t2 - t1, "edits": max(1.0, t2 - t1), "journal": JOURNAL_KILL_WINDOW}
        print(f"corpus: {expected} articles; uninterrupted import {durations['import']:.2f} s, "
              f"analysis {durations['analyse']:.2f} s")
        results = []
        started = time.perf_counter()
        for i in range(args.trials):
            kind = kinds[i % len(kinds)]
            r = trial(kind, work, base, corpus, expected, durations, rng, i)
            results.append(r)
            status = "FAIL " + "; ".join(r["problems"]) if r["problems"] else "ok"  # type: ignore[arg-type]
            print(f"trial {i + 1:3d} {kind:8s} kill at {r['delay']:.2f} s"
                  f"{' (had finished)' if r['finished'] else ''}, {r['acked']} corrections acknowledged"
                  f"{' (' + str(r['how']) + ')' if 'how' in r else ''}: {status}",
                  flush=True)
    if xvfb is not None:
        xvfb.terminate()
    failed = [r for r in results if r["problems"]]
    by_kind = Counter(str(r["kind"]) for r in results)
    killed = sum(1 for r in results if not r["finished"])
    acked = sum(int(r["acked"]) for r in results)  # type: ignore[call-overload]
    print(f"\n{len(results)} trials ({', '.join(f'{n} {k}' for k, n in by_kind.items())}), {killed} killed mid-work, "
          f"{acked} acknowledged corrections checked, in {time.perf_counter() - started:.0f} s")
    print(f"integrity, corrections and re-import checks: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
