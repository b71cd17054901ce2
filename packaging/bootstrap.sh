#!/usr/bin/env bash
# Set up everything the reader needs on a fresh Debian machine, idempotently:
# the system libraries Qt loads, poppler (PDF tests), the .desktop/AppStream validators, and a
# virtualenv in .venv with the project installed in editable mode with its test and build
# (PyInstaller) extras. Re-running is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

# System libraries: Qt's xcb/offscreen platforms and fonts, PDF tools for the export tests.
DEBS="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
      libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 poppler-utils xvfb
      desktop-file-utils appstream"
if command -v apt-get >/dev/null 2>&1; then
    missing=$(for d in $DEBS; do dpkg -s "$d" >/dev/null 2>&1 || echo "$d"; done)
    if [ -n "$missing" ]; then
        SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
        $SUDO apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
fi

stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
    [ -x .venv/bin/python ] || "$PY" -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    # camel-tools needs torch; on CPU machines the CPU build (2.13.0, a local wheel on this kind
    # of machine) is enough and avoids a multi-GB CUDA build.
    .venv/bin/python -m pip install -q "torch==2.13.0" || true
    .venv/bin/python -m pip install -q -e ".[test,build]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi
