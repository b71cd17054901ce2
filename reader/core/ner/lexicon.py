"""The user's lexicon: names the user marked or confirmed, recognised in every article.

The corrections code stores what the user confirms; it hands this module plain
``(surface, label)`` pairs and gets back a matcher that ``find_spans`` applies to any text:

    lexicon = Lexicon.from_entries([("إيمانويل ماكرون", "PERS"), ("حلف الناتو", Label.ORG)])
    spans = find_spans(text, backend, lexicon=lexicon)

Entries match on normalisation keys (أ/إ/آ, ى/ي, ة/ه and diacritics do not matter), and the
first word may carry proclitics in the text (وماكرون, لماكرون). A ``None`` label marks a
surface the user rejected: model spans with exactly that text are dropped.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from reader.core.arabic import normalise, tokenize
from reader.core.model import Label
from reader.core.ner.gazetteer import word_keys

__all__ = ["Lexicon", "LexiconMatch"]

# (first token index, end token index (exclusive), label or None for "not an entity")
LexiconMatch = tuple[int, int, Label | None]


def _key(surface: str) -> tuple[str, ...]:
    return tuple(normalise(t.text) for t in tokenize(surface))


class Lexicon:
    """Known surfaces by the key of their first word, matched longest first."""

    __slots__ = ("_first", "_size")

    def __init__(self) -> None:
        self._first: dict[str, list[tuple[tuple[str, ...], Label | None]]] = {}
        self._size = 0

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, Label | str | None]]) -> "Lexicon":
        """A lexicon from ``(surface, label)`` pairs; a later pair for the same surface wins."""
        lex = cls()
        for surface, label in entries:
            lex.add(surface, label)
        return lex

    def add(self, surface: str, label: Label | str | None) -> None:
        key = _key(surface)
        if not key or not any(len(k) >= 2 for k in key):
            return  # punctuation or a single letter: never a name worth forcing everywhere
        lab = Label.parse(label) if isinstance(label, str) else label
        bucket = self._first.setdefault(key[0], [])
        for i, (rest, _) in enumerate(bucket):
            if rest == key[1:]:
                bucket[i] = (rest, lab)
                return
        bucket.append((key[1:], lab))
        bucket.sort(key=lambda e: -len(e[0]))  # longest entry first
        self._size += 1

    def __len__(self) -> int:
        return self._size

    def starts_with(self, norm: str) -> bool:
        """Whether some entry starts with the normalised word ``norm`` (exactly, no clitics)."""
        return norm in self._first

    def __bool__(self) -> bool:
        return self._size > 0

    def match(self, norms: Sequence[str]) -> list[LexiconMatch]:
        """Non-overlapping matches in one sentence of normalised tokens, leftmost-longest."""
        out: list[LexiconMatch] = []
        first = self._first
        n = len(norms)
        i = 0
        while i < n:
            best: LexiconMatch | None = None
            for k in word_keys(norms[i]):
                for rest, lab in first.get(k, ()):
                    j = i + 1 + len(rest)
                    if j <= n and (not rest or tuple(norms[i + 1:j]) == rest) and (best is None or j > best[1]):
                        best = (i, j, lab)
                        break  # entries are sorted longest first
            if best is None:
                i += 1
            else:
                out.append(best)
                i = best[1]
        return out
