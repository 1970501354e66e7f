"""Which mentions a relation argument token stands for.

A dependency pattern lands on one token; the entity it means may be elsewhere:

* inside a named entity ("Wenfeng" in "Liang Wenfeng");
* behind a relative pronoun ("Zhipu, which was spun out of ...");
* in a compound or apposition of a common noun ("Nvidia H800 processors", "the fund, HighFlyer");
* a pronoun or a definite description ("it", "the startup"), left for resolution to bind;
* spread over a coordination ("founded by A, B and C", "the A100 and H800").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from aikg.model import PLACE_TYPES, EntityType, Mention, MentionKind
from aikg.nlp.cues import Cues
from aikg.nlp.syntax import (
    close_to,
    following_conjuncts,
    name_after,
    name_before,
    relative_antecedents,
)
from aikg.normalize import normalize_name

_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "that"})
_NAMING_VERBS = frozenset({"call", "name", "dub", "brand", "know"})

ANAPHOR_FACTOR = 0.9
"""Confidence kept by a relation whose argument is a pronoun or description, not a name."""
BARE_NAME_FACTOR = 0.85
"""Confidence kept by a relation whose argument is a name no tagger recognized."""
IMPLICIT_FACTOR = 0.75
"""Confidence kept by a relation whose object the sentence leaves unsaid."""


_MAKERS = frozenset(
    {EntityType.ORGANIZATION, EntityType.COMPANY, EntityType.UNIVERSITY, EntityType.GOVERNMENT_BODY}
)
_MADE = frozenset({EntityType.CHIP, EntityType.AI_MODEL, EntityType.PRODUCT})
"""Types of a named modifier that says who made a thing, and of the things made."""
_NAME_CHILDREN = frozenset({"appos", "compound", "nmod", "nummod", "amod"})
"""Dependents of a common noun that name what it denotes: "the Llama 3 model", "H800 chips"."""


class ArgumentMapper:
    """Maps tokens to mention indices, creating pronoun and description mentions on demand."""

    def __init__(self, doc: Doc, mentions: list[Mention], sentence_of: list[int], cues: Cues):
        self.doc = doc
        self.mentions = mentions
        self.sentence_of = sentence_of
        self.cues = cues
        self.by_token: dict[int, int] = {}
        # mentions made here, by character span (and, for a pair's second, its first)
        self.created: dict[tuple[int, int, int | None], int] = {}
        for index, ent in enumerate(doc.ents):
            for i in range(ent.start, ent.end):
                self.by_token[i] = index

    def refer(self, token: Token, coordinated: bool) -> list[tuple[int, float]]:
        """Mention indices the token stands for, with the confidence factor of each; with
        ``coordinated``, also those of the conjuncts that follow it ("A, B and C")."""
        found: dict[int, float] = {}
        for candidate in (token, *(following_conjuncts(token) if coordinated else ())):
            for mention, factor in self._refer_one(candidate, depth=0):
                found.setdefault(mention, factor)
        return sorted(found.items())

    def track_subject_anaphors(self) -> None:
        """Make a mention of each pronoun or description that is a sentence's main subject,
        whether or not a relation took it: it binds to its antecedent like any other, so the
        next anaphor finds the entity the text is about. In "None has a longer lineage than
        Waymo. The company began as Google's project and was spun out under Alphabet. It is
        run by ...", "It" is Waymo through "The company", which states no relation."""
        for token in self.doc:
            if (
                token.dep_ in ("nsubj", "nsubjpass")
                and (token.pos_ == "PRON" or token.pos_ == "NOUN")
                and is_main_subject(self.doc[token.i : token.i + 1])
                and not (token.lower_ == "it" and token.head.lemma_ == "be")  # "It was not ..."
            ):
                self._refer_one(token, depth=0)

    def _refer_one(self, token: Token, depth: int) -> list[tuple[int, float]]:
        if depth > 3:
            return []
        if token.i in self.by_token:
            return [(self.by_token[token.i], 1.0)]
        if token.lower_ in _RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
            return [
                reference
                for antecedent in relative_antecedents(token.head)
                for reference in self._refer_one(antecedent, depth + 1)
            ]
        if token.lower_ == "whose":  # "Huawei, whose Ascend processors compete ..."
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            before = token.doc[token.i - 2] if token.i >= 2 else None
            if before is not None and token.doc[token.i - 1].text != ",":
                before = None
            if clause is not None:
                # the parser hangs a clause after a list on its first item; "whose" follows
                # the item it is about ("Apple, Qualcomm and Nvidia, whose Grace ...")
                if before is not None and before in clause.head.conjuncts:
                    return self._refer_one(before, depth + 1)
                return self._refer_one(clause.head, depth + 1)
            # a clause the parser did not see as one: "whose" follows what it is about
            if before is not None:
                return self._refer_one(before, depth + 1)
            return []
        if token.pos_ == "PRON":
            return self._pronoun(token)
        if _bare_name_like(token):
            return self._bare_name(token)
        if token.pos_ not in ("NOUN", "PROPN", "NUM") and not _mistagged_noun(token):
            return []
        return self._noun_phrase(token, depth)

    def _noun_phrase(self, token: Token, depth: int) -> list[tuple[int, float]]:
        """What a common noun stands for: a name it is in apposition to, a name it is called,
        a named modifier of its own kind (not a place, a maker or a product of another kind,
        and never for a holding: "Intel shares"), what it contains or lists, the owner of a
        unit ("Intel's foundry business"), or else itself as a description."""
        # "Alibaba, the group Jack Ma founded": a description in apposition to a name; "its
        # image generator Stable Diffusion": a common noun classifying the name it modifies
        if token.dep_ in ("appos", "compound") and token.head.i in self.by_token:
            return [(self.by_token[token.head.i], 1.0)]
        for clause in token.children:  # "a consumer unit called Microsoft AI"
            if clause.dep_ == "acl" and clause.lemma_.lower() in _NAMING_VERBS:
                for name in clause.children:
                    if name.dep_ in ("oprd", "attr", "dobj", "xcomp") and name.i in self.by_token:
                        return [(self.by_token[name.i], 1.0)]
        if token.lemma_.lower() in self.cues.holdings:
            return []  # "Intel shares" are a part of Intel's capital, not Intel
        # a word of the noun's own phrase before an apposition, which may be the parser's
        # reading of a list ("Amazon's Trainium chips, Microsoft's Maia 100 and ...")
        for child in sorted(token.children, key=lambda t: (t.dep_ == "appos", -t.i)):
            if child.dep_ == "compound" and child.i not in self.by_token:
                # "the DALL-E image generators": the name modifies the noun's own modifier
                child = next(
                    (c for c in child.children if c.dep_ == "compound" and c.i in self.by_token),
                    child,
                )
            if child.dep_ in _NAME_CHILDREN and child.i in self.by_token and close_to(token, child):
                if self._of_another_kind(token, child):
                    continue  # "the Beijing startup" is in Beijing, "Nvidia chips" are Nvidia's
                # "its A100 and H100 processors": the named modifier and its conjuncts
                named = [child, *following_conjuncts(child)]
                return [(self.by_token[t.i], 1.0) for t in named if t.i in self.by_token]
        for loose in (name_after(token), name_before(token)):
            if loose is not None and loose.i in self.by_token:
                return [(self.by_token[loose.i], 1.0)]
        if token.pos_ == "NUM" or token.lemma_.lower() in self.cues.containers:
            # "a cluster of 2,048 H800 chips", "10,000 of Nvidia's A100s"
            for obj in _prepositional_objects(token, ("of",)):
                return [
                    reference
                    for member in (obj, *following_conjuncts(obj))
                    for reference in self._refer_one(member, depth + 1)
                ]
        examples = [
            reference
            for obj in [
                *_prepositional_objects(token, ("including", "like", "as")),
                *_included(token),
                *_trailing_examples(token),
            ]
            for conjunct in (obj, *following_conjuncts(obj))
            for reference in self._refer_one(conjunct, depth + 1)
        ]
        if examples:  # "startups including Moonshot AI", "customers that include Nvidia"
            return examples
        if token.lemma_.lower() in self.cues.units:  # "Intel's foundry business won ..."
            owners = [c for c in token.children if c.dep_ == "poss" and c.i in self.by_token]
            if owners:
                return [(self.by_token[owners[0].i], 1.0)]
        return self._description(token)

    def _of_another_kind(self, noun: Token, name: Token) -> bool:
        """Whether a named modifier says where, whose or what of the thing a noun describes,
        rather than naming it: the place of a company ("the Beijing startup"), the maker of a
        chip or a model ("Nvidia chips"), the product of a maker ("the ChatGPT maker"), a
        person beside a noun said only of things and organizations."""
        named = self.mentions[self.by_token[name.i]].type
        described = self.cues.noun_type(noun.lemma_)
        if described is None:
            return False
        if named in PLACE_TYPES:
            return described not in PLACE_TYPES
        if named is EntityType.PERSON:  # "the start-up Brett Adcock founded": no start-up
            return (
                described is not EntityType.PERSON
                and noun.lemma_.lower() not in self.cues.person_or_organization
            )
        return (named in _MAKERS and described in _MADE) or (
            named in _MADE and described in _MAKERS
        )

    def implicit(self, token: Token, entity_type: EntityType) -> list[tuple[int, float]]:
        """An entity the sentence leaves unsaid, anchored at a word: in "Chairman Joe Tsai" the
        title implies the organization the text is about. Resolution binds it like "the
        company"."""
        span = token.doc[token.i : token.i + 1]
        return [(self._new_mention(span, MentionKind.NOMINAL, entity_type), IMPLICIT_FACTOR)]

    def _bare_name(self, token: Token) -> list[tuple[int, float]]:
        """A capitalized name the tagger missed, found as a relation argument ("Mellanox, which
        was based in Yokneam"): a mention without a type, which the relation's slot will give.
        "AI" is no such name: the names modifying it stand for what it describes."""
        doc = token.doc
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
            start -= 1
        span = doc[start : token.i + 1]
        if normalize_name(token.text) in self.cues.junk:
            # "the Abu Dhabi AI company": "AI" heads no name, the name modifying it is one
            named = [c for c in token.children if c.dep_ == "compound" and c.i in self.by_token]
            return [(self.by_token[c.i], 1.0) for c in named]
        if normalize_name(span.text) in self.cues.junk:
            return []
        return [(self._new_mention(span, MentionKind.NAME, None), BARE_NAME_FACTOR)]

    def _pronoun(self, token: Token) -> list[tuple[int, float]]:
        word = token.lower_
        if word not in self.cues.pronouns:
            return []
        reporter = _reporting_subject(token)
        if reporter is not None and reporter.i in self.by_token:
            # "Nvidia said it would ...": the subject of a reported clause is the reporter
            return [(self.by_token[reporter.i], ANAPHOR_FACTOR)]
        if reporter is not None and word in ("they", "we") and _pair(reporter):
            return self._description(reporter)  # "the two companies said they would ..."
        parallel = _parallel_possessor(token)
        if parallel is not None and parallel.i in self.by_token:
            # "Windsurf's chief executive, Varun Mohan, its co-founder Douglas Chen"
            return [(self.by_token[parallel.i], ANAPHOR_FACTOR)]
        mention = self._new_mention(
            token.doc[token.i : token.i + 1], MentionKind.PRONOUN, self.cues.pronouns[word]
        )
        return [(mention, ANAPHOR_FACTOR)]

    def _description(self, token: Token) -> list[tuple[int, float]]:
        """ "the startup", "this chipmaker": a definite noun phrase headed by a cue noun."""
        entity_type = self.cues.noun_type(token.lemma_)
        if entity_type is None or entity_type is EntityType.PERSON:
            return []
        determiners = [c for c in token.children if c.dep_ in ("det", "poss")]
        if not any(d.lower_ in self.cues.anaphor_determiners for d in determiners):
            # "both labs" is definite; "two companies" is not
            determiners = [c for c in token.children if c.lower_ == "both"]
            if not determiners or not _pair(token):
                return []
        if any(o.i in self.by_token for o in _prepositional_objects(token, ("of",))):
            return []  # "the government of Abu Dhabi" is definite by its name, not anaphoric
        start = min(d.i for d in determiners)
        span = token.doc[start : token.i + 1]
        mention = self._new_mention(span, MentionKind.NOMINAL, entity_type)
        if not _pair(token):
            return [(mention, ANAPHOR_FACTOR)]
        # "the two companies": two entities, the second not the first
        second = self._new_mention(span, MentionKind.NOMINAL, entity_type, member_of=mention)
        return [(mention, ANAPHOR_FACTOR), (second, ANAPHOR_FACTOR)]

    def _new_mention(
        self,
        span: Span,
        kind: MentionKind,
        entity_type: EntityType | None,
        member_of: int | None = None,
    ) -> int:
        where = (span.start_char, span.end_char, member_of)
        if where in self.created:
            return self.created[where]
        self.created[where] = len(self.mentions)
        self.mentions.append(
            Mention(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                kind=kind,
                type=entity_type,
                sentence=self.sentence_of[span.start],
                is_subject=is_main_subject(span),
                is_object=is_object(span),
                clause_subject=self._clause_subject(span)
                if _in_object_position(span)
                else self._apposed_name(span),
                governing_subject=self._governing_subject(span)
                if kind is MentionKind.PRONOUN
                else None,
                member_of=member_of,
            )
        )
        return len(self.mentions) - 1

    def _governing_subject(self, span: Span) -> int | None:
        """The named subject, before the pronoun, of the clause that the pronoun's own clause
        is an adverbial or a complement of: "Google followed, although its president warned"
        (Hobbs's search of the sentence's tree before earlier sentences)."""
        verb = _clause_verb(span)
        if verb.dep_ not in ("advcl", "ccomp") or verb.head.i == verb.i:
            return None
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.i > span.start:
            return None
        return self.by_token.get(subject.i)

    def _apposed_name(self, span: Span) -> int | None:
        """For a possessive in an apposition, the name the apposition describes: in "Kakao,
        its main rival," or "Microsoft, its biggest backer," the "its" is someone else's."""
        word = span.root
        if word.dep_ != "poss" or word.head.dep_ != "appos":
            return None
        return self.by_token.get(word.head.head.i)

    def _clause_subject(self, span: Span) -> int | None:
        """The named subject of the clause an object mention sits in, if any."""
        verb = _clause_verb(span)
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return None
        if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            subject = verb.head
        return self.by_token.get(subject.i)


def _clause_verb(span: Span) -> Token:
    """The verb of the clause a mention sits in, or its sentence's root if none is above it."""
    verb = span.root.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _mistagged_noun(token: Token) -> bool:
    """A word the tagger called a verb that the parser still made a determined subject or
    object: "the Beijing startup released ..." (the small model tags "startup" VERB)."""
    return (
        token.pos_ == "VERB"
        and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos")
        and any(child.dep_ == "det" for child in token.children)
    )


def is_main_subject(span: Span) -> bool:
    """The subject of a sentence's main verb: the most salient antecedent for what follows.
    A clause that the parser hung below a later verb counts as main too: it is how the small
    model reads two clauses joined by a colon ("Baidu moved first: its Ernie Bot was ...")."""
    root = span.root
    verb = root.head
    fronted = verb.dep_ in ("ccomp", "parataxis") and verb.i < verb.head.i
    return root.dep_ in ("nsubj", "nsubjpass") and (verb.dep_ == "ROOT" or fronted)


def _prepositional_objects(token: Token, prepositions: tuple[str, ...]) -> list[Token]:
    """Objects of the token's prepositions: "startups including X", "chips such as Y"."""
    return [
        obj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in prepositions
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


_NAME_SHAPE = re.compile(r"^[A-Z][A-Za-z]*(?:[:.-]?[A-Za-z0-9]+)*$")
"""Capitalized, letters first: "Mellanox", "OctoAI", "Run:ai", "Character.AI"; not "2024"."""


def _bare_name_like(token: Token) -> bool:
    """A capitalized proper noun that is not part of a longer name, a date or a headline."""
    return (
        token.pos_ == "PROPN"
        and bool(_NAME_SHAPE.match(token.text))
        and token.i not in token.doc._.aikg_not_names
        and not (token.dep_ == "compound" and token.head.pos_ == "PROPN")
    )


def is_object(span: Span) -> bool:
    """A direct object (or a passive's subject): more salient than a preposition's object."""
    return span.root.dep_ in ("dobj", "nsubjpass", "iobj", "dative")


def _in_object_position(span: Span) -> bool:
    """A direct object or the object of a preposition: what cannot be its clause's subject."""
    return is_object(span) or span.root.dep_ == "pobj"


def _reporting_subject(pronoun: Token) -> Token | None:
    """For the subject pronoun of a clause reported by a verb ("Nvidia said it would"), the
    reporting verb's subject."""
    clause = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
        return None
    return next((c for c in clause.head.children if c.dep_ == "nsubj"), None)


def _pair(noun: Token) -> bool:
    """Whether a plural noun names two entities: "the two companies", "both labs"."""
    return noun.tag_ in ("NNS", "NNPS") and any(
        (c.dep_ == "nummod" and c.lower_ in ("two", "2")) or c.lower_ == "both"
        for c in noun.children
    )


def _parallel_possessor(pronoun: Token) -> Token | None:
    """For a possessive pronoun in an item of a list or a chain of appositions, the named
    possessor of an earlier item: items of one list are usually about one owner ("Windsurf's
    chief executive, Varun Mohan, its co-founder Douglas Chen and ...")."""
    if pronoun.dep_ != "poss":
        return None
    item = pronoun.head
    for _ in range(4):
        if item.dep_ not in ("appos", "conj") or item.head.i == item.i:
            return None
        item = item.head
        owner = next((c for c in item.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if owner is not None:
            return owner
    return None


def _trailing_examples(noun: Token) -> list[Token]:
    """Examples set off by a comma after a noun's relative clause, which the parser hangs
    inside the clause: "startups whose models compete with its own, including Moonshot AI"."""
    clause = next((c for c in noun.children if c.dep_ == "relcl"), None)
    if clause is None:
        return []
    return [
        obj
        for word in clause.subtree
        if word.dep_ == "prep" and word.lower_ == "including" and word.doc[word.i - 1].text == ","
        for obj in word.children
        if obj.dep_ == "pobj"
    ]


def _included(token: Token) -> list[Token]:
    """Objects of a relative clause that lists members: "customers that include Nvidia"."""
    return [
        obj
        for clause in token.children
        if clause.dep_ == "relcl" and clause.lemma_.lower() in ("include", "comprise")
        for obj in clause.children
        if obj.dep_ == "dobj"
    ]
