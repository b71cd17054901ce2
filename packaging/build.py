"""Build the one-folder app with PyInstaller, then check the frozen build works, headless.

    python packaging/build.py                  # build dist/arabic-news-reader/, validate, smoke-test
    python packaging/build.py --skip-build     # smoke-test an existing build
    python packaging/build.py --dist DIR       # build into DIR instead of dist/

Needs PyInstaller (``pip install pyinstaller``); validates the .desktop file and the AppStream
metainfo when ``desktop-file-validate`` / ``appstreamcli`` are installed (Debian:
desktop-file-utils, appstream). The smoke test runs the *frozen* binary with a throw-away HOME:
``reader import`` of the demo articles (the built-in NER model, from the bundle), then
``reader gui --smoke-test`` with Qt offscreen: it opens the library, renders an article, writes a
PDF and must exit 0. Exit status: 0 when everything passed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP = "arabic-news-reader"
APP_ID = "io.github.arabic_news_reader"
# Never in the bundle: the deep-learning stack camel-tools can use (see reader.spec).
FORBIDDEN = ("torch", "transformers", "tensorflow")


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path, work: Path) -> float:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("build.py: PyInstaller is not installed: pip install pyinstaller")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(REPO / "packaging" / "reader.spec")],
                   check=True, cwd=REPO)
    return time.perf_counter() - t0


def validate() -> list[str]:
    problems = []
    for tool, args, name in (("desktop-file-validate", [], f"{APP_ID}.desktop"),
                             ("appstreamcli", ["validate", "--no-net"], f"{APP_ID}.metainfo.xml")):
        exe = shutil.which(tool)
        if exe is None:
            print(f"  {tool} not installed: {name} not validated")
            continue
        r = subprocess.run([exe, *args, str(REPO / "packaging" / name)], capture_output=True, text=True)
        print(f"  {name}: {'valid' if r.returncode == 0 else 'INVALID'}")
        if r.returncode != 0:
            problems.append(f"{name}: {r.stdout}{r.stderr}")
    return problems


def smoke_test(app_dir: Path) -> list[str]:
    binary = app_dir / ("reader.exe" if os.name == "nt" else "reader")
    if not binary.exists():
        return [f"{binary} not found: build first"]
    problems = []
    internal = app_dir / "_internal"
    for name in FORBIDDEN:
        if (internal / name).exists():
            problems.append(f"{name} is in the bundle (excluded in reader.spec)")
    if not (internal / "resources" / "models" / "ner").is_dir():
        problems.append("resources/models/ner is missing from the bundle")
    with tempfile.TemporaryDirectory(prefix="reader-smoke-") as tmp:
        home = Path(tmp)
        env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"),
                   XDG_CONFIG_HOME=str(home / "config"), QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
        env.pop("READER_DB", None)
        env.pop("CAMELTOOLS_DATA", None)
        db = home / "library.sqlite"
        for args in (["import", "-q", str(REPO / "resources" / "demo" / "articles"), "--db", str(db)],
                     ["gui", "--smoke-test", "--db", str(db)]):
            t0 = time.perf_counter()
            r = subprocess.run([str(binary), *args], capture_output=True, text=True, encoding="utf-8", env=env,
                               timeout=300, cwd=home)
            out = (r.stdout + r.stderr).strip()
            said = [line for line in out.splitlines() if line.startswith(("smoke test:", "imported "))]
            print(f"  reader {args[0]}: exit {r.returncode} in {time.perf_counter() - t0:.1f} s: {said[-1] if said else out[-300:]}")
            if args[0] == "gui" and not any(line.startswith("smoke test: ") and "PDF" in line for line in said):
                problems.append(f"reader gui --smoke-test rendered no article or wrote no PDF:\n{out}")
            if r.returncode != 0:
                problems.append(f"reader {' '.join(args)} exited {r.returncode}:\n{out}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dist", type=Path, default=REPO / "dist")
    ap.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller")
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args(argv)
    app_dir = args.dist / APP
    if not args.skip_build:
        print("building with PyInstaller (packaging/reader.spec)…", flush=True)
        seconds = build(args.dist, args.work)
        print(f"  built {app_dir} in {seconds:.0f} s")
    if app_dir.is_dir():
        print(f"  bundle size: {du(app_dir) / 2**20:.0f} MB")
    print("validating desktop integration…")
    problems = validate()
    print("smoke-testing the frozen app…", flush=True)
    problems += smoke_test(app_dir)
    for p in problems:
        print(f"FAIL: {p}", file=sys.stderr)
    print("build and smoke test: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
