"""The default model on news, article by article against a batch of articles at once.

    python bench/encoder_batching.py [--articles 60] [--runs 3] [--threads 1]

Times ``find_spans`` on each of N SaudiNewsNet sample articles against ``find_spans_many`` on
all of them (what an import worker does with its batch), one onnxruntime thread as in a worker,
and prints articles/s (medians) and how many spans differ between the two ways (the int8
model scales its activations per batch).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "saudinewsnet" / "jsonl_sample"
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    os.environ["READER_NER_THREADS"] = str(args.threads)
    from reader.core.ner import find_spans, find_spans_many, load_backend

    texts: list[str] = []
    for path in sorted(SAMPLE.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if (t := json.loads(line).get("content")) and len(texts) < args.articles:
                texts.append(t)
    if not texts:
        print(f"no sample articles in {SAMPLE}")
        return 1
    backend = load_backend()
    find_spans(texts[0], backend)  # warm
    one, many = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        alone = [find_spans(t, backend) for t in texts]
        one.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        together = find_spans_many(texts, backend)
        many.append(time.perf_counter() - t0)
    n = len(texts)
    differ = sum(len(set(a) ^ set(b)) for a, b in zip(alone, together))
    total = sum(len(a) for a in alone)
    print(f"{backend.name}, {n} articles, {args.threads} thread(s), load {os.getloadavg()[0]:.2f}")
    print(f"article by article: {n / statistics.median(one):.1f} articles/s (median of {args.runs})")
    print(f"all at once:        {n / statistics.median(many):.1f} articles/s ({statistics.median(one) / statistics.median(many):.2f}x)")
    print(f"spans: {total} article by article, {differ} in one way only")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
