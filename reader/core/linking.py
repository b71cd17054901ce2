"""Mentions → entities across the whole library.

A mention's *key* is its normalised form without clitics, the article and leading titles
(للنمروش, النمروش, نمروش → نمروش). Mentions link when their keys resolve to the same full
form:

1. within an article, a short form resolves to the one longer form introduced there that
   contains it (surname → full name, a short body name → the full name);
2. across articles, a short form left unresolved resolves to a longer form only when the
   library holds exactly one such longer form (two people sharing a surname stay apart);
3. identical resolved keys become one entity; its type is the majority of its mentions'.

Every mention records why it was linked (``link_reason``) so the panel can explain it.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.arabic import normalise, proclitic_splits, strip_article, tokenize
from reader.core.model import Label

if TYPE_CHECKING:
    from reader.core.store import Library

# Honorifics, ranks and roles that precede names in news text (normalised, without ال).
# Generic Arabic vocabulary, not names: dropped from keys and display names.
TITLE_WORDS = frozenset(normalise(w) for w in """
    رئيس الرئيس ملك الملك امير الأمير الامير أمير شيخ الشيخ سيد السيد السيدة سيدة دكتور الدكتور د
    مهندس المهندس استاذ الأستاذ الاستاذ لواء اللواء عميد العميد عقيد العقيد فريق الفريق مشير المشير
    عماد العماد رائد الرائد نقيب النقيب مقدم المقدم جنرال الجنرال سمو صاحب السمو سماحة فضيلة معالي
    سعادة الحاج حاج الإمام الامام المستشار مستشار القاضي السفير سفير النائب الوزير وزير الأميرة
    البابا الكاردينال المطران القس الشريف ولي العهد
""".split())

# Leading single-letter proclitics that are not part of a name (وزير stays whole: checked by length).
_LEADING_CLITICS = "وفبلك"


def _words(text: str) -> list[str]:
    raw = [t.text for t in tokenize(normalise(text)) if t.text[0].isalnum()]
    # Compound names are written with or without a space: عبد العزيز / عبدالعزيز, ابو بكر / ابوبكر.
    words: list[str] = []
    for w in raw:
        if words and words[-1] in _JOINED_PREFIXES:
            words[-1] += w
        else:
            words.append(w)
    return [strip_article(w) for w in words]


_JOINED_PREFIXES = frozenset({"عبد", "ابو"})


def vocabulary(surfaces: Iterable[str]) -> frozenset[str]:
    """Words seen in mentions, without the article: evidence that a stem is a word of its own."""
    return frozenset(w for s in surfaces for w in _words(s))


def mention_key(text: str, vocab: frozenset[str] = frozenset()) -> str:
    """The matching key of a mention's surface text.

    The article always goes; a bare و/ف/ب/ك/ل goes only when the rest is a word seen
    elsewhere in ``vocab`` (وبيروت → بيروت, but بيروت stays بيروت).
    """
    words = _words(text)
    if words:
        first = words[0]
        words[0] = next((stem for stem in proclitic_splits(first) if stem in vocab), first)
    while len(words) > 1 and (words[0] in TITLE_WORDS or "ال" + words[0] in TITLE_WORDS):
        words = words[1:]
    return " ".join(words)


def display_name(surface: str) -> str:
    """A surface form fit to head an entity: no leading title word."""
    words = surface.split()
    while len(words) > 1 and normalise(words[0]) in TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class LinkInput:
    """What linking needs of a mention."""

    id: int
    article_id: int
    text: str
    label: Label


@dataclass(frozen=True, slots=True)
class LinkResult:
    mention_id: int
    key: str  # the mention's own key
    entity_key: str  # the resolved key (the entity's)
    label: Label  # the entity's label
    reason: str


# Words after which the rest of a name is somebody else's (the father's, the family's):
# in محمد بن سلمان, "سلمان" is not a short form of the son. Normalised forms.
_KIN = frozenset({"بن", "ابن", "بنت", "ال"})


def short_forms(label: Label, words: Sequence[str]) -> set[str]:
    """The shorter keys a full name can be referred to by.

    People: the given name with the following names (محمد بن سلمان), the family name (not a
    father's name after بن), and the given name with the family name (خالد العطيه for
    خالد بن محمد العطيه). Organisations: any contiguous run (الوفاق, حكومه الوفاق).
    """
    n = len(words)
    out: set[str] = set()
    if label is Label.PERS:
        for j in range(1, n):
            if words[j - 1] not in _KIN:
                out.add(" ".join(words[:j]))
        for i in range(1, n):
            if words[i - 1] not in _KIN and words[i] not in _KIN - {"ال"}:
                out.add(" ".join(words[i:]))
        if n > 2 and words[-2] not in _KIN:
            out.add(words[0] + " " + words[-1])
    else:
        for size in range(1, n):
            for i in range(n - size + 1):
                out.add(" ".join(words[i:i + size]))
    return out


def _contains(label: Label, long: Sequence[str], short: Sequence[str]) -> bool:
    """Whether ``short`` is one of the short forms of ``long``."""
    return len(short) < len(long) and " ".join(short) in short_forms(label, long)


_EXPANDABLE = (Label.PERS, Label.ORG)


def link(mentions: Iterable[LinkInput]) -> list[LinkResult]:
    """Resolve every mention to an entity key (pure: no database, no I/O)."""
    mentions = list(mentions)
    vocab = vocabulary(m.text for m in mentions)
    items = [(m, mention_key(m.text, vocab)) for m in mentions]
    items = [(m, k) for m, k in items if k]
    by_article: dict[int, list[tuple[LinkInput, str]]] = defaultdict(list)
    for m, k in items:
        by_article[m.article_id].append((m, k))

    # Longer forms of each type in the library, for cross-article short forms.
    long_forms: dict[Label, set[str]] = defaultdict(set)
    for m, k in items:
        if m.label in _EXPANDABLE and " " in k:
            long_forms[m.label].add(k)
    library_index: dict[tuple[Label, str], set[str]] = defaultdict(set)
    for label, keys in long_forms.items():
        for k in keys:
            for short in short_forms(label, k.split()):
                library_index[(label, short)].add(k)

    resolved: dict[int, tuple[str, str]] = {}
    for article_items in by_article.values():
        local_long: dict[Label, set[str]] = defaultdict(set)
        for m, k in article_items:
            if m.label in _EXPANDABLE and " " in k:
                local_long[m.label].add(k)
        for m, k in article_items:
            if m.label not in _EXPANDABLE:
                resolved[m.id] = (k, "")
                continue
            words = k.split()
            local = _maximal(m.label, {lk for lk in local_long[m.label] if _contains(m.label, lk.split(), words)})
            if len(local) == 1:
                resolved[m.id] = (next(iter(local)), "short form of a longer name in the same article")
                continue
            if local:
                resolved[m.id] = (k, "ambiguous: several longer names in the article contain it")
                continue
            library = _maximal(m.label, library_index.get((m.label, k), set()))
            if len(library) == 1:
                resolved[m.id] = (next(iter(library)), "short form: the only longer name in the library that contains it")
            elif len(library) > 1:
                resolved[m.id] = (k, "ambiguous: several longer names in the library contain it")
            else:
                resolved[m.id] = (k, "")

    # Chains (a short form resolved to a middle form that itself expands) settle on the longest.
    def final(label: Label, key: str) -> str:
        seen = {key}
        while True:
            up = _maximal(label, library_index.get((label, key), set()))
            if len(up) != 1 or (nxt := next(iter(up))) in seen or " " not in key:
                return key
            seen.add(nxt)
            key = nxt

    votes: dict[str, Counter[Label]] = defaultdict(Counter)
    staged = []
    for m, k in items:
        ek, reason = resolved[m.id]
        if m.label in _EXPANDABLE and " " in ek:
            ek2 = final(m.label, ek)
            if ek2 != ek:
                ek, reason = ek2, reason or "a shorter variant of the only longer name in the library"
        staged.append((m, k, ek, reason))
        votes[ek][m.label] += 1
    out = []
    for m, k, ek, reason in staged:
        label = votes[ek].most_common(1)[0][0]
        if not reason and k == ek:
            reason = "same name"
        out.append(LinkResult(m.id, k, ek, label, reason))
    return out


def _maximal(label: Label, keys: set[str]) -> set[str]:
    """Drop keys contained in another key of the set (keep the fullest forms)."""
    return {k for k in keys if not any(o != k and _contains(label, o.split(), k.split()) for o in keys)}


def relink_library(lib: Library, progress: Callable[[str], None] | None = None) -> int:
    """Recompute every mention's entity and the entities table; returns the number of entities.

    Entity ids stay stable for unchanged (label, key) pairs, so a user's view survives.
    """
    conn = lib.conn
    rows = conn.execute("SELECT id, article_id, text, label FROM mentions").fetchall()
    results = link(LinkInput(r[0], r[1], r[2], Label(r[3])) for r in rows)
    surfaces: dict[tuple[Label, str], Counter[str]] = defaultdict(Counter)
    full_surfaces: dict[tuple[Label, str], Counter[str]] = defaultdict(Counter)
    text_of = {r[0]: r[2] for r in rows}
    for res in results:
        surfaces[(res.label, res.entity_key)][text_of[res.mention_id]] += 1
        if res.key == res.entity_key:
            full_surfaces[(res.label, res.entity_key)][display_name(text_of[res.mention_id])] += 1
    existing = {(Label(r[1]), r[2]): r[0] for r in conn.execute("SELECT id, label, key FROM entities")}
    ids: dict[tuple[Label, str], int] = {}
    for ek, counts in surfaces.items():
        name = _canonical(full_surfaces.get(ek) or Counter({display_name(s): c for s, c in counts.items()}))
        aliases = json.dumps([s for s, _ in counts.most_common(50)], ensure_ascii=False)
        if ek in existing:
            conn.execute("UPDATE entities SET name = ?, aliases = ? WHERE id = ?", (name, aliases, existing[ek]))
            ids[ek] = existing[ek]
        else:
            cur = conn.execute("INSERT INTO entities (label, key, name, aliases) VALUES (?, ?, ?, ?)",
                               (ek[0].value, ek[1], name, aliases))
            ids[ek] = int(cur.lastrowid or 0)
    conn.executemany(
        "UPDATE mentions SET key = ?, entity_id = ?, label = ?, link_reason = ? WHERE id = ?",
        [(r.key, ids[(r.label, r.entity_key)], r.label.value, r.reason, r.mention_id) for r in results])
    stale = [eid for ek, eid in existing.items() if ek not in ids]
    conn.executemany("UPDATE mentions SET entity_id = NULL WHERE entity_id = ?", [(e,) for e in stale])
    conn.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in stale])
    conn.execute(
        "UPDATE entities SET n_mentions = (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id),"
        " n_articles = (SELECT count(DISTINCT article_id) FROM mentions m WHERE m.entity_id = entities.id)")
    if progress:
        progress(f"linked {len(results)} mentions into {len(ids)} entities")
    return len(ids)


def _canonical(counts: Counter[str]) -> str:
    """The most frequent form, folding forms with a leading clitic (وقطر) into the bare one."""
    folded: Counter[str] = Counter()
    for s, c in counts.items():
        bare = s
        if len(s) > 3 and s[0] in _LEADING_CLITICS and s[1:] in counts:
            bare = s[1:]
        elif s.startswith("لل") and "ال" + s[2:] in counts:
            bare = "ال" + s[2:]
        folded[bare] += c
    return max(folded.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
