"""Analysis on every core: batches of article texts go to worker processes, results come back in order.

The importing process reads files and owns the SQLite connection (batched transactions); the
workers only run what is a pure function of the articles' texts: NER (``find_spans_many``), the
search row (``fts_row``) and the hashed word 3-grams (``duplicates.hashed_shingles``). Memory
stays bounded whatever the corpus size: the input is pulled lazily and at most ``2 × workers``
batches are in flight (``ProcessPoolExecutor.map`` would queue the whole input at once).

Workers are *spawned*, not forked: the app imports from a Qt worker thread, and forking a
threaded process can deadlock the child. Spawning costs about half a second per worker (import
and model load), so work of one batch or less is done in this process and no pool starts.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from reader.core import duplicates
from reader.core.model import Label, Span
from reader.core.ner import NerBackend, find_spans_many, load_backend

T = TypeVar("T")
log = logging.getLogger(__name__)

# Words whose features a worker keeps (the built-in model's per-word cache): about 4 KB each, so
# 50,000 words keep a worker near 300 MB; the model's own default (300,000) would let each worker
# grow past 1 GB on a large corpus. Smaller costs speed: 20,000 words analyse ~15% slower.
WORKER_FEATURE_CACHE = 50_000

# Most worker processes used by default: the importing process needs a share of the CPU too
# (reading, hashing, SQLite), and each worker holds a copy of the model.
MAX_DEFAULT_WORKERS = 4


@dataclass(frozen=True, slots=True)
class Job:
    """One article to analyse. ``title`` None: spans only (the article is stored already)."""

    text: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    spans: list[Span]
    fts: tuple[str, str] | None  # (title, body) search row, when the job had a title
    shingles: bytes | None = None  # duplicates: the body's hashed word 3-grams, when the job had a title


def default_workers() -> int:
    """Worker processes for this machine: one per core (2 on a 2-core laptop), 1 on a single core."""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(n, MAX_DEFAULT_WORKERS))


def analyse_jobs(jobs: Sequence[Job], backend: NerBackend, lexicon: Any = None) -> list[Result]:
    """What a worker does with a batch of articles (also the in-process path, so both give the
    same). The model tags the batch's sentences together (:func:`find_spans_many`)."""
    from reader.core.store.library import fts_row

    out = []
    for job, spans in zip(jobs, find_spans_many([j.text for j in jobs], backend, lexicon)):
        if job.title is None:
            out.append(Result(spans, None))
            continue
        fts = fts_row(job.title, job.text)
        out.append(Result(spans, fts, duplicates.hashed_shingles(job.text, duplicates.words_of_search_row(fts[1]))))
    return out


# -- worker side -------------------------------------------------------------------------------
_worker_backend: NerBackend | None = None
_worker_lexicon: Any = None


def worker_backend(spec: tuple[str, Any]) -> NerBackend:
    """The backend a worker process analyses with (from ``worker_spec``), its caches bounded."""
    kind, value = spec
    backend = load_backend(value) if kind == "name" else value
    featurizer = getattr(backend, "featurizer", None)
    if isinstance(getattr(featurizer, "_cache_size", None), int):
        featurizer._cache_size = min(featurizer._cache_size, WORKER_FEATURE_CACHE)  # type: ignore[union-attr]
    return backend


def _init_worker(spec: tuple[str, Any], lexicon: Any, parent: int) -> None:
    global _worker_backend, _worker_lexicon
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the importing process's to handle
    # One worker per core: a model that runs its own threads (the encoder's onnxruntime) uses one.
    os.environ.setdefault("READER_NER_THREADS", "1")
    _worker_backend = worker_backend(spec)
    _worker_lexicon = lexicon
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose importing process was killed (kill -9, a crash) ends instead of lingering."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


# What a worker sends back per article: spans as (start, end, label) tuples (small pickles), search
# row, hashed word 3-grams (duplicates).
Packed = tuple[list[tuple[int, int, str]], tuple[str, str] | None, bytes | None]


def analyse_batch(jobs: Sequence[Job], backend: NerBackend, lexicon: Any) -> list[Packed]:
    """A worker's answer for a batch (local pool or Dask worker): see :func:`unpack`."""
    return [([(s.start, s.end, Label(s.label).value) for s in r.spans], r.fts, r.shingles)
            for r in analyse_jobs(jobs, backend, lexicon)]


def unpack(jobs: Sequence[Job], raw: Sequence[Packed]) -> list[Result]:
    """The results of a batch from a worker's answer (spans carry their text again)."""
    return [Result([Span(s, e, Label(lab), job.text[s:e]) for s, e, lab in spans], fts, shingles)
            for job, (spans, fts, shingles) in zip(jobs, raw)]


def _run_batch(jobs: Sequence[Job]) -> list[Packed]:
    assert _worker_backend is not None
    return analyse_batch(jobs, _worker_backend, _worker_lexicon)


# -- importing-process side --------------------------------------------------------------------
def worker_spec(backend: NerBackend) -> tuple[str, Any] | None:
    """How a worker gets the same backend: by its name in the model cache, or pickled; None: it cannot.

    camel-tools' BERT runs in this process only: torch already uses every core, and a copy of
    the model per worker would not fit the memory budget.
    """
    if backend.name.startswith("camel"):
        return None
    from reader.core import ner

    for key, cached in getattr(ner, "_CACHE", {}).items():
        if cached is backend:
            return ("name", key)
    import pickle

    try:
        pickle.dumps(backend)
    except Exception:  # noqa: BLE001 - an unpicklable backend is analysed in this process
        return None
    return ("pickled", backend)


class Analyser:
    """``map(batches)`` → results in input order, from a pool of processes or this process.

    Use as a context manager; ``close()`` stops the workers (pending batches are dropped: their
    articles were not written, so the next run analyses them).
    """

    def __init__(self, backend: NerBackend, lexicon: Any = None, workers: int | None = None,
                 in_flight: int | None = None) -> None:
        self.backend = backend
        self.lexicon = lexicon
        self.workers = default_workers() if workers is None else max(1, workers)
        self.in_flight = in_flight or 2 * self.workers
        self._spec = worker_spec(backend) if self.workers > 1 else None
        self._pool: ProcessPoolExecutor | None = None
        self.max_pending = 0  # the most batches that were in flight at once (tests check the bound)

    @property
    def parallel(self) -> bool:
        return self._spec is not None

    def __enter__(self) -> "Analyser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _start(self, spec: tuple[str, Any]) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker,
                                             initargs=(spec, self.lexicon, os.getpid()))
        return self._pool

    def _here(self, jobs: Sequence[Job]) -> list[Result]:
        return analyse_jobs(jobs, self.backend, self.lexicon)

    def map(self, batches: Iterable[tuple[T, Sequence[Job]]]) -> Iterator[tuple[T, list[Result]]]:
        """For each ``(key, jobs)``, ``(key, results)``; input pulled only as results are taken."""
        it = iter(batches)
        first = next(it, None)
        if first is None:
            return
        second = next(it, None)
        spec = self._spec
        if second is None or spec is None:  # one batch (or no pool possible, not parallel): no processes
            for key, jobs in ([first] if second is None else [first, second]):
                yield key, self._here(jobs)
            for key, jobs in it:
                yield key, self._here(jobs)
            return
        pool = self._start(spec)
        pending: deque[tuple[T, Sequence[Job], Future[Any]]] = deque()

        def submit(item: tuple[T, Sequence[Job]]) -> None:
            key, jobs = item
            pending.append((key, jobs, pool.submit(_run_batch, list(jobs))))
            self.max_pending = max(self.max_pending, len(pending))

        submit(first)
        submit(second)
        exhausted = False
        while pending:
            while not exhausted and len(pending) < self.in_flight:
                item = next(it, None)
                if item is None:
                    exhausted = True
                else:
                    submit(item)
            key, jobs, future = pending.popleft()
            try:
                raw = future.result()
            except BrokenProcessPool as e:
                # A worker died (killed, out of memory) or could not start (a script that starts
                # an import without ``if __name__ == "__main__":``): carry on in this process.
                log.warning("analysis workers stopped (%s); analysing in this process", e)
                self._spec = None
                self.close()
                yield key, self._here(jobs)
                for key, jobs, _ in pending:
                    yield key, self._here(jobs)
                for key, jobs in it:
                    yield key, self._here(jobs)
                return
            yield key, unpack(jobs, raw)
