"""Searching the library as a researcher expects: a small query language over the FTS5 index,
ranked results, snippets and hit offsets in the original article text.

Query syntax (the README's "Search syntax" section and the search box's help say the same)::

    word word           every word must occur (in any order)
    "a phrase"          the words in this order; «…» and “…” quote too
    word*               any word starting so (at least three letters before the *)
    a OR b, a | b       either (binds tighter than the space: قطر تركيا OR ايران is قطر AND (تركيا OR ايران));
                        أو between two words means OR too
    -word, NOT word     no article with this word (or -"phrase", -(a b)); a query of only
                        negations finds nothing
    NEAR(a b)           both within 10 words of each other; NEAR(a b, N) within N words
    (a b) OR c          grouping

Clitics (و ف ب ك ل ال and their combinations), hamza forms, ى/ي, ة/ه, diacritics, tatweel and
Latin case never matter: the index holds each article's normalised words followed by their
clitic-stripped stems (``reader.core.store.library.fts_row``) and queries are normalised and
stripped the same way. A bare word of five letters or more also finds its common spelling
variants (a medial ا/و/ي written or not, ا for ي, غ/ج for a hard g, one s/z/sh, t/ṭ or d/ḍ:
ميليشيات/مليشيات, هاكينغ/هاكينج, برونزيكر/برونسيكر), as linking joins them (``reader.core.linking.spelling_skeleton``); articles found
only through a variant rank after those with the form typed. Quoted words and NEAR take no
variants.

Whatever string is typed, :func:`search` returns hits or an empty list: the parser never raises,
every word reaches FTS5 quoted, and an FTS5 error is caught.

Offsets returned by :func:`hit_ranges` and in :class:`Snippet` are code points of the string
they were computed on (the stored article text, or the snippet).
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, Union

from reader.core.arabic import TOKEN_RE, normalise, strip_clitics
from reader.core.spelling import MIN_VARIANT_LETTERS, spelling_skeleton, spelling_variants
from reader.core.words import CONSONANT_CLASSES

if TYPE_CHECKING:
    from reader.core.store import Library

Sort = Literal["rank", "date", "outlet"]
SORTS: tuple[Sort, ...] = ("rank", "date", "outlet")

NEAR_DEFAULT = 10
MIN_PREFIX = 3  # a shorter prefix (ال*, ا*) matches most of the index: searched as a whole word
MAX_LEAVES = 64  # words/phrases kept from one query (a pasted page must not build a huge expression)
TITLE_WEIGHT = 3.0  # bm25 weight of the title column against the body's 1.0
SNIPPET_WORDS = 30


# -- the typed query ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Word:
    """One bare word (normalised, lower case): any clitic form, and its spelling variants."""

    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in this order (normalised); ``prefix``: the last one is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Near:
    """Every item within ``distance`` words of the others."""

    items: tuple[Union[Word, Phrase], ...]
    distance: int = NEAR_DEFAULT


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one of the options (``a OR b``)."""

    options: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Query:
    """Every ``include`` node, and none of the ``exclude`` nodes. Also a parenthesised group."""

    include: tuple["Node", ...] = ()
    exclude: tuple["Node", ...] = ()

    def __bool__(self) -> bool:
        """Whether it can match anything: a query of only negations cannot."""
        return bool(self.include)


Node = Union[Word, Phrase, Near, AnyOf, Query]


# -- parsing ------------------------------------------------------------------------------------
_OPEN_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "”", "»": "«"}  # » opens when typed first in an LTR habit
_SPECIAL = set('"«»“”„()|')
_OR_WORDS = {"OR", "أو", "او"}
_NEAR_RE = re.compile(r"NEAR\(")
_DIGITS_RE = re.compile(r"\d+")


# One-character tokens of the query syntax.
_SIGNS = {"(": "lp", ")": "rp", "|": "or", ",": "comma"}


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # word, phrase, or, not, and, lp, rp, near, comma
    text: str = ""
    prefix: bool = False


def _lex(query: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c in _OPEN_QUOTES and c not in "”":
            close = _OPEN_QUOTES[c]
            j = query.find(close, i + 1)
            end = n if j < 0 else j  # an unbalanced quote runs to the end
            k = end + 1
            star = k < n and query[k] == "*"
            out.append(_Tok("phrase", query[i + 1:end], star or query[i + 1:end].rstrip().endswith("*")))
            i = k + (1 if star else 0)
        elif c in "”":
            i += 1  # a stray closing quote
        elif c in _SIGNS:
            out.append(_Tok(_SIGNS[c]))
            i += 1
        elif c == "-" and i + 1 < n and not query[i + 1].isspace() and query[i + 1] != "-" \
                and (not out or out[-1].kind in ("lp", "or", "not", "and") or i == 0 or query[i - 1].isspace()):
            out.append(_Tok("not"))
            i += 1
        else:
            m = _NEAR_RE.match(query, i)
            if m:
                out.append(_Tok("near"))
                i = m.end()
                continue
            j = i
            while j < n and not query[j].isspace() and query[j] not in _SPECIAL and query[j] != ",":
                j += 1
            word = query[i:j]
            i = j
            if word in _OR_WORDS:
                out.append(_Tok("or"))
            elif word == "NOT":
                out.append(_Tok("not"))
            elif word == "AND":
                out.append(_Tok("and"))
            else:
                out.append(_Tok("word", word, word.endswith("*")))
    return out


def _fold(text: str) -> str:
    """The search key of typed or stored text: :func:`normalise`, lower case, Latin accents off
    (FTS5's unicode61 tokenizer with remove_diacritics does the same to the index)."""
    text = normalise(text).lower()
    if any("\u00c0" <= ch <= "\u024f" for ch in text):
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return text


def _words_of(text: str) -> list[str]:
    """The searchable words of a typed string (punctuation, *, quotes dropped)."""
    return [m.group() for m in TOKEN_RE.finditer(_fold(text)) if m.group()[0].isalnum()]


def _leaf(text: str, prefix: bool, quoted: bool) -> Union[Word, Phrase, None]:
    words = _words_of(text)
    if not words:
        return None
    if len(words) == 1 and not quoted:
        return Word(words[0], prefix)
    return Phrase(tuple(words), prefix)


class _Parser:
    """Recursive descent over the tokens; unknown or misplaced syntax is skipped, never raised."""

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
        self.leaves = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def query(self, depth: int = 0) -> Query:
        include: list[Node] = []
        exclude: list[Node] = []
        while (t := self.peek()) is not None:
            if t.kind == "rp":
                if depth:
                    break
                self.i += 1  # an unmatched ")"
                continue
            if t.kind in ("and", "comma"):
                self.i += 1
                continue
            negate = False
            while (t := self.peek()) is not None and t.kind == "not":
                self.i += 1
                negate = not negate
            node = self.either(depth)
            if node is None:
                continue
            if isinstance(node, Query) and not negate:
                include.extend(node.include)  # (a -b) as a clause: its parts are the query's
                exclude.extend(node.exclude)
            elif negate:
                exclude.append(node)
            else:
                include.append(node)
        return Query(tuple(include), tuple(exclude))

    def either(self, depth: int) -> Node | None:
        options: list[Node] = []
        node = self.unit(depth)
        if node is not None:
            options.append(node)
        while (t := self.peek()) is not None and t.kind == "or":
            self.i += 1
            while (t := self.peek()) is not None and t.kind in ("or", "and"):
                self.i += 1
            nxt = self.unit(depth)
            if nxt is not None:
                options.append(nxt)
        if len(options) == 1:
            return options[0]  # (-a) alone: the query lifts its negation
        options = [o for o in options if not isinstance(o, Query) or o]  # (-a) is no option of an OR
        if not options:
            return None
        if len(options) == 1:
            return options[0]
        return AnyOf(tuple(dict.fromkeys(options)))

    def unit(self, depth: int) -> Node | None:
        t = self.peek()
        if t is None:
            return None
        if t.kind in ("word", "phrase"):
            self.i += 1
            if self.leaves >= MAX_LEAVES:
                return None
            leaf = _leaf(t.text, t.prefix, t.kind == "phrase")
            if leaf is not None:
                self.leaves += 1
            return leaf
        if t.kind == "lp":
            self.i += 1
            if depth >= 8:  # deeper nesting is read flat
                return None
            group = self.query(depth + 1)
            if (t := self.peek()) is not None and t.kind == "rp":
                self.i += 1
            if len(group.include) == 1 and not group.exclude:
                return group.include[0]
            return group if group.include or group.exclude else None
        if t.kind == "near":
            self.i += 1
            return self.near()
        if t.kind in ("rp", "or", "not", "and", "comma"):
            # an operator with nothing before it: skipped by the caller's loop
            if t.kind in ("or", "and", "comma"):
                self.i += 1
            return None
        self.i += 1
        return None

    def near(self) -> Node | None:
        items: list[Union[Word, Phrase]] = []
        distance = NEAR_DEFAULT
        while (t := self.peek()) is not None and t.kind != "rp":
            self.i += 1
            if t.kind == "comma":
                # NEAR(a b, 5): the distance (any digits, Arabic-Indic too)
                nxt = self.peek()
                if nxt is not None and nxt.kind == "word" and _DIGITS_RE.fullmatch(normalise(nxt.text.rstrip("*"))):
                    self.i += 1
                    distance = min(int(normalise(nxt.text.rstrip("*"))), 1000)
                continue
            if t.kind in ("word", "phrase") and self.leaves < MAX_LEAVES:
                leaf = _leaf(t.text, t.prefix, t.kind == "phrase")
                if leaf is not None:
                    self.leaves += 1
                    items.append(leaf)
        if self.peek() is not None:
            self.i += 1  # the closing ")"
        items = list(dict.fromkeys(items))
        if not items:
            return None
        if len(items) == 1:
            return items[0]
        return Near(tuple(items), distance)


@lru_cache(maxsize=256)
def parse(query: str) -> Query:
    """The typed query of a search string. Never raises; what it cannot read is left out."""
    query = query.encode("utf-8", "ignore").decode("utf-8")  # lone surrogates cannot be bound or folded
    query = query.replace("\x00", " ")
    return _Parser(_lex(query)).query()


# -- word forms ---------------------------------------------------------------------------------
def _stem(word: str) -> str:
    """The clitic-stripped stem the index holds for a normalised word (greedy: both sides agree)."""
    return strip_clitics(word)


def _is_arabic_word(word: str) -> bool:
    return all("\u0621" <= ch <= "\u064a" for ch in word)


@lru_cache(maxsize=4096)
def spelling_forms(word: str) -> frozenset[str]:
    """Common spellings of a normalised word other than itself: one medial ا/و/ي written or left
    out or moved past a letter, ا for ي, one consonant of a class (س/ز/ش/ص, ت/ط, د/ض), غ/ج for a
    hard g and تش/ش for ch, as :func:`reader.core.linking.spelling_variants` joins
    them; none for a word shorter than five letters, a listed given name or place, or a
    compound name (linking keeps those apart too: سعيد/سعد, عبدالله/عبدالاله)."""
    if len(word) < MIN_VARIANT_LETTERS or not _is_arabic_word(word):
        return frozenset()
    skeleton = spelling_skeleton(word)
    if not skeleton.startswith("~"):
        return frozenset()
    bases = {word, word.replace("غ", "ج"), word.replace("ج", "غ")}
    candidates: set[str] = set()
    for w in bases:
        candidates.add(w)
        for i in range(1, len(w) - 1):
            if w[i] in "اوي":
                candidates.add(w[:i] + w[i + 1:])
            if w[i] in "اي":
                candidates.add(w[:i] + ("ي" if w[i] == "ا" else "ا") + w[i + 1:])
            if i < len(w) - 2 and (w[i] in "اوي" or w[i + 1] in "اوي"):  # a vowel moved past a letter
                candidates.add(w[:i] + w[i + 1] + w[i] + w[i + 2:])
        for i in range(1, len(w)):
            for v in "اوي":
                candidates.add(w[:i] + v + w[i:])
        for i, c in enumerate(w):
            for cls in CONSONANT_CLASSES:
                if c in cls:
                    candidates.update(w[:i] + other + w[i + 1:] for other in cls)
    # ch written تش or ش: another skeleton, so weighed by spelling_variants alone
    ch = {word.replace("تش", "ش")} | {word[:i] + "ت" + word[i:] for i, c in enumerate(word) if c == "ش" and word[i - 1:i] != "ت"}
    candidates.discard(word)
    ch.discard(word)
    return frozenset(c for c in candidates if len(c) >= MIN_VARIANT_LETTERS - 1
                     and spelling_skeleton(c) == skeleton and spelling_variants(word, c)) \
        | frozenset(c for c in ch if spelling_variants(word, c))


def _word_forms(w: Word, variants: bool) -> tuple[list[str], bool]:
    """FTS terms of a bare word, and whether they are prefixes."""
    forms = dict.fromkeys([w.text, _stem(w.text)])
    if w.prefix:
        long_enough = [f for f in forms if len(f) >= MIN_PREFIX]
        if long_enough:
            return long_enough, True
    if variants and not w.prefix:
        # variants of the stem (the word without its clitics); the index's stems section holds
        # every word's stem, so a stem finds the word after any clitic
        for v in sorted(spelling_forms(_stem(w.text))):
            forms[v] = None
            forms[_stem(v)] = None
    return list(forms), False


def _phrase_stems(words: Sequence[str], prefix: bool) -> tuple[list[str], bool]:
    stems = [_stem(x) for x in words]
    if prefix:
        last = stems[-1] if len(stems[-1]) >= MIN_PREFIX else words[-1]
        if len(last) >= MIN_PREFIX:
            stems[-1] = last
            return stems, True
        stems[-1] = words[-1]
    return stems, False


# -- FTS5 translation ---------------------------------------------------------------------------
def _q(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_phrase(stems: Sequence[str], prefix: bool) -> str:
    return " + ".join(_q(s) for s in stems) + (" *" if prefix else "")


def _fts(node: Node, variants: bool) -> str:
    if isinstance(node, Word):
        forms, prefix = _word_forms(node, variants)
        parts = [_q(f) + (" *" if prefix else "") for f in forms]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    if isinstance(node, Phrase):
        # The stems section of the index holds every word's stem in order, so the phrase of
        # stems finds the words whatever their clitics («زيارة للعاصمة» finds زيارة العاصمة).
        return _fts_phrase(*_phrase_stems(node.words, node.prefix))
    if isinstance(node, Near):
        items = []
        for item in node.items:
            if isinstance(item, Word):
                stems, prefix = _phrase_stems((item.text,), item.prefix)
            else:
                stems, prefix = _phrase_stems(item.words, item.prefix)
            items.append(_fts_phrase(stems, prefix))
        return f"NEAR({' '.join(items)}, {node.distance})"
    if isinstance(node, AnyOf):
        parts = [p for o in node.options if (p := _fts(o, variants))]
        return "" if not parts else parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    inc = [p for n in node.include if (p := _fts(n, variants))]
    if not inc:
        return ""
    expr = inc[0] if len(inc) == 1 else "(" + " AND ".join(inc) + ")"
    exc = [p for n in node.exclude if (p := _fts(n, True))]  # an excluded word: in every spelling
    if exc:
        expr = f"({expr} NOT ({' OR '.join(exc)}))"
    return expr


def to_fts(query: str | Query, variants: bool = True) -> str:
    """The FTS5 MATCH expression of a query ('' when it cannot match anything).

    ``variants=False`` leaves out the spelling variants of bare words (the "exact" expression
    that ranks the forms typed first)."""
    q = parse(query) if isinstance(query, str) else query
    return _to_fts(q, variants)


@lru_cache(maxsize=256)
def _to_fts(q: Query, variants: bool) -> str:
    return _fts(q, variants) if q else ""


# -- hits in the original text ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Slot:
    """How one position of a leaf matches a word: exact keys or prefixes, on its form or stem."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]

    def matches(self, form: str, stem: str) -> bool:
        if form in self.exact or stem in self.exact:
            return True
        return any(form.startswith(p) or stem.startswith(p) for p in self.prefixes)


@lru_cache(maxsize=4096)
def _word_slot(w: Word) -> _Slot:
    forms, prefix = _word_forms(w, True)
    return _Slot(frozenset(), tuple(forms)) if prefix else _Slot(frozenset(forms), ())


@lru_cache(maxsize=4096)
def _phrase_slots(words: tuple[str, ...], prefix: bool) -> tuple[_Slot, ...]:
    stems, is_prefix = _phrase_stems(words, prefix)
    slots = [_Slot(frozenset({s}), ()) for s in stems]
    if is_prefix:
        slots[-1] = _Slot(frozenset(), (stems[-1],))
    return tuple(slots)


def _leaf_slots(leaf: Union[Word, Phrase]) -> tuple[_Slot, ...]:
    if isinstance(leaf, Word):
        return (_word_slot(leaf),)
    return _phrase_slots(leaf.words, leaf.prefix)


@lru_cache(maxsize=1 << 17)
def _fold_word(token: str) -> tuple[str, str]:
    form = _fold(token)
    return form, _stem(form)


def _text_words(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, folded form, stem) of every word of the original text."""
    out = []
    for m in TOKEN_RE.finditer(text):
        tok = m.group()
        if tok[0].isalnum():
            out.append((m.start(), m.end(), *_fold_word(tok)))
    return out


def _occurrences(leaf: Union[Word, Phrase], words: Sequence[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """(first, last) word indices where the leaf matches."""
    slots = _leaf_slots(leaf)
    k = len(slots)
    out = []
    first = slots[0]
    for i in range(len(words) - k + 1):
        if first.matches(words[i][2], words[i][3]) and all(
                slots[j].matches(words[i + j][2], words[i + j][3]) for j in range(1, k)):
            out.append((i, i + k - 1))
    return out


def _node_hits(node: Node, words: Sequence[tuple[int, int, str, str]], out: dict[tuple[int, int], int],
               tag: list[int]) -> None:
    """Add each occurrence of the node's positive parts to ``out`` (occurrence → leaf number)."""
    if isinstance(node, (Word, Phrase)):
        n = tag[0]
        tag[0] += 1
        for occ in _occurrences(node, words):
            out.setdefault(occ, n)
    elif isinstance(node, Near):
        per_item = [_occurrences(item, words) for item in node.items]
        n0 = tag[0]
        tag[0] += len(node.items)
        if any(not occ for occ in per_item):
            return

        def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
            return b[0] - a[1] - 1 if b[0] > a[1] else a[0] - b[1] - 1 if a[0] > b[1] else 0

        for i, occs in enumerate(per_item):
            for occ in occs:
                if all(any(gap(occ, o) <= node.distance for o in others)
                       for j, others in enumerate(per_item) if j != i):
                    out.setdefault(occ, n0 + i)
    elif isinstance(node, AnyOf):
        for option in node.options:
            _node_hits(option, words, out, tag)
    else:
        for part in node.include:
            _node_hits(part, words, out, tag)


def _hits(text: str, query: Query) -> tuple[list[tuple[int, int, str, str]], dict[tuple[int, int], int]]:
    words = _text_words(text)
    found: dict[tuple[int, int], int] = {}
    if query:
        _node_hits(query, words, found, [0])
    return words, found


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def hit_ranges(text: str, query: str | Query) -> list[tuple[int, int]]:
    """(start, end) code-point offsets in ``text`` of every hit of the query's positive parts
    (a phrase is one range), sorted and not overlapping; for highlighting the original text."""
    q = parse(query) if isinstance(query, str) else query
    words, found = _hits(text, q)
    return _merge((words[a][0], words[b][1]) for a, b in found)


@dataclass(frozen=True, slots=True)
class Snippet:
    """A one-line extract of an article: ``text`` with the ``hits`` (offsets into ``text``)."""

    text: str
    hits: tuple[tuple[int, int], ...] = ()

    def __str__(self) -> str:
        return self.text

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The text with each hit between ``before`` and ``after``."""
        out, pos = [], 0
        for s, e in self.hits:
            out += [self.text[pos:s], before, self.text[s:e], after]
            pos = e
        out.append(self.text[pos:])
        return "".join(out)


_SPACE_RE = re.compile(r"\s+")


def snippet(text: str, query: str | Query, width: int = SNIPPET_WORDS) -> Snippet:
    """About ``width`` words of ``text`` around its densest hits (the most different query words
    in the fewest words), white space collapsed, "…" where it is cut, hits marked."""
    q = parse(query) if isinstance(query, str) else query
    words, found = _hits(text, q)
    return _snippet(text, words, found, max(1, width))


def _snippet(text: str, words: Sequence[tuple[int, int, str, str]], found: dict[tuple[int, int], int],
             width: int) -> Snippet:
    if not words:
        return Snippet(_SPACE_RE.sub(" ", text).strip()[:200])
    n = len(words)
    start = 0
    occs = sorted(found.items())
    if occs:
        best: tuple[int, int, int] = (-1, -1, 0)
        span = occs[0][0]
        j = 0
        counts: dict[int, int] = {}
        # slide a window of `width` words over the occurrences: most distinct leaves, then most hits
        for i, ((a, _), _) in enumerate(occs):
            while j < len(occs) and (j <= i or occs[j][0][1] < a + width):
                counts[occs[j][1]] = counts.get(occs[j][1], 0) + 1
                j += 1
            score = (len(counts), j - i, -a)
            if score > best:
                best = score
                span = (a, occs[j - 1][0][1])
            leaf = occs[i][1]
            counts[leaf] -= 1
            if not counts[leaf]:
                del counts[leaf]
        first, last = span
        margin = max(0, (width - (last - first + 1)) // 2)
        start = max(0, min(first - margin, n - width))
    end = min(n, start + width)
    lo, hi = words[start][0], words[end - 1][1]
    # keep the punctuation that closes the last word (a full stop, a closing quote)
    while hi < len(text) and not text[hi].isspace() and not text[hi].isalnum() and hi - words[end - 1][1] < 3:
        hi += 1
    hits = _merge((max(lo, words[a][0]), min(hi, words[b][1])) for a, b in found if a >= start and b < end)
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    if start > 0:
        out.append("… ")
        length = 2
    pos = lo
    # copy text[lo:hi] with runs of white space as one space, carrying the hit offsets along
    pieces = []
    for s, e in hits:
        pieces.append((pos, s, False))
        pieces.append((s, e, True))
        pos = e
    pieces.append((pos, hi, False))
    for a, b, is_hit in pieces:
        chunk = _SPACE_RE.sub(" ", text[a:b])
        if is_hit:
            marks.append((length, length + len(chunk)))
        out.append(chunk)
        length += len(chunk)
    if end < n:
        out.append(" …")
    return Snippet("".join(out), tuple(marks))


# -- searching the library ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Hit:
    """One search result. ``score`` is higher for a better match (bm25, sign flipped); ``exact``
    is False for an article found only through a spelling variant. ``snippet_hits`` are offsets
    into ``snippet``."""

    id: int
    title: str
    outlet: str
    date: str
    score: float
    snippet: str = ""
    snippet_hits: tuple[tuple[int, int], ...] = ()
    exact: bool = True
    source: str = ""
    n_entities: int = 0


@dataclass(frozen=True, slots=True)
class _Ranked:
    ids: list[int]
    scores: dict[int, float]
    inexact: frozenset[int]


# The ranked ids of the last few searches per library, with the library state they were read in,
# so that counting and paging a search match the index once.
_CACHE: "weakref.WeakKeyDictionary[Library, dict[tuple[object, ...], _Ranked]]" = weakref.WeakKeyDictionary()
_CACHE_SIZE = 8


def _filters(outlet: str | None, date_from: str | None, date_to: str | None,
             entity_id: int | None) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if outlet is not None:
        clauses.append("a.outlet = ?")
        params.append(outlet)
    if date_from:
        clauses.append("substr(a.date, 1, 10) >= ?")
        params.append(date_from[:10])
    if date_to:
        clauses.append("substr(a.date, 1, 10) <= ?")
        params.append(date_to[:10])
    if entity_id is not None:
        clauses.append("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
        params.append(entity_id)
    return clauses, params


def _ranked(lib: "Library", q: Query, sort: Sort, outlet: str | None, date_from: str | None,
            date_to: str | None, entity_id: int | None) -> _Ranked:
    full = to_fts(q)
    if not full:
        return _Ranked([], {}, frozenset())
    exact = to_fts(q, variants=False)
    conn = lib.conn
    version = conn.execute("PRAGMA data_version").fetchone()[0]  # changes when others commit
    key = (full, sort, outlet, date_from, date_to, entity_id, version, conn.total_changes)
    cache = _CACHE.setdefault(lib, {})
    if key in cache:
        return cache[key]
    clauses, params = _filters(outlet, date_from, date_to, entity_id)
    join = "JOIN articles a ON a.id = f.rowid" if clauses or sort != "rank" else ""
    where = "".join(f" AND {c}" for c in clauses)
    cols = {"rank": "", "date": ", a.date", "outlet": ", a.outlet, a.date"}[sort]
    try:
        rows = conn.execute(
            f"SELECT f.rowid, bm25(articles_fts, {TITLE_WEIGHT}, 1.0){cols} FROM articles_fts f {join}"
            f" WHERE articles_fts MATCH ?{where}", [full, *params]).fetchall()
        inexact: frozenset[int] = frozenset()
        if exact != full and rows:
            found = {r[0] for r in conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (exact,))}
            inexact = frozenset(r[0] for r in rows if r[0] not in found)
    except sqlite3.Error:  # FTS5 refused the expression (it should not): nothing found
        rows, inexact = [], frozenset()
    if sort == "rank":  # best first (bm25 is negative), then the latest imported
        rows.sort(key=(lambda r: (r[0] in inexact, r[1], -r[0])) if inexact else (lambda r: (r[1], -r[0])))
    elif sort == "date":
        rows.sort(key=lambda r: (r[2], r[0]), reverse=True)
    else:
        rows.sort(key=lambda r: r[0], reverse=True)
        rows.sort(key=lambda r: r[3], reverse=True)
        rows.sort(key=lambda r: (r[2] == "", r[2]))  # outlets A→Z (no outlet last), newest first in each
    ranked = _Ranked([r[0] for r in rows], {r[0]: -float(r[1]) for r in rows}, inexact)
    if len(cache) >= _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = ranked
    return ranked


def count(lib: "Library", query: str | Query, *, outlet: str | None = None, date_from: str | None = None,
          date_to: str | None = None, entity_id: int | None = None) -> int:
    """How many articles :func:`search` finds (with the same filters)."""
    q = parse(query) if isinstance(query, str) else query
    return len(_ranked(lib, q, "rank", outlet, date_from, date_to, entity_id).ids)


def search(lib: "Library", query: str | Query, *, limit: int = 50, offset: int = 0, sort: Sort = "rank",
           outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
           entity_id: int | None = None, snippets: bool = True, width: int = SNIPPET_WORDS) -> list[Hit]:
    """Articles matching ``query``: by relevance (bm25, title words weigh more; articles found only
    through a spelling variant after the others), by date (newest first) or by outlet. Filters:
    an outlet, dates (``YYYY-MM-DD``, inclusive), an entity the article mentions. ``snippets``
    False leaves ``snippet`` empty (a caller that makes them for visible rows only)."""
    q = parse(query) if isinstance(query, str) else query
    if sort not in SORTS:
        sort = "rank"
    ranked = _ranked(lib, q, sort, outlet, date_from, date_to, entity_id)
    page = ranked.ids[max(0, offset):max(0, offset) + max(0, limit)]
    if not page:
        return []
    text_col = "a.text" if snippets else "''"
    rows = {r[0]: r for r in lib.conn.execute(
        f"SELECT a.id, a.source, a.title, a.outlet, a.date, {text_col},"
        " (SELECT count(DISTINCT m.entity_id) FROM mentions m WHERE m.article_id = a.id)"
        f" FROM articles a WHERE a.id IN ({','.join('?' * len(page))})", page)}
    out = []
    for aid in page:
        r = rows.get(aid)
        if r is None:
            continue
        snip = snippet(r[5], q, width) if snippets else Snippet("")
        out.append(Hit(aid, r[2], r[3], r[4], ranked.scores.get(aid, 0.0), snip.text, snip.hits,
                       aid not in ranked.inexact, r[1], int(r[6])))
    return out
