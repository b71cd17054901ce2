"""Every UI string has an Arabic translation; isolates keep mixed-direction text in order."""
from __future__ import annotations

import re
from pathlib import Path

from reader.ui import i18n
from reader.ui.models.articles import ArticleListModel

UI = Path(i18n.__file__).resolve().parent


def _ui_strings() -> set[str]:
    found: set[str] = set(ArticleListModel.COLUMNS)
    for py in UI.rglob("*.py"):
        src = py.read_text(encoding="utf-8")
        found.update(re.findall(r'\btr\(\s*"([^"]+)"', src))
        found.update(re.findall(r'\btr\(\s*\'([^\']+)\'', src))
        # (action, "Text") pairs translated in MainWindow.retranslate
        found.update(re.findall(r'\(self\.act_\w+, "([^"]+)"\)', src))
    return found


def test_every_ui_string_is_translated():
    missing = sorted(s for s in _ui_strings() if s not in i18n._AR)
    assert not missing, missing


def test_tr_formats_and_switches():
    try:
        i18n.set_language("ar")
        assert i18n.tr("Only articles mentioning: {name}", name="عمان") == "فقط المقالات التي تذكر: عمان"
        i18n.set_language("en")
        assert i18n.tr("Only articles mentioning: {name}", name="عمان") == "Only articles mentioning: عمان"
    finally:
        i18n.set_language("en")


def test_isolate():
    assert i18n.isolate("/tmp/x", ltr=True) == "\u2066/tmp/x\u2069"
    assert i18n.isolate("seed") == "\u2068seed\u2069"


def test_every_link_reason_is_translated():
    from reader.core.linking import LinkInput, link
    from reader.core.model import Label

    P, L = Label.PERS, Label.LOC
    results = link([LinkInput(1, 1, "سمير عادل الداودي", P), LinkInput(2, 1, "للداودي", P),
                    LinkInput(3, 2, "الداودي", P), LinkInput(4, 3, "فرانك تيلسيغر", P),
                    LinkInput(5, 4, "فرانك تيلسيجر", P), LinkInput(6, 5, "ليلى الداودي", P),
                    LinkInput(7, 6, "الداودي", P), LinkInput(8, 7, "بيروت", L), LinkInput(9, 8, "بيروت", L)])
    from reader.core.linking.reasons import Reason, stored

    reasons = {r.reason for r in results} | {stored(r) for r in Reason} | {stored(Reason.CONTEXT, "بيروت، صيدا")}
    assert len({r.reason for r in results}) >= 4
    try:
        i18n.set_language("ar")
        for reason in reasons:
            assert not re.search("[A-Za-z]", i18n.tr_reason(reason)), reason
        assert "بيروت، صيدا" in i18n.tr_reason(stored(Reason.CONTEXT, "بيروت، صيدا"))
        # a sentence an older version stored is still worded in the user's language
        assert not re.search("[A-Za-z]", i18n.tr_reason("merged by you"))
    finally:
        i18n.set_language("en")


def test_counts_follow_each_languages_plural_rules():
    from reader.ui import i18n

    assert [i18n.counted(n, "article") for n in (0, 1, 2, 5, 21)] == [
        "0 articles", "1 article", "2 articles", "5 articles", "21 articles"]
    assert i18n.counted(1, "entity") == "1 entity" and i18n.counted(1234, "mention") == "1,234 mentions"
    try:
        i18n.set_language("ar")
        assert [i18n.counted(n, "article") for n in (1, 2, 3, 10, 11, 99, 100, 102, 103, 111)] == [
            "مقال واحد", "مقالان", "3 مقالات", "10 مقالات", "11 مقالًا", "99 مقالًا", "100 مقال", "102 مقال",
            "103 مقالات", "111 مقالًا"]
        assert i18n.counted(2, "mention") == "إشارتان" and i18n.counted(5, "entity") == "5 كيانات"
    finally:
        i18n.set_language("en")


def test_the_same_story_chip_counts_outlets_and_versions_in_both_languages():
    from reader.ui.models.articles import versions_text

    try:
        assert [versions_text(c) for c in ((1, 1), (3, 2), (2, 0), (1, 0), None)] == [
            "also in 1 other outlet", "also in 2 other outlets", "2 other versions", "1 other version", ""]
        i18n.set_language("ar")
        assert [versions_text((n, n)) for n in (1, 2, 3, 11, 100)] == [
            "في مصدر آخر أيضًا", "في مصدرين آخرين أيضًا", "في 3 مصادر أخرى أيضًا", "في 11 مصدرًا آخر أيضًا",
            "في 100 مصدر آخر أيضًا"]
        assert [versions_text((n, 0)) for n in (1, 2, 5)] == ["نسخة أخرى", "نسختان أخريان", "5 نسخ أخرى"]
    finally:
        i18n.set_language("en")
