"""The site-furniture vocabulary, line by line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.importers.furniture import is_furniture, is_section_label, is_tail_marker, key, strip_prefix


def test_key_folds_spelling_variants() -> None:
    assert key("اقرأ أيضاً:") == key("إقرا ايضا") == "اقرا ايضا"
    assert key("  زر   الذهاب إلى الأعلى ") == "زر الذهاب الي الاعلي"
    assert key("Back To Top!") == "back to top"


@pytest.mark.parametrize("line", [
    "اترك رد", "لن يتم نشر عنوان بريدك الإلكتروني.", "زر الذهاب إلى الأعلى", "الرئيسية / مقالات / عنوان",
    "الصفحة الرئيسية » أخبار", "شارك", "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك", "فيسبوك تويتر",
    "0", "٣٤", "صورة أرشيفية", "(صورة أرشيفية)", "// انتهى //", "...المزيد", "Next Previous", ".", ">",
])
def test_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "وشارك في الاجتماع السفير وعدد من كبار الضباط.", "شارك من خلال تويتر في حملة واسعة",
    "أوج – طرابلس", "عين اليوم – متابعات", "3601100204", "(1)", "* * *", "الرئيسية في الشركة قررت التوسع",
    "صورة الوضع الاقتصادي تغيرت", "تويتر يعلن عن ميزة جديدة للمستخدمين",
])
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_tail_markers() -> None:
    assert is_tail_marker("مقالات ذات صلة") and is_tail_marker("شاهد أيضاً") and is_tail_marker("التعليقات")
    assert not is_tail_marker("مقالات ذات صلة بالاقتصاد السعودي نشرت أمس")


def test_strip_prefix() -> None:
    assert strip_prefix("شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد الوزير") == "أكد الوزير"
    assert strip_prefix("Next Previous عين اليوم – جدة") == "عين اليوم – جدة"
    assert strip_prefix("شارك من خلال تويتر في حملة") == "شارك من خلال تويتر في حملة"  # one network: prose
    assert strip_prefix("التالي هو الأهم") == "التالي هو الأهم"


def test_section_labels() -> None:
    assert is_section_label("محلي") and is_section_label("عربي ودولي") and is_section_label("كورونا")
    assert not is_section_label("ارتفاع أسعار النفط") and not is_section_label("2023")


def test_importers_do_not_import_qt() -> None:
    code = "import sys, reader.core.importers; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    root = Path(__file__).resolve().parents[3]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0
