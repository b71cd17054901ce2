"""Mentions → entities across the whole library.

A mention's *key* is its normalised form without clitics, the article and the titles around a
name (:mod:`.keys`: للداودي, الداودي, داودي → داودي). Each keyed mention is resolved by the first
of the linker's named resolvers that answers (:data:`.resolvers.RESOLVERS`, in this order):

1. ``person in article``: a one-word place, other or body name that is the surname of the one
   person the article names in full is that person;
2. ``country``: a country's other name is its common name;
3. ``longer name in article``: a short form resolves to the one longer form of the article that
   contains it (:mod:`.short_names`), or of several to the nearest introduced before it;
4. ``longer name in library``: a short form left unresolved resolves to a longer form only when
   the library holds exactly one, or when context (shared names, titles, outlet, dates) picks
   one of several by a clear margin (two people sharing a surname stay apart);
5. ``own name``: the mention is its own entity.

Then identical resolved keys become one entity, whose type is the vote of its mentions (the
researcher's marks outvote the model), and entities of one type whose keys spell one foreign
name two ways become one (:mod:`.variants`). Every mention records why it was linked, as a code
(:mod:`.reasons`), so the panel can explain it. :func:`relink_library` (:mod:`.relink`) reads a
library's mentions, links what changed (the state kept per process: :mod:`.state`), replays the
researcher's corrections (:mod:`.replay`), names the entities (:mod:`.naming`) and writes back
only what changed.
"""
from reader.core.linking import keys, short_names, state
from reader.core.linking.keys import display_name, mention_key, title_words, vocabulary
from reader.core.linking.linker import LinkInput, Linker, LinkResult, link
from reader.core.linking.resolvers import RESOLVERS
from reader.core.linking.reasons import Reason
from reader.core.linking.relink import relink_library
from reader.core.linking.short_names import short_forms
from reader.core.linking.state import compact_link_state, forget_link_state, save_link_state, save_link_states
from reader.core.spelling import lexicon, spelling_skeleton, spelling_variants

__all__ = [
    "RESOLVERS", "LinkInput", "LinkResult", "Linker", "Reason", "compact_link_state", "save_link_state", "save_link_states", "display_name",
    "forget_link_state", "keys", "lexicon", "link", "mention_key", "relink_library", "short_forms", "short_names",
    "spelling_skeleton", "spelling_variants", "state", "title_words", "vocabulary",
]
