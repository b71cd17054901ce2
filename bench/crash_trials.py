"""kill -9 at random moments during import, analysis and a user's edits; check the library after each.

    python bench/crash_trials.py                  # 60 trials (20 of each kind), prints a summary
    python bench/crash_trials.py --trials 6 --articles 40 --seed 1

Each trial runs the work in a child process and SIGKILLs it after a random delay:

- ``import``:  a fresh library importing the corpus (txt, html, json, jsonl files);
- ``analyse``: a copy of an imported library being re-analysed (every article);
- ``edits``:   a copy being re-analysed while a second process records the user's corrections
  (``reader.core.corrections`` when it exists, else rows written to the corrections table in one
  transaction each); it prints each correction's id once committed.

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

KINDS = ("import", "analyse", "edits")
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


def spawn(kind: str, db: Path, corpus: Path, seed: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, __file__, "--worker", kind, str(db), str(corpus), str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if line != "ready":
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


def trial(kind: str, work: Path, base: Path, corpus: Path, expected: int, durations: dict[str, float],
          rng: random.Random, index: int) -> dict[str, object]:
    db = work / f"trial-{index}.sqlite"
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
    ap.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
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
        durations = {"import": t1 - t0, "analyse": t2 - t1, "edits": max(1.0, t2 - t1)}
        print(f"corpus: {expected} articles; uninterrupted import {durations['import']:.2f} s, "
              f"analysis {durations['analyse']:.2f} s")
        results = []
        started = time.perf_counter()
        for i in range(args.trials):
            kind = KINDS[i % len(KINDS)]
            r = trial(kind, work, base, corpus, expected, durations, rng, i)
            results.append(r)
            status = "FAIL " + "; ".join(r["problems"]) if r["problems"] else "ok"  # type: ignore[arg-type]
            print(f"trial {i + 1:3d} {kind:8s} kill at {r['delay']:.2f} s"
                  f"{' (had finished)' if r['finished'] else ''}, {r['acked']} corrections acknowledged: {status}",
                  flush=True)
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
