"""A PDF's text layer as a reader's search, ``pdftotext`` or a screen reader should get it: base
Arabic letters, and only the text each page shows.

**Base letters.**
Qt draws shaped Arabic: each letter as the glyph of its contextual form (initial, medial, final,
isolated, lam-alef ligatures). For the text layer it maps each glyph back to a character through
the font's character map, which reaches those glyphs only through the presentation-form code
points (U+FB50–U+FDFF, U+FE70–U+FEFF). A search for «الداودي» then finds nothing: the layer holds
«ﺍﻟﻨﻤﺮﻭﺵ». This rewrites every font's ``/ToUnicode`` map so that each glyph stands for its
base letters (NFKC: U+FEDF → U+0644, U+FEFB → U+0644 U+0627), so that a text extractor gives
the words back as typed (see ``_destination`` for the order of a ligature's letters). The
drawing is untouched.

**Only what the page shows.** Qt lays a long paragraph across pages and draws each page through
a clip; its text layout then draws, clipped away but present in the text layer, the last line
above the clip of a paragraph that began on the page before (QTextLayout::draw keeps the last
line it found above the clip). A search then finds the line on two pages, and ``pdftotext``
runs it into the page number. Text objects whose origin lies outside the page's clip are
dropped from the content stream: they draw nothing visible.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pikepdf

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_SECTION = re.compile(rb"(beginbf(?:char|range))(.*?)(endbf(?:char|range))", re.S)


def presentation_form(c: str) -> bool:
    return "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff"


def base_letters(text: str) -> str:
    """Presentation forms replaced by the letters they show; everything else kept as it is."""
    if not any(presentation_form(c) for c in text):
        return text
    return "".join(unicodedata.normalize("NFKC", c) if presentation_form(c) else c for c in text)


def _destination(match: re.Match[bytes]) -> bytes:
    raw = match.group(1)
    if len(raw) % 4:  # a source code, or no UTF-16: leave it
        return match.group(0)
    text = bytes.fromhex(raw.decode("ascii")).decode("utf-16-be", errors="surrogatepass")
    fixed = base_letters(text)
    if fixed == text:
        return match.group(0)
    if len(fixed) > 1 and len(text) == 1:
        # A ligature glyph (lam-alef). Poppler (pdftotext, Evince, Okular) spreads a glyph's
        # characters left to right across the glyph, then reads an Arabic line right to left,
        # so it would give «ال» for «لا»: the characters go in the order it reads them back.
        fixed = fixed[::-1]
    return b"<" + fixed.encode("utf-16-be", errors="surrogatepass").hex().upper().encode("ascii") + b">"


def _rewrite_section(section: re.Match[bytes]) -> bytes:
    begin, body, end = section.group(1), section.group(2), section.group(3)
    lines = []
    for line in body.split(b"\n"):
        codes = _HEX.findall(line.split(b"[")[0])
        # bfchar: <src> <dst>; bfrange: <lo> <hi> <dst> or <lo> <hi> [<dst> ...]. Only destinations change.
        keep = 1 if begin == b"beginbfchar" else 2
        if len(codes) <= keep and b"[" not in line:
            lines.append(line)
            continue
        head_end = 0
        for _ in range(keep):
            m = _HEX.search(line, head_end)
            if m is None:
                break
            head_end = m.end()
        tail = line[head_end:]
        if begin == b"beginbfrange" and b"[" not in tail:
            lo, hi = (int(c, 16) for c in codes[:2])
            dst = _HEX.search(tail)
            if dst is not None and lo != hi:
                start = bytes.fromhex(dst.group(1).decode("ascii")).decode("utf-16-be", errors="surrogatepass")
                if any(presentation_form(chr(ord(start[-1]) + i)) for i in range(hi - lo + 1)):
                    # an incrementing range through presentation forms: one entry per code
                    items = b" ".join(b"<" + (start[:-1] + chr(ord(start[-1]) + i)).encode("utf-16-be").hex()
                                      .upper().encode("ascii") + b">" for i in range(hi - lo + 1))
                    tail = b" [" + items + b"]"
        lines.append(line[:head_end] + _HEX.sub(_destination, tail))
    return begin + b"\n".join(lines) + end


def rewrite_cmap(cmap: bytes) -> bytes:
    """A ToUnicode CMap with every destination in base letters."""
    return _SECTION.sub(_rewrite_section, cmap)


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention: [x y 1] · m · n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in default user space
TOLERANCE = 1.0  # points: a baseline this close to the clip's edge is on the page


def _visible_ops(ops: list) -> tuple[list, int]:  # type: ignore[type-arg]
    """The content stream's operators without text objects drawn outside the clip; and how many went."""
    out: list = []  # type: ignore[type-arg]
    stack: list[tuple[Matrix, Box | None]] = []
    ctm: Matrix = _IDENTITY
    clip: Box | None = None
    path: list[tuple[float, float]] = []
    text: list | None = None  # type: ignore[type-arg]
    origin: tuple[float, float] | None = None
    tm: Matrix = _IDENTITY
    dropped = 0
    for operands, op in ops:
        name = str(op)
        if text is not None:
            text.append((operands, op))
            if name == "Tm":
                tm = tuple(float(v) for v in operands)  # type: ignore[assignment]
            elif name in ("Td", "TD"):
                tm = _multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), tm)
            elif name in ("Tj", "TJ", "'", '"') and origin is None:
                origin = _apply(_multiply(tm, ctm), 0.0, 0.0)
            elif name == "ET":
                x, y = origin if origin is not None else (0.0, 0.0)
                if origin is not None and clip is not None and not (
                        clip[0] - TOLERANCE <= x <= clip[2] + TOLERANCE and clip[1] - TOLERANCE <= y <= clip[3] + TOLERANCE):
                    dropped += 1
                else:
                    out.extend(text)
                text = None
            continue
        if name == "BT":
            text, origin, tm = [(operands, op)], None, _IDENTITY
            continue
        out.append((operands, op))
        if name == "q":
            stack.append((ctm, clip))
        elif name == "Q" and stack:
            ctm, clip = stack.pop()
        elif name == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif name in ("m", "l"):
            path.append(_apply(ctm, float(operands[0]), float(operands[1])))
        elif name == "re":
            x, y, w, h = (float(v) for v in operands)
            path.extend(_apply(ctm, px, py) for px, py in ((x, y), (x + w, y + h)))
        elif name in ("W", "W*") and path:
            xs, ys = [p[0] for p in path], [p[1] for p in path]
            box = (min(xs), min(ys), max(xs), max(ys))
            clip = box if clip is None else (max(clip[0], box[0]), max(clip[1], box[1]),
                                             min(clip[2], box[2]), min(clip[3], box[3]))
        elif name in ("n", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*"):
            path = []
    return out, dropped


def fix_text_layer(path: Path) -> int:
    """Rewrite the PDF at ``path`` in place: base letters in the ToUnicode maps, no text drawn
    outside a page's clip. Returns how many maps and text objects changed."""
    changed = 0
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            ops, dropped = _visible_ops(list(pikepdf.parse_content_stream(page)))
            if dropped:
                page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
                changed += dropped
        seen: set[tuple[int, int]] = set()
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
                continue
            cmap = obj.get("/ToUnicode")
            if not isinstance(cmap, pikepdf.Stream) or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            old = cmap.read_bytes()
            new = rewrite_cmap(old)
            if new != old:
                cmap.write(new)
                changed += 1
        if changed:
            pdf.save(path)
    return changed
