"""The built-in backend: a linear-chain CRF (python-crfsuite) over hand-built features.

Model files live in ``resources/models/ner`` (see MODEL_CARD.md there): ``crf.model``,
``meta.json``, the derived name lists and the word clusters.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Sequence

import pycrfsuite

from reader.core.ner.clusters import CLUSTERS_FILE, read_clusters
from reader.core.ner.features import Featurizer, stack_features
from reader.core.ner.gazetteer import Gazetteer, shipped_paths

MODEL_FILE = "crf.model"
STACK_FILE = "crf2.model"  # the optional second pass (stacking), see train.py
META_FILE = "meta.json"
MODEL_VERSION = 11  # 2: find_spans adds the document post-pass and clitic trimming; 3: place patterns in the post-pass; 4: body patterns; 5: ministries among body heads; 6: title + listed given name; 7: a body "for" its field; 8: listed places coordinated with a place; 9: militias are bodies; 10: a ministry named by الداخلية/الخارجية, a newspaper named after صحيفة/جريدة/مجلة, plural place nouns before a list, a listed place carried whatever its share, وكالة X للأنباء; 11: a town the article names as a team (X الألماني) is a body


def default_model_dir() -> Path:
    from reader.resources import resource_path

    return resource_path("models", "ner")


def load_featurizer(model_dir: Path, meta: dict[str, Any]) -> Featurizer:
    """The featurizer a model was trained with (gazetteer and clusters only if it used them)."""
    gaz = Gazetteer.load(shipped_paths(model_dir)) if meta.get("gazetteer", True) else Gazetteer()
    clusters = read_clusters(model_dir / CLUSTERS_FILE) if meta.get("clusters", True) else {}
    return Featurizer(gaz, clusters, doc_window=int(meta.get("doc_window", 0)),
                      options=frozenset(meta.get("features", ())))


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
        self._second: pycrfsuite.Tagger | None = None
        if meta.get("stack"):
            self._second = pycrfsuite.Tagger()
            self._second.open(str(model_dir / STACK_FILE))
        # crfsuite's tagger keeps per-call state: never let two threads share it at once
        self._lock = threading.Lock()
        # Recall-leaning decoding: a token Viterbi left O becomes an entity token when the
        # model's marginal P(O) there is below this (0: plain Viterbi). See MODEL_CARD.md.
        self.o_threshold = float(meta.get("o_threshold", 0.0))
        self._labels = [lab for lab in self._tagger.labels() if lab != "O"]

    @classmethod
    def load(cls, model_dir: Path | None = None) -> "CrfBackend":
        return cls(model_dir or default_model_dir())

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        feats = self.featurizer.document(sentences)
        with self._lock:
            tag = self._tagger.tag
            if self._second is not None:
                first = [tag(f) if f else [] for f in feats]
                stack_features(self.featurizer, sentences, first, feats)
                tag = self._second.tag
            if self.o_threshold <= 0:
                return [tag(f) if f else [] for f in feats]
            return [self._lean(tag(f)) if f else [] for f in feats]

    def _lean(self, tags: list[str]) -> list[str]:
        """Re-label O tokens whose P(O) is low with their likeliest entity tag (lock held)."""
        marginal = (self._second or self._tagger).marginal
        tau = self.o_threshold
        for t, tag in enumerate(tags):
            if tag != "O" or marginal("O", t) >= tau:
                continue
            best = max(self._labels, key=lambda lab: marginal(lab, t))
            typ = best[2:]
            prev = tags[t - 1] if t else "O"
            tags[t] = ("I-" if prev != "O" and prev[2:] == typ else "B-") + typ
        return tags
