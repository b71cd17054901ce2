"""Read articles from files and folders: .txt, .md, .html, .json, .jsonl and .zip.

    discover(paths)  → Path | ImportFailure   files to read, folders walked (sorted)
    read_file(path)  → Document | ImportFailure   one file may hold many articles
    read_paths(paths) → Document | ImportFailure   both together

Nothing here raises for bad input: a missing path, an unreadable folder, a symlink loop,
undecodable bytes, broken JSON or an empty page each become an ImportFailure with a
reason, and the import goes on. Everything streams (one archive member in memory at a
time), so a UI can show progress and cancel between items. No Qt here.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import TypeVar

from reader.core.importers.formats import FORMAT_OF_SUFFIX, MAX_ARTICLE_FILE_BYTES, read_single, too_large
from reader.core.importers.records import MAX_MEMBER_BYTES, read_json, read_jsonl, read_zip
from reader.core.importers.text import storable
from reader.core.model import Document, ImportFailure

__all__ = ["SUFFIXES", "discover", "read_file", "read_paths"]

SUFFIXES = frozenset({*FORMAT_OF_SUFFIX, ".json", ".jsonl", ".zip"})


def discover(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> Iterator[Path | ImportFailure]:
    """Files to import, in a deterministic order: each path given, folders walked sorted by name.

    Folders yield only supported files and skip hidden entries; a file named explicitly
    with another suffix is reported. Every file is yielded once, as an absolute path,
    however many links or arguments lead to it. The ``exclude`` files (the library's own: its
    journal is a .jsonl) are never yielded, under any name; named explicitly, they are reported.
    """
    return _storable(_discover(paths, _identities(exclude)))


def _identities(paths: Iterable[str | Path]) -> frozenset[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for p in paths:
        try:
            info = os.stat(p)
        except OSError:
            continue
        out.add((info.st_dev, info.st_ino))
    return frozenset(out)


def _discover(paths: Iterable[str | Path], exclude: frozenset[tuple[int, int]]) -> Iterator[Path | ImportFailure]:
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        try:
            info = path.stat()
        except OSError as exc:
            yield ImportFailure(_shown(path), _reason(path, exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, seen, exclude)
        elif (info.st_dev, info.st_ino) in exclude:
            yield ImportFailure(_shown(path), "one of the library's own files, not articles")
        elif path.suffix.lower() not in SUFFIXES:
            yield ImportFailure(_shown(path), _unsupported(path))
        else:
            yield from _once(path, seen)


def read_file(path: str | Path) -> Iterator[Document | ImportFailure]:
    """The articles in one file; failures name the file (and the record) with a reason."""
    path = Path(path)
    source = _source(path)
    try:
        yield from _storable(_read(path, source))
    except Exception as exc:  # a bug in one reader must not end an import of thousands of files
        yield ImportFailure(storable_source(source), f"unexpected error: {type(exc).__name__}: {exc}")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document | ImportFailure]:
    """Every article under ``paths`` (files or folders), with failures in line."""
    for item in discover(paths):
        if isinstance(item, ImportFailure):
            yield item
        else:
            yield from read_file(item)


def _read(path: Path, source: str) -> Iterator[Document | ImportFailure]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield ImportFailure(source, _unsupported(path))
        return
    try:
        info = path.stat()
    except OSError as exc:
        yield ImportFailure(source, _reason(path, exc))
        return
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block the import forever, /dev/zero never end
        yield ImportFailure(source, "cannot read file: is a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file")
        return
    if suffix == ".zip":
        yield from read_zip(path, source)
        return
    limit = MAX_ARTICLE_FILE_BYTES if suffix in FORMAT_OF_SUFFIX else MAX_MEMBER_BYTES
    if info.st_size > limit:
        yield ImportFailure(source, too_large(info.st_size, limit, "for one article" if suffix in FORMAT_OF_SUFFIX
                                              else "(split it into smaller files)"))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ImportFailure(source, f"cannot read file: {_reason(path, exc)}")
        return
    if suffix == ".json":
        yield from read_json(data, source)
    elif suffix == ".jsonl":
        yield from read_jsonl(data, source)
    else:
        yield read_single(data, source, suffix)


def _walk(top: Path, seen: set[str], exclude: frozenset[tuple[int, int]]) -> Iterator[Path | ImportFailure]:
    """Depth-first, sorted by name, without recursion; loops through links are reported."""
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(top, frozenset())]
    while stack:
        path, ancestors = stack.pop()
        try:
            info = path.stat()
        except OSError as exc:
            yield ImportFailure(_shown(path), _reason(path, exc))
            continue
        if not stat.S_ISDIR(info.st_mode):
            if (info.st_dev, info.st_ino) not in exclude:
                yield from _once(path, seen)
            continue
        ident = (info.st_dev, info.st_ino)
        if ident in ancestors:
            yield ImportFailure(_shown(path), "symbolic link loop (the folder contains itself)")
            continue
        if ident in visited:
            continue  # the same folder reached again through a link: read it once
        visited.add(ident)
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield ImportFailure(_shown(path), f"cannot read folder: {_reason(path, exc)}")
            continue
        children = [Path(e.path) for e in entries if _wanted(e)]
        stack.extend((child, ancestors | {ident}) for child in reversed(children))


def _wanted(entry: os.DirEntry[str]) -> bool:
    """Not hidden, and a folder or a supported file (a broken link with a good suffix is kept, to be reported)."""
    if entry.name.startswith("."):
        return False
    try:
        attributes = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)  # Windows only
        if attributes & stat.FILE_ATTRIBUTE_HIDDEN:
            return False
        is_dir = entry.is_dir()
    except OSError:
        is_dir = False
    return is_dir or os.path.splitext(entry.name)[1].lower() in SUFFIXES


# what _storable passes on: articles read, or files discovered (failures with either)
_Item = TypeVar("_Item", Document | ImportFailure, Path | ImportFailure)


def _storable(items: Iterable[_Item]) -> Iterator[_Item]:
    """Every string of a Document or failure storable in SQLite and printable (no lone surrogates)."""
    for item in items:
        if isinstance(item, Document):
            changes = {f.name: storable(v) for f in fields(item) if isinstance(v := getattr(item, f.name), str)}
            changes["source"] = storable_source(item.source)
            item = replace(item, **changes)
        elif isinstance(item, ImportFailure):
            item = ImportFailure(storable_source(item.source), storable(item.reason))
        yield item


def storable_source(source: str) -> str:
    """A path whose name is not UTF-8 (Python keeps such bytes as lone surrogates) with the bytes
    written as \\xNN: stable across re-imports, and storable."""
    if not any("\ud800" <= c <= "\udfff" for c in source):
        return source
    return "".join(f"\\x{ord(c) - 0xDC00:02x}" if "\udc80" <= c <= "\udcff" else c for c in source).translate(
        {c: 0xFFFD for c in range(0xD800, 0xE000)})


def _once(path: Path, seen: set[str]) -> Iterator[Path]:
    resolved = Path(_source(path))
    if str(resolved) not in seen:
        seen.add(str(resolved))
        yield resolved


def _source(path: Path) -> str:
    """The identity of a file: its absolute, link-resolved path (the same on every re-import)."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
        return _shown(path)


def _shown(path: Path) -> str:
    return os.path.abspath(path)


def _reason(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "broken symbolic link" if path.is_symlink() else "no such file or directory"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "is a folder"
    return exc.strerror or str(exc)


def _unsupported(path: Path) -> str:
    kinds = ", ".join(sorted(SUFFIXES))
    return f"unsupported file type {path.suffix or '(no suffix)'!r} (expected one of {kinds})"
