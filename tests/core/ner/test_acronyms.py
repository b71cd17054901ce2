"""A name spelled in dotted letters is one mention (``acronyms.py``)."""
from __future__ import annotations

from reader.core.model import Label, Span
from reader.core.ner.acronyms import whole_acronyms


def span(text: str, surface: str, label: Label = Label.ORG, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Span(start, start + len(surface), label, surface)


def test_a_piece_of_a_dotted_acronym_takes_the_whole_of_it() -> None:
    text = "وقالت قناة زي.إف.كيه إن مراسلها وصل إلى كرمستان.الوفد غادر أمس."
    got = whole_acronyms(text, [span(text, "إف"), span(text, "كيه"), span(text, "كرمستان", Label.LOC)])
    assert [(s.text, s.label) for s in got] == [("زي.إف.كيه", Label.ORG), ("كرمستان", Label.LOC)]
    for s in got:
        assert text[s.start:s.end] == s.text
    # a whole acronym stays as it is; a town before a missing space is no acronym
    assert whole_acronyms(text, [span(text, "زي.إف.كيه")]) == [span(text, "زي.إف.كيه")]


def test_a_sentence_run_on_after_an_acronym_is_not_part_of_it() -> None:
    text = "وأعلنت شركة زي.إف.كيه.ولم تذكر السبب."
    got = whole_acronyms(text, [span(text, "زي")])
    assert [s.text for s in got] == ["زي.إف.كيه"]
