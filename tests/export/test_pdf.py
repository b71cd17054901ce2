"""Highlighted PDF export: pages, Arabic text that comes back out of the PDF, highlight colours, CLI."""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QColor, QImage

from reader.core.model import Document, Label
from reader.core.store import Library
from reader.export.html import article_body_html
from reader.export.pdf import entity_index, export_pdf, format_date, write_pdf
from reader.palette import LABEL_COLOURS



def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (apt-get install poppler-utils)")
    return path


def page_count(pdf: Path) -> int:
    """Pages of a PDF written by Qt (plain page objects), without poppler."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = [_tool("pdftotext"), "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return fold(out)


_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def fold(text: str) -> str:
    """NFKC (Arabic presentation forms back to letters), no bidi controls, single spaces."""
    return " ".join(_BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text)).split())


def words(text: str) -> str:
    """Letters and digits only, in order: pdftotext places neutral punctuation unreliably in RTL lines."""
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


@pytest.fixture(autouse=True)
def _app(qapp):  # type: ignore[no-untyped-def]
    """A QApplication made by pytest-qt, as in the app (export_pdf makes a QGuiApplication otherwise)."""
    return qapp


def test_new_page_per_article(library: Library, sample_library, tmp_path: Path) -> None:
    news = export_pdf(library, [sample_library.news], tmp_path / "news.pdf")
    special = export_pdf(library, [sample_library.special], tmp_path / "special.pdf")
    out = export_pdf(library, [sample_library.news, sample_library.special], tmp_path / "two.pdf")
    assert out == tmp_path / "two.pdf"
    assert out.read_bytes().startswith(b"%PDF-")
    assert page_count(special) == 1
    # The short second article would fit under the first one: it starts a page of its own.
    assert page_count(out) == page_count(news) + 1
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        assert re.search(rf"^Pages:\s+{page_count(out)}$", info, re.M)
        assert "595 x 842 pts (A4)" in info
    if shutil.which("pdftotext"):
        last = pdf_text(out, page_count(out), page_count(out))
        assert "AT&T" in last and words(sample_library.TITLE) not in words(last)
        assert "AT&T" not in pdf_text(out, 1, page_count(news))


def test_long_article_runs_over_pages(library: Library, sample_library, tmp_path: Path) -> None:
    long = "\n".join([sample_library.TEXT] * 12)
    pages = write_pdf([article_body_html(long, [])], tmp_path / "long.pdf")
    assert page_count(pages) >= 3
    # Lines are not cut at page breaks: every paragraph comes back whole.
    assert words(pdf_text(pages)).count(words(sample_library.TEXT.split("\n")[0])) == 12


def test_arabic_text_comes_back_in_logical_order(library: Library, sample_library, tmp_path: Path) -> None:
    """pdftotext gives Arabic lines in logical order; Qt writes presentation forms, NFKC folds them.

    Lines mixing Arabic and Latin come out with their runs in an odd order (poppler's bidi), so
    Latin pieces are checked on their own there.
    """
    out = export_pdf(library, [sample_library.news, sample_library.special], tmp_path / "a.pdf")
    n = page_count(out)
    first, second = pdf_text(out, 1, n - 1), pdf_text(out, n, n)
    # Joined words in reading order: a reversed or broken title would not match.
    assert words(sample_library.TITLE) in words(first)
    assert "وكالة الأنباء" in first
    # 11 فبراير 2024: pdftotext drops the space between the digits and the month.
    assert format_date("2024-02-11").replace(" ", "") in first.replace(" ", "")
    # Every paragraph of the body, word for word.
    for paragraph in filter(None, sample_library.TEXT.split("\n")):
        assert words(paragraph) in words(first)
    # The index lists each entity by its canonical name.
    for row in entity_index(library, library.mentions(sample_library.news)):
        assert fold(row.name) in first
    for name, _ in sample_library.NAMES:
        assert fold(name) in first
    # Escaped, not interpreted: the markup in the second title and text comes out as text.
    assert "<script>alert" in second and "script>" in second
    assert "<b" in second and "الخطة" in second
    assert "AT&T" in second and "Example & Co" in second
    assert "عاجل" in second and "تحديث" in second


def test_entity_index_counts_mentions(library: Library, sample_library) -> None:
    mentions = library.mentions(sample_library.news)
    rows = entity_index(library, mentions)
    assert sum(r.mentions for r in rows) == len(mentions)
    by_label = {r.label for r in rows}
    assert by_label == {Label.PERS, Label.LOC, Label.ORG}
    assert [r.mentions for r in rows] == sorted((r.mentions for r in rows), reverse=True)
    names = {r.name: r for r in rows}
    # شكري and سامح شكري are one person, named by the full form.
    assert names["سامح شكري"].mentions == 2
    assert names["القاهرة"].mentions == 2


def _colour_pixels(png: Path) -> dict[Label, int]:
    image = QImage(str(png))
    assert not image.isNull(), png
    wanted = {label: QColor(colour) for label, colour in LABEL_COLOURS.items()}
    counts = dict.fromkeys(wanted, 0)
    for y in range(image.height()):
        for x in range(image.width()):
            px = image.pixelColor(x, y)
            for label, c in wanted.items():
                if abs(px.red() - c.red()) <= 6 and abs(px.green() - c.green()) <= 6 and abs(px.blue() - c.blue()) <= 6:
                    counts[label] += 1
    return counts


def _render(pdf: Path, page: int, prefix: Path) -> Path:
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(prefix)], check=True)
    return prefix.with_suffix(".png")


def test_highlights_are_painted_in_label_colours(library: Library, sample_library, tmp_path: Path) -> None:
    mentions = library.mentions(sample_library.news)
    # The body alone (no legend or index, which show the colours too).
    body = write_pdf([article_body_html(sample_library.TEXT, mentions, links=False)], tmp_path / "body.pdf")
    counts = _colour_pixels(_render(body, 1, tmp_path / "body"))
    for label in (Label.PERS, Label.LOC, Label.ORG):
        assert counts[label] > 100, (label, counts)
    assert counts[Label.MISC] == 0, counts

    hidden = write_pdf([article_body_html(sample_library.TEXT, mentions, hidden={Label.LOC}, links=False)], tmp_path / "hidden.pdf")
    counts = _colour_pixels(_render(hidden, 1, tmp_path / "hidden"))
    assert counts[Label.LOC] == 0 and counts[Label.PERS] > 100, counts

    # The whole export: body, legend and index.
    full = export_pdf(library, [sample_library.news], tmp_path / "full.pdf")
    counts = _colour_pixels(_render(full, 1, tmp_path / "full"))
    assert all(counts[label] > 100 for label in (Label.PERS, Label.LOC, Label.ORG)), counts


def test_english_chrome(library: Library, sample_library, tmp_path: Path) -> None:
    out = export_pdf(library, [sample_library.news], tmp_path / "en.pdf", language="en")
    text = pdf_text(out)
    assert "Entities in this article" in text
    assert "11 February 2024" in text
    assert words(sample_library.TITLE) in words(text)


def test_no_articles_is_an_error(library: Library, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_pdf(library, [], tmp_path / "none.pdf")


def test_format_date() -> None:
    assert format_date("2020-01-09") == "9 يناير 2020"  # Western digits unless the user chooses
    assert format_date("2020-01-09", digits="arabic") == "٩ يناير ٢٠٢٠"
    assert format_date("2020-01-09T10:30:00+03:00", "en") == "9 January 2020"
    assert format_date("Thursday") == "Thursday"
    assert format_date("") == ""


# -- command line -------------------------------------------------------------------------------

def test_cli_writes_pdf_headless(sample_library, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    r = run_cli("export", "--format", "pdf", "--article", str(sample_library.special), "-o", str(out),
                "--db", str(sample_library.path))
    assert r.returncode == 0, r.stderr.decode()
    assert out.read_bytes().startswith(b"%PDF-")
    assert page_count(out) == 1
    assert str(out) in r.stdout.decode()
    assert b"QFont" not in r.stderr and b"qt." not in r.stderr, r.stderr.decode()


def test_cli_article_by_source(sample_library, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "by-source.pdf"
    r = run_cli("export", "--format", "pdf", "--article", "special.txt", "--article", "news/special.txt",
                "-o", str(out), "--db", str(sample_library.path))
    assert r.returncode == 0, r.stderr.decode()
    assert page_count(out) == 2


def test_cli_unknown_article(sample_library, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "missing.pdf"
    r = run_cli("export", "--format", "pdf", "--article", "999", "-o", str(out), "--db", str(sample_library.path))
    assert r.returncode == 1
    assert "no article with id 999" in r.stderr.decode()
    assert not out.exists()


# -- the text layer, as a search or pdftotext reads it: no normalisation ------------------------------

def raw_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext's output with only bidi controls and spacing removed: no NFKC."""
    args = [_tool("pdftotext"), "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return " ".join(_BIDI_CONTROLS.sub("", out).split())


def test_text_layer_holds_base_letters_as_typed(library: Library, sample_library, tmp_path: Path) -> None:
    out = export_pdf(library, [sample_library.news], tmp_path / "a.pdf")
    text = raw_text(out)
    assert not any("\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff" for c in text)
    for word in re.findall(r"[\u0621-\u064a]+", sample_library.TITLE + " " + sample_library.TEXT):
        assert word in text, word  # lam-alef ligatures included: الأوضاع, الإنسانية, للصليب
    assert "الألوان" in text  # the legend's heading: an alef-hamza ligature


def test_no_line_of_the_next_page_and_no_footer_in_a_word(library: Library, sample_library, tmp_path: Path) -> None:
    long = "\n".join(f"الفقرة رقم {n}: " + sample_library.TEXT.split("\n")[0] for n in range(40))
    out = write_pdf([article_body_html(long, [])], tmp_path / "long.pdf")
    n = page_count(out)
    assert n >= 3
    seen: list[str] = []
    for page in range(1, n + 1):
        text = raw_text(out, page, page)
        numbers = re.findall(r"الفقرة رقم\s*:?\s*(\d+)", text)  # poppler may put the colon first
        assert not set(numbers) & set(seen), f"page {page} repeats a line of another page"
        seen += numbers
        assert f"{page} / {n}" in text or f"{page}/{n}" in text
        assert re.search(rf"[\u0621-\u064a]{page}\s*/|/\s*{n}[\u0621-\u064a]", text) is None  # never inside a word
    assert sorted(set(seen), key=int) == [str(i) for i in range(40)]


def test_header_carries_what_a_citation_needs(library: Library, sample_library, tmp_path: Path) -> None:
    with library.transaction():
        library.conn.execute("UPDATE articles SET author = 'سلمى حداد' WHERE id = ?", (sample_library.news,))
    out = export_pdf(library, [sample_library.news], tmp_path / "a.pdf")
    first = raw_text(out, 1, 1)
    # the URL whole, to copy from the PDF: with Amiri for Latin text its slashes and dots were lost
    for part in ("وكالة الأنباء", "11", "فبراير", "2024", "سلمى حداد", "https://example.com/a"):
        assert part in first, part
    assert not re.search("[٠-٩]", first)  # one digit style throughout: Western by default
    arabic = raw_text(export_pdf(library, [sample_library.news], tmp_path / "b.pdf", digits="arabic"), 1, 1)
    assert "٢٠٢٤" in arabic and not re.search("[0-9]", arabic)


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(library: Library, sample_library,
                                                            tmp_path: Path) -> None:
    from PySide6.QtGui import QTextDocument

    from reader.export import pdf as pdf_module

    filler = "".join(f"<p>سطر رقم {i} من نص طويل يملأ الصفحة حتى آخرها تقريبا.</p>" for i in range(60))
    for extra in range(0, 40, 3):  # headings at every height near the foot of the first page
        html = filler[: len(filler) * (30 + extra) // 60] + "<h2>عنوان</h2><p>الفقرة التي تتبعه</p>"
        doc = QTextDocument()
        doc.setHtml(html)
        doc.setPageSize(QSizeF(800, 1200))
        pdf_module._keep_headings_with_next(doc, 1200)
        layout = doc.documentLayout()
        block = doc.begin()
        while block.isValid():
            if block.blockFormat().headingLevel():
                top = layout.blockBoundingRect(block).top()
                after = layout.blockBoundingRect(block.next()).top()
                assert int(top // 1200) == int(after // 1200)
            block = block.next()


def test_a_path_a_url_and_brackets_come_back_from_the_text_layer(library: Library, tmp_path: Path) -> None:
    """Latin runs inside Arabic lines keep their punctuation in the text layer (DejaVu Sans)."""
    text = "قال المتحدث (وفق البيان الرسمي) إن النتائج منشورة كاملة."
    url = "https://data.example.org/reports/2024/q3.html"
    with library.transaction():
        web, _ = library.upsert_document(Document("a.html", "تقرير الربع الثالث", text, text, url=url, format="html"))
        local, _ = library.upsert_document(Document("/home/researcher/archive/2024/report.txt", "تقرير محلي",
                                                    text, text, format="txt"))
    out = raw_text(export_pdf(library, [web], tmp_path / "web.pdf"), 1, 1)
    assert url in out, out
    # (the brackets come back, mirrored as drawn in a right-to-left line: poppler does not mirror them back)
    assert re.search(r"[()]وفق البيان الرسمي[()]", out), out
    assert "/home/researcher/archive/2024/report.txt" in raw_text(export_pdf(library, [local], tmp_path / "l.pdf"), 1, 1)
