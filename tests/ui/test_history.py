"""Back and forward like a browser: a new place after going back drops the places ahead."""
from __future__ import annotations

from reader.ui.history import History, Place


def test_back_forward_and_a_new_place_after_going_back():
    h = History(limit=3)
    a, b, c, d = (Place(i, None, None) for i in range(4))
    assert h.current() is None and not h.can_back()
    for p in (a, b, b, c):  # the same place twice is one step
        h.push(p)
    assert h.items == [a, b, c]
    assert h.back() == b and h.back() == a and h.back() is None
    assert h.forward() == b and h.can_forward()
    h.push(d)  # c is dropped
    assert h.items == [a, b, d] and not h.can_forward()
    h.push(c)  # over the limit: the oldest goes
    assert h.items == [b, d, c] and h.current() == c
