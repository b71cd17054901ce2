"""Names the library has learnt, carried to articles where the model missed them.

A surname the model found next to the full name (a short form linked "in the same article") is
a name. Where another article uses it alone, without a title, the model often misses it: the
name was never seen in training. After linking, those surnames are looked up in the search
index, their untagged occurrences become person mentions, and linking runs again. Only
single-word short forms of people linked inside one article qualify: they are the confident
ones, and a person's surname is a name wherever it stands (which person it is, linking decides).

No model runs here: each occurrence is one indexed lookup and one inserted row, so a library of
tens of thousands of articles costs seconds, not a second analysis.
"""
from __future__ import annotations

from collections.abc import Iterable

from reader.core.arabic import normalise, strip_article, tokenize
from reader.core.model import Label
from reader.core.ner.gazetteer import word_keys
from reader.core.store import Library, fts_query

_CONFIDENT = "short form of %article%"
# A learnt name is carried only where it is not mostly an ordinary word: it may stand in at most
# this many times as many articles as name it as a person (plus as many again).
_MAX_SPREAD = 3


def _nisbas() -> frozenset[str]:
    from reader.core.places import places

    return frozenset(places().nisba_of)


def learnt_names(lib: Library, article_ids: Iterable[int] | None = None) -> set[str]:
    """Surnames linked to a full name inside an article (of ``article_ids``, or anywhere)."""
    # The mention's key is the entity key's last word: a family name, not a given name (أحمد)
    # or a role word the model took into a span.
    sql = ("SELECT DISTINCT m.text FROM mentions m JOIN entities e ON e.id = m.entity_id"
           " WHERE e.label = 'PERS' AND m.label = 'PERS' AND instr(e.key, ' ') > 0"
           " AND m.key != '' AND instr(m.key, ' ') = 0 AND length(m.key) >= 3 AND m.link_reason LIKE ?"
           " AND substr(e.key, length(e.key) - length(m.key)) = ' ' || m.key")
    if article_ids is None:
        return {r[0] for r in lib.conn.execute(sql, (_CONFIDENT,))}
    ids = sorted(set(article_ids))
    out: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out |= {r[0] for r in lib.conn.execute(
            sql + f" AND m.article_id IN ({','.join('?' * len(chunk))})", (_CONFIDENT, *chunk))}
    return out


def _untagged_occurrences(text: str, taken: list[tuple[int, int]], names: set[str]) -> list[tuple[int, int]]:
    """(start, end) of the tokens that are a learnt name (clitics allowed) and overlap no mention."""
    out = []
    for tok in tokenize(text):
        if not tok.text[0].isalnum():
            continue
        if names.intersection(word_keys(normalise(tok.text))) and \
                not any(s < tok.end and tok.start < e for s, e in taken):
            out.append((tok.start, tok.end))
    return out


def propagate_names(lib: Library, model: str, article_ids: Iterable[int] | None = None) -> int:
    """Add person mentions for learnt names the model left out; returns how many were added.

    The mentions carry the model's name (``model``): a re-analysis replaces them and the next
    propagation adds them again. Mentions a correction took away are not brought back (the
    replay of corrections in the relink removes them again). The caller relinks when this
    returns more than zero.
    """
    nisbas = _nisbas()
    learnt = learnt_names(lib, article_ids)
    if not learnt:
        return 0
    # How many articles name each form as a person: one grouped pass, not a scan per name.
    tagged_in = {r[0]: r[1] for r in lib.conn.execute(
        "SELECT text, count(DISTINCT article_id) FROM mentions WHERE label = 'PERS' GROUP BY text")}
    candidates: set[int] = set()
    names: set[str] = set()
    for surface in learnt:
        name = normalise(surface)
        query = fts_query(name)
        if not query or strip_article(name) in nisbas:
            continue  # الاردني, التركي: an adjective the model took into a name
        found = {r[0] for r in lib.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (query,))}
        tagged = tagged_in.get(surface, 0)
        if len(found) > _MAX_SPREAD * tagged + _MAX_SPREAD:
            continue  # a word most articles use as an ordinary word (البرنامج), not this name
        names.add(name)
        candidates |= found
    if not names:
        return 0
    added = 0
    for article_id in sorted(candidates):
        row = lib.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            continue
        text = row[0]
        taken = [(r[0], r[1]) for r in lib.conn.execute(
            'SELECT start, "end" FROM mentions WHERE article_id = ?', (article_id,))]
        spans = _untagged_occurrences(text, taken, names)
        if spans:
            lib.conn.executemany(
                'INSERT INTO mentions (article_id, start, "end", text, label, found_label, origin, model)'
                " VALUES (?, ?, ?, ?, ?, ?, 'model', ?)",
                [(article_id, s, e, text[s:e], Label.PERS.value, Label.PERS.value, model) for s, e in spans])
            added += len(spans)
    return added
