"""Where a scraped page says it comes from: its address, or the outlet of an agency dateline."""
from __future__ import annotations

import pytest

from reader.core.importers.formats import read_single
from reader.core.importers.origin import page_origin


@pytest.mark.parametrize(("first_line", "outlet"), [
    ("الرياض - واس", "واس"),  # place – agency
    ("وكالة الأنباء الأردنية – عمان", "وكالة الأنباء الأردنية"),  # agency – capital
    ("عين اليوم – متابعات", "عين اليوم"),  # site – desk
    ("جدة – واس", ""),  # an unlisted town: which side is the outlet is not known
    ("القاهرة - بيروت", ""),  # two places
    ("قال الوزير – في بيان – إن المحادثات مستمرة", ""),  # a sentence, not a dateline
])
def test_dateline_outlet(first_line: str, outlet: str) -> None:
    assert page_origin([], [first_line, "قال المتحدث إن الاجتماع انتهى."]).outlet == outlet


def test_the_pages_own_address_names_its_site() -> None:
    lines = ["عنوان الخبر", "نص الخبر.", "رابط الخبر: https://www.example-news.ly/politics/2020/10/123?ref=x"]
    origin = page_origin(lines, ["نص الخبر."])
    assert origin.url == "https://www.example-news.ly/politics/2020/10/123?ref=x"
    assert origin.outlet == "example-news.ly"
    # an address quoted in the middle of a long story is not the page's own
    middle = ["عنوان", *["فقرة من الخبر."] * 6, "زوروا www.other.org للمزيد", *["فقرة أخرى."] * 6]
    assert page_origin(middle, ["فقرة من الخبر."]).url == ""


def test_a_text_file_gets_outlet_and_url_from_what_it_says() -> None:
    page = "اجتماع وزاري في عمان\n\nعمان – بترا\nبحث وزير الخارجية اليوم مع نظيره سبل التعاون.\n\nwww.petra.gov.jo\n"
    doc = read_single(page.encode("utf-8"), "/news/a.txt", ".txt")
    assert doc.outlet == "petra.gov.jo" and doc.url == "https://www.petra.gov.jo"  # the site first
    doc = read_single(page.replace("www.petra.gov.jo\n", "").encode("utf-8"), "/news/b.txt", ".txt")
    assert doc.outlet == "بترا" and doc.url == ""
