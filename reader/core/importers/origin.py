"""Where a scraped page says it comes from: its URL, and the outlet named in a dateline.

A ``.txt`` page carries no metadata, but many say where they come from: the address of the
page in its header or footer (``https://www.example.ly/news/123``), or an agency dateline
opening the story («أوج – طرابلس», «الرياض - واس», «عين اليوم – متابعات»). A dateline has a
place on one side and the outlet on the other; the side that is a listed country or capital
(or a desk word such as متابعات) is not the outlet. Nothing is guessed when both sides could
be places or neither is: an empty outlet is better than a wrong one.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from reader.core.arabic import normalise

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»]+", re.I)
_EDGE_LINES = 5  # lines at the top and the bottom of a page where its own address is printed
_DATELINE_RE = re.compile(r"^(?P<a>[^\s–—\-:|/][^–—\-:|/]{0,30}?)\s+[–—-]\s+(?P<b>[^–—\-:|/]{1,30}?)[.:]?$")
_DATELINE_MAX_WORDS = 5
# Words naming a newsroom's desk, not an outlet: "follow-ups", "agencies", "exclusive", "correspondents".
_DESK_WORDS = frozenset(normalise(w) for w in ("متابعات", "وكالات", "خاص", "مراسلون", "مراسلنا", "المحرر"))


@dataclass(frozen=True, slots=True)
class Origin:
    url: str = ""
    outlet: str = ""


def page_origin(lines: Sequence[str], body: Sequence[str]) -> Origin:
    """The page's URL (from its first or last lines) and outlet (its site, else a dateline at the
    top of the ``body`` lines)."""
    url = _page_url(lines)
    outlet = _host(url) if url else ""
    return Origin(url, outlet or _dateline_outlet(body))


def _page_url(lines: Sequence[str]) -> str:
    filled = [line for line in lines if line.strip()]
    for line in [*filled[:_EDGE_LINES], *filled[-_EDGE_LINES:]]:
        m = _URL_RE.search(line)
        if m:
            url = m.group(0).rstrip(".,;)»")
            return url if url.lower().startswith("http") else "https://" + url
    return ""


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def _dateline_outlet(body: Sequence[str]) -> str:
    first = next((line.strip() for line in body if line.strip()), "")
    if len(first.split()) > _DATELINE_MAX_WORDS:
        return ""
    m = _DATELINE_RE.match(first)
    if m is None:
        return ""
    a, b = m.group("a").strip(), m.group("b").strip()
    a_place, b_place = _not_outlet(a), _not_outlet(b)
    if a_place == b_place:
        return ""
    return b if a_place else a


def _not_outlet(side: str) -> bool:
    """A listed country or capital, or a desk word: the side of a dateline that is no outlet."""
    from reader.core.places import place_key, places

    key = place_key(side)
    table = places()
    return key in table.country_of or key in table.capital_of or normalise(side) in _DESK_WORDS
