"""Countries, capitals and nisba adjectives: entities that are *related*, never the same.

الدوحة is the capital of قطر; القطرية is the adjective of قطر; وزارة الخارجية القطرية mentions
it. The entity panel shows these as related links; linking never merges them. The table is
``resources/places/places.tsv`` (sources and licences beside it).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from reader.core.arabic import normalise, strip_article
from reader.resources import resource_path


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    countries: tuple[str, ...]  # keys (normalised, no article)
    capitals: tuple[str, ...]
    nisbas: tuple[str, ...]


def place_key(text: str) -> str:
    """The key places are looked up by: normalised words without the article."""
    return " ".join(strip_article(w) for w in normalise(text).split())


@dataclass(frozen=True, slots=True)
class Places:
    places: tuple[Place, ...]
    country_of: dict[str, str]  # country key → code
    capital_of: dict[str, str]  # capital key → code
    nisba_of: dict[str, str]  # nisba key → code

    def by_code(self, code: str) -> Place:
        return next(p for p in self.places if p.code == code)

    def words(self) -> frozenset[str]:
        """Every single-word place name: evidence for clitic stripping (وقطر = و + قطر)."""
        return frozenset(k for d in (self.country_of, self.capital_of) for k in d if " " not in k)


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """:meth:`Places.words` of the shipped table, made once (linking asks for each place word)."""
    return places().words()


@lru_cache(maxsize=1)
def places() -> Places:
    items: list[Place] = []
    with open(resource_path("places", "places.tsv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            def keys(col: str) -> tuple[str, ...]:
                return tuple(dict.fromkeys(place_key(x) for x in row[col].split("|") if x.strip()))
            items.append(Place(row["code"], keys("country"), keys("capital"), keys("nisba")))
    country_of: dict[str, str] = {}
    capital_of: dict[str, str] = {}
    nisba_of: dict[str, str] = {}
    for p in items:
        for k in p.countries:
            country_of.setdefault(k, p.code)
        for k in p.capitals:
            capital_of.setdefault(k, p.code)
        for k in p.nisbas:
            nisba_of.setdefault(k, p.code)
    return Places(tuple(items), country_of, capital_of, nisba_of)


# Relation kinds, phrased from the point of view of the entity shown in the panel.
CAPITAL_OF = "capital of"          # shown: الدوحة, related: قطر
HAS_CAPITAL = "has capital"        # shown: قطر, related: الدوحة
ADJECTIVE_OF = "adjective of"      # shown: القطرية, related: قطر
HAS_ADJECTIVE = "named by the adjective"  # shown: قطر, related: وزارة الخارجية القطرية
SAME_COUNTRY = "same country"      # shown: وزارة الخارجية القطرية, related: قطر


def country_links(key: str) -> list[tuple[str, str]]:
    """(relation, country code) of an entity key: what country it is, is the capital of, or names by adjective."""
    p = places()
    out: list[tuple[str, str]] = []
    if key in p.country_of:
        out.append(("country", p.country_of[key]))
    if key in p.capital_of:
        out.append(("capital", p.capital_of[key]))
    words = key.split()
    if len(words) == 1 and key in p.nisba_of:
        out.append(("nisba", p.nisba_of[key]))
    elif len(words) > 1:
        for w in words:
            if w in p.nisba_of:
                out.append(("adjective", p.nisba_of[w]))
    return out


def related(key_a: str, key_b: str) -> str:
    """How ``key_b`` relates to ``key_a`` (one of the relation constants), or "" when unrelated or equal."""
    if key_a == key_b:
        return ""
    a, b = country_links(key_a), country_links(key_b)
    for kind_a, code_a in a:
        for kind_b, code_b in b:
            if code_a != code_b:
                continue
            if kind_a == "capital" and kind_b == "country":
                return CAPITAL_OF
            if kind_a == "country" and kind_b == "capital":
                return HAS_CAPITAL
            if kind_a == "nisba" and kind_b == "country":
                return ADJECTIVE_OF
            if kind_a == "country" and kind_b in ("nisba", "adjective"):
                return HAS_ADJECTIVE
            if kind_a == "adjective" and kind_b == "country":
                return SAME_COUNTRY
    return ""


def related_candidates(key: str) -> set[str]:
    """Keys that may be related to ``key`` (to query the library with), before :func:`related` checks them."""
    p = places()
    out: set[str] = set()
    for _, code in country_links(key):
        place = p.by_code(code)
        out.update(place.countries, place.capitals, place.nisbas)
    out.discard(key)
    return out
