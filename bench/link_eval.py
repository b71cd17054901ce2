"""Cross-article linking measured on our own gold: import the gold's SaudiNewsNet records into a
temporary library (real importers, NER model and linking), export JSON, score with link_score.py.

    python bench/link_eval.py [--gold bench/gold/saudinewsnet_links.json]

Prints link_score.py's report for all entities, then one summary line per type (PER, ORG, LOC).
The article text stays in ../shared; only record ids are in the gold.
"""
from __future__ import annotations

import argparse
import glob
import json
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
