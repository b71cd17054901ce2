"""Word clusters from unlabelled news text, a training-time tool.

ANERcorp is small (125k tokens): most names in new articles were never seen in training.
Clusters learned from millions of unlabelled words give unseen words a class shared with
seen ones (a cheap stand-in for Brown clusters: PPMI context vectors → SVD → k-means).

    python -m reader.core.ner.clusters --data ../shared/data/saudinewsnet --out resources/models/ner
"""
from __future__ import annotations

import argparse
import json
import zipfile
from collections import Counter
from pathlib import Path
from typing import Iterator

from reader.core.arabic import TOKEN_RE, normalise

CLUSTERS_FILE = "clusters.tsv"


def iter_texts(data: Path) -> Iterator[str]:
    """Article titles and bodies from the SaudiNewsNet daily zips (or JSONL files)."""
    for path in sorted(data.glob("zips/*.zip")) or sorted(data.glob("**/*.jsonl")):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    for art in json.loads(z.read(name)):
                        yield (art.get("title") or "") + "\n" + (art.get("content") or "")
        else:
            with path.open(encoding="utf-8") as f:
                for line in f:
                    art = json.loads(line)
                    yield (art.get("title") or "") + "\n" + (art.get("content") or "")


def build_clusters(texts: Iterator[str], vocab_size: int = 60_000, ctx_size: int = 4_000,
                   dims: int = 100, ks: tuple[int, ...] = (64, 256, 1024), seed: int = 0) -> dict[str, tuple[int, ...]]:
    """Cluster ids (one per k) for the ``vocab_size`` most frequent normalised words."""
    import numpy as np  # training-time only: keep the app's model load free of numpy/scipy
    from scipy.sparse import coo_matrix
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    norm_cache: dict[str, str] = {}
    docs: list[list[str]] = []
    freq: Counter[str] = Counter()
    for text in texts:
        words = []
        for m in TOKEN_RE.finditer(text):
            w = m.group()
            n = norm_cache.get(w)
            if n is None:
                n = norm_cache[w] = normalise(w)
            words.append(n)
        freq.update(words)
        docs.append(words)
    vocab = [w for w, _ in freq.most_common(vocab_size)]
    vid = {w: i for i, w in enumerate(vocab)}
    cid = {w: i for i, w in enumerate(vocab[:ctx_size])}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for words in docs:
        ids = np.array([vid.get(w, -1) for w in words], dtype=np.int64)
        cids = np.array([cid.get(w, -1) for w in words], dtype=np.int64)
        # left neighbour context in [0, ctx), right neighbour in [ctx, 2ctx)
        for shift, base in ((1, 0), (-1, ctx_size)):
            if len(ids) < 2:
                continue
            if shift == 1:
                a, c = ids[1:], cids[:-1]
            else:
                a, c = ids[:-1], cids[1:]
            ok = (a >= 0) & (c >= 0)
            rows.append(a[ok])
            cols.append(c[ok] + base)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    m = coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(vocab), 2 * ctx_size)).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    m = m.tocoo()
    pmi = np.log(m.data * total / (row_sum[m.row] * col_sum[m.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape).tocsr()
    vec = TruncatedSVD(dims, random_state=seed).fit_transform(ppmi)
    vec = normalize(vec)
    labels = [MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096).fit_predict(vec) for k in ks]
    return {w: tuple(int(lab[i]) for lab in labels) for i, w in enumerate(vocab)}


def write_clusters(clusters: dict[str, tuple[int, ...]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for w, ids in clusters.items():
            f.write(w + "\t" + "\t".join(map(str, ids)) + "\n")


def read_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """Word → cluster ids as strings (ready to become feature values)."""
    out: dict[str, tuple[str, ...]] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            out[parts[0]] = tuple(parts[1:])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/saudinewsnet"))
    ap.add_argument("--out", type=Path, default=Path("resources/models/ner"))
    ap.add_argument("--vocab", type=int, default=60_000)
    ap.add_argument("--ks", default="64,256,1024", help="cluster counts, coarse to fine")
    args = ap.parse_args(argv)
    ks = tuple(int(k) for k in args.ks.split(","))
    clusters = build_clusters(iter_texts(args.data), vocab_size=args.vocab, ks=ks)
    args.out.mkdir(parents=True, exist_ok=True)
    write_clusters(clusters, args.out / CLUSTERS_FILE)
    print(f"{len(clusters)} words → {args.out / CLUSTERS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
