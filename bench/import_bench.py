"""Import throughput: build a library from real news and print articles/s, size, peak memory.

    python bench/import_bench.py [PATH ...] [--runs 3]

Default input: the SaudiNewsNet JSONL sample in ../shared/data (3,386 articles). Each run
imports into a fresh library file; the median of the runs is printed with the core count.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.core.ner import load_backend  # noqa: E402
from reader.core.pipeline import import_paths  # noqa: E402
from reader.core.store import Library  # noqa: E402

DEFAULT = REPO.parent / "shared" / "data" / "saudinewsnet" / "jsonl_sample"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    backend = load_backend()
    rates, sizes = [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            lib = Library.open(Path(tmp) / "bench.sqlite")
            t0 = time.perf_counter()
            report = import_paths(lib, args.paths, backend=backend)
            dt = time.perf_counter() - t0
            stats = lib.stats()
            lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            lib.close()
            size = sum(p.stat().st_size for p in Path(tmp).iterdir())
            rates.append(report.ok / dt)
            sizes.append(size)
            print(f"run {run + 1}: {report.summary()} in {dt:.1f} s = {report.ok / dt:.1f} articles/s; "
                  f"{stats['mentions']} mentions, {stats['entities']} entities, {size / 1e6:.1f} MB", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cores={os.cpu_count()} median={statistics.median(rates):.1f} articles/s "
          f"db={statistics.median(sizes) / 1e6:.1f} MB peak_rss={peak:.0f} MB")


if __name__ == "__main__":
    main()
