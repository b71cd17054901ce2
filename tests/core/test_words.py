"""The analysis's Arabic word lists (reader.core.words): stored normalised, the related lists
built from each other, the lists that must not meet apart, and no list left elsewhere."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import reader.core.words as words
from reader.core.arabic import normalise

CORE = Path(words.__file__).parent


def _lists() -> dict[str, frozenset[str]]:
    """Every public list of the module, as a set of its words (a cue word list: its words)."""
    out: dict[str, frozenset[str]] = {}
    for name, value in vars(words).items():
        if name.startswith("_") or not name.isupper():
            continue
        if isinstance(value, str):
            value = (value,)
        out[name] = frozenset(value)
    return out


def test_every_word_is_stored_normalised() -> None:
    lists = _lists()
    assert {"TITLE_WORDS", "STOP_WORDS", "CUE_WORDS", "CONNECTORS", "HEADS", "AMOUNTS", "GOD"} <= set(lists)
    for name, ws in lists.items():
        assert all(isinstance(w, str) for w in ws), name
        if name == "EVENT_HEADS":  # as written: the hamza tells a cup (كأس) from CAS (كاس)
            continue
        if name == "PAPER_NOUNS_AS_WRITTEN":  # matched in SQL on the stored text, as written
            assert [w for w in ws if normalise(w) not in words.MEDIA_NOUNS] == [], name
            continue
        assert [w for w in ws if normalise(w) != w] == [], name


def test_name_binding_words_are_built_from_each_other() -> None:
    ibn, aba, family = normalise("ابن"), normalise("أبا"), normalise("آل")
    assert words.FAMILY == family == "ال"
    assert words.SON_LINKS == words.SONS - {ibn} == {"بن", "بنت"}
    assert words.NAME_BINDERS == words.SONS | words.TWO_WORD_STARTS | {family}
    assert words.KIN == words.SONS | words.TWO_WORD_STARTS | {normalise("أم")}
    assert words.LINEAGE == words.SONS | {family}
    assert words.CONNECTORS == (words.NAME_BINDERS - {aba}) | {normalise("أم"), normalise("ذو")}
    # the compound prefixes written joined to the next word are kunya/theophoric starts
    assert words.JOINED_PREFIXES < words.TWO_WORD_STARTS
    assert words.COMPOUND_PREFIXES == tuple(sorted(words.JOINED_PREFIXES))


def test_function_word_lists_share_their_core() -> None:
    core = words.COMMON_STOP_WORDS
    assert core < words.STOP_WORDS and core < words.NOT_NAMES
    assert set(words.CUE_WORDS) < words.STOP_WORDS
    # the non-names' function words leave out words that are also names (علي; اليوم, a paper)
    assert core - words.FUNCTION_WORDS == {normalise("على"), "يوم", "عام"}
    assert not words.FUNCTION_WORDS & {normalise("علي"), normalise("أحد"), normalise("اليوم")}


def test_derived_unions_hold() -> None:
    assert words.NON_NAME_WORDS == words.RELIGIOUS | words.CURRENCIES | words.UNITS | words.MONTHS
    assert words.PLACE_DUALS < words.PLACE_TRIGGERS
    assert words.MEDIA_DUALS < words.MEDIA_TRIGGERS
    assert {words.COURT, words.MINISTRY} | words.AGENCY <= words.BODY_HEADS
    assert words.NAMED_AFTER < words.HEADS
    assert words.SITES <= words.NAMED_AFTER
    assert words.PATRON_TITLES <= words.TITLE_WORDS
    for trigger in (words.PERSON_TITLES, words.PLACE_PLURALS, words.PLACE_TRIGGERS, words.CLUB_TRIGGERS,
                    words.MEDIA_TRIGGERS, words.AGENCY, words.SHARES, words.INSTITUTIONS, words.SITES, words.BODY_HEADS):
        assert trigger <= words.PATTERN_STARTS
    assert {"ال" + h for h in words.BODY_HEADS} <= words.PATTERN_STARTS
    assert words.LEADING_CLITICS == "".join(words.PROCLITICS)
    assert set(words.PATTERN_CLITICS) == set(words.PROCLITICS) - {"ك"} | set(words.DOUBLE_PROCLITICS)
    assert set(words.HONORIFIC_CLITICS) == {""} | set(words.PROCLITICS) | set(words.DOUBLE_PROCLITICS)


@pytest.mark.parametrize(("a", "b"), [
    ("FUNCTION_WORDS", "TITLE_WORDS"),  # a title alone is dropped otherwise (non_names._lone_titles)
    ("NOT_NAMES", "PERSON_TITLES"),
    ("NAME_BINDERS", "TITLE_WORDS"),
    ("PORTFOLIO_WORDS", "TITLE_WORDS"),
    ("FUNCTION_WORDS", "NAME_BINDERS"),
    ("PLACE_TRIGGERS", "BODY_HEADS"),  # a noun is a place's or a body's, not both
    ("INSTITUTIONS", "SITES"),  # a site is a place, an institution a body
    ("COURT_LEVELS", "GENERIC_MODIFIERS"),
    ("CURRENCIES", "UNITS"),
    ("FUNCTION_WORDS", "CURRENCIES"),
])
def test_lists_that_must_not_meet(a: str, b: str) -> None:
    lists = _lists()
    assert not lists[a] & lists[b]


def test_the_modules_use_these_lists() -> None:
    from reader.core.linking import heads, keys, short_names
    from reader.core.ner import features, mending, non_names, patterns

    assert heads.NAMED_AFTER is words.NAMED_AFTER and heads.HEADS is words.HEADS
    assert keys.TITLE_WORDS is words.TITLE_WORDS and keys.CONNECTORS is words.CONNECTORS
    assert patterns.BODY_HEADS is words.BODY_HEADS and patterns.AMOUNTS is words.AMOUNTS
    assert mending.STOP_WORDS is words.STOP_WORDS and non_names.FUNCTION_WORDS is words.FUNCTION_WORDS
    assert short_names.NAMED_AFTER is words.NAMED_AFTER and features.CUE_WORDS is words.CUE_WORDS


_WORD = re.compile("[\u0621-\u064a]{2,}")


def _word_lists(source: str) -> list[int]:
    """Lines of module-level word lists: a split Arabic string, an Arabic word passed to a
    helper (normalise("الله"), _words("...")), two Arabic words in a display, or a string of
    Arabic words alone (letter sets such as frozenset("وفبكل") and regular expressions are no lists)."""
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For)):
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "split":
                hit = isinstance(sub.func.value, ast.Constant) and _WORD.search(str(sub.func.value.value)) is not None
            elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                hit = sub.func.id not in ("frozenset", "set", "tuple", "list") and any(
                    isinstance(a, ast.Constant) and _WORD.search(str(a.value)) is not None for a in sub.args)
            elif isinstance(sub, (ast.Set, ast.Tuple, ast.List)):
                hit = sum(isinstance(e, ast.Constant) and _WORD.fullmatch(str(e.value)) is not None for e in sub.elts) >= 2
            elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                tokens = sub.value.split()
                hit = len(tokens) >= 2 and all(_WORD.fullmatch(t) for t in tokens)
            else:
                hit = False
            if hit:
                found.append(sub.lineno)
    return sorted(set(found))


def test_the_guard_finds_a_scattered_list() -> None:
    assert _word_lists('_KIN = frozenset({"بن", "ابن"})\n') == [1]
    assert _word_lists('_X = frozenset(normalise(w) for w in "أبو أبي".split())\n') == [1]
    assert _word_lists('_GOD = normalise("الله")\n') == [1]
    assert _word_lists('T = {"TPERS": "رئيس وزير"}\n') == [1]
    assert _word_lists('_C = frozenset("وفبكل")\n_R = re.compile("^[وف]?ال")\nP = ("و", "ف")\n') == []


@pytest.mark.parametrize("path", sorted(
    str(p.relative_to(CORE)) for p in [*CORE.joinpath("ner").glob("*.py"), *CORE.joinpath("linking").glob("*.py"),
                                       CORE / "propagation.py", CORE / "spelling.py"]))
def test_no_word_list_is_left_in_the_analysis_modules(path: str) -> None:
    """The NER post-pass, linking, propagation and spelling read their word lists here."""
    assert _word_lists(CORE.joinpath(path).read_text(encoding="utf-8")) == []


def test_the_kept_link_states_follow_these_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core.linking import state

    base = state.code_fingerprint()
    monkeypatch.setattr(words, "CONNECTORS", words.CONNECTORS | {"ذي"})
    state.code_fingerprint.cache_clear()
    try:
        assert state.code_fingerprint() != base
    finally:
        monkeypatch.undo()
        state.code_fingerprint.cache_clear()
    assert state.code_fingerprint() == base
