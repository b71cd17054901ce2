"""Helpers for the UI tests (a module of its own: several conftest.py files share that name)."""
from __future__ import annotations


def mention_by_text(lib, article_id: int, text: str):  # type: ignore[no-untyped-def]
    return next(m for m in lib.mentions(article_id) if m.text == text)


def doc_text_at(view, start: int, end: int) -> str:  # type: ignore[no-untyped-def]
    """The document's text between two QTextCursor positions (UTF-16 units)."""
    units = view.browser.document().toPlainText().encode("utf-16-le")
    return units[2 * start:2 * end].decode("utf-16-le")
