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
        return library.upsert_document(Document(source, "خبر", text, text))[0]


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
