"""God in formulae, currencies and units never become entities; names containing الله stay whole."""
from __future__ import annotations

import pytest

from reader.core.model import Label, Span
from reader.core.ner.non_names import drop_non_names, is_non_name

TEXT = ("قال الخليفة عمر بن الخطاب رضي الله عنه إن الأمر لله، وأعلن عبد الله الحسيني أن الشركة "
        "ربحت 300 مليون دولار و20 مليون يورو، بإذن الله، على مسافة 40 كيلومترا من نصر الله.")


def span(surface: str, label: Label) -> Span:
    start = TEXT.index(surface)
    return Span(start, start + len(surface), label, surface)


@pytest.mark.parametrize(("text", "expected"), [
    ("الله", True), ("لله", True), ("بالله", True), ("إن شاء الله", True), ("رضي الله", True),
    ("دولار", True), ("للدولار", True), ("الريالات", True), ("يورو", True), ("كيلومترا", True),
    ("عبد الله", False), ("نصر الله", False), ("فضل الله الحسيني", False), ("الدولة", False), ("البنك الدولي", False),
])
def test_non_name_words(text: str, expected: bool) -> None:
    assert is_non_name(text) is expected


def test_spans_lose_non_names_and_formula_tails() -> None:
    at = TEXT.index("بإذن الله") + len("بإذن ")
    god = Span(at, at + len("الله"), Label.ORG, "الله")
    spans = [span("عمر بن الخطاب رضي الله عنه", Label.PERS), span("لله", Label.MISC), span("عبد الله الحسيني", Label.PERS),
             span("دولار", Label.MISC), span("يورو", Label.MISC), god, span("نصر الله", Label.PERS)]
    out = drop_non_names(TEXT, spans)
    assert god in spans
    assert [s.text for s in out] == ["عمر بن الخطاب", "عبد الله الحسيني", "نصر الله"]
    assert all(TEXT[s.start:s.end] == s.text for s in out)


def test_the_holy_mosques_inside_the_kings_title_are_no_entity() -> None:
    text = "وأكد لخادم  الحرمين الشريفين أن زوار الحرمين الشريفين في ازدياد، وزار الملك الحرمين."
    first = text.index("الحرمين")
    spans = [Span(first, first + len("الحرمين"), Label.MISC, "الحرمين"),
             Span(text.index("الحرمين", first + 10), text.index("الحرمين", first + 10) + len("الحرمين الشريفين"),
                  Label.LOC, "الحرمين الشريفين"),
             Span(text.rindex("الحرمين"), text.rindex("الحرمين") + len("الحرمين"), Label.LOC, "الحرمين")]
    assert [s.text for s in drop_non_names(text, spans)] == ["الحرمين الشريفين", "الحرمين"]
