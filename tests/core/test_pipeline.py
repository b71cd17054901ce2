"""The parallel pipeline: the same mentions and search rows as in one process, resumable, bounded.

No timings here (bench/build_library.py measures throughput): these check what the worker
processes produce and how the importing process feeds them.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.ner import load_backend
from reader.core.pipeline import analyse, import_paths, input_size
from reader.core.pool import Analyser, Job
from reader.core.progress import Eta, Progress, clock_text
from reader.core.store import Library

NAMES = ["باراك أوباما", "عبد الله بن عبد العزيز", "فلاديمير بوتين", "بان كي مون", "محمد بن سلمان"]
PLACES = ["الرياض", "واشنطن", "موسكو", "القاهرة", "جدة"]


def corpus(folder: Path, n: int = 24) -> Path:
    """A JSON Lines file of ``n`` short news articles that name people, places and bodies."""
    lines = []
    for i in range(n):
        name, place = NAMES[i % len(NAMES)], PLACES[(i * 3) % len(PLACES)]
        text = (f"قال الرئيس {name} في {place} يوم الأحد إن المحادثات مع وزارة الخارجية السعودية كانت مثمرة. "
                f"وأضاف {name.split()[-1]} أن الأمم المتحدة ستعقد اجتماعا في {PLACES[i % len(PLACES)]} الشهر المقبل. "
                f"الخبر رقم {i}.")
        lines.append(json.dumps({"id": str(i), "title": f"خبر {i} من {place}", "content": text,
                                 "source": "test", "date": f"2015-07-{1 + i % 28:02d}"}, ensure_ascii=False))
    path = folder / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(lib: Library) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Mentions and search rows by source, comparable across libraries."""
    mentions = lib.conn.execute(
        'SELECT a.source, m.start, m."end", m.text, m.found_label, m.model FROM mentions m'
        ' JOIN articles a ON a.id = m.article_id ORDER BY a.source, m.start').fetchall()
    fts = lib.conn.execute("SELECT a.source, f.title, f.body FROM articles_fts f JOIN articles a ON a.id = f.rowid"
                           " ORDER BY a.source").fetchall()
    return mentions, fts


@pytest.fixture(scope="module")
def backend():
    return load_backend()


def test_parallel_import_stores_what_the_serial_import_stores(tmp_path: Path, backend) -> None:
    data = corpus(tmp_path)
    results = []
    for workers in (1, 2):
        with Library.open(tmp_path / f"w{workers}.sqlite") as lib:
            report = import_paths(lib, [data], backend, batch_size=5, workers=workers)
            assert (report.imported, report.unchanged, report.failed) == (24, 0, [])
            assert not lib.article_ids(unanalysed_with=backend.name)
            results.append(snapshot(lib))
    serial, parallel = results
    assert serial[0], "the corpus names people and places: the model finds some"
    assert parallel == serial


def test_parallel_analyse_gives_the_serial_mentions(tmp_path: Path, backend) -> None:
    data = corpus(tmp_path, 12)
    with Library.open(tmp_path / "lib.sqlite") as lib:
        import_paths(lib, [data], backend, workers=1)
        before = snapshot(lib)
        lib.conn.execute("DELETE FROM mentions")
        assert analyse(lib, backend, lib.article_ids(), batch_size=4, workers=2) == 12
        assert snapshot(lib) == before


def test_an_import_cancelled_midway_resumes_where_it_stopped(tmp_path: Path, backend) -> None:
    data = corpus(tmp_path)
    calls: list[Progress] = []
    stop_after = 2  # checks of cancel() answered False before it answers True

    def cancel() -> bool:
        nonlocal stop_after
        stop_after -= 1
        return stop_after < 0

    with Library.open(tmp_path / "lib.sqlite") as lib:
        first = import_paths(lib, [data], backend, cancel=cancel, batch_size=5, workers=2)
        assert first.cancelled
        kept = lib.stats()["articles"]
        assert kept < 24
        assert not lib.article_ids(unanalysed_with=backend.name), "what was written was analysed with it"
        second = import_paths(lib, [data], backend, progress=calls.append, batch_size=5, workers=2)
        assert not second.cancelled
        assert (second.imported, second.unchanged) == (24 - kept, kept)
        assert lib.stats()["articles"] == 24
        assert not lib.article_ids(unanalysed_with=backend.name)
        assert lib.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 24
        third = import_paths(lib, [data], backend, batch_size=5, workers=2)
        assert (third.imported, third.updated, third.unchanged) == (0, 0, 24)
    done = [p.done for p in calls]
    assert done == sorted(done), "progress never goes back"
    assert calls[-1].done == calls[-1].total == input_size(data)


def test_articles_stored_but_not_analysed_are_analysed_on_reimport(tmp_path: Path, backend) -> None:
    data = corpus(tmp_path, 8)
    with Library.open(tmp_path / "lib.sqlite") as lib:
        import_paths(lib, [data], backend, workers=1)
        lib.conn.execute("UPDATE articles SET analysed_with = NULL WHERE id % 2 = 0")
        lib.conn.execute("DELETE FROM mentions WHERE article_id % 2 = 0")
        report = import_paths(lib, [data], backend, workers=1)
        assert (report.imported, report.updated, report.unchanged) == (0, 0, 8)
        assert not lib.article_ids(unanalysed_with=backend.name)
        assert lib.conn.execute("SELECT count(DISTINCT article_id) FROM mentions WHERE article_id % 2 = 0").fetchone()[0]


def test_batches_in_flight_are_bounded(backend) -> None:
    pulled = 0
    yielded = 0
    most_ahead = 0

    def batches():
        nonlocal pulled
        for i in range(12):
            pulled += 1
            yield i, [Job("زار الرئيس باراك أوباما الرياض.", "عنوان")] * 2

    with Analyser(backend, workers=2, in_flight=3) as analyser:
        assert analyser.parallel
        keys = []
        for key, results in analyser.map(batches()):
            yielded += 1
            most_ahead = max(most_ahead, pulled - yielded)
            keys.append(key)
            assert len(results) == 2 and results[0].spans and results[0].fts
    assert keys == list(range(12)), "results come back in input order"
    assert analyser.max_pending <= 3
    assert most_ahead <= 3


def test_one_batch_is_analysed_without_starting_processes(backend) -> None:
    with Analyser(backend, workers=2) as analyser:
        out = list(analyser.map([("only", [Job("وصل بوتين إلى موسكو.")])]))
        assert analyser._pool is None
    assert out[0][0] == "only" and out[0][1][0].fts is None


def test_eta_from_the_recent_rate() -> None:
    now = [0.0]
    eta = Eta(window=10, clock=lambda: now[0])
    assert eta.update(0, 100) is None
    now[0] = 5
    assert eta.update(10, 100) == pytest.approx(45)  # 2 units/s, 90 left
    now[0] = 30
    eta.update(20, 100)
    now[0] = 40
    assert eta.update(60, 100) == pytest.approx(10)  # the last 10 s: 4 units/s
    assert clock_text(75) == "1:15" and clock_text(3725) == "1:02:05"


def test_the_linking_phase_is_named_after_the_bar_ends(tmp_path: Path, backend) -> None:
    from reader.core.pipeline import LINKING, LINKING_AGAIN, repair, unlinked_articles

    said: list[Progress] = []
    with Library.open(tmp_path / "l.sqlite") as lib:
        import_paths(lib, [corpus(tmp_path)], backend, progress=said.append, workers=1)
        phases = [p.message for p in said if p.message in (LINKING, LINKING_AGAIN)]
        assert phases and phases[0] == LINKING
        first = next(i for i, p in enumerate(said) if p.message == LINKING)
        assert said[first].done == said[first].total > 0  # after every byte was read
        assert all(p.message in (LINKING, LINKING_AGAIN) for p in said[first:])
        # a stop between storing and linking leaves mentions without entities: repair links them
        lib.conn.execute("UPDATE mentions SET entity_id = NULL WHERE article_id IN (SELECT min(id) FROM articles)")
        lib.conn.commit()
        assert unlinked_articles(lib) and lib.has_unlinked_mentions()
        assert repair(lib, backend) == 1
        assert not lib.has_unlinked_mentions()
        # the same stop, then the same import again: every article unchanged, it links them too
        lib.conn.execute("UPDATE mentions SET entity_id = NULL WHERE article_id IN (SELECT min(id) FROM articles)")
        lib.conn.commit()
        report = import_paths(lib, [corpus(tmp_path)], backend, workers=1)
        assert report.unchanged and not report.imported and not report.updated
        assert not lib.has_unlinked_mentions()
