"""The camel-tools BERT backend: offline import, and tagging with a tiny BERT built here.

No download anywhere: the model is a randomly initialised 1-layer BERT saved in camel-tools'
data layout under tmp_path.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]

OFFLINE = """
import socket
def refuse(*a, **k):
    raise AssertionError("network touched")
class NoNet(socket.socket):
    connect = connect_ex = sendto = refuse
socket.socket = NoNet
socket.create_connection = refuse
socket.getaddrinfo = refuse
from reader.core.ner import camel, load_backend
assert not camel.installed()
camel.prepare_environment()
import camel_tools.ner  # reads the catalogue: ours, so no download
from camel_tools.data import CATALOGUE
assert CATALOGUE.components["NamedEntityRecognition"].default == "arabert"
try:
    load_backend("camel-bert")
except FileNotFoundError as e:
    print("not installed:", "reader models install" in str(e))
"""


def test_import_without_data_stays_offline(tmp_path: Path) -> None:
    env = {**os.environ, "READER_CAMEL_DATA": str(tmp_path / "ct"), "HOME": str(tmp_path)}
    env.pop("CAMELTOOLS_DATA", None)
    r = subprocess.run([sys.executable, "-c", OFFLINE], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "not installed: True"
    assert (tmp_path / "ct" / "catalogue.json").is_file()


def build_tiny_bert(folder: Path) -> Path:
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    from reader.core.ner.camel import model_path

    path = model_path(folder)
    path.mkdir(parents=True)
    letters = [chr(c) for c in range(0x0621, 0x064B)]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "،", *letters, *("##" + c for c in letters)]
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=64,
                                     num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
                                     label2id={lab: i for i, lab in enumerate(LABELS)})
    transformers.BertForTokenClassification(config).save_pretrained(str(path))
    transformers.BertTokenizer(str(path / "vocab.txt"), do_lower_case=False).save_pretrained(str(path))
    return path


def test_tiny_bert_tags_one_label_per_token(tmp_path: Path) -> None:
    build_tiny_bert(tmp_path / "ct")
    from reader.core.ner import find_spans
    from reader.core.ner.camel import CamelBertBackend, installed, model_path

    assert installed(tmp_path / "ct")
    backend = CamelBertBackend(model_path(tmp_path / "ct"), batch_size=2)
    sents = [["قال", "سامر", "في", "حلب", "."], [], ["وصل"], ["ب" * 5] * 40]
    tags = backend.tag(sents)
    assert [len(t) for t in tags] == [len(s) for s in sents]
    for ts in tags:
        for i, t in enumerate(ts):
            assert t == "O" or t[:2] in ("B-", "I-") and t[2:] in {"PERS", "LOC", "ORG", "MISC"}
            assert not (t.startswith("I-") and (i == 0 or ts[i - 1][2:] != t[2:]))
    # dynamic padding and batching change nothing: each sentence alone gives the same tags
    assert [backend.tag([s])[0] for s in sents] == tags
    # a sentence longer than the model window (64 pieces) is cut into windows of whole words
    assert len(backend._windows(sents[3])) > 1
    text = "قال سامر في حلب. وصل كريم."
    for s in find_spans(text, backend):
        assert text[s.start:s.end] == s.text


def test_cli_models_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    monkeypatch.setenv("READER_CAMEL_DATA", str(tmp_path / "ct"))
    assert main(["models", "status"]) == 0
    assert "camel-bert: not installed" in capsys.readouterr().out
    build_tiny_bert(tmp_path / "ct")
    assert main(["models", "status"]) == 0
    assert "camel-bert: installed" in capsys.readouterr().out
