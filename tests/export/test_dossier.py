"""The dossier PDF: every mention of an entity with its sentence, article title, outlet and date."""
import subprocess

import pytest

from reader.core.linking import relink_library
from reader.core.model import Document, Label, Span
from reader.export.dossier import dossier_html, export_dossier


@pytest.fixture
def lib(library):
    # two outlets on one story (the same city named in both: context enough to link the surname)
    texts = [("قمة الدوحة", "وكالة <أ>", "التقى سمير الداودي وزير الخارجية في الدوحة. وقال الداودي إن اللقاء مثمر."),
             ("<b>خبر</b> ثان", "صحيفة ب", "أعلن الداودي في الدوحة خطة جديدة.")]
    with library.transaction():
        for i, (title, outlet, text) in enumerate(texts):
            aid, _ = library.upsert_document(Document(f"{i}.txt", title, text, text, outlet=outlet, date=f"2020-01-0{i + 1}"))
            spans, pos = [], 0
            for form, label in (("سمير الداودي", Label.PERS), ("الداودي", Label.PERS), ("الدوحة", Label.LOC)):
                start = text.find(form, pos)
                while start >= 0:
                    if not any(s.start <= start < s.end for s in spans):
                        spans.append(Span(start, start + len(form), label))
                    start = text.find(form, start + 1)
            library.set_model_mentions(aid, sorted(spans, key=lambda s: s.start), "test")
        relink_library(library)
    return library


def test_dossier_lists_every_mention_with_sentence_title_outlet_and_escapes_text(lib):
    e = lib.entity_by_key("سمير داودي")
    html = dossier_html(lib, e.id)
    assert html.count("<span style=\"background-color:") >= 3 + 1  # three mentions and the type chip
    assert "وقال الداودي إن اللقاء مثمر." not in html  # the mention inside is wrapped ...
    assert "إن اللقاء مثمر." in html  # ... but its sentence is there
    assert "&lt;b&gt;خبر&lt;/b&gt; ثان" in html and "وكالة &lt;أ&gt;" in html
    assert "<b>خبر" not in html


def test_dossier_pdf_has_the_text(lib, tmp_path):
    e = lib.entity_by_key("سمير داودي")
    out = export_dossier(lib, e.id, tmp_path / "d.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    try:
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext is not installed")
    assert "صحيفة" in text or "ﺻﺤﻴﻔﺔ" in text
