"""Train the built-in CRF from the shared data, reproducibly.

    python -m reader.core.ner.train [--data ../shared/data/ner] [--out resources/models/ner]
    python -m reader.core.ner.train --dev      # train on train-minus-dev, score dev via the CLI path

The dev split is every 10th block of 50 consecutive sentences (news articles run over many
sentences: a random sentence split would leak names between train and dev).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable, Sequence

import pycrfsuite

from reader.core.ner.clusters import CLUSTERS_FILE, build_clusters, iter_texts, write_clusters
from reader.core.ner.crf import META_FILE, MODEL_FILE, MODEL_VERSION, load_featurizer
from reader.core.ner.gazetteer import build_lists

TRAIN_FILE = "anercorp_camellab_train.txt"
Sent = tuple[list[str], list[str]]
DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.02, "max_iterations": 300}
DOC_WINDOW = 64  # sentences sharing document evidence, in training and tagging alike


def read_conll(path: Path) -> list[Sent]:
    """(tokens, tags) per sentence; a missing tag column reads as O."""
    out: list[Sent] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in path.open(encoding="utf-8-sig"):
        parts = line.replace("\u200f", "").replace("\u200e", "").split()
        if not parts:
            if toks:
                out.append((toks, tags))
                toks, tags = [], []
            continue
        toks.append(parts[0])
        tags.append(parts[-1] if len(parts) > 1 else "O")
    if toks:
        out.append((toks, tags))
    return out


def split_dev(sents: Sequence[Sent], block: int = 50, every: int = 10) -> tuple[list[Sent], list[Sent]]:
    """(train, dev): dev is every ``every``-th block of ``block`` consecutive sentences."""
    train: list[Sent] = []
    dev: list[Sent] = []
    for i, s in enumerate(sents):
        (dev if (i // block) % every == every - 1 else train).append(s)
    return train, dev


def write_conll(sents: Iterable[Sent], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("\n".join("".join(f"{t} {g}\n" for t, g in zip(*s)) for s in sents))


def train_model(sents: Sequence[Sent], out: Path, gazetteers: Path | None, clusters: Path | None,
                params: dict | None = None, verbose: bool = False, doc_window: int = DOC_WINDOW,
                package_lists: bool = True) -> dict:
    """Write crf.model, meta.json, name lists and clusters into ``out``; returns the meta."""
    out.mkdir(parents=True, exist_ok=True)
    meta: dict = {"version": MODEL_VERSION, "gazetteer": gazetteers is not None, "clusters": clusters is not None,
                  "params": {**DEFAULT_PARAMS, **(params or {})}, "doc_window": doc_window, "sentences": len(sents),
                  "tokens": sum(len(t) for t, _ in sents)}
    if gazetteers is not None:
        meta["gazetteer_entries"] = build_lists(gazetteers, out, package_lists)
    if clusters is None:
        (out / CLUSTERS_FILE).unlink(missing_ok=True)  # never ship a stale (NC-licensed) file unused
    elif clusters.resolve() != (out / CLUSTERS_FILE).resolve():
        shutil.copyfile(clusters, out / CLUSTERS_FILE)
    feat = load_featurizer(out, meta)
    trainer = pycrfsuite.Trainer(verbose=verbose)
    step = doc_window or 256
    for lo in range(0, len(sents), step):
        chunk = sents[lo:lo + step]
        for f, (_, tags) in zip(feat.document([t for t, _ in chunk]), chunk):
            trainer.append(f, tags)
    trainer.set_params({**meta["params"], "feature.possible_transitions": True})
    t0 = time.perf_counter()
    trainer.train(str(out / MODEL_FILE))
    meta["train_seconds"] = round(time.perf_counter() - t0, 1)
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def score(gold: Path, model_dir: Path, scorer: Path) -> str:
    """Run the official scorer on the real CLI path (a subprocess tagging stdin)."""
    cmd = [sys.executable, str(scorer), str(gold), "--", sys.executable, "-m", "reader.core.ner.conll",
           "--model", str(model_dir)]
    root = Path(__file__).resolve().parents[3]  # the checkout whose reader package is tested
    return subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=root).stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/ner"))
    ap.add_argument("--out", type=Path, default=Path("resources/models/ner"))
    ap.add_argument("--gazetteers", type=Path, help="default: DATA/../gazetteers")
    ap.add_argument("--clusters", type=Path, help="a clusters.tsv to use and ship (see --with-clusters)")
    ap.add_argument("--no-gazetteer", action="store_true")
    ap.add_argument("--with-clusters", action="store_true",
                    help="learn word clusters from DATA/../saudinewsnet: better, but CC BY-NC-SA (see MODEL_CARD.md)")
    ap.add_argument("--dev", action="store_true", help="train on train-minus-dev and print dev scores")
    ap.add_argument("--c1", type=float, default=DEFAULT_PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=DEFAULT_PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=DEFAULT_PARAMS["max_iterations"])
    ap.add_argument("--doc-window", type=int, default=DOC_WINDOW, help="0: no document evidence features")
    ap.add_argument("--scorer", type=Path, help="default: DATA/../../tools/ner_score.py")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    data = args.data
    sents = read_conll(data / TRAIN_FILE if data.is_dir() else data)
    shared = (data if data.is_dir() else data.parent).parent
    gaz = None if args.no_gazetteer else (args.gazetteers or shared / "gazetteers")
    clusters = args.clusters
    tmp = Path(tempfile.mkdtemp(prefix="ner-train-"))
    try:
        if args.with_clusters and clusters is None:
            clusters = tmp / CLUSTERS_FILE
            write_clusters(build_clusters(iter_texts(shared / "saudinewsnet")), clusters)
        params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
        if args.dev:
            train, dev = split_dev(sents)
            model_dir = tmp / "model"
            meta = train_model(train, model_dir, gaz, clusters, params, args.verbose, args.doc_window)
            write_conll(dev, tmp / "dev.conll")
            print(f"trained on {len(train)} sentences in {meta['train_seconds']} s; dev {len(dev)} sentences")
            print(score(tmp / "dev.conll", model_dir, args.scorer or shared.parent / "tools" / "ner_score.py"), end="")
        else:
            meta = train_model(sents, args.out, gaz, clusters, params, args.verbose, args.doc_window)
            print(f"trained on {len(sents)} sentences in {meta['train_seconds']} s → {args.out}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
