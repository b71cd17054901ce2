"""Analysis on a Dask cluster gives what the local analysis gives (reader/core/cluster.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="dask[distributed] is the optional 'cluster' extra")

from reader.core.cluster import DaskAnalyser  # noqa: E402
from reader.core.importers import read_paths  # noqa: E402
from reader.core.model import Document  # noqa: E402
from reader.core.ner import load_backend  # noqa: E402
from reader.core.ner.lexicon import Lexicon  # noqa: E402
from reader.core.pool import Analyser, Job  # noqa: E402

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "articles"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def _batches() -> list[tuple[int, list[Job]]]:
    docs = [d for d in read_paths([DEMO]) if isinstance(d, Document)]
    assert len(docs) >= 4
    jobs = [Job(d.text, d.title) for d in docs]
    return [(i, jobs[i:i + 2]) for i in range(0, len(jobs), 2)]


def test_same_spans_and_search_rows_as_in_process(client) -> None:
    backend = load_backend()
    batches = _batches()
    with Analyser(backend, workers=1) as here:
        expected = list(here.map(batches))
    with DaskAnalyser(backend, client=client, in_flight=2) as dask:
        got = list(dask.map(batches))
        assert dask.max_pending <= 2
    assert [k for k, _ in got] == [k for k, _ in batches]  # input order
    assert got == expected
    assert sum(len(r.spans) for _, rs in got for r in rs) > 10


def test_lexicon_reaches_the_workers(client) -> None:
    backend = load_backend()
    text = "وصل زورباخان المستشار إلى المدينة أمس."
    lexicon = Lexicon.from_entries([("زورباخان", "PERS")])
    with DaskAnalyser(backend, lexicon, client=client) as dask:
        [(_, [result])] = list(dask.map([(0, [Job(text)])]))
    assert any(text[s.start:s.end] == "زورباخان" and s.label.value == "PERS" for s in result.spans)


def test_a_model_only_this_process_can_run_is_refused() -> None:
    class Local:
        name = "camel-bert-local"

    with pytest.raises(ValueError, match="importing process only"):
        DaskAnalyser(Local(), client=object())  # type: ignore[arg-type]


def test_an_import_on_the_cluster_writes_the_library_a_local_import_writes(client, tmp_path: Path) -> None:
    from reader.core.pipeline import import_paths
    from reader.core.store import Library

    def mentions(path: Path, **kw) -> list[tuple]:
        with Library.open(path) as lib:
            report = import_paths(lib, [DEMO], **kw)
            assert report.imported >= 4 and not report.failed
            return lib.conn.execute(
                "SELECT a.source, m.start, m.\"end\", m.label, e.key FROM mentions m JOIN articles a ON a.id = m.article_id"
                " JOIN entities e ON e.id = m.entity_id ORDER BY a.source, m.start").fetchall()

    here = mentions(tmp_path / "here.sqlite", workers=1)
    assert here and here == mentions(tmp_path / "dask.sqlite", cluster=client)
