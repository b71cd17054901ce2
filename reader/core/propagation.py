"""Names the library has learnt, carried to articles where the model missed them.

A surname the model found next to the full name (a short form linked "in the same article") is
a name. Where another article uses it alone, without a title, the model often misses it: the
name was never seen in training. After linking, those surnames become a lexicon; the articles
whose search index holds them untagged are tagged again with it, and linking runs again. Only
single-word short forms of people linked inside one article qualify: they are the confident
ones, and a person's surname is a name wherever it stands (which person it is, linking decides).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from reader.core.arabic import normalise, tokenize
from reader.core.corrections import active
from reader.core.model import Label
from reader.core.ner import NerBackend
from reader.core.ner.gazetteer import word_keys
from reader.core.ner.lexicon import Lexicon
from reader.core.pool import Analyser, Job
from reader.core.store import Library, fts_query

_CONFIDENT = "short form of %article%"


def learnt_names(lib: Library, article_ids: Iterable[int] | None = None) -> set[str]:
    """Surnames linked to a full name inside an article (of ``article_ids``, or anywhere)."""
    sql = ("SELECT DISTINCT m.text FROM mentions m JOIN entities e ON e.id = m.entity_id"
           " WHERE e.label = 'PERS' AND m.label = 'PERS' AND instr(e.key, ' ') > 0"
           " AND m.key != '' AND instr(m.key, ' ') = 0 AND length(m.key) >= 3 AND m.link_reason LIKE ?")
    if article_ids is None:
        return {r[0] for r in lib.conn.execute(sql, (_CONFIDENT,))}
    ids = sorted(set(article_ids))
    out: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out |= {r[0] for r in lib.conn.execute(
            sql + f" AND m.article_id IN ({','.join('?' * len(chunk))})", (_CONFIDENT, *chunk))}
    return out


def _untagged(lib: Library, article_id: int, text: str, names: set[str]) -> bool:
    """Whether a learnt name occurs in the article outside every mention."""
    covered = [(m.start, m.end) for m in lib.mentions(article_id)]
    for tok in tokenize(text):
        if not tok.text[0].isalnum():
            continue
        if names.intersection(word_keys(normalise(tok.text))) and \
                not any(s <= tok.start and tok.end <= e for s, e in covered):
            return True
    return False


def propagate_names(lib: Library, backend: NerBackend, article_ids: Iterable[int] | None = None,
                    workers: int | None = None) -> int:
    """Tag learnt names where the model left them out; returns how many articles were re-tagged.

    The caller relinks when this returns more than zero. ``workers``: analysis processes, as
    for ``pipeline.import_paths`` (default: one per core).
    """
    surfaces = learnt_names(lib, article_ids)
    if not surfaces:
        return 0
    names = {normalise(s) for s in surfaces}
    entries: list[tuple[str, Label | str | None]] = [(s, Label.PERS) for s in sorted(surfaces)]
    # The researcher's own marks come last: they win over anything learnt.
    entries += [(c.payload["anchor"]["text"], c.payload["label"]) for c in active(lib) if c.kind == "mark"]
    lexicon = Lexicon.from_entries(entries)
    candidates: set[int] = set()
    for name in names:
        query = fts_query(name)
        if query:
            candidates.update(r[0] for r in lib.conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (query,)))
    def batches() -> Iterator[tuple[list[int], list[Job]]]:
        ids: list[int] = []
        jobs: list[Job] = []
        for article_id in sorted(candidates):
            text = lib.article(article_id).text
            if _untagged(lib, article_id, text, names):
                ids.append(article_id)
                jobs.append(Job(text))
                if len(ids) >= 100:
                    yield ids, jobs
                    ids, jobs = [], []
        if ids:
            yield ids, jobs

    # On every core, as the import's analysis: on a large library most articles hold some
    # learnt surname, and re-tagging them one by one here took minutes (31,000 articles).
    retagged = 0
    with Analyser(backend, lexicon, workers) as analyser:
        for ids, results in analyser.map(batches()):
            for article_id, result in zip(ids, results):
                lib.set_model_mentions(article_id, result.spans, backend.name)
            retagged += len(ids)
    return retagged
