"""The CoNLL path the scorer and ``reader tag --conll`` use: counts, order and blank lines kept."""
from __future__ import annotations

import io
from typing import Sequence

from reader.core.ner.conll import read_sentences, tag_conll


class EchoBackend:
    """Tags by token position and records what it was given (marks must be stripped)."""

    name = "echo-1"

    def __init__(self) -> None:
        self.seen: list[list[str]] = []

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        self.seen.extend(list(s) for s in sentences)
        return [["B-PERS" if i == 0 else "O" for i, _ in enumerate(s)] for s in sentences]


INPUT = (
    "\n\n"  # leading blank lines
    "\u200fقال O extra\n"
    "الرئيس\tO\n"
    "\n\n\n"  # several blank lines count as one break
    "بغداد B-LOC\n"
    "\u200f\n"  # a line of marks only is blank
    "a\n"
    "b\n"
    "c"  # no final newline
)


def test_round_trip_keeps_tokens_order_and_sentences() -> None:
    out = io.StringIO()
    backend = EchoBackend()
    tag_conll(io.StringIO(INPUT), out, backend, batch=2)
    assert out.getvalue() == (
        "\u200fقال\tB-PERS\nالرئيس\tO\n\n"
        "بغداد\tB-PERS\n\n"
        "a\tB-PERS\nb\tO\nc\tO\n"
    )
    assert backend.seen == [["قال", "الرئيس"], ["بغداد"], ["a", "b", "c"]]


def test_sentence_count_matches_input_on_many_sentences() -> None:
    sents = [[f"w{i}_{j}" for j in range(i % 7 + 1)] for i in range(1000)]
    text = "\n\n".join("\n".join(s) for s in sents) + "\n"
    out = io.StringIO()
    tag_conll(io.StringIO(text), out, EchoBackend(), batch=64)
    blocks = out.getvalue().strip("\n").split("\n\n")
    assert [[ln.split("\t")[0] for ln in b.split("\n")] for b in blocks] == sents


def test_read_sentences_ignores_other_columns() -> None:
    assert list(read_sentences(io.StringIO("a X Y\nb\tZ\n\nc\n"))) == [["a", "b"], ["c"]]
