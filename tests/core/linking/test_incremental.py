"""Incremental linking gives what one full relink gives.

A real small library (the demo articles and SaudiNewsNet records, analysed by the built-in model)
is imported in random batches, relinking after each (incrementally: only what the batch can
affect is resolved again), with re-analysed and changed articles, name propagation and the
researcher's corrections in between. Then:

- a full relink of the same library (state rebuilt from every mention) changes nothing;
- a library that received the same articles in one go, in the same order, and was linked once
  has the same entities: the same mention groups, keys, canonical names, aliases, types and reasons.
"""
from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from reader.core import corrections as corr
from reader.core import linking
from reader.core.importers import read_file
from reader.core.linking import Linker, LinkInput, Reason, compact_link_state, forget_link_state, keys, link, relink_library, short_names
from reader.core.linking import state as linking_state
from reader.core.linking.state import state_of
from reader.core.model import Document, ImportFailure, Label
from reader.core.ner import find_spans, load_backend
from reader.core.propagation import propagate_names
from reader.core.store import Library

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO.parent / "shared" / "data" / "saudinewsnet" / "jsonl_sample"
N_RECORDS = 70


@pytest.fixture(scope="module")
def analysed() -> list[tuple[Document, list]]:
    """(document, spans) of the demo articles and the first SaudiNewsNet records of the sample."""
    if not SAMPLE.is_dir():
        pytest.skip(f"{SAMPLE} is absent (shared data lives beside the project only on the team's machines)")
    docs: list[Document] = []
    for path in sorted((REPO / "resources" / "demo" / "articles").iterdir()):
        docs += [d for d in read_file(path) if not isinstance(d, ImportFailure)]
    part = sorted(SAMPLE.glob("*.jsonl"))[0]
    docs += list(itertools.islice((d for d in read_file(part) if not isinstance(d, ImportFailure)), N_RECORDS))
    backend = load_backend()
    return [(d, find_spans(d.text, backend)) for d in docs]


def store(lib: Library, items, model: str = "test") -> list[int]:
    ids = []
    for doc, spans in items:
        a, _ = lib.upsert_document(doc)
        lib.set_model_mentions(a, spans, model)
        ids.append(a)
    return ids


def dump(lib: Library) -> list[tuple]:
    """Every mention's link, by (source, offsets): comparable across libraries."""
    return lib.conn.execute(
        'SELECT a.source, m.start, m."end", m.text, m.key, m.label, m.link_reason, e.key, e.label, e.name, e.aliases,'
        " e.n_mentions, e.n_articles FROM mentions m JOIN articles a ON a.id = m.article_id"
        ' LEFT JOIN entities e ON e.id = m.entity_id ORDER BY a.source, m.start, m."end"').fetchall()


def dump_ids(lib: Library) -> list[tuple]:
    """The same with entity ids, which must stay stable in one library (a user's mark is a new
    mention row at every relink: the replay of corrections inserts it again)."""
    return lib.conn.execute(
        'SELECT m.article_id, m.start, m."end", m.origin, m.key, m.label, m.link_reason, m.entity_id, e.key, e.name,'
        " e.aliases, e.n_mentions, e.n_articles FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
        ' ORDER BY m.article_id, m.start, m."end", m.origin').fetchall() + \
        lib.conn.execute("SELECT * FROM entities WHERE n_mentions > 0 ORDER BY id").fetchall()


def partition(lib: Library) -> set[frozenset]:
    groups: dict[int, set] = {}
    for source, start, end, eid in lib.conn.execute(
            'SELECT a.source, m.start, m."end", m.entity_id FROM mentions m JOIN articles a ON a.id = m.article_id'
            " WHERE m.entity_id IS NOT NULL"):
        groups.setdefault(eid, set()).add((source, start, end))
    return {frozenset(g) for g in groups.values()}


def assert_corrections_replayed_on_everything(lib: Library) -> None:
    """The library's links are those of the researcher's corrections replayed on every link of
    the library (what a relink did before it replayed them on the articles they reach only)."""
    from reader.core.linking.replay import apply_entity_corrections
    from reader.core.store.corrections import active

    linker = state_of(lib).linker
    assert linker is not None
    linked, names = apply_entity_corrections(lib, list(linker.results().values()), active(lib), linker.mention_at)
    rows = {mid: (key, label) for mid, key, label in lib.conn.execute(
        "SELECT m.id, e.key, m.label FROM mentions m JOIN entities e ON e.id = m.entity_id")}
    assert {x.mention_id: (x.entity_key, x.label.value) for x in linked} == rows
    for key, name in names.items():
        assert lib.conn.execute("SELECT name FROM entities WHERE key = ? AND n_mentions > 0", (key,)).fetchall() in (
            [], [(name,)]), key


def assert_full_relink_changes_nothing(lib: Library) -> None:
    before = dump_ids(lib)
    with lib.transaction():
        relink_library(lib, full=True)
    assert dump_ids(lib) == before
    forget_link_state(lib)  # as a new process would
    with lib.transaction():
        relink_library(lib)
    assert dump_ids(lib) == before


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batches_link_as_one_relink(tmp_path: Path, analysed, seed: int) -> None:
    rng = random.Random(seed)
    items = list(analysed)
    rng.shuffle(items)
    cuts = sorted(rng.sample(range(1, len(items)), 4))
    batches = [items[i:j] for i, j in zip([0, *cuts], [*cuts, len(items)])]
    with Library.open(tmp_path / "batches.sqlite") as lib:
        for batch in batches:
            with lib.transaction():
                store(lib, batch)
                relink_library(lib)
        assert_full_relink_changes_nothing(lib)
        got = dump(lib)
    with Library.open(tmp_path / "once.sqlite") as lib:
        with lib.transaction():
            store(lib, items)
            relink_library(lib)
        want = dump(lib)
    assert len(got) == len(want) > 500
    assert got == want


def test_changes_propagation_and_corrections_stay_equivalent(tmp_path: Path, analysed) -> None:
    rng = random.Random(7)
    items = list(analysed)
    first, second = items[: len(items) // 2], items[len(items) // 2:]
    with Library.open(tmp_path / "lib.sqlite") as lib:
        with lib.transaction():
            ids = store(lib, first)
            relink_library(lib)
        # the window packs the state it keeps into fresh memory: later updates work on the copy
        assert not state_of(lib).packed
        compact_link_state(lib.path)
        assert state_of(lib).packed and state_of(lib).linker is not None
        # the second half arrives with name propagation, as the pipeline does it
        with lib.transaction():
            new = store(lib, second)
            relink_library(lib)
            if propagate_names(lib, "test", new):
                relink_library(lib)
        assert_full_relink_changes_nothing(lib)
        # a changed article (its text edited, re-analysed) and one re-analysed with fewer mentions
        doc, spans = first[0]
        changed = Document(doc.source, doc.title, doc.text + "\nوقال محمد بن سلمان إن الاجتماع مهم.", doc.raw)
        with lib.transaction():
            store(lib, [(changed, find_spans(changed.text, load_backend()))])
            lib.set_model_mentions(ids[1], [s for s in first[1][1] if s.label is not Label.LOC], "test")
            relink_library(lib)
        assert_full_relink_changes_nothing(lib)
        # corrections: each relinks incrementally; undo and redo too
        people = [e for e in lib.entities(Label.PERS, limit=50) if e.n_mentions > 1]
        orgs = lib.entities(Label.ORG, limit=5)
        corr.merge(lib, [people[0].id, people[1].id])
        compact_link_state(lib.path)  # rebuilt by the full relink above: packed again
        corr.rename(lib, people[2].id, "اسم جديد")
        corr.set_type(lib, orgs[0].id, Label.LOC)
        mention = lib.conn.execute("SELECT id FROM mentions WHERE entity_id = ? LIMIT 1", (people[3].id,)).fetchone()[0]
        corr.split_mention(lib, mention)
        a = rng.choice(ids)
        text = lib.article(a).text
        start = text.index(" ", 20) + 1
        corr.mark(lib, a, start, text.index(" ", start), Label.ORG)
        corr.remove_mention(lib, lib.conn.execute("SELECT id FROM mentions WHERE origin = 'model' LIMIT 1").fetchone()[0])
        assert_full_relink_changes_nothing(lib)
        corr.undo(lib)
        corr.undo(lib)
        assert_full_relink_changes_nothing(lib)
        corr.redo(lib)
        assert_full_relink_changes_nothing(lib)
        # an article taken away
        with lib.transaction():
            lib.conn.execute("DELETE FROM articles WHERE id = ?", (ids[2],))
            relink_library(lib)
        assert_full_relink_changes_nothing(lib)
        # another process relinked meanwhile (its token differs): the state is rebuilt, nothing changes
        before = dump_ids(lib)
        lib.set_meta("link_state", "someone else")
        with lib.transaction():
            relink_library(lib)
        assert dump_ids(lib) == before


def test_an_update_resolves_only_what_it_can_affect() -> None:
    P, L = Label.PERS, Label.LOC

    def m(i: int, a: int, text: str, label: Label = P) -> LinkInput:
        return LinkInput(i, a, text, label, outlet="وكالة", date=f"2024-03-0{a}")

    linker = Linker()
    linker.update({1: [m(1, 1, "سمير الداودي"), m(2, 1, "الداودي")],
                   2: [m(3, 2, "مازن الحلبي")],
                   3: [m(4, 3, "الحلبي")]})
    assert linker.results()[4].entity_key == "مازن حلبي"
    # a new article naming another الحلبي makes the short form ambiguous: article 3 is redone, 1 is not
    redone = linker.update({4: [m(5, 4, "ليلى الحلبي")]})
    assert redone == {3, 4}
    assert linker.results()[4].reason == Reason.AMBIGUOUS_IN_LIBRARY
    # and taking it away again brings the only longer name back
    assert linker.update({4: None}) == {3}
    assert linker.results()[4].entity_key == "مازن حلبي"


def test_a_short_form_is_resolved_again_when_the_context_of_its_longer_name_changes() -> None:
    P, L = Label.PERS, Label.LOC
    linker = Linker()
    linker.update({1: [LinkInput(1, 1, "مازن الحلبي", P, outlet="صحيفة", date="2020-01-05")],
                   2: [LinkInput(2, 2, "الحلبي", P, outlet="موقع", date="2024-06-01"), LinkInput(3, 2, "حمص", L)]})
    assert linker.results()[2].reason == Reason.UNCONFIRMED_IN_LIBRARY
    # the article naming him in full now names the city too: the short form's article is redone
    redone = linker.update({1: [LinkInput(1, 1, "مازن الحلبي", P, outlet="صحيفة", date="2020-01-05"),
                                LinkInput(4, 1, "حمص", L, outlet="صحيفة", date="2020-01-05")]})
    assert 2 in redone
    assert linker.results()[2].entity_key == "مازن حلبي"
    assert linker.results() == {r.mention_id: r for r in link(
        [LinkInput(1, 1, "مازن الحلبي", P, outlet="صحيفة", date="2020-01-05"),
         LinkInput(4, 1, "حمص", L, outlet="صحيفة", date="2020-01-05"),
         LinkInput(2, 2, "الحلبي", P, outlet="موقع", date="2024-06-01"), LinkInput(3, 2, "حمص", L)])}


def test_a_bodys_other_name_is_resolved_again_when_an_article_gives_it_or_no_longer_does() -> None:
    O, L = Label.ORG, Label.LOC
    full, other = "اتحاد الرماة الكرمستانيين", "إركا"

    def m(i: int, a: int, text: str, label: Label, start: int, **kw) -> LinkInput:
        return LinkInput(i, a, text, label, start, "وكالة", f"2024-03-0{a}", end=start + len(text), **kw)

    giving = [m(1, 1, full, O, 0), m(2, 1, other, O, len(full) + 2, bracketed=True), m(3, 1, "كرمستان", L, 60)]
    using = [m(4, 2, "كرمستان", L, 0), m(5, 2, other, O, 20)]
    linker = Linker()
    linker.update({2: using})
    assert linker.results()[5].entity_key == keys.mention_key(other)
    # the article giving the full name comes: the other article's mention follows it
    assert 2 in linker.update({1: giving})
    assert linker.results()[5].entity_key == linker.results()[1].entity_key
    assert linker.results() == {r.mention_id: r for r in link(giving + using)}
    # it goes again (re-analysed without the brackets): so does the link
    assert 2 in linker.update({1: [m(1, 1, full, O, 0), m(3, 1, "كرمستان", L, 60)]})
    assert linker.results()[5].entity_key == keys.mention_key(other)


def test_a_place_word_follows_the_type_the_library_gives_it_as_articles_come() -> None:
    O, L = Label.ORG, Label.LOC

    def m(i: int, a: int, text: str, label: Label) -> LinkInput:
        return LinkInput(i, a, text, label, outlet="وكالة", date=f"2024-03-0{a % 9 + 1}")

    linker = Linker()
    linker.update({1: [m(1, 1, "جماعة الزاهريين", O), m(2, 1, "كرمستان", L)],
                   2: [m(3, 2, "الزاهريين", L), m(4, 2, "كرمستان", L)],
                   3: [m(5, 3, "الزاهريين", L)]})
    assert linker.results()[3].entity_key != linker.results()[1].entity_key  # a place in both articles typing it
    # two articles type it a body: article 2's place follows, though nothing in it changed
    later = {4: [m(6, 4, "الزاهريين", O), m(7, 4, "كرمستان", L)], 5: [m(8, 5, "الزاهريين", O)]}
    assert 2 in linker.update(later)
    assert linker.results()[3].entity_key == linker.results()[1].entity_key
    everything = [m(1, 1, "جماعة الزاهريين", O), m(2, 1, "كرمستان", L), m(3, 2, "الزاهريين", L),
                  m(4, 2, "كرمستان", L), m(5, 3, "الزاهريين", L), *later[4], *later[5]]
    assert linker.results() == {r.mention_id: r for r in link(everything)}
    # they go: it is a place again
    linker.update({4: None, 5: None})
    assert linker.results()[3].entity_key != linker.results()[1].entity_key


def test_a_word_typed_other_follows_the_type_the_library_gives_it_as_articles_come() -> None:
    O, L, M = Label.ORG, Label.LOC, Label.MISC

    def m(i: int, a: int, text: str, label: Label) -> LinkInput:
        return LinkInput(i, a, text, label, outlet="وكالة", date=f"2024-03-0{a % 9 + 1}")

    linker = Linker()
    linker.update({1: [m(1, 1, "تنظيم الزاهريين", O), m(2, 1, "كرمستان", L)],
                   2: [m(3, 2, "الزاهريين", M), m(4, 2, "كرمستان", L)]})
    assert linker.results()[3].entity_key != linker.results()[1].entity_key  # no article types it a body
    later = {a: [m(10 + a, a, "الزاهريين", O), m(20 + a, a, "كرمستان", L)] for a in (3, 4, 5)}
    assert 2 in linker.update(later)  # three do: article 2's word follows, though nothing in it changed
    assert linker.results()[3].entity_key == linker.results()[1].entity_key
    everything = [m(1, 1, "تنظيم الزاهريين", O), m(2, 1, "كرمستان", L), m(3, 2, "الزاهريين", M),
                  m(4, 2, "كرمستان", L), *[x for a in (3, 4, 5) for x in later[a]]]
    assert linker.results() == {r.mention_id: r for r in link(everything)}
    linker.update({4: None, 5: None})
    assert linker.results()[3].entity_key != linker.results()[1].entity_key


def test_link_of_a_list_matches_the_linker(analysed) -> None:
    inputs = []
    n = itertools.count(1)
    for a, (doc, spans) in enumerate(analysed[:30], 1):
        inputs += [LinkInput(next(n), a, doc.text[s.start:s.end], Label(s.label), s.start, doc.outlet, doc.date,
                             end=s.end) for s in spans]
    whole = {r.mention_id: r for r in link(inputs)}
    linker = Linker()
    for a in range(1, 31):
        linker.update({a: [m for m in inputs if m.article_id == a]})
    assert linker.results() == whole
    assert json.dumps(sorted(whole)) == json.dumps(sorted(linker.results()))


def test_packing_that_fails_leaves_a_state_to_rebuild(tmp_path: Path, analysed, monkeypatch) -> None:
    with Library.open(tmp_path / "lib.sqlite") as lib:
        with lib.transaction():
            store(lib, analysed[:20])
            relink_library(lib)
        before = dump_ids(lib)

        def no_memory(*args, **kwargs):
            raise MemoryError

        monkeypatch.setattr(linking_state.pickle, "dumps", no_memory)
        compact_link_state(lib.path)  # does not raise: the correction it follows was applied
        state = state_of(lib)
        assert state.linker is not None and not state.packed  # the copy failed: the state is kept
        monkeypatch.undo()
        monkeypatch.setattr(linking_state.pickle, "loads", no_memory)
        compact_link_state(lib.path)
        assert state_of(lib).linker is None  # freed, not read back: rebuilt by the next relink
        monkeypatch.undo()
        with lib.transaction():
            relink_library(lib)
        assert dump_ids(lib) == before and state_of(lib).linker is not None


def test_dropping_the_state_drops_the_caches_it_filled(tmp_path: Path, analysed) -> None:
    """The word and key caches are scattered among the state's objects: kept, they would keep the
    heap's pages after the state is dropped (the app's memory would not come back)."""
    from reader.core import arabic

    forget_link_state()  # other tests' libraries: the caches go with the last state
    with Library.open(tmp_path / "lib.sqlite") as lib:
        with lib.transaction():
            store(lib, analysed[:20])
            relink_library(lib)
        assert linking.display_name.cache_info().currsize > 0 and state_of(lib).linker is not None
        arabic.normalise("كلمة")
        forget_link_state(lib)
        assert state_of(lib).linker is None
        for cached in (linking.display_name, keys.joined_words, short_names.short_set, keys.consulted_words,
                       arabic._normalise_word, arabic.strip_clitics):
            assert cached.cache_info().currsize == 0, cached


def _resolved(lib: Library) -> int:
    """Relink; how many articles the linker resolved (all of them when it built its state)."""
    said: list[str] = []
    with lib.transaction():
        relink_library(lib, said.append)
    return int(said[-1].split("(")[1].split()[0])


def test_a_kept_state_is_read_back_instead_of_rebuilt_and_links_the_same(tmp_path: Path, analysed) -> None:
    with Library.open(tmp_path / "kept.sqlite") as lib:
        with lib.transaction():
            ids = store(lib, analysed)
        assert _resolved(lib) == len(ids)  # built
        assert linking_state.save_link_state(lib.path)
        assert not linking_state.save_link_state(lib.path)  # kept already: not written again
        forget_link_state(lib)  # as a window idle for a while, or a new one, has it
        assert _resolved(lib) == 0  # read back, nothing to resolve
        # corrections on the state read back give what a full relink gives
        people = [e for e in lib.entities(Label.PERS, limit=20) if e.n_mentions > 1]
        corr.merge(lib, [people[0].id, people[1].id])
        corr.rename(lib, people[2].id, "اسم آخر")
        assert_full_relink_changes_nothing(lib)


def test_a_kept_state_that_is_not_the_librarys_is_rebuilt_and_its_file_removed(tmp_path: Path, analysed, monkeypatch) -> None:
    with Library.open(tmp_path / "stale.sqlite") as lib:
        with lib.transaction():
            ids = store(lib, analysed[:30])
        _resolved(lib)
        kept = linking_state.cache_file(lib.path)
        for spoil in ("another relink", "other code", "a broken file", "a failing state"):
            assert linking_state.save_link_state(lib.path) or kept.exists()
            forget_link_state(lib)
            if spoil == "another relink":  # e.g. `reader import` beside the closed window
                with lib.transaction():
                    lib.set_meta(linking_state.TOKEN, "another process")
            elif spoil == "other code":
                monkeypatch.setattr(linking_state, "code_fingerprint", lambda: "an older reader")
            elif spoil == "a broken file":
                kept.write_bytes(kept.read_bytes()[:100])
            else:  # read back, then unusable: rebuilt at once, the relink succeeds
                real = linking_state.load_link_state

                def broken(lib_: Library, state: linking_state.LinkState) -> bool:
                    ok = real(lib_, state)
                    state.written = None  # type: ignore[assignment]
                    return ok

                monkeypatch.setattr("reader.core.linking.relink.load_link_state", broken)
            before = dump_ids(lib)
            assert _resolved(lib) == len(ids), spoil  # rebuilt
            assert dump_ids(lib) == before, spoil
            assert not kept.exists(), spoil
            monkeypatch.undo()
            linking_state.state_of(lib).saved = ""


def test_keeping_a_state_removes_those_left_unused_and_half_written_files(tmp_path: Path, analysed) -> None:
    import os
    import time

    folder = linking_state.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    old, recent, torn = folder / "0old.pickle", folder / "0recent.pickle", folder / "0torn.tmp"
    for f, days in ((old, linking_state.KEEP_DAYS + 1), (recent, 1), (torn, 2)):
        f.write_bytes(b"x")
        os.utime(f, (time.time() - days * 86400,) * 2)
    with Library.open(tmp_path / "prune.sqlite") as lib:
        with lib.transaction():
            store(lib, analysed[:5])
            relink_library(lib)
        assert linking_state.save_link_state(lib.path)
        assert linking_state.cache_file(lib.path).is_file()
    assert recent.exists() and not old.exists() and not torn.exists()
    recent.unlink()


def test_the_kept_states_fingerprint_follows_the_linking_words_and_thresholds(monkeypatch) -> None:
    from reader.core.linking import heads, linker

    base = linking_state.code_fingerprint()
    for module, attr, value in ((heads, "NAMED_AFTER", heads.NAMED_AFTER | {"سوق"}), (linker, "_MIN_CONTEXT", 2.0)):
        monkeypatch.setattr(module, attr, value)
        linking_state.code_fingerprint.cache_clear()
        assert linking_state.code_fingerprint() != base, attr
        monkeypatch.undo()
        linking_state.code_fingerprint.cache_clear()
        assert linking_state.code_fingerprint() == base


def test_a_change_in_one_article_reaches_the_rows_of_others_it_retypes_or_merges(tmp_path: Path) -> None:
    """A new article can flip an entity's type vote, or make another spelling the one a spelling
    group merges into: the rows of every article holding that entity change with it, though
    their own mentions did not (invented names and texts)."""
    from reader.core.model import Span

    def doc(n: int, names: list[tuple[str, Label]]) -> tuple[Document, list[Span]]:
        text, spans = "", []
        for name, label in names:
            text += "وقال "
            spans.append(Span(len(text), len(text) + len(name), label, name))
            text += name + " في بيان اليوم. "
        return Document(f"test://{n}", f"خبر {n}", text, text), spans

    first = [doc(1, [("فرانك تيلسيغر", Label.PERS), ("كارنيفال", Label.ORG)]),
             doc(2, [("فرانك تيلسيغر", Label.PERS), ("كارنيفال", Label.ORG)]),
             doc(3, [("فرانك تيلسيجر", Label.PERS)])]
    later = [doc(4, [("فرانك تيلسيجر", Label.PERS), ("كارنيفال", Label.LOC)]),
             doc(5, [("فرانك تيلسيجر", Label.PERS), ("كارنيفال", Label.LOC)]),
             doc(6, [("فرانك تيلسيجر", Label.PERS), ("كارنيفال", Label.LOC)])]
    with Library.open(tmp_path / "lib.sqlite") as lib:
        with lib.transaction():
            store(lib, first)
            relink_library(lib)
        assert lib.conn.execute("SELECT count(DISTINCT entity_id) FROM mentions WHERE label = 'PERS'").fetchone()[0] == 1
        for item in later:  # one article at a time: the vote and the merge tip over on the way
            with lib.transaction():
                store(lib, [item])
                relink_library(lib)
            assert_full_relink_changes_nothing(lib)
        labels = {r[0] for r in lib.conn.execute("SELECT label FROM mentions WHERE text = 'كارنيفال'")}
        assert labels == {"LOC"}  # articles 1 and 2 follow the vote the later ones tipped


def test_the_library_reads_a_bodys_other_name_in_brackets_from_the_stored_text(tmp_path: Path) -> None:
    """The brackets are read in the article's text as SQLite stores it (offsets in characters,
    Arabic before them): a name in brackets right after a body's full name is its other name, in
    that article and in another that names the body and uses the other name; the same two names
    side by side without brackets teach nothing (invented names and texts)."""
    from reader.core.model import Span

    full, other = "اتحاد الرماة الكرمستانيين", "إركا"

    def doc(n: int, gap: str, close: str) -> tuple[Document, list[Span]]:
        text = "أعلن " + full + gap + other + close + " أمس أن البطولة تبدأ في الربيع، وقالت " + other + " إنها جاهزة."
        a = text.index(full)
        b = text.index(other)
        c = text.rindex(other)
        spans = [Span(a, a + len(full), Label.ORG, full), Span(b, b + len(other), Label.ORG, other),
                 Span(c, c + len(other), Label.ORG, other)]
        return Document(f"test://{n}", f"خبر {n}", text, text), spans

    def links() -> list[tuple[str, str, str]]:
        return [(r[0], r[1].partition("|")[0], r[2]) for r in lib.conn.execute(
            "SELECT a.source, m.link_reason, e.key FROM mentions m JOIN articles a ON a.id = m.article_id"
            " JOIN entities e ON e.id = m.entity_id WHERE m.text = ? ORDER BY a.source, m.start", (other,))]

    full_key, other_key = keys.mention_key(full, label=Label.ORG), keys.mention_key(other)
    with Library.open(tmp_path / "lib.sqlite") as lib:
        with lib.transaction():
            store(lib, [doc(2, " - ", "")])
            relink_library(lib)
        assert [r[2] for r in links()] == [other_key] * 2
        with lib.transaction():
            store(lib, [doc(1, " (", ")")])
            relink_library(lib)
        assert links() == [("test://1", Reason.GLOSS_IN_ARTICLE.value, full_key)] * 2 + \
            [("test://2", Reason.GLOSS_IN_LIBRARY.value, full_key)] * 2
        assert_full_relink_changes_nothing(lib)


def test_the_library_reads_a_newspaper_named_in_the_stored_text_apart_from_its_town(tmp_path: Path) -> None:
    """A news outlet's name (the outlet table's «الوطن», «الرياض») the text names as the outlet,
    told a story (لـ«X») or after صحيفة, is the outlet: one entity apart from the town of that
    name, read in the text as SQLite stores it (texts written for the test)."""
    from reader.core.model import Span

    def doc(n: int, text: str, spans: list[tuple[str, Label, int]]) -> tuple[Document, list[Span]]:
        out = []
        for surface, label, nth in spans:
            at = -1
            for _ in range(nth + 1):
                at = text.index(surface, at + 1)
            out.append(Span(at, at + len(surface), label, surface))
        return Document(f"test://{n}", f"خبر {n}", text, text), out

    docs = [doc(1, "وصل الوفد إلى الرياض أمس، وقال مصدر لـ«الرياض» إن الزيارة تستمر يومين.",
                [("الرياض", Label.LOC, 0), ("الرياض", Label.ORG, 1)]),
            doc(2, "وذكرت صحيفة الرياض أن الأمطار غزيرة في الرياض هذا الأسبوع.",
                [("الرياض", Label.ORG, 0), ("الرياض", Label.LOC, 1)]),
            doc(3, "وعاد الوزير إلى الرياض بعد جولة.", [("الرياض", Label.LOC, 0)])]
    with Library.open(tmp_path / "lib.sqlite") as lib:
        with lib.transaction():
            store(lib, docs)
            relink_library(lib)
        rows = lib.conn.execute("SELECT a.source, m.start, e.label, m.link_reason, e.id FROM mentions m"
                                " JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id"
                                " ORDER BY a.source, m.start").fetchall()
        paper = {r[4] for r in rows if r[3] == Reason.OUTLET.value}
        town = {r[4] for r in rows if r[3] != Reason.OUTLET.value}
        assert len(paper) == len(town) == 1 and paper != town
        assert [r[2] for r in rows] == ["LOC", "ORG", "ORG", "LOC", "LOC"]
        assert_full_relink_changes_nothing(lib)


@pytest.mark.parametrize("seed", [11, 12])
def test_any_sequence_of_corrections_relinks_as_a_full_relink_would(tmp_path: Path, analysed, seed: int) -> None:
    """Renames (alone, then reached by a merge or a type change), merges, splits, marks, removals,
    undo and redo in a random order: after each, the incremental relink has written what a
    relink from every mention writes."""
    rng = random.Random(seed)
    with Library.open(tmp_path / "lib.sqlite") as lib:
        with lib.transaction():
            ids = store(lib, analysed)
            relink_library(lib)
        for step in range(14):
            ents = [e for e in lib.entities(None, limit=80) if e.n_mentions > 1]
            kind = rng.choice(["rename", "rename", "merge", "set_type", "split", "mark", "remove", "undo", "redo"])
            a, b = rng.sample(ents, 2)
            if kind == "rename":
                corr.rename(lib, a.id, f"اسم {step}")
            elif kind == "merge":
                corr.merge(lib, [a.id, *[e.id for e in ents if e.label is a.label and e.id != a.id][:1]])
            elif kind == "set_type":
                corr.set_type(lib, a.id, rng.choice([Label.PERS, Label.ORG, Label.LOC]))
            elif kind == "split":
                corr.split_mention(lib, lib.conn.execute("SELECT id FROM mentions WHERE entity_id = ? LIMIT 1",
                                                         (a.id,)).fetchone()[0])
            elif kind == "mark":
                article = rng.choice(ids)
                text = lib.article(article).text
                start = text.index(" ", rng.randrange(10, max(11, len(text) // 2))) + 1
                corr.mark(lib, article, start, text.index(" ", start), rng.choice([Label.ORG, Label.PERS]))
            elif kind == "remove":
                corr.remove_mention(lib, lib.conn.execute("SELECT id FROM mentions WHERE entity_id = ? LIMIT 1",
                                                          (b.id,)).fetchone()[0])
            elif kind == "undo":
                corr.undo(lib)
            else:
                corr.redo(lib)
            assert_corrections_replayed_on_everything(lib)
            before = dump_ids(lib)
            with lib.transaction():
                relink_library(lib, full=True)
            assert dump_ids(lib) == before, (step, kind)


def test_a_rename_follows_its_forms_when_a_new_article_links_them_to_a_longer_name(tmp_path: Path) -> None:
    """A renamed entity whose key goes (its short form now links to a longer name a new article
    gives) is found again by its forms: the incremental relink replays the rename as a full
    one does (invented names)."""
    from reader.core.model import Span

    def doc(n: int, names: list[str]) -> tuple[Document, list[Span]]:
        text, spans = "", []
        for name in names:
            text += "وقال "
            spans.append(Span(len(text), len(text) + len(name), Label.PERS, name))
            text += name + " في مؤتمر صحفي بمدينة قيرون. "
        return Document(f"test://{n}", f"خبر {n}", text, text, outlet="الصباح", date="2031-03-02"), spans

    with Library.open(tmp_path / "lib.sqlite") as lib:
        with lib.transaction():
            store(lib, [doc(1, ["الحلبي", "الحلبي"])])
            relink_library(lib)
        entity = next(e for e in lib.entities(Label.PERS, limit=5) if "الحلبي" in e.name)
        corr.rename(lib, entity.id, "الحلبي الكبير")
        with lib.transaction():
            store(lib, [doc(2, ["مازن الحلبي", "الحلبي"])])
            relink_library(lib)
        assert_corrections_replayed_on_everything(lib)
        assert_full_relink_changes_nothing(lib)
        # the short form's mentions now belong to the longer name: the rename went with them
        assert lib.conn.execute("SELECT name FROM entities WHERE n_mentions > 0").fetchall() == [("الحلبي الكبير",)]


def test_what_another_sqlite_client_writes_is_relinked(tmp_path: Path, analysed) -> None:
    """SQLite records the articles whose mentions change, whoever writes (migration m009): a
    mention deleted, a type and offsets changed, an article's outlet changed and an article deleted
    by another SQLite client are all relinked by the next incremental relink, as a full one would."""
    import sqlite3

    with Library.open(tmp_path / "lib.sqlite") as lib:
        with lib.transaction():
            ids = store(lib, analysed[:40])
            relink_library(lib)
        assert lib.conn.execute("SELECT count(*) FROM changed_articles").fetchone()[0] == 0
        other = sqlite3.connect(tmp_path / "lib.sqlite")
        with other:
            other.execute("PRAGMA foreign_keys = ON")
            other.execute("DELETE FROM mentions WHERE id = (SELECT min(id) FROM mentions WHERE article_id = ?)", (ids[0],))
            other.execute("UPDATE mentions SET found_label = 'ORG' WHERE id = (SELECT max(id) FROM mentions WHERE"
                          " article_id = ? AND found_label = 'PERS')", (ids[1],))
            other.execute('UPDATE mentions SET "end" = "end" - 1 WHERE id = (SELECT max(id) FROM mentions'
                          " WHERE article_id = ? AND length(text) > 4)", (ids[2],))
            other.execute("UPDATE articles SET outlet = 'another outlet' WHERE id = ?", (ids[3],))
            other.execute("DELETE FROM articles WHERE id = ?", (ids[4],))
        other.close()
        changed = {r[0] for r in lib.conn.execute("SELECT article_id FROM changed_articles")}
        assert changed == set(ids[:5])
        said: list[str] = []
        with lib.transaction():
            relink_library(lib, said.append)
        assert lib.conn.execute("SELECT count(*) FROM changed_articles").fetchone()[0] == 0
        assert "(0 articles resolved" not in said[-1]
        assert_full_relink_changes_nothing(lib)
