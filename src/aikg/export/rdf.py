"""RDF export: Turtle, N-Triples and JSON-LD of the instance data.

Every relation is a direct triple (``:Liang_Wenfeng aikg:founded :DeepSeek``) and also an
``rdf:Statement`` that carries its confidence and, through PROV-O, the evidence sentences::

    <.../statement/Liang_Wenfeng--founded--DeepSeek> a rdf:Statement ;
        rdf:subject :Liang_Wenfeng ; rdf:predicate aikg:founded ; rdf:object :DeepSeek ;
        aikg:confidence 0.9 ;
        prov:wasDerivedFrom <.../evidence/3f9c0e5d7a1b2c4e6f8a9b0c> .

    <.../evidence/3f9c0e5d7a1b2c4e6f8a9b0c> a aikg:Evidence ;
        prov:wasQuotedFrom <.../document/a.txt> ;
        aikg:sentence "..." ; aikg:charStart 120 ; aikg:charEnd 188 ; aikg:confidence 0.9 .

What a sentence says besides the fact sits on its evidence node and, merged over the
sentences, on the statement: ``aikg:pointInTime``, ``aikg:startTime``, ``aikg:endTime``
(xsd:gYear, xsd:gYearMonth or xsd:date), ``aikg:ended``, ``aikg:amount`` (an ``aikg:Quantity``
with ``aikg:value`` and ``aikg:unit``); who claims it, on the evidence only: ``aikg:source``
(the name), ``prov:wasAttributedTo`` (the entity, when it is one) and ``aikg:hedged``. A number
stated about an entity is a direct triple (``:DeepSeek-V3 aikg:parameters 671000000000``) and an
``aikg:Measurement`` with unit, date and evidence; an event is a node of its class
(``aikg:FundingRound`` ...) with its participants by role, its amounts and its evidence.

All IRIs derive from canonical names, document ids and digests of what they stand for, and no
blank node is used, so the same input always serializes to the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, get_args
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from aikg.config import Settings
from aikg.export import register
from aikg.model import (
    Attribute,
    AttributeName,
    Entity,
    EntityType,
    Event,
    EventKind,
    EventRole,
    KnowledgeGraph,
    Predicate,
    Provenance,
    Qualifiers,
    Quantity,
    Relation,
    attribute_order,
)
from aikg.ontology import AIKG, VOCAB_IRI, WIKIDATA

PREFIXES = {
    "aikg": Namespace(VOCAB_IRI),
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "wd": WIKIDATA,
    "xsd": XSD,
}


class InstanceIRIs:
    """Mints the IRIs of entities, documents, statements and evidence under a base."""

    def __init__(self, base: str) -> None:
        self.base = base

    def entity(self, entity_id: str) -> URIRef:
        return URIRef(f"{self.base}entity/{entity_id}")

    def document(self, document_id: str) -> URIRef:
        return URIRef(f"{self.base}document/{quote(document_id, safe='')}")

    def statement(self, relation: Relation) -> URIRef:
        return URIRef(
            f"{self.base}statement/{relation.subject}--{relation.predicate}--{relation.object}"
        )

    def evidence(self, owner: URIRef, document_id: str, start: int) -> URIRef:
        """One flat namespace of digests: the statement (or measurement, or event), document
        and offset it stands for are its properties. (A path per statement made every evidence
        node a namespace of its own, and rdflib's Turtle writer slows down with each namespace
        it has seen.)"""
        return self._digest("evidence", owner, document_id, start)

    def quantity(self, quantity: Quantity) -> URIRef:
        return self._digest("quantity", quantity.value, quantity.unit)

    def measurement(self, entity_id: str, attribute: Attribute) -> URIRef:
        item = attribute.evidence
        return self._digest(
            "measurement", entity_id, attribute.name, attribute.quantity.value,
            attribute.quantity.unit, attribute.time, item.document, item.start,
        )  # fmt: skip

    def event(self, event_id: str) -> URIRef:
        return URIRef(f"{self.base}event/{event_id}")

    def event_measurement(self, event_id: str, name: AttributeName, quantity: Quantity) -> URIRef:
        return self._digest("measurement", event_id, name, quantity.value, quantity.unit)

    def _digest(self, kind: str, *parts: object) -> URIRef:
        key = "\0".join(str(part) for part in parts).encode("utf-8", "surrogatepass")
        return URIRef(f"{self.base}{kind}/{hashlib.sha256(key).hexdigest()[:24]}")


_TIME_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
_TIME_PROPERTIES = (("time", "pointInTime"), ("start", "startTime"), ("end", "endTime"))


def _time(value: str) -> Literal:
    return Literal(value, datatype=_TIME_TYPES[len(value)])


def _add_qualifiers(rdf: Graph, node: URIRef, qualifiers: Qualifiers, iris: InstanceIRIs) -> None:
    """The when and how much of a fact, on its statement or on one piece of evidence."""
    for field, prop in _TIME_PROPERTIES:
        value = getattr(qualifiers, field)
        if value:
            rdf.add((node, AIKG[prop], _time(value)))
    if qualifiers.ended:
        rdf.add((node, AIKG.ended, Literal(True)))
    if qualifiers.amount is not None:
        rdf.add((node, AIKG.amount, _add_quantity(rdf, qualifiers.amount, iris)))


def _add_quantity(rdf: Graph, quantity: Quantity, iris: InstanceIRIs) -> URIRef:
    node = iris.quantity(quantity)
    rdf.add((node, RDF.type, AIKG.Quantity))
    rdf.add((node, AIKG.value, _amount(quantity.value)))
    rdf.add((node, AIKG.unit, Literal(quantity.unit)))
    return node


def _add_evidence(rdf: Graph, owner: URIRef, item: Provenance, iris: InstanceIRIs) -> URIRef:
    evidence = iris.evidence(owner, item.document, item.start)
    rdf.add((owner, PROV.wasDerivedFrom, evidence))
    rdf.add((evidence, RDF.type, AIKG.Evidence))
    rdf.add((evidence, PROV.wasQuotedFrom, iris.document(item.document)))
    rdf.add((evidence, AIKG.sentence, Literal(item.sentence)))
    rdf.add((evidence, AIKG.charStart, Literal(item.start)))
    rdf.add((evidence, AIKG.charEnd, Literal(item.end)))
    rdf.add((evidence, AIKG.confidence, _decimal(item.confidence)))
    _add_qualifiers(rdf, evidence, item.qualifiers, iris)
    if item.qualifiers.source:
        rdf.add((evidence, AIKG.source, Literal(item.qualifiers.source)))
    if item.attributed_to:
        rdf.add((evidence, PROV.wasAttributedTo, iris.entity(item.attributed_to)))
    if item.qualifiers.hedged:
        rdf.add((evidence, AIKG.hedged, Literal(True)))
    return evidence


def _add_measurement(rdf: Graph, entity: Entity, attribute: Attribute, iris: InstanceIRIs) -> None:
    node = iris.measurement(entity.id, attribute)
    rdf.add(
        (
            iris.entity(entity.id),
            AIKG[attribute.name.value],
            _amount(attribute.quantity.value),
        )
    )
    rdf.add((iris.entity(entity.id), AIKG.hasMeasurement, node))
    _measurement_body(rdf, node, attribute.name, attribute.quantity)
    if attribute.time:
        rdf.add((node, AIKG.pointInTime, _time(attribute.time)))
    _add_evidence(rdf, node, attribute.evidence, iris)


def _measurement_body(rdf: Graph, node: URIRef, name: AttributeName, quantity: Quantity) -> None:
    rdf.add((node, RDF.type, AIKG.Measurement))
    rdf.add((node, AIKG.measures, AIKG[name.value]))
    rdf.add((node, AIKG.value, _amount(quantity.value)))
    rdf.add((node, AIKG.unit, Literal(quantity.unit)))


def _add_event(rdf: Graph, event: Event, iris: InstanceIRIs) -> None:
    node = iris.event(event.id)
    rdf.add((node, RDF.type, AIKG[event.kind.value]))
    rdf.add((node, RDFS.label, Literal(event.id)))
    for role, member in event.participants:
        rdf.add((node, AIKG[role], iris.entity(member)))
    for name, quantity in event.amounts:
        measurement = iris.event_measurement(event.id, name, quantity)
        rdf.add((node, AIKG.hasMeasurement, measurement))
        _measurement_body(rdf, measurement, name, quantity)
    if event.time:
        rdf.add((node, AIKG.pointInTime, _time(event.time)))
    _add_evidence(rdf, node, event.evidence, iris)


def _decimal(value: float) -> Literal:
    return Literal(Decimal(f"{value:.3f}"), datatype=XSD.decimal)


def _amount(value: Decimal) -> Literal:
    """An xsd:decimal in canonical form ("5600000.0"), which every RDF syntax writes and
    reads back alike; rdflib compares literals by their lexical form."""
    lexical = format(value, "f")
    return Literal(lexical if "." in lexical else f"{lexical}.0", datatype=XSD.decimal)


_shared: list[tuple[KnowledgeGraph, str, Graph]] = []
"""While :func:`shared_rdf` is active, the one rdflib graph the RDF exporters all use."""


@contextmanager
def shared_rdf() -> Iterator[None]:
    """Let the RDF exporters build the rdflib graph of a KnowledgeGraph once, not once each."""
    _shared.clear()
    _shared.append((KnowledgeGraph(), "", Graph()))
    try:
        yield
    finally:
        _shared.clear()


def to_rdf(graph: KnowledgeGraph, base_iri: str) -> Graph:
    """The instance data as an rdflib Graph, with the ontology's prefixes bound. Callers must
    not change it: inside :func:`shared_rdf` the same graph is handed to every exporter."""
    if _shared and _shared[0][0] is graph and _shared[0][1] == base_iri:
        return _shared[0][2]
    rdf = _build(graph, base_iri)
    if _shared:
        _shared[0] = (graph, base_iri, rdf)
    return rdf


def _build(graph: KnowledgeGraph, base_iri: str) -> Graph:
    iris = InstanceIRIs(base_iri)
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    rdf.bind("id", Namespace(f"{base_iri}entity/"))

    for document in graph.documents:
        node = iris.document(document)
        rdf.add((node, RDF.type, AIKG.Document))
        rdf.add((node, RDFS.label, Literal(document)))

    for entity in graph.entities:
        node = iris.entity(entity.id)
        rdf.add((node, RDF.type, AIKG[entity.type.value]))
        rdf.add((node, SKOS.prefLabel, Literal(entity.label)))
        for alias in entity.aliases:
            rdf.add((node, SKOS.altLabel, Literal(alias)))
        if entity.qid:
            rdf.add((node, OWL.sameAs, WIKIDATA[entity.qid]))
        for document in entity.documents:
            rdf.add((node, AIKG.mentionedIn, iris.document(document)))
        for attribute in entity.attributes:
            _add_measurement(rdf, entity, attribute, iris)

    for relation in graph.relations:
        subject, obj = iris.entity(relation.subject), iris.entity(relation.object)
        predicate = AIKG[relation.predicate.value]
        rdf.add((subject, predicate, obj))
        statement = iris.statement(relation)
        rdf.add((statement, RDF.type, RDF.Statement))
        rdf.add((statement, RDF.subject, subject))
        rdf.add((statement, RDF.predicate, predicate))
        rdf.add((statement, RDF.object, obj))
        rdf.add((statement, AIKG.confidence, _decimal(relation.confidence)))
        _add_qualifiers(rdf, statement, relation.qualifiers, iris)
        for item in relation.evidence:
            _add_evidence(rdf, statement, item, iris)
    for event in graph.events:
        _add_event(rdf, event, iris)
    return rdf


@register("turtle", "graph.ttl", "text/turtle")
def render_turtle(graph: KnowledgeGraph, settings: Settings) -> bytes:
    return to_rdf(graph, settings.base_iri).serialize(format="turtle", encoding="utf-8")


@register("ntriples", "graph.nt", "application/n-triples")
def render_ntriples(graph: KnowledgeGraph, settings: Settings) -> bytes:
    """N-Triples, one triple a line, sorted: the order rdflib iterates in is not guaranteed."""
    data = to_rdf(graph, settings.base_iri).serialize(format="nt", encoding="utf-8")
    # split on "\n" only: str.splitlines() would also cut at control characters in literals
    lines = sorted(line for line in data.decode("utf-8").split("\n") if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")


@register("jsonld", "graph.jsonld", "application/ld+json")
def render_jsonld(graph: KnowledgeGraph, settings: Settings) -> bytes:
    """Compacted JSON-LD with the ontology's prefixes as context, nodes sorted by @id.

    rdflib emits nodes and multi-valued properties in store order, which varies between runs;
    sorting them (JSON-LD gives no meaning to that order) makes the file reproducible.
    """
    rdf = to_rdf(graph, settings.base_iri)
    context = {prefix: str(namespace) for prefix, namespace in rdf.namespaces()}
    document = json.loads(rdf.serialize(format="json-ld", context=context))
    nodes = document.get("@graph", [])
    document["@graph"] = sorted((_sorted_values(node) for node in nodes), key=lambda n: n["@id"])
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _sorted_values(node: dict[str, Any]) -> dict[str, Any]:
    return {
        key: sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
        if isinstance(value, list)
        else value
        for key, value in node.items()
    }


def from_rdf(rdf: Graph) -> KnowledgeGraph:
    """Read back a graph written by :func:`to_rdf` (used by ``aikg evaluate --pred``).

    >>> from aikg.model import Entity
    >>> graph = KnowledgeGraph(entities=(Entity(id="Nvidia", label="Nvidia", type="Company"),))
    >>> from_rdf(to_rdf(graph, "https://example.org/")) == graph
    True
    """
    read = _Reader(rdf)
    documents = sorted(read.label(d) for d in rdf.subjects(RDF.type, AIKG.Document))
    entities = [read.entity(node) for node in rdf.subjects(SKOS.prefLabel, None)]
    relations = [read.relation(node) for node in rdf.subjects(RDF.type, RDF.Statement)]
    events = [
        read.event(node, kind) for kind in EventKind for node in rdf.subjects(RDF.type, AIKG[kind])
    ]
    return KnowledgeGraph(
        entities=tuple(sorted(entities, key=lambda e: e.id)),
        relations=tuple(sorted(relations, key=lambda r: (r.subject, r.predicate, r.object))),
        events=tuple(sorted(events, key=lambda e: e.id)),
        documents=tuple(documents),
    )


class _Reader:
    """Reads the model's records back from the nodes :func:`to_rdf` wrote."""

    def __init__(self, rdf: Graph) -> None:
        self.rdf = rdf

    def local(self, node: Node) -> str:
        return str(node).rsplit("/entity/", 1)[-1]

    def label(self, node: Node) -> str:
        return str(self.rdf.value(node, RDFS.label))

    def entity(self, node: Node) -> Entity:
        rdf = self.rdf
        types = [
            EntityType(str(t)[len(VOCAB_IRI) :])
            for t in rdf.objects(node, RDF.type)
            if str(t).startswith(VOCAB_IRI)
        ]
        same = [str(s) for s in rdf.objects(node, OWL.sameAs) if str(s).startswith(str(WIKIDATA))]
        return Entity(
            id=self.local(node),
            label=str(rdf.value(node, SKOS.prefLabel)),
            type=types[0],
            aliases=tuple(sorted(str(a) for a in rdf.objects(node, SKOS.altLabel))),
            qid=same[0][len(str(WIKIDATA)) :] if same else None,
            documents=tuple(sorted(self.label(d) for d in rdf.objects(node, AIKG.mentionedIn))),
            attributes=tuple(
                sorted(
                    (self.attribute(m) for m in rdf.objects(node, AIKG.hasMeasurement)),
                    key=attribute_order,
                )
            ),
        )

    def attribute(self, node: Node) -> Attribute:
        name, quantity = self.measured(node)
        return Attribute(
            name=name,
            quantity=quantity,
            time=self.when(node, "pointInTime"),
            evidence=self.provenance(self.rdf.value(node, PROV.wasDerivedFrom)),
        )

    def relation(self, node: Node) -> Relation:
        rdf = self.rdf
        evidence = [self.provenance(item) for item in rdf.objects(node, PROV.wasDerivedFrom)]
        return Relation(
            subject=self.local(rdf.value(node, RDF.subject)),
            predicate=Predicate(str(rdf.value(node, RDF.predicate))[len(VOCAB_IRI) :]),
            object=self.local(rdf.value(node, RDF.object)),
            evidence=tuple(sorted(evidence, key=lambda e: (e.document, e.start))),
        )

    def event(self, node: Node, kind: EventKind) -> Event:
        rdf = self.rdf
        return Event(
            id=str(rdf.value(node, RDFS.label)),
            kind=kind,
            participants=tuple(
                sorted(
                    (role, self.local(member))
                    for role in get_args(EventRole)
                    for member in rdf.objects(node, AIKG[role])
                )
            ),
            amounts=tuple(sorted(self.measured(m) for m in rdf.objects(node, AIKG.hasMeasurement))),
            time=self.when(node, "pointInTime"),
            evidence=self.provenance(rdf.value(node, PROV.wasDerivedFrom)),
        )

    def provenance(self, node: Node) -> Provenance:
        rdf = self.rdf
        amount = rdf.value(node, AIKG.amount)
        source = rdf.value(node, AIKG.source)
        attributed = rdf.value(node, PROV.wasAttributedTo)
        return Provenance(
            document=self.label(rdf.value(node, PROV.wasQuotedFrom)),
            sentence=str(rdf.value(node, AIKG.sentence)),
            start=int(rdf.value(node, AIKG.charStart)),
            end=int(rdf.value(node, AIKG.charEnd)),
            confidence=float(rdf.value(node, AIKG.confidence)),
            qualifiers=Qualifiers(
                time=self.when(node, "pointInTime"),
                start=self.when(node, "startTime"),
                end=self.when(node, "endTime"),
                ended=(node, AIKG.ended, Literal(True)) in rdf,
                amount=None if amount is None else self.quantity(amount),
                source=None if source is None else str(source),
                hedged=(node, AIKG.hedged, Literal(True)) in rdf,
            ),
            attributed_to=None if attributed is None else self.local(attributed),
        )

    def measured(self, node: Node) -> tuple[AttributeName, Quantity]:
        name = AttributeName(str(self.rdf.value(node, AIKG.measures))[len(VOCAB_IRI) :])
        return name, self.quantity(node)

    def quantity(self, node: Node) -> Quantity:
        value = self.rdf.value(node, AIKG.value)
        return Quantity(value=Decimal(str(value)), unit=str(self.rdf.value(node, AIKG.unit)))

    def when(self, node: Node, prop: str) -> str | None:
        value = self.rdf.value(node, AIKG[prop])
        return None if value is None else str(value)
