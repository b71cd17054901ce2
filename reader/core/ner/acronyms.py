"""A name spelled in dotted letters is one mention.

The tokeniser cuts «بي.بي.سي» or «إيه.إم.دي» at its dots, and a tagger names a piece of it
(«بي», «سي»): such a piece became an entity of its own, a letter, in a library. A span that
starts or ends inside such an acronym (letter groups of at most three letters joined by dots)
takes the whole acronym; of spans that then cover the same acronym, the first stays.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from reader.core.model import Span

__all__ = ["whole_acronyms"]

# Two or more groups of one to three letters joined by dots: بي.بي.سي, إف.بي.آي, A.F.P; a group
# after a dot never starts with و but for واي (Y): «دي.ولم» is a sentence run on without a space.
_GROUP = r"[^\W\d_]{1,3}"
_ACRONYM_RE = re.compile(rf"(?<![\w.]){_GROUP}(?:\.(?!و(?!اي)){_GROUP})+(?![\w])")


def whole_acronyms(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans``, each widened to the dotted acronym it cuts into (offsets stay exact)."""
    if not spans or "." not in text:
        return list(spans)
    found = [(m.start(), m.end()) for m in _ACRONYM_RE.finditer(text)]
    if not found:
        return list(spans)
    out: list[Span] = []
    for s in spans:
        start, end = s.start, s.end
        for a, b in found:
            if a < end and start < b and (start > a or end < b):
                start, end = min(start, a), max(end, b)
        if (start, end) != (s.start, s.end):
            if any(o.start < end and start < o.end for o in out):
                continue  # another piece of the same acronym took it already
            s = replace(s, start=start, end=end, text=text[start:end])
        out.append(s)
    return out
