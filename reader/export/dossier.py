"""An entity's dossier as PDF: who it is, the outlets naming it (and how), then every mention with
its sentence, under its article's title, outlet and date.

Built as rich text (every piece of article text escaped) and written by
:func:`reader.export.pdf.write_pdf` with the same fonts as article PDFs.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from reader.core import profile
from reader.core.outlets import display_outlet
from reader.core.romanise import romanise
from reader.core.store import Library
from reader.export.pdf import TEXTS as _PDF_TEXTS
from reader.export.pdf import citation_lines, digits_in, first_strong_direction, write_pdf
from reader.palette import LABEL_COLOURS, LABEL_NAMES

PAGE_SIZE = 500
TEXTS = {
    "ar": {"title": "ملف", "mentions": "الإشارات", "articles": "مقالات", "outlets": "المنابر والصيغ المستخدمة",
           "outlet": "المنبر", "forms": "الصيغ", "unknown": "(منبر غير معروف)", "with": "يرد مع",
           "every": "كل الإشارات", "untitled": _PDF_TEXTS["ar"]["untitled"]},
    "en": {"title": "Dossier", "mentions": "mentions", "articles": "articles", "outlets": "Outlets and the forms they use",
           "outlet": "Outlet", "forms": "Forms", "unknown": "(unknown outlet)", "with": "Appears with",
           "every": "Every mention", "untitled": _PDF_TEXTS["en"]["untitled"]},
}


def dossier_html(lib: Library, entity_id: int, language: str = "ar", digits: str = "western") -> str:
    lang = language if language in TEXTS else "en"
    t = TEXTS[lang]
    d = "rtl" if lang == "ar" else "ltr"
    e = lib.entity(entity_id)
    colour = LABEL_COLOURS[e.label]
    latin = romanise(e.name, e.label)
    parts = [f'<h1 dir="{first_strong_direction(e.name, d)}" style="font-size:20pt; font-weight:bold; margin-bottom:2pt;">'
             f'{escape(e.name)}</h1>']
    meta = [f'<span style="background-color:{colour};">&nbsp;{escape(LABEL_NAMES[lang][e.label])}&nbsp;</span>']
    if latin:
        meta.append(f"\u2068{escape(latin)}\u2069")
    meta.append(digits_in(f"{e.n_articles} {escape(t['articles'])} · {e.n_mentions} {escape(t['mentions'])}", digits))
    parts.append(f'<p dir="{d}" style="font-size:11pt; color:#444444;">{"&nbsp;&nbsp;".join(meta)}</p>')
    outs = profile.outlets(lib, entity_id)
    if outs:
        parts.append(f'<h2 dir="{d}" style="font-size:13pt; margin-top:10pt;">{escape(t["outlets"])}</h2>')
        rows = []
        for o in outs:
            forms = "، ".join(f"{escape(f)} ({digits_in(str(n), digits)})" for f, n in o.forms)
            cells = [f'<td width="35%"><p dir="{d}">{escape(display_outlet(o.outlet, lang == "ar") or t["unknown"])} '
                     f'({digits_in(str(o.articles), digits)})</p></td>',
                     f'<td width="65%"><p dir="rtl">{forms}</p></td>']
            rows.append("<tr>" + "".join(reversed(cells) if d == "rtl" else cells) + "</tr>")
        parts.append('<table width="100%" cellspacing="0" cellpadding="2" style="font-size:10.5pt;">' + "".join(rows) + "</table>")
    others = profile.co_occurring(lib, entity_id, limit=8)
    if others:
        names = "، ".join(f"{escape(r.entity.name)} ({digits_in(str(r.shared_articles), digits)})" for r in others)
        parts.append(f'<p dir="{d}" style="font-size:10.5pt;"><b>{escape(t["with"])}:</b> {names}</p>')
    parts.append(f'<h2 dir="{d}" style="font-size:13pt; margin-top:10pt;">{escape(t["every"])}</h2><hr/>')
    current = None
    offset = 0
    while True:
        page = lib.entity_mentions(entity_id, limit=PAGE_SIZE, offset=offset)
        if not page:
            break
        offset += len(page)
        for mc in page:
            if mc.mention.article_id != current:
                current = mc.mention.article_id
                title = mc.article_title.strip() or t["untitled"]
                parts.append(f'<h3 dir="{first_strong_direction(title, d)}" style="font-size:12pt; font-weight:bold;'
                             f' margin-top:10pt; margin-bottom:0pt;">{escape(title)}</h3>')
                for line in citation_lines(lib.article(current), lang, digits):  # what citing it needs
                    parts.append(f'<p dir="{d}" style="font-size:9.5pt; color:#555555; margin-top:0pt;'
                                 f' margin-bottom:0pt;">{line}</p>')
            s, a, b = mc.sentence, mc.local_start, mc.local_end
            sentence = (escape(s[:a]) + f'<span style="background-color:{colour}; font-weight:bold;">{escape(s[a:b])}</span>'
                        + escape(s[b:]))
            parts.append(f'<p dir="{first_strong_direction(s, d)}" style="font-size:11pt; margin-right:8pt; margin-left:8pt;">'
                         f'{sentence}</p>')
    return "\n".join(parts)


def export_dossier(lib: Library, entity_id: int, out: Path, language: str = "ar", digits: str = "western") -> Path:
    """Write one entity's dossier PDF; returns ``out``."""
    e = lib.entity(entity_id)
    title = f"{TEXTS['ar' if language == 'ar' else 'en']['title']}: {e.name}"
    return write_pdf([dossier_html(lib, entity_id, language, digits)], Path(out), rtl=language == "ar", title=title,
                     digits=digits)
