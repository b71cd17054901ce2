"""Named-entity recognition behind one small protocol.

A backend tags tokens it is given (never re-tokenising, so offsets stay ours); ``find_spans``
owns sentence splitting, tokenisation and the IOB2 → offset conversion, so every backend gets
the same code-point offsets into the stored text.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Protocol, Sequence, runtime_checkable

from reader.core.arabic import normalise
from reader.core.arabic import sentences as split_sentences
from reader.core.model import Label, Span, Token

if TYPE_CHECKING:
    from reader.core.ner.lexicon import Lexicon

__all__ = ["NerBackend", "load_backend", "find_spans", "iob_to_spans", "DEFAULT_BACKEND", "BATCH_SENTENCES",
           "BACKEND_SETTING"]

# The settings key naming the backend the app uses ("builtin" or "camel-bert").
BACKEND_SETTING = "ner/backend"

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
        elif key in ("camel-bert", "camel") or key.startswith("camel-bert"):
            from reader.core.ner.camel import CamelBertBackend  # lazy: torch only when chosen

            backend = CamelBertBackend.load()
        else:
            raise ValueError(f"unknown NER backend {key!r} (known: builtin, camel-bert)")
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


def _known_names(backend: NerBackend, lexicon: "Lexicon | None") -> Callable[[str], bool]:
    """Whether a normalised word starts a listed name: the backend's name lists, the lexicon."""
    gaz = getattr(getattr(backend, "featurizer", None), "gaz", None)
    first = gaz.first if gaz is not None else {}
    if lexicon:
        return lambda w: w in first or lexicon.starts_with(w)
    return first.__contains__


def _name_kinds(backend: NerBackend, lexicon: "Lexicon | None") -> Callable[[str], frozenset[str] | None]:
    """The name-list categories of a normalised word (None: any kind, the user's lexicon)."""
    gaz = getattr(getattr(backend, "featurizer", None), "gaz", None)
    first = gaz.first if gaz is not None else {}

    def kinds(w: str) -> frozenset[str] | None:
        if lexicon and lexicon.starts_with(w):
            return None
        return frozenset(cat for _, cat in first.get(w, ()))
    return kinds


def name_list_tests(backend: NerBackend) -> dict[str, Callable[[str], bool] | None]:
    """The post-pass's tests from the backend's name lists (``propagate`` keyword arguments):
    country nisbas, listed given names, listed places and countries; None each when it has no lists."""
    from reader.core.ner.consistency import country_nisba, listed_country, listed_first_name, listed_place

    gaz = getattr(getattr(backend, "featurizer", None), "gaz", None)
    first = gaz.first if gaz is not None else None
    return {"nisba": country_nisba(first) if first else None,
            "first_name": listed_first_name(first) if first else None,
            "place_name": listed_place(first) if first else None,
            "country_name": listed_country(first) if first else None}


def find_spans(text: str, backend: NerBackend | None = None, lexicon: "Lexicon | None" = None,
               consistency: bool = True, trim: bool = True) -> list[Span]:
    """Entity spans in ``text`` with code-point offsets: ``text[s.start:s.end] == s.text``.

    The article is one document: names the backend found are carried to their other
    occurrences, and ``lexicon`` (the user's confirmed names) wins over the backend
    (``consistency.py``). With ``trim``, a leading conjunction/preposition clitic is left out
    of a span when the rest is the name (وبغداد → بغداد), see ``clitics.py``.
    """
    from reader.core.ner.clitics import trim_span
    from reader.core.ner.consistency import propagate

    backend = backend or load_backend()
    sents = [list(s.tokens) for s in split_sentences(text) if s.tokens]
    tags: list[list[str]] = []
    for batch in _batches(sents, BATCH_SENTENCES):
        tags.extend(backend.tag([[t.text for t in toks] for toks in batch]))
    norms: list[list[str]] | None = None
    if consistency or lexicon:
        norms = [[normalise(t.text) for t in toks] for toks in sents]
        tags = propagate(norms, tags, lexicon if lexicon else None, enabled=consistency, **name_list_tests(backend))
    spans: list[Span] = []
    for toks, sent_tags in zip(sents, tags):
        spans.extend(iob_to_spans(toks, sent_tags, text))
    if trim and spans:
        vocab = {normalise(t.text) for toks in sents for t in toks}
        known, kinds = _known_names(backend, lexicon), _name_kinds(backend, lexicon)
        items = _coordinated_starts(sents, spans)
        spans = [trim_span(s, vocab, known, kinds, coordinated=s.start in items) for s in spans]
    return spans


def _coordinated_starts(sents: Sequence[Sequence[Token]], spans: Sequence[Span]) -> set[int]:
    """Starts of spans that follow another span or a list comma directly: the next item of a
    list (X، وY; X وY), whose leading و is the conjunction."""
    from reader.core.ner.patterns import LIST_COMMAS

    ends = {s.end for s in spans}
    starts = {s.start for s in spans}
    out: set[int] = set()
    for toks in sents:
        for prev, tok in zip(toks, toks[1:]):
            if tok.start in starts and (prev.end in ends or prev.text in LIST_COMMAS):
                out.add(tok.start)
    return out
