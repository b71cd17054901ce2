"""Related places, outlets with their forms, co-occurring entities, romanisation."""
from reader.core import places, profile
from reader.core.linking import relink_library
from reader.core.model import Document, Label, Span
from reader.core.romanise import romanise


def test_capital_and_nisba_are_related_to_their_country_never_the_same():
    q, doha, adj = places.place_key("قطر"), places.place_key("الدوحة"), places.place_key("القطرية")
    assert places.related(doha, q) == places.CAPITAL_OF
    assert places.related(q, doha) == places.HAS_CAPITAL
    assert places.related(adj, q) == places.ADJECTIVE_OF
    assert places.related(places.place_key("وزارة الخارجية القطرية"), q) == places.SAME_COUNTRY
    assert places.related(doha, places.place_key("تركيا")) == ""
    assert places.related(q, q) == ""


def test_a_nisba_news_spells_otherwise_is_its_countrys():
    # the sports pages' «الأوروجوياني» beside the regular «الأوروغوايي»
    pairs = [("الأوروغوايي", "الأوروغواي"), ("الأوروجوياني", "الأوروغواي"), ("الأورغوياني", "الأوروغواي"),
             ("الباراجوياني", "باراغواي")]
    for adj, country in pairs:
        assert places.related(places.place_key(adj), places.place_key(country)) == places.ADJECTIVE_OF, adj


def _add(lib, source, outlet, text, marks):
    aid, _ = lib.upsert_document(Document(source, "t", text, text, outlet=outlet, date="2020-01-01"))
    spans = [Span(text.index(form), text.index(form) + len(form), label) for form, label in marks]
    lib.set_model_mentions(aid, spans, "test")


def test_panel_profile_of_an_entity(library):
    with library.transaction():
        _add(library, "a", "وكالة أ", "زار سمير الداودي الدوحة ثم قطر.",
             [("سمير الداودي", Label.PERS), ("الدوحة", Label.LOC), ("قطر", Label.LOC)])
        _add(library, "b", "صحيفة ب", "قال الداودي إن الحكومة القطرية وقطر ترحبان.",
             [("الداودي", Label.PERS), ("الحكومة القطرية", Label.ORG), ("وقطر", Label.LOC)])
        relink_library(library)
    qatar = library.entity_by_key("قطر")
    rel = {(r.relation, r.entity.name) for r in profile.related_places(library, qatar)}
    assert rel == {(places.HAS_CAPITAL, "الدوحة"), (places.HAS_ADJECTIVE, "الحكومة القطرية")}
    assert qatar.n_articles == 2  # وقطر is قطر; الدوحة and القطرية are not
    person = library.entity_by_key("سمير داودي")
    outs = {o.outlet: dict(o.forms) for o in profile.outlets(library, person.id)}
    assert outs == {"وكالة أ": {"سمير الداودي": 1}, "صحيفة ب": {"الداودي": 1}}
    with_ = {r.entity.name: r.shared_articles for r in profile.co_occurring(library, person.id)}
    assert with_["قطر"] == 2 and with_["الدوحة"] == 1


def test_romanisation_only_where_it_can_be_trusted():
    assert romanise("خليفة حفتر") == "Khalifa Haftar"  # a person the name index knows
    assert romanise("Qatar") == ""
    assert romanise("مانشستر يونايتد") == ""  # no letter-by-letter guess for a name the index lacks
    assert romanise("قطر", Label.LOC) == ""  # places: a person's name index would read "Katr"


def test_a_context_reason_names_what_it_shares_as_the_library_writes_it(library):
    from reader.core.linking.keys import mention_key
    from reader.core.linking.reasons import Reason, parse, stored

    with library.transaction():
        _add(library, "c", "وكالة أ", "التقى أشرف غني في إسطنبول وفد الحكومة.",
             [("أشرف غني", Label.PERS), ("إسطنبول", Label.LOC)])
        relink_library(library)
    keys = [mention_key("أشرف غني"), mention_key("إسطنبول"), "كلمه"]  # the last: no entity of that key
    assert keys[0] != "أشرف غني"  # what the linker stores is normalised
    reason = stored(Reason.CONTEXT, "، ".join(keys))
    assert profile._named_context(library, reason) == stored(Reason.CONTEXT, "أشرف غني، إسطنبول، كلمه")
    # the story reasons list what the articles share the same way
    for code in (Reason.SPELLING_IN_STORY, Reason.GIVEN_NAME_IN_STORY):
        assert profile._named_context(library, stored(code, "، ".join(keys))) == stored(code, "أشرف غني، إسطنبول، كلمه")
    assert profile._named_context(library, stored(Reason.IN_ARTICLE)) == stored(Reason.IN_ARTICLE)
    person = library.entity_by_key(keys[0])
    assert [parse(r)[0] for _, r, _ in profile.forms(library, person.id)] == [parse(r)[0] for _, r, _ in
                                                                          library.entity_forms(person.id)]
