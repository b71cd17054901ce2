"""Cross-article linking measured on our own gold: import the gold's SaudiNewsNet records into a
temporary library (real importers, NER model and linking), export JSON, score with link_score.py.

    python bench/link_eval.py [--gold bench/gold/saudinewsnet_links.json] [--context N|all]

With ``--context N`` the library also holds N other records of the sample (the first N in file
order that are not gold records; ``all``: the whole sample, 3,386 articles), imported together
with the gold records, as a researcher's library would hold them: library-level evidence
(propagation, linking by the only matching full name) then works at a realistic scale. Scores
are computed on the gold records only, as without it. ``--library FILE`` scores a copy of a library
already built (``reader import`` of the whole sample) instead: one import serves all five golds.

Prints link_score.py's report for all entities, then one summary line per type (PER, ORG, LOC) and one
per story (a story is the gold's doc key without its trailing number, e.g. abyan1..abyan10 -> abyan; a
gold "stories" map {name: [doc keys]} overrides that). Per-story lines score only the pairs inside the
story; the overall line also counts cross-story pairs (Iran, Riyadh, Hadi... recur across stories).
Every gold surface is first checked against its record's text (as gold_occurrences.py does).
``--gold-mentions`` scores linking alone: the gold's mentions replace the model's in the gold
records before a full relink, so the gap to the plain score is the NER's.
``--gold bench/gold/heldout3_links.json`` scores the held-out gold (25 records of 2015-07-22/23,
read from the days' zips, five more stories, annotated from the text only before any output on
them was seen): report it, never tune to it. ``heldout2_links.json`` (24 records of 2015-07-26/27)
was the held-out gold until 2026-12-07, night, when its list of bodies was printed by mistake
during development: still scored, no longer quite unseen. ``heldout_links.json`` (23 records) was the held-out
gold until 2026-12-07, when its errors were read: a development gold since, as ``dev4_links.json``
(24 records, annotated the same way before any output on it was seen) has been from the start.
``dev5_links.json`` (25 records of 2015-07-31/08-01, annotated the same way on 2026-12-07, last
session) is a development gold from the start, as ``dev4_links.json`` is.
The article text stays in ../shared; only record ids are in the gold.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "data" / "saudinewsnet" / "jsonl_sample"
SCORER = SHARED / "tools" / "link_score.py"


# link_score.py settles a gold item split evenly between two of our entities by set order, which
# follows the hash seed: one seed for every run, so that the same library gives the same score.
SCORER_ENV = {**os.environ, "PYTHONHASHSEED": "0"}

_TYPES = {"PER": "PERS", "ORG": "ORG", "LOC": "LOC"}


def zip_records(ids: set[str]) -> list[dict[str, str]]:
    """Records outside the sample, read from the day's zip (``DATE#INDEX``: the INDEX-th record of
    ``zips/DATE.zip``), so that a gold may draw on days no sample library holds."""
    import zipfile

    out = []
    for day in sorted({i.split("#")[0] for i in ids}):
        path = SAMPLE.parent / "zips" / f"{day}.zip"
        if not path.exists():
            continue
        with zipfile.ZipFile(path) as z:
            day_records = json.loads(z.read(z.namelist()[0]))
        for rid in sorted(i for i in ids if i.startswith(day + "#")):
            index = int(rid.split("#")[1])
            if index < len(day_records):
                out.append(dict(day_records[index], id=rid))
    return out


def print_misses(gold: dict, content: dict, exported: dict, occurrences) -> None:  # type: ignore[no-untyped-def]
    """Gold occurrences (entity, surface) that no mention of the gold type overlaps, most missed first."""
    squeezed = [(" ".join(a["text"].split()), a) for a in exported["articles"]]
    arts = {}
    for key, rid in gold["docs"].items():
        # by source (FILE.jsonl#RECORD-ID), as link_score.py does; the text probe is the fallback, and it
        # fails where the importer dropped the record's first lines (a share bar, a photo caption)
        by_source = [a for a in exported["articles"] if str(a.get("source", "")).endswith("#" + rid)]
        probe = " ".join(content[rid].split())[:300]
        arts[key] = by_source[0] if by_source else next(a for t, a in squeezed if probe in t)
    missed: dict[tuple[str, str, str], list[int]] = {}
    for e in gold["entities"]:
        for doc, surfaces in e["mentions"].items():
            art = arts[doc]
            for s in surfaces:
                for a, b in occurrences(art["text"], s):
                    hit = any(m["start"] < b and a < m["end"] and m["label"] == _TYPES[e["type"]] for m in art["mentions"])
                    missed.setdefault((e["type"], e["id"], s), [0, 0])[0 if hit else 1] += 1
    rows = sorted(((v[1], v[0], k) for k, v in missed.items() if v[1]), reverse=True)
    print(f"missed gold occurrences: {sum(r[0] for r in rows)}")
    for n_missed, n_hit, (typ, eid, s) in rows:
        print(f"  miss {n_missed:3d} hit {n_hit:3d}  {typ} {eid:22s} {s}")


def _held(gold: dict, content: dict, exported: dict, occurrences):  # type: ignore[no-untyped-def]
    """Per gold entity, our entities holding its occurrences (a mention of the gold type over
    them) with the (record, surface) each holds; and our entities' names."""
    arts = {}
    for key, rid in gold["docs"].items():
        arts[key] = next(a for a in exported["articles"] if str(a.get("source", "")).endswith("#" + rid)
                         or " ".join(content[rid].split())[:300] in " ".join(a["text"].split()))
    # every occurrence, less those strictly inside a longer one of the same record (as the
    # scorer counts them: «الإنماء» inside «الإنماء طوكيو للتأمين» is no occurrence of the bank)
    occ = [(doc, a, b, e, s) for e in gold["entities"] for doc, surfaces in e["mentions"].items()
           for s in surfaces for a, b in occurrences(arts[doc]["text"], s)]
    spans = [(doc, a, b) for doc, a, b, _, _ in occ]
    held: dict[str, dict[int, set[tuple[str, str]]]] = {e["id"]: {} for e in gold["entities"]}
    for doc, a, b, e, s in occ:
        if any(d == doc and x <= a and b <= y and y - x > b - a for d, x, y in spans):
            continue
        for m in arts[doc]["mentions"]:
            if m["start"] < b and a < m["end"] and m["label"] == _TYPES[e["type"]] and m["entity"] is not None:
                held[e["id"]].setdefault(m["entity"], set()).add((doc, s))
    return held, {e["id"]: e["name"] for e in exported["entities"]}


def print_wrong_links(gold: dict, content: dict, exported: dict, occurrences) -> None:  # type: ignore[no-untyped-def]
    """Our entities that hold occurrences of several gold entities in different records (the
    link precision's losses), each with the gold entities and surfaces it joined."""
    held, names = _held(gold, content, exported, occurrences)
    by_ours: dict[int, dict[str, set[tuple[str, str]]]] = {}
    for gid, ours in held.items():
        for eid, docs in ours.items():
            by_ours.setdefault(eid, {})[gid] = docs
    for eid, by_gold in sorted(by_ours.items()):
        if len(by_gold) > 1 and len({d for docs in by_gold.values() for d, _ in docs}) > 1:
            print(f"  joined in «{names.get(eid, eid)}»:")
            for gid, docs in sorted(by_gold.items()):
                print(f"    {gid:22s} " + ", ".join(f"{d}:{s}" for d, s in sorted(docs)))


def print_split_entities(gold: dict, content: dict, exported: dict, occurrences) -> None:  # type: ignore[no-untyped-def]
    """Gold entities whose occurrences lie in several of our entities (link recall's losses),
    each with our entities' names and the surfaces each holds."""
    held, names = _held(gold, content, exported, occurrences)
    for gid, ours in held.items():
        if len(ours) > 1:
            print(f"  split {gid}:")
            for eid, docs in sorted(ours.items()):
                print(f"    «{names.get(eid, eid)}» " + ", ".join(f"{d}:{s}" for d, s in sorted(docs)))


def use_gold_mentions(lib, gold: dict, occurrences) -> int:  # type: ignore[no-untyped-def]
    """Replace the gold records' mentions with the gold's own (every occurrence of every
    surface, longest first where they overlap) and relink the whole library."""
    from reader.core.linking import forget_link_state, relink_library

    rows = []
    for key, rid in gold["docs"].items():
        aid, text = lib.conn.execute("SELECT id, text FROM articles WHERE source LIKE ?", (f"%#{rid}",)).fetchone()
        lib.conn.execute("DELETE FROM mentions WHERE article_id = ?", (aid,))
        spans = sorted(((a, b, _TYPES[e["type"]]) for e in gold["entities"] for s in e["mentions"].get(key, ())
                        for a, b in occurrences(text, s)), key=lambda x: (x[0], -x[1]))
        taken: list[tuple[int, int]] = []
        for a, b, label in spans:
            if not any(x < b and a < y for x, y in taken):
                taken.append((a, b))
                rows.append((aid, a, b, text[a:b], label, label, "model", "gold"))
    lib.conn.executemany('INSERT INTO mentions (article_id, start, "end", text, label, found_label, origin, model)'
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    lib.conn.commit()
    forget_link_state(lib)
    with lib.transaction():  # kept with --db, as the import's own links are
        relink_library(lib, full=True)
    return len(rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=REPO / "bench" / "gold" / "saudinewsnet_links.json")
    parser.add_argument("--context", default="0",
                        help="import N other sample records (or 'all') into the same library; scores stay on the gold records")
    parser.add_argument("--misses", action="store_true",
                        help="also list, per gold entity, its occurrences no mention of its type covers")
    parser.add_argument("--db", type=Path, help="build the library in this (new) file and keep it")
    parser.add_argument("--library", type=Path,
                        help="score a copy of this library (an import of the whole sample, say) instead of importing: "
                             "one import then serves every gold, as --context all would")
    parser.add_argument("--gold-mentions", action="store_true",
                        help="linking alone: the gold mentions replace the model's in the gold records, then a "
                             "full relink (what linking does with perfect NER)")
    args = parser.parse_args()
    if not SAMPLE.is_dir() or not SCORER.exists():
        print(f"link_eval: {SAMPLE} or {SCORER} is absent (shared data lives beside the project)", file=sys.stderr)
        return 2
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    wanted = set(gold["docs"].values())
    sample = [json.loads(line) for f in sorted(glob.glob(str(SAMPLE / "*.jsonl"))) for line in open(f, encoding="utf-8")]
    records = [r for r in sample if r["id"] in wanted] + zip_records(wanted - {r["id"] for r in sample})
    others = [r for r in sample if r["id"] not in wanted]
    context = others if args.context == "all" else others[:int(args.context)]
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
        paths = [articles]
        if context:
            paths.append(t / "context.jsonl")
            with open(paths[-1], "w", encoding="utf-8") as f:
                for r in context:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
        export = t / "export.json"
        if args.db and args.db.exists():
            print(f"link_eval: {args.db} exists", file=sys.stderr)
            return 2
        if args.library:
            import sqlite3

            with sqlite3.connect(args.library) as src, sqlite3.connect(t / "eval.sqlite") as dst:
                src.backup(dst)  # a copy: --gold-mentions rewrites the gold records' mentions
        with Library.open(args.db or t / "eval.sqlite") as lib:
            if args.library:
                print(f"link_eval: library {args.library}; {lib.stats()}")
            else:
                started = time.perf_counter()
                report = import_paths(lib, paths)
                print(f"link_eval: {len(context)} context records; import {time.perf_counter() - started:.1f} s")
                print(f"link_eval: {report.summary()}; {lib.stats()}")
            if args.gold_mentions:
                n = use_gold_mentions(lib, gold, occurrences)
                print(f"link_eval: gold mentions: {n} in place of the model's, relinked")
            with open(export, "w", encoding="utf-8") as f:
                if args.library:  # by record id, as link_score.py matches them
                    gold_ids = [r[0] for rid in wanted for r in lib.conn.execute(
                        "SELECT id FROM articles WHERE source LIKE ? OR source LIKE ?",
                        (f"%#{rid}", "%/{0}.zip#{0}.json#{1}".format(*rid.split("#"))))]
                else:
                    gold_ids = [r[0] for r in lib.conn.execute(
                        "SELECT id FROM articles WHERE source LIKE ?", (f"%{articles.name}%",))]
                write_json(lib, f, gold_ids if context or args.library else None)
        if args.misses:
            print_misses(gold, content, json.loads(export.read_text(encoding="utf-8")), occurrences)
            print_split_entities(gold, content, json.loads(export.read_text(encoding="utf-8")), occurrences)
            print_wrong_links(gold, content, json.loads(export.read_text(encoding="utf-8")), occurrences)
        result = subprocess.run([sys.executable, str(SCORER), str(args.gold), str(export), str(articles)],
                                capture_output=True, text=True, env=SCORER_ENV)
        print(result.stdout + result.stderr, end="")
        for kind in ("PER", "ORG", "LOC"):
            part = dict(gold, entities=[e for e in gold["entities"] if e["type"] == kind])
            path = t / f"gold-{kind}.json"
            path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
            out = subprocess.run([sys.executable, str(SCORER), str(path), str(export), str(articles)],
                                 capture_output=True, text=True, env=SCORER_ENV).stdout.strip().splitlines()
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
                                 capture_output=True, text=True, env=SCORER_ENV).stdout.strip().splitlines()
            cross = sum(1 for e in ents if len(e["mentions"]) > 1)
            print(f"story {name} ({len(keys)} docs, {len(ents)} entities, {cross} cross-doc): {out[-1] if out else '(no output)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
