"""Appositions the small English model does not mark as such, and what coordinations and
relative clauses cover, shared by typing, patterns and arguments.

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


def following_conjuncts(token: Token) -> list[Token]:
    """The conjuncts coordinated under ``token``: B and C in "A, B and C" for A. A list of
    names is sometimes parsed as appositions ("Sam Altman, Elon Musk, Greg Brockman and Ilya
    Sutskever"); an apposition that is itself a proper name counts as a conjunct."""

    def members(head: Token) -> list[Token]:
        return [
            child
            for child in head.children
            if child.dep_ == "conj"
            or (
                child.dep_ == "appos"
                and child.pos_ == "PROPN"
                and any(c.dep_ == "conj" for c in child.children)  # a list, not a gloss
                and close_to(head, child)
            )
        ]

    found: list[Token] = []
    stack = members(token)
    while stack:
        conjunct = stack.pop()
        found.append(conjunct)
        stack.extend(members(conjunct))
    return sorted(found, key=lambda t: t.i)


def close_to(noun: Token, child: Token) -> bool:
    """Whether a name modifying a noun sits next to it: an apposition that starts far after
    the noun's own phrase is a parser's long shot ("The company was spun out ... by the
    researchers ..., among them Ali Ghodsi")."""
    if child.dep_ != "appos":
        return True
    own = [t.i for c in noun.children if c.dep_ != "appos" and c.i > noun.i for t in c.subtree]
    return child.left_edge.i - max([noun.i, *own]) <= 3


def relative_antecedents(clause: Token) -> list[Token]:
    """What a relative clause is about: the noun it hangs on, or the whole coordination when
    the clause follows its last member ("Naveen Rao and Hanlin Tang, who had both worked at
    Intel"); a clause inside the list belongs to its own member only ("Jonas Andrulis, who had
    worked at Apple, and Samuel Weinbach"), and so does one whose verb is singular ("Sam
    Altman and Ilya Sutskever, who is a graduate of ...")."""
    noun = clause.head
    top = noun
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    members = [top, *following_conjuncts(top)]
    if (
        len(members) > 1
        and clause.left_edge.i > max(m.i for m in members)
        and not _singular(clause)
    ):
        return members
    return [noun]


def _singular(verb: Token) -> bool:
    """Whether a verb's form says its subject is one thing: "is", "has", "makes"."""
    return verb.tag_ == "VBZ" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBZ" for c in verb.children
    )
