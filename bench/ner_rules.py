"""What each step of the document post-pass does, with a given entity model: how many tokens it
changes on news articles and how many spans it adds and takes away there (``Doc.edits``; a
retyped or resized span counts once each way), and what leaving it out does to ANERcorp dev
and to the link golds.

    python bench/ner_rules.py --dev-model /tmp/encoder/dev12 [--articles 1500] [--golds]
    python bench/ner_rules.py --dev-model /tmp/ner/base/model --model fast

``--dev-model``: a model trained on ANERcorp minus the dev blocks, with dev.conll beside it (the
encoder's ``train.py --dev --out DIR``, the CRF's ``train.py --dev --keep DIR``). ``--golds``
also relinks the five link golds once per step left out (a few minutes). Rules that do not pay
on data that played no part in designing them go: read the held-out column.
"""
from __future__ import annotations

import argparse
import functools
import glob
import io
import json
import sys
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from reader.core.arabic import normalise, sentences  # noqa: E402
from reader.core.ner import load_backend, name_list_tests, tag_scored  # noqa: E402
from reader.core.ner.consistency import APP_ONLY_STEPS, DOC_SENTENCES, STEP_NAMES, Doc, propagate  # noqa: E402
from reader.core.ner.train import read_conll  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "data" / "saudinewsnet" / "jsonl_sample"
GOLDS = ("saudinewsnet_links", "dev2_links", "dev3_links", "dev4_links", "heldout_links")


def dev_backend(folder: Path):  # type: ignore[no-untyped-def]
    if (folder / "model.onnx").is_file():
        from reader.core.ner.encoder.backend import EncoderBackend

        return EncoderBackend.load(folder)
    from reader.core.ner.crf import CrfBackend

    return CrfBackend.load(folder)


def dev_f1(folder: Path, disable: tuple[str, ...] | None) -> float:
    """Strict micro F1 on dev.conll (the scorer's own span code), the post-pass as the CoNLL path runs it."""
    from ner_dev import load_scorer, score

    dev = read_conll(folder / "dev.conll")
    backend = dev_backend(folder)
    toks, gold = [t for t, _ in dev], [g for _, g in dev]
    pred, confidence = tag_scored(backend, toks)
    if disable is not None:
        norms = [[normalise(t) for t in s] for s in toks]
        tests = name_list_tests(backend)
        out: list[list[str]] = []
        for lo in range(0, len(pred), DOC_SENTENCES):
            out.extend(propagate(norms[lo:lo + DOC_SENTENCES], pred[lo:lo + DOC_SENTENCES],
                                 disable=(*disable, *APP_ONLY_STEPS),
                                 confidence=confidence[lo:lo + DOC_SENTENCES] if confidence else None, **tests))
        pred = out
    return score(load_scorer(), gold, pred)["micro"][2]


def sample_changes(n: int) -> Doc:
    """The post-pass run over ``n`` SaudiNewsNet articles (the default model's tags): tokens each
    step changed (``changes``) and the spans it added or took away (``edits``)."""
    backend = load_backend()
    tests = name_list_tests(backend)
    doc = Doc([], [], [])
    done = 0
    for f in sorted(glob.glob(str(SAMPLE / "*.jsonl"))):
        for line in open(f, encoding="utf-8"):
            text = json.loads(line).get("content") or ""
            sents = [list(s.tokens) for s in sentences(text) if s.tokens]
            if not sents:
                continue
            tags, confidence = tag_scored(backend, [[t.text for t in s] for s in sents])
            propagate([[normalise(t.text) for t in s] for s in sents], tags, confidence=confidence, doc=doc, **tests)
            done += 1
            if done >= n:
                return doc
    return doc


def gold_scores(disable: tuple[str, ...] | None) -> dict[str, str]:
    """link F1 and mention recall on each gold, the post-pass without ``disable`` (None: none at all)."""
    import reader.core.pool as pool
    from reader.core.ner import find_spans_many

    pool.find_spans_many = functools.partial(find_spans_many, disable=disable or (), consistency=disable is not None)
    out = {}
    for gold in GOLDS:
        buf = io.StringIO()
        argv = sys.argv
        sys.argv = ["link_eval.py", "--gold", str(ROOT / "bench" / "gold" / f"{gold}.json")]
        try:
            import link_eval

            with redirect_stdout(buf):
                link_eval.main()
        finally:
            sys.argv = argv
        line = next((x for x in buf.getvalue().splitlines() if x.startswith("link P=")), "")
        parts = dict(kv.split("=") for kv in line.replace("link ", "").split())
        out[gold] = f"{float(parts.get('F1', 0)):.3f} / {float(parts.get('mention_recall', 0)):.3f}"
    pool.find_spans_many = find_spans_many
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev-model", type=Path, required=True)
    ap.add_argument("--model", help="default (encoder) or fast (CRF): the model the sample and golds use")
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--golds", action="store_true")
    args = ap.parse_args()
    if args.model:
        import os

        from reader.core.ner import MODEL_ENV

        os.environ[MODEL_ENV] = args.model
    doc = sample_changes(args.articles)
    added = {name: sum(1 for e in doc.edits if e.step == name and e.added) for name in STEP_NAMES}
    removed = {name: sum(1 for e in doc.edits if e.step == name and not e.added) for name in STEP_NAMES}
    variants: list[tuple[str, tuple[str, ...] | None]] = [("model alone", None), ("every step", ())]
    variants += [(f"without {name}", (name,)) for name in STEP_NAMES]
    head = f"| variant | in {args.articles:,} sample articles: tokens changed, spans added / taken away | ANERcorp dev F1 |"
    if args.golds:
        head += " " + " | ".join(f"{g} link F1 / mention recall" for g in GOLDS) + " |"
    print(head)
    print("|" + " --- |" * (head.count("|") - 1))
    for label, disable in variants:
        name = label.removeprefix("without ")
        cells = [label, f"{doc.changes.get(name, 0):,}, +{added[name]:,} / −{removed[name]:,}" if disable and len(disable) == 1 else "",
                 f"{dev_f1(args.dev_model, disable):.3f}"]
        if args.golds:
            scores = gold_scores(disable)
            cells += [scores[g] for g in GOLDS]
        print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
