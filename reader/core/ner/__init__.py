"""Named-entity recognition behind one small protocol.

A backend tags tokens it is given (never re-tokenising, so offsets stay ours); ``find_spans``
owns sentence splitting, tokenisation and the IOB2 → offset conversion, so every backend gets
the same code-point offsets into the stored text.
"""
from __future__ import annotations

import functools
import os
from typing import (TYPE_CHECKING, Callable, Collection, Iterable, Iterator, Protocol, Sequence, TypedDict,
                    runtime_checkable)

from reader.core.arabic import normalise
from reader.core.arabic import sentences as split_sentences
from reader.core.model import Label, Span, Token

if TYPE_CHECKING:
    from reader.core.ner.lexicon import Lexicon

__all__ = ["NerBackend", "load_backend", "default_backend_name", "find_spans", "find_spans_many", "iob_to_spans",
           "DEFAULT_BACKEND", "tag_scored", "listed_places",
           "BATCH_SENTENCES", "MODEL_ENV", "MODEL_NAMES"]

# The models a user chooses by name (``reader import --model NAME``, ``$READER_NER_MODEL``): the
# fine-tuned encoder by default, the CRF where speed matters more (very large archives on a laptop).
MODEL_ENV = "READER_NER_MODEL"
MODEL_NAMES = {"default": "encoder", "fast": "builtin"}
DEFAULT_BACKEND = "encoder"
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


def tag_scored(backend: NerBackend, sentences: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[list[float]] | None]:
    """The backend's tags and, where it has them (the encoder's ``tag_scored``), its per-token
    probability that the token is part of a name; None for a backend without (the CRF)."""
    scored = getattr(backend, "tag_scored", None)
    if scored is None:
        return backend.tag(sentences), None
    tags, confidence = scored(sentences)
    return tags, confidence


_CACHE: dict[str, NerBackend] = {}


def default_backend_name() -> str:
    """``$READER_NER_MODEL`` (a name of ``MODEL_NAMES`` or a backend's), else the encoder when its
    model is installed (a source checkout without it falls back to the CRF)."""
    chosen = os.environ.get(MODEL_ENV, "").strip()
    if chosen:
        return MODEL_NAMES.get(chosen, chosen)
    from reader.core.ner.encoder.backend import default_model_dir
    from reader.core.ner.encoder import MODEL_FILE

    return DEFAULT_BACKEND if (default_model_dir() / MODEL_FILE).is_file() else "builtin"


def load_backend(name: str | None = None) -> NerBackend:
    """The named backend (``MODEL_NAMES`` or a backend's name; default: ``default_backend_name``),
    loaded once per process."""
    key = MODEL_NAMES.get(name, name) if name else default_backend_name()
    backend = _CACHE.get(key)
    if backend is None:
        if key in ("builtin", "crf") or key.startswith("builtin-crf"):
            from reader.core.ner.crf import CrfBackend  # lazy: pycrfsuite only when tagging

            backend = CrfBackend.load()
        elif key in ("camel-bert", "camel") or key.startswith("camel-bert"):
            from reader.core.ner.camel import CamelBertBackend  # lazy: torch only when chosen

            backend = CamelBertBackend.load()
        elif key == "encoder" or key.startswith("encoder-"):
            from reader.core.ner.encoder.backend import EncoderBackend  # lazy: onnxruntime only when chosen

            backend = EncoderBackend.load()
        else:
            raise ValueError(f"unknown NER model {key!r} (known: default, fast, encoder, builtin, camel-bert)")
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


def name_lists(backend: NerBackend) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The name lists the post-pass reads (given names, places, countries and their nisbas), by
    first word: the backend's own (the CRF's features use them), else the lists shipped beside
    the CRF, so that every model gets the same document post-pass."""
    gaz = getattr(getattr(backend, "featurizer", None), "gaz", None)
    return gaz.first if gaz is not None else _shipped_lists()


@functools.lru_cache(maxsize=1)
def _shipped_lists() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    from reader.core.ner.crf import default_model_dir
    from reader.core.ner.gazetteer import Gazetteer, shipped_paths

    return Gazetteer.load(shipped_paths(default_model_dir())).first


def listed_places() -> Callable[[str], bool]:
    """Whether a normalised word is a town or country of the shipped name lists (as the
    post-pass's ``listed_place`` reads them), whatever the model."""
    from reader.core.ner.consistency import listed_place

    return listed_place(_shipped_lists())


def _known_names(backend: NerBackend, lexicon: "Lexicon | None") -> Callable[[str], bool]:
    """Whether a normalised word starts a listed name: the name lists, the lexicon."""
    first = name_lists(backend)
    if lexicon:
        return lambda w: w in first or lexicon.starts_with(w)
    return first.__contains__


def _name_kinds(backend: NerBackend, lexicon: "Lexicon | None") -> Callable[[str], frozenset[str] | None]:
    """The name-list categories of a normalised word (None: any kind, the user's lexicon)."""
    first = name_lists(backend)

    def kinds(w: str) -> frozenset[str] | None:
        if lexicon and lexicon.starts_with(w):
            return None
        return frozenset(cat for _, cat in first.get(w, ()))
    return kinds


class NameListTests(TypedDict):
    """``propagate``'s keyword arguments from the name lists (see :func:`name_list_tests`)."""

    nisba: Callable[[str], bool]
    first_name: Callable[[str], bool]
    place_name: Callable[[str], bool]
    listed: Callable[[str], bool]
    place_phrase: Callable[[Sequence[str], int], int]
    country_name: Callable[[str], bool]


def name_list_tests(backend: NerBackend) -> NameListTests:
    """The post-pass's tests from the name lists (``propagate`` keyword arguments): country
    nisbas, listed given names, listed places (of one word, and of several)."""
    from reader.core.ner.consistency import country_nisba, listed_country, listed_first_name, listed_name, listed_place, listed_place_phrase

    first = name_lists(backend)
    return {"nisba": country_nisba(first), "first_name": listed_first_name(first), "place_name": listed_place(first),
            "listed": listed_name(first), "place_phrase": listed_place_phrase(first), "country_name": listed_country(first)}


def find_spans(text: str, backend: NerBackend | None = None, lexicon: "Lexicon | None" = None,
               consistency: bool = True, trim: bool = True, disable: Collection[str] = ()) -> list[Span]:
    """Entity spans in ``text`` with code-point offsets: ``text[s.start:s.end] == s.text``.

    The article is one document: names the backend found are carried to their other
    occurrences, and ``lexicon`` (the user's confirmed names) wins over the backend
    (``consistency.py``). With ``trim``, a leading conjunction/preposition clitic is left out
    of a span when the rest is the name (وبغداد → بغداد), see ``clitics.py``. With
    ``consistency``, God in formulae, currencies and units are no entities (``non_names.py``).
    ``disable``: post-pass steps to leave out, by name (``consistency.STEP_NAMES``).
    """
    return find_spans_many([text], backend, lexicon, consistency, trim, disable)[0]


def find_spans_many(texts: Sequence[str], backend: NerBackend | None = None, lexicon: "Lexicon | None" = None,
                    consistency: bool = True, trim: bool = True, disable: Collection[str] = ()) -> list[list[Span]]:
    """:func:`find_spans` of each text, the backend given the sentences of all of them together.

    Each article stays its own document for the post-pass; only the model's calls are shared:
    many short articles' sentences, sorted by length across articles, make fuller batches with
    less padding and fewer calls (the encoder tags 60 news articles about 1.8 times as fast
    together as article by article, ``bench/encoder_batching.py``). The default model's int8
    activation ranges are fixed (``encoder/calibrate.py``), so a sentence's tags do not depend
    on the sentences it is batched with: an article gets the same spans either way.
    """
    backend = backend or load_backend()
    docs = [[list(s.tokens) for s in split_sentences(text) if s.tokens] for text in texts]
    flat = [toks for sents in docs for toks in sents]
    tags: list[list[str]] = []
    confidence: list[list[float]] | None = []
    for batch in _batches(flat, BATCH_SENTENCES):
        batch_tags, batch_confidence = tag_scored(backend, [[t.text for t in toks] for toks in batch])
        tags.extend(batch_tags)
        if batch_confidence is None:
            confidence = None
        elif confidence is not None:
            confidence.extend(batch_confidence)
    out: list[list[Span]] = []
    at = 0
    for text, sents in zip(texts, docs):
        out.append(_article_spans(text, sents, tags[at:at + len(sents)], backend, lexicon, consistency, trim, disable,
                                  confidence[at:at + len(sents)] if confidence else None))
        at += len(sents)
    return out


def _article_spans(text: str, sents: list[list[Token]], tags: list[list[str]], backend: NerBackend,
                   lexicon: "Lexicon | None", consistency: bool, trim: bool, disable: Collection[str],
                   confidence: list[list[float]] | None = None) -> list[Span]:
    """One article's spans from the model's tags: the document post-pass, clitic trimming, non-names."""
    from reader.core.ner.acronyms import whole_acronyms
    from reader.core.ner.clitics import trim_span
    from reader.core.ner.consistency import propagate
    from reader.core.ner.non_names import drop_non_names

    norms: list[list[str]] | None = None
    if consistency or lexicon:
        norms = [[normalise(t.text) for t in toks] for toks in sents]
        tags = propagate(norms, tags, lexicon if lexicon else None, enabled=consistency, disable=disable,
                         confidence=confidence, **name_list_tests(backend))
    spans: list[Span] = []
    for toks, sent_tags in zip(sents, tags):
        spans.extend(iob_to_spans(toks, sent_tags, text))
    if trim and spans:
        vocab = {normalise(t.text) for toks in sents for t in toks}
        known, kinds = _known_names(backend, lexicon), _name_kinds(backend, lexicon)
        items = _coordinated_starts(sents, spans)
        spans = whole_acronyms(text, [trim_span(s, vocab, known, kinds, coordinated=s.start in items) for s in spans])
    return drop_non_names(text, spans) if consistency else spans


def _coordinated_starts(sents: Sequence[Sequence[Token]], spans: Sequence[Span]) -> set[int]:
    """Starts of spans that follow another span, a list comma or a closing bracket directly: the
    next item of a list (X، وY; X وY; X (2011) وY), whose leading و is the conjunction."""
    from reader.core.ner.patterns import LIST_COMMAS

    ends = {s.end for s in spans}
    starts = {s.start for s in spans}
    out: set[int] = set()
    for toks in sents:
        for prev, tok in zip(toks, toks[1:]):
            if tok.start in starts and (prev.end in ends or prev.text in LIST_COMMAS or prev.text == ")"):
                out.add(tok.start)
    return out
