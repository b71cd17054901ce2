"""Names the library has learnt, carried to articles where the model missed them.

Two kinds of evidence make a form a confirmed name of the library:

* a **learnt surname**: a surname the model found next to the full name (a short form linked
  "in the same article"). Where another article uses it alone, without a title, the model often
  misses it: the name was never seen in training. Only single-word short forms of people linked
  inside one article qualify: they are the confident ones, and a person's surname is a name
  wherever it stands (which person it is, linking decides);
* a **confirmed form**, of any type but MISC: a form (one or more words, normalised, the first
  with or without proclitics) that the model tags as one type in at least ``MIN_ARTICLES``
  articles, with that type in at least ``MIN_AGREEMENT`` of the articles tagging it, and in at
  least ``MIN_SHARE`` of the articles whose text holds it (the search index counts those).
  A place the model knows in most articles (a province, a port) or a two-word body is then
  found in the articles where the model left it out; a word most articles use as an ordinary
  word never reaches the share.

After linking, those forms are looked up in the search index, their untagged occurrences become
mentions, and linking runs again. No model runs here: one grouped query for the counts, one
indexed lookup per form and one tokenisation per article that has an untagged occurrence, so a
library of tens of thousands of articles costs seconds, not a second analysis.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from reader.core.arabic import TOKEN_RE, normalise, strip_article, strip_clitics, tokenize
from reader.core.linking.keys import is_bare_role
from reader.core.linking.reasons import IN_ARTICLE
from reader.core.model import Label
from reader.core.ner.clitics import clitic_cut
from reader.core.store import Library, fts_query
from reader.core.words import AMOUNTS

# Linked inside one article, where the full name is printed beside the short form.
_CONFIDENT = IN_ARTICLE
# A learnt surname is carried only where it is not mostly an ordinary word: it may stand in at
# most this many times as many articles as name it as a person (plus as many again).
_MAX_SPREAD = 3

# Confirmed forms (see the module docstring); measured with bench/link_eval.py --context all.
MIN_ARTICLES = 3
MIN_AGREEMENT = 0.75
MIN_SHARE = 0.5
# ... or, for a form tagged in at least LOW_SHARE_ARTICLES articles, in this share of them.
LOW_SHARE = 0.25
LOW_SHARE_ARTICLES = 10
# MISC (currencies, religions, events) is left to the model: its forms are mostly common nouns.
_TYPES = (Label.PERS.value, Label.ORG.value, Label.LOC.value)

_Form = tuple[str, ...]

# A normalised word with the article, after any proclitics (والسعوديه, للحكومه).
_DEFINITE_RE = re.compile("^(?:[وف]?[بكل]?ال|[وف]?لل)..")


def _nisbas() -> frozenset[str]:
    from reader.core.places import places

    return frozenset(places().nisba_of)


# Above this many articles, one pass over all mentions beats looking each article up.
_SCAN_ABOVE = 5_000


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def learnt_names(lib: Library, article_ids: Iterable[int] | None = None) -> set[str]:
    """Surnames linked to a full name inside an article (of ``article_ids``, or anywhere)."""
    # The mention's key is the entity key's last word: a family name, not a given name (أحمد)
    # or a role word the model took into a span.
    # CROSS JOIN: mentions drive the loop, so a list of articles is looked up through their
    # index (entities first would probe every person entity for every listed article).
    sql = ("SELECT DISTINCT m.text, m.article_id FROM mentions m CROSS JOIN entities e ON e.id = m.entity_id"
           " WHERE e.label = 'PERS' AND m.label = 'PERS' AND instr(e.key, ' ') > 0"
           " AND m.key != '' AND instr(m.key, ' ') = 0 AND length(m.key) >= 3"
           f" AND m.link_reason IN ({','.join('?' * len(_CONFIDENT))})"
           " AND substr(e.key, length(e.key) - length(m.key)) = ' ' || m.key")
    ids = None if article_ids is None else sorted(set(article_ids))
    if ids is None or len(ids) > _SCAN_ABOVE:  # a whole import: one pass over every mention
        wanted = None if ids is None else set(ids)
        return {t for t, a in lib.conn.execute(sql, _CONFIDENT) if wanted is None or a in wanted}
    out: set[str] = set()
    for chunk in _chunks(ids):
        out |= {r[0] for r in lib.conn.execute(
            sql + f" AND m.article_id IN ({','.join('?' * len(chunk))})", (*_CONFIDENT, *chunk))}
    return out


@lru_cache(maxsize=1 << 16)  # the counts and the tagged articles read the same surfaces
def _words(text: str) -> _Form:
    """The form of a surface: its words normalised and stripped of proclitics and the article, as
    the search index holds them (للأمم المتحدة and الأمم المتحدة are one form)."""
    return tuple(strip_clitics(t.text) for t in tokenize(normalise(text)) if t.text[0].isalnum())


def _spelling(raw: str) -> str:
    """What ``_words`` forgets of a word: whether it has the article (الجزيرة the channel, جزيرة an
    island), and how it ends as written (ة and ه are one letter to ``normalise`` but not to the
    reader: جدة the city, جده "his grandfather")."""
    return ("+" if _DEFINITE_RE.match(normalise(raw)) else "-") + (raw[-1:] if raw[-1:] in ("ة", "ه") else "")


def _same_spelling(usual: str, raw: str) -> bool:
    got = _spelling(raw)
    return got[0] == usual[0] and (len(got) == 1 or len(usual) == 1 or got == usual)


@dataclass(slots=True)
class _Confirmed:
    label: str
    spelling: tuple[str, ...]  # the tagged surfaces' usual spelling of each word (``_spelling``)
    n: int = 0  # articles tagging it with ``label``


def _passes(n: int, holding: int, min_articles: int, min_share: float) -> bool:
    """Whether a form tagged in ``n`` of the ``holding`` articles that hold it is confirmed."""
    if n < min_articles or not holding:
        return False
    return n >= min(min_share, LOW_SHARE if n >= LOW_SHARE_ARTICLES else 1.0) * holding


def _stats(lib: Library) -> tuple[dict[_Form, tuple[Counter[str], Counter[tuple[str, ...]]]], dict[_Form, list[str]]]:
    """Per form: articles tagging it per label, and its tagged surfaces' word endings; and the
    surfaces of several words of each form (a role alone is one of those: read only for the forms
    the counts leave, ``confirmed_forms``). An article that writes a form in two surfaces (الزاهريين,
    للزاهريين) counts once for each: the thresholds were measured with this count (counting it
    once took one movement of the sample from 94 articles to 44), so a change of count needs them
    measured again."""
    out: dict[_Form, tuple[Counter[str], Counter[tuple[str, ...]]]] = {}
    phrases: dict[_Form, list[str]] = defaultdict(list)
    for text, label, n in lib.conn.execute(
            "SELECT text, label, count(DISTINCT article_id) FROM mentions GROUP BY text, label"):
        form = _words(text)
        if not form:
            continue
        if len(text.split()) > 1:
            phrases[form].append(text)
        labels, spellings = out.setdefault(form, (Counter(), Counter()))
        labels[label] += n
        if label in _TYPES:
            spellings[tuple(_spelling(t.text) for t in tokenize(text) if t.text[0].isalnum())] += n
    return out, phrases


def _phrase(form: _Form) -> str:
    """An FTS query for the articles holding ``form`` as consecutive words, with any proclitics:
    the index holds every article's clitic-stripped words in order after its text."""
    return 'body : "' + " ".join(form).replace('"', '""') + '"'


def confirmed_forms(lib: Library, min_articles: int | None = None, min_share: float | None = None,
                    min_agreement: float | None = None) -> dict[_Form, tuple[_Confirmed, list[int]]]:
    """Forms the library tags as one type in enough articles and in enough of those that hold them,
    with the ids of the articles that hold them (defaults: the module's constants)."""
    min_articles = MIN_ARTICLES if min_articles is None else min_articles
    min_share = MIN_SHARE if min_share is None else min_share
    min_agreement = MIN_AGREEMENT if min_agreement is None else min_agreement
    out: dict[_Form, tuple[_Confirmed, list[int]]] = {}
    nisbas = None
    stats, phrases = _stats(lib)
    for form, (labels, spellings) in stats.items():
        label, n = max(((lab, c) for lab, c in labels.items() if lab in _TYPES), key=lambda lc: lc[1],
                       default=("", 0))
        if n < min_articles or n < min_agreement * sum(labels.values()):
            continue
        if len(form) == 1 and (len(form[0]) < 3 or not any(c.isalpha() for c in form[0])):
            continue
        if any(is_bare_role(text) for text in phrases.get(form, ())):
            continue  # رئيس الوزراء: a person only where an article names its holder with it
        if label == Label.PERS.value and len(form) == 1:
            nisbas = _nisbas() if nisbas is None else nisbas
            if form[0] in nisbas:
                continue  # الاردني: an adjective the model took for a name
        holding = [r[0] for r in lib.conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (_phrase(form),))]
        if not _passes(n, len(holding), min_articles, min_share):
            continue
        spelling = spellings.most_common(1)[0][0] if spellings else ()
        out[form] = (_Confirmed(label, spelling, n), holding)
    return out


def _tagged_articles(lib: Library) -> dict[_Form, set[int]]:
    """Per form, the articles where a mention has exactly that form."""
    out: dict[_Form, set[int]] = defaultdict(set)
    for text, article_id in lib.conn.execute("SELECT DISTINCT text, article_id FROM mentions"):
        out[_words(text)].add(article_id)
    return out


def _adjective(toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether one-word candidate ``i`` reads as an adjective or an amount's unit here: a definite
    nisba after a definite word (الهيئة السعودية, الجماهير السورية), a word after a number."""
    if i == 0:
        return False
    prev = normalise(toks[i - 1][2])
    if prev.isdigit() or strip_clitics(prev) in AMOUNTS or prev in AMOUNTS:
        return True
    word = normalise(toks[i][2])
    return bool(_DEFINITE_RE.match(word) and _DEFINITE_RE.match(prev) and (word.endswith("يه") or word.endswith("ي")))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return strip_clitics(normalise(word))


# The marks ``normalise`` drops that ``TOKEN_RE`` keeps inside a word (harakat, tatweel).
_IN_WORD_MARKS_RE = re.compile("[\u0640\u064b-\u065f\u0670]")


def _near_words(text: str, forms: dict[str, list[tuple[_Form, _Confirmed]]]) -> list[tuple[int, int, str]]:
    """The word tokens of ``tokenize`` (start, end, text) that the scan for ``forms`` reads: the
    words whose stem may start a form, each with the word before it and the words a form could
    run on to. Runs of them are separated by other words, so no form matches across a gap.

    Most articles are scanned for a handful of names: the places are found with ``str.find`` in
    the normalised text instead of tokenising the whole article. Offsets in the normalised text
    are mapped back past the marks it dropped; where it dropped anything else (invisible
    characters, Quranic signs), every word is returned.
    """
    norm = normalise(text)
    dropped = [m.start() for m in _IN_WORD_MARKS_RE.finditer(text)]
    if len(norm) != len(text) - len(dropped):
        return [(m.start(), m.end(), g) for m in TOKEN_RE.finditer(text) if (g := m.group())[0].isalnum()]
    # a normalised offset n is text offset n + (marks dropped before it)
    shifted = [d - i for i, d in enumerate(dropped)]

    def at_text(n: int) -> int:
        return n + bisect_right(shifted, n) if shifted else n

    longest = max(len(f) for options in forms.values() for f, _ in options)
    starts: set[int] = set()
    for first in forms:
        at = norm.find(first)
        while at >= 0:
            end = at + len(first)
            if end == len(norm) or not norm[end].isalnum():  # a stem is the end of its word
                ws = at
                while ws and norm[ws - 1].isalnum():
                    ws -= 1
                starts.add(ws)
            at = norm.find(first, end)
    out: dict[int, tuple[int, int, str]] = {}
    for ws in sorted(starts):
        b = ws  # the start of the word before, for the adjective test
        while b and not norm[b - 1].isalnum():
            b -= 1
        while b and norm[b - 1].isalnum():
            b -= 1
        word_start = at_text(ws)
        words = 0
        for m in TOKEN_RE.finditer(text, at_text(b)):
            g = m.group()
            if not g[0].isalnum():
                continue
            out[m.start()] = (m.start(), m.end(), g)
            if m.start() >= word_start:
                words += 1
                if words >= longest:
                    break
    return [out[k] for k in sorted(out)]


def _untagged_occurrences(text: str, taken: list[tuple[int, int]],
                          forms: dict[str, list[tuple[_Form, _Confirmed]]]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the untagged occurrences of ``forms`` (indexed by first word),
    longest form first, overlapping no mention."""
    toks = _near_words(text, forms)
    norms = [_stem(w[2]) for w in toks]
    if not any(n in forms for n in norms):
        return []
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        best: tuple[_Form, _Confirmed] | None = None
        for form, conf in forms.get(norms[i], ()):
            j = i + len(form)
            if j > len(toks) or (best is not None and len(form) <= len(best[0])):
                continue
            if tuple(norms[i + 1:j]) != form[1:] or any(
                    text[toks[k][1]:toks[k + 1][0]].strip() for k in range(i, j - 1)):
                continue  # not the same words, or not next to each other (a comma between)
            if conf.spelling and not all(_same_spelling(e, toks[i + k][2]) for k, e in enumerate(conf.spelling)):
                continue  # جده where the library names جدة, جزيرة where it names الجزيرة
            best = (form, conf)
        if best is None:
            i += 1
            continue
        s, e = toks[i][0], toks[i + len(best[0]) - 1][1]
        if not any(a < e and s < b for a, b in taken) and not (len(best[0]) == 1 and _adjective(toks, i)):
            out.append((s, e, best[1].label))
            i += len(best[0])
        else:
            i += 1
    return out


_CLITIC_START = frozenset("وفبكل")


def _past_clitic(text: str, start: int, end: int, vocab: set[str]) -> int:
    """Where a carried name starts once a leading conjunction/preposition is left out, as the
    model's spans are (لسامر → سامر when سامر stands alone in the article; see ``ner.clitics``)."""
    word = text[start:end].split(maxsplit=1)[0]
    return start + clitic_cut(word, vocab.__contains__)


def propagate_names(lib: Library, model: str, article_ids: Iterable[int] | None = None) -> int:
    """Add mentions for learnt surnames and confirmed forms the model left out; returns how many.

    ``article_ids``: the articles just analysed. Their untagged occurrences of every confirmed
    name are tagged, and so are the other articles' occurrences of the names they tagged (their
    evidence may be new). The mentions carry the model's name (``model``): a re-analysis replaces
    them and the next propagation adds them again. Mentions a correction took away are not
    brought back (the replay of corrections in the relink removes them again). The caller
    relinks when this returns more than zero.
    """
    try:
        return _propagate(lib, model, article_ids)
    finally:
        _words.cache_clear()  # the surfaces' forms are held only while a pass reads them


def _propagate(lib: Library, model: str, article_ids: Iterable[int] | None) -> int:
    ids = None if article_ids is None else sorted(set(article_ids))
    # form → (confirmed, articles that hold it); surnames first, confirmed forms may override
    wanted: dict[_Form, tuple[_Confirmed, set[int]]] = {}
    for form, (conf, holders) in confirmed_forms(lib).items():
        wanted[form] = (conf, set(holders))
    learnt = learnt_names(lib, ids)
    if learnt:
        nisbas = _nisbas()
        # How many articles name each form as a person: one grouped pass, not a scan per name.
        tagged_in = {r[0]: r[1] for r in lib.conn.execute(
            "SELECT text, count(DISTINCT article_id) FROM mentions WHERE label = 'PERS' GROUP BY text")}
        for surface in learnt:
            name = normalise(surface)
            form = _words(surface)
            query = fts_query(name)
            if not query or len(form) != 1 or strip_article(name) in nisbas or form in wanted:
                continue  # الاردني, التركي: an adjective the model took into a name
            found = {r[0] for r in lib.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (query,))}
            if len(found) > _MAX_SPREAD * tagged_in.get(surface, 0) + _MAX_SPREAD:
                continue  # a word most articles use as an ordinary word (البرنامج), not this name
            wanted[form] = (_Confirmed(Label.PERS.value, ()), found)
    if not wanted:
        return 0
    # Where to look: articles that hold a form but do not tag it (where they do, the article's
    # own post-pass has decided). Old articles only for the surnames the new articles taught and
    # the forms they confirmed; a form confirmed before them was looked for then.
    tagged = _tagged_articles(lib)
    new = set(ids or ())
    tagged_new = {f: held & new for f, held in tagged.items() if not held.isdisjoint(new)} if ids is not None else {}
    taught = {_words(s) for s in learnt}
    per_article: dict[int, dict[str, list[tuple[_Form, _Confirmed]]]] = defaultdict(lambda: defaultdict(list))
    for form, (conf, holding) in wanted.items():
        look = holding - tagged.get(form, set())
        if ids is not None and form not in taught:
            fresh = tagged_new.get(form, set())
            if not fresh or _passes(conf.n - len(fresh), len(holding - new), MIN_ARTICLES, MIN_SHARE):
                look &= new
        for article_id in look:
            per_article[article_id][form[0]].append((form, conf))
    added = 0
    for article_id in sorted(per_article):
        row = lib.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            continue
        text = row[0]
        taken = [(r[0], r[1]) for r in lib.conn.execute(
            'SELECT start, "end" FROM mentions WHERE article_id = ?', (article_id,))]
        spans = _untagged_occurrences(text, taken, per_article[article_id])
        if any(text[a] in _CLITIC_START for a, _, _ in spans):
            vocab = {normalise(m.group()) for m in TOKEN_RE.finditer(text)}
            spans = [(_past_clitic(text, a, e, vocab), e, lab) for a, e, lab in spans]
        if spans:
            lib.conn.executemany(
                'INSERT INTO mentions (article_id, start, "end", text, label, found_label, origin, model)'
                " VALUES (?, ?, ?, ?, ?, ?, 'model', ?)",
                [(article_id, s, e, text[s:e], lab, lab, model) for s, e, lab in spans])
            added += len(spans)
    return added
