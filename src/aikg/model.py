"""The typed graph: pydantic models shared by every stage.

This module imports no stage. Two layers live here:

* what the NLP stage sees in one document (:class:`Mention`, :class:`RelationCandidate`,
  :class:`DocumentAnalysis`), referring to spans by character offsets;
* the resolved graph (:class:`Entity`, :class:`Relation`, :class:`Provenance`,
  :class:`KnowledgeGraph`), where entities have stable ids and every relation keeps the
  sentences that state it.

The names of :class:`EntityType` and :class:`Predicate` are the local names of the ontology
(``ontology/aikg.ttl``); a test keeps the two in step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from math import prod
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)


class EntityType(StrEnum):
    """Classes of the ontology. The first seven are the core classes; the rest refine them."""

    ORGANIZATION = "Organization"
    PERSON = "Person"
    AI_MODEL = "AIModel"
    PRODUCT = "Product"
    CHIP = "Chip"
    LOCATION = "Location"
    POLICY = "Policy"
    COMPANY = "Company"
    UNIVERSITY = "University"
    GOVERNMENT_BODY = "GovernmentBody"
    INVESTMENT_FIRM = "InvestmentFirm"
    COUNTRY = "Country"
    CITY = "City"
    REGION = "Region"


PLACE_TYPES = frozenset(
    {EntityType.LOCATION, EntityType.COUNTRY, EntityType.CITY, EntityType.REGION}
)
"""The place classes: Location and its subclasses."""


class Predicate(StrEnum):
    """Object properties of the ontology, the relations aikg extracts."""

    FOUNDED = "founded"
    SPUN_OFF_FROM = "spunOffFrom"
    BASED_IN = "basedIn"
    DEVELOPED = "developed"
    TRAINED_ON = "trainedOn"
    VARIANT_OF = "variantOf"
    RESTRICTED_BY = "restrictedBy"
    ENACTED_BY = "enactedBy"
    LEADS = "leads"
    WORKS_FOR = "worksFor"
    INVESTED_IN = "investedIn"
    PARTNER_OF = "partnerOf"
    COMPETES_WITH = "competesWith"
    ACQUIRED = "acquired"
    STUDIED_AT = "studiedAt"


class AttributeName(StrEnum):
    """Numbers a text states about one entity (data properties of the ontology)."""

    PARAMETERS = "parameters"
    TRAINING_COST = "trainingCost"
    VALUATION = "valuation"
    FUNDING_RAISED = "fundingRaised"
    REVENUE = "revenue"
    EMPLOYEES = "employees"
    MARKET_VALUE_CHANGE = "marketValueChange"
    SHARE_CHANGE = "shareChange"

    @property
    def domain(self) -> EntityType:
        """The core class whose members can have it."""
        models = (AttributeName.PARAMETERS, AttributeName.TRAINING_COST)
        return EntityType.AI_MODEL if self in models else EntityType.ORGANIZATION


class EventKind(StrEnum):
    """Events with several participants, classes of the ontology."""

    FUNDING_ROUND = "FundingRound"
    MODEL_RELEASE = "ModelRelease"
    MARKET_MOVE = "MarketMove"


EventRole = Literal["recipient", "investor", "model", "developer", "company"]
"""How an entity takes part in an event; each role is an object property of the ontology."""


class MentionKind(StrEnum):
    """How a mention refers: by name, by a description ("the startup") or by a pronoun."""

    NAME = "name"
    NOMINAL = "nominal"
    PRONOUN = "pronoun"


class _Record(BaseModel):
    """An immutable record. A large graph holds hundreds of thousands of them, and pydantic
    keeps with each the set of fields it was given, which for five fields takes 728 bytes,
    more than the record's own values: records given the same fields share one set (pydantic
    copies it before a change, and a frozen record is never changed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def model_post_init(self, context: Any, /) -> None:
        given = self.__pydantic_fields_set__
        object.__setattr__(
            self, "__pydantic_fields_set__", _FIELD_SETS.setdefault(frozenset(given), given)
        )


_FIELD_SETS: dict[frozenset[str], set[str]] = {}
"""One set of given fields per distinct set: few distinct ones exist."""


TimeValue = Annotated[str, Field(pattern=r"^[0-9]{4}(-[01][0-9](-[0-3][0-9])?)?$")]
"""A date as precise as the text gives it: ``2023`` (xsd:gYear), ``2023-10`` (xsd:gYearMonth)
or ``2023-10-17`` (xsd:date)."""


class Document(_Record):
    """One input text with a stable id (its path relative to the input, or the id it was given)."""

    id: str = Field(min_length=1)
    text: str
    source: str = Field(description="Where the text was read from, for messages.")
    date: TimeValue | None = Field(
        None, description="When it was written, to resolve 'last week' or 'on Monday'."
    )


UNIT_PATTERN = r"^([A-Z]{3}|percent|parameters|employees|units)$"
"""An ISO 4217 currency code, or the unit of a count or share."""


class Quantity(_Record):
    """An amount with its unit: an ISO 4217 currency code for money, else ``percent``,
    ``parameters``, ``employees`` or ``units`` (a count of things)."""

    value: Decimal
    unit: str = Field(pattern=UNIT_PATTERN)

    @field_validator("value")
    @classmethod
    def _plain(cls, value: Decimal) -> Decimal:
        """One written form per number, whatever it was read from: 5.6E+6 and 5600000.0 are
        5600000, 17.50 is 17.5."""
        normalized = value.normalize()
        if normalized == normalized.to_integral():
            return normalized.quantize(Decimal(1))
        return normalized

    def __str__(self) -> str:
        return f"{self.value} {self.unit}"

    def close_to(self, other: Quantity, tolerance: float = 0.01) -> bool:
        """Same unit and a value within ``tolerance`` (relative): "$5.6 million" written as
        5600000 or 5.6e6 is one amount."""
        if self.unit != other.unit:
            return False
        scale = max(abs(self.value), abs(other.value), Decimal(1))
        return abs(self.value - other.value) <= Decimal(str(tolerance)) * scale


class Qualifiers(_Record):
    """What a sentence says about a fact besides the fact itself: when, how much, who says so."""

    time: TimeValue | None = None
    start: TimeValue | None = None
    end: TimeValue | None = None
    ended: bool = Field(False, description="No longer holds ('former chief executive').")
    amount: Quantity | None = None
    source: str | None = Field(None, description="Who the sentence says claims it.")
    hedged: bool = False

    def merged(self, other: Qualifiers) -> Qualifiers:
        """These qualifiers completed with what ``other`` adds."""
        mine = self.model_dump(exclude_defaults=True)
        return Qualifiers.model_validate({**other.model_dump(exclude_defaults=True), **mine})


class Span(_Record):
    """Half-open character range ``[start, end)`` in a document's text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} precedes start {self.start}")
        return self


class Mention(Span):
    """A span that refers to an entity, as the NLP stage found it."""

    text: str
    kind: MentionKind = MentionKind.NAME
    type: EntityType | None = Field(
        None,
        description="None for a pronoun (its antecedent decides) and for a bare name found as a "
        "relation argument (the relation's slot decides).",
    )
    sentence: int = Field(ge=0, description="Index of the sentence holding the mention.")
    gazetteer_id: str | None = None
    typed_by: Literal["gazetteer", "context", "shape", "model"] | None = Field(
        None, description="What decided the type: resolution trusts a cue word over a guess."
    )
    is_subject: bool = Field(False, description="Subject of a main clause: a likely antecedent.")
    is_object: bool = Field(
        False,
        description="Direct object of a verb (or subject of a passive): more salient than the "
        "object of a preposition ('who had worked at Stability AI').",
    )
    clause_subject: int | None = Field(
        None,
        description="A named mention this pronoun or description cannot refer to: for one in "
        "object position, the subject of its clause ('SoftBank, which had acquired it'); for a "
        "possessive in an apposition, the name the apposition describes ('Kakao, its rival').",
    )
    governing_subject: int | None = Field(
        None,
        description="For a pronoun in a subordinate clause, the named subject of the clause it "
        "depends on, its likeliest antecedent ('Google followed, although its president ...').",
    )
    member_of: int | None = Field(
        None,
        description="For the second member of a pair ('the two companies', 'both labs'), the "
        "mention of the first, whose entity this one is not.",
    )
    alias_of: int | None = Field(
        None, description="Index of a mention this one renames, as in 'Foo Corporation (FC)'."
    )


class RelationCandidate(_Record):
    """A relation between two mentions of one document, stated by one sentence."""

    subject: int = Field(ge=0, description="Index into DocumentAnalysis.mentions.")
    predicate: Predicate
    object: int = Field(ge=0)
    sentence: int = Field(ge=0)
    confidence: float = Field(ge=0.0, le=1.0)
    pattern: str = Field(description="Id of the dependency pattern that fired, for debugging.")
    release: bool = Field(False, description="A 'developed' stated by a verb of release.")
    qualifiers: Qualifiers = Field(default_factory=lambda: _NO_QUALIFIERS)
    source: int | None = Field(
        None, description="Index of the mention the sentence attributes the fact to."
    )


class AttributeCandidate(_Record):
    """A number one sentence states about a mention ("V3 has 671 billion parameters")."""

    mention: int = Field(ge=0)
    name: AttributeName
    quantity: Quantity
    time: TimeValue | None = None
    sentence: int = Field(ge=0)
    confidence: float = Field(ge=0.0, le=1.0)
    qualifiers: Qualifiers = Field(
        default_factory=lambda: _NO_QUALIFIERS,
        description="Who the sentence says claims the number, and whether it hedges it.",
    )
    source: int | None = Field(None, description="Index of the mention that claims it.")


class DocumentAnalysis(_Record):
    """Everything the NLP stage learned from one document: plain data, cheap to cache or ship."""

    document: str
    text: str
    sentences: tuple[Span, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[RelationCandidate, ...]
    attributes: tuple[AttributeCandidate, ...] = ()
    date: TimeValue | None = None

    def sentence_text(self, index: int) -> str:
        span = self.sentences[index]
        return self.text[span.start : span.end]


class Provenance(Span):
    """Where a fact comes from: a sentence of a document, with the extractor's confidence in it."""

    document: str
    sentence: str
    confidence: float = Field(ge=0.0, le=1.0)
    qualifiers: Qualifiers = Field(default_factory=lambda: _NO_QUALIFIERS)
    attributed_to: str | None = Field(
        None, description="Id of the entity the sentence says claims the fact, if it is one."
    )


class Attribute(_Record):
    """A number stated about an entity, with the sentence that states it."""

    name: AttributeName
    quantity: Quantity
    time: TimeValue | None = None
    evidence: Provenance

    def __str__(self) -> str:
        """As a report or a tooltip shows it: "valuation 157000000000 USD (2024-10)"."""
        when = f" ({self.time})" if self.time else ""
        return f"{self.name.value} {self.quantity}{when}"


def attribute_order(attribute: Attribute) -> tuple[str, str, Decimal, str, int]:
    """The order an entity lists its attributes in: by name, date, value, then where stated."""
    return (
        attribute.name.value,
        attribute.time or "",
        attribute.quantity.value,
        attribute.evidence.document,
        attribute.evidence.start,
    )


class Event(_Record):
    """Something that happened to several entities at once, as one sentence reports it: a
    funding round (recipient, investors, amount), a model release (model, developer), a
    market move (company, change in value or share price)."""

    id: str = Field(pattern=r"^[^\s/#?]+$")
    kind: EventKind
    participants: tuple[tuple[EventRole, str], ...] = Field(
        description="(role, entity id) pairs, sorted."
    )
    amounts: tuple[tuple[AttributeName, Quantity], ...] = ()
    time: TimeValue | None = None
    evidence: Provenance


class Entity(_Record):
    """A real-world thing with a stable id, derived from its canonical name."""

    id: str = Field(pattern=r"^[^\s/#?]+$", description="Local name of the entity's IRI.")
    label: str = Field(min_length=1)
    type: EntityType
    aliases: tuple[str, ...] = ()
    qid: str | None = Field(None, pattern=r"^Q[1-9][0-9]*$", description="Wikidata item id.")
    documents: tuple[str, ...] = Field((), description="Ids of the documents that mention it.")
    attributes: tuple[Attribute, ...] = ()


class Relation(_Record):
    """A typed fact between two entities, with every sentence that states it."""

    subject: str
    predicate: Predicate
    object: str
    evidence: tuple[Provenance, ...] = Field(min_length=1)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def confidence(self) -> float:
        """Independent pieces of evidence combine like a noisy-OR: each one can only add belief."""
        doubt = prod(1.0 - item.confidence for item in self.evidence)
        return round(1.0 - doubt, 3)

    @property
    def qualifiers(self) -> Qualifiers:
        """What its sentences say of it, the most confident sentence first where they differ.
        Attribution and hedging stay with each piece of evidence: each sentence has its own."""
        merged = _NO_QUALIFIERS
        for item in sorted(self.evidence, key=lambda e: -e.confidence):
            merged = merged.merged(item.qualifiers)
        return merged.model_copy(update={"source": None, "hedged": False})

    @property
    def sources(self) -> tuple[str, ...]:
        """Who its sentences say claim it, each once."""
        return tuple(sorted({e.qualifiers.source for e in self.evidence if e.qualifiers.source}))

    @property
    def hedged(self) -> bool:
        """Whether any of its sentences hedges it."""
        return any(e.qualifiers.hedged for e in self.evidence)


class KnowledgeGraph(_Record):
    """Entities and relations, sorted so that serializations are byte-identical across runs."""

    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    documents: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> KnowledgeGraph:
        ids = [entity.id for entity in self.entities]
        if len(ids) != len(set(ids)):
            raise ValueError("entity ids are not unique")
        known = set(ids)
        for relation in self.relations:
            for end in (relation.subject, relation.object):
                if end not in known:
                    raise ValueError(f"relation refers to unknown entity {end!r}")
        for event in self.events:
            for _, member in event.participants:
                if member not in known:
                    raise ValueError(f"event {event.id} refers to unknown entity {member!r}")
        return self

    def entity(self, entity_id: str) -> Entity:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(entity_id)

    def counts(self) -> GraphCounts:
        """What the graph holds, counted by kind."""
        qualifiers = [relation.qualifiers for relation in self.relations]
        return GraphCounts(
            documents=len(self.documents),
            entities=_tally(entity.type.value for entity in self.entities),
            relations=_tally(relation.predicate.value for relation in self.relations),
            dated=sum(1 for q in qualifiers if q.time or q.start or q.end),
            with_amount=sum(1 for q in qualifiers if q.amount),
            sourced=sum(1 for relation in self.relations if relation.sources),
            attributes=sum(len(entity.attributes) for entity in self.entities),
            events=_tally(event.kind.value for event in self.events),
        )


_NO_QUALIFIERS = Qualifiers()


class GraphCounts(_Record):
    """What a graph holds, counted: small enough to keep beside an output folder's graph, so
    that a run finding the folder up to date can say what it holds without reading it back.

    >>> KnowledgeGraph().counts().relations
    {}
    """

    documents: int = 0
    entities: dict[str, int] = {}
    """By type."""
    relations: dict[str, int] = {}
    """By predicate."""
    dated: int = 0
    """Relations with a time, a start or an end."""
    with_amount: int = 0
    sourced: int = 0
    """Relations attributed to a source ("according to Reuters")."""
    attributes: int = 0
    """Numbers about entities."""
    events: dict[str, int] = {}
    """By kind."""


def _tally(names: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(names).items()))
