"""What the entity panel and the dossier show about an entity beyond its mentions: the outlets
that name it and the forms each uses, the entities it appears with, and related places."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reader.core import places
from reader.core.linking import reasons
from reader.core.store import EntityRecord, Library


@dataclass(frozen=True, slots=True)
class OutletForms:
    outlet: str
    articles: int
    forms: tuple[tuple[str, int], ...]  # surface form, count; most frequent first


@dataclass(frozen=True, slots=True)
class Related:
    entity: EntityRecord
    relation: str  # a reader.core.places relation, or "appears with"
    shared_articles: int = 0


def outlets(lib: Library, entity_id: int) -> list[OutletForms]:
    rows = lib.conn.execute(
        "SELECT a.outlet, m.text, count(*), count(DISTINCT a.id) FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE m.entity_id = ? GROUP BY a.outlet, m.text", (entity_id,)).fetchall()
    forms: dict[str, Counter[str]] = {}
    for outlet, text, n, _ in rows:
        forms.setdefault(outlet or "", Counter())[text] += n
    articles = {r[0] or "": r[1] for r in lib.conn.execute(
        "SELECT a.outlet, count(DISTINCT a.id) FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE m.entity_id = ? GROUP BY a.outlet", (entity_id,))}
    out = [OutletForms(o, articles.get(o, 0), tuple(c.most_common(8))) for o, c in forms.items()]
    return sorted(out, key=lambda x: (-x.articles, x.outlet))


def co_occurring(lib: Library, entity_id: int, limit: int = 10) -> list[Related]:
    """Entities named in the most of this entity's articles."""
    rows = lib.conn.execute(
        "SELECT m2.entity_id, count(DISTINCT m2.article_id) AS n FROM mentions m2"
        " WHERE m2.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?)"
        " AND m2.entity_id IS NOT NULL AND m2.entity_id != ? GROUP BY m2.entity_id ORDER BY n DESC, m2.entity_id LIMIT ?",
        (entity_id, entity_id, limit)).fetchall()
    return [Related(lib.entity(eid), "appears with", n) for eid, n in rows]


def related_places(lib: Library, entity: EntityRecord, limit: int = 12) -> list[Related]:
    """Capitals, countries and what names a country by its adjective: related, never merged."""
    out: list[Related] = []
    seen: set[int] = {entity.id}
    for key in sorted(places.related_candidates(entity.key)):
        rows = lib.conn.execute(
            "SELECT id FROM entities WHERE n_mentions > 0 AND (key = ? OR key LIKE ? OR key LIKE ? OR key LIKE ?)"
            " ORDER BY n_mentions DESC LIMIT ?",
            (key, key + " %", "% " + key, "% " + key + " %", limit)).fetchall()
        for (eid,) in rows:
            if eid in seen:
                continue
            other = lib.entity(eid)
            relation = places.related(entity.key, other.key)
            if relation:
                seen.add(eid)
                out.append(Related(other, relation))
    order = [places.CAPITAL_OF, places.HAS_CAPITAL, places.ADJECTIVE_OF, places.SAME_COUNTRY, places.HAS_ADJECTIVE]
    out.sort(key=lambda r: (order.index(r.relation) if r.relation in order else 9, -r.entity.n_mentions))
    return out[:limit]


def forms(lib: Library, entity_id: int, limit: int = 50) -> list[tuple[str, str, int]]:
    """(surface form, link reason, count) of an entity's mentions, most frequent first, each
    reason's shared context named as the library names it: the linker stores the names' keys
    (normalised: «اشرف غني»), a reader expects «أشرف غني»."""
    return [(text, _named_context(lib, reason), n) for text, reason, n in lib.entity_forms(entity_id, limit)]


def _named_context(lib: Library, stored: str) -> str:
    code, detail = reasons.parse(stored)
    if code not in reasons.SHARED_NAMES or not detail:
        return stored
    named = []
    for key in detail.split(reasons.CONTEXT_SEPARATOR):
        entity = lib.entity_by_key(key)
        named.append(entity.name if entity is not None else key)
    return reasons.stored(code, reasons.CONTEXT_SEPARATOR.join(named))
