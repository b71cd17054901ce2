"""Long work as plain functions taking ``progress`` and ``cancel`` callbacks.

The CLI drives them with a tqdm bar, the UI from a worker thread (reader/ui/tasks.py). Work is
committed in batches, so an interruption loses at most the current batch and a re-run carries on:
unchanged articles are skipped, unanalysed ones are analysed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.importers import discover, read_file
from reader.core.linking import relink_library
from reader.core.model import Document, ImportFailure
from reader.core.ner import NerBackend, find_spans, load_backend
from reader.core.store import Library


@dataclass(frozen=True, slots=True)
class Progress:
    """Where long work stands: ``done`` of ``total`` units (total 0 when unknown)."""

    done: int
    total: int
    message: str = ""


ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]


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


def _never() -> bool:
    return False


def import_paths(lib: Library, paths: Iterable[str | Path], backend: NerBackend | None = None,
                 progress: ProgressFn | None = None, cancel: CancelFn = _never,
                 on_failure: Callable[[ImportFailure], None] | None = None,
                 batch_size: int = 100) -> ImportReport:
    """Import files/folders into the library, analyse what is new or changed, relink entities."""
    report = ImportReport()
    files: list[Path] = []
    for item in discover(paths):
        if isinstance(item, ImportFailure):
            report.failed.append(item)
            if on_failure:
                on_failure(item)
        else:
            files.append(item)
    backend = backend or load_backend()
    batch: list[Document] = []

    def flush() -> None:
        _store_batch(lib, batch, backend, report)
        batch.clear()

    for n, path in enumerate(files):
        if cancel():
            report.cancelled = True
            break
        for item in read_file(path):
            if isinstance(item, ImportFailure):
                report.failed.append(item)
                if on_failure:
                    on_failure(item)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
                if progress:
                    progress(Progress(n, len(files), f"{report.ok} articles"))
                if cancel():
                    report.cancelled = True
                    break
        if report.cancelled:
            break
        if progress:
            progress(Progress(n + 1, len(files), f"{report.ok + len(batch)} articles"))
    flush()
    if report.imported or report.updated:
        with lib.transaction():
            relink_library(lib)
    return report


def _store_batch(lib: Library, docs: Sequence[Document], backend: NerBackend, report: ImportReport) -> None:
    """Upsert and analyse one batch in one transaction: all of it lands, or none."""
    if not docs:
        return
    with lib.transaction():
        for doc in docs:
            article_id, status = lib.upsert_document(doc)
            report.article_ids.append(article_id)
            setattr(report, status, getattr(report, status) + 1)
            if status != "unchanged" or lib.article(article_id).analysed_with != backend.name:
                lib.set_model_mentions(article_id, find_spans(doc.text, backend), backend.name)


def analyse(lib: Library, backend: NerBackend | None = None, article_ids: Sequence[int] | None = None,
            progress: ProgressFn | None = None, cancel: CancelFn = _never, batch_size: int = 100) -> int:
    """(Re-)analyse articles with a model without re-importing them; returns how many were analysed.

    By default only articles not yet analysed with this model, so an interrupted run resumes.
    """
    backend = backend or load_backend()
    ids = list(article_ids) if article_ids is not None else lib.article_ids(unanalysed_with=backend.name)
    done = 0
    for i in range(0, len(ids), batch_size):
        if cancel():
            break
        with lib.transaction():
            for article_id in ids[i:i + batch_size]:
                lib.set_model_mentions(article_id, find_spans(lib.article(article_id).text, backend), backend.name)
                done += 1
        if progress:
            progress(Progress(done, len(ids), "analysing"))
    with lib.transaction():
        relink_library(lib)
    return done
