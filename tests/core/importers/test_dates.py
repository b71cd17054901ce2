"""Dates in Arabic text and in metadata fields."""
from __future__ import annotations

import pytest

from reader.core.importers.dates import date_line, find_date, normalise_date, publication_line


@pytest.mark.parametrize("text, iso", [
    ("الأحد , 26 مارس 2023", "2023-03-26"),
    ("26 مارس 2023", "2023-03-26"),
    ("٢٦ مارس ٢٠٢٣", "2023-03-26"),
    ("2020/10/29", "2020-10-29"),
    ("29/10/2020", "2020-10-29"),
    ("10/29/2020", "2020-10-29"),  # month/day only when day/month is impossible
    ("3 كانون الثاني 2021", "2021-01-03"),
    ("12 تشرين الأول 2019", "2019-10-12"),
    ("21 آب/ أغسطس 2020", "2020-08-21"),
    ("5 تشرين الثاني/نوفمبر 2019", "2019-11-05"),
    ("5 ماي 2019", "2019-05-05"),
    ("5 مايو 2019", "2019-05-05"),
    ("7 جانفي 2018", "2018-01-07"),
    ("15 يونية 2016م", "2016-06-15"),
    ("October 29, 2020", "2020-10-29"),
    ("الخميس 29 أكتوبر 2020 - 10:30 ص", "2020-10-29"),
])
def test_find_date(text: str, iso: str) -> None:
    hit = find_date(text)
    assert hit is not None and hit[0] == iso


@pytest.mark.parametrize("text", [
    "تشرين الثاني/ نوفمبر 2019",  # no day
    "ومنذ 21 آب/ أغسطس الماضي",  # no year
    "5 مارست 2019",  # a verb that starts like a month name
    "31 فبراير 2020",  # no such day
    "الرياض 26 شوال 1436 هـ",  # Hijri only
    "رقم 12345",
])
def test_no_date(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize("line, iso", [
    ("الأحد , 26 مارس 2023", "2023-03-26"),
    ("الاثنين 3 كانون الثاني 2021 - 14:05", "2021-01-03"),
    ("26 شوال 1436 هـ الموافق 11 أغسطس 2015 م", "2015-08-11"),
    ("2020/10/29", "2020-10-29"),
])
def test_date_line(line: str, iso: str) -> None:
    assert date_line(line) == iso


@pytest.mark.parametrize("line", [
    "وقعت الحكومة الاتفاق في 26 مارس 2023 بعد مفاوضات طويلة",
    "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس",  # a dateline with a place and agency
    "لا تاريخ هنا",
])
def test_not_a_date_line(line: str) -> None:
    assert date_line(line) == ""


def test_publication_line() -> None:
    assert publication_line("نُشر في: 26 مارس 2023") == "2023-03-26"
    assert publication_line("آخر تحديث 2020/10/29 - 10:00") == "2020-10-29"
    assert publication_line("قال الوزير في 26 مارس 2023") == ""


@pytest.mark.parametrize("value, iso", [
    ("2015-08-10 18:52:49", "2015-08-10T18:52:49"),
    ("2015-08-10", "2015-08-10"),
    ("2020-10-29T10:00:00+02:00", "2020-10-29T10:00:00"),
    ("2020-10-29T10:00:00.123Z", "2020-10-29T10:00:00"),
    ("2020-10-29T10:00", "2020-10-29T10:00:00"),
    ("Tue, 10 Aug 2015 18:52:49 +0000", "2015-08-10T18:52:49"),
    ("2020/10/29", "2020-10-29"),
    ("٢٠٢٠-١٠-٢٩", "2020-10-29"),
    ("26 مارس 2023", "2023-03-26"),
    (1439232769, "2015-08-10T18:52:49"),
    (1439232769000, "2015-08-10T18:52:49"),
    ("not a date", ""),
    ("2015-13-45", ""),
    ("", ""),
    (None, ""),
    (True, ""),
])
def test_normalise_date(value: object, iso: str) -> None:
    assert normalise_date(value) == iso
