"""Fuzzing every importer: whatever the bytes, the result is a clean article or a clear failure.

Hypothesis runs derandomised by default, so CI sees the same examples every time; set
``READER_FUZZ=<examples>`` for a longer, random run (``READER_FUZZ=2000 pytest tests/core/importers/test_fuzz.py``).
A "clean article" can be stored and shown as it is: every string encodes as UTF-8 (no lone
surrogates), the text has no NUL or other control characters, no bidi embedding/override/isolate
controls, and the title is one line.
"""
from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.importers import SUFFIXES, read_file, read_paths
from reader.core.importers.formats import MAX_ARTICLE_CHARS, MAX_ARTICLE_FILE_BYTES, read_single
from reader.core.importers.records import MAX_MEMBER_BYTES, read_json, read_jsonl
from reader.core.model import Document, ImportFailure

_RUNS = os.environ.get("READER_FUZZ")
FUZZ = settings(max_examples=int(_RUNS) if _RUNS else 40, deadline=None, derandomize=not _RUNS,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
# Minutes and gigabytes: run with READER_SLOW=1 (the default run stays fast).
slow = pytest.mark.skipif(not os.environ.get("READER_SLOW"), reason="slow: set READER_SLOW=1 to run")
SINGLE = (".txt", ".md", ".html", ".htm")
_UNCLEAN_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
ARTICLE = ("عنوان الخبر\n\nقال وزير الخارجية أيمن الصفدي إن المحادثات مع الجانب الفلسطيني مستمرة.\n"
           "وأضاف أن الأردن يدعم كل جهد يوقف الحرب.\n")


def assert_clean(item: Document | ImportFailure, source: str = "") -> None:
    """A Document a library can store and a view can show, or a failure with a reason."""
    if isinstance(item, ImportFailure):
        assert item.reason and not item.reason.startswith("unexpected error"), item
        assert source in item.source
        return
    assert isinstance(item, Document)
    for name in ("source", "title", "text", "raw", "url", "outlet", "date", "author", "format"):
        value = getattr(item, name)
        assert isinstance(value, str), name
        value.encode("utf-8")  # raises on a lone surrogate: SQLite could not store it
    assert item.text and item.text == item.text.strip()
    assert not _UNCLEAN_RE.search(item.text), ascii(_UNCLEAN_RE.search(item.text).group())  # type: ignore[union-attr]
    assert not _UNCLEAN_RE.search(item.title), ascii(item.title)
    assert "\n" not in item.title and "\r" not in item.title
    assert len(item.text) <= MAX_ARTICLE_CHARS


def read_all(path: Path) -> list[Document | ImportFailure]:
    items = list(read_file(path))
    assert items, "a file yields at least one article or failure"
    for item in items:
        assert_clean(item, path.name)
    return items


# -- strategies ------------------------------------------------------------------------------
NASTY = ("\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
         "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
         "\ufeff", "\ufffe", "\u2028", "\u2029", "\r", "\r\n", "\t", "\u00a0", "\ud83d\ude00", "<", ">", "&",
         "&amp;", "&#0;", "&#x202e;", "\\", '"', "'", "#", "*", "_", "`", "---", "\n")
ARABIC_WORDS = ("قال", "الوزير", "أيمن", "الصفدي", "عمّان", "للأمم", "المتحدة", "في", "بيان", "٢٠٢٤")
words = st.sampled_from(ARABIC_WORDS + NASTY + ("news", "Tunis", "é", "ç", "2024-01-05"))
texts = st.lists(words, max_size=60).map(" ".join) | st.text(max_size=300)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "windows-1256", "iso-8859-6",
             "cp720", "windows-1252", "latin-1")


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """Text in one encoding, or several encodings glued together (a page edited by two tools)."""
    parts = draw(st.lists(st.tuples(texts, st.sampled_from(ENCODINGS)), min_size=1, max_size=3))
    return b"".join(t.encode(enc, errors="replace") if "utf" not in enc else t.encode(enc, errors="surrogatepass")
                    for t, enc in parts)


TAGS = ("p", "div", "span", "b", "article", "main", "h1", "li", "table", "td", "section", "a", "title")
CHROME = (
    "<script>alert('x')</script>", "<script src='http://evil.example/x.js'></script>",
    "<iframe src='http://evil.example/'></iframe>", "<iframe src='file:///etc/passwd'></iframe>",
    "<img src='http://evil.example/pixel.gif'>", "<img src='file:///etc/passwd' onerror='alert(1)'>",
    "<style>body{background:url(http://evil.example/x)}</style>", "<object data='x.swf'></object>",
    "<a href='javascript:alert(1)'>رابط</a>", "<!-- comment -->", "<![CDATA[ x ]]>", "<meta charset='utf-16'>",
    "<meta charset='x-unknown'>", "<meta http-equiv='refresh' content='0;url=http://evil.example'>",
    "<svg onload='alert(1)'><script>x</script></svg>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<p", "</div>",
    '<script type="application/ld+json">{"headline": ', '<script type="application/ld+json">[[[[]]]]</script>',
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Tag soup: nested elements, chrome with remote and file: resources, broken markup."""
    out: list[str] = []
    open_tags: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, 3))
        if choice == 0:
            tag = draw(st.sampled_from(TAGS))
            out.append(f"<{tag}>")
            open_tags.append(tag)
        elif choice == 1 and open_tags and draw(st.booleans()):
            out.append(f"</{open_tags.pop()}>")
        elif choice == 2:
            out.append(draw(st.sampled_from(CHROME)))
        else:
            out.append(draw(texts))
    return "".join(out)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(("content", "text", "body", "title", "id", "url", "date", "author", "source",
                         "articles", "@graph", "x")) | st.text(max_size=5), children, max_size=5),
    max_leaves=20,
)


@st.composite
def json_bytes(draw: st.DrawFn) -> bytes:
    """Valid JSON of any shape, articles with nasty text, or either cut short."""
    value = draw(json_values | st.builds(lambda t, c: {"title": t, "content": c}, texts, texts))
    data = json.dumps(value, ensure_ascii=draw(st.booleans())).encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


# -- the properties ----------------------------------------------------------------------------
@FUZZ
@given(data=st.binary(max_size=3000) | encoded(), suffix=st.sampled_from(SINGLE))
def test_single_article_formats_never_crash(data: bytes, suffix: str) -> None:
    assert_clean(read_single(data, "page" + suffix, suffix), "page")


@FUZZ
@given(page=html_pages(), encoding=st.sampled_from(("utf-8", "utf-16", "windows-1256")))
def test_html_tag_soup_gives_text_without_markup_or_scripts(page: str, encoding: str) -> None:
    result = read_single(page.encode(encoding, errors="replace"), "page.html", ".html")
    assert_clean(result, "page.html")
    if isinstance(result, Document):
        assert "alert(" not in result.text.replace("&lt;script&gt;alert(1)", "")  # scripts are dropped
        assert "evil.example" not in result.text
        assert "<iframe" not in result.text and "<img" not in result.text


@FUZZ
@given(data=st.binary(max_size=2000) | json_bytes() | encoded())
def test_json_and_jsonl_never_crash(data: bytes) -> None:
    for item in read_json(data, "dump.json"):
        assert_clean(item, "dump.json")
    for item in read_jsonl(data + b"\n" + data, "dump.jsonl"):
        assert_clean(item, "dump.jsonl")


@FUZZ
@given(data=st.binary(max_size=2000) | json_bytes() | encoded() | html_pages().map(lambda p: p.encode(errors="surrogatepass")),
       suffix=st.sampled_from(sorted(SUFFIXES)))
def test_any_file_never_crashes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    read_all(path)


@FUZZ
@given(members=st.lists(st.tuples(st.sampled_from(("a.json", "b.jsonl", "c.txt", "d.html", "e.md", "f.zip", "g.bin")),
                                  st.binary(max_size=500) | json_bytes() | encoded()), max_size=4),
       cut=st.integers(0, 4000) | st.none())
def test_zip_archives_whole_or_truncated(tmp_path: Path, members: list[tuple[str, bytes]], cut: int | None) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (name, data) in enumerate(members):
            z.writestr(f"{i}/{name}", data)
    data = buf.getvalue()
    path = tmp_path / "dump.zip"
    path.write_bytes(data if cut is None else data[:cut])
    read_all(path)


# -- hand-made nasty cases ----------------------------------------------------------------------
def _doc(items: list[Document | ImportFailure]) -> Document:
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == 1, items
    return docs[0]


def test_control_bidi_and_zero_width_characters_are_removed_from_the_text(tmp_path: Path) -> None:
    nasty = ("عنوان\u202e الخبر\n\nقال\u200b الوزير\u2066 أيمن\u2069 الصفدي\x01 إن\ufeff المحادثات\x7f مستمرة.\n"
             "سطر\u200c ثان\u200d فيه\u200f علامات\u200e اتجاه.\n")
    path = tmp_path / "a.txt"
    path.write_text(nasty, encoding="utf-8")
    doc = _doc(read_all(path))
    assert doc.title == "عنوان الخبر"
    assert doc.text.startswith("قال الوزير أيمن الصفدي إن المحادثات مستمرة.")
    assert "\u200c" in doc.text and "\u200d" in doc.text  # joiners shape Arabic (and Persian) words: kept
    assert "\u202e" in doc.raw  # the raw text is kept as found


def test_nul_bytes_in_a_json_string_and_lone_surrogates_are_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "عنوان\ud800", "content": ARTICLE.replace("قال", "قال\u0000\udc00"),
                                "author": "\ud83d"}), encoding="utf-8")
    doc = _doc(read_all(path))
    assert "\x00" not in doc.text and "\ufffd" in doc.text
    assert doc.title == "عنوان\ufffd" and doc.author == "\ufffd"


def test_a_file_mixing_utf8_and_windows_1256_reads_both_halves(tmp_path: Path) -> None:
    first = "عنوان الخبر\n\nقال وزير الخارجية إن المحادثات مستمرة.\n"
    second = "وأضاف أن الأردن يدعم كل جهد يوقف الحرب في غزة.\n"
    path = tmp_path / "mixed.txt"
    path.write_bytes(first.encode("utf-8") + second.encode("windows-1256"))
    doc = _doc(read_all(path))
    assert doc.text == "قال وزير الخارجية إن المحادثات مستمرة.\nوأضاف أن الأردن يدعم كل جهد يوقف الحرب في غزة."


def test_pure_windows_1256_is_not_mistaken_for_mixed(tmp_path: Path) -> None:
    text = "عنوان الخبر\n\n" + "في مصر، والأردن؛ قال الوزير: هل انتهى؟ نعم، انتهى.\n" * 20
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("windows-1256"))
    assert _doc(read_all(path)).text == "\n".join(["في مصر، والأردن؛ قال الوزير: هل انتهى؟ نعم، انتهى."] * 20)


@pytest.mark.parametrize("tag", ["div", "b", "span", "table", "p"])
def test_deeply_nested_html(tmp_path: Path, tag: str) -> None:
    path = tmp_path / "deep.html"
    path.write_text(f"<title>عنوان</title>{f'<{tag}>' * 100_000}قال الوزير إن المحادثات مستمرة.", encoding="utf-8")
    assert _doc(read_all(path)).text == "قال الوزير إن المحادثات مستمرة."


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deeply_nested_json(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    (failure,) = read_all(path)
    assert isinstance(failure, ImportFailure) and "nested too deeply" in failure.reason


def test_html_with_scripts_iframes_and_images_keeps_only_the_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>عنوان الخبر</title><script>document.write('<p>مزيف</p>')</script></head><body>"
        "<iframe src='file:///etc/passwd'></iframe><article><h1>عنوان الخبر</h1>"
        "<p>قال الوزير <img src='http://evil.example/p.gif' alt='صورة'> إن المحادثات مستمرة.</p>"
        "<p>نص &lt;script&gt;alert(1)&lt;/script&gt; مقتبس.</p></article></body></html>", encoding="utf-8")
    doc = _doc(read_all(path))
    assert doc.text == "قال الوزير إن المحادثات مستمرة.\n\nنص <script>alert(1)</script> مقتبس."  # text, escaped when shown
    assert "مزيف" not in doc.text and "evil" not in doc.text and "passwd" not in doc.text


def test_very_long_line(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("قال الوزير إن المحادثات مستمرة " * 200_000, encoding="utf-8")  # 6 MB, no newline
    doc = _doc(read_all(path))
    assert doc.title.endswith("…") and len(doc.title) < 200
    assert len(doc.text) > 5_000_000


def test_a_file_too_large_for_one_article_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # sparse: instant, takes no disk
        f.truncate(MAX_ARTICLE_FILE_BYTES + 1)
    (failure,) = read_all(path)
    assert isinstance(failure, ImportFailure) and failure.source == str(path.resolve())
    assert failure.reason.startswith("file too large for one article")


def test_a_record_file_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as f:
        f.truncate(MAX_MEMBER_BYTES + 1)
    (failure,) = read_all(path)
    assert isinstance(failure, ImportFailure) and failure.reason.startswith("file too large")


def test_an_article_text_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"title": "t", "content": "كلمة " * (MAX_ARTICLE_CHARS // 4)}), encoding="utf-8")
    (failure,) = read_all(path)
    assert isinstance(failure, ImportFailure) and "too long" in failure.reason


@pytest.mark.slow
@slow
@pytest.mark.parametrize("suffix", [".jsonl", ".txt"])
def test_100_mb_files(tmp_path: Path, suffix: str) -> None:
    """A 100 MB JSONL dump imports record by record; a 100 MB .txt is refused with a reason."""
    record = json.dumps({"title": "عنوان", "content": ARTICLE * 20}, ensure_ascii=False) + "\n"
    path = tmp_path / f"big{suffix}"
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(100_000_000 // len(record.encode())):
            f.write(record if suffix == ".jsonl" else ARTICLE * 20)
    items = read_all(path)
    if suffix == ".jsonl":
        assert len(items) > 10_000 and all(isinstance(i, Document) for i in items)
    else:
        assert isinstance(items[0], ImportFailure) and items[0].reason.startswith("file too large")


def test_symlink_loops_and_special_files(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "dev.txt").symlink_to("/dev/zero")  # an endless "file": must not be read
    os.mkfifo(tmp_path / "pipe.txt")  # reading a FIFO blocks forever
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    items = list(read_paths([tmp_path]))
    docs = [i for i in items if isinstance(i, Document)]
    reasons = {Path(i.source).name: i.reason for i in items if isinstance(i, ImportFailure)}
    assert [Path(d.source).name for d in docs] == ["ok.txt"]
    assert reasons["loop"].startswith("symbolic link loop")
    assert reasons["self.txt"] == reasons["a.txt"] == reasons["b.txt"] == "symbolic link loop"
    assert reasons["pipe.txt"] == "not a regular file"
    assert reasons["zero"].startswith("unsupported file type")  # the link resolves to /dev/zero
    for item in items:
        assert_clean(item)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    (failure,) = read_all(path)
    assert isinstance(failure, ImportFailure) and "permission denied" in failure.reason
