"""Names in an article's title.

The title is not analysed (mentions are offsets into the article's text, and a headline is too
short and too telegraphic for the tagger), but a reader expects the names in it highlighted like
the body's. The names the body holds are found in the title by their words, clitics allowed
(دور لزاهر where the body names زاهر), longest first, and shown with the body mention's type.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reader.core.arabic import normalise, proclitic_splits, tokenize
from reader.core.store.records import MentionRecord


def _form(text: str) -> tuple[str, ...]:
    return tuple(normalise(t.text) for t in tokenize(text) if t.text[0].isalnum())


def _readings(norm: str) -> set[str]:
    """What a title word may be without its proclitics: itself, و/ف + ب/ك/ل off, لل for ال."""
    out = {norm, *proclitic_splits(norm)}
    for w in list(out):
        if w.startswith("لل") and len(w) > 4:
            out.add("ال" + w[2:])
    return out


def _clitics(word: str, surface: str) -> int:
    """How many leading letters of the title's ``word`` are clitics before the mention's first
    word as the body writes it (لزاهر before زاهر: 1), so the highlight starts where the body's does."""
    first = normalise(surface.split()[0]) if surface.split() else ""
    norm = normalise(word)
    if first and len(norm) == len(word) and len(norm) > len(first) and norm.endswith(first):
        return len(norm) - len(first)
    return 0


def title_mentions(title: str, mentions: Sequence[MentionRecord]) -> list[MentionRecord]:
    """The body's mentions found again in ``title``, as records whose offsets are the title's."""
    by_first: dict[str, list[tuple[tuple[str, ...], MentionRecord]]] = {}
    for m in mentions:
        form = _form(m.text)
        if form and all(len(w) >= 2 for w in form):
            by_first.setdefault(form[0], []).append((form, m))
    words = [t for t in tokenize(title) if t.text[0].isalnum()]
    norms = [normalise(t.text) for t in words]
    out: list[MentionRecord] = []
    i = 0
    while i < len(words):
        candidates = sorted((fm for r in _readings(norms[i]) for fm in by_first.get(r, ())), key=lambda fm: -len(fm[0]))
        for form, m in candidates:
            j = i + len(form)
            if tuple(norms[i + 1:j]) == form[1:] and j <= len(words) and not any(
                    title[words[k].end:words[k + 1].start].strip() for k in range(i, j - 1)):
                start, end = words[i].start + _clitics(words[i].text, m.text), words[j - 1].end
                out.append(replace(m, start=start, end=end, text=title[start:end]))
                i = j
                break
        else:
            i += 1
    return out
