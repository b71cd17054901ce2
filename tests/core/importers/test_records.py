"""JSON, JSON Lines and zip archives of article records, including the SaudiNewsNet sample."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from reader.core.importers import read_file, read_paths
from reader.core.importers.records import NO_TEXT, read_zip
from reader.core.model import Document, ImportFailure

P1 = "قالت الوزارة في بيان إن المشروع سيكتمل خلال عامين، وإن تكلفته تبلغ مليار ريال."
P2 = "وأضاف البيان أن العمل سيبدأ الشهر المقبل بمشاركة عدد من الشركات المحلية."


def record(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"source": "akhbar", "url": "http://akhbar.example/1", "title": "عنوان الخبر",
                               "author": "كاتب", "date_extracted": "2015-08-10 18:52:49", "content": f"{P1}\n{P2}"}
    base.update(fields)
    return base


def write_json(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def test_saudinewsnet_style_array(tmp_path: Path) -> None:
    path = write_json(tmp_path / "day.json", [record(), record(title="ثان", content=P2, author="&nbsp;واس (جدة)")])
    first, second = read_file(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    src = str(path.resolve())
    assert (first.source, second.source) == (f"{src}#0", f"{src}#1")
    assert first.title == "عنوان الخبر" and first.text == f"{P1}\n{P2}" and first.raw == f"{P1}\n{P2}"
    assert first.outlet == "akhbar"  # SaudiNewsNet's `source` is the newspaper
    assert first.url == "http://akhbar.example/1"
    assert first.date == "2015-08-10T18:52:49"
    assert first.author == "كاتب" and first.format == "json"
    assert second.author == "واس (جدة)"  # an HTML entity in a scraped field


def test_field_name_variants_and_priorities(tmp_path: Path) -> None:
    path = write_json(tmp_path / "one.json", {
        "id": "a-7", "headline": "عنوان", "body": [P1, P2], "publisher": {"name": "ناشر"}, "link": "https://x.y/z",
        "pubDate": "Tue, 10 Aug 2015 18:52:49 +0000", "date_extracted": "2015-08-11 00:00:00", "byline": ["أ", "ب"],
    })
    (doc,) = read_file(path)
    assert isinstance(doc, Document)
    assert doc.source == f"{path.resolve()}#a-7"
    assert (doc.title, doc.text, doc.outlet, doc.url) == ("عنوان", f"{P1}\n{P2}", "ناشر", "https://x.y/z")
    assert doc.date == "2015-08-10T18:52:49"  # a publication date wins over the crawl date
    assert doc.author == "أ, ب"


def test_wrapped_array_and_html_content(tmp_path: Path) -> None:
    path = write_json(tmp_path / "api.json", {"status": "ok", "articles": [
        {"title": "عنوان", "text": f"<p>{P1}</p><p>{P2}</p><script>x()</script>"},
    ]})
    (doc,) = read_file(path)
    assert isinstance(doc, Document)
    assert doc.text.split("\n\n") == [P1, P2]


def test_title_from_first_line_when_no_title_field(tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", [{"content": f"عنوان في النص\n{P1}", "title": ""}])
    (doc,) = read_file(path)
    assert isinstance(doc, Document) and (doc.title, doc.text) == ("عنوان في النص", P1)


def test_record_cleanup_share_bar_and_repeated_title(tmp_path: Path) -> None:
    share = "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك"  # a share bar flattened into the text
    path = write_json(tmp_path / "a.json", [record(content=f" {share} {P1}\n\u00a0{P2} \n\nاقرأ أيضاً\nعنوان آخر"),
                                             record(content=f"عنوان الخبر\n{P1}")])
    first, second = read_file(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.text == f"{P1}\n{P2}"
    assert second.text == P1


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"title": "أ", "content": "ب"}\n  {"title": "ج"}\n]', encoding="utf-8")
    assert list(read_file(path)) == [
        ImportFailure(str(path.resolve()), "invalid JSON at line 3: Expecting ',' delimiter")]


def test_bad_records_fail_alone(tmp_path: Path) -> None:
    path = write_json(tmp_path / "mixed.json", [record(), "نص", {"title": "بلا نص"}, record(content=" \n "),
                                                 record(content="اترك رد"), record(id=5)])
    src = str(path.resolve())
    assert [(type(i).__name__, i.source, getattr(i, "reason", "")) for i in read_file(path)] == [
        ("Document", f"{src}#0", ""),
        ("ImportFailure", f"{src}#1", "record is not an object (found a string)"),
        ("ImportFailure", f"{src}#2", NO_TEXT),
        ("ImportFailure", f"{src}#3", "empty article"),
        ("ImportFailure", f"{src}#4", "empty article"),
        ("Document", f"{src}#5", ""),
    ]


def test_top_level_scalar_and_deep_nesting(tmp_path: Path) -> None:
    path = write_json(tmp_path / "n.json", 42)
    assert list(read_file(path)) == [
        ImportFailure(str(path.resolve()), "expected a JSON object or an array of objects (found a number)")]
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    (failure,) = read_file(deep)
    assert isinstance(failure, ImportFailure) and failure.reason.startswith("invalid JSON")


def test_jsonl_with_a_broken_line(tmp_path: Path) -> None:
    lines = [json.dumps(record(id="d#0"), ensure_ascii=False), '{"title": "مكسور", "content": ', "",
             json.dumps(record(title="ثالث", content=f"{P2}\u2028{P1}"), ensure_ascii=False)]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_file(path))
    src = str(path.resolve())
    assert [i.source for i in items] == [f"{src}#d#0", f"{src}#1", f"{src}#2"]
    assert isinstance(items[0], Document) and isinstance(items[2], Document)
    assert items[1] == ImportFailure(f"{src}#1", "invalid JSON at line 2: Expecting value")
    # U+2028 inside a JSON string is not a record separator (str.splitlines would split there).
    assert items[2].title == "ثالث" and items[2].text == f"{P2}\n{P1}"
    assert items[0].format == "jsonl"


def test_duplicate_ids_fall_back_to_the_index(tmp_path: Path) -> None:
    path = write_json(tmp_path / "dup.json", [record(id="x"), record(id="x")])
    src = str(path.resolve())
    assert [d.source for d in read_file(path)] == [f"{src}#x", f"{src}#1"]


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_members_in_name_order(tmp_path: Path) -> None:
    day = json.dumps([record(), record(title="ثان")], ensure_ascii=False).encode()
    path = make_zip(tmp_path / "2015-08-10.zip", {
        "b/2015-08-10.json": day,
        "a/feed.jsonl": (json.dumps(record(id="r1"), ensure_ascii=False) + "\n").encode(),
        "a/page.txt": f"عنوان\n\n{P1}".encode("windows-1256"),
        "__MACOSX/b/._2015-08-10.json": b"\x00\x05\x16\x07",
        "b/.hidden.json": b"[]",
        "notes.pdf": b"%PDF",
        "inner.zip": b"PK",
    })
    items = list(read_file(path))
    src = str(path.resolve())
    assert [i.source for i in items] == [
        f"{src}#a/feed.jsonl#r1", f"{src}#a/page.txt", f"{src}#b/2015-08-10.json#0",
        f"{src}#b/2015-08-10.json#1", f"{src}#inner.zip"]
    assert all(isinstance(i, Document) and i.format == "zip" for i in items[:4])
    assert items[1].text == P1  # type: ignore[union-attr]
    assert items[4] == ImportFailure(f"{src}#inner.zip", "archives inside archives are not read")


def test_reimport_gives_the_same_sources(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "d.zip", {"d.json": json.dumps([record()] * 3).encode()})
    assert [d.source for d in read_file(path)] == [d.source for d in read_file(path)]


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    (failure,) = read_file(path)
    assert isinstance(failure, ImportFailure) and failure.reason.startswith("not a readable zip archive")


def test_zip_is_read_lazily(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "two.zip", {"a.json": json.dumps([record()]).encode(), "b.json": b"not json"})
    items = read_zip(path, "z")
    first = next(items)  # the bad second member has not been touched yet
    assert isinstance(first, Document)
    assert next(items) == ImportFailure("z#b.json", "invalid JSON at line 1: Expecting value")


# --- the SaudiNewsNet sample ----------------------------------------------------------------

def test_saudinewsnet_jsonl_sample(saudinewsnet: Path) -> None:
    folder = saudinewsnet / "jsonl_sample"
    blank = 0
    records = 0
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            records += 1
            blank += not json.loads(line)["content"].strip()
    items = list(read_paths([folder]))
    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, ImportFailure)]
    assert records == len(items) == 3386  # every record is accounted for
    # Records with blank content, or only a comment-counter line, are empty articles.
    assert {f.reason for f in failures} == {"empty article"}
    assert blank <= len(failures) <= blank + 5
    assert len(docs) == 3360
    assert all(d.text.strip() and d.outlet and d.date for d in docs)
    assert len({d.source for d in docs}) == len(docs)
    first = docs[0]
    assert first.source.endswith("part01.jsonl#2015-08-10#0")
    assert first.date == "2015-08-10T18:52:49" and first.outlet == "3alyoum"
    assert not any(d.text.startswith("شارك من خلال") for d in docs)


def test_saudinewsnet_zip(saudinewsnet: Path) -> None:
    path = saudinewsnet / "zips" / "2015-07-23.zip"
    with zipfile.ZipFile(path) as archive:
        (name,) = archive.namelist()
        records = json.loads(archive.read(name))
    items = list(read_file(path))
    assert len(items) == len(records)
    docs = [d for d in items if isinstance(d, Document)]
    assert len(docs) >= len(records) - sum(not r["content"].strip() for r in records) - 5
    assert docs[0].source == f"{path}#{name}#0" and docs[0].format == "zip"
    assert all(d.raw == r["content"] for d, r in zip(items, records, strict=True) if isinstance(d, Document))
