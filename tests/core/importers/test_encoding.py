"""Decoding real Arabic text from every encoding Arabic files come in."""
from __future__ import annotations

import codecs
import random

import pytest

from reader.core.importers import read_file
from reader.core.importers.encoding import DecodeError, decode
from reader.core.model import Document, ImportFailure

ARTICLE = (
    "أعلنت وزارة الصحة اليوم الأحد عن افتتاح مستشفى جديد في مدينة الرياض بطاقة استيعابية "
    "تبلغ ثلاثمائة سرير.\n\nوقال المتحدث الرسمي إن المستشفى سيخدم سكان الأحياء الشمالية، "
    "مضيفاً أن العمل بدأ منذ عامين."
)
SHORT = "مرحبا بالعالم"


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be", "windows-1256", "iso-8859-6", "cp720"])
@pytest.mark.parametrize("text", [ARTICLE, SHORT, "قال الرئيس"])
def test_arabic_round_trips_without_a_bom(codec: str, text: str) -> None:
    if codec == "cp720":  # the DOS code page has no Arabic comma and no tanween
        text = text.replace("،", ",").replace("\u064b", "")
    assert decode(text.encode(codec)) == text


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_bom_is_honoured_and_removed(codec: str) -> None:
    assert decode(ARTICLE.encode(codec)) == ARTICLE


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_explicit_utf16_boms_in_both_byte_orders(bom: bytes, codec: str) -> None:
    assert decode(bom + ARTICLE.encode(codec)) == ARTICLE


def test_bomless_utf16_of_latin_text_is_detected() -> None:
    text = "Breaking news: the summit opens today in Riyadh."
    assert decode(text.encode("utf-16-le")) == text
    assert decode(text.encode("utf-16-be")) == text


def test_utf16_of_arabic_is_not_taken_for_utf8() -> None:
    # Arabic in UTF-16-LE is bytes like 0x27 0x06: valid ASCII/UTF-8 with control characters.
    data = ARTICLE.encode("utf-16-le")
    data.decode("utf-8")  # the trap: this succeeds
    assert decode(data) == ARTICLE


def test_iso_8859_6_and_windows_1256_are_told_apart_in_a_short_line() -> None:
    # The two code pages share the bytes of many letters; the definite article separates them.
    iso = SHORT.encode("iso-8859-6")
    assert iso.decode("windows-1256") != SHORT  # would be wrong letters, not an error
    assert decode(iso) == SHORT
    assert decode(SHORT.encode("windows-1256")) == SHORT


def test_declared_charset_is_used_when_it_decodes_cleanly() -> None:
    data = ARTICLE.encode("windows-1256")
    assert decode(data, declared="windows-1256") == ARTICLE
    assert decode(data, declared="no-such-charset") == ARTICLE


def test_a_wrong_latin1_declaration_does_not_win_over_arabic() -> None:
    data = ARTICLE.encode("windows-1256")
    assert decode(data, declared="iso-8859-1") == ARTICLE


def test_western_legacy_text_is_not_read_as_arabic() -> None:
    text = "Le café est très bon à Paris, où les élèves étudient."
    assert decode(text.encode("latin-1")) == text
    assert decode("café".encode("latin-1")) == "café"


def test_binary_data_is_refused_with_a_reason() -> None:
    rng = random.Random(7)
    blob = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(3000))
    with pytest.raises(DecodeError, match=r"could not decode text \(tried utf-8, utf-16, windows-1256"):
        decode(blob)


def test_empty_and_ascii() -> None:
    assert decode(b"") == ""
    assert decode(b"plain ascii") == "plain ascii"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "windows-1256", "iso-8859-6"])
def test_txt_file_raw_keeps_the_decoded_text(tmp_path, codec: str) -> None:
    text = "عنوان الخبر\n\n" + ARTICLE
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(codec))
    (doc,) = read_file(path)
    assert isinstance(doc, Document)
    assert doc.raw == text
    assert doc.title == "عنوان الخبر"
    assert doc.text == ARTICLE


def test_binary_txt_becomes_a_failure(tmp_path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 8)
    (failure,) = read_file(path)
    assert isinstance(failure, ImportFailure)
    assert failure.source == str(path.resolve())
    assert failure.reason.startswith("could not decode text (tried utf-8, utf-16, windows-1256")
