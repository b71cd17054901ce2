"""Article text as rich text with highlighted entities: one builder for the view and the PDFs.

Article text is data, never markup: every piece of it goes through ``html.escape``. Entity
links use the private scheme ``entity:<entity id>:<mention id>`` (0: none), handled by the
views and never opened as URLs.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from html import escape

from reader.core.model import Label
from reader.core.store.records import MentionRecord
from reader.palette import LABEL_COLOURS


def entity_href(mention: MentionRecord) -> str:
    return f"entity:{mention.entity_id if mention.entity_id is not None else 0}:{mention.id}"


def name_html(name: str) -> str:
    """A name in a line of other text: escaped, isolated in its own direction (FSI … PDI) and
    never broken across lines (no-break spaces: a two-word name wrapped at a line's end came out
    with its words on different lines, each in the wrong place)."""
    text = escape(name).replace(" ", "\u00a0")
    return f"\u2068{text}\u2069"


def entity_link(entity_id: int, name: str) -> str:
    """A link to an entity itself, not to one of its mentions (mention id 0): the entity panel's
    related and co-occurring entities, its name as :func:`name_html` writes it."""
    return f'<a href="entity:{entity_id}:0">{name_html(name)}</a>'


def parse_entity_href(href: str) -> tuple[int | None, int] | None:
    """(entity id or None, mention id or 0) of an ``entity:`` link, None for anything else."""
    parts = href.split(":")
    # isdecimal, not isdigit: int() rejects digits such as "²" that isdigit accepts.
    if len(parts) != 3 or parts[0] != "entity" or not parts[1].isdecimal() or not parts[2].isdecimal():
        return None
    entity_id = int(parts[1])
    return (entity_id or None), int(parts[2])


def article_body_html(text: str, mentions: Sequence[MentionRecord], *,
                      hidden: Collection[Label] = (), tooltips: Mapping[int, str] | None = None,
                      links: bool = True, rtl: bool = True) -> str:
    """Paragraphs (one per line of ``text``) with mentions as coloured spans.

    ``hidden`` types are left unhighlighted; ``tooltips`` maps mention ids to a title text.
    Overlapping mentions: the first one wins, the others are skipped. ``rtl`` sets each
    paragraph's direction (use ``reader.core.arabic.is_arabic`` on the text).
    """
    out: list[str] = []
    pos = 0
    para: list[str] = []

    def plain(chunk: str) -> None:
        lines = chunk.split("\n")
        for i, line in enumerate(lines):
            if i:
                _close_paragraph(out, para, rtl)
            if line:
                para.append(escape(line))

    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end > len(text):
            continue
        plain(text[pos:m.start])
        piece = escape(text[m.start:m.end])
        if m.label in hidden:
            para.append(piece)
        else:
            colour = LABEL_COLOURS[m.label]
            title = escape((tooltips or {}).get(m.id, ""), quote=True)
            attrs = f' title="{title}"' if title else ""
            if links:
                para.append(f'<a name="m{m.id}" href="{entity_href(m)}"{attrs} '
                            f'style="background-color:{colour}; color:#000000; text-decoration:none;">{piece}</a>')
            else:
                para.append(f'<span style="background-color:{colour};">{piece}</span>')
        pos = m.end
    plain(text[pos:])
    _close_paragraph(out, para, rtl)
    return "\n".join(out)


def title_html(title: str, mentions: Sequence[MentionRecord], hidden: Collection[Label] = (), links: bool = False) -> str:
    """A title as escaped inline rich text, its names (``reader.core.titles.title_mentions``)
    coloured; with ``links``, each name is an ``entity:`` link as in the body (the window)."""
    out: list[str] = []
    pos = 0
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < pos or m.end > len(title):
            continue
        out.append(escape(title[pos:m.start]))
        piece = escape(title[m.start:m.end])
        if m.label in hidden:
            out.append(piece)
        elif links:
            out.append(f'<a href="{entity_href(m)}" style="background-color:{LABEL_COLOURS[m.label]}; color:#000000;'
                       f' text-decoration:none;">{piece}</a>')
        else:
            out.append(f'<span style="background-color:{LABEL_COLOURS[m.label]};">{piece}</span>')
        pos = m.end
    out.append(escape(title[pos:]))
    return "".join(out)


def _close_paragraph(out: list[str], para: list[str], rtl: bool) -> None:
    if para:
        out.append(f'<p dir="{"rtl" if rtl else "ltr"}">' + "".join(para) + "</p>")
        para.clear()
