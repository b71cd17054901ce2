"""Corrections are stored, replayed after every relink, undone/redone, exported and imported."""
import json

import pytest

from reader.core import corrections as corr
from reader.core.linking import Reason, relink_library
from reader.core.model import Document, Label, Span
from reader.core.store import Library

P, O, L = Label.PERS, Label.ORG, Label.LOC

TEXTS = [
    "التقى سمير الداودي وفداً في بيروت، وقال الداودي إن الزيارة مهمة. وحضر مازن الحلبي اللقاء.",
    "أكد سمير داودي أن بيروت مستعدة، وأضاف الحلبي أن الوفد وصل.",
]
MARKS = [("سمير الداودي", P), ("الداودي", P), ("بيروت", L), ("مازن الحلبي", P), ("سمير داودي", P), ("الحلبي", P)]


def spans(text, marks=MARKS):
    out, taken = [], []
    for form, label in sorted(marks, key=lambda m: -len(m[0])):
        start = text.find(form)
        while start >= 0:
            end = start + len(form)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                out.append(Span(start, end, label))
            start = text.find(form, end)
    return out


def analyse(lib, texts=TEXTS):
    """What the pipeline does: upsert, model mentions, relink (which replays corrections)."""
    with lib.transaction():
        for i, text in enumerate(texts):
            a, _ = lib.upsert_document(Document(f"/x/{i}.txt", f"t{i}", text, text, outlet="o", date="2020-01-0" + str(i + 1)))
            lib.set_model_mentions(a, spans(text), "test")
        relink_library(lib)


def entity_of(lib, article_id, text):
    m = next(m for m in lib.mentions(article_id) if m.text == text)
    return lib.entity(m.entity_id)


@pytest.fixture
def lib(library):
    analyse(library)
    return library


def test_mark_adds_a_user_mention_that_survives_reanalysis(lib):
    text = lib.article(2).text
    start = text.index("الوفد")
    corr.mark(lib, 2, start - 1, start + len("الوفد") + 1, Label.ORG)  # white space around is trimmed
    assert any(m.text == "الوفد" and m.origin == "user" and m.label is O for m in lib.mentions(2))
    analyse(lib)  # a re-analysis replaces model mentions, then replays the mark
    assert [m.text for m in lib.mentions(2) if m.origin == "user"] == ["الوفد"]


def test_mark_over_a_model_mention_changes_its_type_and_undo_brings_it_back(lib):
    text = lib.article(1).text
    start = text.index("بيروت")
    corr.mark(lib, 1, start, start + 5, Label.ORG)
    ms = [m for m in lib.mentions(1) if m.text == "بيروت"]
    assert [(m.label, m.origin) for m in ms] == [(O, "user")]
    # the user's type outvotes the model's for the whole entity
    assert [m.label for m in lib.mentions(2) if m.text == "بيروت"] == [O]
    assert corr.undo(lib) is not None
    ms = [m for m in lib.mentions(1) if m.text == "بيروت"]
    assert [(m.label, m.origin) for m in ms] == [(L, "model")]
    assert corr.redo(lib) is not None
    assert [m.label for m in lib.mentions(1) if m.text == "بيروت"] == [O]


def test_remove_a_wrong_mention_survives_reanalysis_and_undo(lib):
    m = next(m for m in lib.mentions(2) if m.text == "الحلبي")
    corr.remove_mention(lib, m.id)
    assert "الحلبي" not in [m.text for m in lib.mentions(2)]
    analyse(lib)
    assert "الحلبي" not in [m.text for m in lib.mentions(2)]
    corr.undo(lib)
    assert "الحلبي" in [m.text for m in lib.mentions(2)]


def test_a_mark_follows_its_words_when_the_text_changes(lib):
    text = lib.article(2).text
    start = text.index("الوفد")
    corr.mark(lib, 2, start, start + 5, Label.ORG)
    changed = "خبر جديد في المقدمة عن الوفد الآخر. " + TEXTS[1]
    analyse(lib, [TEXTS[0], changed])  # re-import of changed text: offsets moved, and a decoy
    user = [m for m in lib.mentions(2) if m.origin == "user"]
    assert [m.text for m in user] == ["الوفد"]
    assert user[0].start == changed.rindex("الوفد")  # the occurrence with the marked surroundings


def test_merge_split_rename_and_type_survive_reanalysis(lib):
    samir = entity_of(lib, 1, "سمير الداودي")
    halabi = entity_of(lib, 1, "مازن الحلبي")
    assert samir.id != halabi.id
    corr.merge(lib, [samir.id, halabi.id], into=samir.id)
    merged = entity_of(lib, 1, "مازن الحلبي")
    assert merged.key == samir.key and merged.n_articles == 2
    assert any(reason == Reason.MERGED_BY_USER for _, reason, _ in lib.entity_forms(merged.id))

    corr.rename(lib, merged.id, "س. الداودي")
    corr.set_type(lib, lib.entity_by_key(samir.key).id, Label.ORG)
    short = next(m for m in lib.mentions(1) if m.text == "الداودي")
    corr.split_mention(lib, short.id)

    def check():
        e = lib.entity_by_key(samir.key)
        assert e.name == "س. الداودي" and e.label is O
        assert entity_of(lib, 2, "الحلبي").id == e.id  # the merge holds in the other article too
        split = entity_of(lib, 1, "الداودي")
        assert split.id != e.id and split.key.startswith("داودي #")
        assert [m.link_reason for m in lib.mentions(1) if m.text == "الداودي"] == [Reason.SPLIT_BY_USER]

    check()
    analyse(lib)
    check()
    # undo all four: back to what linking alone gives
    for _ in range(4):
        assert corr.undo(lib) is not None
    assert corr.undo(lib) is None
    assert entity_of(lib, 1, "مازن الحلبي").id != entity_of(lib, 1, "سمير الداودي").id
    assert entity_of(lib, 1, "سمير الداودي").name == "سمير الداودي"


def test_redo_history_ends_with_a_new_correction(lib):
    samir = entity_of(lib, 1, "سمير الداودي")
    corr.rename(lib, samir.id, "أ")
    corr.undo(lib)
    assert corr.can_redo(lib) is not None
    corr.rename(lib, samir.id, "ب")
    assert corr.can_redo(lib) is None
    assert lib.entity_by_key(samir.key).name == "ب"


def test_merge_refers_to_keys_not_ids_and_follows_a_longer_name(lib):
    # Merge the short الحلبي of article 2 (its own entity while nothing longer is known across
    # articles) ... then the library learns more and ids change: the merge still holds.
    halabi2 = entity_of(lib, 2, "الحلبي")
    samir = entity_of(lib, 1, "سمير الداودي")
    corr.merge(lib, [halabi2.id, samir.id], into=samir.id)
    payload = corr.active(lib)[-1].payload
    assert "id" not in json.dumps(payload)
    lib.conn.execute("DELETE FROM entities")  # ids are gone; keys rebuild them
    with lib.transaction():
        relink_library(lib)
    assert entity_of(lib, 2, "الحلبي").id == entity_of(lib, 1, "سمير الداودي").id


def test_export_and_import_share_corrections_with_a_colleague(lib, tmp_path):
    samir = entity_of(lib, 1, "سمير الداودي")
    text = lib.article(2).text
    corr.mark(lib, 2, text.index("الوفد"), text.index("الوفد") + 5, Label.ORG)
    corr.rename(lib, samir.id, "الداودي (سمير)")
    path = tmp_path / "corrections.json"
    assert corr.export_corrections(lib, path) == 2
    other = Library.open(tmp_path / "colleague.sqlite")
    try:
        analyse(other)
        assert corr.import_corrections(other, path) == 2
        assert corr.import_corrections(other, path) == 0  # already in force
        assert other.entity_by_key(samir.key).name == "الداودي (سمير)"
        assert [m.text for m in other.mentions(2) if m.origin == "user"] == ["الوفد"]
    finally:
        other.close()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(corr.CorrectionError):
        corr.import_corrections(lib, bad)


def test_locate_prefers_the_occurrence_with_matching_context():
    text = "قال الداودي إن ... ثم عاد الداودي إلى بيروت"
    second = text.rindex("الداودي")
    here = corr.ArticleRef("/x.txt")
    anchor = corr.Anchor(here, 3, 10, "الداودي", before="ثم عاد ", after=" إلى بيروت")
    assert corr.locate(text, anchor) == (second, second + 7)
    assert corr.locate(text, corr.Anchor(here, 0, 4, "غائب")) is None


def test_bad_corrections_are_refused(lib):
    with pytest.raises(corr.CorrectionError):
        corr.mark(lib, 1, 3, 3, Label.PERS)
    with pytest.raises(corr.CorrectionError):
        corr.merge(lib, [entity_of(lib, 1, "سمير الداودي").id])
    with pytest.raises(corr.CorrectionError):
        corr.rename(lib, entity_of(lib, 1, "سمير الداودي").id, "   ")


def test_a_name_the_user_marked_is_recognised_in_new_articles(library):
    from reader.core.corrections import mark
    from reader.core.model import Document
    from reader.core.pipeline import analyse

    text = "وصل المبعوث زرقاوي بوزنيقة إلى المدينة صباح اليوم."
    with library.transaction():
        a, _ = library.upsert_document(Document("one.txt", "خبر", text, text))
    analyse(library, workers=1)
    start = text.index("زرقاوي بوزنيقة")
    with library.transaction():
        mark(library, a, start, start + len("زرقاوي بوزنيقة"), "PERS")
    other = "والتقى زرقاوي بوزنيقة عدداً من المسؤولين."
    with library.transaction():
        b, _ = library.upsert_document(Document("two.txt", "خبر آخر", other, other))
    analyse(library, article_ids=[b], workers=1)
    found = [m for m in library.mentions(b) if m.label.value == "PERS"]
    assert any(m.text == "زرقاوي بوزنيقة" for m in found), found


def test_each_kind_of_correction_is_a_typed_value_stored_as_before():
    """Typed values in the code; in the library, files and journal the kind and JSON payload
    that libraries made so far hold (read back into the same value)."""
    here = corr.ArticleRef("/news/1.txt", "https://example.org/1", "عنوان")
    anchor = corr.Anchor(here, 10, 16, "الهيئة", before="قالت ", after=" إن")
    ref = corr.EntityRef("هيئه", "ORG", "الهيئة", ("هيئه", "الهيئه"))
    other = corr.EntityRef("هيئه عامه", "ORG", "الهيئة العامة")
    changes = [corr.Mark(anchor, Label.ORG), corr.Remove(anchor), corr.Split(anchor), corr.SetType(ref, Label.LOC),
               corr.Rename(ref, "هيئة الأرصاد"), corr.Merge(ref, (other,), "هيئة الأرصاد"), corr.Merge(ref, (other,))]
    for change in changes:
        stored = json.loads(json.dumps(corr.to_payload(change), ensure_ascii=False))
        assert corr.parse_change(change.kind, stored) == change
    assert corr.to_payload(changes[0]) == {
        "anchor": {"article": {"source": "/news/1.txt", "url": "https://example.org/1", "title": "عنوان"},
                   "start": 10, "end": 16, "text": "الهيئة", "before": "قالت ", "after": " إن"}, "label": "ORG"}
    assert "name" not in corr.to_payload(changes[-1])  # a merge with no chosen name, as before
    for kind, payload in (("mark", {"label": "ORG"}), ("rename", {"entity": {"key": 3}, "name": "x"}),
                          ("merge", {"into": {"key": "a"}, "entities": "b"}), ("teleport", {}), ("split", [])):
        with pytest.raises(corr.CorrectionError):
            corr.parse_change(kind, payload)


def test_a_corrections_file_item_this_version_cannot_read_is_left_out(lib, tmp_path):
    samir = entity_of(lib, 1, "سمير الداودي")
    corr.rename(lib, samir.id, "سمير الداودي (الوزير)")
    path = tmp_path / "corrections.json"
    corr.export_corrections(lib, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["corrections"].insert(0, {"kind": "rename", "payload": {"name": "بلا كيان"}})  # no entity
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    other = Library.open(tmp_path / "colleague.sqlite")
    try:
        analyse(other)
        assert corr.import_corrections(other, path) == 1
        assert [c.kind for c in corr.active(other)] == ["rename"]
        assert other.entity_by_key(samir.key).name == "سمير الداودي (الوزير)"
    finally:
        other.close()
