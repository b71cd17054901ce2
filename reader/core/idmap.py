"""A compact map from dense integer ids (mention ids) to a few distinct values.

Linking keeps several "mention id → value" maps for a whole library (half a million mentions
at 30k articles). A dict spends 40-60 bytes an entry on its table and a boxed int for every
key; here an entry is 4 bytes in an array indexed by the id, and each distinct value is kept
once (a library repeats the same (key, reason) pairs and rows thousands of times).
"""
from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V", bound=Hashable)

_GROW = 1.25  # over-allocation when an id past the end arrives (ids grow as articles are re-analysed)


class IdMap(Generic[V]):
    """``ids[i] → value``, for non-negative integer ids; values are interned (one object each).

    The interned values are kept until :meth:`clear`, even when no id maps to them any more:
    callers renew the map when it has seen much churn.
    """

    __slots__ = ("_slots", "_values", "_index", "_len")

    def __init__(self) -> None:
        self._slots = array("I")  # 0: absent; else 1 + index into _values
        self._values: list[V] = []
        self._index: dict[V, int] = {}
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and 0 <= i < len(self._slots) and self._slots[i] != 0

    def __getitem__(self, i: int) -> V:
        v = self._slots[i] if 0 <= i < len(self._slots) else 0
        if not v:
            raise KeyError(i)
        return self._values[v - 1]

    def get(self, i: int, default: V | None = None) -> V | None:
        v = self._slots[i] if 0 <= i < len(self._slots) else 0
        return self._values[v - 1] if v else default

    def _slot(self, value: V) -> int:
        s = self._index.get(value)
        if s is None:
            self._values.append(value)
            s = self._index[value] = len(self._values)
        return s

    def __setitem__(self, i: int, value: V) -> None:
        if i < 0:
            raise KeyError(i)
        slots = self._slots
        if i >= len(slots):
            slots.frombytes(bytes(slots.itemsize * (max(i + 1, int(len(slots) * _GROW)) - len(slots))))
        if not slots[i]:
            self._len += 1
        slots[i] = self._slot(value)

    def pop(self, i: int, default: V | None = None) -> V | None:
        v = self._slots[i] if 0 <= i < len(self._slots) else 0
        if not v:
            return default
        self._slots[i] = 0
        self._len -= 1
        return self._values[v - 1]

    def raw(self) -> tuple[array[int], list[V]]:
        """(slots, values) for hot loops: ``values[slots[i] - 1]`` is the value of a present ``i``."""
        return self._slots, self._values

    def items(self) -> Iterator[tuple[int, V]]:
        """(id, value) in increasing id order."""
        values = self._values
        for i, v in enumerate(self._slots):
            if v:
                yield i, values[v - 1]

    def clear(self) -> None:
        self._slots = array("I")
        self._values = []
        self._index = {}
        self._len = 0
