"""How the app feels on a large library: start-up, article, entity panel, search, scrolling, memory.

    python bench/ui_latency.py [LIBRARY ...] [--runs 5] [--only search|corrections]

Default libraries: those bench/build_library.py left in $TMPDIR/reader-bench (library-1k/10k/31k).
Qt runs offscreen (QT_QPA_PLATFORM=offscreen unless set). Per library, the median of the runs:

- start → interactive: a fresh ``reader gui`` process (settings in a throw-away folder) until its
  event loop first runs with the window shown, the first page of the library listed and the
  first article open; RSS of that process then;
- article open with highlights (``MainWindow.open_article`` + events processed), p50/p95 over
  random articles;
- entity panel of the most mentioned entity: *first rows* is ``MainWindow.open_entity`` + events
  processed (so painted), with the entity's name, type and counts and the first page of its
  mentions with their sentences shown (checked). For an entity named in many articles the
  details below the name (forms and why they were linked, related places, co-occurring entities,
  outlets) are read in the background and fill in after: *details* is the time until they are
  shown. (Before the details were read in the background they were read first, and "first
  rows" included them.) Then every further page as the view would fetch it (p95 per page);
- search (``reader.core.search``), over realistic queries of each kind the syntax has (a name, a
  phrase, a prefix, an OR, a negation, a NEAR, a spelling variant; ``SEARCHES``):
  *engine*: ``search.search`` (the 50 best hits, ranked, with their snippets) and ``search.count``,
  its per-library cache of ranked ids emptied before each, median per query and p50/p95 over all;
  *window*: the search box's search as the debounce timer runs it (the list filtered, ranked and
  counted, first page fetched, the visible result cards painted with their snippets), p50/p95;
  ``--only search`` measures these alone (no start-up, article, entity panel or corrections);
- scrolling: one page of the library list fetched at the top, the middle and the end;
- RSS of the benchmark process after all of the above (window, models, SQLite cache);
- corrections, in a fresh ``reader gui`` process on a copy of the library (it is changed), its
  linking state kept in a cache folder of the run's own as ``reader import`` leaves it (relinked,
  then ``save_link_states``, in a process of its own): the window
  reads the state back while it opens, then three words are marked as organisations one after
  the other through the window (``mark_text``, until ``correctionsApplied``), and a rename
  (``rename_entity``). *cold*: the first correction with no kept state, which builds it (the
  window's first correction after the app's linking code changed). RSS with the state kept,
  then after the window drops it (``LibraryOps._drop_link_state``, what its idle timer calls:
  it keeps the state on disk first).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(os.environ.get("TMPDIR", "/tmp")) / "reader-bench"
# Realistic queries over Saudi news, by the kind of syntax they use (common and rare words, a word
# absent from the corpus).
SEARCHES = {
    "name": ["الحوثي", "سلمان", "الجبير", "النمروش"],
    "words": ["السعودية", "الملك سلمان", "وزير الخارجية", "قال", "زززز"],
    "phrase": ['"خادم الحرمين الشريفين"', '"وزير الخارجية"', "«مجلس التعاون الخليجي»"],
    "prefix": ["ميليشي*", "سعود*", "اقتصاد*"],
    "or": ["الحوثي OR الحوثيين", "قطر OR الكويت OR البحرين"],
    "negation": ["اليمن -الحوثي", "النفط NOT أوبك"],
    "near": ["NEAR(الملك سلمان, 3)", "NEAR(ولي العهد)"],
    "variant": ["مليشيات", "هاكينغ"],
}


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


CHILD = r"""
import os, sys, time
t0 = float(sys.argv[2])
from PySide6.QtCore import QTimer
from reader.ui.app import ensure_app, run
app = ensure_app()
def ready():
    w = next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")
    opened = w.article_view.article is not None
    rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
    print(f"INTERACTIVE {time.time() - t0:.4f} {rss:.0f} {int(opened)}", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
sys.exit(run(db=sys.argv[1]))
"""
KEEP_CHILD = r"""
import sys
from reader.core.linking import relink_library, save_link_states
from reader.core.store import Library
with Library.open(sys.argv[1]) as lib:  # the end of `reader import`: relinked, the state kept
    with lib.transaction():
        relink_library(lib)
save_link_states()
"""


def start_to_interactive(db: Path) -> tuple[float, float, bool]:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, XDG_CONFIG_HOME=home, XDG_DATA_HOME=home, PYTHONPATH=str(REPO))
        t0 = time.time()
        r = subprocess.run([sys.executable, "-c", CHILD, str(db), repr(t0)], env=env, capture_output=True,
                           text=True, timeout=300, cwd=REPO)
    line = next((x for x in r.stdout.splitlines() if x.startswith("INTERACTIVE")), None)
    if line is None:
        raise RuntimeError(f"the app did not start: {r.stdout}\n{r.stderr}")
    _, secs, rss, opened = line.split()
    return float(secs), float(rss), opened == "1"


CORRECT_CHILD = r"""
import json, sys, time
from PySide6.QtCore import QEventLoop, QTimer
from reader.ui.app import ensure_app, run
app = ensure_app()
def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
def correct():
    from reader.ui.tasks import wait_all

    w = next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")
    t = time.perf_counter()
    wait_all(600_000)  # what the window does as it opens (the linking state read back)
    out = {"open_rss_mib": rss(), "times_s": [], "prepared_s": time.perf_counter() - t}
    for aid in w.lib.article_ids()[:3]:
        w.open_article(aid)
        text = w.article_view.article.text
        start = text.index(" ", 20) + 1
        t = time.perf_counter()
        loop = QEventLoop()
        w.correctionsApplied.connect(loop.quit)
        QTimer.singleShot(600_000, loop.quit)
        w.mark_text("ORG", start, text.index(" ", start))
        loop.exec()
        w.correctionsApplied.disconnect(loop.quit)
        out["times_s"].append(time.perf_counter() - t)
        assert w.corrections_pending() == 0, "the correction was applied in 10 minutes"
        out.setdefault("kept_rss_mib", []).append(rss())
    if sys.argv[2] == "rename":
        eid = w.lib.conn.execute("SELECT id FROM entities ORDER BY n_mentions DESC LIMIT 1 OFFSET 100").fetchone()[0]
        t = time.perf_counter()
        loop = QEventLoop()
        w.correctionsApplied.connect(loop.quit)
        w.rename_entity(eid, "اسم جديد")
        loop.exec()
        out["rename_s"] = time.perf_counter() - t
    w.ops._drop_link_state()  # in the background: kept on disk, then its memory given back
    wait_all(120_000)
    out["dropped_rss_mib"] = rss()
    print("CORRECTIONS " + json.dumps(out), flush=True)
    app.quit()
QTimer.singleShot(0, correct)
sys.exit(run(db=sys.argv[1]))
"""
KEEP_CHILD = r"""
import sys
from reader.core.linking import relink_library, save_link_states
from reader.core.store import Library
with Library.open(sys.argv[1]) as lib:  # the end of `reader import`: relinked, the state kept
    with lib.transaction():
        relink_library(lib)
save_link_states()
"""


def corrections(db: Path) -> dict[str, float]:
    """Corrections in a fresh app on a copy of the library: times and RSS (see the docstring)."""
    import shutil

    def child(copy: Path, tmp: str, what: str) -> dict[str, Any]:
        env = dict(os.environ, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, READER_CACHE_DIR=tmp, PYTHONPATH=str(REPO))
        p = subprocess.run([sys.executable, "-c", CORRECT_CHILD, str(copy), what], capture_output=True, text=True,
                           env=env, timeout=1800, cwd=REPO)
        line = next((x for x in p.stdout.splitlines() if x.startswith("CORRECTIONS ")), None)
        if line is None:
            raise RuntimeError(f"the corrections did not run: {p.stdout}\n{p.stderr}")
        return dict(json.loads(line.removeprefix("CORRECTIONS ")))

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / db.name
        shutil.copyfile(db, copy)
        cold = child(copy, tmp, "cold")  # no state kept for the copy: the first correction builds it
        shutil.copyfile(db, copy)
        for suffix in ("-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
        env = dict(os.environ, READER_CACHE_DIR=tmp, PYTHONPATH=str(REPO))
        subprocess.run([sys.executable, "-c", KEEP_CHILD, str(copy)], env=env, timeout=1800, cwd=REPO, check=True,
                       capture_output=True)
        r = child(copy, tmp, "rename")
    times = r["times_s"]
    return {"correction_cold_s": cold["times_s"][0], "correction_prepared_s": r["prepared_s"],
            "correction_first_s": times[0], "correction_next_s": statistics.median(times[1:]),
            "correction_rename_s": r["rename_s"],
            "correction_open_rss_mib": r["open_rss_mib"], "correction_kept_rss_mib": max(r["kept_rss_mib"]),
            "correction_dropped_rss_mib": r["dropped_rss_mib"]}


def search_engine(lib, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """``search.search`` (50 hits with snippets) + ``search.count`` per query, cold for the query."""
    from reader.core import search

    res: dict[str, float] = {}
    times: list[float] = []
    for kind, queries in SEARCHES.items():
        per_kind = []
        for q in queries:
            per_query = []
            for _ in range(runs):
                search._CACHE.clear()  # the ranked ids of earlier searches: measure the whole search
                t = time.perf_counter()
                hits = search.search(lib, q, limit=50)
                n = search.count(lib, q)
                per_query.append(time.perf_counter() - t)
            assert n >= len(hits) and all(h.snippet or not lib.article(h.id).text for h in hits)
            res[f"engine {q}"] = statistics.median(per_query) * 1e3
            res[f"hits {q}"] = n
            per_kind += per_query
        res[f"engine_{kind}_p50_ms"] = pct(per_kind, 50) * 1e3
        times += per_kind
    res["engine_p50_ms"], res["engine_p95_ms"] = pct(times, 50) * 1e3, pct(times, 95) * 1e3
    return res


def search_window(window, app, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The search box's search in the window: filtered, ranked, counted, first page, cards painted."""
    from reader.core import search

    lv = window.library_view
    times = []
    for _ in range(runs):
        for q in [q for qs in SEARCHES.values() for q in qs]:
            search._CACHE.clear()
            t = time.perf_counter()
            lv.search.setText(q)
            lv.apply_search()  # what the debounce timer calls
            lv.model.fetch_until(0)
            lv.list.viewport().repaint()  # the visible cards, their snippets made as they are painted
            app.processEvents()
            times.append(time.perf_counter() - t)
    lv.search.setText("")
    lv.apply_search()
    return {"search_p50_ms": pct(times, 50) * 1e3, "search_p95_ms": pct(times, 95) * 1e3}


def measure_search(db: Path, runs: int) -> dict[str, float]:
    """Only the search measurements (``--only search``)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from reader.core.store import Library
    from reader.ui.app import apply_language, ensure_app
    from reader.ui.main_window import MainWindow
    from reader.ui.settings import Settings

    lib = Library.open(db)
    stats = lib.stats()
    res: dict[str, float] = dict(articles=stats["articles"], mentions=stats["mentions"], entities=stats["entities"])
    res.update(search_engine(lib, runs))
    app = ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        apply_language(settings, "ar")
        window = MainWindow(lib, settings)
        window.show()
        app.processEvents()
        res.update(search_window(window, app, runs))
        window.close()
        QApplication.processEvents()
    lib.close()
    return res


def print_search(r: dict[str, float]) -> None:
    print(f"  search engine (50 hits with snippets + count): p50 {r['engine_p50_ms']:.1f} ms, p95 {r['engine_p95_ms']:.1f} ms")
    for kind, queries in SEARCHES.items():
        each = ", ".join(f"{q} {r[f'engine {q}']:.1f} ms ({int(r[f'hits {q}'])})" for q in queries)
        print(f"    {kind}: median {r[f'engine_{kind}_p50_ms']:.1f} ms — {each}")
    print(f"  search in the window (list ranked and counted, first page, cards painted):"
          f" p50 {r['search_p50_ms']:.1f} ms, p95 {r['search_p95_ms']:.1f} ms", flush=True)


def measure(db: Path, runs: int) -> dict[str, float]:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.core.store import Library
    from reader.ui.app import apply_language, ensure_app
    from reader.ui.main_window import MainWindow
    from reader.ui.settings import Settings

    res: dict[str, float] = {}
    starts = [start_to_interactive(db) for _ in range(runs)]
    res["start_s"] = statistics.median(s for s, _, _ in starts)
    res["start_rss_mib"] = statistics.median(r for _, r, _ in starts)
    assert all(o for _, _, o in starts), "the first article opened at start"

    app = ensure_app()
    tmp = tempfile.TemporaryDirectory()
    settings = Settings(QSettings(str(Path(tmp.name) / "settings.ini"), QSettings.Format.IniFormat))
    apply_language(settings, "ar")
    lib = Library.open(db)
    window = MainWindow(lib, settings)
    window.show()
    app.processEvents()
    stats = lib.stats()
    res.update(articles=stats["articles"], mentions=stats["mentions"], entities=stats["entities"])

    rng = random.Random(7)
    ids = lib.article_ids()
    times = []
    for aid in rng.sample(ids, min(len(ids), 20 * runs)):
        t = time.perf_counter()
        window.open_article(aid)
        app.processEvents()
        times.append(time.perf_counter() - t)
    res["article_p50_ms"], res["article_p95_ms"] = pct(times, 50) * 1e3, pct(times, 95) * 1e3

    top = lib.entities(limit=1)[0]
    res["top_entity_mentions"] = top.n_mentions
    firsts, details, pages = [], [], []
    panel = window.entity_panel
    for _ in range(runs):
        panel.clear()
        app.processEvents()
        t = time.perf_counter()
        window.open_entity(top.id)
        app.processEvents()
        firsts.append(time.perf_counter() - t)
        assert panel.name.text() == top.name and panel.counts.text()
        assert panel.model.loaded >= min(panel.model.page_size, top.n_mentions) and panel.model.rowCount() > 0
        if panel.details_pending:
            loop = QEventLoop()
            panel.detailsShown.connect(loop.quit)
            QTimer.singleShot(30000, loop.quit)
            loop.exec()
            panel.detailsShown.disconnect(loop.quit)
            assert not panel.details_pending, "the entity's details were shown within 30 s"
        details.append(time.perf_counter() - t)
        app.processEvents()
    model = panel.model
    while model.canFetchMore():
        t = time.perf_counter()
        model.fetchMore()
        pages.append(time.perf_counter() - t)
    res["entity_first_rows_ms"] = statistics.median(firsts) * 1e3
    res["entity_details_ms"] = statistics.median(details) * 1e3
    res["entity_page_p95_ms"] = pct(pages, 95) * 1e3 if pages else 0.0
    res["entity_pages"] = len(pages) + 1

    res.update(search_engine(lib, runs))
    res.update(search_window(window, app, runs))

    lv = window.library_view
    m = lv.model
    scroll = {}
    for where, offset in (("top", 0), ("middle", m.total // 2), ("end", max(0, m.total - m.page_size))):
        t = time.perf_counter()
        for _ in range(runs):
            lib.list_articles(limit=m.page_size, offset=offset)
        scroll[where] = (time.perf_counter() - t) / runs * 1e3
    res.update({f"page_{k}_ms": v for k, v in scroll.items()})
    app.processEvents()
    res["bench_rss_mib"] = rss_mib()
    window.close()
    lib.close()
    QApplication.processEvents()
    tmp.cleanup()
    res.update(corrections(db))
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("libraries", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", choices=("search", "corrections"), help="measure only this")
    args = ap.parse_args()
    libs = args.libraries or [p for s in ("1k", "10k", "31k") if (p := OUT / f"library-{s}.sqlite").exists()]
    if not libs:
        print("no library: run bench/build_library.py first, or name one", file=sys.stderr)
        return 1
    print(f"cores={os.cpu_count()} runs={args.runs}", flush=True)
    for db in libs:
        if args.only == "search":
            r = measure_search(db, args.runs)
            print(f"{db.name}: {r['articles']} articles, {r['mentions']} mentions, {r['entities']} entities")
            print_search(r)
            OUT.mkdir(parents=True, exist_ok=True)
            (OUT / f"search-{db.stem.removeprefix('library-')}.json").write_text(json.dumps(r, ensure_ascii=False))
            continue
        if args.only == "corrections":
            r = corrections(db)
            print(f"{db.name}: " + ", ".join(f"{k} {v:.2f}" for k, v in r.items()), flush=True)
            continue
        r = measure(db, args.runs)
        print(f"{db.name}: {r['articles']} articles, {r['mentions']} mentions, {r['entities']} entities\n"
              f"  start → interactive {r['start_s']:.2f} s (RSS {r['start_rss_mib']:.0f} MiB)\n"
              f"  article open p50 {r['article_p50_ms']:.1f} ms, p95 {r['article_p95_ms']:.1f} ms\n"
              f"  entity panel ({r['top_entity_mentions']} mentions): first rows {r['entity_first_rows_ms']:.1f} ms,"
              f" details {r['entity_details_ms']:.1f} ms, then {r['entity_pages']} pages, p95 {r['entity_page_p95_ms']:.1f} ms a page\n"
              f"  library page: top {r['page_top_ms']:.1f} ms, middle {r['page_middle_ms']:.1f} ms,"
              f" end {r['page_end_ms']:.1f} ms\n"
              f"  RSS after all this {r['bench_rss_mib']:.0f} MiB\n"
              f"  corrections (fresh process, the kept state read back in {r['correction_prepared_s']:.1f} s as it opens,"
              f" RSS then {r['correction_open_rss_mib']:.0f} MiB): first {r['correction_first_s']:.2f} s,"
              f" next {r['correction_next_s']:.2f} s, a rename {r['correction_rename_s']:.2f} s;"
              f" cold (no kept state: builds it) {r['correction_cold_s']:.1f} s; RSS with the state kept"
              f" {r['correction_kept_rss_mib']:.0f} MiB, after it is dropped {r['correction_dropped_rss_mib']:.0f} MiB", flush=True)
        print_search(r)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"ui-{db.stem.removeprefix('library-')}.json").write_text(json.dumps(r, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
