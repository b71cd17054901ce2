"""Main text and metadata of saved news pages."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.core.importers import read_file
from reader.core.importers.html import MAX_DEPTH, declared_charset, parse
from reader.core.model import Document, ImportFailure

P1 = "قالت الوزارة في بيان إن المشروع سيكتمل خلال عامين، وإن تكلفته تبلغ مليار ريال."
P2 = "وأضاف البيان أن العمل سيبدأ الشهر المقبل بمشاركة عدد من الشركات المحلية."

PAGE = f"""<!doctype html>
<html lang="ar" dir="rtl"><head>
<meta charset="utf-8">
<title>افتتاح مشروع جديد في الرياض | صحيفة الأخبار</title>
<meta property="og:site_name" content="صحيفة الأخبار">
<meta property="og:title" content="افتتاح مشروع جديد في الرياض">
<meta property="article:published_time" content="2020-10-29T10:15:00+03:00">
<meta name="author" content="سارة أحمد">
<link rel="canonical" href="https://news.example/a/42">
<script>var tracking = "نص سكربت";</script>
<style>p {{ color: red }}</style>
</head><body>
<header><nav><a href="/">الرئيسية</a> <a href="/s">رياضة</a></nav><h1 class="logo">صحيفة الأخبار</h1></header>
<div class="layout has-sidebar">
 <article>
  <header><h1>افتتاح مشروع جديد في الرياض</h1><time datetime="2019-01-01">قديم</time></header>
  <div class="share-bar">شارك فيسبوك تويتر</div>
  <p>{P1}</p>
  <!-- تعليق مخفي لا يظهر -->
  <p>{P2.replace(" الشهر", "<br> الشهر")}</p>
  <iframe src="https://video.example">إطار فيديو</iframe>
  <ul><li>بند أول</li><li>بند <b>ثان</b></li></ul>
  <table><tr><td>خلية</td><td>أخرى</td></tr></table>
  <div class="related-posts"><h3>مقالات ذات صلة</h3><a href="/b">خبر آخر</a></div>
  <form>اترك رد <input value="الاسم"></form>
 </article>
 <aside>الأكثر قراءة</aside>
</div>
<footer>جميع الحقوق محفوظة</footer>
</body></html>"""


def test_main_text_without_chrome() -> None:
    page = parse(PAGE)
    lines = [line for line in page.text.split("\n") if line]
    assert P1 in lines
    assert "وأضاف البيان أن العمل سيبدأ" in lines[lines.index(P1) + 1]
    assert "الشهر المقبل بمشاركة عدد من الشركات المحلية." in lines  # <br> starts a line
    assert "بند أول" in lines and "بند ثان" in lines
    assert "خلية أخرى" in lines
    for junk in ("نص سكربت", "color", "الرئيسية", "رياضة", "شارك فيسبوك", "تعليق مخفي", "إطار فيديو",
                 "خبر آخر", "اترك رد", "الأكثر قراءة", "جميع الحقوق", "صحيفة الأخبار"):
        assert junk not in page.text, junk


def test_metadata() -> None:
    page = parse(PAGE)
    assert page.title == "افتتاح مشروع جديد في الرياض"
    assert page.date == "2020-10-29T10:15:00"  # the meta tag, before <time>
    assert page.outlet == "صحيفة الأخبار"
    assert page.url == "https://news.example/a/42"
    assert page.author == "سارة أحمد"


def test_html_file_to_document(tmp_path: Path) -> None:
    path = tmp_path / "page.HTM"
    path.write_text(PAGE, encoding="utf-8")
    (doc,) = read_file(path)
    assert isinstance(doc, Document)
    assert doc.format == "html" and doc.raw == PAGE
    assert doc.title == "افتتاح مشروع جديد في الرياض"
    assert doc.text.split("\n")[0] == P1  # the <h1> is the title, not body; the stray <time> text neither
    assert doc.outlet == "صحيفة الأخبار" and doc.date == "2020-10-29T10:15:00"


@pytest.mark.parametrize("title_tag, h1, expected", [
    ("عنوان الخبر | الموقع", "عنوان الخبر", "عنوان الخبر"),
    ("عنوان الخبر - الموقع", "", "عنوان الخبر"),
    ("الموقع | عنوان الخبر الطويل", "", "عنوان الخبر الطويل"),  # og:site_name names the prefix
    ("عنوان الخبر", "", "عنوان الخبر"),
    ("الموقع", "عنوان الخبر", "عنوان الخبر"),
    ("السعودية - الإمارات: اتفاق على تعزيز التعاون الاقتصادي بين البلدين", "",
     "السعودية - الإمارات: اتفاق على تعزيز التعاون الاقتصادي بين البلدين"),
])
def test_title_choice(title_tag: str, h1: str, expected: str) -> None:
    html = (f'<html><head><title>{title_tag}</title><meta property="og:site_name" content="الموقع">'
            f"</head><body><h1>{h1}</h1><p>{P1}</p></body></html>")
    assert parse(html).title == expected


def test_time_and_json_ld_fallbacks() -> None:
    html = (f'<html><body><article><time datetime="2021-01-03T08:00:00Z">3 يناير</time><p>{P1}</p>'
            "</article></body></html>")
    assert parse(html).date == "2021-01-03T08:00:00"
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
          '"headline": "عنوان من البيانات", "datePublished": "2022-05-01", "author": [{"name": "أ"}, {"name": "ب"}],'
          '"publisher": {"name": "ناشر"}}]}</script>')
    page = parse(f"<html><head>{ld}</head><body><p>{P1}</p></body></html>")
    assert (page.title, page.date, page.author, page.outlet) == ("عنوان من البيانات", "2022-05-01", "أ, ب", "ناشر")


def test_no_article_element_takes_the_densest_paragraph_block() -> None:
    html = (f"<body><div id='menu'><p>قائمة</p></div><div id='content'><p>{P1}</p><p>{P2}</p></div>"
            "<div><p>تذييل</p></div></body>")
    assert parse(html).text.strip().split("\n\n") == [P1, P2]


def test_broken_html() -> None:
    html = f"<p>{P1}<div><b>نص <i>مائل</p></td><table><tr><td>خلية<p>{P2}"
    text = parse(html).text
    assert P1 in text and P2 in text and "نص مائل" in text


def test_deeply_nested_html_is_fast_and_does_not_recurse() -> None:
    deep = "<div>" * 100_000 + P1 + "</div>" * 100_000
    start = time.perf_counter()
    page = parse(deep)
    assert time.perf_counter() - start < 5
    assert page.text.strip() == P1


def test_nesting_below_the_guard_uses_the_tree() -> None:
    nested = "<html><head><title>عنوان</title></head><body>" + "<div>" * (MAX_DEPTH - 10) + f"<p>{P1}</p>"
    page = parse(nested)
    assert page.title == "عنوان" and page.text.strip() == P1


def test_declared_charset_windows_1256(tmp_path: Path) -> None:
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
            f"<title>عنوان الخبر</title></head><body><p>{P1}</p></body></html>")
    data = html.encode("windows-1256")
    assert declared_charset(data) == "windows-1256"
    path = tmp_path / "legacy.html"
    path.write_bytes(data)
    (doc,) = read_file(path)
    assert isinstance(doc, Document)
    assert (doc.title, doc.text) == ("عنوان الخبر", P1)


def test_page_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>عنوان</title><script>x()</script></head><body><nav>قائمة</nav></body></html>")
    assert list(read_file(path)) == [ImportFailure(str(path.resolve()), "empty article")]


def test_page_without_a_headline_keeps_its_first_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "bare.html"
    path.write_text(f"<p>{P1}</p>", encoding="utf-8")
    (doc,) = read_file(path)
    assert isinstance(doc, Document)
    assert doc.text == P1
    assert doc.title == " ".join(P1.split()[:12]) + " …"
