"""Why a mention is linked to its entity: a code stored with the mention, rendered by the UI.

The library stores the code (``link_reason``), followed by ``|`` and a detail where the reason
has one (the names a context shares); the window words it in the user's language
(``reader.ui.i18n.tr_reason``), and code queries it by value, never by matching sentences.
"""
from __future__ import annotations

from enum import StrEnum


CONTEXT_SEPARATOR = "، "  # between the names (keys) a context reason's detail lists


class Reason(StrEnum):
    NONE = ""  # its own name, nothing else read (shown as SAME_NAME)
    SAME_NAME = "same-name"
    IN_ARTICLE = "in-article"  # the one longer name of the article that contains it
    NEAREST_IN_ARTICLE = "nearest-in-article"  # of several, the one introduced last before it
    AMBIGUOUS_IN_ARTICLE = "ambiguous-in-article"  # several longer names of the article contain it
    PERSON_IN_ARTICLE = "person-in-article"  # the surname of the one person named in full (type differs)
    ROLE_IN_ARTICLE = "role-in-article"  # a title or role of several words alone (ولي العهد, وزير الدفاع): the person the article last named with it
    ROLE_IN_LIBRARY = "role-in-library"  # an honorific alone (خادم الحرمين الشريفين): the person the library's articles of the time name with it
    COUNTRY = "country"  # another name of the same country
    AGENCY = "agency"  # another name of the same news agency (واس, وكالة الأنباء السعودية)
    GLOSS_IN_ARTICLE = "gloss-in-article"  # a body's other name the article gives in brackets beside its full name
    GLOSS_IN_LIBRARY = "gloss-in-library"  # ... that other articles give, context agreeing
    ONLY_IN_LIBRARY = "only-in-library"  # the only longer name of the library that contains it, context agreeing
    UNCONFIRMED_IN_LIBRARY = "unconfirmed-in-library"  # the only one, but nothing in the article agrees
    CONTEXT = "context"  # of several in the library, the one whose articles share its context
    AMBIGUOUS_IN_LIBRARY = "ambiguous-in-library"
    NAME_OF_ITS_OWN = "name-of-its-own"  # a body's short form the library mostly uses alone
    TOWN_OR_HEAD_ALONE = "town-or-head-alone"  # a town's name or a head noun alone, no body named with it (كرمستان, not كرمستان الأدبي)
    GIVEN_NAME_ALONE = "given-name-alone"  # a given name no longer name takes: this article's person, not the library's
    OUTLET = "outlet"  # a news outlet's name where the text names the outlet (told «X», صحيفة X): the outlet, not the place
    LONGEST_IN_LIBRARY = "longest-in-library"  # (made before context was required; shown for old libraries)
    SPELLING = "spelling"  # another spelling of the name
    SPELLING_IN_STORY = "spelling-in-story"  # a foreign name written otherwise, in articles of one story (detail: names they share)
    GIVEN_NAME_IN_STORY = "given-name-in-story"  # a given name alone, in articles of one story (detail: names they share)
    SPLIT_BY_USER = "split-by-user"
    MERGED_BY_USER = "merged-by-user"


# The reasons whose detail lists the keys of the names two articles share (CONTEXT_SEPARATOR):
# shown with the names the library gives those keys (reader.core.profile.forms).
SHARED_NAMES = (Reason.CONTEXT, Reason.ONLY_IN_LIBRARY, Reason.SPELLING_IN_STORY, Reason.GIVEN_NAME_IN_STORY)

# Links made inside one article, where the full name is printed beside the short form: what
# the library may learn from (reader.core.propagation). Not a title alone (ROLE_IN_ARTICLE):
# carried across the library, «ولي العهد» would become a name wherever it stands.
IN_ARTICLE = (Reason.IN_ARTICLE, Reason.NEAREST_IN_ARTICLE, Reason.PERSON_IN_ARTICLE)

_DETAIL = "|"


def stored(reason: Reason, detail: str = "") -> str:
    """What the library stores for ``reason`` (with its detail, if any)."""
    return f"{reason.value}{_DETAIL}{detail}" if detail else reason.value


def parse(value: str) -> tuple[Reason | None, str]:
    """(code, detail) of a stored reason; (None, value) for one this version does not know."""
    code, _, detail = value.partition(_DETAIL)
    try:
        return Reason(code), detail
    except ValueError:
        return None, value
