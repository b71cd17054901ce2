"""Finding files: folder walks, hidden entries, links, loops, missing and unreadable paths."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import reader.core.importers as importers
from reader.core.importers import discover, read_file, read_paths
from reader.core.model import Document, ImportFailure

ARTICLE = "عنوان الخبر\n\nقالت الوزارة في بيان إن المشروع سيكتمل خلال عامين.\n"


RECORD = json.dumps({"title": "عنوان", "content": ARTICLE}, ensure_ascii=False)


def make_tree(root: Path) -> None:
    for rel in ("b.txt", "a/z.md", "a/y.HTML", "a/x.json", "c.Jsonl", "d.zip.txt", "notes.pdf", "README",
                ".hidden.txt", ".git/config.txt", "a/.cache/cached.txt", "e/f/g/deep.htm"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = RECORD if "json" in rel.lower() else ARTICLE
        if "htm" in rel.lower():
            text = "<h1>{}</h1><p>{}</p>".format(*ARTICLE.split("\n\n"))
        path.write_text(text, encoding="utf-8")


def test_walk_is_sorted_recursive_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    make_tree(tmp_path)
    found = list(discover([tmp_path]))
    assert all(isinstance(p, Path) and p.is_absolute() for p in found)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [  # type: ignore[union-attr]
        "a/x.json", "a/y.HTML", "a/z.md", "b.txt", "c.Jsonl", "d.zip.txt", "e/f/g/deep.htm"]
    assert list(discover([str(tmp_path)])) == found  # deterministic, str or Path


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "x.txt"
    assert list(discover([missing])) == [ImportFailure(str(missing), "no such file or directory")]
    assert list(read_paths([missing])) == [ImportFailure(str(missing), "no such file or directory")]


def test_explicit_file_with_unsupported_suffix_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF")
    (failure,) = discover([path])
    assert isinstance(failure, ImportFailure) and failure.reason.startswith("unsupported file type '.pdf'")


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert list(discover([path])) == [path.resolve()]


def test_each_file_once_however_it_is_reached(tmp_path: Path) -> None:
    make_tree(tmp_path / "t")
    (tmp_path / "link").symlink_to(tmp_path / "t", target_is_directory=True)
    found = list(discover([tmp_path / "t", tmp_path / "t" / "b.txt", tmp_path / "link", tmp_path]))
    assert len(found) == len(set(found)) == 7


def test_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "b" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    items = list(discover([tmp_path]))
    assert items == [
        ImportFailure(str(tmp_path / "a" / "b" / "up"), "symbolic link loop (the folder contains itself)"),
        (tmp_path / "a" / "b" / "x.txt").resolve(),
        ImportFailure(str(tmp_path / "dangling.txt"), "broken symbolic link"),
        ImportFailure(str(tmp_path / "self.txt"), "symbolic link loop"),
    ]


def test_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path)
    locked = tmp_path / "a"
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str] | str) -> object:
        if Path(path) == locked:  # chmod 000 does not stop root, so fail the listing directly
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(importers.os, "scandir", scandir)
    found = list(discover([tmp_path]))
    assert found[0] == ImportFailure(str(locked), "cannot read folder: permission denied")
    assert [p.name for p in found[1:]] == ["b.txt", "c.Jsonl", "d.zip.txt", "deep.htm"]  # type: ignore[union-attr]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    assert list(read_file(path)) == [ImportFailure(str(path), "cannot read file: permission denied")]


def test_read_paths_combines_discovery_and_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path)
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    items = list(read_paths(["b.txt", "empty.txt", "missing.md"]))
    assert [type(i).__name__ for i in items] == ["Document", "ImportFailure", "ImportFailure"]
    assert items[0].source == str(tmp_path / "b.txt")  # relative input, absolute identity
    assert items[1] == ImportFailure(str(tmp_path / "empty.txt"), "empty article")
    assert items[2] == ImportFailure(str(tmp_path / "missing.md"), "no such file or directory")
    every = list(read_paths([tmp_path]))
    assert [type(i).__name__ for i in every] == ["Document"] * 7 + ["ImportFailure"]  # "e/" sorts before "empty.txt"
    assert every[7] == ImportFailure(str(tmp_path / "empty.txt"), "empty article")
    assert {d.title for d in every if isinstance(d, Document)} == {"عنوان", "عنوان الخبر"}


def test_read_file_never_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def broken(*args: object) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(importers, "read_single", broken)
    assert list(read_file(path)) == [ImportFailure(str(path), "unexpected error: ValueError: boom")]
    (failure,) = read_file(tmp_path)
    assert isinstance(failure, ImportFailure) and failure.source == str(tmp_path)
    assert failure.reason.startswith("unsupported file type '(no suffix)' (expected one of .htm, .html, .json")


def test_a_folder_named_like_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "looks.txt"
    folder.mkdir()
    (folder / "inner.txt").write_text(ARTICLE, encoding="utf-8")
    assert list(discover([folder])) == [(folder / "inner.txt").resolve()]
    assert list(read_file(folder)) == [ImportFailure(str(folder), "cannot read file: is a folder")]
