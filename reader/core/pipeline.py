"""Long work as plain functions taking ``progress`` and ``cancel`` callbacks.

The CLI drives them with a tqdm bar, the UI from a worker thread (reader/ui/tasks.py). Work is
committed in batches, so an interruption loses at most the batches in flight and a re-run
carries on: unchanged articles are skipped (one indexed lookup each), unanalysed ones analysed.

Analysis runs on every core (reader/core/pool.py): this process reads the files and writes
SQLite, worker processes run the NER and build the search rows, a bounded number of batches
in flight, so memory does not grow with the corpus.
"""
from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core import duplicates
from reader.core.corrections import user_lexicon
from reader.core.importers import discover, read_file
from reader.core.linking import relink_library
from reader.core.model import Document, ImportFailure
from reader.core.ner import NerBackend, load_backend
from reader.core.pool import Analyser, Job, Result
from reader.core.ordinary_words import drop_ordinary_words
from reader.core.propagation import propagate_names
from reader.core.progress import CancelFn, Progress, ProgressFn
from reader.core.store import Library
from reader.core.store.library import content_hash, own_files

if TYPE_CHECKING:
    from reader.core.cluster import DaskAnalyser
    from reader.core.ner.lexicon import Lexicon

__all__ = ["Progress", "ProgressFn", "CancelFn", "ImportReport", "import_paths", "analyse"]

# Progress is reported at most this often (seconds): a callback per article would cost more
# than the skip path of an unchanged article.
PROGRESS_INTERVAL = 0.2


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[ImportFailure] = field(default_factory=list)
    cancelled: bool = False
    article_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return self.imported + self.updated + self.unchanged

    def summary(self) -> str:
        text = f"imported {self.imported}, updated {self.updated}, unchanged {self.unchanged}, failed {len(self.failed)}"
        return text + (" (cancelled)" if self.cancelled else "")


# The progress messages of the linking phase (the window translates them).
LINKING = "linking entities…"
LINKING_AGAIN = "linking the names found across the library…"


def _never() -> bool:
    return False


def input_size(path: Path) -> int:
    """Bytes an import reads from ``path``: the uncompressed members of a zip, else the file size."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as z:
                return sum(i.file_size for i in z.infolist()) or 1
        return os.stat(path).st_size or 1
    except (OSError, zipfile.BadZipFile, ValueError):
        return 1


class _Ticker:
    """Throttled, monotonic progress over input bytes."""

    def __init__(self, progress: ProgressFn | None, total: int, report: "ImportReport") -> None:
        self.progress, self.total, self.report = progress, total, report
        self.done = 0
        self._last = 0.0

    def __call__(self, position: int, force: bool = False) -> None:
        self.done = max(self.done, min(position, self.total))
        now = time.monotonic()
        if self.progress and (force or now - self._last >= PROGRESS_INTERVAL):
            self._last = now
            self.progress(Progress(self.done, self.total, f"{self.report.ok:,} articles"))


@dataclass(slots=True)
class _Pending:
    """An article read and waiting for its analysis: the document, its hash, where the input stood."""

    doc: Document
    digest: str
    position: int
    stored: bool  # this very text is in the library already (only its analysis is missing)


def import_paths(lib: Library, paths: Iterable[str | Path], backend: NerBackend | None = None,
                 progress: ProgressFn | None = None, cancel: CancelFn = _never,
                 on_failure: Callable[[ImportFailure], None] | None = None,
                 batch_size: int = 100, lexicon: "Lexicon | None" = None, workers: int | None = None,
                 cluster: Any = None) -> ImportReport:
    """Import files/folders into the library, analyse what is new or changed, relink entities.

    Progress counts input bytes (uncompressed, for zips), so the ETA holds for any mix of
    files. ``workers``: analysis processes (default: one per core; 1 analyses in this process).
    ``cluster``: a Dask ``distributed.Client`` (or "local" for a local Dask cluster of ``workers``
    processes) to run the analysis on instead (reader/core/cluster.py).
    ``lexicon``: the user's confirmed names (``Lexicon.from_entries``), recognised in every article;
    by default the names the user marked in this library.
    """
    if lexicon is None:
        lexicon = user_lexicon(lib)
    report = ImportReport()
    files: list[Path] = []
    for item in discover(paths, exclude=own_files(lib.path)):
        if isinstance(item, ImportFailure):
            report.failed.append(item)
            if on_failure:
                on_failure(item)
        else:
            files.append(item)
    backend = backend or load_backend()
    sizes = [input_size(f) for f in files]
    tick = _Ticker(progress, sum(sizes), report)

    def fail(item: ImportFailure) -> None:
        report.failed.append(item)
        if on_failure:
            on_failure(item)

    def batches() -> Iterator[tuple[list[_Pending], list[Job]]]:
        """New, changed and unanalysed articles in batches; unchanged analysed ones counted and skipped."""
        batch: list[_Pending] = []
        base = 0
        for path, size in zip(files, sizes):
            read = 0
            for item in read_file(path):
                if cancel():
                    report.cancelled = True
                    return
                if isinstance(item, ImportFailure):
                    fail(item)
                    continue
                read += len(item.raw.encode("utf-8", "replace"))
                position = base + min(read, size - 1)  # the end of the file is reached only at its end
                digest = content_hash(item)
                state = lib.import_state(item.source)
                if state is not None and state[1] == digest and state[2] == backend.name:
                    report.unchanged += 1
                    report.article_ids.append(state[0])
                    if not batch:
                        tick(position)
                    continue
                batch.append(_Pending(item, digest, position, state is not None and state[1] == digest))
                if len(batch) >= batch_size:
                    yield batch, _jobs(batch)
                    batch = []
            base += size
            if not batch:
                tick(base)
        if batch:
            yield batch, _jobs(batch)

    dup_index = duplicates.Index()  # duplicates: the library's buckets, loaded at the first new article
    with _analyser(backend, lexicon, workers, cluster) as analyser:
        for pending, results in analyser.map(batches()):
            _store_batch(lib, pending, results, backend, report, dup_index)
            tick(pending[-1].position)
            if cancel():
                report.cancelled = True
                break
    if not report.cancelled:
        tick(tick.total, force=True)
    # run again after a stop in its linking phase, every article unchanged, the import links
    # what that stop left, as it promises to carry on (_with_unlinked)
    left = [] if report.cancelled else unlinked_articles(lib)
    if report.imported or report.updated or left:
        _link(lib, backend.name, _with_unlinked(report.article_ids, left), progress, tick.done, tick.total)
    if not report.cancelled and duplicates.has_missing(lib):  # duplicates: a library made before grouping
        duplicates.backfill(lib, _phase(progress, tick.done, tick.total), cancel)
    return report


def _phase(progress: ProgressFn | None, done: int, total: int) -> ProgressFn | None:
    """A phase after the import's bar has reached its end: its own message, the bar kept full."""
    if progress is None:
        return None
    return lambda p: progress(Progress(done, total, p.message))


def _link(lib: Library, model: str, article_ids: Sequence[int], progress: ProgressFn | None, done: int,
          total: int) -> None:
    """The linking phase at the end of an import or analysis, named in the progress (it takes
    a minute on a large library, after the bar has reached its end)."""
    if progress:
        progress(Progress(done, total, LINKING))
    with lib.transaction():
        if article_ids:
            drop_ordinary_words(lib, article_ids)  # before linking: one relink for both
        relink_library(lib)
        if article_ids and propagate_names(lib, model, article_ids):
            if progress:
                progress(Progress(done, total, LINKING_AGAIN))
            relink_library(lib)


def _analyser(backend: NerBackend, lexicon: "Lexicon | None", workers: int | None,
              cluster: Any) -> "Analyser | DaskAnalyser":
    """The local process pool, or a Dask cluster's workers (same ``map(batches)``)."""
    if cluster is None:
        return Analyser(backend, lexicon, workers)
    from reader.core.cluster import DaskAnalyser

    return DaskAnalyser(backend, lexicon, client=None if cluster == "local" else cluster, workers=workers)


def _jobs(batch: Sequence[_Pending]) -> list[Job]:
    """New and changed articles need their search row too; stored ones only their spans."""
    return [Job(p.doc.text, None if p.stored else p.doc.title) for p in batch]


def _store_batch(lib: Library, batch: Sequence[_Pending], results: Sequence[Result], backend: NerBackend,
                 report: ImportReport, dup_index: duplicates.Index | None = None) -> None:
    """Upsert one analysed batch in one transaction: all of it lands, or none.

    The spans are of the text being stored, whatever another process did meanwhile; a search
    row missing from the result (the text was stored when read) is computed here.
    """
    shingles: dict[int, bytes] = {}  # duplicates: new and changed texts
    with lib.transaction():
        for p, result in zip(batch, results):
            article_id, status = lib.upsert_document(p.doc, p.digest, result.fts)
            report.article_ids.append(article_id)
            setattr(report, status, getattr(report, status) + 1)
            if status != "unchanged":
                shingles[article_id] = result.shingles if result.shingles is not None else duplicates.hashed_shingles(p.doc.text)
            if status == "unchanged":
                state = lib.import_state(p.doc.source)
                if state is not None and state[2] == backend.name:
                    continue  # analysed meanwhile (the same source twice in one import)
            lib.set_model_mentions(article_id, result.spans, backend.name)
        if shingles:  # grouped against the whole library, in this transaction
            duplicates.update(lib, dict(zip(shingles, duplicates.sketches_of(list(shingles.values())))), dup_index)


def analyse(lib: Library, backend: NerBackend | None = None, article_ids: Sequence[int] | None = None,
            progress: ProgressFn | None = None, cancel: CancelFn = _never, batch_size: int = 100,
            lexicon: "Lexicon | None" = None, workers: int | None = None, cluster: Any = None) -> int:
    """(Re-)analyse articles with a model without re-importing them; returns how many were analysed.

    By default only articles not yet analysed with this model, so an interrupted run resumes.
    ``workers`` and ``cluster`` as for :func:`import_paths`.
    ``lexicon``: the user's confirmed names; after the user confirms new ones, re-analyse all
    articles (``article_ids=lib.article_ids()``) with it so old articles find them too.
    """
    backend = backend or load_backend()
    if lexicon is None:
        lexicon = user_lexicon(lib)
    ids = list(article_ids) if article_ids is not None else lib.article_ids(unanalysed_with=backend.name)
    done = 0

    def batches() -> Iterator[tuple[list[int], list[Job]]]:
        for i in range(0, len(ids), batch_size):
            if cancel():
                return
            chunk = ids[i:i + batch_size]
            marks = ",".join("?" * len(chunk))
            texts = dict(lib.conn.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", chunk).fetchall())
            present = [a for a in chunk if a in texts]  # deleted meanwhile: nothing to analyse
            yield present, [Job(texts[a]) for a in present]

    with _analyser(backend, lexicon, workers, cluster) as analyser:
        for chunk, results in analyser.map(batches()):
            with lib.transaction():
                for article_id, result in zip(chunk, results):
                    lib.set_model_mentions(article_id, result.spans, backend.name)
            done += len(chunk)
            if progress:
                progress(Progress(done, len(ids), f"{done:,} articles analysed"))
            if cancel():
                break
    _link(lib, backend.name, _with_unlinked(ids[:done], unlinked_articles(lib)), progress, done, len(ids))
    return done


def _with_unlinked(article_ids: Sequence[int], unlinked: Sequence[int]) -> list[int]:
    """The articles a linking phase covers: those just stored, and those whose mentions an earlier
    import or analysis stored but never linked (it stopped between the two: Ctrl+C, a crash)."""
    return list(dict.fromkeys([*article_ids, *unlinked]))


def unlinked_articles(lib: Library) -> list[int]:
    """Articles with mentions no entity holds: an import or analysis stopped (a crash, a kill, an
    error) between storing its mentions and linking them."""
    return [r[0] for r in lib.conn.execute(
        "SELECT DISTINCT article_id FROM mentions WHERE entity_id IS NULL ORDER BY article_id")]


def repair(lib: Library, backend: NerBackend | None = None, progress: ProgressFn | None = None) -> int:
    """Finish what a stopped import left: link the unlinked mentions and carry names to and from
    their articles, as the import would have; returns how many articles were repaired."""
    ids = unlinked_articles(lib)
    if not ids:
        return 0
    name = (backend or load_backend()).name
    _link(lib, name, ids, progress, 0, 0)
    return len(ids)
