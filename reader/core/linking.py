"""Mentions → entities across the whole library.

A mention's *key* is its normalised form without clitics, the article and leading titles
(للداودي, الداودي, داودي → داودي). Mentions link when their keys resolve to the same full
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
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.core.arabic import normalise, proclitic_splits, strip_article, tokenize
from reader.core.model import Label
from reader.resources import resource_path

if TYPE_CHECKING:
    from reader.core.store import Library

# Honorifics, ranks and roles that precede names in news text (normalised, without ال).
# Generic Arabic vocabulary, not names: dropped from keys and display names. The GATE titles
# list (resources/names/titles.txt) adds to these for people.
_BASE_TITLES = """
    رئيس الرئيس ملك الملك امير الأمير الامير أمير شيخ الشيخ سيد السيد السيدة سيدة دكتور الدكتور د
    مهندس المهندس استاذ الأستاذ الاستاذ لواء اللواء عميد العميد عقيد العقيد فريق الفريق مشير المشير
    عماد العماد رائد الرائد نقيب النقيب مقدم المقدم جنرال الجنرال سمو صاحب السمو سماحة فضيلة معالي
    سعادة الحاج حاج الإمام الامام المستشار مستشار القاضي السفير سفير النائب الوزير وزير الأميرة
    البابا الكاردينال المطران القس الشريف ولي العهد
""".split()
TITLE_WORDS = frozenset(normalise(w) for w in _BASE_TITLES)

# Words of a role that follow a title before the name: وزير [الدفاع] [التركي] خلوصي أكار.
# Generic government vocabulary (normalised, without ال); nisba adjectives come from places.tsv.
_PORTFOLIO = frozenset(normalise(w) for w in """
    دفاع خارجية داخلية وزراء حكومة دولة أركان اركان عدل مالية إعلام اعلام مجلس عام أول اول جمهورية
    برلمان نواب شورى اقتصاد تعليم صحة نفط طاقة عمل خاص أممي اممي أعلى اعلى رئاسي وطني سابق
    مفوض مفوضية إدارة ادارة جيش قوات مبعوث أمين امين سر عهد الحكومة الدولة المجلس
""".split())

# Leading single-letter proclitics that are not part of a name (وزير stays whole: checked by length).
_LEADING_CLITICS = "وفبلك"

Vocab = Mapping[str, int] | AbstractSet[str]


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """Title words without the article (single words: phrases are runs of single title words)."""
    words = {strip_article(w) for w in TITLE_WORDS}
    try:
        lines = resource_path("names", "titles.txt").read_text(encoding="utf-8").split()
    except OSError:
        lines = []
    words.update(strip_article(w) for w in lines if len(w) > 1)
    return frozenset(words)


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Words known to be names on their own (given names, countries, capitals), article-free.

    Evidence that a leading و/ف/ب/ك/ل is a clitic: لخليفة = ل + خليفة; وقطر = و + قطر.
    """
    from reader.core.places import places

    try:
        given = resource_path("names", "given_names.txt").read_text(encoding="utf-8").split()
    except OSError:
        given = []
    return frozenset(strip_article(w) for w in given) | places().words()


@lru_cache(maxsize=1)
def _nisbas() -> frozenset[str]:
    from reader.core.places import places

    return frozenset(k for k in places().nisba_of if " " not in k)


_LEXICON_WEIGHT = 2  # a lexicon word counts as much as two mentions in the library


def _count(vocab: Vocab, word: str) -> int:
    n = vocab.get(word, 0) if isinstance(vocab, Mapping) else (1 if word in vocab else 0)
    return n + (_LEXICON_WEIGHT if word in lexicon() else 0)


# The unambiguous article, with the و/ف and ب/ك before it (والدوحة, بالدوحة, فالحكومة).
_SAFE_ARTICLE_RE = re.compile("^[وف]?[بك]?ال(?=..)")
# لل is ل + ال (للحكومة) or ل + a word starting with ل (لليبيا): the vocabulary decides.
_LAM_LAM_RE = re.compile("^([وف]?)لل(?=..)")


def _base_words(text: str) -> list[str]:
    """Normalised words, compound names joined, the unambiguous article stripped (لل words kept)."""
    # Compound names are written with or without a space: عبد العزيز / عبدالعزيز, ابو بكر / ابوبكر.
    return [_SAFE_ARTICLE_RE.sub("", w, count=1) for w in _joined(text)]


def _had_article(text: str) -> list[bool]:
    """Per word of :func:`_base_words`, whether an article was stripped (no proclitic can precede it then)."""
    return [a != b for a, b in zip(_joined(text), _base_words(text))]


@lru_cache(maxsize=100_000)
def _joined(text: str) -> tuple[str, ...]:
    raw = [t.text for t in tokenize(normalise(text)) if t.text[0].isalnum()]
    words: list[str] = []
    for w in raw:
        if words and words[-1] in _JOINED_PREFIXES:
            words[-1] += w
        else:
            words.append(w)
    return tuple(words)


def _words(text: str, vocab: Vocab = frozenset()) -> list[str]:
    out = []
    for w in _base_words(text):
        m = _LAM_LAM_RE.match(w)
        if m:
            article_reading = w[m.end():]  # ل + ال + rest
            lam_reading = w[m.end() - 1:]  # ل + (ل...)
            w = lam_reading if _count(vocab, lam_reading) > _count(vocab, article_reading) else article_reading
        out.append(w)
    return out


_JOINED_PREFIXES = frozenset({"عبد", "ابو"})


def vocabulary(surfaces: Iterable[str]) -> Counter[str]:
    """How often each word appears in mentions (article stripped): evidence that a stem is a word of its own."""
    out: Counter[str] = Counter()
    for surface, n in Counter(surfaces).items():
        for w in _base_words(surface):
            out[w] += n
    return out


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    try:
        return frozenset(resource_path("names", "given_names.txt").read_text(encoding="utf-8").split())
    except OSError:
        return frozenset()


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(strip_article(w) for w in TITLE_WORDS)


def _title_prefix(words: Sequence[str], label: Label | None, articled: Sequence[bool] = ()) -> int:
    """How many leading words are a title or role (never all of them).

    People: titles, then the role's object and nisba (الرئيس التركي, وزير الدفاع). Others: only
    the honorifics of the small built-in list (a body's name may start with a role word).
    """
    titles = _titles() if label in (Label.PERS, None) else _honorifics()
    n = 0
    while n < len(words) - 1:
        w = words[n]
        if n < len(articled) and not articled[n] and w in _given_names():
            break  # شريف إسماعيل, أمير طاهري: a given name; الشريف, الأمير: a title
        # duals and construct plurals of a title: وزيرا/وزيري الدفاع, سفيري البلدين
        if w in titles or (label is Label.PERS and len(w) > 3 and w[-1] in "اي" and w[:-1] in titles):
            n += 1
        elif n and label is Label.PERS and (w in _PORTFOLIO or w in _nisbas()):
            n += 1
        else:
            break
    return n


def mention_key(text: str, vocab: Vocab = frozenset(), label: Label | None = None) -> str:
    """The matching key of a mention's surface text.

    The article always goes; a bare و/ف/ب/ك/ل goes only when the rest is a word seen at least
    as often elsewhere in ``vocab`` or a known name (وبيروت → بيروت, but بيروت stays بيروت);
    leading titles and roles go.
    """
    words = _words(text, vocab)
    articled = _had_article(text)
    if words and not articled[0]:  # الولايات is not و + لايات: a clitic never follows the article
        first = words[0]
        own = _count(vocab, first)
        words[0] = next((stem for stem in proclitic_splits(first) if _count(vocab, stem) >= max(1, own)), first)
    return " ".join(words[_title_prefix(words, label, articled):])


def display_name(surface: str, label: Label | None = None) -> str:
    """A surface form fit to head an entity: no leading title or role words."""
    words = surface.split()
    keys = [_SAFE_ARTICLE_RE.sub("", normalise(w), count=1) for w in words]
    articled = [k != normalise(w) for k, w in zip(keys, words)]
    return " ".join(words[_title_prefix(keys, label, articled):])


def title_words(text: str) -> frozenset[str]:
    """The title words a mention carries (المشير, الشيخ), as context for telling namesakes apart."""
    words = _base_words(text)
    return frozenset(words[:_title_prefix(words, Label.PERS)])


@dataclass(frozen=True, slots=True)
class LinkInput:
    """What linking needs of a mention (outlet and date help tell namesakes apart)."""

    id: int
    article_id: int
    text: str
    label: Label
    start: int = 0
    outlet: str = ""
    date: str = ""
    user: bool = False  # marked by the researcher: its type outvotes the model's


_USER_VOTE = 1000

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
    father's name after بن), and the given name with the family name (سالم الكندي for
    سالم بن علي الكندي). Organisations: any contiguous run (الاحصاء, هيئه الاحصاء).
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
    elif n <= _MAX_SUBSEQUENCE_WORDS:
        # Bodies drop words anywhere, in order: الهيئة (الوطنية) للإحصاء (الأردنية)
        for mask in range(1, (1 << n) - 1):
            out.add(" ".join(w for b, w in enumerate(words) if mask >> b & 1))
    else:
        for size in range(1, n):
            for i in range(n - size + 1):
                out.add(" ".join(words[i:i + size]))
    return out


_MAX_SUBSEQUENCE_WORDS = 7


@lru_cache(maxsize=50_000)
def _short_set(label: Label, key: str) -> frozenset[str]:
    """:func:`short_forms` of a key, cached: linking asks for the same keys over and over."""
    return frozenset(short_forms(label, key.split()))


def _contains(label: Label, long: Sequence[str], short: Sequence[str]) -> bool:
    """Whether ``short`` is one of the short forms of ``long``."""
    return len(short) < len(long) and " ".join(short) in _short_set(label, " ".join(long))


_EXPANDABLE = (Label.PERS, Label.ORG)
# Context needed to pick one of several namesakes: shared co-occurring entities (1 each),
# a shared title (1), the same outlet (0.5), dates within a week (0.5); and a clear margin.
_MIN_CONTEXT = 1.0
_MARGIN = 2.0


def link(mentions: Iterable[LinkInput]) -> list[LinkResult]:
    """Resolve every mention to an entity key (pure: no database, no I/O)."""
    mentions = list(mentions)
    vocab = vocabulary(m.text for m in mentions)
    keys: dict[tuple[str, Label], str] = {}  # the same surfaces recur across a library
    for m in mentions:
        if (m.text, m.label) not in keys:
            keys[(m.text, m.label)] = mention_key(m.text, vocab, m.label)
    items = [(m, keys[(m.text, m.label)]) for m in mentions]
    items = [(m, k) for m, k in items if k]
    by_article: dict[int, list[tuple[LinkInput, str]]] = defaultdict(list)
    for m, k in items:
        by_article[m.article_id].append((m, k))
    for article_items in by_article.values():
        article_items.sort(key=lambda mk: (mk[0].start, mk[0].id))

    # Longer forms of each type in the library, for cross-article short forms.
    long_forms: dict[Label, set[str]] = defaultdict(set)
    for m, k in items:
        if m.label in _EXPANDABLE and " " in k:
            long_forms[m.label].add(k)
    library_index: dict[tuple[Label, str], set[str]] = defaultdict(set)
    for label, keys in long_forms.items():
        for k in keys:
            for short in _short_set(label, k):
                library_index[(label, short)].add(k)

    # Context of each article (keys named in it, outlet, date) and of each long form (the
    # articles that name it in full, and the titles it is given there).
    article_keys = {a: {k for _, k in its} for a, its in by_article.items()}
    article_meta = {a: (its[0][0].outlet, its[0][0].date[:10]) for a, its in by_article.items()}
    long_articles: dict[str, set[int]] = defaultdict(set)
    long_titles: dict[str, set[str]] = defaultdict(set)
    for m, k in items:
        if " " in k:
            long_articles[k].add(m.article_id)
            long_titles[k] |= title_words(m.text)

    def context_choice(m: LinkInput, k: str, candidates: set[str]) -> tuple[str, str] | None:
        own = article_keys[m.article_id] - {k} - candidates
        outlet, date = article_meta[m.article_id]
        titles = title_words(m.text)
        scored = []
        for c in candidates:
            shared: set[str] = set()
            score = 0.0
            same_outlet = near_date = False
            for a in long_articles[c]:
                shared |= own & (article_keys[a] - {c})
                o, d = article_meta[a]
                same_outlet |= bool(outlet) and o == outlet
                near_date |= bool(date) and bool(d) and _days_apart(date, d) <= 7
            score = len(shared) + (1.0 if titles & long_titles[c] else 0.0) + 0.5 * same_outlet + 0.5 * near_date
            scored.append((score, c, shared))
        scored.sort(key=lambda t: -t[0])
        best, runner = scored[0], (scored[1][0] if len(scored) > 1 else 0.0)
        if best[0] >= _MIN_CONTEXT and best[0] >= _MARGIN * runner:
            names = "، ".join(sorted(best[2])[:3])
            why = f"context: shares {names} with the articles naming the longer name" if names else \
                "context: same title, outlet or dates as the articles naming the longer name"
            return best[1], why
        return None

    resolved: dict[int, tuple[str, str]] = {}
    for article_items in by_article.values():
        seen_long: dict[Label, list[str]] = defaultdict(list)  # long forms introduced so far, in order
        all_long: dict[Label, set[str]] = defaultdict(set)
        for m, k in article_items:
            if m.label in _EXPANDABLE and " " in k:
                all_long[m.label].add(k)
        for m, k in article_items:
            if m.label not in _EXPANDABLE:
                # A one-word place/other that is the surname of a person named in the article is
                # that person mis-typed by the model (a surname tagged as a place): the vote fixes the type.
                people = _maximal(Label.PERS, {lk for lk in all_long[Label.PERS] if " " not in k
                                               and _contains(Label.PERS, lk.split(), [k]) and lk.split()[-1] == k})
                if len(people) == 1:
                    resolved[m.id] = (next(iter(people)), "short form of a person named in the same article (type differs)")
                elif m.label is Label.LOC and (country := _country_name(k)) and country != k:
                    resolved[m.id] = (country, "another name of the same country")
                else:
                    resolved[m.id] = (k, "")
                continue
            words = k.split()
            local = _maximal(m.label, {lk for lk in all_long[m.label] if _contains(m.label, lk.split(), words)})
            if not local and m.label is Label.ORG and len(words) == 1:
                people = _maximal(Label.PERS, {lk for lk in all_long[Label.PERS] if lk.split()[-1] == k})
                if len(people) == 1:
                    resolved[m.id] = (next(iter(people)), "short form of a person named in the same article (type differs)")
                    continue
            if len(local) == 1:
                resolved[m.id] = (next(iter(local)), "short form of a longer name in the same article")
            elif local:
                earlier = [lk for lk in reversed(seen_long[m.label]) if lk in local]
                if earlier:
                    resolved[m.id] = (earlier[0], "short form of the nearest longer name introduced earlier in the article")
                else:
                    resolved[m.id] = (k, "ambiguous: several longer names in the article contain it")
            else:
                library = _maximal(m.label, library_index.get((m.label, k), set()))
                if len(library) == 1:
                    resolved[m.id] = (next(iter(library)), "short form: the only longer name in the library that contains it")
                elif len(library) > 1:
                    choice = context_choice(m, k, library)
                    resolved[m.id] = choice or (k, "ambiguous: several longer names in the library contain it")
                else:
                    resolved[m.id] = (k, "")
            if m.label in _EXPANDABLE and " " in k:
                seen_long[m.label].append(k)

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
        votes[ek][m.label] += _USER_VOTE if m.user else 1
    out = []
    for m, k, ek, reason in staged:
        label = votes[ek].most_common(1)[0][0]
        if not reason and k == ek:
            reason = "same name"
        out.append(LinkResult(m.id, k, ek, label, reason))
    return out


def _country_name(key: str) -> str | None:
    """The common name's key of a country named by ``key`` (its official or another name)."""
    from reader.core.places import places

    table = places()
    code = table.country_of.get(key)
    return table.by_code(code).countries[0] if code else None


def _days_apart(a: str, b: str) -> int:
    from datetime import date

    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 10_000


def _maximal(label: Label, keys: set[str]) -> set[str]:
    """Drop keys contained in another key of the set (keep the fullest forms)."""
    if len(keys) < 2:
        return set(keys)
    contained: set[str] = set()
    for o in keys:
        contained.update(_short_set(label, o))
    return keys - contained


def relink_library(lib: Library, progress: Callable[[str], None] | None = None) -> int:
    """Recompute every mention's entity and the entities table; returns the number of entities.

    The researcher's corrections are replayed: marks and removals before linking, merges,
    splits, type changes and renames after it (reader.core.corrections). Entity ids stay
    stable for unchanged (label, key) pairs, so a user's view survives.
    """
    from reader.core import corrections as corr

    conn = lib.conn
    in_force = corr.active(lib)
    corr.replay_mentions(lib, in_force)
    rows = conn.execute(
        "SELECT m.id, m.article_id, m.text, coalesce(nullif(m.found_label, ''), m.label), m.start, m.\"end\", a.outlet, a.date, m.origin"
        " FROM mentions m JOIN articles a ON a.id = m.article_id").fetchall()
    linked = link(LinkInput(r[0], r[1], r[2], Label(r[3]), r[4], r[6] or "", r[7] or "", r[8] == "user") for r in rows)
    results, renamed = corr.apply_entity_corrections(lib, linked, in_force, {r[0]: (r[1], r[4], r[5]) for r in rows})
    surfaces: dict[tuple[Label, str], Counter[str]] = defaultdict(Counter)
    full_surfaces: dict[tuple[Label, str], Counter[str]] = defaultdict(Counter)
    text_of = {r[0]: r[2] for r in rows}
    for res in results:
        surfaces[(res.label, res.entity_key)][text_of[res.mention_id]] += 1
        if res.key == res.entity_key.split(" #")[0]:
            full_surfaces[(res.label, res.entity_key)][text_of[res.mention_id]] += 1
    existing = {(Label(r[1]), r[2]): r[0] for r in conn.execute("SELECT id, label, key FROM entities")}
    ids: dict[tuple[Label, str], int] = {}
    for ek, counts in surfaces.items():
        forms: Counter[str] = Counter()
        for surface, c in (full_surfaces.get(ek) or counts).items():
            forms[display_name(surface, ek[0])] += c
        name = renamed.get(ek[1]) or _canonical(forms)
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
