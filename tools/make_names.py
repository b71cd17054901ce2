#!/usr/bin/env python3
"""Build resources/names/{given_names,titles}.txt from the GATE Arabic gazetteer lists (LGPL-3.0).

Given names let linking tell a clitic from a name's first letter (لخليفة = ل + خليفة); titles are
role words that precede names and are dropped from people's keys. One normalised word or phrase a
line (reader.core.arabic.normalise: no diacritics, ا for أ/إ/آ, ي for ى, ه for ة).

usage: python tools/make_names.py [path/to/gate_arabic]
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from reader.core.arabic import normalise  # noqa: E402

DEFAULT = REPO.parent / "shared" / "data" / "gazetteers" / "gate_arabic"
OUT = REPO / "resources" / "names"
# Entries of titles.lst that are also ordinary parts of names or of bodies' names: kinship (بن
# ابن: linking's own rule handles them), groups (عائلة قبيلة), and nouns heading organisations.
NOT_TITLES = {"ابن", "بن", "عائله", "قبيله", "عشيره", "فخذ", "الفخذ", "بطن", "البطن", "حكم", "الحكم", "عالم",
              "العالم", "فريق", "الفريق", "مدرسه", "المدرسه", "الممثليه", "نجم", "النجم", "بطل", "البطل", "د.", "حرم",
              "الفائز", "الفائزه"}  # فائز (Fayez) is a given name


# Titles the GATE list lacks: the Saudi king's honorific (a title of several words); the lower
# military ranks, alone and with «أول» ("first": العريف أول, الملازم أول), which the model tags
# as a person before the soldier's name or alone.
EXTRA_TITLES = {"خادم الحرمين الشريفين", "عريف", "العريف", "رقيب", "الرقيب", "عريف اول", "العريف اول", "رقيب اول",
                "الرقيب اول", "ملازم اول", "الملازم اول", "نقيب اول", "جندي اول", "الجندي اول"}


def read(path: Path) -> list[str]:
    return [normalise(line.strip().lstrip("\ufeff")) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    given = sorted({w for f in ("male_names.lst", "female_names.lst") for w in read(src / f) if " " not in w and len(w) > 2})
    titles = sorted({w for w in read(src / "titles.lst") if w not in NOT_TITLES and len(w) > 1} | EXTRA_TITLES)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "given_names.txt").write_text("\n".join(given) + "\n", encoding="utf-8")
    (OUT / "titles.txt").write_text("\n".join(titles) + "\n", encoding="utf-8")
    print(f"{len(given)} given names, {len(titles)} titles")


if __name__ == "__main__":
    main()
