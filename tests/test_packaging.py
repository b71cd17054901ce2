"""The packaging files agree with each other and with the project (the build itself: packaging/build.py)."""
from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
APP_ID = "io.github.arabic_news_reader"


def test_desktop_file_launches_the_reader() -> None:
    desktop = configparser.ConfigParser(interpolation=None, strict=True)
    desktop.optionxform = str  # type: ignore[assignment, method-assign]
    desktop.read(PACKAGING / f"{APP_ID}.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[:2] == ["reader", "gui"]
    assert "reader" in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert entry["Name[ar]"] and entry["Icon"] == APP_ID


def test_metainfo_names_the_desktop_file_and_the_current_version() -> None:
    root = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert root.find("releases/release").get("version") == version  # type: ignore[union-attr]
    assert root.findtext("project_license") == "GPL-3.0-or-later"


def test_spec_bundles_resources_and_keeps_torch_and_camel_data_out() -> None:
    spec = (PACKAGING / "reader.spec").read_text(encoding="utf-8")
    assert '(str(REPO / "resources"), "resources")' in spec
    excludes = re.search(r"EXCLUDES = \[(.*?)\n\]", spec, re.DOTALL).group(1)  # type: ignore[union-attr]
    for name in ("torch", "transformers", "camel_tools.ner"):
        assert f'"{name}"' in excludes
    assert "CAMELTOOLS_DATA" in (PACKAGING / "reader_main.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("tool, args, name", [
    ("desktop-file-validate", [], f"{APP_ID}.desktop"),
    ("appstreamcli", ["validate", "--no-net"], f"{APP_ID}.metainfo.xml"),
])
def test_validators_accept_the_files(tool: str, args: list[str], name: str) -> None:
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} not installed (Debian: desktop-file-utils, appstream)")
    r = subprocess.run([exe, *args, str(PACKAGING / name)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
