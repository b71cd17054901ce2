"""Markdown articles: headline from "# ", syntax stripped to plain text."""
from __future__ import annotations

from pathlib import Path

from reader.core.importers import read_file
from reader.core.importers.markdown import parse
from reader.core.model import Document, ImportFailure

PAGE = """# ارتفاع أسعار النفط

فقرة **أولى** فيها *تأكيد* _وميل_ و[رابط إلى المصدر](https://example.com/a?b=1) ![صورة](img.png)
وتكملة الفقرة نفسها في سطر ثان.

## تفاصيل السوق

- بند أول
- بند [ثان](http://x.y)
1. بند مرقم

> قال المتحدث: `النص` كما هو

---

اسم_متغير_بشرطات يبقى كما هو، و\\*نجمة\\* حرفية.

```
رمز *لا* يتغير
```
[مرجع]: https://example.com
"""


def test_title_and_plain_text() -> None:
    md = parse(PAGE)
    assert md.title == "ارتفاع أسعار النفط"
    assert [line for line in md.text.split("\n") if line] == [
        "فقرة أولى فيها تأكيد وميل ورابط إلى المصدر وتكملة الفقرة نفسها في سطر ثان.",
        "تفاصيل السوق",
        "• بند أول",
        "• بند ثان",
        "1. بند مرقم",
        "قال المتحدث: النص كما هو",
        "اسم_متغير_بشرطات يبقى كما هو، و*نجمة* حرفية.",
        "رمز *لا* يتغير",
    ]


def test_front_matter_and_setext_heading() -> None:
    md = parse("---\ntitle: 'عنوان الترويسة'\ndate: 2020-10-29\nauthor: كاتب\n---\nعنوان\n=====\n\nنص")
    assert md.title == "عنوان الترويسة"
    assert md.meta == {"title": "عنوان الترويسة", "date": "2020-10-29", "author": "كاتب"}
    assert md.text.split("\n") == ["عنوان", "", "نص"]


def test_a_heading_after_text_is_not_the_title() -> None:
    md = parse("نص أول\n\n# عنوان لاحق\n")
    assert md.title == ""
    assert "عنوان لاحق" in md.text


def test_md_file_to_document(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(PAGE, encoding="utf-8")
    (doc,) = read_file(path)
    assert isinstance(doc, Document)
    assert doc.format == "md" and doc.raw == PAGE
    assert doc.title == "ارتفاع أسعار النفط"
    assert doc.text.startswith("فقرة أولى فيها تأكيد")
    for syntax in ("**", "](", "![", "#", "```", "> "):
        assert syntax not in doc.text


def test_md_front_matter_fills_the_document(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    front = "---\ndate: 2020-10-29 08:30\nauthor: كاتب\nurl: https://e.x/1\n---\n"
    path.write_text(front + "عنوان\n\nنص الخبر", encoding="utf-8")
    (doc,) = read_file(path)
    assert isinstance(doc, Document)
    assert (doc.title, doc.text, doc.date, doc.author, doc.url) == (
        "عنوان", "نص الخبر", "2020-10-29T08:30:00", "كاتب", "https://e.x/1")


def test_md_with_only_a_heading_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# عنوان فقط\n\n---\n", encoding="utf-8")
    assert list(read_file(path)) == [ImportFailure(str(path.resolve()), "empty article")]
