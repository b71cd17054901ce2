"""God in formulae, currencies and units never become entities; names containing الله stay whole."""
from __future__ import annotations

import pytest

from reader.core.model import Label, Span
from reader.core.ner.non_names import drop_non_names, is_lone_head, is_non_name

TEXT = ("قال الخليفة عمر بن الخطاب رضي الله عنه إن الأمر لله، وأعلن عبد الله الحسيني أن الشركة "
        "ربحت 300 مليون دولار و20 مليون يورو، بإذن الله، على مسافة 40 كيلومترا من نصر الله.")


def span(surface: str, label: Label) -> Span:
    start = TEXT.index(surface)
    return Span(start, start + len(surface), label, surface)


@pytest.mark.parametrize(("text", "expected"), [
    ("الله", True), ("لله", True), ("بالله", True), ("إن شاء الله", True), ("رضي الله", True),
    ("دولار", True), ("للدولار", True), ("الريالات", True), ("يورو", True), ("كيلومترا", True),
    ("عبد الله", False), ("نصر الله", False), ("فضل الله الحسيني", False), ("الدولة", False), ("البنك الدولي", False),
    ("شيكل", True), ("الكأس", True), ("بكأس", True), ("بطولة", True), ("كأس زاهرستان", False), ("بطولة الأفق", False),
    ("كاس", False),  # CAS, the sports court, is written without the hamza
    ("أيده الله", True), ("شهر ذي القعدة", True), ("كانون الثاني", True), ("1047", True), ("ذي قار", False),
    ("رمضان", False), ("إف-16", False), ("بوصة", True), ("الأقدام", True), ("كرة القدم", False),
    ("توفيق الله", True), ("بتوفيق من الله", True), ("توفيق", False), ("توفيق الزاهري", False),
    ("العلي القدير", True), ("نحمد الله", True), ("العلي", False), ("بيت الله الحرام", True), ("لبيت الله", True), ("بيوت الله", True),
    ("بيت لحم", False),
    ("حسن الجوار", True), ("وحسن الجوار", True), ("حسن نية", True), ("حسن الظن", True), ("حسن الزاهري", False),
    ("حسن", False),
])
def test_non_name_words(text: str, expected: bool) -> None:
    assert is_non_name(text) is expected


def test_spans_lose_non_names_and_formula_tails() -> None:
    at = TEXT.index("بإذن الله") + len("بإذن ")
    god = Span(at, at + len("الله"), Label.ORG, "الله")
    spans = [span("عمر بن الخطاب رضي الله عنه", Label.PERS), span("لله", Label.MISC), span("عبد الله الحسيني", Label.PERS),
             span("دولار", Label.MISC), span("يورو", Label.MISC), god, span("نصر الله", Label.PERS)]
    out = drop_non_names(TEXT, spans)
    assert god in spans
    assert [s.text for s in out] == ["عمر بن الخطاب", "عبد الله الحسيني", "نصر الله"]
    assert all(TEXT[s.start:s.end] == s.text for s in out)


def test_the_holy_mosques_inside_the_kings_title_are_no_entity() -> None:
    text = "وأكد لخادم  الحرمين الشريفين أن زوار الحرمين الشريفين في ازدياد، وزار الملك الحرمين."
    first = text.index("الحرمين")
    spans = [Span(first, first + len("الحرمين"), Label.MISC, "الحرمين"),
             Span(text.index("الحرمين", first + 10), text.index("الحرمين", first + 10) + len("الحرمين الشريفين"),
                  Label.LOC, "الحرمين الشريفين"),
             Span(text.rindex("الحرمين"), text.rindex("الحرمين") + len("الحرمين"), Label.LOC, "الحرمين")]
    assert [s.text for s in drop_non_names(text, spans)] == ["الحرمين الشريفين", "الحرمين"]


@pytest.mark.parametrize(("text", "expected"), [
    ("من", True), ("هذا", True), ("أنا", True), ("وكانت", True), ("بدت", True), ("يتم", True),
    # names that a stripped clitic or article would turn into a function word
    ("العند", False), ("كاين", False), ("بالي", False), ("ألفي", False), ("فاو", False), ("فان", False),
    ("علي", False), ("اليوم", False),  # a given name, a newspaper
    ("آي إن إيه", False),  # several letters may be an acronym
])
def test_one_function_word_is_no_name(text: str, expected: bool) -> None:
    assert is_non_name(text) is expected


def at(text: str, surface: str, label: Label, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``surface`` in ``text`` as a span."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(surface, i + 1)
    return Span(i, i + len(surface), label, surface)


def test_a_title_alone_is_no_name_unless_a_longer_name_of_the_article_ends_with_it() -> None:
    text = ("استقبل الأمير وفدا من الشركة، وقال المحامي سمير الشريف إن الشريف سيعود، "
            "وكتب سيد الداودي أن سيد لن يحضر، وحضر السفير.")

    spans = [at(text, "الأمير", Label.PERS), at(text, "سمير الشريف", Label.PERS), at(text, "الشريف", Label.PERS, 1),
             at(text, "سيد الداودي", Label.PERS), at(text, "سيد", Label.PERS, 1), at(text, "السفير", Label.ORG)]
    kept = [s.text for s in drop_non_names(text, spans)]
    # «الأمير» and «السفير» name nobody here; «الشريف» is سمير الشريف's short form, and «سيد»,
    # a given name as well as a title, that of سيد الداودي
    assert kept == ["سمير الشريف", "الشريف", "سيد الداودي", "سيد"]


def test_a_rank_of_several_words_alone_is_no_name() -> None:
    # a rank and «أول» ("first"): the model tags it as a person alone; with the soldier's name
    # it is the name's title (linking keys the name without it), and after that name it stands
    # for him as a title of several words does (ولي العهد)
    text = "قال الرقيب أول إن القيادة نعت العريف أول سامر علي الزاهري، وقال العريف أول إن"
    spans = [at(text, "الرقيب أول", Label.PERS), at(text, "العريف أول سامر علي الزاهري", Label.PERS),
             at(text, "العريف أول", Label.PERS, 1)]
    assert [s.text for s in drop_non_names(text, spans)] == ["العريف أول سامر علي الزاهري", "العريف أول"]


def test_the_martyr_or_the_late_before_a_name_is_a_title() -> None:
    from reader.core.linking import mention_key
    # «الشهيد» (the martyr), «الفقيد» (the late) before a soldier's or a man's name: no part of
    # it, and alone (or with a rank) no name
    assert mention_key("الشهيد العريف سامر علي الزاهري", label=Label.PERS) == mention_key("سامر علي الزاهري", label=Label.PERS)
    assert mention_key("الفقيد سامر الزاهري", label=Label.PERS) == mention_key("سامر الزاهري", label=Label.PERS)
    text = "نعت القيادة الشهيد العريف ، وقال إن الفقيد كان بطلا"
    spans = [at(text, "الشهيد العريف", Label.PERS), at(text, "الفقيد", Label.PERS)]
    assert drop_non_names(text, spans) == []


def test_a_nationality_adjective_alone_is_no_name_unless_a_longer_name_ends_with_it() -> None:
    text = "وسجل الغاني هدفا، وقال سامر المصري إن المصري سيعود، وزار سويسري سورية، ورحب السوري بالفوز."
    # (an indefinite nisba alone, «سويسري», stays: as often a surname, وحيد سعودي)

    spans = [at(text, "الغاني", Label.PERS), at(text, "سامر المصري", Label.PERS), at(text, "المصري", Label.PERS, 1),
             at(text, "سويسري", Label.PERS), at(text, "سورية", Label.LOC), at(text, "السوري", Label.MISC)]
    # «المصري» is سامر المصري's surname; «سورية» is Syria as well as "Syrian" (feminine)
    assert [s.text for s in drop_non_names(text, spans)] == ["سامر المصري", "المصري", "سويسري", "سورية"]


def test_a_title_inside_a_longer_name_or_before_its_glued_role_is_no_short_form() -> None:
    text = "نقل المريض إلى مستشفى الملك خالد ثم إلى الملك، وقال نادر بن علي الشريف مساعد المدير إن الشريف تابع."
    spans = [Span(text.index(x), text.index(x) + len(x), label, x) for x, label in (
        ("مستشفى الملك خالد", Label.ORG), ("نادر بن علي الشريف مساعد", Label.PERS))]
    spans += [Span(text.index("الملك،"), text.index("الملك،") + 5, Label.LOC, "الملك"),
              Span(text.rindex("الشريف"), text.rindex("الشريف") + 6, Label.PERS, "الشريف")]
    # «الملك» is a word inside the hospital's name, no short form of it; «الشريف» is the
    # person's surname though the span glued his role «مساعد» after it
    assert [s.text for s in drop_non_names(text, spans)] == ["مستشفى الملك خالد", "نادر بن علي الشريف مساعد", "الشريف"]


def test_a_title_alone_stays_after_a_name_that_carries_it() -> None:
    text = "وصل ولي العهد الأمير فهد بن ناصر إلى المدينة، وقال الأمير إن ولي العهد يتابع."
    spans = []
    for surface, label in (("ولي العهد الأمير فهد بن ناصر", Label.PERS), ("الأمير", Label.PERS), ("ولي العهد", Label.PERS)):
        i = text.index(surface, spans[-1].end if spans else 0)
        spans.append(Span(i, i + len(surface), label, surface))
    # linking takes «ولي العهد» to the crown prince named before; a title of one word alone goes
    assert drop_non_names(text, spans) == [spans[0], spans[2]]
    assert drop_non_names(text, spans[1:]) == []


def test_an_honorific_title_joins_its_person_and_alone_stands_for_them() -> None:
    from reader.core.linking import LinkInput, Reason, link
    from reader.core.ner import find_spans

    text = ("استقبل خادم الحرمين الشريفين الملك فهد بن ناصر آل سالم في قصره وفدا من الشركة. "
            "وقال الوزير إن خادم الحرمين الشريفين وجه بتقديم الدعم، ونقل تحيات لخادم الحرمين الشريفين.")
    spans = find_spans(text)
    people = [s.text for s in spans if s.label is Label.PERS]
    assert people == ["خادم الحرمين الشريفين الملك فهد بن ناصر آل سالم", "خادم الحرمين الشريفين", "خادم الحرمين الشريفين"]
    results = link([LinkInput(i, 1, s.text, s.label, start=s.start) for i, s in enumerate(spans) if s.label is Label.PERS])
    assert {r.entity_key for r in results} == {results[0].entity_key}
    assert [r.reason for r in results[1:]] == [Reason.ROLE_IN_ARTICLE.value] * 2
    # with nobody named with it, the title alone is no person
    alone = "وجه خادم الحرمين الشريفين بتقديم الدعم."
    assert all(s.label is not Label.PERS for s in find_spans(alone))


def test_nothing_inside_a_web_or_mail_address_is_an_entity() -> None:
    text = "للتسجيل زوروا www.edu.qmt.sa أو راسلوا info@qmtech.com، وقال سامي الداودي إن موقع qmt.org يعمل."
    spans = []
    for surface, label in (("qmt", Label.ORG), ("qmtech", Label.ORG), ("سامي الداودي", Label.PERS), ("qmt", Label.ORG)):
        i = text.index(surface, spans[-1].end if spans else 0)
        spans.append(Span(i, i + len(surface), label, surface))
    assert [s.text for s in drop_non_names(text, spans)] == ["سامي الداودي"]
    byline = "كتب سامي الداودي\n@s_qmtdaoudi\nللتواصل"
    i, j = byline.index("qmtdaoudi"), byline.index("سامي")
    spans = [Span(j, j + 12, Label.PERS, "سامي الداودي"), Span(i, i + 9, Label.PERS, "qmtdaoudi")]
    assert [s.text for s in drop_non_names(byline, spans)] == ["سامي الداودي"]  # nothing inside a handle


def test_a_span_loses_the_prepositions_it_took_from_the_phrase_after_the_name() -> None:
    text = "وفاز سامر واثق الزاهري من كرمستان، وقالت منظمة الأفق للتعاون في بيان إن قناة إم تي في نقلت الحفل."

    def span(form: str, label: Label) -> Span:
        start = text.index(form)
        return Span(start, start + len(form), label, form)

    out = drop_non_names(text, [span("سامر واثق الزاهري من", Label.PERS), span("منظمة الأفق للتعاون في", Label.ORG),
                                span("إم تي في", Label.ORG)])
    assert [s.text for s in out] == ["سامر واثق الزاهري", "منظمة الأفق للتعاون", "إم تي في"]
    assert all(text[s.start:s.end] == s.text for s in out)


def test_a_formula_of_blessing_after_a_living_person_leaves_the_name() -> None:
    text = "واستقبل الأمير سامر بن زاهر حفظه الله الوفد."
    start = text.index("سامر")
    end = text.index(" الوفد")
    out = drop_non_names(text, [Span(start, end, Label.PERS, text[start:end])])
    assert [s.text for s in out] == ["سامر بن زاهر"]
    # a prophet's «صلوات الله وسلامه عليه», whole or cut after its first words
    text = "وذكر الخطيب النبي زاهر صلوات الله وسلامه عليه في كلمته."
    start = text.index("زاهر")
    for end in (text.index(" الله"), text.index(" وسلامه"), text.index(" في")):
        out = drop_non_names(text, [Span(start, end, Label.PERS, text[start:end])])
        assert [s.text for s in out] == ["زاهر"]


@pytest.mark.parametrize(("text", "expected"), [
    ("نادي", True), ("جامعة", True), ("ومنظمة", True), ("لنادي", True),
    ("النادي", False), ("الاتحاد", False), ("المدينة", False), ("نادي الأفق", False), ("نادين", False),
])
def test_one_head_noun_without_the_article_is_no_name(text: str, expected: bool) -> None:
    assert is_lone_head(text) is expected


def test_the_noun_of_a_name_taken_apart_is_no_entity() -> None:
    # the tagger split «نادي [الأفق]» and left «منظمة» before a quoted name it did not tag (invented names)
    text = "وأعلن نادي الأفق التعاقد مع لاعب، فيما رحبت منظمة «سنابل» بالخطوة، وقال النادي إن العقد لموسمين."
    spans = [Span(text.index(w), text.index(w) + len(w), Label.ORG, w) for w in ("نادي", "الأفق", "منظمة", "النادي")]
    assert [s.text for s in drop_non_names(text, spans)] == ["الأفق", "النادي"]


def test_an_honorific_a_role_governs_is_the_deputys_role_not_the_title() -> None:
    from reader.core.arabic import normalise
    from reader.core.ner.non_names import honorific_names
    from reader.core.words import PERSON_TITLES

    sents = [s.split() for s in ("وقال نائب خادم الحرمين الشريفين الأمير نادر بن سالم إن",
                                 "وأكد نائب خادم الحرمين الشريفين أن", "ورحب خادم الحرمين الشريفين الملك فهد بن ناصر")]
    tags = [["O", "O", "B-PERS", "I-PERS", "I-PERS", "O", "B-PERS", "I-PERS", "I-PERS", "O"],
            ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "O"], ["O", "O", "O", "O", "O", "B-PERS", "I-PERS", "I-PERS"]]
    norms = [[normalise(w) for w in s] for s in sents]
    honorific_names(norms, tags, [[False] * len(s) for s in sents], PERSON_TITLES)
    assert tags[0] == ["O"] * 6 + ["B-PERS", "I-PERS", "I-PERS", "O"]  # the deputy is named, not titled so
    assert tags[1] == ["O"] * 6  # the deputy's role alone, head and all, is no name
    assert tags[2] == ["O", "B-PERS"] + ["I-PERS"] * 6  # the holder's title joins him


def test_the_kings_title_written_short_is_the_title_too() -> None:
    spans = [Span(12, 24, Label.ORG, "خادم الحرمين")]
    text = "أثنى برنامج خادم الحرمين للابتعاث"
    assert text[12:24] == "خادم الحرمين"
    assert drop_non_names(text, spans) == []  # a programme named after the title: the title is nobody there
