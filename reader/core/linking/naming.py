"""An entity's name: the form the library writes most, without what a span error glued on."""
from __future__ import annotations

from collections import Counter

from reader.core.arabic import normalise, proclitic_splits, strip_article
from reader.core.linking.heads import bare_head
from reader.core.linking.keys import doubtful_agency_name, is_agency, mention_key
from reader.core.model import Label
from reader.core.spelling import first_names, given_names
from reader.core.words import AGENCY, BODY_DESCRIPTORS, CONNECTORS, EPITHET_HEADS, GENERIC_HEADS, GOVERNMENT_NOUNS, LEADING_CLITICS


def without_glue(name: str, forms: Counter[str], label: Label) -> str:
    """The entity's name without words a span error glued to its end, judged by how the library
    writes it: a shorter form the name starts with that the articles use at least as often
    («مركز الملك سلمان للإغاثة والأعمال الإنسانية» over «… والتقى», «لوفتس رود» over «… بلندن»,
    «محمد القرني» over «محمد القرني وسلمان الفرج»), more often where the longer name was met
    more than once and reads as no glue; a longer name most articles use stays
    («سلمان بن عبدالعزيز آل سعود», not «سلمان بن عبدالعزيز»). A person's name met once, as
    often as its prefix, keeps its last words unless they read as glue or name a place («سامي بن
    راشد آل زاهر», not «سامي بن راشد»; but «سامي الزاهري» of «سامي الزاهري بيروت»).
    A person keeps two words at least, a body more than its head noun (``heads.HEADS``) and,
    where its name was met more than once and no glue or descriptor follows, more than a head
    and nisbas (:func:`_generic`). Nor, met more than once in full, is a body or a person named
    by a listed town alone unless glue follows («مراكش» for «مراكش الأدبي», the town's literary
    club: the town has that name)."""
    words = name.split()
    full = forms.get(name, 0)
    shortest = 2 if label is Label.PERS else 1
    prefixes = [" ".join(words[:n]) for n in range(shortest, len(words))]
    # of a name the articles write as often as its prefix, the prefix wins only where the words
    # after it read as glue (another name after و, a town after ب: المويه وميسان, … بالرياض), or
    # the name of a body or place was met once: «الاتحاد الكويتي لكرة القدم» in five articles is
    # the body's name
    used = [(forms[p], len(p), p) for n, p in enumerate(prefixes, shortest) if not bare_head(p)
            and forms.get(p, 0) >= max(full, 1) + ((full > 1 or label is Label.PERS and not listed_place(words[n]))
                                                    and not _glue_like(words[n]))
            and (label is Label.PERS or full < 2 or not _generic(p) or _glue_like(words[n]) or _descriptor(words[n]))
            and (label is Label.LOC or full < 2 or " " in p or not listed_place(p) or _glue_like(words[n]))]
    name = max(used)[2] if used else name  # the most used; of equally used, the longest
    return _without_leading_glue(name, forms) if label is Label.PERS else name


def without_outer_head(name: str, forms: Counter[str], label: Label) -> str:
    """A body's name without a head noun a span glued before another body's name in construct
    («وزارة حكومة الزاهرين», "the cabinet of the X government", as the government's name;
    «جماعة حزب الأفق», «تنظيم جبهة …»), where the library writes the inner name at least as often: the entity's
    other mentions are of the inner body. Not before a place or a thing's name (هيئة قناة
    السويس is the canal's authority)."""
    words = name.split()
    if label is not Label.ORG or len(words) < 3 or strip_article(normalise(words[0])) not in GENERIC_HEADS:
        return name
    inner = normalise(words[1])
    rest = " ".join(words[1:])
    if (inner in GENERIC_HEADS or inner in GOVERNMENT_NOUNS) and forms.get(rest, 0) >= max(forms.get(name, 0), 1):
        return rest
    return name


def neutral_name(name: str, forms: Counter[str]) -> str:
    """A name that starts with an epithet one side gives the other's armed bodies («الميليشيات
    الزاهرية», ``words.EPITHET_HEADS``) gives way to the entity's most written form without one
    («الزاهري»), where it has one that is more than a head noun: the name a neutral article would
    write, shown in every article's tooltips and indexes."""
    if not _epithet(name):
        return name
    neutral = [(c, len(f), f) for f, c in forms.items() if not _epithet(f) and not bare_head(f)]
    return max(neutral)[2] if neutral else name


def _epithet(form: str) -> bool:
    words = form.split()
    first = normalise(words[0]) if words else ""
    return any(strip_article(stem) in EPITHET_HEADS for stem in (first, *proclitic_splits(first)))


def listed_place(word: str) -> bool:
    """A town or country of the name lists (after a person's name: where they are from)."""
    from reader.core.ner import listed_places  # the shipped name lists, read once

    return listed_places()(normalise(word))


def _generic(form: str) -> bool:
    """A head and nisbas (الاتحاد الدولي, البنك المركزي: ``words.GENERIC_HEADS``), what many
    bodies are called: articles write it for the body they name in full nearby, so it is often
    more written than the name itself («الاتحاد الدولي للرماية»)."""
    words = [normalise(w) for w in form.split()]
    return len(words) > 1 and strip_article(words[0]) in GENERIC_HEADS and all(
        w.startswith("ال") and w.endswith(("ي", "يه")) for w in words[1:])


def _descriptor(word: str) -> bool:
    """A word that describes a body and is no part of its name (الإرهابي, الحالي: ``words.BODY_DESCRIPTORS``)."""
    return normalise(word) in BODY_DESCRIPTORS


def _glue_like(word: str) -> bool:
    """A word that starts what a span glues onto a name: و before a word with no article (a
    second name: وميسان; وال is a name's own coordination: الغذاء والدواء), or ب with the
    article (where: بالرياض)."""
    w = normalise(word)
    return (w.startswith("و") and not w.startswith("وال")) or w.startswith("بال")


def _without_leading_glue(name: str, forms: Counter[str]) -> str:
    """A person's name without words a span error glued before it («بات عبدالله القريني», «هل
    عادل الجبير»): the name from its first given name on, where the library writes that at least
    as often, and the words before it are no given name (of the wider list), no connector (أبو,
    عبد) and in no other form of the name (خلوفة in «خلوفة الأحمري»). Two words stay."""
    words = name.split()
    full = forms.get(name, 0)
    elsewhere = {w for f in forms if f != name for w in f.split()}
    for n in range(1, len(words) - 1):
        if _name_word(words[n - 1]) or words[n - 1] in elsewhere:
            break
        if _given(words[n]):
            rest = " ".join(words[n:])
            return rest if forms.get(rest, 0) >= max(full, 1) else name
    return name


def _given(word: str) -> bool:
    return normalise(word) in given_names()


def _name_word(word: str) -> bool:
    """A given name of the wider list or a word that joins a name's parts: then the words after
    it are not glue (شلال علي شايع, عائض سالم القحطاني)."""
    w = normalise(word)
    return w in first_names() or w in CONNECTORS


def without_preposition(name: str, key: str, label: Label) -> str:
    """A body's, place's or event's name of several words without the preposition or conjunction
    its first word carries (لهيئة الأركان → هيئة الأركان, للاتحاد السعودي → الاتحاد السعودي)
    where the entity's key left it out too (``keys.mention_key``: the library writes the word
    without it) and the second word is definite: a noun in construct with a definite word, as
    such names are. Not people: a given name may start with the same letters (فراس, فوزية)."""
    words = name.split()
    if label is Label.PERS or len(words) < 2 or not key or not normalise(words[1]).startswith("ال"):
        return name
    first, head = normalise(words[0]), key.split()[0]
    if first.startswith("لل") and words[0].startswith("لل") and strip_article("ال" + first[2:]) == head:
        return " ".join(["ال" + words[0][2:], *words[1:]])  # لل is ل + the article
    for stem in proclitic_splits(first):
        cut = len(first) - len(stem)
        if words[0][:cut] == first[:cut] and strip_article(stem) == head:
            return " ".join([words[0][cut:], *words[1:]])
    return name


def canonical_form(counts: Counter[str]) -> str:
    """The most frequent form, folding forms with a leading clitic (وقطر) into the bare one.

    Ties go to the longer form, then to the form met first: ``counts`` is filled in mention-id
    order (never in a set's order), so the name does not depend on the hash seed.
    """
    folded: Counter[str] = Counter()
    for s, c in counts.items():
        bare = s
        if len(s) > 3 and s[0] in LEADING_CLITICS and s[1:] in counts:
            bare = s[1:]
        elif s.startswith("لل") and "ال" + s[2:] in counts:
            bare = "ال" + s[2:]
        folded[bare] += c
    return max(folded.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


def agency_name(name: str, forms: Counter[str], entity_key: str) -> str:
    """A news agency's name that is also a word, a given name or a place (فارس, قنا) gives way to
    its commonest form with the agency's noun (وكالة فارس): alone, the entity list would show a
    given name, a country's old name or a town."""
    if not is_agency(entity_key) or not doubtful_agency_name(mention_key(name, label=Label.ORG)):
        return name
    named = [f for f, _ in forms.most_common() if normalise(f).split()[0] in AGENCY]
    return named[0] if named else name
