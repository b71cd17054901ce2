"""Entities whose keys spell one foreign name two ways (تشيلسي/تشلسي, هاكينغ/هاكينج) become one
(the spellings: :mod:`reader.core.spelling`)."""
from __future__ import annotations

from collections.abc import Collection, Mapping

from reader.core.model import Label
from reader.core.spelling import spelling_skeleton, spelling_variants


def spelling_group(key: str, label: Label) -> tuple[Label, str] | None:
    """The group an entity key of this type is weighed in (None: its spelling has no variants)."""
    skeleton = spelling_skeleton(key)
    return (label, skeleton) if "~" in skeleton else None


def group_merges(keys: Collection[str], size: Mapping[str, tuple[int, int]]) -> dict[str, str]:
    """The keys of one spelling group (one :func:`spelling_group`) that join another's entity.

    Each key that is a close :func:`spelling_variants` of the group's most mentioned key (a tie:
    the key met first by mention id) joins its entity. Keys whose mentions are mostly of another
    type are in another group: a type is part of the evidence. ``size``: per key, (votes, minus
    its first mention id).
    """
    if len(keys) < 2:
        return {}
    into = max(keys, key=size.__getitem__)
    return {ek: into for ek in keys if ek != into and spelling_variants(ek, into)}
