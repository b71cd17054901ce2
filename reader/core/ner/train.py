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
from typing import Any, Iterable, Sequence

import pycrfsuite

from reader.core.ner.clusters import CLUSTERS_FILE, build_clusters, iter_texts, write_clusters
from reader.core.ner.crf import META_FILE, MODEL_FILE, MODEL_VERSION, STACK_FILE, load_featurizer
from reader.core.ner.features import stack_features
from reader.core.ner.gazetteer import DEFAULT_EXTRAS, build_lists

TRAIN_FILE = "anercorp_camellab_train.txt"
Sent = tuple[list[str], list[str]]
DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.02, "max_iterations": 300}
DOC_WINDOW = 64  # sentences sharing document evidence, in training and tagging alike
STACK_FOLDS = 4  # jack-knife folds giving the second pass honest first-pass tags on training data

# Set before forking worker processes, so the big feature lists are shared, not pickled.
_JOBS: dict[str, Any] = {}


def _fit(path: str, feats: Sequence[list[list[str]]], tags: Sequence[list[str]], params: dict[str, Any],
         verbose: bool = False) -> float:
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for f, t in zip(feats, tags):
        trainer.append(f, t)
    trainer.set_params({**params, "feature.possible_transitions": True})
    t0 = time.perf_counter()
    trainer.train(path)
    return time.perf_counter() - t0


# Features that name a word itself: absent at tagging time when the word was never seen in
# training (its own form, stem and word pairs, and its form as its neighbours see it).
_OWN = ("w=", "s=", "b-1=", "b+1=")
# neighbour offset → the features by which that neighbour names this word
_SEEN_FROM = {2: ("w-2=", "s-2="), 1: ("w-1=", "s-1=", "b-1="), -1: ("w1=", "s1=", "b+1="), -2: ("w2=", "s2=")}


def unseen_copies(feats: Sequence[list[list[str]]], tags: Sequence[list[str]], rate: float,
                  seed: int = 0) -> tuple[list[list[list[str]]], list[list[str]]]:
    """Copies of the sentences holding entities, with some entities made "unseen".

    Most test names never occur in training (55% on ANERcorp), but a CRF trained on them
    leans on their memorised forms. In a copy, each entity is, with probability ``rate``,
    stripped of every feature naming its words, so the model also learns to find names from
    affixes, lists, cues and document evidence alone. Deterministic (``seed``).
    """
    import random

    rng = random.Random(seed)
    out_f: list[list[list[str]]] = []
    out_t: list[list[str]] = []
    for f, t in zip(feats, tags):
        if all(x == "O" for x in t):
            continue
        hide: set[int] = set()
        i = 0
        while i < len(t):
            if t[i] != "O":
                j = i + 1
                while j < len(t) and t[j].startswith("I-"):
                    j += 1
                if rng.random() < rate:
                    hide.update(range(i, j))
                i = j
            else:
                i += 1
        if not hide:
            continue
        copy = [list(x) for x in f]
        for pos in hide:
            copy[pos] = [x for x in copy[pos] if not x.startswith(_OWN)]
            for d, prefixes in _SEEN_FROM.items():
                q = pos + d
                if 0 <= q < len(copy):
                    copy[q] = [x for x in copy[q] if not x.startswith(prefixes)]
        out_f.append(copy)
        out_t.append(t)
    return out_f, out_t


def _job(k: int) -> tuple[int, float, list[list[str]]]:
    """Fold ``k``: train without it and tag it; ``k == -1``: the full first-pass model."""
    feats, tags, folds, params, out = _JOBS["args"]
    if k < 0:
        return k, _fit(str(out / MODEL_FILE), feats, tags, params), []
    path = str(out / f"fold{k}.model")
    keep = [i for i, fk in enumerate(folds) if fk != k]
    secs = _fit(path, [feats[i] for i in keep], [tags[i] for i in keep], params)
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    pred = [tagger.tag(feats[i]) if feats[i] else [] for i, fk in enumerate(folds) if fk == k]
    tagger.close()
    Path(path).unlink()
    return k, secs, pred


def _run_jobs(ks: list[int], workers: int) -> list[tuple[int, float, list[list[str]]]]:
    if workers <= 1:
        return [_job(k) for k in ks]
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        return list(pool.map(_job, ks))


def read_conll(path: Path) -> list[Sent]:
    """(tokens, tags) per sentence; a missing tag column reads as O."""
    out: list[Sent] = []
    toks: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8-sig") as f:
        for line in f:
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
                params: dict[str, Any] | None = None, verbose: bool = False, doc_window: int = DOC_WINDOW,
                package_lists: bool = True, extras: frozenset[str] = DEFAULT_EXTRAS, stack: int = 0,
                workers: int = 1, unseen: float = 0.0, features: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Write crf.model, meta.json, name lists and clusters into ``out``; returns the meta.

    With ``stack`` folds (≥ 2), also a second-pass model (crf2.model) trained on the first
    pass's jack-knifed tags; ``workers`` processes train the folds side by side.
    """
    out.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {"version": MODEL_VERSION, "gazetteer": gazetteers is not None, "clusters": clusters is not None,
                  "params": {**DEFAULT_PARAMS, **(params or {})}, "doc_window": doc_window, "sentences": len(sents),
                  "tokens": sum(len(t) for t, _ in sents), "features": sorted(features)}
    if gazetteers is not None:
        meta["gazetteer_entries"] = build_lists(gazetteers, out, package_lists, extras)
        meta["list_extras"] = sorted(extras)
    if clusters is None:
        (out / CLUSTERS_FILE).unlink(missing_ok=True)  # never ship a stale (NC-licensed) file unused
    elif clusters.resolve() != (out / CLUSTERS_FILE).resolve():
        shutil.copyfile(clusters, out / CLUSTERS_FILE)
    feat = load_featurizer(out, meta)
    step = doc_window or 256
    feats: list[list[list[str]]] = []
    for lo in range(0, len(sents), step):
        feats.extend(feat.document([t for t, _ in sents[lo:lo + step]]))
    gold = [tags for _, tags in sents]
    t0 = time.perf_counter()
    if unseen > 0:
        meta["unseen_copies"] = unseen
    if stack < 2:
        extra_f, extra_t = unseen_copies(feats, gold, unseen) if unseen > 0 else ([], [])
        _fit(str(out / MODEL_FILE), [*feats, *extra_f], [*gold, *extra_t], meta["params"], verbose)
        (out / STACK_FILE).unlink(missing_ok=True)
    else:
        folds = [(i // step) % stack for i in range(len(sents))]
        _JOBS["args"] = (feats, gold, folds, meta["params"], out)
        try:
            results = _run_jobs([-1, *range(stack)], workers)
        finally:
            _JOBS.clear()
        first: list[list[str]] = [[] for _ in sents]
        for k, _, pred in results:
            if k >= 0:
                for i, tags in zip([i for i, fk in enumerate(folds) if fk == k], pred):
                    first[i] = tags
        for lo in range(0, len(sents), step):
            stack_features(feat, [t for t, _ in sents[lo:lo + step]], first[lo:lo + step], feats[lo:lo + step])
        _fit(str(out / STACK_FILE), feats, gold, meta["params"], verbose)
        meta["stack"] = stack
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
    ap.add_argument("--lists", default=",".join(sorted(DEFAULT_EXTRAS)),
                    help="optional list sources, comma-separated: allparts, fullnames")
    ap.add_argument("--features", default="", help="optional feature sets, comma-separated: raw")
    ap.add_argument("--unseen", type=float, default=0.0,
                    help="add copies of entity sentences with this share of entities' word features hidden")
    ap.add_argument("--stack", type=int, default=0, help="second-pass CRF over N jack-knife folds (0: none)")
    ap.add_argument("--workers", type=int, default=2, help="processes training stacking folds")
    ap.add_argument("--keep", type=Path, help="with --dev: keep the dev model and dev.conll in this folder")
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
        extras = frozenset(x for x in args.lists.split(",") if x)
        if args.dev:
            train, dev = split_dev(sents)
            work = args.keep or tmp
            model_dir = work / "model"
            meta = train_model(train, model_dir, gaz, clusters, params, args.verbose, args.doc_window, extras=extras,
                               stack=args.stack, workers=args.workers, unseen=args.unseen,
                               features=frozenset(x for x in args.features.split(",") if x))
            write_conll(dev, work / "dev.conll")
            print(f"trained on {len(train)} sentences in {meta['train_seconds']} s; dev {len(dev)} sentences")
            print(score(work / "dev.conll", model_dir, args.scorer or shared.parent / "tools" / "ner_score.py"), end="")
        else:
            meta = train_model(sents, args.out, gaz, clusters, params, args.verbose, args.doc_window, extras=extras,
                               stack=args.stack, workers=args.workers, unseen=args.unseen,
                               features=frozenset(x for x in args.features.split(",") if x))
            print(f"trained on {len(sents)} sentences in {meta['train_seconds']} s → {args.out}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
