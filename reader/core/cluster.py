"""Analysis on a Dask cluster: the same ``map(batches)`` as the local pool, for large archives.

docs/SCALING.md plans batch analysis of millions of articles on an existing distributed engine.
This is its smallest real form: the importing process reads the files, hashes them, skips what
is unchanged and writes the library exactly as a local import does (``reader.core.pipeline``);
only the analysis (NER and the search row, a pure function of an article's text) runs on Dask
workers, a laptop's ``LocalCluster`` or a scheduler's address. So the library it writes is the
library format the app reads, with no second writer.

Each worker loads the model once (``load_backend`` caches it per process) and receives the
user's lexicon once (scattered to every worker). At most ``2 × workers`` batches are in flight,
as in the local pool, so the importing process's memory stays bounded. Results come back in
input order.

``dask[distributed]`` is an optional dependency (``pip install -e .[cluster]``).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from reader.core.ner import NerBackend
from reader.core.pool import Job, Packed, Result, analyse_batch, unpack, worker_backend, worker_spec

T = TypeVar("T")

# On a worker: the backend of each spec, built once per process.
_backends: dict[Any, NerBackend] = {}


def _run_batch(spec: tuple[str, Any], lexicon: Any, jobs: Sequence[Job]) -> list[Packed]:
    """On a worker: analyse one batch (the model is loaded once per worker process)."""
    key = spec if spec[0] == "name" else id(spec[1])
    backend = _backends.get(key)
    if backend is None:
        backend = _backends[key] = worker_backend(spec)
    return analyse_batch(jobs, backend, lexicon)


class DaskAnalyser:
    """``map(batches)`` → results in input order, computed on a Dask cluster.

    ``client``: a ``distributed.Client``; None starts a ``LocalCluster`` of ``workers`` processes
    (one thread each: the NER is pure Python, threads would share one core) and stops it on close.
    """

    def __init__(self, backend: NerBackend, lexicon: Any = None, client: Any = None,
                 workers: int | None = None, in_flight: int | None = None) -> None:
        from distributed import Client, LocalCluster

        from reader.core.pool import default_workers

        spec = worker_spec(backend)
        if spec is None:
            raise ValueError(f"the {backend.name} model runs in the importing process only; use the local pool")
        self.backend = backend
        self._spec = spec
        self.lexicon = lexicon
        self._own = client is None
        if client is None:
            n = workers or default_workers()
            client = Client(LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                         dashboard_address=None))
        self.client = client
        self.workers = max(1, len(client.scheduler_info().get("workers", {})) or (workers or 1))
        self.in_flight = in_flight or 2 * self.workers
        self._shared: tuple[Any, Any] | None = None  # (spec, lexicon) scattered to every worker
        self.max_pending = 0

    def __enter__(self) -> "DaskAnalyser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own and self.client is not None:
            cluster = self.client.cluster
            self.client.close()
            if cluster is not None:
                cluster.close()
        self.client = None

    def map(self, batches: Iterable[tuple[T, Sequence[Job]]]) -> Iterator[tuple[T, list[Result]]]:
        """For each ``(key, jobs)``, ``(key, results)``; input pulled only as results are taken."""
        if self._shared is None:
            spec = self._spec if self._spec[0] == "name" else self.client.scatter(self._spec, broadcast=True)
            lexicon = None if self.lexicon is None else self.client.scatter(self.lexicon, broadcast=True)
            self._shared = (spec, lexicon)
        pending: deque[tuple[T, Sequence[Job], Any]] = deque()
        it = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.in_flight:
                item = next(it, None)
                if item is None:
                    exhausted = True
                    break
                key, jobs = item
                future = self.client.submit(_run_batch, *self._shared, list(jobs), pure=False)
                pending.append((key, jobs, future))
                self.max_pending = max(self.max_pending, len(pending))
            if not pending:
                return
            key, jobs, future = pending.popleft()
            yield key, unpack(jobs, future.result())
