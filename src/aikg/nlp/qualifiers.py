"""When, how much, and who says so: qualifiers of relations and numbers about entities.

spaCy's NER marks dates and amounts (kept by the entity typer in ``doc._.aikg_values``); this
module decides what each one is about, by where it hangs in the dependency parse:

* a date governed by a relation's trigger, or by the verb of the trigger's clause, dates that
  relation: "founded DeepSeek in 2023" -> time, "has led it since 2021" -> start, "until 2024"
  -> end; "former chief executive", "previously worked at", "left Google" -> ended;
* money governed by the trigger of an investment or acquisition is its amount ("invested $10
  billion in", "bought Mellanox for $6.9 billion"), a count on the thing bought is the number of
  units ("bought 10,000 A100s");
* a reporting verb above the trigger ("the startup said", "DeepSeek claims") or "according to
  X" names the fact's source;
* other amounts become attributes of the entity they are said of, by the nearest cue word on
  their way up the parse ("671 billion parameters", "valued at $6 billion", "shares fell 17%")
  and the subject or possessor of the clause that carries them.

The cue words live in ``patterns/quantities.json``, not in code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from spacy.tokens import Doc, Span, Token

from aikg.errors import ConfigError
from aikg.model import (
    AttributeCandidate,
    AttributeName,
    EntityType,
    Predicate,
    Qualifiers,
    Quantity,
)
from aikg.nlp.arguments import ArgumentMapper
from aikg.nlp.entity_typer import VALUES
from aikg.nlp.relations import (
    Modality,
    RawRelation,
    child_toward,
    counted_phrase,
    verb_above,
)
from aikg.nlp.values import (
    CURRENCY_SIGNS,
    parse_date,
    parse_money,
    parse_number,
    parse_percent,
    parse_year_range,
)

ValueKind = Literal["date", "money", "percent", "count"]
ATTRIBUTE_CONFIDENCE = 0.8
_CLAUSE_VERBS = frozenset({"VERB", "AUX"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_HOLDER_DEPS = frozenset({"poss", "compound", "nmod"})


class AttributeCue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: AttributeName
    kind: Literal["money", "percent", "count"]
    cues: frozenset[str]
    requires: tuple[frozenset[str], ...] = ()
    """Sets of lemmas the sentence must hold one of each, besides the cue: "market" and a verb
    of change for a change of market value, not a loss of money or a market value."""

    def named_by(self, token: Token) -> bool:
        return token.lemma_.lower() in self.cues or token.lower_ in self.cues


class QuantityCues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    time_prepositions: dict[str, Literal["start", "end"]]
    ending_words: frozenset[str]
    ending_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    holders: frozenset[str]
    """Nouns that stand for a part or measure of an entity ("its shares", "Nvidia's market
    value"): the entity is their possessor."""
    attributes: tuple[AttributeCue, ...]
    falling: frozenset[str]
    amount_predicates: frozenset[Predicate]
    rounds: frozenset[str]
    """Words of a funding round: money said of a round ("led a $6 billion round") is the
    round's size, an attribute of the company that raised it, not what one investor put in."""
    state_predicates: frozenset[Predicate]
    """Relations that hold for a time and can end ("former chief executive", "left")."""
    investor_verbs: frozenset[str]
    """Verbs whose subject put money into a round ("led a $6 billion round"): the round is
    not the subject's own."""
    undated_predicates: frozenset[Predicate]
    """Relations that are states, not events ("based in"): a date in their sentence dates
    something else ("Cymer, a San Diego company ASML bought in 2013")."""
    release_verbs: frozenset[str]
    """Verbs that date a model's development: "Ernie Bot was unveiled in March 2023"."""


@cache
def load_quantity_cues(path: Path) -> QuantityCues:
    try:
        return QuantityCues.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, ValidationError) as err:
        problem = str(err).splitlines()[0]
        raise ConfigError(f"{path}: cannot read quantity cues: {problem}") from err


@dataclass(frozen=True)
class _Value:
    span: Span
    kind: ValueKind
    date: str | None = None
    end_date: str | None = None  # the second year of "from 2019 to 2022"
    quantity: Quantity | None = None


class ValueReader:
    """Qualifiers and attributes of one parsed Doc, given the mentions found in it."""

    def __init__(
        self,
        doc: Doc,
        mapper: ArgumentMapper,
        cues: QuantityCues,
        today: str | None,
        modality: Modality,
    ) -> None:
        self.doc = doc
        self.mapper = mapper
        self.cues = cues
        self.modality = modality
        found = doc._.get(VALUES) or []
        money_ends = {end for _, end, label in found if label == "MONEY"}
        spans = [
            (s, e, label)
            for s, e, label in found
            if not _dateline(doc, s, e) and not _conversion(doc, s, label, money_ends)
        ]
        self.values = [v for v in (_read(doc[s:e], label, today) for s, e, label in spans) if v]
        self.by_token = {i: v for v in self.values for i in range(v.span.start, v.span.end)}
        self.by_sentence: dict[int, list[_Value]] = {}
        for value in self.values:
            self.by_sentence.setdefault(mapper.sentence_of[value.span.start], []).append(value)

    # ------------------------------------------------------------------ relations

    def relation_qualifiers(self, raw: RawRelation) -> tuple[Qualifiers, int | None]:
        """What the sentence says about the relation ``raw`` states, and the mention index of
        the source it attributes the fact to, if that is a mention."""
        trigger = self.doc[raw.trigger]
        found: dict[str, object] = {"hedged": raw.hedged}
        dates = (
            []
            if raw.predicate in self.cues.undated_predicates
            else self._values_of(trigger, "date")
        )
        if not dates and raw.predicate is Predicate.DEVELOPED:
            dates = self._release_dates(self.doc[raw.object])
        for value in dates:
            preposition = _preposition(value.span)
            role = self.cues.time_prepositions.get(preposition or "", "time")
            if value.end_date:
                found.setdefault("start", value.date)
                found.setdefault("end", value.end_date)
            elif value.date:
                found.setdefault(role, value.date)
        obj = self.doc[raw.object]
        came_from = (  # "joined Anthropic from Google" (a degree "from" a school has no end)
            raw.predicate is Predicate.WORKS_FOR
            and obj.dep_ == "pobj"
            and obj.head.lower_ == "from"
        )
        if raw.predicate in self.cues.state_predicates and (came_from or self._ended(trigger)):
            found["ended"] = True
            left = came_from or trigger.lemma_.lower() in self.cues.ending_verbs
            if left and "time" in found:
                found["end"] = found.pop("time")  # "left OpenAI in September 2024"
        if raw.predicate in self.cues.amount_predicates:
            amount = self._amount(trigger, self.doc[raw.object])
            if amount is not None:
                found["amount"] = amount
        source, mention = self._source(trigger)
        if source:
            found["source"] = source
        return Qualifiers.model_validate(found), mention

    def _values_of(self, trigger: Token, kind: ValueKind) -> list[_Value]:
        """Values of a kind that the trigger governs: reached by climbing from the value
        without passing another verb, or hanging from the verb of a noun trigger's clause."""
        anchors = {trigger.i}
        # the verb a dependent clause hangs from dates it: "in September 2023 Amazon agreed to
        # invest", "in August 2023 it raised $235 million, [with] Amazon taking part"
        if trigger.dep_ == "xcomp" or (trigger.tag_ == "VBG" and trigger.dep_ == "advcl"):
            anchors.add(trigger.head.i)
        elif trigger.dep_ == "pcomp" and trigger.head.lower_ == "with":
            anchors.add(trigger.head.head.i)
        if trigger.pos_ not in _CLAUSE_VERBS:
            verb = verb_above(trigger)
            phrase = _phrase(trigger)
            # "became OpenAI's chief executive in 2019": the clause is about the role; an
            # apposition or a subject ("Pichai, the CEO of Google, visited Paris in 2023") is
            # not, nor a title before a subject's name ("Chairman Eric Xu said in 2025")
            if verb is not None and (
                trigger.dep_ in ("dobj", "attr", "oprd", "nsubj")
                or phrase.dep_ in ("dobj", "attr", "oprd")
            ):
                anchors.add(verb.i)
        return [
            value
            for value in self.by_sentence.get(self.mapper.sentence_of[trigger.i], ())
            if value.kind == kind and _governor(value.span.root, anchors) is not None
        ]

    def is_release(self, raw: RawRelation) -> bool:
        """Whether the relation is a "developed" stated by a verb of release."""
        lemma = self.doc[raw.trigger].lemma_.lower()
        return raw.predicate is Predicate.DEVELOPED and lemma in self.cues.release_verbs

    def _release_dates(self, product: Token) -> list[_Value]:
        """Dates of a verb of release the product is the subject or object of ("its Ernie Bot
        was unveiled in March 2023", "Doubao, launched in August 2023")."""
        verbs = [product.head] if product.dep_ in ("nsubjpass", "dobj") else []
        verbs += [c for c in product.children if c.dep_ == "acl"]
        return [
            value
            for verb in verbs
            if verb.lemma_.lower() in self.cues.release_verbs
            for value in self._values_of(verb, "date")
        ]

    def _ended(self, trigger: Token) -> bool:
        words = self.cues.ending_words
        holders = [trigger, *([trigger.head] if trigger.dep_ == "compound" else [])]
        if any(c.lower_.strip("-") in words for h in holders for c in h.children):
            return True
        if trigger.lemma_.lower() in self.cues.ending_verbs:
            return True
        return trigger.lower_.startswith("ex-")

    def _amount(self, trigger: Token, obj: Token) -> Quantity | None:
        verb = verb_above(trigger) if trigger.pos_ not in _CLAUSE_VERBS else None
        for value in self._values_of(trigger, "money"):
            # the words from the value up to the trigger and, for a noun, its verb ("led an
            # investment of $600 million"); a clause further up is not about the amount
            # ("agreed to pay $1.3 billion for MosaicML, ... the price raised eyebrows")
            on_the_way = [value.span.root]
            while on_the_way[-1].i != trigger.i and on_the_way[-1].head.i != on_the_way[-1].i:
                on_the_way.append(on_the_way[-1].head)
            if verb is not None:
                on_the_way.append(verb)
            # a round's size ("led a $6 billion round") or a valuation ("invested at a $157
            # billion valuation") is no amount this investor put in
            if any(t.lemma_.lower() in self.cues.rounds for t in on_the_way):
                continue
            if value.quantity is not None:
                return value.quantity
        counted = self.by_token.get(obj.i)  # "acquired around 10,000 of Nvidia's A100s"
        if counted is not None and counted.kind == "count" and counted.quantity is not None:
            return Quantity(value=counted.quantity.value, unit="units")
        for child in obj.children:  # "bought 10,000 A100s"
            value = self.by_token.get(child.i)
            if child.dep_ == "nummod" and value is not None and value.kind == "count":
                return (
                    Quantity(value=value.quantity.value, unit="units") if value.quantity else None
                )
        return None

    def _source(self, trigger: Token) -> tuple[str | None, int | None]:
        """Who the sentence says states the fact: the subject of a reporting verb the trigger's
        clause is reported by, or the object of "according to". An apposition is the writer's
        aside: "AMD said it would buy ZT Systems, a New Jersey company" does not make AMD the
        source of where ZT Systems is."""
        for token in [trigger, *trigger.ancestors]:
            for child in token.children:
                if child.lower_ == "according":
                    objects = [o for p in child.children for o in p.children if o.dep_ == "pobj"]
                    if objects:
                        return self._named(objects[0])
            if token.i != trigger.i and token.lemma_.lower() in self.cues.reporting_verbs:
                subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
                reported = child_toward(token, trigger)
                if subject is not None and reported.dep_ in ("ccomp", "parataxis"):
                    return self._named(subject)
            if token.dep_ == "appos":
                break
        return None, None

    def _named(self, token: Token) -> tuple[str | None, int | None]:
        """A source as a mention, else as the proper name written there, else nothing (nor
        for several: "the two companies said")."""
        found = self.mapper.refer(token, coordinated=False)
        if len(found) > 1:
            return None, None
        for mention, _ in found:
            return self.mapper.mentions[mention].text, mention
        if token.pos_ == "PROPN":
            start = min(
                (c.i for c in token.children if c.dep_ in ("compound", "det", "flat")),
                default=token.i,
            )
            return self.doc[start : token.i + 1].text.removeprefix("the "), None
        return None, None

    # ------------------------------------------------------------------ attributes

    def attributes(self) -> list[AttributeCandidate]:
        """Numbers the text states about an entity, with the date of their clause."""
        found: list[AttributeCandidate] = []
        for value in self.values:
            if value.kind == "date" or value.quantity is None:
                continue
            match = self._attribute(value)
            if match is None:
                continue
            name, cue = match
            holder = self._holder(value.span.root, cue)
            if holder is None:
                continue
            quantity = value.quantity
            if value.kind == "count":
                quantity = Quantity(value=quantity.value, unit=_count_unit(name))
            changes = (AttributeName.MARKET_VALUE_CHANGE, AttributeName.SHARE_CHANGE)
            if name in changes and self._falling(value.span, cue) and quantity.value > 0:
                quantity = Quantity(value=-quantity.value, unit=quantity.unit)
            dates = self._dates_of_clause(cue)
            source, source_mention = self._source(cue)
            claimed = Qualifiers(source=source, hedged=self.modality.hedged(cue))
            for mention, factor in self.mapper.refer(holder, coordinated=False):
                entity_type = self.mapper.mentions[mention].type
                if entity_type is not None and not _fits(entity_type, name):
                    continue
                found.append(
                    AttributeCandidate(
                        mention=mention,
                        name=name,
                        quantity=quantity,
                        time=dates[0] if dates else None,
                        sentence=self.mapper.sentence_of[value.span.start],
                        confidence=round(ATTRIBUTE_CONFIDENCE * factor, 3),
                        qualifiers=claimed,
                        source=source_mention,
                    )
                )
        return found

    def _dates_of_clause(self, cue: Token) -> list[str]:
        """The dates of the clause a cue word is in: its verb's own ("in September 2025 it
        raised"), else, for a clause subordinate to another ("as its shares fell"), those of
        the verb it depends on; a coordinated clause ("led ... in 2024, and ... raised") has its
        own time."""
        verb = cue if cue.pos_ in _CLAUSE_VERBS else verb_above(cue) or cue
        while True:
            dates = [d.date for d in self._values_of(verb, "date") if d.date]
            if dates or verb.dep_ not in ("advcl", "xcomp", "ccomp") or verb.head.i == verb.i:
                return dates
            verb = verb.head

    def _attribute(self, value: _Value) -> tuple[AttributeName, Token] | None:
        """The attribute a value measures, by the nearest cue word above it (or in it)."""
        sentence = {t.lemma_.lower() for t in value.span.sent} | {t.lower_ for t in value.span.sent}
        inside = [t for t in value.span.root.subtree if t.i >= value.span.end]
        path = [*inside, *value.span.root.ancestors]
        for token in path:
            for cue in self.cues.attributes:
                if cue.kind != value.kind or not cue.named_by(token):
                    continue
                if not all(needed & sentence for needed in cue.requires):
                    continue
                return cue.name, token
            verb = token.pos_ in _CLAUSE_VERBS and token.dep_ not in ("xcomp", "aux", "auxpass")
            if verb and token.i not in {t.i for t in inside}:
                return self._subject_cue(value, token, sentence)
        return None

    def _subject_cue(
        self, value: _Value, verb: Token, sentence: set[str]
    ) -> tuple[AttributeName, Token] | None:
        """The attribute the value's clause is about when its subject names it: "OpenAI's
        revenue reached $3.7 billion", "its workforce grew to 1,200"."""
        for subject in verb.children:
            if subject.dep_ not in _SUBJECTS:
                continue
            for cue in self.cues.attributes:
                if cue.kind == value.kind and cue.named_by(subject) and not cue.requires:
                    return cue.name, subject
        return None

    def _falling(self, span: Span, cue: Token) -> bool:
        """Whether the change is a loss: a verb of falling on the way from the value to its
        clause ("lost $600 billion in market value", "shares fell 17%")."""
        verb = verb_above(span.root) or cue
        below = []
        for ancestor in span.root.ancestors:  # up to the value's own verb, not the next clause's
            below.append(ancestor)
            if ancestor.i == verb.i:
                break
        around = [*span.root.subtree, cue, *below]
        return any(t.lemma_.lower() in self.cues.falling for t in around)

    def _holder(self, value_root: Token, cue: Token) -> Token | None:
        """The token that names what the value is about: climbing from the cue, the first
        name, or the subject (object, for "valuing X at") of the first verb; a measure noun
        ("its shares", "Nvidia's market value") stands for its possessor."""
        if cue.pos_ == "NOUN":  # "a $600 million round in SenseTime"
            named = next(self._prepositional(cue, ("in", "for", "into")), None)
            if named is not None:
                return named
        for token in [cue, *cue.ancestors]:
            if token.i != cue.i and self._names_something(token):
                return self._possessor(token)
            if token.pos_ in _CLAUSE_VERBS:
                lemma = token.lemma_.lower()
                if lemma in self.cues.investor_verbs:  # "led a round in X": X, never the lead
                    objects = [c for c in token.children if c.dep_ == "dobj"]
                    return next(  # "in X" on the verb, or on what it put in ("$1 billion in X")
                        (
                            n
                            for h in (token, *objects)
                            for n in self._prepositional(h, ("in", "into"))
                        ),
                        None,
                    )
                obj = next((c for c in token.children if c.dep_ == "dobj"), None)
                if lemma == "value" and obj is not None and obj.i != value_root.i:
                    return self._possessor(obj)  # "valued it at $183 billion"
                subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
                if subject is not None and subject.i != value_root.i:
                    return self._possessor(subject)
                if token.dep_ in ("acl", "relcl"):
                    return self._possessor(token.head)
                if obj is not None and obj.i != value_root.i:
                    return self._possessor(obj)
                if token.dep_ not in ("xcomp", "ccomp", "conj", "advcl"):
                    return None
        return None

    def _prepositional(self, token: Token, prepositions: tuple[str, ...]) -> Iterator[Token]:
        """Objects of the token's prepositions that name something."""
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in prepositions:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and self._names_something(obj):
                        yield obj

    def _names_something(self, token: Token) -> bool:
        return token.i in self.mapper.by_token or (
            token.pos_ in ("NOUN", "PROPN")
            and token.lemma_.lower() not in self.cues.holders
            and bool(self.mapper.cues.noun_type(token.lemma_))
        )

    def _possessor(self, token: Token) -> Token:
        if token.lemma_.lower() in self.cues.holders and token.i not in self.mapper.by_token:
            for child in token.children:
                if child.dep_ in _HOLDER_DEPS:
                    return child
        return token


def _fits(entity_type: EntityType, name: AttributeName) -> bool:
    """Whether a mention's type can have the attribute (a subclass counts as its parent)."""
    core = {
        EntityType.COMPANY: EntityType.ORGANIZATION,
        EntityType.UNIVERSITY: EntityType.ORGANIZATION,
        EntityType.GOVERNMENT_BODY: EntityType.ORGANIZATION,
        EntityType.INVESTMENT_FIRM: EntityType.ORGANIZATION,
    }.get(entity_type, entity_type)
    return core == name.domain


def _count_unit(name: AttributeName) -> str:
    return {AttributeName.PARAMETERS: "parameters", AttributeName.EMPLOYEES: "employees"}.get(
        name, "units"
    )


def _dateline(doc: Doc, start: int, end: int) -> bool:
    """A date that opens the text before a dash ("SAN FRANCISCO, June 12, 2024 -"): when the
    document was written, which dates nothing in the sentence it is glued to."""
    return (
        doc[start].idx < 60
        and end < len(doc)
        and doc[end].text in ("-", "\u2014", "\u2013", "--")
        and all(t.is_upper or t.is_punct or t.is_space for t in doc[:start])
    )


def _conversion(doc: Doc, start: int, label: str, money_ends: set[int]) -> bool:
    """An amount in parentheses right after another, which converts it: the "($1.4 billion)"
    of "10 billion yuan ($1.4 billion)"."""
    return (
        label == "MONEY" and start >= 2 and doc[start - 1].text == "(" and start - 1 in money_ends
    )


def _read(span: Span, label: str, today: str | None) -> _Value | None:
    text = span.text
    if label == "DATE":
        years = parse_year_range(text)
        if years:
            return _Value(span, "date", date=years[0], end_date=years[1])
        when = parse_date(text, today)
        return _Value(span, "date", date=when) if when else None
    sign = span.doc[span.start - 1].text if span.start else ""
    if label in ("MONEY", "CARDINAL"):
        # spaCy may leave the sign out of the span: "$" + "500,000"
        money = parse_money(sign + text if sign in CURRENCY_SIGNS else text)
        if money is not None:
            return _Value(span, "money", quantity=money)
        # no currency: the tagger took a number for money ("a 12-billion-parameter model")
    if label == "PERCENT":
        percent = parse_percent(text)
        return _Value(span, "percent", quantity=percent) if percent else None
    number = parse_number(text)
    if number is None:
        return None
    return _Value(span, "count", quantity=Quantity(value=number, unit="units"))


def _preposition(span: Span) -> str | None:
    """The preposition a value hangs from ("since 2021"), or its first word when spaCy put
    it inside the span."""
    first = span[0].lower_
    if first in ("since", "until", "till", "from", "through"):
        return first
    head = span.root.head
    return head.lower_ if span.root.dep_ == "pobj" and head.dep_ == "prep" else None


def _phrase(noun: Token) -> Token:
    """The head of the phrase whose role a noun plays: a compound word's ("led a Series A"), a
    counted noun's quantity ("bought $5 billion of Intel shares", "$500 million in funding")."""
    phrase = noun
    while phrase.head.i != phrase.i:
        above = phrase.head if phrase.dep_ == "compound" else counted_phrase(phrase)
        if above.i == phrase.i:
            break
        phrase = above
    return phrase


def _governor(token: Token, anchors: set[int]) -> Token | None:
    """The anchor the token hangs from, if no other verb comes first on the way up."""
    for ancestor in token.ancestors:
        if ancestor.i in anchors:
            return ancestor
        if ancestor.pos_ in _CLAUSE_VERBS and ancestor.dep_ not in ("aux", "auxpass"):
            return None
    return None
