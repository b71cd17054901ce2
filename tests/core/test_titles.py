"""Names of the body found again in the title (reader/core/titles.py)."""
from __future__ import annotations

from reader.core.model import Label
from reader.core.store.records import MentionRecord
from reader.core.titles import title_mentions
from reader.export.html import title_html


def mention(i: int, text: str, label: Label) -> MentionRecord:
    return MentionRecord(i, 1, 0, len(text), text, label, 100 + i, "model")


BODY = [mention(1, "زاهر", Label.PERS), mention(2, "كرمستان", Label.LOC), mention(3, "منصور زاهر", Label.PERS),
        mention(4, "بيروت", Label.LOC)]


def test_body_names_are_found_in_the_title_with_clitics_longest_first() -> None:
    title = "كرمستان ترفض أي دور لزاهر ولمنصور زاهر في بيروت"
    got = [(title[m.start:m.end], m.label, m.id) for m in title_mentions(title, BODY)]
    assert got == [("كرمستان", Label.LOC, 2), ("زاهر", Label.PERS, 1), ("منصور زاهر", Label.PERS, 3),
                   ("بيروت", Label.LOC, 4)]


def test_words_apart_or_part_of_another_word_are_not_a_name() -> None:
    title = "منصور، زاهر يزور كرمستانيين"
    got = [title[m.start:m.end] for m in title_mentions(title, BODY)]
    assert got == ["زاهر"]


def test_the_title_stays_text_when_it_becomes_rich_text() -> None:
    title = "<b>كرمستان</b> & بيروت"
    html = title_html(title, title_mentions(title, BODY), hidden=[Label.LOC])
    assert html == "&lt;b&gt;كرمستان&lt;/b&gt; &amp; بيروت"
    shown = title_html(title, title_mentions(title, BODY))
    assert shown.count("<span") == 2 and "&lt;b&gt;" in shown
