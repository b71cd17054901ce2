"""CoNLL in, CoNLL out: ``reader tag --conll [FILE]`` and the scorer's tagger command.

Input: one token per line (first whitespace-separated column; other columns ignored), a blank
line between sentences. Output: ``TOKEN<TAB>TAG`` per token in order, one blank line between
sentences. Streams: sentences are tagged in batches as they are read.

    python -m reader.core.ner.conll [--model DIR] [--backend crf|encoder] [FILE] < tokens
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterator, TextIO

from reader.core.ner import BATCH_SENTENCES, NerBackend, tag_scored

# Bidi marks that copied Arabic text carries around tokens: not part of the word.
_MARKS = str.maketrans("", "", "\u200f\u200e")


def read_sentences(inp: TextIO) -> Iterator[list[str]]:
    """Sentences as lists of tokens exactly as given (first column, marks kept)."""
    cur: list[str] = []
    for line in inp:
        clean = line.translate(_MARKS).split()
        if not clean:  # a line holding only marks is as blank as an empty one (as the scorer reads it)
            if cur:
                yield cur
                cur = []
            continue
        first = line.split()[0]
        cur.append(first if first.translate(_MARKS) else clean[0])
    if cur:
        yield cur


def tag_conll(inp: TextIO, out: TextIO, backend: NerBackend, batch: int = BATCH_SENTENCES,
              consistency: bool = True) -> None:
    """Tag a CoNLL token stream with ``backend`` and print ``TOKEN<TAB>TAG`` lines.

    With ``consistency``, the document post-pass that ``find_spans`` applies to an article
    runs over windows of ``DOC_SENTENCES`` consecutive sentences (a stream has no article
    boundaries), so this path scores what the app does.
    """
    first = True

    def flush(sents: list[list[str]]) -> None:
        nonlocal first
        clean = [[t.translate(_MARKS) for t in s] for s in sents]
        tags, confidence = tag_scored(backend, clean)
        if consistency:
            tags = _consistent(clean, tags, backend, confidence)
        for toks, ts in zip(sents, tags):
            if not first:
                out.write("\n")
            first = False
            out.write("".join(f"{tok}\t{tag}\n" for tok, tag in zip(toks, ts)))

    pending: list[list[str]] = []
    for sent in read_sentences(inp):
        pending.append(sent)
        if len(pending) >= batch:
            flush(pending)
            pending = []
    if pending:
        flush(pending)
    out.flush()


def _consistent(sents: list[list[str]], tags: list[list[str]], backend: NerBackend,
                confidence: list[list[float]] | None = None) -> list[list[str]]:
    from reader.core.arabic import normalise
    from reader.core.ner import name_list_tests
    from reader.core.ner.consistency import APP_ONLY_STEPS, DOC_SENTENCES, propagate

    tests = name_list_tests(backend)
    out: list[list[str]] = []
    for lo in range(0, len(sents), DOC_SENTENCES):
        norms = [[normalise(t) for t in s] for s in sents[lo:lo + DOC_SENTENCES]]
        out.extend(propagate(norms, tags[lo:lo + DOC_SENTENCES], disable=APP_ONLY_STEPS,
                             confidence=confidence[lo:lo + DOC_SENTENCES] if confidence else None, **tests))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Tag CoNLL tokens (stdin or FILE) with the NER model.")
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("--model", type=Path, help="model folder (default: the built-in model)")
    ap.add_argument("--backend", choices=["crf", "encoder"],
                    help="the kind of model (default: encoder when the --model folder holds model.onnx, else crf)")
    ap.add_argument("--no-consistency", action="store_true", help="the tagger alone, no document post-pass")
    ap.add_argument("--consistency", action="store_true",
                    help="the document post-pass even for the encoder (on by default for the CRF only: it was tuned for it)")
    args = ap.parse_args(argv)
    kind = args.backend or ("encoder" if args.model and (args.model / "model.onnx").is_file() else "crf")
    if kind == "encoder":
        from reader.core.ner.encoder.backend import EncoderBackend

        backend: NerBackend = EncoderBackend.load(args.model)
    elif args.model:
        from reader.core.ner.crf import CrfBackend

        backend = CrfBackend.load(args.model)
    else:
        from reader.core.ner import load_backend

        backend = load_backend()
    consistency = args.consistency or (kind == "crf" and not args.no_consistency)
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    if args.file:
        with args.file.open(encoding="utf-8-sig") as f:
            tag_conll(f, sys.stdout, backend, consistency=consistency)
    else:
        sys.stdin.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        tag_conll(sys.stdin, sys.stdout, backend, consistency=consistency)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
