"""Outlets' display names: a library keeps the outlet field an article came with (a domain, a
site code such as ``okaz``, an agency's abbreviation), and the reader shows the outlet's name
in the user's language (``resources/outlets/outlets.tsv``). Data, not rules: an outlet the
table does not know is shown as it is stored."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from reader.resources import resource_path


@dataclass(frozen=True, slots=True)
class OutletName:
    arabic: str
    latin: str
    kind: str = ""  # "agency" for news agencies; papers, channels and sites: ""
    # the other names the press gives it (وكالة الأنباء السعودية for واس); "~" before a name that
    # is also a word, a given name or a place (الأناضول, فارس, قنا): the outlet only where the
    # text names a body
    other: tuple[str, ...] = ()


_SCHEME = re.compile(r"^[a-z]+://")
# the suffixes a site's domain ends in, longest first (aawsat.com, okaz.com.sa, petra.gov.jo)
_SUFFIX = re.compile(r"(\.(com|net|org|gov|edu|co|info|news))?(\.[a-z]{2})?$")


def _key(outlet: str) -> str:
    k = _SCHEME.sub("", outlet.strip().lower()).rstrip("/")
    return k[4:] if k.startswith("www.") else k


@lru_cache(maxsize=1)
def _table() -> dict[str, OutletName]:
    try:
        with resource_path("outlets", "outlets.tsv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except OSError:
        return {}
    out: dict[str, OutletName] = {}
    for row in rows:
        other = tuple(n.strip() for n in (row.get("other") or "").split("|") if n.strip())
        name = OutletName(row["arabic"].strip(), row["latin"].strip(), (row.get("kind") or "").strip(), other)
        for key in row["keys"].split(","):
            if key.strip():
                out.setdefault(_key(key), name)
    return out


def outlet_name(outlet: str) -> OutletName | None:
    """The outlet's names when the table knows the stored field, else None."""
    if not outlet.strip():
        return None
    table = _table()
    key = _key(outlet)
    found = table.get(key)
    if found is None and "." in key and "/" not in key:
        found = table.get(_SUFFIX.sub("", key, count=1))  # alriyadh.com → alriyadh
    return found


def outlet_names(agencies: bool = True) -> frozenset[str]:
    """The Arabic names of the outlets the table knows: how a text names them (لـ«الرياض»);
    without the news agencies' if ``agencies`` is false."""
    return frozenset(name.arabic for name in _table().values() if name.arabic and (agencies or name.kind != "agency"))


def agencies() -> tuple[OutletName, ...]:
    """The news agencies the table knows, each once."""
    return tuple(dict.fromkeys(name for name in _table().values() if name.kind == "agency"))


def display_outlet(outlet: str, arabic: bool) -> str:
    """What the reader shows for a stored outlet field, in Arabic or Latin script."""
    name = outlet_name(outlet)
    if name is None:
        return outlet
    return name.arabic if arabic else name.latin
