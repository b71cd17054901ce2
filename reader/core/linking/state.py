"""The linking state a process keeps per library, and the memory it costs.

Relinking keeps the library's Linker in memory (per library file, per process) and hands it only
the articles whose mentions changed since it last wrote: a per-article signature (mention ids,
offsets, types, origins; the article's hash, outlet and date) tells which. A token in ``meta``,
renewed by every relink, tells whether another process (or a rolled-back transaction) relinked
since: then the state is rebuilt from every mention, as on the first relink in a process.
"""
from __future__ import annotations

import gc
import pickle
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.idmap import IdMap
from reader.core.linking.keys import consulted_words, display_name, joined_words
from reader.core.linking.linker import Linker
from reader.core.linking.short_names import short_set
from reader.core.spelling import spelling_skeleton

if TYPE_CHECKING:
    from reader.core.store import Library

TOKEN = "link_state"
SIGNATURES = (
    'SELECT article_id, count(*), total(id), total(start * 1048576 + "end"),'
    " total(id * unicode(coalesce(nullif(found_label, ''), label))), total(id * (origin = 'user')),"
    " total(entity_id IS NULL) FROM mentions GROUP BY article_id")
ARTICLE_SIGNATURES = "SELECT id, content_hash, outlet, date FROM articles"
ROWS = (
    "SELECT m.id, m.article_id, m.text, coalesce(nullif(m.found_label, ''), m.label), m.start, m.\"end\", a.outlet,"
    " a.date, m.origin, m.key, m.label, e.key, m.link_reason"
    " FROM mentions m JOIN articles a ON a.id = m.article_id LEFT JOIN entities e ON e.id = m.entity_id")
# The entities table as the last relink left it (someone may have emptied it since).
ENTITY_SIGNATURE = "SELECT count(*), total(id), total(n_mentions) FROM entities"

# (mention key, label, entity key or None, link reason): what a mention row holds after linking
Row = tuple[str, str, "str | None", str]


@dataclass
class LinkState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    linker: Linker | None = None
    token: str = ""
    signatures: dict[int, bytes] = field(default_factory=dict)  # article id → digest of its signature
    written: IdMap[Row] = field(default_factory=IdMap)  # mention id → its row as last written
    # One object per distinct value read from or written to the library (strings, numbers, rows):
    # a library repeats its outlets, dates, labels, keys, reasons and surfaces thousands of times.
    pool: dict[Any, Any] = field(default_factory=dict)
    # (label, key) → (entity id, digest of its row: name, aliases, n_articles, n_mentions)
    entities: dict[tuple[str, str], tuple[int, bytes]] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    entity_signature: tuple[object, ...] = ()
    changed_since_build: int = 0  # articles updated in place since the state was built
    packed: bool = False  # moved into fresh memory since it was built (compact_link_state)


_states: dict[str, LinkState] = {}
_states_lock = threading.Lock()


def _key(path: str | Path) -> str:
    return str(Path(path).resolve())


def state_of(lib: Library) -> LinkState:
    with _states_lock:
        return _states.setdefault(_key(lib.path), LinkState())


def forget_link_state(lib: Library | None = None) -> None:
    """Drop the in-memory linking state (of one library, or all): the next relink rebuilds it."""
    with _states_lock:
        if lib is None:
            _states.clear()
        else:
            _states.pop(_key(lib.path), None)
        if not _states:
            clear_caches()
    gc.collect()
    trim_heap()


def clear_caches() -> None:
    """Forget the word and key caches linking filled (refilled on demand).

    They hold about a million small objects after a relink at 30k articles; scattered among the
    state's, they keep the heap's pages in use after the state is gone (the process stayed at
    ~400 MB after dropping it, ~90 MB once these are cleared too).
    """
    from reader.core.arabic import clear_caches

    for cached in (joined_words, consulted_words, short_set, display_name, spelling_skeleton):
        cached.cache_clear()
    clear_caches()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off while a state is made or moved, the freed heap handed back after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        trim_heap()


def compact_link_state(path: str | Path) -> None:
    """Move the kept linking state of the library at ``path`` into fresh memory, once after each build.

    For a process that keeps its states while the user works (the window). Building a state
    interleaves its objects with the rows, inputs and results it is made from; once those are
    freed their holes stay, since CPython gives a 1 MiB arena back only when all of it is free:
    at 30k articles, 480 MB of RSS for 230 MB of objects. Serialising a state, freeing it and
    reading it back packs it densely (about 330 MB), for about 3 s after each build, and a peak
    about 100 MB above the state while its copy is made (so a process that drops the state
    soon, such as ``reader import``, does not do it).
    """
    with _states_lock:
        state = _states.get(_key(path))
    if state is None:
        return
    with state.lock:
        if state.linker is None or state.packed:
            return
        with collector_paused():
            try:
                _compact(state)
                state.packed = True
            except Exception:  # out of memory for the copy...: packing only saves memory
                pass  # the state is as it was, or gone (linker None) if reading it back failed


def _compact(state: LinkState) -> None:
    """Serialise the state, free it, read it back (see :func:`compact_link_state`)."""
    parts = (state.linker, state.written, state.pool, state.entities, state.signatures)
    blob = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
    del parts
    state.linker = None  # until it is read back: rebuilt next time if this fails
    state.written, state.pool, state.entities, state.signatures = IdMap(), {}, {}, {}
    clear_caches()
    gc.collect()
    trim_heap()
    state.linker, state.written, state.pool, state.entities, state.signatures = pickle.loads(blob)


def trim_heap() -> None:
    """Hand the C heap's free pages back to the system (glibc; ~80 MB after a relink at 30k articles)."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass
