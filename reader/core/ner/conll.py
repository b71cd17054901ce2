"""CoNLL in, CoNLL out: ``reader tag --conll [FILE]`` and the scorer's tagger command.

Input: one token per line (first whitespace-separated column; other columns ignored), a blank
line between sentences. Output: ``TOKEN<TAB>TAG`` per token in order, one blank line between
sentences. Streams: sentences are tagged in batches as they are read.

    python -m reader.core.ner.conll [--model DIR] [FILE] < tokens
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterator, TextIO

from reader.core.ner import BATCH_SENTENCES, NerBackend

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


def tag_conll(inp: TextIO, out: TextIO, backend: NerBackend, batch: int = BATCH_SENTENCES) -> None:
    """Tag a CoNLL token stream with ``backend`` and print ``TOKEN<TAB>TAG`` lines."""
    first = True

    def flush(sents: list[list[str]]) -> None:
        nonlocal first
        tags = backend.tag([[t.translate(_MARKS) for t in s] for s in sents])
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Tag CoNLL tokens (stdin or FILE) with the NER model.")
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("--model", type=Path, help="model folder (default: the built-in model)")
    args = ap.parse_args(argv)
    if args.model:
        from reader.core.ner.crf import CrfBackend

        backend: NerBackend = CrfBackend.load(args.model)
    else:
        from reader.core.ner import load_backend

        backend = load_backend()
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    if args.file:
        with args.file.open(encoding="utf-8-sig") as f:
            tag_conll(f, sys.stdout, backend)
    else:
        sys.stdin.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        tag_conll(sys.stdin, sys.stdout, backend)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
