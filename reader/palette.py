"""The one place for entity-type colours and names, shared by the article view, the legend and PDFs."""
from __future__ import annotations

from reader.core.model import Label

# Light backgrounds that keep black Arabic text readable, distinct for colour-blind readers
# (blue / orange / green / purple families).
LABEL_COLOURS: dict[Label, str] = {
    Label.PERS: "#9ecbff",
    Label.ORG: "#ffc58a",
    Label.LOC: "#a8e6a1",
    Label.MISC: "#d9c2f0",
}

LABEL_NAMES: dict[str, dict[Label, str]] = {
    "en": {Label.PERS: "Person", Label.ORG: "Organisation", Label.LOC: "Place", Label.MISC: "Other"},
    "ar": {Label.PERS: "شخص", Label.ORG: "منظمة", Label.LOC: "مكان", Label.MISC: "أخرى"},
}
