"""Latin spellings of Arabic personal names for the entity panel and dossiers (Yusuf al-Qasim).

arabic-name-romanizer (MIT) looks names up in its index of attested romanisations of personal
names. Only what the index knows is shown: its letter rules spelt foreign and place names as
nonsense («مانشستر يونايتد» → "Manashasatar Younaitad"), and a person's name index reads a
country as a given name (قطر → "Katr"). So people only, and no guess: an empty string when the
index does not know every part of the name. Its optional neural model (onnxruntime) is not loaded.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from reader.core.arabic import is_arabic
from reader.core.model import Label


@lru_cache(maxsize=1)
def _transliterator() -> Any:
    try:
        from arabic_name_romanizer import Transliterator
    except ImportError:
        return None
    try:
        return Transliterator(auto_load_model=False, use_rules_fallback=False)
    except Exception:  # a broken install must not take the panel down  # noqa: BLE001
        return None


@lru_cache(maxsize=5000)
def romanise(name: str, label: Label = Label.PERS) -> str:
    """The attested Latin spelling of a person's Arabic name; "" when there is none to trust."""
    if label is not Label.PERS or not is_arabic(name):
        return ""
    t = _transliterator()
    if t is None:
        return ""
    try:
        latin = t.transliterate(name)
    except Exception:  # noqa: BLE001 - no spelling rather than a failure on odd input
        return ""
    return latin.strip() if isinstance(latin, str) else ""
