"""Build libraries from the SaudiNewsNet zips and print import throughput, size, memory and relink time.

    python bench/build_library.py [--sizes 1k,10k,31k] [--runs 3] [--workers N] [--out DIR]

Sizes are whole days of SaudiNewsNet (../shared/data/saudinewsnet/zips, 18 zips, 31,030 articles):
1k = 2015-07-23 (1,318 records), 10k = the first five days (9,968), 31k = all 18 zips. Each run
imports into a fresh library; the last run's library is kept as DIR/library-<size>.sqlite for
bench/ui_latency.py. Per size it prints the median over the runs of:

- import + analysis time and articles/s (without the linking phase at the end, timed apart);
- the first relink (in a fresh process it resolves every mention of the library: its linking
  state is built) and the whole linking phase (relink, library-level name propagation over the
  new articles, then an incremental relink of what propagation added);
- the skip path: importing the same zips again, every article unchanged;
- peak RSS summed over the importing process and its analysis workers (sampled every 0.2 s);
- the library's size on disk (after a WAL checkpoint);
- CPU time an article (importing process and workers, relink excluded), and the rate that makes
  on this machine's cores when nothing else runs: a shared machine's wall-clock rate depends
  on the other programs, this one does not.
Results also go to DIR/build-<size>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ZIPS = REPO.parent / "shared" / "data" / "saudinewsnet" / "zips"
SIZES = {"1k": ["2015-07-23"], "10k": ["2015-07-21", "2015-07-22", "2015-07-23", "2015-07-24", "2015-07-25"],
         "31k": None}  # None: every zip


def zips_for(size: str) -> list[Path]:
    every = sorted(ZIPS.glob("*.zip"))
    days = SIZES[size]
    return every if days is None else [z for z in every if z.stem in days]


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mib(root: int) -> float:
    """RSS of a process and all its descendants (Linux /proc), in MiB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_kib(pid)
        stack.extend(children.get(pid, []))
    return total / 1024


class PeakRss:
    """Samples the RSS of this process tree in a thread; ``peak`` in MiB."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peak = interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mib(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def one_run(size: str, db: Path, workers: int | None) -> dict[str, float]:
    import reader.core.pipeline as pipeline
    from reader.core.ner import load_backend
    from reader.core.store import Library

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    backend = load_backend()
    relink_s: list[float] = []
    relink = pipeline.relink_library

    def timed_relink(lib):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        relink(lib)
        relink_s.append(time.perf_counter() - t)

    propagate = getattr(pipeline, "propagate_names", None)  # library-level name propagation, if any
    propagate_s: list[float] = []

    def timed_propagate(*a, **k):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return propagate(*a, **k)  # type: ignore[misc]
        finally:
            propagate_s.append(time.perf_counter() - t)

    pipeline.relink_library = timed_relink
    if propagate is not None:
        pipeline.propagate_names = timed_propagate
    try:
        paths = zips_for(size)
        with Library.open(db) as lib, PeakRss() as rss:
            c0 = os.times()
            t0 = time.perf_counter()
            report = pipeline.import_paths(lib, paths, backend, workers=workers)
            total = time.perf_counter() - t0
            c1 = os.times()  # the workers have exited: their CPU time is in children_*
            stats = lib.stats()
            t1 = time.perf_counter()
            again = pipeline.import_paths(lib, paths, backend, workers=workers)
            skip = time.perf_counter() - t1
            lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert again.unchanged == report.ok and not again.imported, again.summary()
    finally:
        pipeline.relink_library = relink
        if propagate is not None:
            pipeline.propagate_names = propagate
        from reader.core.linking import forget_link_state

        forget_link_state()  # as a new `reader import` process starts: no state from an earlier run
    size_mb = sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists()) / 1e6
    # everything after the analysis: relink, name propagation over the new articles, relink again
    linking = sum(relink_s[:2]) + (propagate_s[0] if propagate_s else 0.0)
    analysis = total - linking
    cpu = sum(getattr(c1, f) - getattr(c0, f) for f in ("user", "system", "children_user", "children_system"))
    cpu -= linking  # linking runs in this process, on one core
    return {"articles": report.ok, "failed": len(report.failed), "mentions": stats["mentions"],
            "entities": stats["entities"], "import_s": analysis, "articles_per_s": report.ok / analysis,
            "relink_s": relink_s[0], "link_phase_s": linking,
            "propagate_s": propagate_s[0] if propagate_s else 0.0, "cpu_ms_per_article": 1e3 * cpu / report.ok,
            "idle_machine_articles_per_s": report.ok / cpu * (os.cpu_count() or 1),
            "total_s": total, "skip_s": skip, "skip_articles_per_s": report.ok / skip,
            "peak_rss_mib": rss.peak, "db_mb": size_mb}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1k,10k,31k")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None, help="analysis processes (default: one per core)")
    ap.add_argument("--out", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "reader-bench")
    args = ap.parse_args()
    if not ZIPS.is_dir():
        print(f"{ZIPS} is absent: nothing to build", file=sys.stderr)
        return 1
    from reader.core.pool import default_workers

    args.out.mkdir(parents=True, exist_ok=True)
    workers = args.workers or default_workers()
    print(f"cores={os.cpu_count()} workers={workers} runs={args.runs}", flush=True)
    for size in args.sizes.split(","):
        runs = []
        for r in range(args.runs):
            res = one_run(size, args.out / f"library-{size}.sqlite", args.workers)
            runs.append(res)
            print(f"{size} run {r + 1}: {res['articles']} articles ({res['failed']} failed) in {res['import_s']:.1f} s"
                  f" = {res['articles_per_s']:.1f} articles/s (with linking: {res['articles'] / res['total_s']:.1f}/s); relink {res['relink_s']:.1f} s (whole linking phase"
                  f" {res['link_phase_s']:.1f} s: relink, propagation {res['propagate_s']:.1f} s, relink); re-import (all unchanged)"
                  f" {res['skip_s']:.1f} s; peak RSS {res['peak_rss_mib']:.0f} MiB (all processes); {res['db_mb']:.0f} MB;"
                  f" {res['mentions']} mentions, {res['entities']} entities; {res['cpu_ms_per_article']:.1f} CPU-ms an article"
                  f" (all processes) = {res['idle_machine_articles_per_s']:.0f} articles/s on {os.cpu_count()} idle cores", flush=True)
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        (args.out / f"build-{size}.json").write_text(json.dumps({"size": size, "cores": os.cpu_count(),
                                                                 "workers": workers, "runs": runs, "median": med}))
        print(f"{size} median of {len(runs)}: {med['articles_per_s']:.1f} articles/s ({med['import_s']:.1f} s;"
              f" whole command with linking {statistics.median(r['articles'] / r['total_s'] for r in runs):.1f}/s;"
              f" {med['idle_machine_articles_per_s']:.0f}/s from CPU time on idle cores),"
              f" relink {med['relink_s']:.1f} s (linking phase {med['link_phase_s']:.1f} s), re-import {med['skip_s']:.1f} s ({med['skip_articles_per_s']:.0f} articles/s),"
              f" peak RSS {med['peak_rss_mib']:.0f} MiB, db {med['db_mb']:.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
