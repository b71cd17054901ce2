"""NER speed: model load time, tokens/s (median of several runs) and peak RSS.

    python bench/ner_speed.py [--runs 5] [--model DIR]

Tags the ANERcorp train tokens with ``backend.tag`` (the CoNLL path) and SaudiNewsNet sample
articles with ``find_spans`` (sentence split + tokenise + tag + spans) when ../shared is there;
otherwise generated text. The first run starts with a cold per-word feature cache and is shown
apart: new articles are mostly words already seen, but not all.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))


def load_seconds(model: str | None) -> float:
    """Import + load in a fresh interpreter, as the app pays it."""
    code = ("import time; t=time.perf_counter(); from reader.core.ner.crf import CrfBackend; from pathlib import Path; "
            f"CrfBackend.load({'Path(%r)' % model if model else 'None'}); print(time.perf_counter()-t)")
    times = [float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                  check=True).stdout) for _ in range(3)]
    return statistics.median(times)


def corpora() -> tuple[list[list[str]], list[str]]:
    from reader.core.ner.train import read_conll

    conll = SHARED / "ner" / "anercorp_camellab_train.txt"
    sents = [t for t, _ in read_conll(conll)] if conll.exists() else []
    texts: list[str] = []
    for path in sorted((SHARED / "saudinewsnet" / "jsonl_sample").glob("*.jsonl"))[:1]:
        texts = [json.loads(line)["content"] for line in path.open(encoding="utf-8")][:500]
    if not sents:
        sents = [["قال", "المتحدث", "باسم", "الوزارة", f"رقم{i}", "إن", "الوفد", "وصل", "."] for i in range(5000)]
    if not texts:
        texts = [" ".join(" ".join(s) for s in sents[i:i + 30]) for i in range(0, len(sents), 30)]
    return sents, texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--model", type=str)
    args = ap.parse_args()
    from reader.core.arabic import tokenize
    from reader.core.ner import find_spans
    from reader.core.ner.crf import CrfBackend

    print(f"load (import + model, fresh process, median of 3): {load_seconds(args.model):.3f} s")
    backend = CrfBackend.load(Path(args.model) if args.model else None)
    sents, texts = corpora()
    ntok = sum(len(s) for s in sents)
    runs = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for i in range(0, len(sents), 256):
            backend.tag(sents[i:i + 256])
        runs.append(ntok / (time.perf_counter() - t0))
    print(f"backend.tag on {ntok} CoNLL tokens: cold {runs[0]:,.0f} tok/s, median {statistics.median(runs):,.0f} tok/s")
    import io

    from reader.core.ner.conll import tag_conll

    stream = "\n\n".join("\n".join(s) for s in sents) + "\n"
    runs = []
    for _ in range(max(1, args.runs // 2)):
        t0 = time.perf_counter()
        tag_conll(io.StringIO(stream), io.StringIO(), backend)
        runs.append(ntok / (time.perf_counter() - t0))
    print(f"tag_conll (reader tag --conll: tagger + document post-pass): median {statistics.median(runs):,.0f} tok/s")
    backend.featurizer._cache.clear()
    ntok2 = sum(len(tokenize(t)) for t in texts)
    runs = []
    nspans = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        nspans = sum(len(find_spans(t, backend)) for t in texts)
        runs.append(ntok2 / (time.perf_counter() - t0))
    print(f"find_spans on {len(texts)} articles, {ntok2} tokens, {nspans} spans: cold {runs[0]:,.0f} tok/s, "
          f"median {statistics.median(runs):,.0f} tok/s")
    folder = Path(args.model) if args.model else None
    from reader.core.ner.crf import default_model_dir

    files = [f for f in (folder or default_model_dir()).iterdir() if f.is_file()]
    print(f"model files: {sum(f.stat().st_size for f in files) / 1e6:.1f} MB in {len(files)} files")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
