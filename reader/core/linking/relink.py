"""Relinking a library: its mentions read, linked (:mod:`.linker`), corrected by the researcher
(:mod:`reader.core.corrections`), and only what changed written back."""
from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from reader.core.store.corrections import MENTION_CHANGES, active
from reader.core.idmap import IdMap
from reader.core.linking.keys import display_name
from reader.core.linking.linker import LinkInput, Linker
from reader.core.linking.naming import agency_name, canonical_form, neutral_name, without_glue, without_outer_head, without_preposition
from reader.core.linking.replay import apply_entity_corrections, correction_scope, replay_mentions
from reader.core.linking.state import (ENTITY_SIGNATURE, ROWS, TOKEN, LinkState, Row,
                                       clear_caches, collector_paused, forget_link_state_file, load_link_state,
                                       state_of)
from reader.core.model import Label

if TYPE_CHECKING:
    from reader.core.store import Library

# The state is rebuilt when one relink changes more than _REBUILD_SHARE of the library's
# articles (the propagation pass after a whole import): updating in place is a little quicker
# (15 against 21 s at 30k) but holds the old and the new mentions at once (the import's peak
# RSS passed 1 GB at 30k). It is also rebuilt when the articles changed since it was built,
# summed over relinks, pass the library's size: the pool keeps every value it ever read, and a
# rebuild gives back the removed mentions' strings.
_REBUILD_SHARE = 0.2


def relink_library(lib: Library, progress: Callable[[str], None] | None = None, *, full: bool = False) -> int:
    """Bring every mention's entity and the entities table up to date; returns the number of entities.

    The researcher's corrections are replayed: marks and removals before linking, merges,
    splits, type changes and renames after it (reader.core.corrections). Only the articles whose
    mentions changed since the last relink in this process are resolved again, with what they
    can affect elsewhere (see :class:`Linker`); the first relink in a process, or after another
    process relinked, or with ``full``, resolves every mention. Either way the result is the
    same, and only rows that change are written. Entity ids stay stable for unchanged
    (label, key) pairs, so a user's view survives.
    """
    conn = lib.conn
    in_force = active(lib)
    replay_mentions(lib, in_force)
    state = state_of(lib)
    # The state is millions of small objects that live on: the cyclic collector would walk them
    # all again and again while linking allocates (seconds at 400k mentions), and once more later.
    with collector_paused(), state.lock:
        if state.linker is not None and state.token != lib.get_meta(TOKEN):
            state.linker = None  # another process relinked (an import beside the window): its kept state may do
        # no state in memory: the one kept in the cache, if it is this library's as last relinked
        cached = not full and state.linker is None and load_link_state(lib, state)
        try:
            return _relinked(lib, state, in_force, progress, full)
        except Exception:
            if not cached:
                raise
        forget_link_state_file(lib.path)  # read back, yet unusable: rebuilt now, from the library
        return _relinked(lib, state, in_force, progress, True)


def _relinked(lib: Library, state: LinkState, in_force: Sequence[Any], progress: Callable[[str], None] | None,
              full: bool) -> int:
    try:
        return _relink(lib, state, in_force, progress, full)
    except BaseException:
        state.linker = None  # half-updated: rebuilt next time
        raise
    finally:
        if state.linker is not None:
            state.linker.drop_caches()


def _relink(lib: Library, state: LinkState, in_force: Sequence[Any], progress: Callable[[str], None] | None,
            full: bool) -> int:
    conn = lib.conn
    pooled = state.pool.setdefault
    rebuild = full or state.linker is None or not state.token or lib.get_meta(TOKEN) != state.token \
        or tuple(conn.execute(ENTITY_SIGNATURE).fetchone()) != state.entity_signature
    n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    if not rebuild:  # the articles SQLite recorded as changed since the last relink (migration m009)
        changed = {r[0] for r in conn.execute("SELECT article_id FROM changed_articles")}
        state.changed_since_build += len(changed)
        rebuild = len(changed) > _REBUILD_SHARE * n_articles or state.changed_since_build > n_articles
    if rebuild:
        state.changed_since_build, state.packed = 0, False
        state.linker, state.written, state.renamed = Linker(), IdMap(), {}
        state.pool.clear()
        state.entities = {(pooled(r[1], r[1]), pooled(r[2], r[2])): (r[0], _digest(r[3:])) for r in conn.execute(
            "SELECT id, label, key, name, aliases, n_articles, n_mentions FROM entities")}
        changed = {r[0] for r in conn.execute("SELECT id FROM articles")}
        rows: Iterable[Any] = conn.execute(ROWS)  # streamed: only the pooled values stay
    else:
        ids = sorted(changed)
        rows = (r for i in range(0, len(ids), 500)  # streamed too, a chunk of articles at a time
                for r in conn.execute(ROWS + f" WHERE m.article_id IN ({','.join('?' * len(ids[i:i + 500]))})",
                                      ids[i:i + 500]))
    linker = state.linker
    assert linker is not None
    # mentions of the changed articles: the old ones go, the rows now in the library come in; the
    # entities of those that went, came or changed are touched (a changed article's other mentions
    # keep their rows: the entities they belong to, the library's largest among them, are not)
    old_ids = [mid for a in changed if (art := linker.articles.get(a)) for mid in art.ids]
    gone: dict[int, Row] = {}
    for mid in old_ids:
        w = state.written.pop(mid, None)
        if w is not None:
            gone[mid] = w
    touched: set[tuple[str, str]] = set()
    inputs: dict[int, list[LinkInput]] = {a: [] for a in changed}
    for r in rows:
        mid, a = r[0], pooled(r[1], r[1])
        m = LinkInput(mid, a, pooled(r[2], r[2]), Label(r[3]), pooled(r[4], r[4]), pooled(r[6] or "", r[6] or ""),
                      pooled(r[7] or "", r[7] or ""), r[8] == "user", pooled(r[5], r[5]), bool(r[13]), bool(r[14]))
        inputs[a].append(m)
        row = (pooled(r[9], r[9]), pooled(r[10], r[10]), pooled(r[11], r[11]), pooled(r[12], r[12]))
        state.written[mid] = row
        was = gone.pop(mid, None)
        if was != row:
            touched.update((x[1], x[2]) for x in (was, row) if x is not None and x[2] is not None)
    for w in gone.values():
        if w[2] is not None:
            touched.add((w[1], w[2]))
    del rows, gone
    linker.update(inputs)
    del inputs
    # The keys are made: the word caches' memory goes to the results and rows made next (else the
    # heap holds both at the peak, and keeps that size while the state is kept).
    clear_caches()

    # The links of the articles whose links may have changed (every article on a rebuild), then
    # the researcher's merges, splits, type changes and renames, replayed on the articles they
    # can change (and on those they could change last time: an undone correction's).
    pending = linker.take_pending()
    emit = set(linker.articles) if rebuild else pending
    entity_changes = [c for c in in_force if not isinstance(c.change, MENTION_CHANGES)]
    scope = correction_scope(lib, entity_changes, linker) if entity_changes else None
    scoped_articles = scope.articles if scope else set()
    emit |= scoped_articles | (state.scope & linker.articles.keys())
    state.scope = scoped_articles
    info: dict[int, tuple[str, int]] = {}  # mention id → (text, article) of the links made here
    plain: list[Any] = []
    scoped: list[Any] = []
    for a in emit:
        for res, text in linker.article_links(a):
            info[res.mention_id] = (text, a)
            (scoped if a in scoped_articles else plain).append(res)
    renamed: dict[str, str] = {}
    if scope is not None:
        scoped.sort(key=lambda r: r.mention_id)
        corrected, renamed = apply_entity_corrections(lib, scoped, scope.replayed, linker.mention_at)
        renamed.update(scope.names)
        plain.extend(corrected)
    else:
        plain.extend(scoped)
    del scoped
    new: dict[int, tuple[str, str, str, str]] = {}  # mention id → its row now (the linker gives each an entity key)
    for res in plain:
        row = (pooled(res.key, res.key), res.label.value, pooled(res.entity_key, res.entity_key), pooled(res.reason, res.reason))
        new[res.mention_id] = pooled(row, row)
    del plain
    updates: list[tuple[int, Row]] = []
    slots, rows_written = state.written.raw()  # every mention read is there
    for mid, now in new.items():  # mentions with no key (no word in them) are left as they are
        old = rows_written[slots[mid] - 1]
        if now != old:
            updates.append((mid, now))
            if old[2] is not None:
                touched.add((old[1], old[2]))
            if now[2] is not None:
                touched.add((now[1], now[2]))
    if rebuild:
        touched |= set(state.entities)
        touched |= {(r[1], r[2]) for r in new.values()}
    for key in set(renamed.items()) ^ set(state.renamed.items()):
        touched |= {g for g in state.entities if g[1] == key[0]} | {(r[1], r[2]) for r in new.values() if r[2] == key[0]}
    state.renamed = renamed

    # the entities whose members, forms or names may have changed, and their mentions:
    # (mention id, own key, text, article), by mention id
    members: dict[tuple[str, str], list[tuple[int, str, str, int]]] = defaultdict(list)
    # Read from the links made here: every entity on a rebuild, else those the corrections made
    # (only the scope holds them); the others as the linker links them, wherever they are.
    here = touched if rebuild else {g for g in touched if (scope is not None and g[1] in scope.keys) or " #" in g[1]}
    for mid in sorted(new):
        r = new[mid]
        if (r[1], r[2]) in here:
            members[(r[1], r[2])].append((mid, r[0], *info[mid]))
    for g in touched - here:
        found = [(mid, key, text, a) for mid, key, text, a in linker.members(g[1])
                 if (new[mid][1] if mid in new else state.written[mid][1]) == g[0]]
        if found:
            members[g] = sorted(found)
    entity_updates, entity_inserts, stale = [], [], []
    for g in touched:
        mids = members.get(g)
        have = state.entities.get(g)
        if not mids:
            if have is not None:
                stale.append(have[0])
                del state.entities[g]
            continue
        counts: Counter[str] = Counter()
        full_counts: Counter[str] = Counter()
        base = g[1].split(" #")[0]
        for _, own, text, _ in mids:
            counts[text] += 1
            if own == base:
                full_counts[text] += 1
        label = Label(g[0])
        forms: Counter[str] = Counter()
        for surface, c in (full_counts or counts).items():
            forms[display_name(surface, label)] += c
        every: Counter[str] = Counter()
        for surface, c in counts.items():
            every[display_name(surface, label)] += c
        name = renamed.get(g[1]) or agency_name(neutral_name(without_outer_head(
            without_preposition(without_glue(canonical_form(forms), every, label), base, label), every, label), every), every, g[1])
        aliases = json.dumps([s for s, _ in counts.most_common(50)], ensure_ascii=False)
        n_articles = len({a for *_, a in mids})
        row = (name, aliases, n_articles, len(mids))
        if have is None:
            entity_inserts.append((g, row))
        elif have[1] != (digest := _digest(row)):
            entity_updates.append((*row, have[0]))
            state.entities[g] = (have[0], digest)
    conn.executemany("UPDATE entities SET name = ?, aliases = ?, n_articles = ?, n_mentions = ? WHERE id = ?",
                     entity_updates)
    # New entities get their ids in (label, key) order, not in the order of the ``touched`` set
    # (string hashes: it changes with PYTHONHASHSEED): the same library gets the same entity ids.
    entity_inserts.sort(key=lambda gr: gr[0])
    conn.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in stale])  # their ids may come back now
    for g, row in entity_inserts:
        eid = _entity_id(conn, g)
        conn.execute("INSERT INTO entities (id, label, key, name, aliases, n_articles, n_mentions) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (eid, *g, *row))
        state.entities[g] = (eid, _digest(row))
    _write_mentions(conn, [(r[0], None if r[2] is None else state.entities[(r[1], r[2])][0], r[1], r[3], mid)
                           for mid, r in updates])
    for mid, r in updates:
        state.written[mid] = r
    conn.execute("DELETE FROM changed_articles")  # linked as they are now (this relink's own writes too)
    state.entity_signature = tuple(conn.execute(ENTITY_SIGNATURE).fetchone())
    state.token = uuid.uuid4().hex
    lib.set_meta(TOKEN, state.token)
    n = len(state.entities)
    if progress:
        progress(f"linked {len(new)} mentions into {n} entities ({linker.redone} articles resolved, {len(updates)} mentions changed)")
    return n


def _entity_id(conn: Any, group: tuple[str, str]) -> int:
    """The id the entity (label, key) had before, if it had one and it is free; else a new one,
    never given to any entity before (``entity_ids``, migration m004)."""
    row = conn.execute("SELECT id FROM entity_ids WHERE label = ? AND key = ?", group).fetchone()
    if row is not None and conn.execute("SELECT 1 FROM entities WHERE id = ?", (row[0],)).fetchone() is None:
        return int(row[0])
    eid = int(conn.execute("SELECT max(coalesce((SELECT max(id) FROM entities), 0),"
                           " coalesce((SELECT max(id) FROM entity_ids), 0)) + 1").fetchone()[0])
    conn.execute("INSERT OR REPLACE INTO entity_ids (label, key, id) VALUES (?, ?, ?)", (*group, eid))
    return eid


def _digest(row: Sequence[object]) -> bytes:
    """What an entity row holds, in 16 bytes (its aliases alone run to kilobytes)."""
    return hashlib.blake2b(repr(tuple(row)).encode(), digest_size=16).digest()


def _write_mentions(conn: Any, rows: list[tuple[Any, ...]]) -> None:
    """Write changed mention rows (key, entity id, label, reason, id)."""
    conn.executemany("UPDATE mentions SET key = ?, entity_id = ?, label = ?, link_reason = ? WHERE id = ?", rows)
