"""Cross-article linking measured on our own gold: import the gold's SaudiNewsNet records into a
temporary library (real importers, NER model and linking), export JSON, score with link_score.py.

    python bench/link_eval.py [--gold bench/gold/saudinewsnet_links.json]

Prints link_score.py's report for all entities, then one summary line per type (PER, ORG, LOC) and one
per story (a story is the gold's doc key without its trailing number, e.g. abyan1..abyan10 -> abyan; a
gold "stories" map {name: [doc keys]} overrides that). Per-story lines score only the pairs inside the
story; the overall line also counts cross-story pairs (Iran, Riyadh, Hadi... recur across stories).
Every gold surface is first checked against its record's text (as gold_occurrences.py does).
The article text stays in ../shared; only record ids are in the gold.
"""
from __future__ import annotations

import argparse
import glob
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "data" / "saudinewsnet" / "jsonl_sample"
SCORER = SHARED / "tools" / "link_score.py"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=REPO / "bench" / "gold" / "saudinewsnet_links.json")
    args = parser.parse_args()
    if not SAMPLE.is_dir() or not SCORER.exists():
        print(f"link_eval: {SAMPLE} or {SCORER} is absent (shared data lives beside the project)", file=sys.stderr)
        return 2
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    wanted = set(gold["docs"].values())
    records = [r for f in sorted(glob.glob(str(SAMPLE / "*.jsonl"))) for line in open(f, encoding="utf-8")
               if (r := json.loads(line))["id"] in wanted]
    missing = wanted - {r["id"] for r in records}
    if missing:
        print(f"link_eval: records not found: {sorted(missing)}", file=sys.stderr)
        return 2

    sys.path.insert(0, str(SCORER.parent))
    from gold_occurrences import occurrences

    content = {r["id"]: r["content"] for r in records}
    absent = [(e["id"], doc, s) for e in gold["entities"] for doc, surfaces in e["mentions"].items()
              for s in surfaces if not occurrences(content[gold["docs"][doc]], s)]
    if absent:
        for eid, doc, s in absent:
            print(f"link_eval: gold surface not found: {doc} ({gold['docs'][doc]}) {eid} {s!r}", file=sys.stderr)
        return 2

    from reader.core.pipeline import import_paths
    from reader.core.store import Library
    from reader.export.data import write_json

    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        articles = t / "articles.jsonl"
        with open(articles, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        export = t / "export.json"
        with Library.open(t / "eval.sqlite") as lib:
            report = import_paths(lib, [articles])
            print(f"link_eval: {report.summary()}; {lib.stats()}")
            with open(export, "w", encoding="utf-8") as f:
                write_json(lib, f)
        result = subprocess.run([sys.executable, str(SCORER), str(args.gold), str(export), str(articles)],
                                capture_output=True, text=True)
        print(result.stdout + result.stderr, end="")
        for kind in ("PER", "ORG", "LOC"):
            part = dict(gold, entities=[e for e in gold["entities"] if e["type"] == kind])
            path = t / f"gold-{kind}.json"
            path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
            out = subprocess.run([sys.executable, str(SCORER), str(path), str(export), str(articles)],
                                 capture_output=True, text=True).stdout.strip().splitlines()
            print(f"{kind}: {out[-1] if out else '(no output)'}")
        stories = gold.get("stories") or {}
        if not stories:
            for key in gold["docs"]:
                stories.setdefault(re.sub(r"\d+$", "", key), []).append(key)
        for name, keys in stories.items():
            keys = set(keys)
            ents = [dict(e, mentions={d: v for d, v in e["mentions"].items() if d in keys}) for e in gold["entities"]]
            ents = [e for e in ents if e["mentions"]]
            part = dict(gold, docs={k: v for k, v in gold["docs"].items() if k in keys}, entities=ents)
            path = t / f"gold-story-{name}.json"
            path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
            out = subprocess.run([sys.executable, str(SCORER), str(path), str(export), str(articles)],
                                 capture_output=True, text=True).stdout.strip().splitlines()
            cross = sum(1 for e in ents if len(e["mentions"]) > 1)
            print(f"story {name} ({len(keys)} docs, {len(ents)} entities, {cross} cross-doc): {out[-1] if out else '(no output)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
