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

from enum import StrEnum
from math import prod
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator


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


class MentionKind(StrEnum):
    """How a mention refers: by name, by a description ("the startup") or by a pronoun."""

    NAME = "name"
    NOMINAL = "nominal"
    PRONOUN = "pronoun"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(_Record):
    """One input text with a stable id (its path relative to the input, or the id it was given)."""

    id: str = Field(min_length=1)
    text: str
    source: str = Field(description="Where the text was read from, for messages.")


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
    is_object: bool = Field(False, description="Object of a verb or preposition.")
    clause_subject: int | None = Field(
        None,
        description="For a pronoun or description in object position, the mention that is the "
        "subject of its clause, which it cannot refer to ('SoftBank, which had acquired it').",
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


class DocumentAnalysis(_Record):
    """Everything the NLP stage learned from one document: plain data, cheap to cache or ship."""

    document: str
    text: str
    sentences: tuple[Span, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[RelationCandidate, ...]

    def sentence_text(self, index: int) -> str:
        span = self.sentences[index]
        return self.text[span.start : span.end]


class Provenance(Span):
    """Where a fact comes from: a sentence of a document, with the extractor's confidence in it."""

    document: str
    sentence: str
    confidence: float = Field(ge=0.0, le=1.0)


class Entity(_Record):
    """A real-world thing with a stable id, derived from its canonical name."""

    id: str = Field(pattern=r"^[^\s/#?]+$", description="Local name of the entity's IRI.")
    label: str = Field(min_length=1)
    type: EntityType
    aliases: tuple[str, ...] = ()
    qid: str | None = Field(None, pattern=r"^Q[1-9][0-9]*$", description="Wikidata item id.")
    documents: tuple[str, ...] = Field((), description="Ids of the documents that mention it.")


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


class KnowledgeGraph(_Record):
    """Entities and relations, sorted so that serializations are byte-identical across runs."""

    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
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
        return self

    def entity(self, entity_id: str) -> Entity:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(entity_id)
