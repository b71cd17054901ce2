"""The in-article resolvers: each looks at one keyed mention of an article and answers the entity
it names, or passes it on; :data:`RESOLVERS` is their order (the first that answers wins).

They read only the article (:class:`InArticle`); the two that leave the answer to the library
(a short form's longer name elsewhere, a word the library types a body) answer their own key
and let :class:`~reader.core.linking.linker.Linker` decide once the library is up to date."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from reader.core.linking.heads import NAMED_AFTER
from reader.core.linking.keys import agency_key, base_words, had_article, holds_role, is_epithet, is_role_phrase, joined_words, unmarked
from reader.core.linking.keys import OUTLET_MARK, outlet_keys
from reader.core.linking.naming import listed_place
from reader.core.linking.reasons import Reason
from reader.core.linking.short_names import contains, country_name, fullest
from reader.core.model import Label
from reader.core.places import place_words
from reader.core.words import GENERIC_HEADS

# Types whose short forms may stand for a longer name (in the article, or in the library).
EXPANDABLE = (Label.PERS, Label.ORG)
# Types of a one-word mention that may be a body the model mistyped (:func:`body_by_library`).
BODY_READINGS = (Label.LOC, Label.MISC)


def headed(short: str, long: str, heads: AbstractSet[str]) -> bool:
    """Whether ``long`` is ``short`` with only words of ``heads`` before it: a body's head nouns
    (مصرف الانماء, ``words.GENERIC_HEADS``) or, narrower, the nouns of a body's kind (نادي الهلال,
    جماعه الحوثي: ``words.KIND_HEADS``, the same body's fuller name whatever the two's counts;
    not a head that names bodies of its own, اتحاد, هيئة: «الاتحاد والأهلي», two clubs, keys as
    اتحاد اهلي)."""
    return long.endswith(" " + short) and all(w in heads for w in long[:-len(short) - 1].split())


# Each resolver answers (entity key, stored reason, whether the library decided) or None to pass
# the mention on. Only a library answer reads library-wide facts: the linker re-resolves those
# mentions alone when such a fact changes.
Found = tuple[str, str, bool]


@dataclass(slots=True)
class InArticle:
    """What the resolvers know of the article being resolved."""

    keyed: list[tuple[Label, str]]  # (label, key) of the article's keyed mentions, in text order
    glosses: dict[str, str]  # other name in brackets → full name (linker._Article.glosses)
    long: dict[Label, set[str]] = field(default_factory=lambda: defaultdict(set))  # its long forms
    seen: dict[Label, list[str]] = field(default_factory=lambda: defaultdict(list))  # introduced so far
    people: list[tuple[str, str]] = field(default_factory=list)  # people so far: (entity key, mention text)
    cued: bool = False  # the mention being resolved is named as a news outlet (LinkInput.cued)
    alone: set[tuple[Label, str]] = field(default_factory=set)  # bodies' short forms used before their longer names
    _people: dict[str, AbstractSet[str]] = field(default_factory=dict)
    _local: dict[tuple[Label, str], AbstractSet[str]] = field(default_factory=dict)

    def people_named(self, word: str) -> AbstractSet[str]:
        """The fullest people named in the article whose name ends in ``word`` as a surname."""
        out = self._people.get(word)
        if out is None:
            out = self._people[word] = fullest(Label.PERS, {
                lk for lk in self.long[Label.PERS]
                if contains(Label.PERS, lk.split(), [word]) and lk.split()[-1] == word})
        return out

    def longer(self, label: Label, k: str) -> AbstractSet[str]:
        """The fullest long forms of the article of this type that contain ``k``."""
        out = self._local.get((label, k))
        if out is None:
            words = k.split()
            out = self._local[(label, k)] = fullest(label, {
                lk for lk in self.long[label] if contains(label, lk.split(), words)})
        return out


def person_in_article(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A one-word place, other, or body name (with no longer body name around it) that is the
    surname of the one person the article names in full: that person, mis-typed by the model
    (the type vote then follows the person)."""
    if " " in k or label is Label.PERS or (label is Label.ORG and here.longer(label, k)):
        return None
    if len(joined_words(text)) > 1:
        return None  # a body the text calls one («مليشيا الزاهري», keyed زاهري): his militia, not him
    people = here.people_named(k)
    return (next(iter(people)), Reason.PERSON_IN_ARTICLE.value, False) if len(people) == 1 else None


def role_in_article(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A title of several words or a role alone (ولي العهد, خادم الحرمين الشريفين, وزير الدفاع,
    whatever type the model gave it) stands for the person the article named with it last before
    it («ولي العهد الأمير فهد بن ناصر ... وأكد ولي العهد»; the NER's ``roles`` step makes such
    mentions). Not a one-word title (الأمير, الرائد): in a sample library those were as often
    the next person, whom the model had missed, as the one named before. But an epithet alone
    (المخلوع, "the deposed"): the writer's name for the one person the article gave it."""
    words = base_words(text)
    if not (is_role_phrase(words, had_article(text)) or is_epithet(words)):
        return None
    for person, named in reversed(here.people):
        if holds_role(named, words):
            return person, Reason.ROLE_IN_ARTICLE.value, False
    return None


def country(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A country's other name (official, older) links to its common name."""
    if label is not Label.LOC:
        return None
    name = country_name(k)
    return (name, Reason.COUNTRY.value, False) if name and name != k else None


def news_agency(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A news agency's names (``resources/outlets``) are one entity, whatever type the model gave
    them: واس and وكالة الأنباء السعودية, فرانس برس and وكالة الصحافة الفرنسية, رويترز and وكالة
    رويترز. A name that is also a word, a given name or a place (الأناضول, فارس, قنا) only where
    it is typed a body and the article names the agency by another name too. Before the short
    forms, which then follow it: «وكالة الأنباء» after «وكالة الأنباء الكويتية» in one article
    is that agency."""
    agency = agency_key(k, label)
    if agency is None:
        return None
    if agency_key(k, label, only_sure=True) is None and not any(
            agency_key(lk, lab, only_sure=True) == agency for lab, lk in here.keyed):
        return None  # «وفا» of an insurer «X وفا للتأمين»: the agency only where the article names it surely too
    return agency, Reason.NONE.value if unmarked(agency) == k else Reason.AGENCY.value, False


def outlet_named(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A news outlet's name (``resources/outlets``) where the text names the outlet: in quotes
    (قال لـ«X», the statement's addressee; «X» in a dateline) or after صحيفة/جريدة, and typed a
    body there (the NER's ``told`` step). The outlet, one entity apart from the place or word of
    the same name: «الرياض» told a story is the paper, not the city; «الشرق الأوسط» the paper,
    not the region."""
    if not here.cued or label is not Label.ORG or k not in outlet_keys():
        return None
    return k + OUTLET_MARK, Reason.OUTLET.value, False


def gloss_in_article(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A body's other name the article gives in brackets beside its full name (اتحاد الرماة
    الكرمستانيين (إركا)): that body, wherever the article uses it, whatever type the model gave
    it there (the type vote then follows the body)."""
    full = here.glosses.get(k)
    return (full, Reason.GLOSS_IN_ARTICLE.value, False) if full else None


def longer_in_article(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A person's or body's short form links to the longer name the article gives it: the one
    that contains it, or of several the one introduced last before it; several and none
    before it stays ambiguous (its own entity), and a body's stays so in the rest of the article."""
    if label not in EXPANDABLE:
        return None
    local = here.longer(label, k)
    if len(local) == 1:
        return next(iter(local)), Reason.IN_ARTICLE.value, False
    if not local:
        return None
    # of several, the one that is the short form behind a head noun (مصرف الزاهر, not الزاهر
    # كابيتال للتأمين): the short form is that body's name proper, a part of the others
    if label is Label.ORG:
        behind_head = [lk for lk in local if headed(k, lk, GENERIC_HEADS)]
        if len(behind_head) == 1:
            return behind_head[0], Reason.IN_ARTICLE.value, False
    earlier = [lk for lk in reversed(here.seen[label]) if lk in local]
    if earlier and (label, k) not in here.alone:
        return earlier[0], Reason.NEAREST_IN_ARTICLE.value, False
    # a brand used alone before the longer names that start with it came is its own name
    # throughout the article (جوجل before جوجل إكس, جوجل كابيتال: the company, not the last of its
    # units); not a word with the article (الحوثيين: a short form of one of them) nor a head noun
    # (بنك, معهد: a generic word, the nearest's)
    if label is Label.ORG and " " not in k and k not in GENERIC_HEADS and not any(had_article(text)) \
            and all(lk.split()[0] == k for lk in local):
        here.alone.add((label, k))
    return k, Reason.AMBIGUOUS_IN_ARTICLE.value, False


def body_in_article(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A one-word "person" that is a word of the one body the article names in full, and no
    person's name of the article (سيتي after كرمستان سيتي, typed a person in some paragraphs):
    that body, mis-typed by the model (the type vote then follows the body). Not a body named
    after somebody (جامعة الملك فهد, مركز الملك سلمان: فهد alone is the king)."""
    if label is not Label.PERS or " " in k or here.longer(label, k):
        return None
    bodies = here.longer(Label.ORG, k)
    if len(bodies) != 1 or next(iter(bodies)).split()[0] in NAMED_AFTER:
        return None
    # nor a word of a longer name of another type (خيمة سوق عكاظ, an event, beside شباب عكاظ)
    others = {lk for lab, lk in here.keyed
              if lab is not Label.ORG and " " in lk and k in lk.split()}
    return None if others else (next(iter(bodies)), Reason.IN_ARTICLE.value, False)


def longer_in_library(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A short form the article does not expand: the library's only longer name that contains
    it, or of several the one whose articles share this one's context by a clear margin
    (:meth:`Linker._library_link`, made once an update has resolved all its articles: it reads
    how the library uses the short form, which those articles change)."""
    if label not in EXPANDABLE:
        return None
    return k, Reason.NONE.value, True


def body_by_library(here: InArticle, label: Label, text: str, k: str) -> Found | None:
    """A word the model took for a place or other, one the library tags a body in at least as many articles
    («الزاهريين», a place in some articles and a body in others): the body the library names in
    full that contains it, where this article names that body or its context agrees
    (:meth:`Linker._library_link`); else its own name. Its type then follows the body's vote.
    Not a listed place's name."""
    if label not in BODY_READINGS or " " in k or k in place_words() or (label is Label.MISC and listed_place(k)):
        return None  # the model's "other" is as often a town as any body named after it
    return k, Reason.NONE.value, True


def own_name(here: InArticle, label: Label, text: str, k: str) -> Found:
    """Nothing else applies: the mention is its own entity."""
    return k, Reason.NONE.value, False


RESOLVERS: tuple[tuple[str, Callable[[InArticle, Label, str, str], Found | None]], ...] = (
    ("person in article", person_in_article),
    ("role in article", role_in_article),
    ("country", country),
    ("news agency", news_agency),
    ("other name in brackets", gloss_in_article),
    ("news outlet", outlet_named),
    ("longer name in article", longer_in_article),
    ("body in article", body_in_article),
    ("longer name in library", longer_in_library),
    ("body by the library", body_by_library),
    ("own name", own_name),
)
