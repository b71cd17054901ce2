"""Training code, tested fast on a tiny synthetic corpus; the real data only when present."""
from __future__ import annotations

import io
from pathlib import Path

from reader.core.ner.conll import tag_conll
from reader.core.ner.crf import MODEL_VERSION, CrfBackend
from reader.core.ner.gazetteer import Gazetteer, build_lists, phrase_key
from reader.core.ner.train import read_conll, split_dev, train_model, write_conll

PEOPLE = ["سامر", "ليلى", "كريم", "نادين"]
PLACES = ["حلب", "وهران", "صفاقس", "طنجة"]


def synthetic() -> list[tuple[list[str], list[str]]]:
    out = []
    for i in range(40):
        p, q = PEOPLE[i % 4], PLACES[(i * 3) % 4]
        out.append((["قال", p, "إنه", "سافر", "إلى", q, "."], ["O", "B-PERS", "O", "O", "O", "B-LOC", "O"]))
        out.append((["وصل", "الوزير", p, "عيسى", "إلى", q], ["O", "O", "B-PERS", "I-PERS", "O", "B-LOC"]))
    return out


def test_train_writes_loadable_model(tmp_path: Path) -> None:
    gaz = tmp_path / "gaz" / "gate_arabic"
    gaz.mkdir(parents=True)
    (gaz / "city.lst").write_text("\ufeffحلب\nطنجة\n", encoding="utf-8")
    clusters = tmp_path / "clusters.tsv"
    clusters.write_text("".join(f"{w}\t1\t2\t3\n" for w in PEOPLE) + "".join(f"{w}\t4\t5\t6\n" for w in PLACES), encoding="utf-8")
    out = tmp_path / "model"
    meta = train_model(synthetic(), out, tmp_path / "gaz", clusters, {"max_iterations": 30}, package_lists=False)
    assert meta["sentences"] == 80 and (out / "crf.model").exists() and (out / "meta.json").exists()
    backend = CrfBackend.load(out)
    assert backend.name == f"builtin-crf-{MODEL_VERSION}"
    assert backend.tag([["قال", "كريم", "إنه", "سافر", "إلى", "وهران", "."]]) == [
        ["O", "B-PERS", "O", "O", "O", "B-LOC", "O"]]
    buf = io.StringIO()
    tag_conll(io.StringIO("قال\nليلى\n\nإلى\nحلب\n"), buf, backend)
    assert buf.getvalue() == "قال\tO\nليلى\tB-PERS\n\nإلى\tO\nحلب\tB-LOC\n"


def test_train_without_lists(tmp_path: Path) -> None:
    train_model(synthetic()[:20], tmp_path, None, None, {"max_iterations": 10})
    backend = CrfBackend.load(tmp_path)
    assert not backend.featurizer.clusters and not backend.featurizer.gaz.first


def test_conll_io_and_dev_split(tmp_path: Path) -> None:
    sents = synthetic()
    write_conll(sents, tmp_path / "x.conll")
    assert read_conll(tmp_path / "x.conll") == sents
    train, dev = split_dev(sents, block=5, every=4)
    assert len(train) + len(dev) == len(sents)
    assert dev[:5] == sents[15:20]  # whole blocks of consecutive sentences


def test_gazetteer_matches_with_clitics() -> None:
    g = Gazetteer([("COUNTRY", phrase_key("العراق")), ("ORG", phrase_key("الأمم المتحدة"))])
    from reader.core.arabic import normalise
    from reader.core.ner.gazetteer import word_keys

    words = ["وبالعراق", "قالت", "الامم", "المتحدة"]
    norms = [normalise(w) for w in words]
    got = g.match(norms, [word_keys(n) for n in norms])
    assert got == [{"COUNTRY-B"}, set(), {"ORG-B"}, {"ORG-I"}]


def test_build_lists_from_shared(shared_data: Path, tmp_path: Path) -> None:
    counts = build_lists(shared_data / "gazetteers", tmp_path, packages=False)
    assert counts["gazetteer_gate.tsv"] > 1000 and counts["gazetteer_countries.tsv"] > 200, counts
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) < 2_000_000


def test_anercorp_reads(shared_data: Path) -> None:
    sents = read_conll(shared_data / "ner" / "anercorp_camellab_train.txt")
    assert len(sents) == 3973 and sum(len(t) for t, _ in sents) == 125_102


def test_document_evidence_reaches_bare_mentions() -> None:
    from reader.core.ner.features import Featurizer

    feat = Featurizer(doc_window=8)
    out = feat.document([["قال", "الرئيس", "كريم", "."], ["وأضاف", "كريم", "أمس"]])
    bare = out[1][1]
    assert "D=LTPERS" in bare and "Dn=2" in bare  # the cue seen in the first sentence
    assert not any(f.startswith("D") for f in Featurizer().document([["الرئيس", "كريم"]])[0][1])
