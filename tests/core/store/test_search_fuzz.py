"""Whatever is typed in a search box gives results or an empty list, never an error.

FTS5 has its own query language (quotes, ``*``, ``^``, ``:``, parentheses, AND/OR/NOT/NEAR); every
user string goes through ``fts_query``, which must turn all of it into data.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.core.model import Document
from reader.core.store import Library

_RUNS = os.environ.get("READER_FUZZ")
FUZZ = settings(max_examples=int(_RUNS) if _RUNS else 150, deadline=None, derandomize=not _RUNS,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

FTS_SYNTAX = ('"', "'", "*", "^", ":", "(", ")", "{", "}", "-", "+", "NEAR", "NEAR(", "AND", "OR", "NOT", "title:",
              "body:", "rowid", "%", "_", "\\", ",", "\x00", "\ud800", "\udfff", "\u200f", "\u202e", "ـ", "\u064b",
              "ال", "و", "قطر", "الوزير", "وبالوزير", "أ", "😀", " ", "\t", "\n", "0", "٢٠٢٠", "a", "*الوزير")
queries = (st.lists(st.sampled_from(FTS_SYNTAX), max_size=12).map("".join)
           | st.lists(st.sampled_from(FTS_SYNTAX), max_size=8).map(" ".join)
           | st.text(alphabet=st.characters(codec=None, categories=None), max_size=40))

TEXTS = [
    ("قال الوزير", 'قال الوزير إن قطر "ستشارك" في القمة NEAR AND OR NOT * ^ title: (x).'),
    ("وبالوزير", "التقى وبالوزير الأردني أيمن الصفدي في عمان ٢٠٢٠ 😀."),
    ("English", "The minister said 'hello' and \"bye\" -- rowid:1 {a b}."),
]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    path: Path = tmp_path_factory.mktemp("search") / "search.sqlite"
    lib = Library.open(path)
    with lib.transaction():
        for n, (title, text) in enumerate(TEXTS):
            lib.upsert_document(Document(f"/data/{n}.txt", title, text, text, format="txt"))
    yield lib
    lib.close()


@FUZZ
@given(query=queries)
@example(query='"')
@example(query='الوزير"')
@example(query="NEAR(قطر الوزير, 2)")
@example(query="title:الوزير OR body:*")
@example(query="\ud800الوزير")
@example(query="الو\x00زير")
def test_any_query_lists_or_counts_without_error(lib: Library, query: str) -> None:
    count = lib.count_articles(query)
    rows = lib.list_articles(query, limit=2)
    assert 0 <= count <= len(TEXTS)
    assert len(rows) == min(count, 2)
    assert lib.list_articles(query, limit=10, offset=1) == lib.list_articles(query)[1:]
    assert isinstance(lib.entities(query=query), list)


def test_query_words_still_match_when_surrounded_by_syntax(lib: Library) -> None:
    for query in ('"قطر', "قطر*", "(قطر)", "^قطر", "قطر AND", "قطر:"):
        assert [a.source for a in lib.list_articles(query)] == ["/data/0.txt"], query
    for query in ("NOT قطر", "-قطر"):  # the syntax's exclusions: a query of only exclusions finds nothing
        assert lib.list_articles(query) == [], query
    assert lib.count_articles('"hello"') == 1
    assert lib.count_articles("*") == 0
