"""Linking does not depend on Python's hash seed.

The same small library (invented people and bodies: two people sharing a surname in different
articles, a surname alone where the library holds both, a short body name that two bodies
contain, a surname the model typed as a place, a tie in type votes) is built and linked in
subprocesses under different PYTHONHASHSEED values: every mention gets the same key, entity
key, type and reason, and every entity the same id, name, aliases and counts.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

# (source, outlet, date, text, [(form, label)]): every occurrence of a form becomes a mention
# (longer forms first; an occurrence inside an earlier one is skipped).
P, O, L = "PERS", "ORG", "LOC"
ARTICLES = [
    ("a1.txt", "الصباح", "2031-03-02",
     "أعلن وزير الموانئ كريم هادي النوراني أمس أن هيئة الموانئ البحرية ستفتح رصيفاً جديداً في "
     "مدينة زهران. وقال النوراني إن الهيئة أنهت الدراسات، وأضاف النوراني أن العمل يبدأ في الربيع.",
     [("كريم هادي النوراني", P), ("النوراني", P), ("هيئة الموانئ البحرية", O), ("الهيئة", O), ("زهران", L)]),
    ("a2.txt", "الأفق", "2031-05-20",
     "استقبلت الدكتورة سلمى فؤاد النوراني وفداً من جمعية المزارعين الجبلية في مدينة قيرون. "
     "وأكدت النوراني أن جمعية المزارعين ستحصل على دعم إضافي هذا العام.",
     [("سلمى فؤاد النوراني", P), ("النوراني", P), ("جمعية المزارعين الجبلية", O), ("جمعية المزارعين", O),
      ("قيرون", L)]),
    ("a3.txt", "الصباح", "2031-03-04",
     "قال النوراني في مؤتمر صحفي إن هيئة الموانئ البحرية تنتظر موافقة البرلمان على رصيف زهران.",
     [("النوراني", P), ("هيئة الموانئ البحرية", O), ("البرلمان", O), ("زهران", L)]),
    ("a4.txt", "المساء", "2031-08-11",
     "نفى النوراني ما نشر عن خلاف داخل الهيئة، فيما دعت هيئة الموانئ الجافة إلى اجتماع عاجل.",
     [("النوراني", P), ("هيئة الموانئ الجافة", O), ("الهيئة", O)]),
    ("a5.txt", "الأفق", "2031-05-22",
     "زارت سلمى النوراني قيرون مرة أخرى، والتقت رئيس جمعية المزارعين الجبلية عادل برهوم. "
     "وقال برهوم إن الجمعية تشكر النوراني.",
     [("سلمى النوراني", P), ("النوراني", P), ("جمعية المزارعين الجبلية", O), ("عادل برهوم", P),
      ("برهوم", P), ("الجمعية", O), ("قيرون", L)]),
    ("a6.txt", "المساء", "2031-09-01",
     "وصل برهوم إلى طرابيل، وفي طرابيل التقى ممثلين عن شركة الرمال الذهبية ومجموعة الرمال الذهبية.",
     [("برهوم", L), ("طرابيل", L), ("شركة الرمال الذهبية", O), ("مجموعة الرمال الذهبية", O)]),
    ("a7.txt", "الصباح", "2031-09-03",
     "قالت الرمال الذهبية إن طرابيل ستستضيف المعرض، وإن وفد طرابيل سيزور زهران.",
     [("الرمال الذهبية", O), ("طرابيل", O), ("زهران", L)]),
]

_SCRIPT = r"""
import json, sys
from reader.core.linking import LinkInput, link, relink_library
from reader.core.model import Document, Label, Span
from reader.core.store import Library

articles, path = json.loads(sys.argv[1]), sys.argv[2]
inputs, spans_of = [], {}
for n, (source, outlet, date, text, forms) in enumerate(articles):
    spans = []
    for form, label in forms:
        start = 0
        while (start := text.find(form, start)) >= 0:
            end = start + len(form)
            if not any(s.start < end and start < s.end for s in spans):
                spans.append(Span(start, end, Label(label), form))
            start = end
    spans.sort(key=lambda s: s.start)
    spans_of[source] = spans
    inputs += [LinkInput(1000 * n + i, n, s.text, s.label, s.start, outlet, date, end=s.end) for i, s in enumerate(spans)]
pure = [(r.mention_id, r.key, r.entity_key, r.label.value, r.reason) for r in link(inputs)]

with Library.open(path) as lib:
    with lib.transaction():
        for source, outlet, date, text, _ in articles:
            a, _ = lib.upsert_document(Document(source, "t", text, text, outlet=outlet, date=date))
            lib.set_model_mentions(a, spans_of[source], "test")
        relink_library(lib)
    mentions = lib.conn.execute(
        'SELECT a.source, m.start, m."end", m.text, m.key, m.label, m.link_reason, e.id, e.key'
        ' FROM mentions m JOIN articles a ON a.id = m.article_id LEFT JOIN entities e ON e.id = m.entity_id'
        ' ORDER BY a.source, m.start').fetchall()
    entities = lib.conn.execute(
        "SELECT id, label, key, name, aliases, n_articles, n_mentions FROM entities ORDER BY id").fetchall()
print(json.dumps({"pure": pure, "mentions": mentions, "entities": entities}, ensure_ascii=False))
"""


def _build(seed: str, tmp_path: Path) -> dict:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps(ARTICLES, ensure_ascii=False),
                          str(tmp_path / f"seed-{seed}.sqlite")],
                         env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_same_library_links_the_same_under_every_hash_seed(tmp_path):
    runs = {seed: _build(seed, tmp_path) for seed in ("0", "1", "4242")}
    first = runs["0"]
    # the library is the one described: both people named in full, the surname left ambiguous
    # where nothing tells them apart, the short body name shared by two bodies
    keys = {(m[0], m[3]): m[8] for m in first["mentions"]}
    assert keys[("a1.txt", "النوراني")] == keys[("a1.txt", "كريم هادي النوراني")]
    assert keys[("a2.txt", "النوراني")] == keys[("a2.txt", "سلمى فؤاد النوراني")] != keys[("a1.txt", "النوراني")]
    assert len({e[2] for e in first["entities"]}) >= 10
    for seed, run in runs.items():
        # entity key per mention (the pure linker and the library's), then the whole rows
        assert run["pure"] == first["pure"], f"PYTHONHASHSEED={seed}: link() differs"
        assert [(m[:4], m[8]) for m in run["mentions"]] == [(m[:4], m[8]) for m in first["mentions"]], \
            f"PYTHONHASHSEED={seed}: entity keys differ"
        assert run["mentions"] == first["mentions"], f"PYTHONHASHSEED={seed}: mention rows (entity ids) differ"
        assert run["entities"] == first["entities"], f"PYTHONHASHSEED={seed}: entities differ"


def test_the_kept_states_fingerprint_is_the_same_in_every_process() -> None:
    """A state kept by one process (an import, a closed window) is read back by the next only if
    both compute one fingerprint of the linking code: no word list may be ordered by the hash seed."""
    code = "from reader.core.linking.state import code_fingerprint; print(code_fingerprint())"
    prints = set()
    for seed in ("1", "2", "3", "4"):
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120,
                           env=dict(os.environ, PYTHONHASHSEED=seed))
        assert r.returncode == 0, r.stderr
        prints.add(r.stdout.strip())
    assert len(prints) == 1
