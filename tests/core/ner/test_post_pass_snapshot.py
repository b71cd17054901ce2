"""The document post-pass pinned on news text written for this test.

Each document gives the words and what a model might have tagged (``word/TAG`` or
``word/TAG/confidence``; a bare word is O), with the slips the steps exist to mend: a surname left
untagged, an unsure guess at a common word, a club glued to its player, a name typed two ways, a
title alone, an activity's noun before a common one, a body cut before its adjective, a
competition named by what follows its head noun, a town named masculine as its club, two clubs in one span, a place named with its
noun, a spokesman typed as his body, a listed place of two words cut. The post-pass runs with the shipped name lists, and what it returns, with the spans each
step added or took away (``Doc.edits``), must match ``snapshots/post_pass.json``. A change to a
rule, a word list or the step order shows here as a diff to read; where it is wanted, rewrite
the snapshot with ``READER_UPDATE_SNAPSHOTS=1 pytest tests/core/ner/test_post_pass_snapshot.py``
and commit it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.core.arabic import normalise
from reader.core.ner import load_backend, name_list_tests
from reader.core.ner.consistency import STEP_NAMES, Doc, propagate
from reader.core.ner.mending import tag_spans

SNAPSHOT = Path(__file__).parent / "snapshots" / "post_pass.json"

DOCS: dict[str, list[str]] = {
    "minister": [
        "وقال وزير الخارجية سامر/B-PERS الزاهري/I-PERS إن المحادثات مستمرة .",
        "وأضاف الزاهري أن الوفد سيعود إلى بارقستان/B-LOC غدا .",
        "وقال وزير الخارجية إن الاتفاق قريب .",
    ],
    "unsure": [
        "قال/O إن الرحلة تستغرق/B-PERS/0.4 ساعتين إلى القاهرة/B-LOC/0.97 .",
        "وزار الوفد نوراستان/B-LOC/0.55 ثم عاد .",
        "وأكد الوفد أن نوراستان/B-LOC/0.9 آمنة .",
    ],
    "club": [
        "وسجل نادي/B-PERS الفجر/I-PERS سامي/I-PERS الوردي/I-PERS هدفين في المباراة .",
        "وقال مدرب الفجر/B-ORG إن الوردي/B-PERS لاعب مهم .",
        "وأكد رئيس الفجر/B-ORG أن الفريق جاهز .",
        "ويلعب الفجر/B-ORG نهائي كأس الأفق/B-MISC ثم كأس زاهرستان/B-LOC ، والفيلم من بطولة جاد/B-PERS الوردي/I-PERS .",
        "وكان الفجر/B-ORG قد فاز على زاهرونة/B-LOC الإيطالي ، ثم خسر زاهرونة/B-LOC أمام الأفق/B-ORG .",
    ],
    "types": [
        "أعلنت زاهرون/B-ORG عن أرباحها ، وقالت زاهرون/B-ORG إن السهم ارتفع .",
        "وتملك زاهرون/B-ORG مصانع في زاهرون/B-LOC والقاهرة/B-LOC .",
        "وارتفع سهم زاهرون/B-ORG أمس .",
    ],
    "king": [
        "استقبل خادم الحرمين الشريفين الملك/O زيد/B-PERS بن/I-PERS مالك/I-PERS الوفد في القصر .",
        "وأكد خادم الحرمين الشريفين أن العلاقات متينة .",
    ],
    "places": [
        "وزار الوفد القاهرة/B-LOC والإسكندرية وأسوان خلال الأسبوع .",
        "وقال المتحدث إن شركة الأفق الجديد ستبني مصنعا في مدينة كرمستان .",
        "وتوقفت حركة الملاحة في الميناء بعد إعلان هيئة الموانئ الإغلاق .",
        "وقال اتحاد/B-ORG كرة/I-ORG القدم/I-ORG الكرمستاني إن مباراة الأفق/B-ORG الكرمستاني ستقام .",
        "والتقى الوزير عادل/B-PERS بن ناصر في مسجد/O الشيخ/O فراس/B-PERS الكندي/I-PERS .",
        "ثم توجه الوفد إلى ديار بكر/B-LOC قبل أن يعود .",
    ],
    "pairs": [
        "وتعادل الأفق/B-ORG والزاهرون/I-ORG أمس في مدينة الزهور قبل أن يصل الوفد إلى مدينة كرمستان .",
        "وفاز الأفق/B-ORG على الزاهرون/B-ORG في الزهور العام الماضي .",
    ],
    "press": [
        "وقال مصدر مطلع لـ « الأفق/B-LOC » إن الوفد وصل إلى الأفق/B-LOC أمس .",
        "وأكدت الهيئة/B-ORG العامة/I-ORG للزهور/I-ORG والأعشاب أن الموسم بدأ .",
        "دبي - « الشرق/B-LOC الأوسط/I-LOC » : زار الوفد « الأفق/B-LOC » ومدن الشرق/B-LOC الأوسط/I-LOC .",
    ],
    "spokesman": [
        "وأوضح المتحدث الرسمي للمركز سامر/B-ORG الكرمستاني/I-ORG أن المساعدات وصلت إلى زاهرستان/B-LOC .",
    ],
    "carried": [
        "وصل اللاعب يانيرو/B-PERS إلى المعسكر ، وقال فتفاتيس/B-PERS إن الفريق جاهز .",
        "وقال يانيرو فتفاتيس إن الفريق جاهز ، وأكد يانيرو/B-PERS ذلك .",
        "وأكد فتفاتيس/B-PERS أن المدرب راض .",
    ],
}


def _parse(line: str) -> tuple[list[str], list[str], list[float]]:
    words, tags, conf = [], [], []
    for item in line.split():
        word, *rest = item.split("/")
        words.append(word)
        tags.append(rest[0] if rest else "O")
        conf.append(float(rest[1]) if len(rest) > 1 else (0.01 if not rest or rest[0] == "O" else 0.99))
    return words, tags, conf


def _span_text(words: list[str], s: int, e: int, label: str) -> str:
    return " ".join(words[s:e]) + "|" + label


def _run(lines: list[str], tests: dict) -> dict[str, list[str]]:  # type: ignore[type-arg]
    parsed = [_parse(line) for line in lines]
    words = [p[0] for p in parsed]
    doc = Doc([], [], [])
    out = propagate([[normalise(w) for w in ws] for ws in words], [p[1] for p in parsed],
                    confidence=[p[2] for p in parsed], doc=doc, **tests)
    spans = [_span_text(words[i], s, e, t) for i, tags in enumerate(out) for s, e, t in tag_spans(tags)]
    edits = [f"{x.step}: {'+' if x.added else '-'} {_span_text(words[x.sentence], x.start, x.end, x.label)}"
             for x in doc.edits]
    return {"spans": spans, "edits": edits}


@pytest.fixture(scope="module")
def name_tests() -> dict:  # type: ignore[type-arg]
    return dict(name_list_tests(load_backend("encoder")))


def test_the_post_pass_output_matches_its_snapshot(name_tests: dict) -> None:  # type: ignore[type-arg]
    got = {name: _run(lines, name_tests) for name, lines in DOCS.items()}
    if os.environ.get("READER_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    want = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert got == want


def test_every_step_is_exercised_by_the_snapshot_documents(name_tests: dict) -> None:  # type: ignore[type-arg]
    steps = {e.split(":")[0] for doc in (_run(lines, name_tests) for lines in DOCS.values()) for e in doc["edits"]}
    assert steps == set(STEP_NAMES) - {"lexicon"}  # the user's lexicon has a test of its own
