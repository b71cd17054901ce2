"""Readable Latin spellings of Arabic names for the entity panel (Yusuf al-Qasim, not ywsf AlqAsm).

arabic-name-romanizer (MIT) looks names up in its dictionary of attested romanisations first and
falls back to its rules; its optional neural model (onnxruntime) is not loaded: the dictionary
and rules work offline and fast. Without the package, a plain letter-by-letter romanisation.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from reader.core.arabic import dediacritise, is_arabic

_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "aa", "ء": "'", "ؤ": "'", "ئ": "'", "ب": "b", "ت": "t", "ث": "th",
    "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a",
}


def simple_romanise(text: str) -> str:
    """Letter by letter, with the article as al- and long vowels as vowels: readable, not exact."""
    words = []
    for word in dediacritise(text).split():
        prefix = ""
        if word.startswith("ال") and len(word) > 3:
            prefix, word = "al-", word[2:]
        out = []
        for i, c in enumerate(word):
            if c == "و" and 0 < i < len(word) - 1:
                out.append("u" if word[i - 1] not in "اوي" else "w")
            elif c == "ي" and 0 < i:
                out.append("i" if i < len(word) - 1 else "i")
            else:
                out.append(_LETTERS.get(c, c))
        latin = "".join(out).replace("''", "'")
        words.append(prefix + latin[:1].upper() + latin[1:] if not prefix else prefix + latin)
    return " ".join(w[:1].upper() + w[1:] for w in words)


@lru_cache(maxsize=1)
def _transliterator() -> Any:
    try:
        from arabic_name_romanizer import Transliterator
    except ImportError:
        return None
    try:
        return Transliterator(auto_load_model=False)
    except Exception:  # a broken install must not take the panel down  # noqa: BLE001
        return None


@lru_cache(maxsize=5000)
def romanise(name: str) -> str:
    """A readable Latin spelling of an Arabic name; "" for a name that is not Arabic."""
    if not is_arabic(name):
        return ""
    t = _transliterator()
    if t is not None:
        try:
            latin = t.transliterate(name)
        except Exception:  # noqa: BLE001 - fall back rather than fail on odd input
            latin = ""
        if isinstance(latin, str) and latin.strip():
            return latin.strip()
    return simple_romanise(name)
