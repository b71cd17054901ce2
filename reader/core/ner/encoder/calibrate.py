"""Fixed activation ranges for the int8 model, so that a sentence's tags never depend on its batch.

Dynamic quantisation (onnxruntime's ``DynamicQuantizeLinear``) scales the input of each int8
matrix product by the minimum and maximum of the whole batch tensor: a sentence's tags then
depend on the sentences batched with it (0.6% of the tags, 7% of the spans of 60 news articles
differed between tagging them one by one and together). Here each of those inputs gets a fixed
range instead, measured on calibration sentences (the training data): the 99.9th percentile of
its per-sentence maxima and the 0.1st of its minima, each sentence run alone. A
``QuantizeLinear`` with that scale and zero point replaces the dynamic one; the int8 products
are the same. On ANERcorp dev the dev-split model scores 0.776 (with dynamic ranges, batched:
0.774; with the extremes themselves, 0.765; the 99th percentile, 0.766).

The weights are kept on 7 bits (:func:`seven_bit_weights`, :data:`WEIGHT_LIMIT`): on CPUs
without VNNI the int8 products saturate otherwise, and tags would depend on the CPU.

Export time only (``train.py``; ``python -m reader.core.ner.encoder.calibrate DIR`` rewrites a
model folder in place): needs ``onnx``, which the app does not.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from reader.core.ner.encoder import MODEL_FILE

__all__ = ["fix_activation_ranges", "seven_bit_weights", "PERCENTILE", "CALIBRATION_SENTENCES", "WEIGHT_LIMIT"]

PERCENTILE = 99.9
CALIBRATION_SENTENCES = 600
# The weights' largest magnitude (onnxruntime's ``reduce_range``: 7 bits). A CPU without VNNI
# (AVX2 alone: AMD before Zen 4, Intel before Cascade Lake) multiplies the uint8 activations by
# the int8 weights with VPMADDUBSW, which adds each pair of products into an int16 and saturates
# past 32,767: 255 × 127 × 2 overflows, 255 × 64 × 2 does not. With 8-bit weights such a CPU
# tagged otherwise (2026-12-07, AMD EPYC: ANERcorp dev −1.7 points with a dev-split model, the
# third held-out link gold 0.915 → 0.889); with 7 it computes what a VNNI CPU does.
WEIGHT_LIMIT = 64


def _ranges(folder: Path, inputs: Sequence[str], sentences: Sequence[Sequence[str]],
            percentile: float) -> dict[str, tuple[float, float]]:
    """Per tensor: (low, high), 0 included, from each sentence alone."""
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper

    from reader.core.ner.encoder.backend import EncoderBackend

    model = onnx.load(str(folder / MODEL_FILE))
    for name in inputs:
        model.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    session = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    backend = EncoderBackend.load(folder, threads=1)
    feeds = {i.name for i in session.get_inputs()}
    lows: dict[str, list[float]] = {n: [] for n in inputs}
    highs: dict[str, list[float]] = {n: [] for n in inputs}
    for words in sentences:
        for _, ids, _ in backend.pieces.inputs(list(words), backend.max_pieces):
            arr = np.array([ids], dtype=np.int64)
            feed = {k: v for k, v in (("input_ids", arr), ("attention_mask", np.ones_like(arr))) if k in feeds}
            for name, out in zip(inputs, session.run(list(inputs), feed)):
                lows[name].append(float(out.min()))
                highs[name].append(float(out.max()))
    return {n: (min(0.0, float(np.percentile(lows[n], 100 - percentile))), max(0.0, float(np.percentile(highs[n], percentile))))
            for n in inputs}


def fix_activation_ranges(folder: Path, sentences: Sequence[Sequence[str]], percentile: float = PERCENTILE) -> dict[str, Any]:
    """Rewrite ``folder/model.onnx`` in place: every ``DynamicQuantizeLinear`` becomes a
    ``QuantizeLinear`` with a range calibrated on ``sentences``. Returns what meta.json records."""
    import onnx
    from onnx import helper, numpy_helper

    path = folder / MODEL_FILE
    model = onnx.load(str(path))
    graph = model.graph
    dynamic = [n for n in graph.node if n.op_type == "DynamicQuantizeLinear"]
    ranges = _ranges(folder, [n.input[0] for n in dynamic], sentences, percentile)
    nodes = []
    for node in graph.node:
        if node.op_type != "DynamicQuantizeLinear":
            nodes.append(node)
            continue
        low, high = ranges[node.input[0]]
        scale = max(high - low, 1e-8) / 255.0
        zero = int(np.clip(round(-low / scale), 0, 255))
        q, s, z = node.output  # the scale and zero point become constants of those names (fusable)
        graph.initializer.extend([numpy_helper.from_array(np.array(scale, dtype=np.float32), s),
                                  numpy_helper.from_array(np.array(zero, dtype=np.uint8), z)])
        nodes.append(helper.make_node("QuantizeLinear", [node.input[0], s, z], [q], name=node.name + "_fixed"))
    del graph.node[:]
    graph.node.extend(_fused(nodes, {i.name for i in graph.initializer if len(i.dims) == 1}))
    if not any(o.domain == _MS for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(_MS, 1))
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return {"activations": "fixed ranges", "percentile": percentile, "calibration_sentences": len(sentences),
            "tensors": len(dynamic)}


def seven_bit_weights(folder: Path) -> dict[str, Any]:
    """Rewrite ``folder/model.onnx`` in place: the 8-bit weights of every int8 product halved and
    rounded into ±:data:`WEIGHT_LIMIT`, their scales doubled (for a model quantised before
    ``train.py`` asked onnxruntime for 7 bits). Returns what meta.json records."""
    import onnx
    from onnx import numpy_helper

    path = folder / MODEL_FILE
    model = onnx.load(str(path))
    inits = {i.name: i for i in model.graph.initializer}
    done: set[str] = set()
    for node in model.graph.node:
        if node.op_type != "MatMulIntegerToFloat" or node.input[1] in done:  # the fused graph (_fused)
            continue
        weight, scale, zero = node.input[1], node.input[3], node.input[5]
        w = numpy_helper.to_array(inits[weight]).astype(np.int16)
        if numpy_helper.to_array(inits[zero]).any():
            raise ValueError(f"{path}: {weight} is not symmetric")
        if np.abs(w).max() <= WEIGHT_LIMIT:
            continue  # 7 bits already
        inits[weight].CopyFrom(numpy_helper.from_array(np.clip(np.rint(w / 2), -WEIGHT_LIMIT, WEIGHT_LIMIT).astype(np.int8), weight))
        s = numpy_helper.to_array(inits[scale])
        inits[scale].CopyFrom(numpy_helper.from_array((s * 2).astype(s.dtype), scale))
        done.add(weight)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return {"weight_bits": 7, "weights_halved": len(done)}


_MS = "com.microsoft"


def _fused(nodes: list[Any], constants: set[str]) -> list[Any]:
    """``MatMulInteger → Cast → Mul(a_scale × b_scale) [→ Add(bias)]`` as one onnxruntime
    ``MatMulIntegerToFloat``, as its optimiser fuses the dynamic graph (with a constant input
    scale it no longer matches the pattern, and the model runs about 6% slower)."""
    from onnx import helper

    users: dict[str, list[Any]] = {}
    for n in nodes:
        for i in n.input:
            users.setdefault(i, []).append(n)
    made = {o: n for n in nodes for o in n.output}
    drop: set[int] = set()
    fused: dict[int, Any] = {}
    for n in nodes:
        if n.op_type != "MatMulInteger":
            continue
        after = users.get(n.output[0], [])
        if len(after) != 1 or after[0].op_type != "Cast" or len(users.get(after[0].output[0], [])) != 1:
            continue
        cast = after[0]
        mul = users[cast.output[0]][0]
        scales = next((i for i in mul.input if i != cast.output[0]), "")
        product = made.get(scales)
        if mul.op_type != "Mul" or product is None or product.op_type != "Mul" or len(n.input) != 4:
            continue
        a, b, a_zero, b_zero = n.input
        a_scale, b_scale = product.input
        inputs, out = [a, b, a_scale, b_scale, a_zero, b_zero], list(mul.output)
        add = users.get(mul.output[0], [])
        bias = next((i for i in add[0].input if i in constants), None) if len(add) == 1 and add[0].op_type == "Add" else None
        if bias is not None:  # the bias too, as in the dynamic graph
            inputs, out = inputs + [bias], list(add[0].output)
            drop.add(id(add[0]))
        fused[id(mul)] = helper.make_node("MatMulIntegerToFloat", inputs, out, name=n.name + "_to_float", domain=_MS)
        drop.update((id(n), id(cast)))
        if len(users[scales]) == 1:
            drop.add(id(product))
    return [fused.get(id(n), n) for n in nodes if id(n) not in drop]


def main(argv: list[str] | None = None) -> int:
    """``python -m reader.core.ner.encoder.calibrate DIR [--data CONLL] [--seven-bit]``: rewrite a model folder."""
    import json

    from reader.core.ner.encoder import META_FILE
    from reader.core.ner.train import read_conll

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[5] / "shared" / "data" / "ner"
                    / "anercorp_camellab_train.txt", help="CoNLL calibration sentences (default: ANERcorp train)")
    ap.add_argument("--percentile", type=float, default=PERCENTILE)
    ap.add_argument("--seven-bit", action="store_true", help="only bring 8-bit weights to 7 bits (seven_bit_weights)")
    args = ap.parse_args(argv)
    if args.seven_bit:
        info = seven_bit_weights(args.folder)
    else:
        sentences = [w for w, _ in read_conll(args.data)][:CALIBRATION_SENTENCES]
        info = fix_activation_ranges(args.folder, sentences, args.percentile)
    meta_path = args.folder / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    meta.setdefault("quantisation", {}).update(info)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
