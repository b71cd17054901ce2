"""A role that introduced a person stands for them alone later in the article (``roles.py``)."""
from __future__ import annotations

from reader.core.arabic import normalise
from reader.core.ner.roles import role_names


def run(sents: list[list[str]], tags: list[list[str]], first_name=None) -> list[list[str]]:  # type: ignore[no-untyped-def]
    norms = [[normalise(w) for w in s] for s in sents]
    out = [list(t) for t in tags]
    role_names(norms, out, [[False] * len(s) for s in sents], first_name)
    return out


NAMED = ["أعلن", "وزير", "الدفاع", "الأردني", "سامي", "الداودي", "أمس"]
NAMED_TAGS = ["O", "O", "O", "O", "B-PERS", "I-PERS", "O"]


def test_a_role_alone_after_it_introduced_a_person_is_that_persons_mention() -> None:
    later = ["وقال", "وزير", "الدفاع", "إن", "القوات", "باقية"]
    tags = run([NAMED, later], [NAMED_TAGS, ["O"] * 6])
    assert tags[0] == ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "I-PERS", "O"]  # the role joins the name
    assert tags[1] == ["O", "B-PERS", "I-PERS", "O", "O", "O"]


def test_no_role_before_the_person_is_named_nor_where_it_never_recurs() -> None:
    before = ["وقال", "وزير", "الدفاع", "إن", "القوات", "باقية"]
    tags = run([before, NAMED], [["O"] * 6, NAMED_TAGS])
    assert tags == [["O"] * 6, NAMED_TAGS]  # alone only before: nothing, and the person's span as it was


def test_a_role_that_goes_on_or_is_another_titles_object_stays_untagged() -> None:
    other = ["والتقى", "وزير", "الدفاع", "الأمريكي", "أمس"]  # another country's minister
    deputy = ["وأكد", "نائب", "وزير", "الدفاع", "أمس"]  # the minister's deputy
    named_next = ["واستقبل", "وزير", "الدفاع", "رامي", "أمس"]  # a person the model missed
    tags = run([NAMED, other, deputy, named_next], [NAMED_TAGS, ["O"] * 5, ["O"] * 5, ["O"] * 5],
               first_name=lambda w: w == "رامي")
    assert tags == [NAMED_TAGS, ["O"] * 5, ["O"] * 5, ["O"] * 5]


def test_a_single_title_word_is_no_role() -> None:
    named = ["وصل", "الأمير", "سامي", "الداودي"]
    later = ["وقال", "الأمير", "إن", "الزيارة", "ناجحة"]
    tags = run([named, later], [["O", "O", "B-PERS", "I-PERS"], ["O"] * 5])
    assert tags == [["O", "O", "B-PERS", "I-PERS"], ["O"] * 5]
