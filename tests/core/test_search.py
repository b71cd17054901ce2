"""Search as a researcher expects (reader.core.search): the query language, its FTS5 translation,
ranking, snippets and hit offsets, on texts written for these tests."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.core import search
from reader.core.model import Document
from reader.core.search import AnyOf, Near, Phrase, Query, Word, hit_ranges, parse, snippet, to_fts
from reader.core.store import Library

_RUNS = os.environ.get("READER_FUZZ")
FUZZ = settings(max_examples=int(_RUNS) if _RUNS else 200, deadline=None, derandomize=not _RUNS,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# (source, title, text, outlet, date)
TEXTS = [
    ("/t/geneva.txt", "اتهامات بخرق اتفاقية جنيف",
     "اتهمت منظمات حقوقية الأطراف المتحاربة بخرق لجنيف في معاملة الأسرى.\n"
     "وقالت المنظمات إن الخرق تكرر في أكثر من مدينة.", "وكالة أ", "2021-03-02"),
    ("/t/breach.txt", "خرق جديد للهدنة",
     "سجل المراقبون خرقا جديدا للهدنة في جنيف حيث تجري المفاوضات.\nولم يعلق أي طرف.", "وكالة ب", "2021-03-05"),
    ("/t/militia.txt", "اشتباكات مع الميليشيات",
     "اندلعت اشتباكات عنيفة بين الجيش والميليشيات المسلحة في ضواحي المدينة.", "وكالة أ", "2021-02-01"),
    ("/t/militia2.txt", "تقرير عن المليشيات",
     "قال التقرير إن المليشيات تسيطر على الطريق الساحلي، وإن مليشيا أخرى انسحبت.", "وكالة ب", "2021-01-15"),
    ("/t/haking.txt", "المدرب هاكينج يعلق",
     "علق المدرب ديتر هاكينج على خسارة الفريق أمس.", "صحيفة", "2020-06-01"),
    ("/t/qatar.txt", "قطر وتركيا",
     "وصل وزير خارجية قطر إلى أنقرة لبحث العلاقات مع تركيا، ثم غادر إلى إيران.", "وكالة أ", "2020-05-01"),
    ("/t/iran.txt", "زيارة إلى طهران",
     "وصل الوزير إلى إيران في زيارة رسمية، وبحث مع نظيره ملفات المنطقة وقطر.", "وكالة ب", "2020-05-03"),
    ("/t/near.txt", "الملك والوزير",
     "استقبل الملك سلمان اليوم الوزير. وفي خبر آخر بعيد جدا عن هذا كله وبعد كلام طويل عن أمور شتى "
     "لا صلة لها بالموضوع ولا بالخبر الأول ذكر سلمان مرة أخرى.", "صحيفة", "2019-12-12"),
    ("/t/diacritics.txt", "مؤتمر الأمم المتحدة",
     "افتُتِح مُؤتمـــر الأُمَم المتّحدة للمناخ في القاهرة، وحضره مسؤولون من للأمم المتحدة.", "وكالة أ", "2019-11-01"),
]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    path: Path = tmp_path_factory.mktemp("search") / "search.sqlite"
    lib = Library.open(path)
    with lib.transaction():
        for source, title, text, outlet, date in TEXTS:
            lib.upsert_document(Document(source, title, text, text, outlet=outlet, date=date, format="txt"))
    yield lib
    lib.close()


def sources(lib: Library, query: str, **kw: object) -> list[str]:
    return [lib.article(h.id).source for h in search.search(lib, query, limit=100, **kw)]  # type: ignore[arg-type]


# -- the parser ---------------------------------------------------------------------------------
def test_parse_words_phrases_prefix_or_not_near():
    assert parse("قطر تركيا") == Query((Word("قطر"), Word("تركيا")))
    assert parse('"خرق لجنيف"') == Query((Phrase(("خرق", "لجنيف")),))
    assert parse("«خرق لجنيف»") == Query((Phrase(("خرق", "لجنيف")),))
    assert parse("ميليشي*") == Query((Word("ميليشي", prefix=True),))
    assert parse("قطر OR تركيا") == Query((AnyOf((Word("قطر"), Word("تركيا"))),))
    assert parse("قطر | تركيا") == parse("قطر أو تركيا") == parse("قطر OR تركيا")
    assert parse("قطر -تركيا") == parse("قطر NOT تركيا") == Query((Word("قطر"),), (Word("تركيا"),))
    assert parse("NEAR(ملك سلمان)") == Query((Near((Word("ملك"), Word("سلمان")), 10),))
    assert parse('NEAR(ملك "سلمان بن", 3)') == Query((Near((Word("ملك"), Phrase(("سلمان", "بن"))), 3),))
    assert parse("NEAR(ملك سلمان, ٥)") == Query((Near((Word("ملك"), Word("سلمان")), 5),))


def test_parse_normalises_and_groups():
    assert parse("أَعلنَ") == parse("اعلن") == Query((Word("اعلن"),))
    assert parse("Qatar") == Query((Word("qatar"),))
    # OR binds tighter than the space between words
    assert parse("ليبيا قطر OR تركيا") == Query((Word("ليبيا"), AnyOf((Word("قطر"), Word("تركيا")))))
    assert parse("(قطر OR تركيا) ليبيا") == Query((AnyOf((Word("قطر"), Word("تركيا"))), Word("ليبيا")))
    # a group used as a clause adds its words and negations to the query
    assert parse("ليبيا (قطر -تركيا)") == Query((Word("ليبيا"), Word("قطر")), (Word("تركيا"),))
    assert parse("ليبيا -(قطر تركيا)") == Query((Word("ليبيا"),), (Query((Word("قطر"), Word("تركيا"))),))
    # a hyphenated or dotted word is a phrase of its parts; a hyphen inside a word is no negation
    assert parse("الأمم-المتحدة") == Query((Phrase(("الامم", "المتحده")),))


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "-", "()", "NEAR()", "NOT", "OR", "AND", "-قطر", "NOT قطر",
                                   "-قطر -تركيا", "(-قطر)", "«»", "، . ؟"])
def test_queries_that_cannot_match_are_empty(lib, query):
    q = parse(query)
    assert not q and to_fts(q) == ""
    assert search.search(lib, query) == [] and search.count(lib, query) == 0


# -- FTS translation ----------------------------------------------------------------------------
def test_fts_translation():
    assert to_fts("قطر") == '("قطر")' or to_fts("قطر") == '"قطر"'
    assert to_fts("وقطر") == '("وقطر" OR "قطر")'
    assert to_fts('"خرق لجنيف"') == '"خرق" + "جنيف"'  # the stems, which the index holds in order
    assert to_fts("ميليشي*") == '"ميليشي" *'
    assert to_fts("والميليشي*") == '("والميليشي" * OR "ميليشي" *)'
    assert to_fts("ال*") == '"ال"'  # too short a prefix: the word itself
    assert to_fts("قطر -تركيا") == '("قطر" NOT ("تركيا"))'
    assert to_fts("NEAR(ملك سلمان, 5)") == 'NEAR("ملك" "سلمان", 5)'
    assert to_fts('NEAR(ملك "سلمان بن")') == 'NEAR("ملك" "سلمان" + "بن", 10)'
    assert to_fts("a OR b") == '("a" OR "b")'
    # spelling variants of a long word, left out of the exact expression
    full, exact = to_fts("مليشيات"), to_fts("مليشيات", variants=False)
    assert '"ميليشيات"' in full and '"ميليشيات"' not in exact and exact == '"مليشيات"'


def test_user_text_never_becomes_fts_syntax():
    expr = to_fts('قطر" OR rowid:1 ^x {a b}')
    assert '"قطر"' in expr and "rowid" in expr and "^" not in expr and "{" not in expr


FTS_SYNTAX = ('"', "'", "*", "^", ":", "(", ")", "{", "}", "-", "+", "|", ",", "NEAR", "NEAR(", "AND", "OR", "NOT",
              "أو", "«", "»", "“", "”", "title:", "\x00", "\ud800", "\u200f", "ـ", "\u064b", "ال", "و", "قطر",
              "الوزير", "خرق", "لجنيف", "ميليشي", "٥", "5", " ", "\n", "😀", "a")
queries = (st.lists(st.sampled_from(FTS_SYNTAX), max_size=14).map("".join)
           | st.lists(st.sampled_from(FTS_SYNTAX), max_size=10).map(" ".join)
           | st.text(max_size=60))


@FUZZ
@given(query=queries)
@example(query='NEAR(قطر "الوزير", 2')
@example(query="((((((((((قطر))))))))))")
@example(query="-" * 50 + "قطر")
@example(query="NEAR(" * 30)
@example(query=" OR ".join(["قطر"] * 200))
def test_any_query_searches_without_error(lib, query):
    q = parse(query)
    hits = search.search(lib, query, limit=5)
    assert search.count(lib, query) >= len(hits)
    assert bool(q) or hits == []
    for h in hits:
        text = lib.article(h.id).text
        for s, e in hit_ranges(text, query):
            assert 0 <= s < e <= len(text)
        for s, e in h.snippet_hits:
            assert 0 <= s < e <= len(h.snippet)
    for sort in ("date", "outlet"):
        assert {h.id for h in search.search(lib, query, limit=100, sort=sort)} == \
            {h.id for h in search.search(lib, query, limit=100)}


# -- semantics ----------------------------------------------------------------------------------
def test_a_phrase_finds_only_the_words_in_order(lib):
    assert set(sources(lib, "خرق جنيف")) == {"/t/geneva.txt", "/t/breach.txt"}
    assert sources(lib, '"خرق لجنيف"') == ["/t/geneva.txt"]
    assert sources(lib, "«خرق جنيف»") == ["/t/geneva.txt"]  # clitics never matter, in phrases too
    assert sources(lib, '"جنيف خرق"') == []


def test_prefix(lib):
    assert set(sources(lib, "ميليشي*")) == {"/t/militia.txt"}
    assert set(sources(lib, "مليشي*")) == {"/t/militia2.txt"}
    assert set(sources(lib, "والميليشي*")) == {"/t/militia.txt"}


def test_or_and_not(lib):
    assert set(sources(lib, "تركيا OR طهران")) == {"/t/qatar.txt", "/t/iran.txt"}
    assert set(sources(lib, "إيران")) == {"/t/qatar.txt", "/t/iran.txt"}
    assert sources(lib, "إيران -تركيا") == ["/t/iran.txt"]
    assert sources(lib, "إيران NOT تركيا") == ["/t/iran.txt"]
    assert sources(lib, "ايران -(تركيا OR طهران)") == []
    assert sources(lib, "وصل (تركيا OR نظيره) -أنقرة") == ["/t/iran.txt"]


def test_near(lib):
    assert sources(lib, "NEAR(الملك الوزير, 3)") == ["/t/near.txt"]
    assert sources(lib, "NEAR(الملك الأول, 3)") == []
    assert sources(lib, "NEAR(الملك الأول)") == []  # 10 words apart by default: these are further
    assert sources(lib, "NEAR(الملك الأول, 40)") == ["/t/near.txt"]


def test_clitics_hamza_diacritics_and_tatweel_never_matter(lib):
    for q in ("مؤتمر", "المؤتمر", "مؤتمـر", "مُؤْتَمَر", "الامم المتحده", '"الأمم المتحدة"', '"للامم المتحده"',
              "وللأمم"):
        assert "/t/diacritics.txt" in sources(lib, q), q
    assert sources(lib, "بالقاهرة") == ["/t/diacritics.txt"]


def test_spelling_variants_are_found_after_the_exact_form(lib):
    found = search.search(lib, "مليشيات", limit=10)
    assert [lib.article(h.id).source for h in found] == ["/t/militia2.txt", "/t/militia.txt"]
    assert [h.exact for h in found] == [True, False]
    assert sources(lib, "ميليشيات") == ["/t/militia.txt", "/t/militia2.txt"]
    assert sources(lib, "هاكينغ") == ["/t/haking.txt"]  # غ/ج for a hard g
    assert sources(lib, '"مليشيات"') == ["/t/militia2.txt"]  # a quoted word: no variants


def test_short_and_protected_words_take_no_variants():
    assert search.spelling_forms("قطر") == frozenset()
    assert search.spelling_forms("محمود") == frozenset()  # a given name: never محمد
    assert "مليشيات" in search.spelling_forms("ميليشيات")
    assert "تشلسي" in search.spelling_forms("تشيلسي")
    assert "ماكسيرفيو" in search.spelling_forms("ماكسيريفو")  # a vowel moved past a letter
    assert "برونسيكر" in search.spelling_forms("برونزيكر")  # one consonant of a class
    assert "موريشانو" in search.spelling_forms("موريتشانو")  # ch written two ways, both ways
    assert "موريتشانو" in search.spelling_forms("موريشانو")


def test_ranking_sorting_and_filters(lib):
    # a title hit outweighs a body hit
    assert sources(lib, "المليشيات")[0] == "/t/militia2.txt"
    by_date = search.search(lib, "وصل", sort="date")
    assert [h.date for h in by_date] == sorted((h.date for h in by_date), reverse=True)
    by_outlet = search.search(lib, "في", sort="outlet", limit=100)
    assert [h.outlet for h in by_outlet] == sorted(h.outlet for h in by_outlet)
    assert all(h.outlet == "وكالة أ" for h in search.search(lib, "في", outlet="وكالة أ", limit=100))
    assert [h.date for h in search.search(lib, "مليشيات", date_from="2021-01-01", date_to="2021-01-15")] == ["2021-01-15"]
    assert [h.date for h in search.search(lib, "مليشيات", date_from="2021-01-16")] == ["2021-02-01"]
    hits = search.search(lib, "في", limit=100)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert search.count(lib, "في") == len(hits)
    assert [h.id for h in search.search(lib, "في", limit=2, offset=1)] == [h.id for h in hits[1:3]]


def test_entity_filter(lib):
    aid = lib.find_article("/t/qatar.txt").id
    from reader.core.model import Label, Span

    text = lib.article(aid).text
    with lib.transaction():
        lib.set_model_mentions(aid, [Span(text.index("قطر"), text.index("قطر") + 3, Label.LOC, "قطر")], "test")
        from reader.core.linking import relink_library

        relink_library(lib)
    eid = lib.mentions(aid)[0].entity_id
    assert sources(lib, "إيران", entity_id=eid) == ["/t/qatar.txt"]
    assert search.count(lib, "إيران", entity_id=eid) == 1


# -- hits and snippets --------------------------------------------------------------------------
TEXT = ("بيان: أعلنت الحكومة أن الوزير وصل إلى قطر، ثم التقى وزيرَ خارجية قطر في الدوحة.\n\n"
        "وقالت مصادر إن للدوحة دورا في الوساطة.  😀 وأضاف الوزير أن الاتفاق قريب.")


def test_hit_ranges_are_offsets_in_the_original_text():
    ranges = hit_ranges(TEXT, "الدوحة")
    assert [TEXT[s:e] for s, e in ranges] == ["الدوحة", "للدوحة"]
    assert [TEXT[s:e] for s, e in hit_ranges(TEXT, "وزير")] == ["الوزير", "وزيرَ", "الوزير"]
    assert [TEXT[s:e] for s, e in hit_ranges(TEXT, '"خارجية قطر"')] == ["خارجية قطر"]
    assert [TEXT[s:e] for s, e in hit_ranges(TEXT, "الاتفاق -قطر")] == ["الاتفاق"]  # negations mark nothing
    assert [TEXT[s:e] for s, e in hit_ranges(TEXT, "اعلن*")] == ["أعلنت"]
    assert [TEXT[s:e] for s, e in hit_ranges(TEXT, "NEAR(الحكومة قطر, 5)")] == ["الحكومة", "قطر"]
    # after an astral character the offsets are still code points
    s, e = hit_ranges(TEXT, "وأضاف")[0]
    assert TEXT[s:e] == "وأضاف" and TEXT.index("😀") < s


def test_text_stored_in_presentation_forms_is_found_by_its_letters():
    text = "وصل الوفد إلى ﻛﺮﻣﺴﺘﺎﻥ أمس، ثم غادر."
    assert [text[s:e] for s, e in hit_ranges(text, "كرمستان")] == ["ﻛﺮﻣﺴﺘﺎﻥ"]


def test_hit_ranges_of_variants_and_tatweel():
    text = "دخلت المليشيات المدينة، وانسحبت الميليشيـــات لاحقا."
    assert [text[s:e] for s, e in hit_ranges(text, "ميليشيات")] == ["المليشيات", "الميليشيـــات"]


def test_snippet_is_the_original_text_around_the_densest_hits():
    words = " ".join(f"كلمة{i}" for i in range(100))
    text = f"{words} قطر في البداية.\nثم {words} وزير خارجية قطر يزور الدوحة اليوم. {words}"
    snip = snippet(text, "قطر الدوحة", width=12)
    assert "الدوحة" in snip.text and "وزير خارجية قطر" in snip.text  # both words, not the lone قطر
    assert snip.text.startswith("… ") and snip.text.endswith(" …")
    assert [snip.text[s:e] for s, e in snip.hits] == ["قطر", "الدوحة"]
    assert len(snip.text.split()) <= 12 + 2
    assert snip.marked("<", ">").count("<") == 2 and "<الدوحة>" in snip.marked("<", ">")


def test_snippet_collapses_white_space_and_keeps_the_original_spelling():
    snip = snippet("  أعلنت   الحكومةُ\n\nاليوم  عن خطة.", "الحكومه")
    assert snip.text == "أعلنت الحكومةُ اليوم عن خطة."
    assert [snip.text[s:e] for s, e in snip.hits] == ["الحكومةُ"]


def test_snippet_without_hits_is_the_beginning():
    snip = snippet("نص قصير عن الاقتصاد", "غائب")
    assert snip.text == "نص قصير عن الاقتصاد" and snip.hits == ()
    assert snippet("", "قطر").text == ""


def test_search_hits_carry_snippets(lib):
    (hit,) = search.search(lib, '"خرق لجنيف"')
    assert hit.title == "اتهامات بخرق اتفاقية جنيف" and hit.outlet == "وكالة أ" and hit.date == "2021-03-02"
    assert hit.score > 0
    assert [hit.snippet[s:e] for s, e in hit.snippet_hits] == ["بخرق لجنيف"]


def test_the_library_list_uses_the_same_syntax(lib):
    assert [a.source for a in lib.list_articles('"خرق لجنيف"')] == ["/t/geneva.txt"]
    assert lib.count_articles("ميليشي*") == 1
    assert lib.count_articles("NOT قطر") == 0
    assert {a.source for a in lib.list_articles("مليشيات")} == {"/t/militia.txt", "/t/militia2.txt"}


# -- the command line ---------------------------------------------------------------------------
def test_cli_search_prints_ranked_results_with_snippets(lib, capsys):
    import json

    from reader.cli import main

    assert main(["search", '"خرق لجنيف"', "--db", str(lib.path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (r,) = out["results"]
    assert set(r) >= {"id", "title", "outlet", "date", "score", "snippet"}
    assert r["title"] == "اتهامات بخرق اتفاقية جنيف" and "بخرق لجنيف" in r["snippet"]
    assert [r["snippet"][s:e] for s, e in r["snippet_hits"]] == ["بخرق لجنيف"]
    assert main(["search", "مليشيات", "--db", str(lib.path), "--limit", "1"]) == 0
    text = capsys.readouterr().out
    assert "تقرير عن المليشيات" in text and "[المليشيات]" in text and "1 of 2 results" in text


@pytest.mark.parametrize("query", ['"', "NOT قطر", "-", "NEAR(", "*", "((("])
def test_cli_junk_query_gives_no_results(lib, capsys, query):
    import json

    from reader.cli import main

    assert main(["search", query, "--db", str(lib.path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"results": []}


def test_cli_search_needs_a_library(tmp_path, capsys):
    from reader.cli import main

    assert main(["search", "قطر", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "no library" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()


def test_cli_search_names_the_outlet_and_its_json_keeps_the_code(tmp_path, capsys):
    import json

    from reader.cli import main
    from reader.core.store import Library

    with Library.open(tmp_path / "codes.sqlite") as lib, lib.transaction():
        text = "أعلنت الهيئة العامة للأرصاد عن أمطار غزيرة على المرتفعات."
        lib.upsert_document(Document("/x/1.txt", "أمطار غزيرة", text, text, outlet="spa", date="2015-03-01", format="txt"))
    assert main(["search", "أمطار", "--db", str(tmp_path / "codes.sqlite")]) == 0
    assert "SPA · 2015-03-01" in capsys.readouterr().out  # the outlet's name (resources/outlets), not "spa"
    assert main(["search", "أمطار", "--db", str(tmp_path / "codes.sqlite"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["outlet"] == "spa"
