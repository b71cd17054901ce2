#!/usr/bin/env bash
# One command for each everyday task, each doing the set-up first (packaging/bootstrap.sh):
#   bash packaging/dev.sh demo    start the reader on a small demo library
#   bash packaging/dev.sh test    run the test suite (offscreen Qt)
#   bash packaging/dev.sh gui ... start the reader on your own library (args go to `reader gui`)
#   bash packaging/dev.sh build   build the one-folder app in dist/ and smoke-test it (packaging/build.py)
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/bootstrap.sh
case "${1:-}" in
    demo) shift; exec .venv/bin/reader demo "$@" ;;
    test) shift
          export QT_QPA_PLATFORM=offscreen
          .venv/bin/lint-imports --config pyproject.toml
          .venv/bin/mypy  # the core, strictly typed ([tool.mypy] in pyproject.toml)
          exec .venv/bin/python -m pytest "$@" ;;
    gui) shift; exec .venv/bin/reader gui "$@" ;;
    build) shift; exec .venv/bin/python packaging/build.py "$@" ;;
    *) echo "usage: bash packaging/dev.sh demo|test|gui|build [args]" >&2; exit 2 ;;
esac
