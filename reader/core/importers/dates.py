"""Dates as Arabic news pages write them, turned into ISO 8601.

Metadata fields (``2015-08-10 18:52:49``, RFC 822 ``pubDate``, ``2020/10/29``) keep their
time; dates found in text ("الأحد , 26 مارس 2023", "21 آب/ أغسطس 2020", "تشرين الثاني
2019") give a date only. Month names come in three families (Egyptian/Gulf يناير,
Levantine/Iraqi كانون الثاني, Maghrebi جانفي) and are often written as a pair
("آب/ أغسطس"), so both halves are accepted.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from email.utils import parsedate_tz

# Folding used only for matching (never for stored text): hamza forms of alef, alef
# maqsura, teh marbuta, Arabic-Indic and Persian digits. One character to one, so match
# offsets are offsets into the original string.
FOLD = str.maketrans(
    "أإآٱىة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹،",
    "اااايه01234567890123456789,",
)

MARKS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")  # diacritics and tatweel

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    "يناير كانون_الثاني جانفي january jan",
    "فبراير شباط فيفري february feb",
    "مارس آذار march mar",
    "أبريل ابريل إبريل نيسان أفريل april apr",
    "مايو أيار ماي may",
    "يونيو يونية حزيران جوان june jun",
    "يوليو يوليه تموز جويلية يوليوز july jul",
    "أغسطس اغسطس أغسطوس آب أوت غشت august aug",
    "سبتمبر أيلول شتنبر september sep sept",
    "أكتوبر اكتوبر تشرين_الأول october oct",
    "نوفمبر تشرين_الثاني نونبر november nov",
    "ديسمبر كانون_الأول دجنبر december dec",
), start=1):
    for _name in _names.split():
        _MONTHS[_name.replace("_", " ").translate(FOLD)] = _number

_HIJRI = ("محرم", "صفر", "ربيع الأول", "ربيع الاول", "ربيع الآخر", "ربيع الثاني", "جمادى الأولى",
          "جمادى الآخرة", "جمادى الاولى", "جمادى الاخرة", "رجب", "شعبان", "رمضان", "شوال",
          "ذو القعدة", "ذو الحجة")


def _alternation(names: Iterable[str]) -> str:
    """A regex alternation of folded names, longest first so "مايو" wins over "ماي"."""
    words = sorted({n.translate(FOLD) for n in names}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


_MONTH = _alternation(_MONTHS)
_B, _E = r"(?<![^\W\d_])", r"(?![^\W\d_])"  # word boundaries that work for Arabic letters
_TEXT_DATE_RE = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?{_B}(?P<m>{_MONTH}){_E}"
    rf"(?:\s*[/(\-–]\s*(?:{_MONTH})\s*\)?)?"
    rf"\s*,?\s*(?:من\s+)?(?:(?:عام|سنه)\s+)?(?P<y>\d{{4}})(?!\d)"
    rf"|{_B}(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_YMD_RE = re.compile(r"(?<!\d)(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?!\d)")
_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")
_ISO_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
# What may surround a date on a line that is only a date: weekday, time, era marks.
_WEEKDAYS = ("الأحد", "الاحد", "الإثنين", "الاثنين", "الأثنين", "الثلاثاء", "الأربعاء", "الاربعاء",
             "الخميس", "الجمعة", "السبت", "sunday", "monday", "tuesday", "wednesday", "thursday",
             "friday", "saturday", "sun", "mon", "tue", "wed", "thu", "fri", "sat")
_DATE_LINE_FILLER_RE = re.compile(
    rf"{_B}(?:{_alternation(_WEEKDAYS)}|الموافق|الساعه|تاريخ|التاريخ|يوم|هـ|ه|م|am|pm|ص|مساء|صباحا|gmt|utc){_E}"
    rf"|(?<!\d)\d{{1,2}}\s*(?:{_alternation(_HIJRI)})\s*\d{{4}}(?!\d)"
    r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
    r"|[\s,.:;\-–—|/()\[\]+]+",
    re.IGNORECASE,
)
# Words that say "this line is the publication date" ("نشر في", "آخر تحديث"), folded.
_PUBLICATION_CUE_RE = re.compile(
    r"^\W*(?:نشر|تم النشر|تاريخ النشر|اخر تحديث|تحديث|بتاريخ|منشور|published|updated|last updated)"
    rf"{_E}",
    re.IGNORECASE,
)


def _iso(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat() if 1800 < year < 2200 else ""
    except ValueError:
        return ""


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first calendar date written in ``text``: (ISO date, start, end) or None."""
    folded = text.translate(FOLD)
    found: list[tuple[int, int, str]] = []
    m = _TEXT_DATE_RE.search(folded)
    if m:
        if m.group("d"):
            day, month, year = m.group("d"), m.group("m"), m.group("y")
        else:
            day, month, year = m.group("d2"), m.group("m2"), m.group("y2")
        iso = _iso(int(year), _MONTHS[re.sub(r"\s+", " ", month.lower())], int(day))
        if iso:
            found.append((m.start(), m.end(), iso))
    m = _YMD_RE.search(folded)
    if m:
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), m.end(), iso))
    m = _DMY_RE.search(folded)
    if m:
        first, second, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        # Arabic pages write day/month; only an impossible month means month/day.
        iso = _iso(year, second, first) or _iso(year, first, second)
        if iso:
            found.append((m.start(), m.end(), iso))
    if not found:
        return None
    start, end, iso = min(found)
    return iso, start, end


def date_line(line: str) -> str:
    """The ISO date if ``line`` is nothing but a date (with weekday, time, era marks), else ""."""
    if len(line) > 80:
        return ""
    hit = find_date(line)
    if hit is None:
        return ""
    iso, start, end = hit
    rest = (line[:start] + " " + line[end:]).translate(FOLD)
    return iso if not _DATE_LINE_FILLER_RE.sub("", rest) else ""


def publication_line(line: str) -> str:
    """The ISO date of a short "نشر في 26 مارس 2023" / "آخر تحديث: ..." line, else ""."""
    if len(line) > 120 or not _PUBLICATION_CUE_RE.match(MARKS_RE.sub("", line.translate(FOLD))):
        return ""
    hit = find_date(line)
    return hit[0] if hit else ""


def normalise_date(value: object) -> str:
    """A metadata date as ISO: ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SS`` when it has a time.

    The wall-clock time is kept as written and any UTC offset dropped: the date a reader
    expects is the one the outlet printed. Returns "" for what cannot be read as a date.
    """
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        stamp = float(value) / (1000 if value > 10**11 else 1)  # epoch seconds or milliseconds
        try:
            moment = datetime.fromtimestamp(stamp, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return ""
        return moment.replace(tzinfo=None).isoformat(timespec="seconds")
    text = str(value).strip().translate(FOLD)
    if not text:
        return ""
    m = _ISO_RE.fullmatch(text) or _ISO_RE.fullmatch(text.replace("/", "-"))
    if m:
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso and m.group(4) is not None:
            hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
            if hour < 24 and minute < 60 and second < 60:
                return f"{iso}T{hour:02d}:{minute:02d}:{second:02d}"
        return iso
    if re.search(r"[a-z]{3},?\s+\d|\d\s+[a-z]{3}\s+\d{4}\s+\d", text, re.IGNORECASE):
        parsed = parsedate_tz(text)  # RFC 822, as in RSS pubDate
        if parsed:
            iso = _iso(parsed[0], parsed[1], parsed[2])
            if iso:
                return f"{iso}T{parsed[3]:02d}:{parsed[4]:02d}:{parsed[5]:02d}"
    hit = find_date(text)
    return hit[0] if hit else ""
