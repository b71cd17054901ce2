"""The command line contracts: exit codes, stderr messages, summary lines, idempotent imports."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def reader(*args: str, db: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    if db is not None:
        env["READER_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "reader", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", cwd=REPO, env=env, timeout=300)


ARTICLE = """وزير الصحة يفتتح مستشفى جديداً في طرابلس

افتتح وزير الصحة الليبي سالم عبد الله المنصوري اليوم مستشفى جديداً في مدينة طرابلس.
وقال المنصوري إن المستشفى سيخدم آلاف المرضى، بحضور ممثلين عن منظمة الصحة العالمية.
"""


def test_import_summary_idempotence_and_failures(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    db = tmp_path / "lib.sqlite"
    r = reader("import", "-q", str(folder), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "imported 1, updated 0, unchanged 0, failed 1" in r.stdout
    assert "broken.json" in r.stderr
    r = reader("import", "-q", str(folder), db=db)  # READER_DB works too
    assert "imported 0, updated 0, unchanged 1, failed 1" in r.stdout
    (folder / "one.txt").write_text(ARTICLE + "وأضاف المنصوري أن العمل مستمر.\n", encoding="utf-8")
    r = reader("import", "-q", str(folder), "--db", str(db))
    assert "imported 0, updated 1, unchanged 0, failed 1" in r.stdout


def test_export_never_overwrites_the_library(tmp_path):
    db = tmp_path / "lib.sqlite"
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    assert reader("import", "-q", str(tmp_path / "one.txt"), "--db", str(db)).returncode == 0
    for target in (db, Path(str(db) + ".journal.jsonl")):
        r = reader("export", "--format", "json", "--db", str(db), "-o", str(target))
        assert r.returncode == 2 and "one of the library's own files" in r.stderr
    r = reader("export", "--format", "json", "--db", str(db))
    assert json.loads(r.stdout)["articles"]  # the library is whole


def test_import_exit_codes(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    r = reader("import", "-q", str(bad), "--db", str(tmp_path / "lib.sqlite"))
    assert r.returncode == 1
    assert "bad.jsonl" in r.stderr
    r = reader("import", "-q", str(tmp_path / "missing"), "--db", str(tmp_path / "lib.sqlite"))
    assert r.returncode == 1 and "missing" in r.stderr
    assert reader("import").returncode == 2
    assert reader("export", "--format", "xml").returncode == 2


def test_seeds_import_and_export_json_offsets(tmp_path, seeds_dir):
    db = tmp_path / "lib.sqlite"
    r = reader("import", "-q", str(seeds_dir), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "imported 5," in r.stdout
    out = tmp_path / "export.json"
    r = reader("export", "--format", "json", "--db", str(db), "-o", str(out))
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["articles"]) == 5
    entity_ids = {e["id"] for e in data["entities"]}
    n = 0
    for article in data["articles"]:
        assert article["title"] and article["text"]
        for m in article["mentions"]:
            assert article["text"][m["start"]:m["end"]] == m["text"]
            assert m["label"] in {"PERS", "LOC", "ORG", "MISC"}
            assert m["entity"] in entity_ids
            n += 1
    assert n > 50
    # Some entity is named in several of the five articles: they are about one event.
    assert max(e["articles"] for e in data["entities"]) >= 4


def test_tag_conll_keeps_tokens_and_blank_lines(tmp_path):
    inp = "قال\tO\nالرئيس\nسالم\nالمنصوري\nفي\nطرابلس\n.\n\nوصل\nالوفد\n"
    r = reader("tag", "--conll", stdin=inp)
    assert r.returncode == 0, r.stderr
    blocks = r.stdout.strip("\n").split("\n\n")
    assert len(blocks) == 2
    first = [line.split("\t") for line in blocks[0].split("\n")]
    assert [t for t, _ in first] == ["قال", "الرئيس", "سالم", "المنصوري", "في", "طرابلس", "."]
    assert all(tag == "O" or tag[:2] in ("B-", "I-") for _, tag in first)
    f = tmp_path / "in.conll"
    f.write_text(inp, encoding="utf-8")
    assert reader("tag", "--conll", str(f)).stdout == r.stdout


def test_core_commands_do_not_load_qt(tmp_path):
    code = ("import sys; from reader.cli import main; main(['export', '--format', 'json', '--db', sys.argv[1], '-o', sys.argv[2]]);"
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'")
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "l.sqlite"), str(tmp_path / "o.json")],
                       capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr


def test_import_on_a_local_dask_cluster_and_an_unreachable_scheduler(tmp_path):
    pytest.importorskip("distributed", reason="dask[distributed] is the optional 'cluster' extra")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "lib.sqlite"
    r = reader("import", "-q", "--cluster", "local", "-j", "2", str(folder), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "imported 1, updated 0, unchanged 0, failed 0" in r.stdout
    r = reader("import", "-q", "--cluster", "tcp://127.0.0.1:9", str(folder), "--db", str(db))
    assert r.returncode != 0 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in r.stderr


def test_an_import_keeps_its_linking_state_for_the_window_beside_it(tmp_path):
    """`reader import` beside an open window relinks the library: the window's next correction
    reads the state the import kept (its cache folder) instead of rebuilding it from every mention."""
    from reader.core import corrections as corr
    from reader.core.linking import forget_link_state, relink_library
    from reader.core.linking import state as link_state
    from reader.core.store import Library

    db = tmp_path / "lib.sqlite"
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "two.txt").write_text(ARTICLE.replace("طرابلس", "بنغازي") + "\nوأكد المنصوري أهمية المشروع.\n",
                                      encoding="utf-8")
    assert reader("import", "-q", str(tmp_path / "one.txt"), "--db", str(db)).returncode == 0
    with Library.open(db) as lib:
        with lib.transaction():
            relink_library(lib)  # the window's state, in memory
        assert reader("import", "-q", str(tmp_path / "two.txt"), "--db", str(db)).returncode == 0
        assert link_state.cache_file(db).is_file()  # kept by the import
        said: list[str] = []
        with lib.transaction():
            relink_library(lib, said.append)
        assert "(0 articles resolved" in said[-1]  # read back: nothing left to resolve
        person = next(e for e in lib.entities(None, limit=50) if "المنصوري" in e.name)
        corr.rename(lib, person.id, "سالم المنصوري")
        rows = lib.conn.execute("SELECT * FROM mentions ORDER BY id").fetchall()
        forget_link_state(lib)
        with lib.transaction():
            relink_library(lib, full=True)
        assert lib.conn.execute("SELECT * FROM mentions ORDER BY id").fetchall() == rows
