"""Document consistency, the user's lexicon and clitic trimming: fast, with a stub backend."""
from __future__ import annotations

import pytest

from pathlib import Path
from typing import Sequence

from reader.core.arabic import normalise
from reader.core.model import Label
from reader.core.ner import find_spans
from reader.core.ner.clitics import clitic_cut
from reader.core.ner.consistency import propagate
from reader.core.ner.lexicon import Lexicon
from reader.core.pipeline import analyse, import_paths
from reader.core.store import Library


class Stub:
    """Tags given words only: a tagger that missed some repeats."""

    name = "stub-1"

    def __init__(self, known: dict[tuple[str, ...], str]) -> None:
        self.known = known

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        out = []
        for words in sentences:
            tags = ["O"] * len(words)
            for i in range(len(words)):
                for key, typ in self.known.items():
                    if tuple(words[i:i + len(key)]) == key:
                        tags[i:i + len(key)] = ["B-" + typ] + ["I-" + typ] * (len(key) - 1)
            out.append(tags)
        return out


def norm(sents: list[list[str]]) -> list[list[str]]:
    return [[normalise(w) for w in s] for s in sents]


def test_repeats_with_clitics_and_surname_alone_are_tagged() -> None:
    sents = [["قال", "الرئيس", "سامر", "نصار", "إن"], ["وأكد", "ونصار", "أن"], ["ورد", "لسامر", "نصار"]]
    tags = [["O", "O", "B-PERS", "I-PERS", "O"], ["O", "O", "O"], ["O", "O", "O"]]
    got = propagate(norm(sents), tags)
    assert got[0] == tags[0]
    assert got[1] == ["O", "B-PERS", "O"]  # the surname alone, with a clitic
    assert got[2] == ["O", "B-PERS", "I-PERS"]  # the full name after a preposition


def test_no_short_form_from_a_kunya_or_an_epithet() -> None:
    sents = [["قال", "أبو", "طالب", "و", "عبد", "الله", "الثاني"], ["طالب", "الثاني"]]
    tags = [["O", "B-PERS", "I-PERS", "O", "B-PERS", "I-PERS", "I-PERS"], ["O", "O"]]
    assert propagate(norm(sents), tags, min_share=0.0)[1] == ["O", "O"]


def test_a_word_mostly_left_untagged_is_not_forced() -> None:
    sents = [["في", "الشرق"], ["الشرق"], ["الشرق"], ["الشرق"], ["الشرق"]]
    tags = [["O", "B-LOC"], ["O"], ["O"], ["O"], ["O"]]
    assert propagate(norm(sents), tags) == tags  # tagged once in five: no evidence
    assert propagate(norm(sents), tags, min_share=0.0)[1] == ["B-LOC"]


def test_disagreeing_votes_do_not_propagate() -> None:
    sents = [["مصر"], ["مصر"], ["مصر"]]
    tags = [["B-LOC"], ["B-ORG"], ["O"]]
    assert propagate(norm(sents), tags, min_share=0.0) == tags


def test_lexicon_wins_over_the_model_and_keeps_longer_names() -> None:
    lex = Lexicon.from_entries([("النمر", "ORG"), ("سامر", Label.PERS), ("المكتب", None)])
    sents = [["قال", "النمر", "و", "سامر", "الحلبي"], ["المكتب", "وللنمر"]]
    tags = [["O", "B-PERS", "O", "B-PERS", "I-PERS"], ["B-ORG", "O"]]
    got = propagate(norm(sents), tags, lexicon=lex, enabled=False)
    assert got == [["O", "B-ORG", "O", "B-PERS", "I-PERS"], ["O", "B-ORG"]]
    assert len(lex) == 3 and Lexicon.from_entries([(".", "LOC")]).__len__() == 0


def test_clitic_cut_decisions() -> None:
    vocab = {normalise(w) for w in ("بغداد", "لندن", "دمشق", "العراق")}
    listed = {normalise(w) for w in ("وليد", "رويد", "مصر")}

    def cut(w: str) -> str:
        return w[clitic_cut(w, vocab.__contains__, listed.__contains__):]

    assert cut("وبغداد") == "بغداد"
    assert cut("ولندن") == "لندن"  # the shortest clitic whose rest is known, not و+ل
    assert cut("وبالعراق") == "العراق" and cut("للعراق") == "للعراق" and cut("وللعراق") == "للعراق"
    assert cut("وليد") == "وليد" and cut("فالنسيا") == "فالنسيا" and cut("فرويد") == "فرويد"
    assert cut("بمصر") == "مصر" and cut("فدمشق") == "دمشق"
    assert cut("وتونس") == "وتونس"  # no evidence that تونس stands alone: keep the token
    assert cut("وَبغداد") == "بغداد"  # a diacritic on the clitic goes with it


def test_a_preposition_is_cut_only_before_a_name_of_the_spans_kind() -> None:
    from reader.core.ner.clitics import trim_span
    from reader.core.model import Span

    kinds = {normalise("زاهر"): frozenset({"PFIRST"}), normalise("كرمستان"): frozenset({"CITY"}),
             normalise("تنظيم"): frozenset({"PFIRST"})}

    def trim(text: str, label: Label) -> str:
        return trim_span(Span(0, len(text), label, text), set(), kinds.__contains__, lambda w: kinds.get(w, frozenset())).text

    assert trim("بزاهر", Label.PERS) == "زاهر" and trim("بزاهر", Label.ORG) == "بزاهر"  # a club's ب: بايرن
    assert trim("بكرمستان", Label.LOC) == "كرمستان" and trim("بكرمستان", Label.PERS) == "بكرمستان"
    assert trim("بتنظيم زاهرون", Label.ORG) == "تنظيم زاهرون"  # a body's head fits a body
    assert trim("وزاهر", Label.ORG) == "زاهر"  # the conjunction: any listed rest
    # و before a hamza on alef or another script is the conjunction, with no evidence needed
    assert trim("وآل زاهر", Label.PERS) == "آل زاهر" and trim("وأوراستان", Label.LOC) == "أوراستان"
    assert trim("وZahirOS", Label.MISC) == "ZahirOS" and trim("و2015 زاهر", Label.MISC) == "2015 زاهر"
    assert trim("وداد زاهر", Label.PERS) == "وداد زاهر" and trim("وارسو", Label.LOC) == "وارسو"


TEXT = "قال الرئيس سامر نصار في بغداد إن وبغداد مدينة. وأكد نصار أن كريم زار بغداد."


def test_find_spans_post_passes_keep_offsets() -> None:
    backend = Stub({("سامر", "نصار"): "PERS", ("وبغداد",): "LOC", ("بغداد",): "LOC"})
    plain = find_spans(TEXT, backend, consistency=False, trim=False)
    assert [s.text for s in plain] == ["سامر نصار", "بغداد", "وبغداد", "بغداد"]
    spans = find_spans(TEXT, backend, lexicon=Lexicon.from_entries([("كريم", "PERS")]))
    assert [(s.text, s.label) for s in spans] == [
        ("سامر نصار", Label.PERS), ("بغداد", Label.LOC), ("بغداد", Label.LOC), ("نصار", Label.PERS),
        ("كريم", Label.PERS), ("بغداد", Label.LOC)]
    for s in spans:
        assert TEXT[s.start:s.end] == s.text

def test_lexicon_reaches_every_article(tmp_path: Path) -> None:
    body = "قال سامر نصار إن الوفد وصل إلى بغداد صباح اليوم في زيارة تستمر يومين.\n" * 3
    (tmp_path / "a.txt").write_text("وصول الوفد\n\n" + body, encoding="utf-8")
    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        backend = Stub({("بغداد",): "LOC"})
        import_paths(lib, [tmp_path / "a.txt"], backend)
        (aid,) = lib.article_ids()
        assert {m.text for m in lib.mentions(aid)} == {"بغداد"}
        lexicon = Lexicon.from_entries([("سامر نصار", Label.PERS)])
        assert analyse(lib, backend, lib.article_ids(), lexicon=lexicon) == 1
        assert {(m.text, m.label) for m in lib.mentions(aid)} == {("سامر نصار", Label.PERS), ("بغداد", Label.LOC)}
    finally:
        lib.close()


def test_a_listed_place_tagged_once_is_carried_to_every_occurrence() -> None:
    listed = {normalise(w) for w in ("كرمستان", "السعودية")}

    def place(w: str) -> bool:
        return w in listed

    sents = [["وصلوا", "إلى", "كرمستان"]] + [["غادر", "كرمستان", "أمس"]] * 4 \
        + [["في", "السعودية"]] + [["الحملة", "السعودية", "للإغاثة"]] * 4
    tags = [["O", "O", "B-LOC"]] + [["O"] * 3] * 4 + [["O", "B-LOC"]] + [["O"] * 3] * 4
    got = propagate(norm(sents), tags, place_name=place, disable=("patterns",))
    assert all(t == ["O", "B-LOC", "O"] for t in got[1:5])  # 1 of 5 tagged: under the share, but listed
    assert all(t == ["O"] * 3 for t in got[6:])  # shaped like a feminine adjective: the share decides
    got = propagate(norm(sents), tags, place_name=None, disable=("patterns",))
    assert all(t == ["O"] * 3 for t in got[1:5])  # not listed: 1 of 5 is under the share


def test_a_one_word_body_shaped_like_an_adjective_is_not_carried() -> None:
    sents = [["صحيفة", "العربي", "قالت"], ["الوطن", "العربي", "كله"], ["دعم", "العربي"], ["زار", "البارون", "أمس"],
             ["قال", "البارون"]]
    tags = [["O", "B-ORG", "O"], ["O", "O", "O"], ["O", "O"], ["O", "B-ORG", "O"], ["O", "O"]]
    got = propagate(norm(sents), tags, disable=("patterns",))
    assert got[1] == ["O", "O", "O"] and got[2] == ["O", "O"]  # not carried
    assert got[4] == ["O", "B-ORG"]  # a body's name that is no adjective is


def test_the_next_item_of_a_list_leaves_its_conjunction_out() -> None:
    backend = Stub({("زاهرون",): "ORG", ("وقرطان",): "ORG", ("وسامرون",): "PERS"})
    text = "ارتفعت أسهم زاهرون، وقرطان أمس. وقال وسامرون إن"
    spans = find_spans(text, backend, consistency=False)
    assert [s.text for s in spans] == ["زاهرون", "قرطان", "وسامرون"]  # وسامرون follows no list: no evidence
    # items with a bracket after each (X (2011) وY (2012)); a head noun that begins with و keeps it
    backend = Stub({("زاهرون",): "ORG", ("وقرطان",): "ORG", ("وزارة", "الزهور"): "ORG"})
    text = "فاز زاهرون (2011) وقرطان (2012) باللقب. وطالب السكان (أمس) وزارة الزهور بالتدخل."
    spans = find_spans(text, backend, consistency=False)
    assert [s.text for s in spans] == ["زاهرون", "قرطان", "وزارة الزهور"]


def test_post_pass_steps_run_in_order_and_can_be_left_out_by_name() -> None:
    from reader.core.ner.consistency import STEP_NAMES, Doc

    assert STEP_NAMES[0] == "lexicon" and STEP_NAMES[-1] == "roles"
    sents = [["قال", "خليل", "العبيدي", "إن"]] + [["وأضاف", "العبيدي", "أمس"]] * 3
    tags = [["O", "B-PERS", "I-PERS", "O"]] + [["O"] * 3] * 3
    doc = Doc([], [], [])
    got = propagate(norm(sents), tags, doc=doc)
    assert all(t == ["O", "B-PERS", "O"] for t in got[1:])  # the surname alone, carried
    assert doc.changes["carry"] == 3 and doc.changes["lexicon"] == 0
    assert propagate(norm(sents), tags, disable=("carry",)) == tags  # left out: nothing carried
    with pytest.raises(ValueError, match="unknown post-pass steps"):
        propagate(norm(sents), tags, disable=("no_such_step",))


def test_an_unsure_one_word_name_needs_the_documents_or_a_lists_backing() -> None:
    from reader.core.ner.consistency import MIN_CONFIDENCE

    low, high = MIN_CONFIDENCE / 2, (1 + MIN_CONFIDENCE) / 2
    sents = [["قال", "تستغرق", "إن"], ["زار", "كرمستان", "أمس"], ["وقال", "نادر", "الزهيري"], ["وأكد", "الزهيري", "أن"],
             ["ثم", "بلغ", "بارقون"]]
    tags = [["O", "B-PERS", "O"], ["O", "B-LOC", "O"], ["O", "B-PERS", "I-PERS"], ["O", "B-PERS", "O"], ["O", "O", "B-ORG"]]
    confidence = [[0.01, low, 0.01], [0.01, low, 0.01], [0.01, high, high], [0.01, low, 0.01], [0.01, 0.01, high]]

    def listed(w: str) -> bool:
        return w == normalise("كرمستان")

    got = propagate(norm(sents), tags, confidence=confidence, listed=listed, disable=("patterns",))
    assert got[0] == ["O", "O", "O"]  # unsure, alone in the document, in no list: no name
    assert got[1] == tags[1]  # unsure, but a listed place
    assert got[3] == tags[3]  # unsure, but the document names him with confidence
    assert got[4] == tags[4]  # sure
    # without a confidence (the CRF gives none) or with the step left out, nothing changes
    assert propagate(norm(sents), tags, disable=("patterns",))[0] == tags[0]
    assert propagate(norm(sents), tags, confidence=confidence, disable=("patterns", "doubtful"))[0] == tags[0]
    # a name the user confirmed is never doubted
    lexicon = Lexicon.from_entries([("تستغرق", Label.PERS)])
    assert propagate(norm(sents), tags, lexicon, confidence=confidence, disable=("patterns",))[0] == tags[0]


def test_a_name_is_carried_only_to_the_same_word_with_or_without_the_article() -> None:
    sents = [["في", "نادي", "زاهرون", "الرياضي"], ["في", "التاريخ", "الزاهرون", "والمعاصر"], ["وفاز", "لزاهرون", "أمس"],
             ["وصل", "إلى", "العراقين"], ["قال", "بالعراقين", "وعراقين"]]
    tags = [["O", "O", "B-ORG", "O"], ["O"] * 4, ["O"] * 3, ["O", "O", "B-LOC"], ["O"] * 3]
    got = propagate(norm(sents), tags, disable=("patterns",))
    assert got[1] == ["O"] * 4  # with the article it is another word (an adjective)
    assert got[2] == ["O", "B-ORG", "O"]  # with a preposition it is the name
    assert got[4] == ["O", "B-LOC", "O"]  # the article after a preposition is the name's; none is another word


def test_and_before_a_common_given_name_is_the_conjunction_whatever_a_surname_list_says() -> None:
    # وعلي is in the name lists as a family name; before a person's other names it is "and Ali"
    backend = Stub({("وعلي", "الزاهري"): "PERS", ("وليد", "الزاهري"): "PERS"})
    spans = find_spans("حضر الأمسية سامر وعلي الزاهري. وقال وليد الزاهري إن", backend, consistency=False)
    assert [s.text for s in spans] == ["علي الزاهري", "وليد الزاهري"]


def test_a_listed_place_of_several_words_is_one_place() -> None:
    phrases = {("جسر", "الزهور"), ("كرمستان", "الكبرى"), ("مدينه", "الافق")}
    listed = {"كرمستان"}

    def place_phrase(norms: Sequence[str], i: int) -> int:
        return next((len(p) for p in phrases if tuple(norms[i:i + len(p)]) == p), 0)

    sents = [["في", "جسر", "الزهور", "أمس"], ["في", "جسر", "الزهور"], ["في", "كرمستان", "الكبرى"], ["في", "مدينة", "الأفق"],
             ["قال", "جسر", "الزهور"]]
    tags = [["O", "O", "B-LOC", "O"], ["O", "O", "O"], ["O", "B-LOC", "O"], ["O", "O", "O"], ["O", "B-PERS", "I-PERS"]]
    got = propagate(norm(sents), tags, disable=("patterns", "carry"), place_phrase=place_phrase,
                    place_name=lambda w: w in listed)
    # the model's part of it, or none of it; not after a listed place the model found (its short
    # name), nor after a place noun, nor over another type
    assert got[:2] == [["O", "B-LOC", "I-LOC", "O"], ["O", "B-LOC", "I-LOC"]]
    assert got[2:] == tags[2:]


def test_a_given_name_and_a_family_name_typed_a_body_are_a_person() -> None:
    # a spokesman the model read as his body; a company named by a given name and a country, a
    # fund named for its field, a club's head: bodies
    sents = [["وأوضح", "المتحدث", "للمركز", "سامر", "الكرمستاني", "أن"], ["قالت", "زين", "السعودية"],
             ["قالت", "وفاء", "للتأمين"], ["قال", "نادي", "الزاهري"], ["وأوضح", "المتحدث", "فهيد", "الكرمستاني"]]
    tags = [["O", "O", "O", "B-ORG", "I-ORG", "O"], ["O", "B-ORG", "I-ORG"], ["O", "B-ORG", "I-ORG"], ["O", "B-ORG", "I-ORG"],
            ["O", "O", "B-ORG", "I-ORG"]]
    got = propagate(norm(sents), tags, disable=("patterns",))
    assert got[0] == ["O", "O", "O", "B-PERS", "I-PERS", "O"]
    assert got[1:4] == tags[1:4]
    assert got[4] == ["O", "O", "B-PERS", "I-PERS"]  # a first name of the model's wider list (فهيد)


def test_a_name_the_document_types_one_way_is_that_type_everywhere_in_it() -> None:
    sents = [["قال", "الزاهرون", "إن"]] * 3 + [["في", "الزاهرون", "أمس"], ["زار", "كرمستان"], ["من", "كرمستان"]]
    tags = [["O", "B-ORG", "O"]] * 3 + [["O", "B-LOC", "O"], ["O", "B-LOC"], ["O", "B-PERS"]]
    got = propagate(norm(sents), tags, disable=("patterns",))
    assert got[3] == ["O", "B-ORG", "O"]  # three to one: the body
    assert got[4:] == tags[4:]  # one to one: no majority, each keeps its own
    assert propagate(norm(sents), tags, disable=("patterns", "one_type"))[3] == tags[3]


def test_the_models_other_needs_more_confidence_than_its_names() -> None:
    from reader.core.ner.consistency import MIN_CONFIDENCE, MIN_OTHER_CONFIDENCE

    between = (MIN_CONFIDENCE + MIN_OTHER_CONFIDENCE) / 2
    sents = [["وأضاف", "أن", "البرتقوميوم", "مفيد"], ["وقال", "زهرانوف", "إن"]]
    tags = [["O", "O", "B-MISC", "O"], ["O", "B-PERS", "O"]]
    confidence = [[0.01, 0.01, between, 0.01], [0.01, between, 0.01]]
    got = propagate(norm(sents), tags, confidence=confidence, disable=("patterns",))
    assert got[0] == ["O", "O", "O", "O"]  # "other" at that confidence: a common noun's guess
    assert got[1] == tags[1]  # a person at the same confidence stays
    sure = [[0.01, 0.01, (1 + MIN_OTHER_CONFIDENCE) / 2, 0.01], confidence[1]]
    assert propagate(norm(sents), tags, confidence=sure, disable=("patterns",))[0] == tags[0]
