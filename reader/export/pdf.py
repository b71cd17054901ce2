"""Highlighted PDF export: each article as rich text, laid out by QTextDocument, drawn into a QPdfWriter.

The body comes from :func:`reader.export.html.article_body_html`, the builder the article view
uses, so the PDF shows the same highlights. Qt shapes the Arabic (joined letters, RTL runs) and
writes real text with the embedded fonts, so the PDF is searchable and selectable.

Works headless (CLI, CI): a QApplication is created when none exists, on the offscreen
platform when there is no display. Inside the app the existing QApplication is reused.
"""
from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QFont, QFontDatabase, QGuiApplication, QPageLayout,
                           QPageSize, QPainter, QPalette, QPdfWriter, QTextCursor, QTextDocument, QTextFormat,
                           QTextOption)

from reader.core.arabic import is_arabic
from reader.core.model import Label
from reader.core.outlets import display_outlet
from reader.core.store import Library
from reader.core.store.records import ArticleRecord, MentionRecord
from reader.core.titles import title_mentions
from reader.export.html import article_body_html, title_html
from reader.export.pdf_text import fix_text_layer
from reader.palette import LABEL_COLOURS, LABEL_NAMES
from reader.resources import resource_path

# Noto Sans Arabic, not Amiri or Noto Naskh: Qt's PDF writer maps glyphs back to text only through
# the font's cmap, so a contextual form or ligature glyph that the cmap does not reach through an
# Arabic Presentation Forms code point is written without text. Measured on the seed articles
# (pdftotext, NFKC): Amiri gives back 4% of the words, Noto Naskh 81% (every lam-alef ligature is
# lost), Noto Sans Arabic all the letters. DejaVu Sans (bundled) follows for Latin letters, digits
# and punctuation, which Noto Sans Arabic lacks: with Amiri there, the slashes, dots and brackets
# of a URL or a file path were missing from the text layer. Amiri is the last resort.
FONT_FAMILIES = ("Noto Sans Arabic", "DejaVu Sans", "Amiri")
BODY_POINT_SIZE = 12
MARGINS_MM = QMarginsF(20, 18, 20, 16)  # left, top, right, bottom; the page number sits in the bottom one
CREATOR = "Arabic News Reader"

TEXTS: dict[str, dict[str, str]] = {
    "ar": {"legend": "الألوان:", "entities": "الكيانات في هذا المقال", "name": "الاسم", "type": "النوع",
           "mentions": "الإشارات", "none": "لم يُعثر على كيانات في هذا المقال.", "untitled": "(بلا عنوان)"},
    "en": {"legend": "Colours:", "entities": "Entities in this article", "name": "Name", "type": "Type",
           "mentions": "Mentions", "none": "No entities were found in this article.", "untitled": "(untitled)"},
}

_app: QGuiApplication | None = None
_font_families: list[str] = []


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication (or QApplication), creating one for headless use if needed."""
    global _app
    app = QGuiApplication.instance()
    if app is not None:
        if not isinstance(app, QGuiApplication):
            raise RuntimeError("PDF export needs a QGuiApplication, but a QCoreApplication is running")
        return app
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("QT_QPA_PLATFORM") \
            and sys.platform.startswith("linux"):
        # No display server (CLI over ssh, CI): fonts and PDF output need no screen.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A QApplication (not only a QGuiApplication): the window, if it starts later in the same
    # process (tests, the smoke test), needs widgets and cannot replace an existing application.
    from PySide6.QtWidgets import QApplication

    _app = QApplication([sys.argv[0] if sys.argv and sys.argv[0] else "reader"])
    return _app


def register_fonts() -> list[str]:
    """Make every bundled font available to Qt (once per process); returns the families found.

    The one registration for the window and the PDFs: ``reader.ui.app`` calls it too.
    """
    if _font_families:
        return _font_families
    ensure_gui_application()
    families: set[str] = set()
    for path in sorted(resource_path("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            print(f"reader: could not load font {path}", file=sys.stderr)
        else:
            families.update(QFontDatabase.applicationFontFamilies(font_id))
    _font_families.extend(sorted(families))
    return _font_families


# -- HTML for one article -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class IndexRow:
    """One line of an article's entity index."""

    name: str
    label: Label
    mentions: int


def entity_index(lib: Library, mentions: Sequence[MentionRecord]) -> list[IndexRow]:
    """The article's entities with their number of mentions in it, most mentioned first.

    Unlinked mentions (no entity yet) are grouped by label and surface text.
    """
    counts: dict[tuple[object, Label], int] = {}
    names: dict[tuple[object, Label], str] = {}
    for m in mentions:
        key: tuple[object, Label] = (m.entity_id if m.entity_id is not None else "text:" + m.text, m.label)
        counts[key] = counts.get(key, 0) + 1
        if key not in names:
            names[key] = m.text
    for key in names:
        if isinstance(key[0], int):
            try:
                names[key] = lib.entity(key[0]).name
            except KeyError:
                pass  # entity deleted since the mentions were read: keep the surface form
    rows = [IndexRow(names[k], k[1], n) for k, n in counts.items()]
    order = list(Label)
    return sorted(rows, key=lambda r: (-r.mentions, order.index(r.label), r.name))


def legend_html(labels: Sequence[Label], language: str = "ar") -> str:
    """A paragraph naming each label on its colour."""
    texts, names = TEXTS[_lang(language)], LABEL_NAMES[_lang(language)]
    chips = "&nbsp;&nbsp;".join(
        f'<span style="background-color:{LABEL_COLOURS[label]};">&nbsp;{escape(names[label])}&nbsp;</span>'
        for label in labels)
    return (f'<p dir="{_dir(language)}" style="font-size:10pt; color:#444444; margin-top:2pt; margin-bottom:10pt;">'
            f'{escape(texts["legend"])}&nbsp;&nbsp;{chips}</p>')


def index_html(rows: Sequence[IndexRow], language: str = "ar", digits: str = "western") -> str:
    """The entity index: a heading and a table of name, type and number of mentions."""
    texts, names = TEXTS[_lang(language)], LABEL_NAMES[_lang(language)]
    d = _dir(language)
    head = (f'<h2 dir="{d}" style="font-size:14pt; font-weight:bold; margin-top:18pt; margin-bottom:6pt;">'
            f'{escape(texts["entities"])}</h2>')
    if not rows:
        return head + f'<p dir="{d}" style="font-size:11pt;">{escape(texts["none"])}</p>'

    def row(cells: list[tuple[str, str]], attrs: str = "") -> str:
        # QTextDocument lays table columns out left to right whatever the direction: mirror them here.
        ordered = reversed(cells) if d == "rtl" else cells
        return f"<tr{attrs}>" + "".join(f'<td width="{w}">{c}</td>' for w, c in ordered) + "</tr>"

    lines = [f'<table width="100%" cellspacing="0" cellpadding="2" style="font-size:10.5pt;">',
             row([("60%", f'<p dir="{d}"><b>{escape(texts["name"])}</b></p>'),
                  ("25%", f'<p dir="{d}"><b>{escape(texts["type"])}</b></p>'),
                  ("15%", f'<p dir="{d}"><b>{escape(texts["mentions"])}</b></p>')],
                 ' style="background-color:#e6e6e6;"')]
    for i, r in enumerate(rows):
        # The column's direction, not the name's: a Latin name still starts at the column's start.
        lines.append(row(
            [("60%", f'<p dir="{d}">{escape(r.name)}</p>'),
             ("25%", f'<p dir="{d}"><span style="background-color:{LABEL_COLOURS[r.label]};">&nbsp;'
                     f'{escape(names[r.label])}&nbsp;</span></p>'),
             ("15%", f'<p dir="{d}">{digits_in(str(r.mentions), digits)}</p>')],
            ' style="background-color:#f5f5f5;"' if i % 2 else ""))
    lines.append("</table>")
    return head + "\n".join(lines)


DIGITS = ("western", "arabic")  # 0-9, or the Arabic-Indic ٠-٩; Western unless the user chooses
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def digits_in(text: str, digits: str = "western") -> str:
    """``text`` with its Western digits in the chosen style (one style for a whole export)."""
    return text.translate(_ARABIC_INDIC) if digits == "arabic" else text


def format_date(date: str, language: str = "ar", digits: str = "western") -> str:
    """An ISO date (or date-time) as readers write it, e.g. ``9 يناير 2020``; other text unchanged."""
    day = QDate.fromString(date.strip()[:10], Qt.DateFormat.ISODate)
    if not day.isValid():
        return date.strip()
    locale = QLocale(QLocale.Language.Arabic if _lang(language) == "ar" else QLocale.Language.English)
    month = locale.monthName(day.month(), QLocale.FormatType.LongFormat)
    return digits_in(f"{day.day()} {month} {day.year()}", digits)


def citation_lines(a: ArticleRecord, language: str = "ar", digits: str = "western") -> list[str]:
    """What a citation of the article needs, as escaped lines: outlet and date; author and where
    it comes from (its URL, else the file it was imported from). Each part isolated (FSI … PDI):
    a date or a URL is otherwise reordered in a right-to-left line."""
    def joined(parts: Sequence[str]) -> str:
        return " · ".join(f"\u2068{escape(p)}\u2069" for p in parts if p)

    where = a.url.strip() or a.source.strip()
    outlet = display_outlet(a.outlet.strip(), language == "ar")
    return [line for line in (joined([outlet, format_date(a.date, language, digits)]),
                              joined([a.author.strip(), where])) if line]


def article_html(lib: Library, article_id: int, language: str = "ar", digits: str = "western") -> str:
    """One article's page: header (title, what a citation needs), colour legend, highlighted body,
    entity index."""
    a = lib.article(article_id)
    mentions = lib.mentions(article_id)
    texts = TEXTS[_lang(language)]
    title = a.title.strip() or texts["untitled"]
    title_dir = first_strong_direction(title, _dir(language))
    heading = title_html(title, title_mentions(title, mentions)) if a.title.strip() else escape(title)
    parts = [f'<h1 dir="{title_dir}" style="font-size:20pt; font-weight:bold; margin-bottom:4pt;">{heading}</h1>']
    for line in citation_lines(a, language, digits):
        parts.append(f'<p dir="{_dir(language)}" style="font-size:10.5pt; color:#555555; margin-top:0pt;'
                     f' margin-bottom:2pt;">{line}</p>')
    present = [label for label in Label if any(m.label == label for m in mentions)]
    if present:
        parts.append(legend_html(present, language))
    parts.append('<hr/>')
    parts.append(article_body_html(a.text, mentions, links=False, rtl=is_arabic(a.text)))
    parts.append(index_html(entity_index(lib, mentions), language, digits))
    return "\n".join(parts)


def first_strong_direction(text: str, default: str = "rtl") -> str:
    """"rtl" or "ltr" from the first strong character, as the Unicode bidi algorithm (rule P2) does."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return default


def _lang(language: str) -> str:
    return language if language in TEXTS else "en"


def _dir(language: str) -> str:
    return "rtl" if language == "ar" else "ltr"


# -- PDF -------------------------------------------------------------------------------------------

CLIP_INSET = 0.5  # device pixels (1/600 inch at 300 dpi): see write_pdf

def write_pdf(pages: Sequence[str], out: Path, *, rtl: bool = True, title: str = "",
              families: Sequence[str] = FONT_FAMILIES, point_size: float = BODY_POINT_SIZE,
              digits: str = "western") -> Path:
    """Write HTML fragments to one A4 PDF, each starting on a new page, with page numbers.

    Reusable for anything built from rich text (articles, entity dossiers). Returns ``out``.
    """
    register_fonts()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(out))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator(CREATOR)

    font = QFont()
    font.setFamilies(list(families))
    font.setPointSizeF(point_size)
    footer_height = 8 / 25.4 * writer.resolution()  # 8 mm below the text for the page number
    page_size = QSizeF(float(writer.width()), float(writer.height()) - footer_height)
    # One document per fragment rather than page breaks in one: the empty block Qt keeps after a
    # closing table could otherwise spill onto a blank page before the break.
    docs = [_document(html, writer, font, page_size, rtl) for html in pages]
    total = sum(doc.pageCount() for doc in docs)

    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette(context.palette)
    # Paper is white whatever the desktop theme: a dark theme's light text colour would vanish.
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(role, QColor("black"))
    context.palette = palette
    footer_font = QFont(font)
    footer_font.setPointSizeF(9)

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {out}")
    number = 0
    try:
        for doc in docs:
            for page in range(doc.pageCount()):
                if number:
                    writer.newPage()
                number += 1
                painter.save()
                top = page * page_size.height()
                painter.translate(0, -top)
                # The layout skips lines outside the clip, but keeps a line that merely touches it:
                # the next page's first line starts exactly at this page's bottom edge and would
                # be drawn (clipped away, yet in the text layer). A hair inside both edges.
                context.clip = QRectF(0, top + CLIP_INSET, page_size.width(), page_size.height() - 2 * CLIP_INSET)
                painter.setClipRect(QRectF(0, top, page_size.width(), page_size.height()))
                doc.documentLayout().draw(painter, context)
                painter.restore()
                painter.setFont(footer_font)
                painter.setPen(QColor("#666666"))
                painter.drawText(QRectF(0, page_size.height(), page_size.width(), footer_height),
                                 Qt.AlignmentFlag.AlignCenter, digits_in(f"{number} / {total}", digits))
    finally:
        painter.end()
    fix_text_layer(out)  # base letters, not presentation forms, in the text layer
    return out


def _document(html: str, writer: QPdfWriter, font: QFont, page_size: QSizeF, rtl: bool) -> QTextDocument:
    doc = QTextDocument()
    # Lay out in the writer's own units, so point sizes and page breaks are those of the paper.
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setHtml(html)
    doc.setPageSize(page_size)
    _keep_headings_with_next(doc, page_size.height())
    return doc


def _keep_headings_with_next(doc: QTextDocument, page_height: float) -> None:
    """A heading (the entity index's, an article's in a dossier) whose next block falls on the
    next page starts that page instead of ending this one alone (CSS page-break-after: avoid,
    which Qt's rich text does not know)."""
    for _ in range(20):  # each break moves what follows: look again, a few times at most
        layout = doc.documentLayout()
        block = doc.begin()
        moved = False
        while block.isValid():
            nxt = block.next()
            if block.blockFormat().headingLevel() and nxt.isValid():
                top = layout.blockBoundingRect(block).top()
                if int(top // page_height) < int(layout.blockBoundingRect(nxt).top() // page_height) \
                        and block.blockFormat().pageBreakPolicy() == QTextFormat.PageBreakFlag.PageBreak_Auto:
                    cursor = QTextCursor(block)
                    fmt = block.blockFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    cursor.setBlockFormat(fmt)
                    moved = True
                    break
            block = nxt
        if not moved:
            return


def export_pdf(lib: Library, article_ids: Sequence[int], out: Path, *, language: str = "ar",
               digits: str = "western") -> Path:
    """Write the articles to one PDF, each on new pages, highlighted, with legend and entity index;
    every number (dates, counts, page numbers) in ``digits`` (``DIGITS``)."""
    if not article_ids:
        raise ValueError("no articles to export")
    pages = [article_html(lib, article_id, language, digits) for article_id in article_ids]
    first = lib.article(article_ids[0]).title
    return write_pdf(pages, Path(out), rtl=language == "ar", title=first if len(article_ids) == 1 else "",
                     digits=digits)
