"""camel-tools' AraBERT NER as an optional backend (``load_backend("camel-bert")``).

Nothing here reaches for the network unless the user asks (``reader models install``):
camel-tools reads its data catalogue when ``camel_tools.data`` is first imported and
*downloads* one when none is found, wherever that import happens. So before any camel-tools
data module is imported, ``CAMELTOOLS_DATA`` points at a folder this product controls, holding
a small ``catalogue.json`` of our own (only the NER component's path). ``install`` replaces it
with camel-tools' current catalogue and downloads the ``ner-arabert`` package, on request.

Tagging does not use ``NERecognizer.predict`` (it pads every sentence to 256 word pieces and
splits longer ones without context): sentences are sorted by length and batched with dynamic
padding; a sentence longer than the model's window is cut into overlapping-free windows of
whole words. Labels are read at each word's first piece, so there is exactly one per token we
gave, and offsets stay ``find_spans``'s.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Sequence

__all__ = ["CamelBertBackend", "data_dir", "installed", "install", "model_path", "prepare_environment",
           "PACKAGE", "BACKEND_NAME"]

PACKAGE = "ner-arabert"
BACKEND_NAME = "camel-bert"
_DATASET_PATH = "ner/arabert"  # as in camel-tools' catalogue: CAMELTOOLS_DATA/data/ner/arabert
_MAX_PIECES = 256  # the model's trained window; we pad each batch only to its longest sentence
_MINIMAL_CATALOGUE = {
    "version": "reader-offline",
    "packages": {},
    "components": {"NamedEntityRecognition": {"default": "arabert",
                                              "datasets": {"arabert": {"path": _DATASET_PATH}}}},
}


def data_dir() -> Path:
    """The folder camel-tools data lives in for this app (``READER_CAMEL_DATA`` overrides)."""
    env = os.environ.get("READER_CAMEL_DATA")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    from reader.core.store.library import APP_NAME

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "camel_tools"


def prepare_environment(folder: Path | None = None) -> Path:
    """Point camel-tools at our data folder, with a catalogue, before camel-tools reads it.

    Must run before the first ``import camel_tools.data`` (directly or via camel_tools.ner) in
    the process; the catalogue written here lists no downloadable package, so loading it
    never triggers camel-tools' catalogue download.
    """
    folder = folder or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cat = folder / "catalogue.json"
    if not cat.exists():
        cat.write_text(json.dumps(_MINIMAL_CATALOGUE, indent=1), encoding="utf-8")
    os.environ["CAMELTOOLS_DATA"] = str(folder)
    return folder


def model_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / "data" / _DATASET_PATH


def installed(folder: Path | None = None) -> bool:
    """Whether the AraBERT NER model files are present (no import of camel-tools or torch)."""
    p = model_path(folder)
    return (p / "config.json").is_file() and (p / "vocab.txt").is_file()


def install(folder: Path | None = None, print_status: bool = True, force: bool = False) -> Path:
    """Download camel-tools' catalogue and the ``ner-arabert`` package (needs the internet).

    camel-tools' installer shows download and unpack progress bars (tqdm) with
    ``print_status``. Returns the model folder.
    """
    folder = prepare_environment(folder)
    import camel_tools.data.catalogue as ct_catalogue

    if Path(ct_catalogue.CT_DATA_DIR) != folder.absolute():
        raise RuntimeError(f"camel-tools was imported before its data folder was set ({ct_catalogue.CT_DATA_DIR})")
    ct_catalogue.Catalogue.update_catalogue()  # the real catalogue, replacing our offline stub
    catalogue = ct_catalogue.Catalogue.load_catalogue()
    catalogue.download_package(PACKAGE, recursive=True, force=force, print_status=print_status)
    if not installed(folder):
        raise RuntimeError(f"camel-tools installed {PACKAGE} but no model was found in {model_path(folder)}")
    return model_path(folder)


class CamelBertBackend:
    """Tags token sequences with a BERT token classifier in camel-tools' layout."""

    name = "camel-bert-1"

    def __init__(self, path: Path, batch_size: int = 32, max_pieces: int = _MAX_PIECES) -> None:
        import torch  # heavy: only when this backend is chosen
        # transformers 5 keeps BertTokenizerFast as a runtime alias of BertTokenizer that its type
        # declarations leave out (4.x declares it)
        from transformers import BertForTokenClassification, BertTokenizerFast  # type: ignore[attr-defined, unused-ignore]

        self._torch = torch
        self.model = BertForTokenClassification.from_pretrained(str(path), local_files_only=True)
        self.model.eval()
        self.tokenizer = BertTokenizerFast.from_pretrained(str(path), local_files_only=True)
        id2label = self.model.config.id2label
        assert id2label is not None  # a token classifier's config always has its labels
        self.labels = {int(k): _iob(v) for k, v in id2label.items()}
        self.batch_size = batch_size
        self.max_pieces = min(max_pieces, int(getattr(self.model.config, "max_position_embeddings", max_pieces)))
        self._lock = threading.Lock()

    @classmethod
    def load(cls, folder: Path | None = None) -> "CamelBertBackend":
        if not installed(folder):
            raise FileNotFoundError(f"camel-tools NER data is not installed in {model_path(folder)}: "
                                    "run `reader models install` (needs the internet once)")
        prepare_environment(folder)
        return cls(model_path(folder))

    def _windows(self, words: Sequence[str]) -> list[tuple[int, int, list[int], list[int]]]:
        """(first word, end word, piece ids, index of each word's first piece) per window."""
        pieces = [self.tokenizer.encode(w, add_special_tokens=False) or [self.tokenizer.unk_token_id] for w in words]
        room = self.max_pieces - 2
        out: list[tuple[int, int, list[int], list[int]]] = []
        start = 0
        while start < len(words) or not out:
            ids: list[int] = []
            firsts: list[int] = []
            end = start
            while end < len(words) and (not ids or len(ids) + len(pieces[end][:room]) <= room):
                firsts.append(len(ids) + 1)  # +1: [CLS]
                ids.extend(pieces[end][:room])
                end += 1
            out.append((start, end, ids, firsts))
            if end >= len(words):
                break
            start = end
        return out

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        torch = self._torch
        tok = self.tokenizer
        jobs: list[tuple[int, int, list[int], list[int]]] = []  # (sentence, first word, ids, firsts)
        for si, words in enumerate(sentences):
            if words:
                for start, _end, ids, firsts in self._windows(words):
                    jobs.append((si, start, ids, firsts))
        out: list[list[str]] = [["O"] * len(s) for s in sentences]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][2]))  # similar lengths share a batch
        with self._lock, torch.inference_mode():
            for b in range(0, len(order), self.batch_size):
                batch = [jobs[j] for j in order[b:b + self.batch_size]]
                width = max(len(ids) for _, _, ids, _ in batch) + 2
                input_ids = torch.full((len(batch), width), tok.pad_token_id, dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for r, (_, _, ids, _) in enumerate(batch):
                    row = [tok.cls_token_id, *ids, tok.sep_token_id]
                    input_ids[r, :len(row)] = torch.tensor(row)
                    mask[r, :len(row)] = 1
                logits = self.model(input_ids=input_ids, attention_mask=mask).logits
                best = logits.argmax(-1).tolist()
                for r, (si, start, _, firsts) in enumerate(batch):
                    for k, pos in enumerate(firsts):
                        out[si][start + k] = self.labels.get(best[r][pos], "O")
        return [_repair(s) for s in out]


def _iob(label: str) -> str:
    label = label.strip()
    if label == "O" or len(label) < 3 or label[1] != "-":
        return "O"
    typ = {"PER": "PERS", "PERSON": "PERS", "GPE": "LOC", "ORGANIZATION": "ORG", "MIS": "MISC"}.get(
        label[2:].upper(), label[2:].upper())
    return f"{label[0].upper()}-{typ}" if typ in ("PERS", "LOC", "ORG", "MISC") else "O"


def _repair(tags: list[str]) -> list[str]:
    """IOB2 from argmax labels: an I- that does not continue its type starts an entity."""
    prev = "O"
    for i, t in enumerate(tags):
        if t.startswith("I-") and prev[2:] != t[2:]:
            tags[i] = "B-" + t[2:]
        prev = tags[i]
    return tags
