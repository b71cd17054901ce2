"""Mending the tagger's spans before the document pass: affiliations, fathers' names, pairs."""
from __future__ import annotations

from reader.core.arabic import normalise
from reader.core.ner.mending import adjacent_people, person_bounds, split_affiliations, split_coordinated, teams


def norm(sents: list[list[str]]) -> list[list[str]]:
    return [[normalise(w) for w in s] for s in sents]


def test_a_person_span_that_starts_with_the_persons_team_is_split() -> None:
    def run(sents: list[list[str]], tags: list[list[str]]) -> list[list[str]]:
        out = [list(t) for t in tags]
        split_affiliations(norm(sents), out, [[False] * len(s) for s in sents])
        return out

    # a club's noun and name at the start of a person
    assert run([["قال", "نادي", "الأفق", "سامر", "زاهر"]], [["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS"]]) \
        == [["O", "O", "B-ORG", "B-PERS", "I-PERS"]]
    # words the document tags as a body elsewhere (there with a clitic), after a role word
    sents = [["فاز", "لزاهرون", "أمس"], ["وقال", "جناح", "زاهرون", "سامر", "قاسم"], ["وقال", "زاهرون", "قاسم"]]
    tags = [["O", "B-ORG", "O"], ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS"], ["O", "B-PERS", "I-PERS"]]
    got = run(sents, tags)
    assert got[1] == ["O", "O", "B-ORG", "B-PERS", "I-PERS"]
    assert got[2] == ["O", "B-PERS", "I-PERS"]  # one word left that the document never names alone
    # more often a person's first name than a body: one person
    sents = [["فاز", "زاهرون", "أمس"]] + [["قال", "زاهرون", "سامر"]] * 2
    tags = [["O", "B-ORG", "O"]] + [["O", "B-PERS", "I-PERS"]] * 2
    assert run(sents, tags) == tags
    # a word that binds a name's parts (بن, أبي, آل) starts or ends no body inside a person,
    # even where the document once tagged it alone as a place
    sents = [["زار", "بن", "أمس"], ["قال", "سامر", "بن", "أبي", "زاهر"], ["وصل", "قاسم", "آل", "زاهرون"]]
    tags = [["O", "B-LOC", "O"], ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS"], ["O", "B-PERS", "I-PERS", "I-PERS"]]
    got = run(sents, tags)
    assert got[1:] == tags[1:]
    sents = [["فاز", "زاهرون", "أمس"], ["وقال", "زاهرون", "بن", "قاسم", "سامر"]]
    tags = [["O", "B-ORG", "O"], ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS"]]
    assert run(sents, tags)[1] == tags[1]


def test_person_bounds_take_the_fathers_name_and_stop_at_a_noun() -> None:
    given = {normalise(w) for w in ("سامر", "قاسم", "ليلى")}

    def run(words: list[str], tags: list[str]) -> list[str]:
        out = [list(tags)]
        person_bounds(norm([words]), out, [[False] * len(words)], given.__contains__)
        return out[0]

    # the father's name after بن/بنت joins, a kunya with its second word
    assert run(["قالت", "ليلى", "بنت", "أبي", "زاهر", "إن"], ["O", "B-PERS", "O", "O", "O", "O"]) \
        == ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "O"]
    # a listed given name before بن, where the model started after it
    assert run(["وصل", "سامر", "بن", "زاهر", "أمس"], ["O", "O", "O", "B-PERS", "O"]) == ["O", "B-PERS", "I-PERS", "I-PERS", "O"]
    assert run(["وصل", "سامر", "بن", "زاهر"], ["O", "O", "B-PERS", "I-PERS"]) == ["O", "B-PERS", "I-PERS", "I-PERS"]
    # ابن X is a whole name: no given name is looked for before it
    assert run(["كان", "سامر", "ابن", "زاهر"], ["O", "O", "B-PERS", "I-PERS"]) == ["O", "O", "B-PERS", "I-PERS"]
    # و: a given name starts a second person, a noun ends the person, a foreign name stays
    assert run(["سامر", "وقاسم"], ["B-PERS", "I-PERS"]) == ["B-PERS", "B-PERS"]
    assert run(["سامر", "ورجاله", "وصلوا"], ["B-PERS", "I-PERS", "O"]) == ["B-PERS", "O", "O"]
    assert run(["ريك", "ويلسون"], ["B-PERS", "I-PERS"]) == ["B-PERS", "I-PERS"]


def test_a_given_name_and_a_second_person_right_after_it_are_one_person() -> None:
    given = {normalise(w) for w in ("سامر", "قاسم")}

    def run(words: list[str], tags: list[str], locked: list[bool] | None = None) -> list[str]:
        out = [list(tags)]
        person_bounds(norm([words]), out, [locked or [False] * len(words)], given.__contains__)
        return out[0]

    # the model began a second person at the family name
    assert run(["قال", "سامر", "الزاهري", "إن"], ["O", "B-PERS", "B-PERS", "O"]) == ["O", "B-PERS", "I-PERS", "O"]
    # two people: a conjunction or ل before the second, a given name starting it, a first
    # "given name" written with the article (a family name), or a word the researcher locked
    for words in (["سامر", "والزاهري"], ["سامر", "لقاسم"], ["سامر", "قاسم"], ["السامر", "الزاهري"]):
        assert run(words, ["B-PERS", "B-PERS"]) == ["B-PERS", "B-PERS"]
    assert run(["سامر", "الزاهري"], ["B-PERS", "B-PERS"], [False, True]) == ["B-PERS", "B-PERS"]


def test_two_one_word_people_side_by_side_are_one_person() -> None:
    def run(words: list[str], tags: list[str], locked: list[bool] | None = None) -> list[str]:
        out = [list(tags)]
        adjacent_people(norm([words]), out, [locked or [False] * len(words)])
        return out[0]

    # a foreign name's two words carried apart, a given name and a family name, a name led by ف
    # or و that is a given name as written (فراس, وليد)
    for words in (["قال", "يانيرو", "فتفاتيس", "إن"], ["قال", "سامر", "الزاهري", "إن"],
                  ["قال", "وليد", "فراسكيني", "إن"]):
        assert run(words, ["O", "B-PERS", "B-PERS", "O"]) == ["O", "B-PERS", "I-PERS", "O"], words
    # two people: a conjunction or a preposition with the article before the second, the first
    # with the article (a nisba, a family name), a title, a longer second name, a locked word
    for words in (["سامر", "والزاهري"], ["سامر", "للزاهري"], ["الزاهري", "سامر"], ["ولي", "سامر"]):
        assert run(words, ["B-PERS", "B-PERS"]) == ["B-PERS", "B-PERS"], words
    assert run(["سامر", "قاسم", "الزاهري"], ["B-PERS", "B-PERS", "I-PERS"]) == ["B-PERS", "B-PERS", "I-PERS"]
    assert run(["سامر", "الزاهري"], ["B-PERS", "B-PERS"], [False, True]) == ["B-PERS", "B-PERS"]


def test_family_names_after_a_chain_of_fathers_join_the_person() -> None:
    def run(words: list[str], tags: list[str]) -> list[str]:
        out = [list(tags)]
        adjacent_people(norm([words]), out, [[False] * len(words)])
        return out[0]

    # the model began a second person at the family and tribe names
    assert run(["بالجاني", "سامر", "بن", "واثق", "الكرمي", "الزاهري", "سعودي"],
               ["O", "B-PERS", "I-PERS", "I-PERS", "B-PERS", "I-PERS", "O"]) == ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "I-PERS", "O"]
    # no chain of fathers, a title, a name without the article: two people
    for words, tags in ((["سامر", "واثق", "الزاهري"], ["B-PERS", "I-PERS", "B-PERS"]),
                        (["سامر", "بن", "واثق", "الرئيس"], ["B-PERS", "I-PERS", "I-PERS", "B-PERS"]),
                        (["سامر", "بن", "واثق", "قاسم", "الزاهري"], ["B-PERS", "I-PERS", "I-PERS", "B-PERS", "I-PERS"])):
        assert run(words, tags) == tags, words


def test_a_family_name_of_the_nisba_form_after_the_fathers_name_joins_the_person() -> None:
    kurmish = normalise("الكرمستاني")

    def run(words: list[str], tags: list[str]) -> list[str]:
        out = [list(tags)]
        person_bounds(norm([words]), out, [[False] * len(words)], nisba=lambda w: w == kurmish)
        return out[0]

    assert run(["قال", "سامر", "بن", "واثق", "الزاهري", "إن"], ["O", "B-PERS", "I-PERS", "I-PERS", "O", "O"]) \
        == ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "O"]
    # the father's name the model left out, then the family name
    assert run(["قال", "سامر", "بن", "واثق", "الزاهري"], ["O", "B-PERS", "O", "O", "O"]) == ["O"] + ["B-PERS"] + ["I-PERS"] * 3
    # not a country's nisba, an ordinal, an office's or an institution's adjective
    for word in ("الكرمستاني", "الثاني", "الحالي", "الدولي"):
        assert run(["سامر", "بن", "واثق", word], ["B-PERS", "I-PERS", "I-PERS", "O"]) == ["B-PERS", "I-PERS", "I-PERS", "O"]
    # nor after a name without the father's
    assert run(["سامر", "واثق", "الزاهري"], ["B-PERS", "I-PERS", "O"]) == ["B-PERS", "I-PERS", "O"]


def test_a_person_that_starts_with_gods_name_takes_the_word_before_it() -> None:
    def run(words: list[str], tags: list[str]) -> list[str]:
        out = [list(tags)]
        person_bounds(norm([words]), out, [[False] * len(words)])
        return out[0]

    # a theophoric compound (invented bearer): the model often leaves its first part out
    assert run(["قال", "المهندس", "عطا", "الله", "الزاهري"], ["O", "O", "O", "B-PERS", "I-PERS"]) \
        == ["O", "O", "B-PERS", "I-PERS", "I-PERS"]
    # not a word with the article, nor punctuation, nor a word the researcher locked
    assert run(["قال", "المهندس", "الله", "الزاهري"], ["O", "O", "B-PERS", "I-PERS"]) == ["O", "O", "B-PERS", "I-PERS"]
    assert run(["-", "الله", "الزاهري"], ["O", "B-PERS", "I-PERS"]) == ["O", "B-PERS", "I-PERS"]
    out = [["O", "O", "B-PERS", "I-PERS"]]
    person_bounds(norm([["قال", "عطا", "الله", "الزاهري"]]), out, [[False, True, False, False]])
    assert out == [["O", "O", "B-PERS", "I-PERS"]]


def test_two_names_joined_by_and_in_one_span_are_split() -> None:
    listed = {normalise(w) for w in ("كرمستان", "برونزيكر")}

    def run(sents: list[list[str]], tags: list[list[str]]) -> list[list[str]]:
        out = [list(t) for t in tags]
        split_coordinated(norm(sents), out, [[False] * len(s) for s in sents], lambda w: w in listed)
        return out

    # two clubs the document names alone elsewhere (one of them there with a clitic)
    sents = [["تعادل", "الأفق", "والزاهرون", "أمس"], ["وفاز", "الأفق", "على", "الزاهرون"], ["مدرب", "للزاهرون"]]
    tags = [["O", "B-ORG", "I-ORG", "O"], ["O", "B-ORG", "O", "B-LOC"], ["O", "B-ORG"]]
    got = run(sents, tags)
    assert got[0] == ["O", "B-ORG", "B-ORG", "O"]
    assert got[1:] == tags[1:]
    # two listed places, a one-word name each
    assert run([["بين", "كرمستان", "وبرونزيكر"]], [["O", "B-LOC", "I-LOC"]]) == [["O", "B-LOC", "B-LOC"]]
    # three names: split from the end
    sents = [["زار", "كرمستان", "وبرونزيكر", "والأفق"], ["في", "الأفق"]]
    assert run(sents, [["O", "B-LOC", "I-LOC", "I-LOC"], ["O", "B-LOC"]])[0] == ["O", "B-LOC", "B-LOC", "B-LOC"]
    # a body's fields are no names of their own: whole
    sents = [["قالت", "الهيئة", "العامة", "للسياحة", "والتراث"], ["عن", "التراث", "الوطني"]]
    tags = [["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG"], ["O", "O", "O"]]
    assert run(sents, tags) == tags
    # one side no name on its own, or a name that begins with و (وداد is not و + داد)
    sents = [["قال", "سامر", "وداد", "الزاهري"], ["عن", "وداد", "الزاهري"]]
    tags = [["O", "B-PERS", "I-PERS", "I-PERS"], ["O", "B-PERS", "I-PERS"]]
    assert run(sents, tags) == tags
    # a body's fields or places go on after و: whole, whatever the words after it are
    sents = [["قالت", "الهيئة", "الملكية", "للأفق", "وكرمستان"], ["في", "كرمستان"], ["في", "الأفق"]]
    tags = [["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG"], ["O", "B-LOC"], ["O", "B-LOC"]]
    assert run(sents, tags) == tags
    # the second name takes the type the document gives it alone
    sents = [["لاعبو", "الأفق", "وكرمستان"], ["في", "كرمستان"], ["فاز", "الأفق"]]
    got = run(sents, [["O", "B-ORG", "I-ORG"], ["O", "B-ORG"], ["O", "B-ORG"]])
    assert got[0] == ["O", "B-ORG", "B-ORG"]
    # the researcher's locked words are left as they are
    out = [["O", "B-LOC", "I-LOC"]]
    split_coordinated(norm([["بين", "كرمستان", "وبرونزيكر"]]), out, [[False, True, True]], lambda w: w in listed)
    assert out == [["O", "B-LOC", "I-LOC"]]


def test_a_huge_span_of_names_joined_by_and_is_left_alone_quickly() -> None:
    import time

    # a tagger's span over a long list: no recursion through it, no time spent on it
    words = ["كرمستان"] + ["وكرمستان"] * 5000
    tags = [["B-LOC"] + ["I-LOC"] * 5000]
    t = time.perf_counter()
    split_coordinated(norm([words]), tags, [[False] * len(words)], lambda w: w == normalise("كرمستان"))
    assert time.perf_counter() - t < 5
    assert tags[0][1] == "I-LOC"


def test_fa_inna_before_a_person_the_document_names_without_it_is_the_conjunction() -> None:
    given = {normalise(w) for w in ("سامر", "قاسم")}

    def run(sents: list[list[str]], tags: list[list[str]]) -> list[list[str]]:
        out = [list(t) for t in tags]
        person_bounds(norm(sents), out, [[False] * len(s) for s in sents], given.__contains__)
        return out

    # «فان» (فإن without its hamza) before the surname of a person named in full: the conjunction
    sents = [["قال", "هانس", "كرومبرغ", "أمس"], ["،", "فان", "كرومبرغ", "يحاول"]]
    tags = [["O", "B-PERS", "I-PERS", "O"], ["O", "B-PERS", "I-PERS", "O"]]
    assert run(sents, tags)[1] == ["O", "O", "B-PERS", "O"]
    # and written with the hamza, normalised alike; before a listed given name
    assert run([["،", "فإن", "سامر", "الزاهري", "يحاول"]], [["O", "B-PERS", "I-PERS", "I-PERS", "O"]])[0] \
        == ["O", "O", "B-PERS", "I-PERS", "O"]
    # the Dutch particle of a name the document writes with it stays (يوهان فان ديرلين … فان ديرلين)
    sents = [["قال", "يوهان", "فان", "ديرلين"], ["وأضاف", "فان", "ديرلين"]]
    tags = [["O", "B-PERS", "I-PERS", "I-PERS"], ["O", "B-PERS", "I-PERS"]]
    assert run(sents, tags) == tags


def test_a_town_the_document_calls_masculine_with_a_countrys_nisba_is_its_club() -> None:
    nisbas = {normalise(w) for w in ("الإسباني", "الإسبانية", "البرتغالي")}
    countries = {normalise("إسبانيا")}

    def run(sents: list[list[str]], tags: list[list[str]]) -> list[list[str]]:
        out = [list(t) for t in tags]
        teams(norm(sents), out, [[False] * len(s) for s in sents], nisbas.__contains__, countries.__contains__)
        return out

    # «زاهرونة الإسباني»: the club, at each of the document's places tagged a place
    sents = [["فاز", "على", "زاهرونة", "الإسباني", "أمس"], ["وخاض", "زاهرونة", "موسما", "رائعا"]]
    tags = [["O", "O", "B-LOC", "O", "O"], ["O", "B-LOC", "O", "O"]]
    assert run(sents, tags) == [["O", "O", "B-ORG", "O", "O"], ["O", "B-ORG", "O", "O"]]
    # called feminine too (the town: زاهرونة الإسبانية), or after a place noun: left a place
    for other in (["وصل", "إلى", "زاهرونة", "الإسبانية"], ["في", "مدينة", "زاهرونة", "أمس"]):
        both = [sents[0], other]
        got = run(both, [tags[0], ["O", "O", "B-LOC", "O"]])
        assert got[0][2] == "B-LOC", other
    # the nisba starting a person's description (وصل إلى زاهرونة البرتغالي سامر): no cue
    sents = [["وصل", "إلى", "زاهرونة", "البرتغالي", "سامر", "قاسم"]]
    tags = [["O", "O", "B-LOC", "O", "B-PERS", "I-PERS"]]
    assert run(sents, tags) == tags
    # a listed country is no town (some are masculine: لبنان), nor a definite place
    sents = [["فاز", "على", "إسبانيا", "الإسباني"], ["فاز", "على", "الزاهرونة", "الإسباني"]]
    tags = [["O", "O", "B-LOC", "O"], ["O", "O", "B-LOC", "O"]]
    assert run(sents, tags) == tags
