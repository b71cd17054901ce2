"""The encoder NER backend: onnxruntime + tokenizers, no torch.

Each word is encoded on its own (``WordPieces``), a sentence longer than the model's window is
cut into overlapping windows at word boundaries, inputs of similar length are batched together,
and a word's tag comes from its first piece's logits, decoded with the IOB2 constraint (an I-X
only after B-X or I-X) so the output is always valid IOB2.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from reader.core.ner.encoder import LABELS, META_FILE, MODEL_FILE, MODEL_VERSION, TOKENIZER_FILE
from reader.core.ner.encoder.tokenizer import MAX_PIECES, MAX_WORD_PIECES, WordPieces, load_tokenizer

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = ["EncoderBackend", "default_model_dir", "decode", "THREADS_ENV"]

# Environment override of the number of threads onnxruntime uses (default 2).
THREADS_ENV = "READER_NER_THREADS"
DEFAULT_THREADS = 2
# A batch holds at most this many pieces (padding included) and this many windows: small batches
# of similar lengths keep the activations in a core's cache and waste little on padding (news
# articles, one thread: 512 pieces ~5% faster than 1,024, 1.8 times as fast as 4,096; one window
# a call is slower again: the model's model card, Speed).
BATCH_PIECES = 512
BATCH_WINDOWS = 8
# onnxruntime graph optimisations left out (names as onnxruntime gives them): its fused
# SkipLayerNormalization costs seven times the LayerNormalization it replaces (model card, Speed)
UNFUSED = ["SkipLayerNormFusion"]


def default_model_dir() -> Path:
    from reader.resources import resource_path

    return resource_path("models", "ner", "encoder")


def _transitions(labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(allowed[prev, cur], allowed_at_start[cur]) under IOB2."""
    n = len(labels)
    allowed = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for j, cur in enumerate(labels):
        if cur.startswith("I-"):
            start[j] = False
            for i, prev in enumerate(labels):
                allowed[i, j] = prev[2:] == cur[2:] and prev != "O"
    return allowed, start


def decode(scores: np.ndarray, labels: Sequence[str], allowed: np.ndarray, start: np.ndarray,
           learned: tuple[np.ndarray, np.ndarray] | None = None) -> list[int]:
    """The best valid IOB2 label sequence for per-word log-probabilities ``scores [n, labels]``.

    Without ``learned``: the per-word argmax when it is already valid (then it is the
    constrained optimum too), else Viterbi with the forbidden transitions removed. With a CRF
    output layer's ``learned`` (transition scores [prev, cur], start scores [cur]): Viterbi
    over the scores plus those, the forbidden transitions removed.
    """
    if learned is None:
        best = scores.argmax(1)
        if start[best[0]] and bool(allowed[best[:-1], best[1:]].all()):
            valid: list[int] = best.tolist()
            return valid
    neg = np.float32(-1e9)
    trans = np.where(allowed, np.float32(0) if learned is None else learned[0].astype(np.float32), neg)
    n = len(scores)
    score = np.where(start, scores[0] + (0 if learned is None else learned[1].astype(np.float32)), neg)
    back = np.zeros((n, len(labels)), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans  # [prev, cur]
        back[t] = cand.argmax(0)
        score = cand.max(0) + scores[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


class EncoderBackend:
    """IOB2 tags over PERS/LOC/ORG/MISC from the fine-tuned encoder (``model.onnx``)."""

    def __init__(self, session: Any, tokenizer: Tokenizer, meta: dict[str, Any], threads: int) -> None:
        # session: an onnxruntime.InferenceSession (the package has no type information)
        self.session = session
        self.meta = meta
        self.threads = threads
        self.name = str(meta.get("version", MODEL_VERSION))
        self.labels: tuple[str, ...] = tuple(meta.get("labels", LABELS))
        self.max_pieces = int(meta.get("max_pieces", MAX_PIECES))
        self.pieces = WordPieces(tokenizer, int(meta.get("max_word_pieces", MAX_WORD_PIECES)))
        self.pack = bool(meta.get("pack", False))
        self._allowed, self._start = _transitions(self.labels)
        self._inputs = {i.name for i in session.get_inputs()}
        crf = meta.get("crf")  # a CRF output layer's learned transition and start scores
        self._learned = (np.asarray(crf["transitions"]), np.asarray(crf["start"])) if crf else None

    def learned(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The CRF output layer's (transition, start) scores, None for a softmax head."""
        return self._learned

    @classmethod
    def load(cls, model_dir: Path | str | None = None, threads: int | None = None) -> "EncoderBackend":
        import onnxruntime as ort  # lazy: only when the encoder is chosen

        folder = Path(model_dir) if model_dir is not None else default_model_dir()
        meta_path = folder / META_FILE
        if not (folder / MODEL_FILE).is_file():
            raise FileNotFoundError(f"no encoder model in {folder} (expected {MODEL_FILE})")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        if threads is None:
            threads = int(os.environ.get(THREADS_ENV, DEFAULT_THREADS))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        session = ort.InferenceSession(str(folder / MODEL_FILE), opts, providers=["CPUExecutionProvider"],
                                       disabled_optimizers=UNFUSED)
        return cls(session, load_tokenizer(folder / TOKENIZER_FILE), meta, threads)

    def logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feed = {"input_ids": ids, "attention_mask": mask}
        out: np.ndarray = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        return out

    def units(self, sentences: Sequence[Sequence[str]]) -> list[list[int]]:
        """Sentences grouped into model inputs: each alone, or with ``pack``, consecutive
        sentences together while their pieces fit one window, so a word sees its neighbours'
        sentences as context (a name's title or verb is often a sentence away)."""
        if not self.pack:
            return [[i] for i, s in enumerate(sentences) if s]
        budget = self.max_pieces - 2
        out: list[list[int]] = []
        used = budget + 1
        for i, words in enumerate(sentences):
            if not words:
                continue
            n = sum(len(p) for p in self.pieces.words(words))
            if out and used + n <= budget:
                out[-1].append(i)
                used += n
            else:
                out.append([i])
                used = n
        return out

    def word_scores(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per sentence, ``[words, labels]`` log-probabilities from each word's first piece."""
        scores = [np.zeros((len(s), len(self.labels)), dtype=np.float32) for s in sentences]
        # per window: its ids, its kept words' first pieces, and where their scores go:
        # (sentence, first word, first kept word of the window, how many) for each sentence it keeps
        items: list[tuple[list[int], list[int], list[tuple[int, int, int, int]]]] = []
        for unit in self.units(sentences):
            words = [w for si in unit for w in sentences[si]]
            offsets = np.cumsum([0] + [len(sentences[si]) for si in unit])
            for win, ids, firsts in self.pieces.inputs(words, self.max_pieces):
                parts = []
                for u, si in enumerate(unit):
                    lo, hi = max(win.keep_lo, int(offsets[u])), min(win.keep_hi, int(offsets[u + 1]))
                    if lo < hi:
                        parts.append((si, lo - int(offsets[u]), lo - win.keep_lo, hi - lo))
                items.append((ids, firsts[win.keep_lo - win.lo:win.keep_hi - win.lo], parts))
        # similar lengths together: little padding
        items.sort(key=lambda it: len(it[0]))
        i = 0
        while i < len(items):
            j = i + 1
            longest = len(items[i][0])
            while j < len(items) and j - i < BATCH_WINDOWS and len(items[j][0]) * (j - i + 1) <= BATCH_PIECES:
                longest = len(items[j][0])
                j += 1
            batch = items[i:j]
            batch_ids = np.full((len(batch), longest), self.pieces.pad, dtype=np.int64)
            mask = np.zeros((len(batch), longest), dtype=np.int64)
            for b, (seq, _, _) in enumerate(batch):
                batch_ids[b, :len(seq)] = seq
                mask[b, :len(seq)] = 1
            out = self.logits(batch_ids, mask)
            for b, (_, firsts, parts) in enumerate(batch):
                rows = out[b, firsts]
                for si, w, k, n in parts:
                    scores[si][w:w + n] = rows[k:k + n]
            i = j
        for s in scores:  # log-softmax over the labels
            if len(s):
                s -= s.max(1, keepdims=True)
                s -= np.log(np.exp(s).sum(1, keepdims=True))
        return scores

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """One IOB2 tag per given word, per sentence."""
        return self.tag_scored(sentences)[0]

    def tag_scored(self, sentences: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[list[float]]]:
        """One IOB2 tag per given word, and the model's probability that the word is part of a
        name (1 − P(O)), per sentence: the post-pass weighs a lone guess by it."""
        sentences = [list(s) for s in sentences]
        tags: list[list[str]] = []
        confidence: list[list[float]] = []
        learned = self.learned()
        outside = self.labels.index("O")
        for s in self.word_scores(sentences):
            tags.append([self.labels[k] for k in decode(s, self.labels, self._allowed, self._start, learned)] if len(s) else [])
            confidence.append((1.0 - np.exp(s[:, outside])).tolist() if len(s) else [])
        return tags, confidence


def main(argv: list[str] | None = None) -> int:
    """Time loading and tagging: ``python -m reader.core.ner.encoder.backend CONLL [--model DIR] [--threads N]``."""
    import argparse
    import time

    from reader.core.ner.train import read_conll

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("conll", type=Path, help="tokens to tag (first column), a blank line between sentences")
    ap.add_argument("--model", type=Path)
    ap.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    sents = [w for w, _ in read_conll(args.conll)]
    t0 = time.perf_counter()
    backend = EncoderBackend.load(args.model, threads=args.threads)
    load = time.perf_counter() - t0
    words = sum(len(s) for s in sents)
    times: list[float] = []
    for _ in range(max(1, args.repeat)):  # the first run also fills the word cache
        t0 = time.perf_counter()
        for lo in range(0, len(sents), 256):  # the batches find_spans and tag_conll hand over
            backend.tag(sents[lo:lo + 256])
        times.append(time.perf_counter() - t0)
    print(f"{backend.name}: load {load:.2f} s; {words} words, {args.threads} thread(s): "
          f"{words / times[0]:,.0f} words/s first run, {words / min(times):,.0f} best of {len(times)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
