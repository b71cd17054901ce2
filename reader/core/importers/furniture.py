"""Site furniture of Arabic news pages: the lines a scraper keeps that are not the article.

Comment forms, share prompts, "related articles" blocks, back-to-top buttons,
breadcrumbs, image-credit captions, counters. These are the stock phrases of Arabic
news templates (WordPress themes in particular), written as general lists and shapes;
nothing here names an outlet or a story. Lines are compared through ``key``, a folded
form (hamza, alef maqsura, teh marbuta, diacritics, edge punctuation), so "أيضاً",
"ايضا" and "أيضا:" are one phrase.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.importers.dates import FOLD, MARKS_RE

_EDGE_PUNCT_RE = re.compile(r"^[\W_]+|[\W_]+$")
_E = r"(?![^\W\d_])"  # end of a word, for Arabic as well as Latin letters
KEY_MAX = 250  # furniture lines are short; longer lines are never compared


def key(line: str) -> str:
    """The comparison form of a line: folded, no diacritics, no edge punctuation, lower case."""
    folded = MARKS_RE.sub("", line.translate(FOLD)).lower()
    return " ".join(_EDGE_PUNCT_RE.sub("", folded).split())


def _keys(phrases: Iterable[str]) -> frozenset[str]:
    return frozenset(key(p) for p in phrases)


def _alternation(phrases: Iterable[str]) -> str:
    words = sorted({key(p) for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


# "Related articles", comment and tag blocks: the heading line, then the rest of the page.
TAIL_MARKERS = _keys((
    "مقالات ذات صلة", "مواضيع ذات صلة", "أخبار ذات صلة", "ذات صلة", "مقالات مشابهة", "أخبار مشابهة",
    "مواضيع مشابهة", "مقالات متعلقة", "أخبار متعلقة", "مواضيع متعلقة", "شاهد أيضاً", "اقرأ أيضاً",
    "إقرأ أيضاً", "طالع أيضاً", "قد يعجبك أيضاً", "قد يعجبك", "قد يهمك أيضاً", "قد يهمك",
    "ربما يعجبك أيضاً", "الأكثر قراءة", "الأكثر مشاهدة", "الأكثر تعليقاً", "المزيد من الأخبار",
    "أخبار أخرى", "مقالات أخرى", "آخر الأخبار", "أحدث الأخبار", "اترك رد", "اترك رداً",
    "اترك تعليقاً", "اترك تعليق", "أضف تعليق", "أضف تعليقاً", "أضف تعليقك", "اكتب تعليقك",
    "التعليقات", "تعليقات", "لا توجد تعليقات", "شارك برأيك", "الوسوم", "وسوم", "الكلمات الدلالية",
    "كلمات دلالية", "كلمات مفتاحية", "related articles", "related posts", "leave a reply", "comments",
))
# Whole lines that are furniture wherever they stand.
_LINES = TAIL_MARKERS | _keys((
    "زر الذهاب إلى الأعلى", "الذهاب إلى الأعلى", "العودة إلى الأعلى", "العودة للأعلى", "إلى الأعلى",
    "للأعلى", "أعلى الصفحة", "back to top", "scroll to top", "المزيد", "اقرأ المزيد", "اقرأ التفاصيل",
    "read more", "إلغاء الرد", "أرسل التعليق", "إرسال التعليق", "نشر التعليق", "إرسال", "انتهى",
    "طباعة", "print", "تكبير الخط", "تصغير الخط", "حجم الخط", "صورة", "فيديو", "أرشيفية", "أرشيف",
))
# Lines that start with one of these (and are short) are furniture.
_PREFIXES = tuple(sorted(_keys((
    "لن يتم نشر عنوان بريدك الإلكتروني", "الحقول الإلزامية مشار إليها", "الحقول المطلوبة",
    "احفظ اسمي", "يجب أن تكون مسجل الدخول", "يجب عليك تسجيل الدخول", "جميع الحقوق محفوظة",
    "حقوق النشر محفوظة", "صورة أرشيفية", "صورة من الأرشيف", "صورة تعبيرية", "صورة توضيحية",
    "صورة رمزية", "الصورة أرشيفية", "الصورة من الأرشيف", "اقرأ أيضاً:", "شاهد أيضاً:", "طالع أيضاً:",
    "اقرأ المزيد:", "مواضيع ذات صلة:",
)), key=len, reverse=True))
_PREFIX_MAX_WORDS = 25
# A bare counter (views, comments, shares). Longer numbers alone on a line are data (lists of IDs).
_LONE_NUMBER_RE = re.compile(r"\d{1,6}")
_BREADCRUMB_RE = re.compile(r"(?:انت هنا\s*:?\s*)?(?:الرئيسيه|الصفحه الرئيسيه|home)\s*[/»>›|\\]")

_SHARE_VERB = _alternation((
    "شارك", "شاركها", "شارك الخبر", "شارك المقال", "شارك المقالة", "شارك هذا المقال", "شارك هذا الخبر",
    "شارك الموضوع", "مشاركة", "مشاركة الخبر", "انشر", "share", "share this", "share on",
))
_SHARE_VIA = _alternation(("من خلال", "عبر", "على", "في", "on", "via"))
_NETWORK = _alternation((
    "تويتر", "فيسبوك", "فيس بوك", "الفيسبوك", "جوجل بلس", "جوجل", "غوغل بلس", "بلس", "واتساب", "واتس اب",
    "الواتساب", "تلغرام", "تيليجرام", "تليجرام", "تلجرام", "لينكد إن", "لينكدإن", "انستغرام",
    "انستجرام", "انستقرام", "يوتيوب", "سناب شات", "ماسنجر", "بنترست", "ريديت", "البريد الإلكتروني",
    "بريد إلكتروني", "طباعة", "twitter", "facebook", "google plus", "google", "whatsapp", "telegram",
    "linkedin", "email", "e-mail", "print", "pinterest", "reddit", "messenger", "x",
))
_SHARE_PROMPT = _alternation(("اكتب رأيك", "أضف تعليق", "أضف تعليقك", "علق", "اترك تعليقاً"))
_SEP = r"[\s,|/:\-–+]*"
_NETWORK_RE = re.compile(rf"(?:{_NETWORK}){_E}", re.IGNORECASE)
_NETWORKS_RE = re.compile(rf"(?:(?:{_NETWORK}){_E}{_SEP})+", re.IGNORECASE)
_SHARE_RE = re.compile(
    rf"\s*(?:{_SHARE_VERB}){_E}{_SEP}(?:(?:{_SHARE_VIA}){_E}{_SEP})?"
    rf"(?P<nets>(?:(?:{_NETWORK}){_E}{_SEP})*)(?:(?:{_SHARE_PROMPT}){_E}{_SEP})?",
    re.IGNORECASE,
)
# Image sliders leave "Next Previous" (or السابق التالي) glued to the line after them.
_SLIDER_RE = re.compile(r"\s*(?:(?:next|previous|prev|السابق|التالي)(?![^\W\d_])\s*){2,}", re.IGNORECASE)
_SLIDER_WORDS = _keys(("next", "previous", "prev", "السابق", "التالي"))


_PREFIX_STARTS = frozenset("شماأإآsSnNpP")  # first letters of the share verbs and slider words
_PREFIX_WINDOW = 120


def strip_prefix(line: str) -> str:
    """Drop share buttons or slider words glued to the start of a line of text.

    "شارك من خلال تويتر فيسبوك ... اكتب رأيك" followed by the lead paragraph on the same
    line is how some scrapers flatten a share bar. Two or more network names in a row are
    required, so a sentence like "شارك من خلال ..." (took part through ...) is left alone.
    """
    if line[:1] not in _PREFIX_STARTS:
        return line
    folded = line[:_PREFIX_WINDOW].translate(FOLD)  # str.translate with a dict table is slow on paragraphs
    m = _SHARE_RE.match(folded)
    if m and len(_NETWORK_RE.findall(m.group("nets"))) >= 2:
        line, folded = line[m.end():], folded[m.end():]
    m = _SLIDER_RE.match(folded)
    if m and m.end() < len(line):
        line = line[m.end():]
    return line


def is_furniture(line: str) -> bool:
    """Is this whole line site furniture (never article text)?"""
    if len(line) > KEY_MAX:
        return False
    k = key(line)
    if not k:  # only punctuation or symbols: stray ".", ">", "|"; "* * *" is a section break
        return bool(line.strip(" *"))
    folded = line.translate(FOLD).strip()
    if k in _LINES or _LONE_NUMBER_RE.fullmatch(folded) or _BREADCRUMB_RE.match(k):
        return True
    words = k.split()
    if all(w in _SLIDER_WORDS for w in words):
        return True
    if len(words) <= _PREFIX_MAX_WORDS and k.startswith(_PREFIXES):
        return True
    m = _SHARE_RE.match(folded)
    if m and not folded[m.end():].strip(" .:-–|"):
        return True
    m = _NETWORKS_RE.match(folded)
    return bool(m and not folded[m.end():].strip())


def is_tail_marker(line: str) -> bool:
    """Does this line open a block (related articles, comments, tags) that ends the page?"""
    return len(line) < 60 and key(line) in TAIL_MARKERS


# Section names a page prints above the headline ("محلي", "اقتصاد", ...).
SECTION_LABELS = _keys((
    "محلي", "محليات", "دولي", "دوليات", "عربي", "عربي ودولي", "عربي و دولي", "عربي وعالمي", "عالمي",
    "العالم", "اقتصاد", "الاقتصاد", "اقتصادي", "رياضة", "الرياضة", "رياضي", "سياسة", "السياسة",
    "سياسي", "أخبار", "الأخبار", "أخبار محلية", "أخبار عربية", "أخبار دولية", "أخبار عاجلة", "عاجل",
    "ثقافة", "الثقافة", "ثقافي", "فن", "فنون", "منوعات", "مجتمع", "المجتمع", "تقارير", "تقرير",
    "تحقيقات", "حوادث", "صحة", "الصحة", "تكنولوجيا", "تقنية", "علوم", "آراء", "رأي", "مقالات",
    "مقال", "مقالات الرأي", "مقالات رأي", "أخبار وتقارير", "شؤون دولية", "شؤون عربية", "news",
))


def is_section_label(line: str) -> bool:
    """A known section name, or a single short word standing alone above a headline."""
    k = key(line)
    return k in SECTION_LABELS or (0 < len(k) <= 20 and " " not in k and not any(c.isdigit() for c in k))
