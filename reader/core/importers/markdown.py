"""Markdown articles to plain text: the headline from a leading "# " heading, syntax removed.

Articles saved as Markdown (by clipping tools, static-site exports) use a small part of
the syntax: headings, emphasis, links, images, lists, quotes, front matter. A line-based
stripper covers that without a parser dependency; code blocks are kept verbatim.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FRONT_FIELD_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE_RE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET_RE = re.compile(r"^[ \t]*[-*+][ \t]+")
_ORDERED_RE = re.compile(r"^[ \t]*(\d{1,9})[.)][ \t]+")
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_INLINE_RES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]"), ""),  # images: dropped
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url) → text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref] → text
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # <http://…> → the address
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"(`+)(.+?)\1"), r"\2"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # not snake_case
    (re.compile(r"~~(.+?)~~"), r"\1"),
)
# Escaped characters are parked in the private use area while emphasis is removed.
_PARK = 0xE000


@dataclass(slots=True)
class Markdown:
    """A Markdown file as plain text: headline (may be ""), body lines, front-matter fields."""

    title: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)


def parse(source: str) -> Markdown:
    """Strip Markdown to plain text; a "# " heading before any text is the headline."""
    meta: dict[str, str] = {}
    m = _FRONT_MATTER_RE.match(source)
    if m:
        for line in m.group(1).splitlines():
            f = _FRONT_FIELD_RE.match(line)
            if f:
                meta[f.group(1).lower()] = f.group(2).strip("'\"")
        source = source[m.end():]
    title = meta.get("title", "")
    out: list[str] = []
    fence = ""
    paragraph = False  # is the last output line a paragraph that a soft break continues?
    quoted = False  # was the last line inside a "> " quote? (entering or leaving one starts a block)
    for raw in source.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if fence:
            if raw.lstrip().startswith(fence):
                fence = ""
            else:
                out.append(raw)
            continue
        f = _FENCE_RE.match(raw)
        if f:
            fence, paragraph = f.group(1), False
            continue
        line = _QUOTE_RE.sub("", raw)
        if quoted != (len(line) != len(raw)):
            quoted, paragraph = not quoted, False
        if paragraph and out and _SETEXT_RE.match(line):  # "Title\n=====": a heading underline
            heading = out.pop()
            if line.lstrip()[0] == "=" and not title and not any(out):
                title = heading
            else:
                out.append(heading)
            paragraph = False
            continue
        if not line.strip() or _RULE_RE.match(line) or _REF_DEF_RE.match(line):
            out.append("")
            paragraph = False
            continue
        h = _ATX_RE.match(line)
        if h:
            text = _inline(h.group(2) or "")
            if len(h.group(1)) == 1 and not title and not any(out):
                title = text
            else:
                out.append(text)
            paragraph = False
            continue
        bullet = _BULLET_RE.match(line)
        ordered = _ORDERED_RE.match(line)
        if bullet:
            line = "• " + line[bullet.end():]
        elif ordered:
            line = f"{ordered.group(1)}. " + line[ordered.end():]
        text = _inline(line.strip())
        hard_break = raw.endswith("  ") or raw.endswith("\\")
        if paragraph and not (bullet or ordered) and out and out[-1]:
            out[-1] = f"{out[-1]} {text}"  # a soft line break inside a paragraph
        else:
            out.append(text)
        paragraph = not hard_break
    return Markdown(title, "\n".join(out), meta)


def _inline(text: str) -> str:
    """Remove inline syntax: images dropped, links to their text, emphasis and code marks."""
    text = _ESCAPE_RE.sub(lambda m: chr(_PARK + ord(m.group(1))), text.rstrip("\\"))
    for pattern, replacement in _INLINE_RES:
        text = pattern.sub(replacement, text)
    return "".join(chr(ord(c) - _PARK) if _PARK <= ord(c) < _PARK + 128 else c for c in text).strip()
