"""IOB2 → spans: the edge cases the CoNLL scorer also treats leniently, and offsets on real text."""
from __future__ import annotations

from typing import Sequence

import pytest

from reader.core.arabic import tokenize
from reader.core.model import Label, Span
from reader.core.ner import find_spans, iob_to_spans, load_backend


def spans(words: str, tags: str) -> list[tuple[str, str]]:
    text = words
    toks = tokenize(text)
    assert len(toks) == len(tags.split())
    return [(s.text, s.label.value) for s in iob_to_spans(toks, tags.split(), text)]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("O O O", []),
        ("B-PERS I-PERS O", [("a b", "PERS")]),
        ("I-LOC O O", [("a", "LOC")]),  # a stray I- starts an entity
        ("O I-ORG I-ORG", [("b c", "ORG")]),
        ("B-LOC B-LOC O", [("a", "LOC"), ("b", "LOC")]),  # adjacent B- are separate
        ("B-PERS I-LOC I-LOC", [("a", "PERS"), ("b c", "LOC")]),  # type change starts a new one
        ("B-ORG I-ORG I-ORG", [("a b c", "ORG")]),  # entity running to the end
        ("B-PER I-PER O", [("a b", "PERS")]),  # other spellings of the types
        ("B-XYZ O B-MISC", [("c", "MISC")]),  # unknown types are dropped
    ],
)
def test_iob_edge_cases(tags: str, expected: list[tuple[str, str]]) -> None:
    assert spans("a b c", tags) == expected


def test_span_covers_whole_tokens_with_offsets() -> None:
    text = "  زار وفد  من الأمم المتحدة بغداد."
    toks = tokenize(text)
    tags = ["O", "O", "O", "B-ORG", "I-ORG", "B-LOC", "O"]
    got = iob_to_spans(toks, tags, text)
    assert got == [Span(14, 27, Label.ORG, "الأمم المتحدة"), Span(28, 33, Label.LOC, "بغداد")]


class FakeBackend:
    """Tags every token longer than 3 letters as a location: exercises offsets, not quality."""

    name = "fake-1"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        self.calls.append(len(sentences))
        return [["B-LOC" if len(w) > 3 else "O" for w in s] for s in sentences]


TEXT = (
    "عنوان الخبر\u00a0الأول\n\n"
    "قالت مصادر مطّلعة لـ«الوكالة» إنّ الوفد وصل إلى العاصمة… وأضافت: «سيلتقي المسؤولين غداً».\n"
    "وفي 2020، ارتفعت الأسعار بنسبة ٥٪ 😀 في دمشقَ وبيروت؟ نعم!"
)


def test_offsets_invariant_on_real_text() -> None:
    got = find_spans(TEXT, FakeBackend())
    assert got, "the fake backend tags long words"
    for s in got:
        assert TEXT[s.start:s.end] == s.text
        assert s.text == s.text.strip()


def test_find_spans_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.core.ner as ner

    monkeypatch.setattr(ner, "BATCH_SENTENCES", 2)
    fake = FakeBackend()
    text = "\n".join(f"سطر رقم {i} فيه كلمات" for i in range(5))
    got = find_spans(text, fake)
    assert fake.calls == [2, 2, 1]
    assert [s.text for s in got] == ["كلمات"] * 5  # the only word longer than 3 letters per line


def test_unknown_backend_name() -> None:
    with pytest.raises(ValueError, match="unknown NER model"):
        load_backend("no-such-backend")


def test_articles_tagged_together_are_each_their_own_document() -> None:
    from reader.core.ner import find_spans_many

    # invented articles: a name the first carries through itself must not reach the second
    texts = ["أعلن الوزير سامر الداودي خطة جديدة في عمّان. وقال الداودي إن الخطة تبدأ غدا.",
             "",
             "No Arabic here at all.",
             "وصل الداودي إلى السوق صباحا واشترى خبزا.",
             "زار وفد من الأمم المتحدة بغداد ثم عاد إلى جنيف."]
    crf = load_backend("fast")  # deterministic: a sentence's tags never depend on its batch
    many = find_spans_many(texts, crf)
    assert many == [find_spans(t, crf) for t in texts]
    assert all(t[s.start:s.end] == s.text for t, found in zip(texts, many) for s in found)
    encoder = load_backend()
    for t, found in zip(texts, find_spans_many(texts, encoder)):
        assert all(t[s.start:s.end] == s.text for s in found)
    assert find_spans_many([], encoder) == []
