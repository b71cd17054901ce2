"""Entities whose keys spell one foreign name two ways (تشيلسي/تشلسي, هاكينغ/هاكينج) become one
(the spellings: :mod:`reader.core.spelling`)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from reader.core.model import Label
from reader.core.spelling import spelling_skeleton, spelling_variants


def spelling_merges(votes: Mapping[str, Mapping[Label, list[int]]], label_of: Mapping[str, Label]) -> dict[str, str]:
    """Entity keys that are spelling variants of another entity's key of the same type, mapped to it.

    In a group of keys with one :func:`spelling_skeleton` and one type, each key that is a close
    :func:`spelling_variants` of the group's most mentioned key (a tie: the key met first by
    mention id) joins its entity. Keys whose mentions are mostly of another type do not join: a
    type is part of the evidence.
    """
    groups: dict[tuple[Label, str], list[str]] = defaultdict(list)
    for ek, label in label_of.items():
        skeleton = spelling_skeleton(ek)
        if "~" in skeleton:
            groups[(label, skeleton)].append(ek)
    out: dict[str, str] = {}
    for keys in groups.values():
        if len(keys) < 2:
            continue
        size = {ek: (sum(n for n, _ in votes[ek].values()), -min(f for _, f in votes[ek].values())) for ek in keys}
        into = max(keys, key=size.__getitem__)
        out.update((ek, into) for ek in keys if ek != into and spelling_variants(ek, into))
    return out
