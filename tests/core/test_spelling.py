"""Spelling folds: which two spellings may be one name (the linker weighs the context)."""
from __future__ import annotations

from reader.core.linking.variants import close_names
from reader.core.model import Label
from reader.core.spelling import one_slip_apart, story_fold


def test_story_fold_folds_what_a_writer_spells_as_heard() -> None:
    # ق/ك, ع for a vowel, ch as تش or ش, a hamza's seat, besides the sound fold's vowels and classes
    for a, b in (("توزلاق", "توزليك"), ("عادل", "اديل"), ("كوستريتشاك", "كوستريساك"), ("شؤون", "شئون")):
        assert story_fold(a) == story_fold(b), (a, b)
    # another consonant: another name
    for a, b in (("كرمستان", "كرمستال"), ("توزلاق", "توزلام")):
        assert story_fold(a) != story_fold(b), (a, b)


def test_one_slip_apart() -> None:
    assert one_slip_apart("الوزارء", "الوزراء")  # two letters side by side swapped
    assert one_slip_apart("اللبناني", "اللبنانيه")  # one left out
    assert not one_slip_apart("الوزاري", "الوزراء")
    assert not one_slip_apart("الزاهرون", "الزاهرون")


def test_close_names_of_people_places_and_bodies() -> None:
    assert close_names("بكر توزلاق", "بكر توزليك", Label.PERS)
    assert close_names("تيموثي كوستريتشاك", "تيموتي كوستريساك", Label.PERS)  # two words
    assert not close_names("حسن توزلاق", "حسين توزلاق", Label.PERS)  # two listed given names
    assert not close_names("بكر توزلاق", "توزلاق", Label.PERS)  # one word: no
    # a body: one word a slip apart, not two words of one root
    assert close_names("حزب الموتمر الزاهري", "حزب المؤتمر الزاهري", Label.ORG)
    assert not close_names("مجلس الوزاري", "مجلس الوزراء", Label.ORG)
    assert not close_names("حزب الموتمر الزاهري", "حزب المؤتمر الزاهرية", Label.ORG)  # two words
