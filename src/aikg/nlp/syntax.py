"""Appositions the small English model does not mark as such, shared by typing and arguments.

The parser often gives a name and the noun phrase set off by a comma beside it the same role
instead of making one the apposition of the other: "Its first model family, Flux.1, gained"
(two subjects), "it bought Cruise, a San Francisco start-up that ..." (two objects). These
functions find the pair, so a description still stands for its name and types it.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

_ARTICLES = frozenset({"a", "an", "the"})


def name_after(noun: Token) -> Token | None:
    """A name set off by a comma right after ``noun``, in the noun's own role:
    "Its first model family, Flux.1, gained ..."."""
    doc = noun.doc
    if noun.i + 2 >= len(doc) or doc[noun.i + 1].text != ",":
        return None
    name = doc[noun.i + 2]
    while name.head.i != name.i and name.dep_ in ("compound", "flat") and name.head.i > name.i:
        name = name.head
    if name.head.i == noun.head.i and name.dep_ == noun.dep_ and name.i != noun.i:
        return name
    return None


def name_before(noun: Token) -> Token | None:
    """The last word of a name right before ``noun``'s phrase (which starts with an article),
    in the noun's own role or in none the parser could name: "bought Cruise, a San Francisco
    start-up ..." (``noun`` the word start-up), "bought Xamarin, the developer-tools company
    he had co-founded"."""
    left = noun.left_edge
    if left.lower_ not in _ARTICLES or left.i < 2 or noun.doc[left.i - 1].text != ",":
        return None
    name = noun.doc[left.i - 2]
    same_role = name.head.i == noun.head.i and name.dep_ == noun.dep_
    if name.pos_ == "PROPN" and (same_role or noun.dep_ == "dep"):  # "dep": the parser gave up
        return name
    return None


def description_after(name: Span) -> Token | None:
    """The inverse of :func:`name_before`: for a name, the head noun of a phrase after its
    comma that the parser gave the name's own role."""
    root = name.root
    doc = name.doc
    if root.head.i == root.i or name.end + 1 >= len(doc) or doc[name.end].text != ",":
        return None
    start = name.end + 1
    for sibling in root.head.children:
        if (
            sibling.i > root.i
            and sibling.left_edge.i == start
            and sibling.dep_ == root.dep_
            and sibling.pos_ == "NOUN"
            and sibling.left_edge.lower_ in _ARTICLES
        ):
            return sibling
    return None
