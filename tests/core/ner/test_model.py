"""The shipped model: it loads fast, is versioned, and finds people and places in news prose."""
from __future__ import annotations

import time

import pytest

from reader.core.model import Label
from reader.core.ner import NerBackend, find_spans, load_backend
from reader.core.ner.crf import MODEL_FILE, default_model_dir



def test_the_model_ships_with_the_project() -> None:
    # A missing model is a packaging bug, not a reason to skip: the app depends on it.
    assert (default_model_dir() / MODEL_FILE).is_file()

# Written for this test; not taken from any corpus.
SENTENCE = ("وقال الرئيس الفرنسي إيمانويل ماكرون في مؤتمر صحفي عقده في باريس يوم الثلاثاء إن "
            "وزارة الخارجية ستبحث الأمر مع الأمم المتحدة.")


def test_loads_and_is_versioned() -> None:
    t0 = time.perf_counter()
    backend = load_backend("fast")
    assert time.perf_counter() - t0 < 5  # generous for slow CI; the bench checks < 1 s
    assert isinstance(backend, NerBackend)
    assert backend.name.startswith("builtin-crf-")
    assert load_backend("fast") is backend  # cached


def test_finds_person_and_place() -> None:
    spans = find_spans(SENTENCE, load_backend())
    labels = {(s.text, s.label) for s in spans}
    assert any(lab is Label.PERS and "ماكرون" in txt for txt, lab in labels), labels
    assert any(lab is Label.LOC and "باريس" in txt for txt, lab in labels), labels
    for s in spans:
        assert SENTENCE[s.start:s.end] == s.text


def test_tag_keeps_token_counts() -> None:
    backend = load_backend()
    sents = [["في", "بغداد", "."], [], ["قال", "مسؤول"]]
    tags = backend.tag(sents)
    assert [len(t) for t in tags] == [3, 0, 2]
    assert all(t == "O" or t[:2] in ("B-", "I-") and t[2:] in {"PERS", "LOC", "ORG", "MISC"} for s in tags for t in s)
