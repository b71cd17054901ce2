"""Head nouns of names: those whose name is named after something else (``NAMED_AFTER``), and
those that name nothing alone (``HEADS``). The lists are in ``reader.core.words``."""
from __future__ import annotations

from reader.core.arabic import normalise
from reader.core.words import HEADS, NAMED_AFTER

__all__ = ["NAMED_AFTER", "HEADS", "bare_head"]


def bare_head(form: str) -> bool:
    """Whether a form is head nouns only («النادي», «مجلس الإدارة» is not: إدارة is no head)."""
    words = [normalise(w) for w in form.split()]
    return bool(words) and all((w[2:] if w.startswith("ال") else w) in HEADS for w in words)
