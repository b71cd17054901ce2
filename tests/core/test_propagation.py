"""A surname learnt next to a full name is found in articles where the model missed it."""
from __future__ import annotations

from collections.abc import Sequence

from reader.core.model import Document, Label
from reader.core.pipeline import analyse
from reader.core.propagation import learnt_names, propagate_names


class FullNamesOnly:
    """A model that only ever recognises one full name, never the surname on its own."""

    name = "full-names-only-1"

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        out = []
        for tokens in sentences:
            tags = ["O"] * len(tokens)
            for i in range(len(tokens) - 1):
                if tokens[i] == "سالم" and tokens[i + 1] == "الكندوري":
                    tags[i], tags[i + 1] = "B-PERS", "I-PERS"
            out.append(tags)
        return out


def add(library, source: str, text: str) -> int:
    with library.transaction():
        # one outlet's coverage on one day: context enough for a surname to link across articles
        return library.upsert_document(Document(source, "خبر", text, text, outlet="وكالة", date="2024-03-01"))[0]


def test_a_learnt_surname_is_tagged_and_linked_in_other_articles(library):
    backend = FullNamesOnly()
    first = add(library, "a.txt", "قال الوزير سالم الكندوري إن المحادثات مستمرة. وأضاف الكندوري أن الاتفاق قريب.")
    second = add(library, "b.txt", "وصرح الكندوري للصحفيين بأن الوفد سيعود غداً.")
    unrelated = add(library, "c.txt", "عاد الوفد إلى العاصمة مساء أمس.")
    analyse(library, backend, workers=1)
    person = library.entities(label=Label.PERS)[0]
    assert person.n_articles == 2  # analyse() carried the surname to b.txt
    assert {m.article_id for m in library.mentions(second)} == {second}
    assert library.mentions(second)[0].text == "الكندوري"
    assert library.mentions(second)[0].entity_id == person.id
    assert library.mentions(unrelated) == []
    assert learnt_names(library, [first]) == {"الكندوري"}
    # Nothing is left to carry: a second pass changes nothing.
    with library.transaction():
        assert propagate_names(library, backend.name) == 0


class AfterTrigger:
    """A model that knows a town or a body only after its head noun, never on its own."""

    name = "after-trigger-1"

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        out = []
        for tokens in sentences:
            tags = ["O"] * len(tokens)
            for i in range(1, len(tokens)):
                if tokens[i - 1] == "مدينة" and tokens[i] in ("كرمستان", "السعودية"):
                    tags[i] = "B-LOC"
                if tokens[i - 1] == "شركة" and tokens[i] == "الأفق":
                    tags[i: i + 2] = ["B-ORG", "I-ORG"]
            out.append(tags)
        return out


def test_a_form_the_library_confirms_is_tagged_where_the_model_missed_it(library):
    backend = AfterTrigger()
    for n in range(3):
        add(library, f"t{n}.txt", f"وصل الوفد إلى مدينة كرمستان صباح اليوم {n}. وقالت شركة الأفق الجديد إن العمل مستمر.")
    missed = add(library, "m.txt", "عاد الوفد من كرمستان، وأعلنت الأفق الجديد أن الاتفاق قريب.")
    analyse(library, backend, workers=1)
    got = {(m.text, m.label) for m in library.mentions(missed)}
    assert got == {("كرمستان", Label.LOC), ("الأفق الجديد", Label.ORG)}
    town = next(e for e in library.entities(label=Label.LOC) if e.name == "كرمستان")
    assert town.n_articles == 4
    with library.transaction():
        assert propagate_names(library, backend.name) == 0


def test_a_form_most_articles_use_untagged_is_not_carried(library):
    backend = AfterTrigger()
    for n in range(3):
        add(library, f"t{n}.txt", f"وصل الوفد إلى مدينة كرمستان صباح اليوم {n}.")
    untagged = [add(library, f"u{n}.txt", f"قال الوفد إن كرمستان تغيرت {n}.") for n in range(12)]
    analyse(library, backend, workers=1)
    # tagged in 3 of the 15 articles that hold it: under a quarter, an ordinary word here
    assert all(library.mentions(a) == [] for a in untagged)


def test_an_adjective_or_another_spelling_is_not_a_confirmed_place(library):
    backend = AfterTrigger()
    for n in range(3):
        add(library, f"t{n}.txt", f"وصل الوفد إلى مدينة السعودية صباح اليوم {n}.")
    adjective = add(library, "a.txt", "قالت الشركة السعودية إن الاتفاق قريب.")
    noun = add(library, "n.txt", "وصل الوفد إلى السعودية أمس.")
    spelled = add(library, "s.txt", "قال إن سعوديه الجديدة قادمة.")  # no article: not the same word
    analyse(library, backend, workers=1)
    assert library.mentions(adjective) == []
    assert [(m.text, m.label) for m in library.mentions(noun)] == [("السعودية", Label.LOC)]
    assert library.mentions(spelled) == []


def test_the_scan_near_candidate_words_finds_what_a_whole_article_scan_finds():
    """``_untagged_occurrences`` tokenises only around the words that may start a form, mapping
    offsets past the harakat and tatweel that normalising drops; a text holding an invisible
    character (a zero-width space appended) takes the whole-article path."""
    from pathlib import Path

    from reader.core.arabic import dediacritise
    from reader.core.propagation import _Confirmed, _untagged_occurrences, _words

    demo = Path(__file__).resolve().parents[2] / "resources" / "demo" / "articles"
    raw = [p.read_text(encoding="utf-8") for p in sorted(demo.iterdir())]
    texts = raw + [dediacritise(t) for t in raw] + ["ـ" + t.replace("ال", "الـ") for t in raw[:2]]
    assert any("\u064b" <= c <= "\u0652" for c in raw[0] + raw[3])  # the demo has harakat
    checked = 0
    for text in texts:
        words = text.split()[:600]
        for n, step in ((1, 7), (2, 7), (3, 7), (2, 41), (3, 53)):
            # forms made of the text's own word runs, dense and sparse, of 1 to 3 words
            forms: dict[str, list] = {}
            for i in range(0, len(words) - n, step):
                form = _words(" ".join(words[i:i + n]))
                if len(form) == n:
                    forms.setdefault(form[0], []).append((form, _Confirmed(Label.ORG.value, ())))
            taken = [(i, i + 3) for i in range(0, len(text), 97)]
            near = _untagged_occurrences(text, taken, forms)
            whole = _untagged_occurrences(text + "\u200b", taken, forms)
            assert near == whole
            checked += len(near)
    assert checked > 20


def test_a_carried_name_leaves_its_clitic_out_like_the_models_spans() -> None:
    from reader.core.arabic import normalise
    from reader.core.propagation import _past_clitic

    text = "ونرفض أي دور لزاهرون في البلاد. وقال زاهرون إن بيروت ولبيروت"
    vocab = {normalise(w) for w in text.replace(".", " ").split()}
    start = text.index("لزاهرون")
    assert _past_clitic(text, start, start + len("لزاهرون"), vocab) == start + 1  # زاهرون stands alone
    start = text.index("ولبيروت")
    assert _past_clitic(text, start, start + len("ولبيروت"), vocab) == start + 2  # the shortest known rest
    start = text.index("ونرفض")
    assert _past_clitic(text, start, start + len("ونرفض"), vocab) == start  # رفض nowhere alone


class RolesToo(AfterTrigger):
    """Also tags a person, and a role alone as a person where a sentence says قال."""

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        out = super().tag(sentences)
        for tokens, tags in zip(sentences, out):
            for i in range(len(tokens) - 1):
                if (tokens[i], tokens[i + 1]) == ("سامي", "الوردي") \
                        or (tokens[i], tokens[i + 1]) == ("رئيس", "الوزراء") and "وقال" in tokens:
                    tags[i], tags[i + 1] = "B-PERS", "I-PERS"
        return out


def test_a_role_alone_is_never_a_name_of_the_library(library):
    # Tagged alone in four articles, a role is still no form to carry: it stands for a person
    # only in an article that names its holder with it.
    for n in range(4):
        add(library, f"r{n}.txt", f"وصل رئيس الوزراء سامي الوردي إلى مدينة كرمستان. وقال رئيس الوزراء إن الزيارة ناجحة {n}.")
    other = add(library, "o.txt", "التقى الوفد رئيس الوزراء في العاصمة أمس.")
    analyse(library, RolesToo(), workers=1)
    assert library.mentions(other) == []
