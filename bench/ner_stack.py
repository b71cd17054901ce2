"""The encoder and the CRF decoded together, on the dev split: encoder log-probabilities plus
``w`` × the CRF's log-marginals (or, with ``--mean``, the log of their weighted mean), decoded
with the IOB2 constraint, scored alone and with the document post-pass (64-sentence windows).

    python -m reader.core.ner.train --data ../shared/data/ner --dev --keep /tmp/ner/crfdev
    python bench/ner_stack.py ENCODER_DEV_DIR /tmp/ner/crfdev/model --weights 0,0.25,0.5,0.75

Both models must be trained on the same train-minus-dev split (``ENCODER_DEV_DIR`` holds the
encoder's ``dev.conll``). A result of the model card's table of ideas (not kept: it lifts the
dev split but lowers news recall on the link golds).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ner_dev import by_docs, dev_split, load_scorer, row, score  # noqa: E402

from reader.core.ner.crf import CrfBackend  # noqa: E402
from reader.core.ner.encoder.backend import EncoderBackend, decode  # noqa: E402


def crf_marginals(crf: CrfBackend, sentences: list[list[str]], labels: tuple[str, ...], window: int = 64) -> list[np.ndarray]:
    """Per sentence ``[words, labels]`` marginals of the CRF, documents of ``window`` sentences."""
    out: list[np.ndarray] = []
    tagger = crf._tagger
    known = set(tagger.labels())
    for lo in range(0, len(sentences), window):
        for f in crf.featurizer.document(sentences[lo:lo + window]):
            m = np.zeros((len(f), len(labels)))
            if f:
                tagger.set(f)
                for j, lab in enumerate(labels):
                    if lab in known:
                        m[:, j] = [tagger.marginal(lab, t) for t in range(len(f))]
            out.append(m)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("encoder", type=Path, help="dev-split encoder folder, with dev.conll")
    ap.add_argument("crf", type=Path, help="dev-split CRF model folder")
    ap.add_argument("--weights", default="0,0.25,0.5,0.75,1")
    ap.add_argument("--mean", action="store_true", help="log((1-w) p_encoder + w p_crf) instead of a product")
    args = ap.parse_args()
    sc = load_scorer()
    toks, gold, norms = dev_split(args.encoder / "dev.conll")
    enc = EncoderBackend.load(args.encoder)
    labels = enc.labels
    scores = enc.word_scores(toks)
    marg = crf_marginals(CrfBackend.load(args.crf), toks, labels)
    print("| variant | LOC | ORG | PERS | MISC | micro P | micro R | micro F1 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for w in (float(x) for x in args.weights.split(",")):
        tags = []
        for e, m in zip(scores, marg):
            s = np.log((1 - w) * np.exp(e) + w * m + 1e-9) if args.mean else e + w * np.log(np.maximum(m, 1e-6))
            tags.append([labels[k] for k in decode(s.astype(np.float32), labels, enc._allowed, enc._start)] if len(s) else [])
        print(row(f"w={w}", score(sc, gold, tags)))
        print(row(f"w={w}, post-pass", score(sc, gold, by_docs(norms, tags, 64))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
