"""The linking state a process keeps per library, and the memory it costs.

Relinking keeps the library's Linker in memory (per library file, per process) and hands it only
the articles whose mentions changed since it last wrote: SQLite's triggers record them, whoever
writes, in ``changed_articles`` (migration m009). A token in ``meta``, renewed by every relink,
tells whether another process (or a rolled-back transaction) relinked since: then its kept state
is read back, or the state is rebuilt from every mention, as on the first relink in a process.

A window that gives the state's memory back when idle, or closes, first keeps it in the user's
cache folder (:func:`save_link_state`; never beside the library, whose files only SQLite
touches). The next relink with no state in memory reads it back when it is the state of the
library as last relinked (the token) made by this code (a fingerprint of the linking code),
instead of rebuilding it: at 31k articles seconds instead of half a minute.
"""
from __future__ import annotations

import gc
import hashlib
import importlib
import os
import pickle
import tempfile
import threading
from collections.abc import Iterator
from functools import lru_cache
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

from reader.core.idmap import IdMap
from reader.core.linking.keys import consulted_words, display_name, joined_words
from reader.core.linking.linker import Linker
from reader.core.linking.short_names import short_set
from reader.core.spelling import spelling_skeleton
from reader.core.words import PAPER_NOUNS_AS_WRITTEN

if TYPE_CHECKING:
    from reader.core.store import Library

TOKEN = "link_state"


def _sql_list(items: list[str]) -> str:
    return ", ".join("'" + x.replace("'", "''") + "'" for x in items)


# The characters around a mention that name it as a news outlet (``LinkInput.cued``).
_OPEN, _CLOSE = _sql_list(list('«"“')), _sql_list(list('»"”'))  # «X», لـ«X», "X"
_PAPER = _sql_list([noun + " " for noun in PAPER_NOUNS_AS_WRITTEN])
_PAPER_QUOTED = _sql_list([noun + " " + q for noun in PAPER_NOUNS_AS_WRITTEN for q in '«"“'])
ROWS = (
    "SELECT m.id, m.article_id, m.text, coalesce(nullif(m.found_label, ''), m.label), m.start, m.\"end\", a.outlet,"
    " a.date, m.origin, m.key, m.label, e.key, m.link_reason,"
    # whether a body's mention is written in brackets (substr counts characters, as offsets do)
    " coalesce(nullif(m.found_label, ''), m.label) = 'ORG'"
    " AND substr(a.text, m.start, 1) || substr(a.text, m.\"end\" + 1, 1) = '()',"
    # whether the text names it as a news outlet: in quotes (told «X», «X»), or after a newspaper's noun
    f" (m.start >= 1 AND substr(a.text, m.start, 1) IN ({_OPEN}) AND substr(a.text, m.\"end\" + 1, 1) IN ({_CLOSE}))"
    f" OR (m.start >= 6 AND substr(a.text, m.start - 5, 6) IN ({_PAPER}))"
    f" OR (m.start >= 7 AND substr(a.text, m.start - 6, 7) IN ({_PAPER_QUOTED}))"
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
    written: IdMap[Row] = field(default_factory=IdMap)  # mention id → its row as last written
    # One object per distinct value read from or written to the library (strings, numbers, rows):
    # a library repeats its outlets, dates, labels, keys, reasons and surfaces thousands of times.
    # Only while a relink reads: packing (and keeping on disk) leaves it out, the values it made
    # one stay one object in the state, and its own table is 20 MB at 30k articles.
    pool: dict[Any, Any] = field(default_factory=dict)
    # (label, key) → (entity id, digest of its row: name, aliases, n_articles, n_mentions)
    entities: dict[tuple[str, str], tuple[int, bytes]] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    scope: set[int] = field(default_factory=set)  # the articles the entity corrections could change last time
    entity_signature: tuple[object, ...] = ()
    changed_since_build: int = 0  # articles updated in place since the state was built
    packed: bool = False  # moved into fresh memory since it was built (compact_link_state)
    saved: str = ""  # the token of the state last kept in the cache (save_link_state)


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
    parts = (state.linker, state.written, state.entities)
    blob = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
    del parts
    state.linker = None  # until it is read back: rebuilt next time if this fails
    state.written, state.pool, state.entities = IdMap(), {}, {}
    clear_caches()
    gc.collect()
    trim_heap()
    state.linker, state.written, state.entities = pickle.loads(blob)


def trim_heap() -> None:
    """Hand the C heap's free pages back to the system (glibc; ~80 MB after a relink at 30k articles)."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


# -- the state kept on disk between windows ------------------------------------------------------

CACHE_ENV = "READER_CACHE_DIR"
_CACHED = ("linker", "written", "entities", "renamed", "entity_signature",  # not the pool (LinkState.pool)
           "changed_since_build", "scope")


def cache_dir() -> Path:
    """Where kept states go: ``$READER_CACHE_DIR``, else the user's cache folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser() / "link-states"
    from platformdirs import user_cache_dir

    from reader.core.store.library import APP_NAME

    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "link-states"


def cache_file(path: str | Path) -> Path:
    return cache_dir() / (hashlib.sha256(_key(path).encode("utf-8")).hexdigest()[:24] + ".pickle")


_LINKING_CODE = ("reader.core.arabic", "reader.core.idmap", "reader.core.places", "reader.core.spelling",
                 "reader.core.linking.heads", "reader.core.linking.keys", "reader.core.linking.linker",
                 "reader.core.linking.naming", "reader.core.linking.reasons", "reader.core.linking.relink",
                 "reader.core.linking.replay", "reader.core.linking.short_names", "reader.core.linking.state",
                 "reader.core.linking.variants", "reader.core.outlets", "reader.core.words")
_LINKING_DATA = (("names", "titles.txt"), ("names", "given_names.txt"), ("places", "places.tsv"),
                 ("outlets", "outlets.tsv"), ("models", "ner", "gazetteer_names.tsv"))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the linking code: its functions' bytecode, its modules' constants (word lists,
    thresholds) and the name and place lists it reads. A state kept by other code is not read."""
    from reader.resources import resource_path

    digest = hashlib.sha256()
    for name in _LINKING_CODE:
        module = importlib.import_module(name)
        for attr in sorted(vars(module)):
            obj = vars(module)[attr]
            if isinstance(obj, type):
                funcs = [f for _, f in sorted(vars(obj).items()) if hasattr(f, "__code__")]
            elif hasattr(obj, "__code__"):
                funcs = [obj]
            else:
                funcs = []
                if not attr.startswith("__"):
                    digest.update(attr.encode("utf-8"))
                    _digest_value(digest, obj)
            for f in funcs:
                if getattr(f, "__module__", None) == name:
                    _digest_code(digest, f.__code__)
    for parts in _LINKING_DATA:
        try:
            digest.update(resource_path(*parts).read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()


def _digest_value(digest: Any, value: object) -> None:
    """Immutable plain data (word lists, thresholds), in an order that does not depend on the hash
    seed; anything else (a registry, a cache, an object) is skipped."""
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        digest.update(repr(value).encode("utf-8"))
    elif isinstance(value, frozenset):
        digest.update(repr(sorted(map(repr, value))).encode("utf-8"))
    elif isinstance(value, tuple):
        for item in value:
            _digest_value(digest, item)


def _digest_code(digest: Any, code: CodeType) -> None:
    """Bytecode, names and constants (not marshal's bytes: they vary with reference counts)."""
    digest.update(code.co_code)
    digest.update(repr(code.co_names).encode("utf-8"))
    for const in code.co_consts:
        if isinstance(const, CodeType):
            _digest_code(digest, const)
        elif isinstance(const, frozenset):  # its repr's order varies with the string hash seed
            digest.update(repr(sorted(map(repr, const))).encode("utf-8"))
        else:
            digest.update(repr(const).encode("utf-8"))


def save_link_state(path: str | Path) -> bool:
    """Keep the library's state (if this process holds one not kept yet) in the cache folder.

    Written to a temporary file and renamed over the old one, so a kill mid-write leaves the
    previous file or none. Returns whether a file was written.
    """
    with _states_lock:
        state = _states.get(_key(path))
    if state is None:
        return False
    target = cache_file(path)
    with state.lock:
        if state.linker is None or not state.token or state.saved == state.token:
            return False
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _prune(target.parent)
            with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False, suffix=".tmp") as f:
                try:
                    pickle.dump((code_fingerprint(), _key(path), state.token, [getattr(state, a) for a in _CACHED]),
                                f, protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:
                    Path(f.name).unlink(missing_ok=True)
                    raise
            os.replace(f.name, target)
        except (OSError, pickle.PicklingError, MemoryError):
            return False  # no cache: the next relink rebuilds, as it would have
        state.saved = state.token
        return True


KEEP_DAYS = 60  # a kept state not used for this long (its library moved or deleted) is removed


def _prune(folder: Path) -> None:
    """Remove kept states no relink read or wrote for KEEP_DAYS, and temporary files a kill left."""
    import time

    now = time.time()
    for f in folder.iterdir():
        try:
            age = now - max(f.stat().st_mtime, f.stat().st_atime)
            if (f.suffix == ".pickle" and age > KEEP_DAYS * 86400) or (f.suffix == ".tmp" and age > 86400):
                f.unlink()
        except OSError:
            pass


def load_link_state(lib: Library, state: LinkState) -> bool:
    """Fill an empty state (its lock held) from the cache when the file there is this library's
    state as last relinked, by this code; a file that is not is removed. Returns whether it was."""
    target = cache_file(lib.path)
    try:
        f = target.open("rb")
    except OSError:
        return False
    with f, collector_paused():
        try:
            fingerprint, key, token, values = pickle.load(f)
            ok = fingerprint == code_fingerprint() and key == _key(lib.path) and token == lib.get_meta(TOKEN)
        except Exception:  # truncated, or written by other code: rebuilt instead
            ok = False
    if not ok:
        target.unlink(missing_ok=True)
        return False
    for attr, value in zip(_CACHED, values):
        setattr(state, attr, value)
    state.token = state.saved = token
    with suppress(OSError):
        os.utime(target)  # used: not pruned (_prune)
    state.packed = True  # read back in one go: as dense as compact_link_state makes it
    return True


def preload_link_state(lib: Library) -> bool:
    """Read the library's kept state back ahead of need (a window opening: its first correction
    then takes well under a second instead of the seconds reading it back takes at 30k
    articles). Nothing is built or written; returns whether a state is in memory now."""
    state = state_of(lib)
    with state.lock:
        if state.linker is None:
            load_link_state(lib, state)
        return state.linker is not None


def save_link_states() -> None:
    """Keep every state this process holds (a command that relinked, before it exits: the next
    window reads it back instead of rebuilding it)."""
    with _states_lock:
        paths = list(_states)
    for path in paths:
        save_link_state(path)


def forget_link_state_file(path: str | Path) -> None:
    cache_file(path).unlink(missing_ok=True)
