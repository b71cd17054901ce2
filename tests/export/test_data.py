"""JSON and CSV export (reader.export.data) and ``reader export --format json|csv``."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from reader.core.model import Label
from reader.core.store import Library
from reader.export.data import CSV_COLUMNS, write_csv, write_json

ARTICLE_KEYS = {"id", "source", "url", "title", "outlet", "date", "text", "mentions"}
MENTION_KEYS = {"start", "end", "text", "label", "entity"}
ENTITY_KEYS = {"id", "name", "label", "aliases", "articles", "mentions"}
LABELS = {label.value for label in Label}


def _json(library: Library, ids: list[int] | None = None) -> dict:  # type: ignore[type-arg]
    out = io.StringIO()
    write_json(library, out, ids)
    return json.loads(out.getvalue())


def check_json(data: dict, library: Library) -> None:  # type: ignore[type-arg]
    assert set(data) == {"articles", "entities"}
    entity_ids = {e["id"] for e in data["entities"]}
    for article in data["articles"]:
        assert set(article) == ARTICLE_KEYS
        record = library.article(article["id"])
        assert article["text"] == record.text and article["title"] == record.title
        assert len(article["mentions"]) == len(library.mentions(article["id"]))
        for m in article["mentions"]:
            assert set(m) == MENTION_KEYS
            # Code points of the stored text: an emoji earlier in the text must not shift them.
            assert article["text"][m["start"]:m["end"]] == m["text"]
            assert m["label"] in LABELS
            assert m["entity"] in entity_ids
    for e in data["entities"]:
        assert set(e) == ENTITY_KEYS
        assert e["label"] in LABELS
        assert isinstance(e["aliases"], list) and all(isinstance(a, str) for a in e["aliases"])
        assert e["mentions"] >= 1 and e["articles"] >= 1
        assert e["name"] == library.entity(e["id"]).name


def test_json_shape_and_offsets(library: Library, sample_library) -> None:
    data = _json(library)
    check_json(data, library)
    assert [a["id"] for a in data["articles"]] == [sample_library.news, sample_library.special]
    news, special = data["articles"]
    assert news["outlet"] == "وكالة الأنباء" and news["date"] == "2024-02-11" and news["url"] == "https://example.com/a"
    assert {m["label"] for m in news["mentions"]} == {"PERS", "LOC", "ORG"}
    # The emoji (astral, two UTF-16 units) come before every mention of the second article.
    assert special["text"].startswith("🇯🇴 😀")
    texts = [m["text"] for m in special["mentions"]]
    assert texts == ["AT&T", "دبي", "دبي"]
    assert special["mentions"][0]["start"] == special["text"].index("AT&T")
    names = {e["name"]: e for e in data["entities"]}
    assert names["دبي"]["mentions"] == 2 and names["دبي"]["articles"] == 1
    assert names["سامح شكري"]["label"] == "PERS" and names["سامح شكري"]["mentions"] == 2


def test_json_selected_articles_keep_their_entities_only(library: Library, sample_library) -> None:
    data = _json(library, [sample_library.special])
    check_json(data, library)
    assert [a["id"] for a in data["articles"]] == [sample_library.special]
    assert {e["name"] for e in data["entities"]} == {"AT&T", "دبي"}


def test_json_empty_library(tmp_path: Path) -> None:
    with Library.open(tmp_path / "empty.sqlite") as lib:
        assert _json(lib) == {"articles": [], "entities": []}


def test_csv_one_row_per_mention(library: Library, sample_library) -> None:
    out = io.StringIO(newline="")
    write_csv(library, out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, r)) for r in rows[1:]]
    mentions = library.mentions(sample_library.news) + library.mentions(sample_library.special)
    assert len(body) == len(mentions)
    for row, m in zip(body, mentions):
        article = library.article(m.article_id)
        # Round trip: Arabic text and offsets come back as written.
        assert row["text"] == m.text == article.text[int(row["start"]):int(row["end"])]
        assert row["title"] == article.title and row["label"] == m.label.value
        assert row["entity_id"] == str(m.entity_id)
        assert row["entity_name"] == library.entity(m.entity_id).name  # type: ignore[arg-type]
    assert any(r["text"] == "اللجنة الدولية للصليب الأحمر" for r in body)
    # A title with quotes, commas and markup survives CSV quoting.
    assert {r["title"] for r in body} == {sample_library.TITLE, sample_library.TITLE2}


def test_cli_json_to_file_and_stdout(sample_library, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "lib.json"
    r = run_cli("export", "--format", "json", "--db", str(sample_library.path), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    from_file = json.loads(out.read_text(encoding="utf-8"))
    assert "سامح شكري" in out.read_text(encoding="utf-8")  # not \\u escapes

    # Standard output is UTF-8 whatever the locale says.
    r = run_cli("export", "--format", "json", "--db", str(sample_library.path), env={"LC_ALL": "C", "LANG": "C",
                                                                                  "PYTHONIOENCODING": "ascii"})
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout.decode("utf-8")) == from_file
    with Library.open(sample_library.path) as lib:
        check_json(from_file, lib)


def test_cli_csv_and_article_selection(sample_library, run_cli) -> None:
    r = run_cli("export", "--format", "csv", "--db", str(sample_library.path), "--article", "special.txt")
    assert r.returncode == 0, r.stderr.decode()
    rows = list(csv.reader(io.StringIO(r.stdout.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row[CSV_COLUMNS.index("text")] for row in rows[1:]] == ["AT&T", "دبي", "دبي"]


def test_cli_unknown_article(sample_library, run_cli) -> None:
    r = run_cli("export", "--format", "json", "--db", str(sample_library.path), "--article", "nothing-like-this")
    assert r.returncode == 1
    assert "no article with id or source 'nothing-like-this'" in r.stderr.decode()
    assert r.stdout == b""
