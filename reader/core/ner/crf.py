"""The built-in backend: a linear-chain CRF (python-crfsuite) over hand-built features.

Model files live in ``resources/models/ner`` (see MODEL_CARD.md there): ``crf.model``,
``meta.json``, the derived name lists and the word clusters.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Sequence

import pycrfsuite

from reader.core.ner.clusters import CLUSTERS_FILE, read_clusters
from reader.core.ner.features import Featurizer
from reader.core.ner.gazetteer import Gazetteer, shipped_paths

MODEL_FILE = "crf.model"
META_FILE = "meta.json"
MODEL_VERSION = 1


def default_model_dir() -> Path:
    from reader.resources import resource_path

    return resource_path("models", "ner")


def load_featurizer(model_dir: Path, meta: dict) -> Featurizer:
    """The featurizer a model was trained with (gazetteer and clusters only if it used them)."""
    gaz = Gazetteer.load(shipped_paths(model_dir)) if meta.get("gazetteer", True) else Gazetteer()
    clusters = read_clusters(model_dir / CLUSTERS_FILE) if meta.get("clusters", True) else {}
    return Featurizer(gaz, clusters, doc_window=int(meta.get("doc_window", 0)))


class CrfBackend:
    """Tags token sequences with the CRF; safe to share between threads (one lock)."""

    def __init__(self, model_dir: Path) -> None:
        meta_path = model_dir / META_FILE
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        self.name = f"builtin-crf-{meta.get('version', MODEL_VERSION)}"
        self.meta = meta
        self.featurizer = load_featurizer(model_dir, meta)
        self._tagger = pycrfsuite.Tagger()
        model = model_dir / MODEL_FILE
        if not model.exists():
            raise FileNotFoundError(f"NER model missing: {model} (train it: python -m reader.core.ner.train)")
        self._tagger.open(str(model))
        # crfsuite's tagger keeps per-call state: never let two threads share it at once
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model_dir: Path | None = None) -> "CrfBackend":
        return cls(model_dir or default_model_dir())

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        feats = self.featurizer.document(sentences)
        with self._lock:
            tag = self._tagger.tag
            return [tag(f) if f else [] for f in feats]
