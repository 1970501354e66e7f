"""The aikg vocabulary: IRIs as a DefinedNamespace, and the class tree and relation signatures
read from ``ontology/aikg.ttl`` so that the data file, not the code, is the source of truth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import Node

from aikg.errors import ConfigError
from aikg.model import EntityType, Predicate

VOCAB_IRI = "https://aikg.example.org/ontology#"
WIKIDATA = Namespace("http://www.wikidata.org/entity/")


class AIKG(DefinedNamespace):
    """Terms of the aikg ontology; a mistyped term raises instead of minting a wrong IRI."""

    _fail = True
    _NS = Namespace(VOCAB_IRI)

    # classes
    Organization: URIRef
    Person: URIRef
    AIModel: URIRef
    Product: URIRef
    Chip: URIRef
    Location: URIRef
    Policy: URIRef
    Company: URIRef
    University: URIRef
    GovernmentBody: URIRef
    InvestmentFirm: URIRef
    Country: URIRef
    City: URIRef
    Region: URIRef
    Document: URIRef
    Evidence: URIRef
    Quantity: URIRef
    Measurement: URIRef
    Event: URIRef
    FundingRound: URIRef
    ModelRelease: URIRef
    MarketMove: URIRef
    # relations
    founded: URIRef
    spunOffFrom: URIRef
    basedIn: URIRef
    developed: URIRef
    trainedOn: URIRef
    variantOf: URIRef
    restrictedBy: URIRef
    enactedBy: URIRef
    leads: URIRef
    worksFor: URIRef
    investedIn: URIRef
    partnerOf: URIRef
    competesWith: URIRef
    acquired: URIRef
    studiedAt: URIRef
    # time, amounts, attribution and events
    pointInTime: URIRef
    startTime: URIRef
    endTime: URIRef
    ended: URIRef
    amount: URIRef
    value: URIRef
    unit: URIRef
    source: URIRef
    hedged: URIRef
    hasMeasurement: URIRef
    measures: URIRef
    parameters: URIRef
    trainingCost: URIRef
    valuation: URIRef
    fundingRaised: URIRef
    revenue: URIRef
    employees: URIRef
    marketValueChange: URIRef
    shareChange: URIRef
    recipient: URIRef
    investor: URIRef
    model: URIRef
    developer: URIRef
    company: URIRef
    # provenance and confidence
    confidence: URIRef
    sentence: URIRef
    charStart: URIRef
    charEnd: URIRef
    mentionedIn: URIRef


CORE_TYPES: tuple[EntityType, ...] = (
    EntityType.ORGANIZATION,
    EntityType.PERSON,
    EntityType.AI_MODEL,
    EntityType.PRODUCT,
    EntityType.CHIP,
    EntityType.LOCATION,
    EntityType.POLICY,
)


@dataclass(frozen=True)
class Signature:
    """What a relation may connect, as declared by rdfs:domain and rdfs:range."""

    domain: frozenset[EntityType]
    range: frozenset[EntityType]
    symmetric: bool


@dataclass(frozen=True)
class Vocabulary:
    """The class tree and relation signatures of the ontology, for checks during extraction."""

    parents: dict[EntityType, EntityType | None]
    signatures: dict[Predicate, Signature]

    def ancestors(self, entity_type: EntityType) -> tuple[EntityType, ...]:
        """The type itself, then its superclasses up to the root."""
        chain: list[EntityType] = []
        current: EntityType | None = entity_type
        while current is not None:
            chain.append(current)
            current = self.parents[current]
        return tuple(chain)

    def is_a(self, entity_type: EntityType, cls: EntityType) -> bool:
        return cls in self.ancestors(entity_type)

    def core_type(self, entity_type: EntityType) -> EntityType:
        return self.ancestors(entity_type)[-1]

    def allows(self, predicate: Predicate, subject: EntityType, obj: EntityType) -> bool:
        """Whether the subject and object types fit the relation's domain and range."""
        signature = self.signatures[predicate]
        return any(self.is_a(subject, cls) for cls in signature.domain) and any(
            self.is_a(obj, cls) for cls in signature.range
        )


def _local(node: Node) -> str:
    text = str(node)
    if not text.startswith(VOCAB_IRI):
        raise ConfigError(f"{node} is outside the aikg namespace {VOCAB_IRI}")
    return text[len(VOCAB_IRI) :]


def _classes(graph: Graph, node: Node) -> Iterable[Node]:
    """A class expression: a named class or an owl:unionOf list of them."""
    union = graph.value(node, OWL.unionOf)
    return Collection(graph, union) if union is not None else (node,)


@cache
def load_vocabulary(path: Path) -> Vocabulary:
    """Read the class tree and relation signatures from an OWL file in Turtle."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as err:
        raise ConfigError(f"{path}: cannot read the ontology: {err}") from err
    try:
        parents: dict[EntityType, EntityType | None] = {}
        for entity_type in EntityType:
            node = AIKG[entity_type.value]
            parent = graph.value(node, RDFS.subClassOf)
            parents[entity_type] = EntityType(_local(parent)) if parent is not None else None
        signatures: dict[Predicate, Signature] = {}
        for predicate in Predicate:
            node = AIKG[predicate.value]
            domain = graph.value(node, RDFS.domain)
            range_ = graph.value(node, RDFS.range)
            if domain is None or range_ is None:
                raise ConfigError(f"{path}: {predicate} lacks rdfs:domain or rdfs:range")
            signatures[predicate] = Signature(
                domain=frozenset(EntityType(_local(c)) for c in _classes(graph, domain)),
                range=frozenset(EntityType(_local(c)) for c in _classes(graph, range_)),
                symmetric=(node, RDF.type, OWL.SymmetricProperty) in graph,
            )
    except ValueError as err:
        raise ConfigError(f"{path}: {err}") from err
    return Vocabulary(parents=parents, signatures=signatures)
