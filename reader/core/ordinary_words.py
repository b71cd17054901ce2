"""One-word names the library reads as ordinary words elsewhere, taken back.

Now and then the model tags a common word as a name: an adjective («صغير»), a noun after a
preposition («للسباحة»), a word of a quote. Inside one article nothing tells it from a rare
name; across the library it shows. The same word stands untagged in many other articles and
named in almost none.

A one-word model mention is dropped when fewer than ``MIN_ARTICLES`` articles name its word
and the search index finds the word in more than ``SPREAD`` × (n + 1) articles. Here n counts
the articles that name the word in any mention, alone or inside a longer name, with or without
the article or a proclitic.

- ``MIN_ARTICLES`` is :mod:`reader.core.propagation`'s: a form named in that many articles may
  be confirmed and carried, so a word is never both carried and dropped. A name the model finds
  in several articles is left to it, however common the word: a club or a movement named with
  one («الفجر», "the dawn"), a town whose name, once normalised, is a word.
- ``SPREAD`` is ten, where the propagation declines to carry a learnt surname at three: taking
  a name away needs more evidence than not spreading it. At three, a rare town, a channel or
  a surname held in a dozen articles went too (about one dropped word in five was a name, on
  the 3,360-article sample); at ten, about one in fifty.

The model's "other" (MISC) is a looser guess than its person, body or place: a one-word mention
it typed other is dropped by the same spread however many articles name the word (a song's
or a show's word in quotes: «لنا», «السنة», «نووي», «الذهب», each named in three to fifteen
articles and held in ten times as many); the word's other mentions stay.

Kept whatever the counts say:

* listed towns and countries: a town that is also a word («الخبر» is both Khobar and "the
  news") is named by the model where the context says so;
* what the researcher marked, and the forms of the entities a correction names;
* mentions of more than one word.

Runs on the whole library: only the words the given new articles hold can have changed
counts, so only those are checked then (past ``_SCAN_ABOVE`` new articles, every word). No
model runs here. It costs two passes over the mentions (the one-word ones, then the articles
naming each word) and one index count per candidate word: 3–4 s on a 31k-article library.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from reader.core.arabic import normalise, proclitic_splits, strip_article, tokenize
from reader.core.model import Label
from reader.core.ner import listed_places
from reader.core.propagation import MIN_ARTICLES
from reader.core.store import Library
from reader.core.store.corrections import EntityRef, Mark, Merge, Rename, SetType, Split, active

__all__ = ["SPREAD", "drop_ordinary_words", "ordinary_words"]

# A word held in more than this many times as many articles as name it (plus one) is ordinary.
SPREAD = 10

# Above this many new articles, checking every candidate word beats reading the new texts (on
# the 3,360-article sample, reading them all took 2.2 s against 0.5 s for every candidate).
_SCAN_ABOVE = 1_000


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return tuple(normalise(t.text) for t in tokenize(text) if t.text[0].isalnum())


def _key(word: str) -> str:
    """A normalised word without its article (and the clitics before it)."""
    return strip_article(word)


def _keys(word: str) -> set[str]:
    """The keys a word may name: as written, and after each possible proclitic (وكرمستان: كرمستان)."""
    return {_key(word)} | {_key(s) for s in proclitic_splits(word)}


def _protected(lib: Library) -> set[str]:
    """Keys of the words the researcher's corrections name: marks, and corrected entities' forms."""
    surfaces: list[str] = []

    def ref(r: EntityRef) -> None:
        surfaces.extend((r.name, *r.forms))

    for c in active(lib):
        change = c.change
        if isinstance(change, (Mark, Split)):
            surfaces.append(change.anchor.text)
        elif isinstance(change, (SetType, Rename)):
            ref(change.entity)
        elif isinstance(change, Merge):
            for r in (change.into, *change.entities):
                ref(r)
    return {_key(w) for s in surfaces for w in _words(s)}


def _held(lib: Library, word: str) -> int:
    """Articles whose text holds ``word``, with or without its article or proclitics."""
    terms = sorted({word, _key(word)})
    query = "body : (" + " OR ".join('"' + t.replace('"', '""') + '"' for t in terms) + ")"
    return int(lib.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (query,)).fetchone()[0])


def ordinary_words(lib: Library, article_ids: Iterable[int] | None = None) -> dict[str, list[int]]:
    """The one-word forms (normalised) to drop, each with its model mentions' ids.

    ``article_ids``: the articles just analysed; only words they hold are checked (None: all).
    """
    try:
        return _ordinary(lib, article_ids)
    finally:
        _words.cache_clear()


def _ordinary(lib: Library, article_ids: Iterable[int] | None) -> dict[str, list[int]]:
    candidates: dict[str, list[int]] = defaultdict(list)
    other: set[int] = set()  # of them, the mentions the model typed other (MISC)
    for mention_id, text, label in lib.conn.execute(
            "SELECT id, text, coalesce(nullif(found_label, ''), label) FROM mentions WHERE origin = 'model'"):
        words = _words(text)
        if len(words) == 1:
            candidates[words[0]].append(mention_id)
            if label == Label.MISC.value:
                other.add(mention_id)
    ids = None if article_ids is None else sorted(set(article_ids))
    if ids is not None and len(ids) <= _SCAN_ABOVE:
        held: set[str] = set()
        for article_id in ids:
            row = lib.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is not None:
                held.update(_words(row[0]))
        held |= {_key(w) for w in held}
        candidates = defaultdict(list, {w: m for w, m in candidates.items() if w in held or _key(w) in held})
    if not candidates:
        return {}
    named: dict[str, set[int]] = defaultdict(set)  # key → articles naming it in any mention
    for text, article_id in lib.conn.execute("SELECT DISTINCT text, article_id FROM mentions"):
        for w in _words(text):
            for k in _keys(w):
                named[k].add(article_id)
    protected = _protected(lib)
    place = listed_places()
    out: dict[str, list[int]] = {}
    for word, mention_ids in candidates.items():
        key = _key(word)
        if key in protected or place(word) or place(key):
            continue
        n = len(set().union(*(named.get(k, set()) for k in _keys(word))))
        # the model's "other" goes however many articles name the word (لنا, السنة, نووي)
        drop = mention_ids if n < MIN_ARTICLES else [m for m in mention_ids if m in other]
        if drop and _held(lib, word) > SPREAD * (n + 1):
            out[word] = drop
    return out


def drop_ordinary_words(lib: Library, article_ids: Iterable[int] | None = None) -> int:
    """Delete the model's one-word mentions of ordinary words (see the module); returns how many.

    A re-analysis finds them again and the next call drops them again. The caller relinks when
    this returns more than zero.
    """
    found = ordinary_words(lib, article_ids)
    ids = [m for ms in found.values() for m in ms]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        lib.conn.execute(f"DELETE FROM mentions WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    return len(ids)
