"""Fixtures for the export tests: a small library of realistic Arabic articles with linked entities."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar
from pathlib import Path

import pytest

from reader.core.linking import relink_library
from reader.core.model import Document, Label, Span
from reader.core.store import Library

ROOT = Path(__file__).resolve().parents[2]

TITLE = "وزير الخارجية المصري يبحث في عمان مع نظيره الأردني تطورات الأوضاع في غزة"
TEXT = (
    "أجرى وزير الخارجية المصري سامح شكري اليوم الأحد محادثات في العاصمة الأردنية عمان مع نظيره "
    "الأردني أيمن الصفدي، تناولت تطورات الأوضاع في قطاع غزة وسبل إيصال المساعدات الإنسانية.\n"
    "وقال شكري في مؤتمر صحفي مشترك إن مصر والأردن يعملان مع الأمم المتحدة وجامعة الدول العربية "
    "من أجل وقف إطلاق النار.\n"
    "\n"
    "من جهته أكد الصفدي أن الأردن سيواصل التنسيق مع القاهرة، مشيرا إلى أن اللجنة الدولية للصليب الأحمر "
    "حذرت من تدهور الأوضاع في رفح.\n"
    "وكان الوزيران قد التقيا الشهر الماضي في القاهرة على هامش اجتماع وزراء الخارجية العرب."
)
NAMES: tuple[tuple[str, Label], ...] = (
    ("سامح شكري", Label.PERS), ("شكري", Label.PERS), ("أيمن الصفدي", Label.PERS), ("الصفدي", Label.PERS),
    ("عمان", Label.LOC), ("قطاع غزة", Label.LOC), ("مصر", Label.LOC), ("الأردن", Label.LOC),
    ("القاهرة", Label.LOC), ("رفح", Label.LOC),
    ("الأمم المتحدة", Label.ORG), ("جامعة الدول العربية", Label.ORG), ("اللجنة الدولية للصليب الأحمر", Label.ORG),
)

# Data, not markup: a title and text with HTML specials, an emoji (astral: two UTF-16 units)
# before mentions, and a Latin organisation name with an ampersand.
TITLE2 = "عاجل: <script>alert(1)</script> & تحديث"
TEXT2 = "🇯🇴 😀 أعلنت شركة AT&T أنها ستفتح مكتبا في دبي الشهر المقبل.\nوقال مسؤول في الشركة إن <b>الخطة</b> ستنفذ في دبي."
NAMES2: tuple[tuple[str, Label], ...] = (("AT&T", Label.ORG), ("دبي", Label.LOC))


def find_spans(text: str, names: Sequence[tuple[str, Label]]) -> list[Span]:
    """Every whole-word occurrence of each name, longest first, without overlaps."""
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for name, label in sorted(names, key=lambda n: -len(n[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if all(m.end() <= s or m.start() >= e for s, e in taken):
                spans.append(Span(m.start(), m.end(), label, name))
                taken.append((m.start(), m.end()))
    return sorted(spans, key=lambda s: s.start)


@dataclass(frozen=True)
class Sample:
    path: Path
    news: int  # id of the article made from TITLE/TEXT
    special: int  # id of the article made from TITLE2/TEXT2
    TITLE: ClassVar[str] = TITLE
    TEXT: ClassVar[str] = TEXT
    NAMES: ClassVar[tuple[tuple[str, Label], ...]] = NAMES
    TITLE2: ClassVar[str] = TITLE2
    TEXT2: ClassVar[str] = TEXT2


@pytest.fixture
def sample_library(tmp_path: Path) -> Sample:
    """A library file with the two articles above, analysed and linked (closed again)."""
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        with lib.transaction():
            news, _ = lib.upsert_document(Document("news/amman.txt", TITLE, TEXT, TEXT, url="https://example.com/a",
                                                   outlet="وكالة الأنباء", date="2024-02-11", format="txt"))
            lib.set_model_mentions(news, find_spans(TEXT, NAMES), "test")
            special, _ = lib.upsert_document(Document("news/special.txt", TITLE2, TEXT2, TEXT2,
                                                      outlet="Example & Co", date="2024-02-12", format="txt"))
            lib.set_model_mentions(special, find_spans(TEXT2, NAMES2), "test")
        with lib.transaction():
            relink_library(lib)
    return Sample(path, news, special)


@pytest.fixture
def library(sample_library: Sample):  # type: ignore[no-untyped-def]
    with Library.open(sample_library.path) as lib:
        yield lib


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[bytes]]:
    """Run ``python -m reader ARGS`` as a user would, headless: no display, no QT_QPA_PLATFORM."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
        environ = {k: v for k, v in os.environ.items()
                   if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "READER_DB")}
        environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environ.get("PYTHONPATH")]))
        environ.update(env or {})
        return subprocess.run([sys.executable, "-m", "reader", *args], cwd=ROOT, env=environ,
                              capture_output=True, timeout=120)

    return run
