"""Command line: ``reader [gui|demo|import|analyse|search|tag|export] ...``.

Qt is imported only by the ``gui``/``demo`` commands and PDF export, so importing and tagging
run on machines without a display.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TextIO

from reader import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="A desktop reader for Arabic news.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command")

    def db_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", metavar="FILE", help="library file (default: $READER_DB or the user data directory)")

    def digits_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--digits", choices=("western", "arabic"), default="western",
                       help="digits of dates, counts and page numbers in PDFs: 0-9 (default) or ٠-٩")

    def model_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--model", metavar="NAME",
                       help="entity model: default (the fine-tuned encoder, most accurate), fast (the CRF, several "
                            "times quicker, for very large archives), camel-bert (if installed); $READER_NER_MODEL too")

    def workers_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--workers", "-j", type=int, metavar="N",
                       help="analysis processes (default: one per core; 1: analyse in this process)")
        p.add_argument("--cluster", metavar="ADDRESS",
                       help="analyse on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a "
                            "local one of --workers processes (needs the 'cluster' extra: dask[distributed])")

    p = sub.add_parser("gui", help="open the reader window (the default)")
    db_option(p)
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to import at start")
    p.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)

    p = sub.add_parser("demo", help="open the reader on a small demo library")
    db_option(p)

    p = sub.add_parser("import", help="import articles (txt, html, md, json, jsonl, zip; folders recursively)")
    db_option(p)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    model_option(p)
    workers_option(p)

    p = sub.add_parser("analyse", help="re-run entity recognition and linking without re-importing")
    db_option(p)
    p.add_argument("--all", action="store_true", help="every article, not only those not yet analysed by the current model")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    model_option(p)
    workers_option(p)

    p = sub.add_parser("corrections", help="share the researcher's corrections: export or import a JSON file")
    db_option(p)
    p.add_argument("action", choices=("export", "import", "list"))
    p.add_argument("file", nargs="?", metavar="FILE")

    p = sub.add_parser("dossier", help="a PDF of every mention of an entity, with its sentence, article, outlet and date")
    db_option(p)
    p.add_argument("entity", metavar="ID|NAME", help="entity id, or a name (the most mentioned entity of that name)")
    p.add_argument("-o", "--output", metavar="FILE", required=True)
    digits_option(p)

    p = sub.add_parser("tag", help="tag tokens with the entity model")
    p.add_argument("--conll", action="store_true", required=True,
                   help="read one token per line (first column), blank line between sentences; print TOKEN<TAB>TAG")
    p.add_argument("file", nargs="?", help="input file (default: standard input)")
    model_option(p)

    p = sub.add_parser("models", help="optional NER models: install camel-tools' BERT NER (needs the internet once)")
    p.add_argument("action", choices=("install", "status"))
    p.add_argument("--force", action="store_true", help="reinstall even when up to date")

    p = sub.add_parser("search", help="search the library: ranked articles with snippets (phrases in quotes, prefix*, "
                                      "OR, -word, NEAR(a b, N); see the README's Search syntax)")
    db_option(p)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N results (default 20)")
    p.add_argument("--sort", choices=("rank", "date", "outlet"), default="rank", help="order (default: rank, by relevance)")
    p.add_argument("--json", action="store_true", help='write {"results": [{id, title, outlet, date, score, snippet}]}')

    p = sub.add_parser("export", help="export articles as highlighted PDF, or the library as JSON/CSV")
    db_option(p)
    p.add_argument("--format", choices=("pdf", "json", "csv"), required=True)
    p.add_argument("--article", action="append", metavar="ID|SOURCE", help="article id or source (repeatable)")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default: standard output for json/csv)")
    digits_option(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the frozen app's analysis workers start through this entry point
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["hold-library"]:  # the window's library keeper, in the frozen app (not for users)
        from reader.core.store import keeper

        return keeper.main(given[1:])
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    if getattr(args, "model", None):
        from reader.core.ner import MODEL_ENV

        os.environ[MODEL_ENV] = args.model  # every load of the default model, worker processes included
    if command in ("gui", "demo"):
        from reader.ui.app import run

        return run(db=getattr(args, "db", None), paths=getattr(args, "paths", []) or [],
                   demo=command == "demo", smoke_test=getattr(args, "smoke_test", False))
    if command == "tag":
        return _tag(args.file)
    handler = {"import": _import, "analyse": _analyse, "export": _export, "corrections": _corrections,
               "dossier": _dossier, "models": _models, "search": _search}[command]
    code = handler(args)
    if command in ("import", "analyse", "corrections"):  # it relinked: a window reads the state back
        from reader.core.linking import save_link_states

        save_link_states()
    return code


def _models(args: argparse.Namespace) -> int:
    from reader.core.ner import camel

    if args.action == "install":
        try:
            path = camel.install(print_status=True, force=args.force)  # camel-tools' progress bars
        except Exception as e:  # no network, a moved URL, a full disk: say so, no traceback
            print(f"reader: installing {camel.PACKAGE} failed: {e}", file=sys.stderr)
            return 1
        print(f"installed {camel.PACKAGE} in {path}; use it with the backend setting \"{camel.BACKEND_NAME}\"")
        return 0
    state = "installed" if camel.installed() else "not installed (reader models install)"
    print(f"builtin: shipped\n{camel.BACKEND_NAME}: {state} ({camel.model_path()})")
    return 0


def _open(args: argparse.Namespace, writes: bool = False):  # type: ignore[no-untyped-def]
    """The library of ``--db``; a command that ``writes`` first applies the corrections a reader
    window left in its journal when it was killed (none while a window has the library open)."""
    from reader.core.store import Library, LibraryError

    try:
        lib = Library.open(args.db)
    except LibraryError as e:
        print(f"reader: {e}", file=sys.stderr)
        raise SystemExit(1) from e
    if writes:
        from reader.core.journal import replay

        replay(lib, say=lambda message: print(f"reader: {message}", file=sys.stderr))
    return lib


@contextlib.contextmanager
def _cluster(address: str | None):  # type: ignore[no-untyped-def]
    """None, "local", or a Dask client connected to ``address`` (closed after)."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError as e:
        raise SystemExit("reader: --cluster needs dask[distributed] (pip install -e .[cluster])") from e
    if address == "local":
        yield address
        return
    try:
        client = Client(address, timeout=10)
    except OSError as e:
        raise SystemExit(f"reader: cannot reach the Dask scheduler at {address}: {e}") from e
    try:
        yield client
    finally:
        client.close()


def _import(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from reader.core.pipeline import Progress, import_paths

    lib = _open(args, writes=True)
    # Progress in input bytes (uncompressed for zips): an ETA that holds for any mix of files.
    bar = tqdm(total=0, unit="B", unit_scale=True, disable=args.quiet or None, file=sys.stderr, dynamic_ncols=True)

    def progress(p: Progress) -> None:
        bar.total = p.total
        bar.n = p.done
        bar.set_postfix_str(p.message, refresh=False)
        bar.refresh()

    def failure(f) -> None:  # type: ignore[no-untyped-def]
        bar.write(f"reader: {f.source}: {f.reason}", file=sys.stderr)

    try:
        with _cluster(args.cluster) as cluster:
            report = import_paths(lib, args.paths, progress=progress, on_failure=failure, workers=args.workers,
                                  cluster=cluster)
    except KeyboardInterrupt:
        bar.close()
        print("reader: interrupted; what was imported is kept, run the same command to carry on", file=sys.stderr)
        return 130
    finally:
        lib.close()
    bar.close()
    print(report.summary())
    return 0 if report.ok else 1


def _analyse(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from reader.core.ner import load_backend
    from reader.core.pipeline import Progress, analyse

    lib = _open(args, writes=True)
    bar = tqdm(total=0, unit="article", disable=args.quiet or None, file=sys.stderr, dynamic_ncols=True)

    def progress(p: Progress) -> None:
        bar.total = p.total
        bar.n = p.done
        bar.set_postfix_str(p.message, refresh=False)
        bar.refresh()

    try:
        ids = lib.article_ids() if args.all else None
        with _cluster(args.cluster) as cluster:
            n = analyse(lib, load_backend(), ids, progress=progress, workers=args.workers, cluster=cluster)
    except KeyboardInterrupt:
        bar.close()
        print("reader: interrupted; what was analysed is kept, run `reader analyse` to carry on", file=sys.stderr)
        return 130
    finally:
        bar.close()
        lib.close()
    print(f"analysed {n} articles")
    return 0


def _corrections(args: argparse.Namespace) -> int:
    from reader.core import corrections as corr

    if args.action != "list" and not args.file:
        print(f"reader: corrections {args.action} needs a FILE", file=sys.stderr)
        return 2
    lib = _open(args, writes=True)  # export and list too: the corrections a killed window left count
    try:
        if args.action == "export":
            print(f"exported {corr.export_corrections(lib, args.file)} corrections to {args.file}")
        elif args.action == "import":
            try:
                n = corr.import_corrections(lib, args.file)
            except corr.CorrectionError as e:
                print(f"reader: {e}", file=sys.stderr)
                return 1
            print(f"imported {n} corrections")
        else:
            sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
            for c in corr.all_corrections(lib):
                print(f"{c.id}\t{c.created_at}\t{'undone' if c.undone_at else 'in force'}\t{corr.describe(c)}")
        return 0
    finally:
        lib.close()


def _dossier(args: argparse.Namespace) -> int:
    from reader.core.linking import mention_key

    lib = _open(args)
    try:
        if args.entity.isdigit():
            entity_id = int(args.entity)
        else:
            found = [e for e in [lib.entity_by_key(mention_key(args.entity))] if e] or lib.entities(query=args.entity, limit=1)
            if not found:
                print(f"reader: no entity named {args.entity!r}", file=sys.stderr)
                return 1
            entity_id = found[0].id
        from reader.export.dossier import export_dossier

        try:
            out = export_dossier(lib, entity_id, Path(args.output), digits=args.digits)
        except KeyError as e:
            print(f"reader: {e.args[0]}", file=sys.stderr)
            return 1
        print(f"wrote {out}")
        return 0
    finally:
        lib.close()


def _search(args: argparse.Namespace) -> int:
    import json

    from reader.core import search
    from reader.core.store import default_library_path

    path = Path(args.db) if args.db else default_library_path()
    if not path.exists():
        print(f"reader: {path}: no library there", file=sys.stderr)
        return 1
    from reader.core.outlets import display_outlet

    lib = _open(args)
    try:
        hits = search.search(lib, args.query, limit=max(0, args.limit), sort=args.sort)
        total = search.count(lib, args.query) if hits else 0
    finally:
        lib.close()
    getattr(sys.stdout, "reconfigure", lambda **_: None)(encoding="utf-8")
    if args.json:
        json.dump({"results": [{"id": h.id, "title": h.title, "outlet": h.outlet, "date": h.date,
                                "score": round(h.score, 6), "snippet": h.snippet,
                                "snippet_hits": [list(r) for r in h.snippet_hits]} for h in hits]},
                  sys.stdout, ensure_ascii=False)
        print()
        return 0
    if not hits:
        print("no results")
        return 0
    for n, h in enumerate(hits, 1):
        meta = " · ".join(x for x in (display_outlet(h.outlet, arabic=False), h.date[:10], f"id {h.id}",
                                      f"score {h.score:.3g}") if x)
        variant = "" if h.exact else " (another spelling)"
        print(f"{n}. {h.title}\n   {meta}{variant}\n   {search.Snippet(h.snippet, h.snippet_hits).marked('[', ']')}")
    print(f"{len(hits)} of {total} results" if total > len(hits) else f"{total} results")
    return 0


def _tag(file: str | None) -> int:
    from reader.core.ner import load_backend
    from reader.core.ner.conll import tag_conll

    backend = load_backend()
    out = sys.stdout
    if file is None:
        tag_conll(sys.stdin, out, backend)
        return 0
    try:
        with open(file, encoding="utf-8-sig") as inp:
            tag_conll(inp, out, backend)
    except OSError as e:
        print(f"reader: {file}: {e.strerror}", file=sys.stderr)
        return 1
    return 0


def _export(args: argparse.Namespace) -> int:
    lib = _open(args)
    try:
        from reader.core.store.library import own_files

        if args.output and Path(args.output).resolve() in {p.resolve() for p in own_files(lib.path)}:
            print(f"reader: {args.output}: one of the library's own files; choose another output file", file=sys.stderr)
            return 2
        try:
            articles = [lib.find_article(ref).id for ref in args.article] if args.article else None
        except KeyError as e:
            print(f"reader: {e.args[0]}", file=sys.stderr)
            return 1
        if args.format == "pdf":
            if not articles:
                print("reader: --format pdf needs --article ID|SOURCE", file=sys.stderr)
                return 2
            from reader.export.pdf import export_pdf

            out = Path(args.output or f"article-{articles[0]}.pdf")
            export_pdf(lib, articles, out, digits=args.digits)
            print(f"wrote {out}")
            return 0
        from reader.export.data import write_csv, write_json

        writer = write_json if args.format == "json" else write_csv
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as f:
                writer(lib, f, articles)
        else:
            _write_stdout(writer, lib, articles, sys.stdout)
        return 0
    finally:
        lib.close()


def _write_stdout(writer, lib, articles, out: TextIO) -> None:  # type: ignore[no-untyped-def]
    out.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
    writer(lib, out, articles)
