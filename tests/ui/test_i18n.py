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
        assert i18n.tr("{n} articles", n=3) == "3 مقال"
        i18n.set_language("en")
        assert i18n.tr("{n} articles", n=3) == "3 articles"
    finally:
        i18n.set_language("en")


def test_isolate():
    assert i18n.isolate("/tmp/x", ltr=True) == "\u2066/tmp/x\u2069"
    assert i18n.isolate("seed") == "\u2068seed\u2069"
