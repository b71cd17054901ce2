"""Named-entity recognition behind one small protocol.

A backend tags tokens it is given (never re-tokenising, so offsets stay ours); ``find_spans``
owns sentence splitting, tokenisation and the IOB2 → offset conversion, so every backend gets
the same code-point offsets into the stored text.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Protocol, Sequence, runtime_checkable

from reader.core.arabic import sentences as split_sentences
from reader.core.model import Label, Span, Token

__all__ = ["NerBackend", "load_backend", "find_spans", "iob_to_spans", "DEFAULT_BACKEND", "BATCH_SENTENCES"]

DEFAULT_BACKEND = "builtin"
# Sentences handed to a backend at a time: large enough to amortise per-call overhead,
# small enough that a huge article never builds one giant feature list.
BATCH_SENTENCES = 256


@runtime_checkable
class NerBackend(Protocol):
    """Anything that turns token sequences into IOB2 tags over PERS/LOC/ORG/MISC."""

    name: str  # includes a model version, e.g. "builtin-crf-1", stored with mentions

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """One IOB2 tag per given token, per sentence."""
        ...


_CACHE: dict[str, NerBackend] = {}


def load_backend(name: str | None = None) -> NerBackend:
    """The named backend (default: the built-in model), loaded once per process."""
    key = name or DEFAULT_BACKEND
    backend = _CACHE.get(key)
    if backend is None:
        if key in ("builtin", "crf") or key.startswith("builtin-crf"):
            from reader.core.ner.crf import CrfBackend  # lazy: pycrfsuite only when tagging

            backend = CrfBackend.load()
        else:
            raise ValueError(f"unknown NER backend {key!r} (known: builtin)")
        _CACHE[key] = backend
    return backend


def iob_to_spans(tokens: Sequence[Token], tags: Sequence[str], text: str) -> list[Span]:
    """Spans over whole tokens from IOB2 tags.

    Lenient as CoNLL scoring is: an I- after O or after another type starts an entity;
    a B- always starts a new one, so adjacent B- tokens are separate entities.
    """
    out: list[Span] = []
    start = end = -1
    label: Label | None = None

    def close() -> None:
        if label is not None:
            out.append(Span(start, end, label, text[start:end]))

    for tok, tag in zip(tokens, tags):
        if tag == "O" or len(tag) < 3 or tag[1] != "-":
            close()
            label = None
            continue
        prefix, typ = tag[0], _parse_label(tag[2:])
        if typ is None:
            close()
            label = None
        elif prefix == "I" and label is typ:
            end = tok.end
        else:  # B-, or a stray I- that starts an entity
            close()
            label, start, end = typ, tok.start, tok.end
    close()
    return out


def _parse_label(value: str) -> Label | None:
    try:
        return Label.parse(value)
    except ValueError:
        return None


def _batches(items: Iterable[list[Token]], size: int) -> Iterator[list[list[Token]]]:
    batch: list[list[Token]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def find_spans(text: str, backend: NerBackend | None = None) -> list[Span]:
    """Entity spans in ``text`` with code-point offsets: ``text[s.start:s.end] == s.text``."""
    backend = backend or load_backend()
    sents = (list(s.tokens) for s in split_sentences(text) if s.tokens)
    spans: list[Span] = []
    for batch in _batches(sents, BATCH_SENTENCES):
        tags = backend.tag([[t.text for t in toks] for toks in batch])
        for toks, sent_tags in zip(batch, tags):
            spans.extend(iob_to_spans(toks, sent_tags, text))
    return spans
