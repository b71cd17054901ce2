"""The researcher's corrections replayed on every linking: marks and removals on the mentions
before it, merges, splits, type changes and renames on its results after it."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.linking.reasons import Reason
from reader.core.model import Label
from reader.core.store.corrections import (MENTION_CHANGES, Anchor, Correction, EntityRef, Mark, Merge, Rename,
                                           SetType, Split, find_article, locate)

if TYPE_CHECKING:
    from reader.core.linking.linker import Linker, LinkResult
    from reader.core.store import Library


def replay_mentions(lib: Library, corrections: Sequence[Correction]) -> None:
    """Bring back suppressed mentions, drop user marks, then apply marks and removals in order."""
    conn = lib.conn
    conn.execute('INSERT INTO mentions (article_id, start, "end", text, label, found_label, origin, model)'
                 " SELECT article_id, start, \"end\", text, label, label, 'model', model FROM suppressed_mentions")
    conn.execute("DELETE FROM suppressed_mentions")
    conn.execute("DELETE FROM mentions WHERE origin = 'user'")
    texts: dict[int, str] = {}
    for c in corrections:
        if not isinstance(c.change, MENTION_CHANGES):
            continue
        found = _find(lib, c.change.anchor, texts)
        if found is None:
            continue  # the article or its words are gone: the correction waits, harmless
        article_id, start, end = found
        if isinstance(c.change, Mark):
            label = c.change.label.value
            _suppress(lib, article_id, start, end, c.id, overlapping=True)
            conn.execute('INSERT INTO mentions (article_id, start, "end", text, label, found_label, origin, model)'
                         " VALUES (?, ?, ?, ?, ?, ?, 'user', '')",
                         (article_id, start, end, texts[article_id][start:end], label, label))
        else:
            _suppress(lib, article_id, start, end, c.id, overlapping=False)


def _find(lib: Library, anchor: Anchor, texts: dict[int, str]) -> tuple[int, int, int] | None:
    article_id = find_article(lib, anchor.article)
    if article_id is None:
        return None
    if article_id not in texts:
        texts[article_id] = lib.article(article_id).text
    span = locate(texts[article_id], anchor)
    return None if span is None else (article_id, span[0], span[1])


def _suppress(lib: Library, article_id: int, start: int, end: int, correction_id: int, overlapping: bool) -> None:
    """Take mentions away: those overlapping [start, end) (a mark), or the one on it (a removal)."""
    conn = lib.conn
    if overlapping:
        where, params = 'article_id = ? AND start < ? AND "end" > ?', (article_id, end, start)
    else:
        rows = conn.execute('SELECT count(*) FROM mentions WHERE article_id = ? AND start = ? AND "end" = ?',
                            (article_id, start, end)).fetchone()[0]
        if rows:
            where, params = 'article_id = ? AND start = ? AND "end" = ?', (article_id, start, end)
        else:  # the model now finds a slightly different span on the same words
            where, params = 'article_id = ? AND start < ? AND "end" > ?', (article_id, end, start)
    conn.execute('INSERT INTO suppressed_mentions (article_id, start, "end", text, label, model, correction_id)'
                 f" SELECT article_id, start, \"end\", text, found_label, model, ? FROM mentions WHERE {where} AND origin = 'model'",
                 (correction_id, *params))
    conn.execute(f"DELETE FROM mentions WHERE {where}", params)


@dataclass
class Linked:
    """A mention's linking result, as entity-level corrections rewrite it."""

    mention_id: int
    key: str
    entity_key: str
    label: Label
    reason: str


@dataclass
class Scope:
    """What the researcher's entity corrections can change (:func:`correction_scope`)."""

    articles: set[int]  # every mention of these articles' is replayed
    keys: set[str]  # the entity keys the replayed corrections can reach
    replayed: list[Correction]  # the corrections replayed on those articles, in order
    names: dict[str, str]  # the names of renames that need no replay: entity key → name


def correction_scope(lib: Library, corrections: Sequence[Correction], linker: Linker) -> Scope:
    """The articles, keys and corrections to replay so that the library reads as if every
    correction were replayed on every link.

    The keys are those the corrections name, those their forms' mentions are linked to, and
    those of the mentions they split; the articles hold every mention of those keys and every
    mention of those forms: no other link changes. A rename of an entity the linker holds
    and no other correction reaches is only a name (most renames): its articles are not replayed.
    """
    texts: dict[int, str] = {}
    keys: set[str] = set()
    articles: set[int] = set()

    def reach(ref: EntityRef) -> None:
        keys.add(ref.key)
        for form in set(ref.forms):
            for a in linker.form_articles(form):
                articles.add(a)
                keys.update(r.entity_key for r, _ in linker.article_links(a) if r.key == form)

    renames = [(c, c.change) for c in corrections if isinstance(c.change, Rename)]
    for c in corrections:
        match c.change:
            case Split(anchor=anchor):
                found = _find(lib, anchor, texts)
                mid = linker.mention_at(*found) if found else None
                if found is not None and mid is not None:
                    keys.update(r.entity_key for r, _ in linker.article_links(found[0]) if r.mention_id == mid)
            case SetType(entity=entity):
                reach(entity)
            case Merge(into=into, entities=entities):
                for ref in (into, *entities):
                    reach(ref)
    while True:  # a rename of an entity the linker does not hold, or one another correction reaches, is replayed
        replay = [(c, r) for c, r in renames if r.entity.key in keys or not linker.entity_articles(r.entity.key)]
        if not replay:
            break
        for _, r in replay:
            reach(r.entity)
        renames = [x for x in renames if x not in replay]
    for key in keys:
        articles |= linker.entity_articles(key)
    plain = {c.id for c, _ in renames}
    return Scope(articles, keys, [c for c in corrections if c.id not in plain], {r.entity.key: r.name for _, r in renames})


def apply_entity_corrections(lib: Library, results: Iterable[LinkResult], corrections: Sequence[Correction],
                             mention_at: Callable[[int, int, int], int | None]) -> tuple[list[Linked], dict[str, str]]:
    """Replay merges, splits, type changes and renames on linking results, in mention id order:
    those of the whole library, or of the articles :func:`correction_scope` gives.

    ``mention_at(article id, start, end)`` finds a split mention. Returns the rewritten results
    and the display names set by renames (entity key → name).
    """
    out = [Linked(r.mention_id, r.key, r.entity_key, r.label, r.reason) for r in results]
    names: dict[str, str] = {}
    if all(isinstance(c.change, MENTION_CHANGES) for c in corrections):
        return out, names
    # indexes kept as corrections move mentions, so each correction costs the size of the
    # entities it names, not the library's (hundreds of corrections over 450k mentions)
    by_key: dict[str, list[Linked]] = defaultdict(list)  # entity key → its mentions
    by_form: dict[str, list[Linked]] = defaultdict(list)  # a mention's own key (never changes) → mentions
    for x in out:
        by_key[x.entity_key].append(x)
        by_form[x.key].append(x)
    by_id: dict[int, Linked] | None = None
    texts: dict[int, str] = {}

    def members(ref: EntityRef) -> list[Linked]:
        """The mentions an entity ref stands for now: its key, else the forms it had."""
        found = by_key.get(ref.key)
        if found:
            return found
        # The forms' mentions moved to a longer name: follow them to the entity most of them
        # are in (a tie: the one met first in mention order, as the results come).
        targets: dict[str, list[int]] = {}
        for form in set(ref.forms):
            for x in by_form.get(form, ()):
                t = targets.setdefault(x.entity_key, [0, x.mention_id])
                t[0] += 1
                t[1] = min(t[1], x.mention_id)
        if not targets:
            return []
        key = max(targets.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0]
        return by_key.get(key, [])

    def move(group: list[Linked], key: str) -> list[Linked]:
        """Put a whole entity's mentions (they share one key) under ``key``; the mentions moved."""
        old = group[0].entity_key
        if old == key:
            return []
        moved = by_key.pop(old)
        for x in moved:
            x.entity_key = key
        by_key[key].extend(moved)
        return moved

    for c in corrections:
        match c.change:
            case Split(anchor=anchor):
                if by_id is None:
                    by_id = {x.mention_id: x for x in out}
                found = _find(lib, anchor, texts)
                mid = mention_at(*found) if found else None
                one = by_id.get(mid) if mid is not None else None
                if one is not None:
                    by_key[one.entity_key].remove(one)
                    if not by_key[one.entity_key]:
                        del by_key[one.entity_key]
                    one.entity_key = f"{one.key} #{c.id}"
                    one.reason = Reason.SPLIT_BY_USER.value
                    by_key[one.entity_key].append(one)
            case SetType(entity=entity, label=new):
                for x in members(entity):
                    x.label = new
            case Rename(entity=entity, name=name):
                group = members(entity)
                if group:
                    names[group[0].entity_key] = name
            case Merge(into=into, entities=entities, name=name):
                target = members(into)
                if not target:
                    continue
                key, label = target[0].entity_key, min(target, key=lambda x: x.mention_id).label
                if name:
                    names[key] = name
                for ref in entities:
                    group = members(ref)
                    for x in move(group, key) if group else ():
                        x.label, x.reason = label, Reason.MERGED_BY_USER.value
    # a mention's label follows its entity's (the last correction of the group decides)
    labels: dict[str, Counter[Label]] = defaultdict(Counter)
    for x in out:
        labels[x.entity_key][x.label] += 1
    winner = {ek: c.most_common(1)[0][0] for ek, c in labels.items()}
    for x in out:
        x.label = winner[x.entity_key]
    return out, names
