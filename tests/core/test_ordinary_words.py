"""A one-word "name" the rest of the library reads as an ordinary word is taken back."""
from __future__ import annotations

from collections.abc import Sequence

from reader.core.corrections import rename
from reader.core.model import Document, Label
from reader.core.ordinary_words import SPREAD, drop_ordinary_words, ordinary_words
from reader.core.pipeline import analyse


class Tagger:
    """A model that tags the given words wherever they follow «قال» (as a speaker), and the
    two-word name «فراس الصغير» wherever it stands."""

    name = "tagger-1"

    def __init__(self, after_said: dict[str, str]) -> None:
        self.after_said = after_said

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        out = []
        for tokens in sentences:
            tags = ["O"] * len(tokens)
            for i, tok in enumerate(tokens):
                if i and tokens[i - 1] == "قال" and tok in self.after_said:
                    tags[i] = "B-" + self.after_said[tok]
                if tok == "فراس" and i + 1 < len(tokens) and tokens[i + 1] == "الصغير":
                    tags[i], tags[i + 1] = "B-PERS", "I-PERS"
            out.append(tags)
        return out


def add(library, source: str, text: str) -> int:
    with library.transaction():
        return library.upsert_document(Document(source, "خبر", text, text, outlet="وكالة", date="2024-03-01"))[0]


def plain(library, n: int, word: str) -> list[int]:
    """``n`` articles that use ``word`` as an ordinary word."""
    return [add(library, f"plain-{word}-{i}.txt", f"افتتح المعرض الجديد في المبنى {word} رقم {i} صباح اليوم.")
            for i in range(n)]


def texts(library, article_id: int) -> set[str]:
    return {m.text for m in library.mentions(article_id)}


def test_a_word_most_articles_use_plainly_is_no_name(library):
    tagged = add(library, "t.txt", "قال الصغير إن الطريق مغلقة. ثم قال زنكلوف إن العمل مستمر.")
    plain(library, 2 * SPREAD, "الصغير")  # with t.txt, more than SPREAD * (1 + 1) articles hold it
    plain(library, 2 * SPREAD, "زنكلوفي")  # another word: زنكلوف itself is held once
    analyse(library, Tagger({"الصغير": "PERS", "زنكلوف": "PERS"}), workers=1)
    assert texts(library, tagged) == {"زنكلوف"}  # the rare name stays, the ordinary word goes
    assert [e.name for e in library.entities()] == ["زنكلوف"]
    with library.transaction():
        assert drop_ordinary_words(library) == 0  # nothing left to drop


def test_a_word_named_inside_longer_names_stays(library):
    tagged = add(library, "t.txt", "قال الصغير إن الطريق مغلقة.")
    # held in as many articles as would make it ordinary if one named it, but a second one
    # names it inside a person's name: 2 * SPREAD + 1 articles hold it, 2 name it
    named = [add(library, "n.txt", "وصل فراس الصغير إلى المعرض.")]
    plain(library, 2 * SPREAD - 1, "الصغير")
    analyse(library, Tagger({"الصغير": "PERS"}), workers=1)
    assert texts(library, tagged) == {"الصغير"}
    assert texts(library, named[0]) == {"فراس الصغير"}


def test_a_word_the_model_names_in_several_articles_stays(library):
    """A club or movement named with a common word: the model names it where the context says so."""
    tagged = [add(library, f"t{i}.txt", f"قال الفجر في بيانه رقم {i} إن الطريق مغلقة.") for i in range(3)]
    plain(library, 10 * SPREAD, "الفجر")
    analyse(library, Tagger({"الفجر": "ORG"}), workers=1)
    assert all(texts(library, a) == {"الفجر"} for a in tagged)


def test_a_word_the_model_calls_other_goes_however_many_articles_name_it(library):
    """The model's "other" (MISC) is a looser guess: the same spread takes it back even from a word
    named in several articles; a body of the same word stays."""
    other = [add(library, f"o{i}.txt", f"قال السنة في بيانه رقم {i} إن الطريق مغلقة.") for i in range(3)]
    body = [add(library, f"b{i}.txt", f"قال الفجر في بيانه رقم {i} إن الطريق مغلقة.") for i in range(3)]
    plain(library, 10 * SPREAD, "السنة")
    plain(library, 10 * SPREAD, "الفجر")
    analyse(library, Tagger({"السنة": "MISC", "الفجر": "ORG"}), workers=1)
    assert all(texts(library, a) == set() for a in other)
    assert all(texts(library, a) == {"الفجر"} for a in body)


def test_a_listed_town_that_is_also_a_word_stays(library):
    # الخبر: the town of Khobar, and "the news"
    tagged = add(library, "t.txt", "قال الخبر إن الطريق مغلقة.")
    plain(library, 3 * SPREAD, "الخبر")
    analyse(library, Tagger({"الخبر": "LOC"}), workers=1)
    assert texts(library, tagged) == {"الخبر"}


def test_the_new_articles_decide_for_the_old_ones(library):
    """An article tagged alone keeps its name until other articles show the word is ordinary."""
    backend = Tagger({"الصغير": "PERS"})
    tagged = add(library, "t.txt", "قال الصغير إن الطريق مغلقة.")
    analyse(library, backend, workers=1)
    assert texts(library, tagged) == {"الصغير"}
    new = plain(library, 2 * SPREAD, "الصغير")
    analyse(library, backend, article_ids=new, workers=1)
    assert texts(library, tagged) == set()
    assert library.entities() == []


def test_the_researchers_entities_are_kept(library):
    backend = Tagger({"الصغير": "PERS"})
    tagged = add(library, "t.txt", "قال الصغير إن الطريق مغلقة.")
    analyse(library, backend, workers=1)
    rename(library, library.entities()[0].id, "الصغير (لقب)")
    new = plain(library, 2 * SPREAD, "الصغير")
    assert ordinary_words(library, new) == {}
    analyse(library, backend, article_ids=new, workers=1)
    assert texts(library, tagged) == {"الصغير"}
    assert [(e.name, e.label) for e in library.entities()] == [("الصغير (لقب)", Label.PERS)]
