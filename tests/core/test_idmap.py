"""IdMap: the compact mention-id map linking keeps for a whole library."""
from __future__ import annotations

import pytest

from reader.core.idmap import IdMap


def test_maps_ids_to_values_like_a_dict() -> None:
    m: IdMap[tuple[str, str]] = IdMap()
    m[7] = ("key", "reason")
    m[0] = ("other", "")
    m[100_000] = ("key", "reason")  # past the end: the map grows
    assert len(m) == 3
    assert m[7] == ("key", "reason") and m[0] == ("other", "") and m[100_000] == ("key", "reason")
    assert 7 in m and 8 not in m and -1 not in m and 10**7 not in m and "7" not in m
    assert m.get(8) is None and m.get(10**7, ("d", "")) == ("d", "")
    with pytest.raises(KeyError):
        m[8]
    with pytest.raises(KeyError):
        m[-1] = ("x", "")
    assert list(m.items()) == [(0, ("other", "")), (7, ("key", "reason")), (100_000, ("key", "reason"))]


def test_values_are_kept_once() -> None:
    m: IdMap[tuple[str, str]] = IdMap()
    m[1] = ("a", "b")
    m[2] = tuple("ab")  # an equal value made apart
    assert m[1] is m[2]


def test_overwrite_pop_and_clear() -> None:
    m: IdMap[str] = IdMap()
    m[3] = "x"
    m[3] = "y"
    assert len(m) == 1 and m[3] == "y"
    assert m.pop(3) == "y" and m.pop(3, "gone") == "gone" and m.pop(10**6) is None
    assert len(m) == 0 and 3 not in m and list(m.items()) == []
    m[5] = "z"
    m.clear()
    assert len(m) == 0 and m.get(5) is None


def test_raw_view_reads_the_same_values() -> None:
    m: IdMap[str] = IdMap()
    for i in range(0, 50, 5):
        m[i] = f"v{i % 3}"
    slots, values = m.raw()
    assert all(values[slots[i] - 1] == v for i, v in m.items())
