"""Dev-split experiments that need no retraining: post-passes and decoding on a kept dev model.

    python -m reader.core.ner.train --data ../shared/data/ner --dev --keep /tmp/ner/base
    python bench/ner_dev.py /tmp/ner/base            # scores variants on /tmp/ner/base/dev.conll

Scores with the official scorer's own span and F1 code (strict CoNLL micro F1), imported from
../shared/tools/ner_score.py. Documents: each 50-sentence dev block (the split's unit), or the
64-sentence windows the CoNLL path uses.
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.arabic import normalise  # noqa: E402
from reader.core.ner.consistency import STEP_NAMES, country_nisba, propagate  # noqa: E402
from reader.core.ner.crf import CrfBackend  # noqa: E402
from reader.core.ner.train import read_conll  # noqa: E402

SCORER = ROOT.parent / "shared" / "tools" / "ner_score.py"


def load_scorer():
    spec = importlib.util.spec_from_file_location("ner_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def score(sc, gold: list[list[str]], pred: list[list[str]]) -> dict[str, tuple[float, float, float]]:
    tp: collections.Counter = collections.Counter()
    fp: collections.Counter = collections.Counter()
    fn: collections.Counter = collections.Counter()
    for g, p in zip(gold, pred):
        gs, ps = sc.spans(list(g)), sc.spans(list(p))
        for s in gs & ps:
            tp[s[2]] += 1
        for s in ps - gs:
            fp[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1

    def f(a: int, b: int, c: int) -> tuple[float, float, float]:
        p_ = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        return p_, r, (2 * p_ * r / (p_ + r) if p_ + r else 0.0)

    out = {t: f(tp[t], fp[t], fn[t]) for t in ("LOC", "ORG", "PERS", "MISC")}
    out["micro"] = f(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out


def dev_split(path: Path) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """The dev split's sentences: (tokens, gold tags, normalised tokens)."""
    dev = read_conll(path)
    toks = [t for t, _ in dev]
    return toks, [g for _, g in dev], [[normalise(t) for t in s] for s in toks]


def row(name: str, s: dict[str, tuple[float, float, float]]) -> str:
    return (f"| {name} | " + " | ".join(f"{s[t][2]:.3f}" for t in ("LOC", "ORG", "PERS", "MISC"))
            + f" | {s['micro'][0]:.3f} | {s['micro'][1]:.3f} | **{s['micro'][2]:.3f}** |")


def by_docs(norms, tags, size: int, **kw):
    out = []
    for lo in range(0, len(tags), size):
        out.extend(propagate(norms[lo:lo + size], tags[lo:lo + size], **kw))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("work", type=Path, help="folder with model/ and dev.conll (train.py --dev --keep)")
    ap.add_argument("--quick", action="store_true", help="post-pass variants only")
    args = ap.parse_args()
    sc = load_scorer()
    toks, gold, norms = dev_split(args.work / "dev.conll")
    backend = CrfBackend.load(args.work / "model")
    pred = backend.tag(toks)
    print("| variant | LOC | ORG | PERS | MISC | micro P | micro R | micro F1 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print(row("model alone", score(sc, gold, pred)))
    nis = country_nisba(backend.featurizer.gaz.first)
    got = by_docs(norms, pred, 64, nisba=nis)
    print(row("post-pass, every step (docs=64)", score(sc, gold, got)))
    for name in STEP_NAMES:  # each step left out (bench/ner_rules.py also measures the link golds)
        print(row(f"post-pass without {name}", score(sc, gold, by_docs(norms, pred, 64, nisba=nis, disable=(name,)))))
    for share in (0.0, 0.25, 0.5):
        print(row(f"post-pass min_share={share}", score(sc, gold, by_docs(norms, pred, 64, nisba=nis, min_share=share))))
    if args.quick:
        return 0
    for tau in (0.5, 0.6, 0.7, 0.8):
        backend.o_threshold = tau
        lean = backend.tag(toks)
        print(row(f"P(O) < {tau} → entity", score(sc, gold, lean)))
        print(row(f"P(O) < {tau} → entity, propagate docs=64 min_share=0.5", score(sc, gold, by_docs(norms, lean, 64))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
