"""Turn the bytes of a file into text, for Arabic files from any era of the web.

The order is deterministic, so the same file always decodes the same way:
BOM → strict UTF-8 → a charset the file declares → UTF-16 without BOM → the legacy
Arabic code pages (scored) → windows-1252 → charset-normalizer (other scripts) →
windows-1256.
A statistical detector has too little to go on in a one-line file (charset-normalizer
3.5 reads "مرحبا بالعالم" in ISO-8859-6 as windows-1256, and short Latin-1 as UTF-16),
so the Arabic code pages are scored here by how Arabic the result reads, and
charset-normalizer is left the files in other scripts.
"""
from __future__ import annotations

import codecs
import re

import charset_normalizer

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy code pages that carry Arabic, most common first (the order breaks ties).
ARABIC_ENCODINGS: tuple[str, ...] = ("windows-1256", "iso-8859-6", "cp720")
TRIED = ("utf-8", "utf-16", *ARABIC_ENCODINGS, "windows-1252")
# Wide encodings were ruled out above; charset-normalizer reads short Latin text as UTF-16.
_WIDE = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "utf_7"]

# Characters a text in Arabic, English or French plausibly contains. Anything else
# (CJK from a wrong UTF-16 guess, box drawing from a wrong DOS code page, C0/C1
# controls) counts against a candidate decoding.
_IMPLAUSIBLE_RE = re.compile(
    "[^\t\n\r\f -~\u00a0-\u024f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\u2000-\u206f\u20ac\u2122\ufb50-\ufdff\ufe70-\ufeff]"
)
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MOJIBAKE_RE = re.compile("[\u00c0-\u00ff]{3,}")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a]")
# Signs of a wrong code page: accented Latin letters (windows-1256 has a few, for French)
# and Arabic letters glued to Latin ones inside a word (Latin-1 French read as ISO-8859-6).
_LATIN_ACCENT_RE = re.compile("[\u00c0-\u00ff]")
_MIXED_SCRIPT_RE = re.compile("[A-Za-z][\u0621-\u064a]|[\u0621-\u064a][A-Za-z]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we know (a binary file, most likely)."""


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode file bytes to text; ``declared`` is a charset the file names (HTML meta).

    Raises DecodeError with a reason a user can act on.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break  # a BOM followed by garbage: fall through to the heuristics
    body = data.rstrip(b"\x00")  # a file cut short by a crash is often padded with NULs
    if body.count(b"\x00") <= max(2, len(body) // 1000):  # a stray NUL, not UTF-16's every other byte
        if b"\x00" in body:
            body = body.replace(b"\x00", b"")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            mixed = _utf8_with_legacy(body)
            if mixed is not None:
                return mixed
        else:
            if not _mostly_controls(text):
                return text
    if declared:
        text_or_none = _try_codec(data, declared)
        if text_or_none is not None:
            return text_or_none
    utf16 = _guess_utf16(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise DecodeError(_failure("contains NUL bytes: not a text file"))
    arabic = _best_arabic(data)
    if arabic is not None:
        return arabic
    western = _try_codec(data, "windows-1252")  # French/English pages of Maghreb sites
    if western is not None:
        return western
    guess = charset_normalizer.from_bytes(data, cp_exclusion=_WIDE).best()  # other scripts
    if guess is not None and not _mostly_controls(str(guess)):
        return str(guess)
    text = data.decode("windows-1256", errors="replace")
    if _mostly_controls(text):
        raise DecodeError(_failure("looks like binary data"))
    return text


def _legacy_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 read as windows-1256."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start:exc.end].decode("windows-1256", errors="replace"), exc.end


codecs.register_error("reader-windows-1256", _legacy_bytes)


def _utf8_with_legacy(data: bytes) -> str | None:
    """A file that is UTF-8 with stretches of windows-1256 (two files pasted together, a UTF-8
    template around a legacy body): each part decoded in its own encoding.

    Taken only when the valid UTF-8 carries real Arabic text: a pure windows-1256 file has
    byte pairs that happen to be valid UTF-8 (ر، is D1 A1, U+0461), but few, and rarely Arabic.
    """
    utf8_only = data.decode("utf-8", errors="replace")
    arabic = len(_ARABIC_LETTER_RE.findall(utf8_only))
    if arabic < 8 or arabic * 4 < utf8_only.count("\ufffd"):
        return None
    text = data.decode("utf-8", errors="reader-windows-1256")
    return text if _implausible_share(text) < 0.02 and not _mostly_controls(text) else None


def _failure(why: str) -> str:
    return f"could not decode text (tried {', '.join(TRIED)}, ...): {why}"


def _mostly_controls(text: str) -> bool:
    """Binary data decodes 'successfully' in single-byte code pages; this catches it."""
    if not text:
        return False
    return len(_CONTROL_RE.findall(text)) > max(2, len(text) // 100)


def _implausible_share(text: str) -> float:
    return len(_IMPLAUSIBLE_RE.findall(text)) / max(1, len(text))


def _try_codec(data: bytes, name: str) -> str | None:
    """Decode with a named (or declared) charset only when it exists and the result is clean text."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith("utf-16") or codec.startswith("utf-32"):
        return None  # HTML that says utf-16 but decoded as ASCII is lying; let the sniffer decide
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    # A page declaring latin-1 while carrying windows-1256 bytes is common: only trust
    # the declaration when the result is plausible text.
    return text if _implausible_share(text) < 0.01 and not _has_mojibake(text) else None


def _has_mojibake(text: str) -> bool:
    """Arabic bytes read as Latin-1 give runs of accented capitals like 'ÇáÚÑÈíÉ'."""
    return len(_MOJIBAKE_RE.findall(text)) > 2


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: both byte orders, keep the one that reads as text."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _implausible_share(text)
        if share < 0.02 and not _mostly_controls(text) and (best is None or share < best[0]):
            best = (share, text)
    return best[1] if best else None


def _best_arabic(data: bytes) -> str | None:
    """Score each Arabic code page: fewest implausible characters, then most 'ال'.

    'ال' (the definite article) is the most frequent bigram of Arabic, and its bytes
    differ between windows-1256, ISO-8859-6 and cp720, so it separates them even in a
    one-line text where a statistical detector has too little to go on.
    """
    best: tuple[tuple[int, int], str] | None = None
    for codec in ARABIC_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _ARABIC_LETTER_RE.search(text) or _mostly_controls(text):
            continue
        score = (-len(_IMPLAUSIBLE_RE.findall(text)) - len(_LATIN_ACCENT_RE.findall(text))
                 - len(_MIXED_SCRIPT_RE.findall(text)), text.count("\u0627\u0644"))
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or -best[0][0] > len(best[1]) // 20:
        return None
    return best[1]
