"""The rich-text builder shared by the article view and the PDFs (reader.export.html)."""
from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextDocument

from reader.core.model import Label
from reader.core.store.records import MentionRecord
from reader.export.html import article_body_html, entity_href, parse_entity_href
from reader.palette import LABEL_COLOURS

TEXT = "التقى محمد بن سلمان في الرياض ممثلي الأمم المتحدة.\nوقال إن <script>alert(1)</script> & \"كلام\" ليس خبرا."


def mention(mid: int, text: str, part: str, label: Label, entity: int | None = None, occurrence: int = 0) -> MentionRecord:
    start = [m.start() for m in re.finditer(re.escape(part), text)][occurrence]
    return MentionRecord(mid, 1, start, start + len(part), part, label, entity, "model")


MENTIONS = [
    mention(1, TEXT, "محمد بن سلمان", Label.PERS, 10),
    mention(2, TEXT, "الرياض", Label.LOC, 11),
    mention(3, TEXT, "الأمم المتحدة", Label.ORG, None),
]


def plain(html: str) -> str:
    """What Qt shows for the HTML: the check that nothing in the text became markup."""
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def test_text_is_escaped(qapp) -> None:  # type: ignore[no-untyped-def]
    html = article_body_html(TEXT, MENTIONS)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;كلام&quot;" in html
    assert plain(html) == TEXT


def test_mentions_are_coloured_links(qapp) -> None:  # type: ignore[no-untyped-def]
    html = article_body_html(TEXT, MENTIONS, tooltips={1: 'ولي العهد "السعودي" <b>'})
    for m in MENTIONS:
        assert f'href="{entity_href(m)}"' in html
        assert re.search(rf'background-color:{LABEL_COLOURS[m.label]};[^>]*>{m.text}</a>', html)
    assert 'title="ولي العهد &quot;السعودي&quot; &lt;b&gt;"' in html
    assert html.count("<a ") == 3
    assert plain(html) == TEXT


def test_without_links_spans_only() -> None:
    html = article_body_html(TEXT, MENTIONS, links=False)
    assert "<a " not in html and "href" not in html
    assert html.count(f'<span style="background-color:{LABEL_COLOURS[Label.PERS]};">محمد بن سلمان</span>') == 1


def test_hidden_labels_are_plain_text() -> None:
    html = article_body_html(TEXT, MENTIONS, hidden={Label.LOC, Label.ORG})
    assert LABEL_COLOURS[Label.LOC] not in html and LABEL_COLOURS[Label.ORG] not in html
    assert LABEL_COLOURS[Label.PERS] in html
    assert "في الرياض ممثلي الأمم المتحدة." in html
    assert html.count("<a ") == 1


def test_overlapping_spans_first_longest_wins(qapp) -> None:  # type: ignore[no-untyped-def]
    text = "زار رئيس الوزراء المصري القاهرة"
    outer = mention(1, text, "رئيس الوزراء المصري", Label.PERS)
    inner = mention(2, text, "المصري", Label.MISC)
    same_start = mention(3, text, "رئيس", Label.ORG)
    after = mention(4, text, "القاهرة", Label.LOC)
    html = article_body_html(text, [inner, after, same_start, outer])
    assert html.count("<a ") == 2
    assert ">رئيس الوزراء المصري</a>" in html and ">القاهرة</a>" in html
    assert LABEL_COLOURS[Label.MISC] not in html and LABEL_COLOURS[Label.ORG] not in html
    assert plain(html) == text


def test_mentions_past_the_text_are_skipped() -> None:
    text = "قطر"
    html = article_body_html(text, [MentionRecord(1, 1, 0, 9, "قطر ومصر", Label.LOC, 1, "model")])
    assert "<a " not in html and "قطر" in html


def test_paragraphs(qapp) -> None:  # type: ignore[no-untyped-def]
    text = "الفقرة الأولى عن عمان.\n\nالفقرة الثانية.\nالثالثة عن عمان"
    ms = [mention(1, text, "عمان", Label.LOC, 5), mention(2, text, "عمان", Label.LOC, 5, occurrence=1)]
    html = article_body_html(text, ms)
    paragraphs = re.findall(r"<p dir=\"rtl\">(.*?)</p>", html)
    assert len(paragraphs) == 3  # empty lines make no empty paragraphs
    assert paragraphs[1] == "الفقرة الثانية."
    assert all("عمان</a>" in p for p in (paragraphs[0], paragraphs[2]))
    assert plain(html).split("\n") == ["الفقرة الأولى عن عمان.", "الفقرة الثانية.", "الثالثة عن عمان"]
    assert '<p dir="ltr">' in article_body_html("Amman talks", [], rtl=False)
    assert article_body_html("", []) == ""


def test_astral_characters_before_mentions(qapp) -> None:  # type: ignore[no-untyped-def]
    """Offsets are code points: an emoji (two UTF-16 units) must not shift the highlight."""
    text = "😀🇶🇦 وصل أمير قطر إلى باريس"
    ms = [mention(1, text, "قطر", Label.LOC, 1), mention(2, text, "باريس", Label.LOC, 2)]
    html = article_body_html(text, ms)
    assert ">قطر</a>" in html and ">باريس</a>" in html
    assert plain(html) == text


@pytest.mark.parametrize(("href", "parsed"), [
    ("entity:42:7", (42, 7)),
    ("entity:0:7", (None, 7)),
    ("entity:42", None),
    ("entity:42:7:1", None),
    ("entity:-1:7", None),
    ("entity:x:7", None),
    ("entity::7", None),
    ("entity:\u00b2:7", None),  # a digit to str.isdigit, not to int()
    ("https://example.com/", None),
    ("javascript:alert(1)", None),
    ("", None),
])
def test_parse_entity_href(href: str, parsed: tuple[int | None, int] | None) -> None:
    assert parse_entity_href(href) == parsed


def test_entity_href_round_trip() -> None:
    linked = MentionRecord(7, 1, 0, 3, "قطر", Label.LOC, 42, "model")
    unlinked = MentionRecord(8, 1, 0, 3, "قطر", Label.LOC, None, "model")
    assert entity_href(linked) == "entity:42:7"
    assert parse_entity_href(entity_href(linked)) == (42, 7)
    assert parse_entity_href(entity_href(unlinked)) == (None, 8)


def test_an_entity_link_escapes_its_name_and_parses_back() -> None:
    from reader.export.html import entity_link

    link = entity_link(12, "<b>شركة «أ & ب»</b>")
    assert link == '<a href="entity:12:0">\u2068&lt;b&gt;شركة\u00a0«أ\u00a0&amp;\u00a0ب»&lt;/b&gt;\u2069</a>'
    assert parse_entity_href("entity:12:0") == (12, 0)
