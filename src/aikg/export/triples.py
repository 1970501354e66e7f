"""The instance data as plain triples, and N-Triples lines of them.

Every RDF export starts here: :func:`instance_triples` says which triples a graph is, with
IRIs as strings and literals as :class:`Lit`, and :func:`ntriples_line` writes one as an
N-Triples line. No RDF library sits in between: building an rdflib graph only to serialize it
cost ten times the NLP stage on large corpora; strings cost little and stream.

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
blank node is used, so the same input always gives the same triples.

>>> from aikg.model import Entity
>>> graph = KnowledgeGraph(entities=(Entity(id="Nvidia", label="Nvidia", type="Company"),))
>>> for triple in instance_triples(graph, "https://example.org/"):
...     print(ntriples_line(triple), end="")
<https://example.org/entity/Nvidia> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://aikg.example.org/ontology#Company> .
<https://example.org/entity/Nvidia> <http://www.w3.org/2004/02/skos/core#prefLabel> "Nvidia" .
"""  # noqa: E501

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, SKOS, XSD
from rdflib.namespace import PROV

from aikg.model import (
    Attribute,
    AttributeName,
    Event,
    KnowledgeGraph,
    Provenance,
    Qualifiers,
    Quantity,
    Relation,
)
from aikg.ontology import VOCAB_IRI, WIKIDATA


class Lit(NamedTuple):
    """A literal: its lexical form and datatype IRI (None: a plain string)."""

    lexical: str
    datatype: str | None = None


Term = str | Lit
"""An IRI (a string) or a literal."""
Triple = tuple[str, str, Term]

_TYPE = str(RDF.type)
_XSD = str(XSD)
_TIME_TYPES = {4: f"{_XSD}gYear", 7: f"{_XSD}gYearMonth", 10: f"{_XSD}date"}
TIME_PROPERTIES = (("time", "pointInTime"), ("start", "startTime"), ("end", "endTime"))
_TRUE = Lit("true", f"{_XSD}boolean")


def _aikg(name: str) -> str:
    return f"{VOCAB_IRI}{name}"


class InstanceIRIs:
    """Mints the IRIs of entities, documents, statements and evidence under a base."""

    def __init__(self, base: str) -> None:
        self.base = base

    def entity(self, entity_id: str) -> str:
        return f"{self.base}entity/{entity_id}"

    def document(self, document_id: str) -> str:
        return f"{self.base}document/{quote(document_id, safe='')}"

    def statement(self, relation: Relation) -> str:
        return f"{self.base}statement/{relation.subject}--{relation.predicate}--{relation.object}"

    def evidence(self, owner: str, document_id: str, start: int) -> str:
        """One flat namespace of digests: the statement (or measurement, or event), document
        and offset it stands for are its properties."""
        return self._digest("evidence", owner, document_id, start)

    def quantity(self, quantity: Quantity) -> str:
        return self._digest("quantity", quantity.value, quantity.unit)

    def measurement(self, entity_id: str, attribute: Attribute) -> str:
        item = attribute.evidence
        return self._digest(
            "measurement", entity_id, attribute.name, attribute.quantity.value,
            attribute.quantity.unit, attribute.time, item.document, item.start,
        )  # fmt: skip

    def event(self, event_id: str) -> str:
        return f"{self.base}event/{event_id}"

    def event_measurement(self, event_id: str, name: AttributeName, quantity: Quantity) -> str:
        return self._digest("measurement", event_id, name, quantity.value, quantity.unit)

    def _digest(self, kind: str, *parts: object) -> str:
        key = "\0".join(str(part) for part in parts).encode("utf-8", "surrogatepass")
        return f"{self.base}{kind}/{hashlib.sha256(key).hexdigest()[:24]}"


def instance_triples(graph: KnowledgeGraph, base_iri: str) -> Iterator[Triple]:
    """The triples of a graph's instance data, in the graph's own (deterministic) order."""
    iris = InstanceIRIs(base_iri)
    for document in graph.documents:
        node = iris.document(document)
        yield node, _TYPE, _aikg("Document")
        yield node, str(RDFS.label), Lit(document)
    for entity in graph.entities:
        node = iris.entity(entity.id)
        yield node, _TYPE, _aikg(entity.type.value)
        yield node, str(SKOS.prefLabel), Lit(entity.label)
        for alias in entity.aliases:
            yield node, str(SKOS.altLabel), Lit(alias)
        if entity.qid:
            yield node, str(OWL.sameAs), f"{WIKIDATA}{entity.qid}"
        for document in entity.documents:
            yield node, _aikg("mentionedIn"), iris.document(document)
        for attribute in entity.attributes:
            measurement = iris.measurement(entity.id, attribute)
            yield node, _aikg(attribute.name.value), decimal_literal(attribute.quantity.value)
            yield node, _aikg("hasMeasurement"), measurement
            yield from _measurement(measurement, attribute.name, attribute.quantity)
            if attribute.time:
                yield measurement, _aikg("pointInTime"), time_literal(attribute.time)
            yield from _evidence(measurement, attribute.evidence, iris)
    for relation in graph.relations:
        subject, obj = iris.entity(relation.subject), iris.entity(relation.object)
        predicate = _aikg(relation.predicate.value)
        yield subject, predicate, obj
        statement = iris.statement(relation)
        yield statement, _TYPE, str(RDF.Statement)
        yield statement, str(RDF.subject), subject
        yield statement, str(RDF.predicate), predicate
        yield statement, str(RDF.object), obj
        yield statement, _aikg("confidence"), confidence_literal(relation.confidence)
        yield from _qualifiers(statement, relation.qualifiers, iris)
        for item in relation.evidence:
            yield from _evidence(statement, item, iris)
    for event in graph.events:
        yield from _event(event, iris)


def _qualifiers(node: str, qualifiers: Qualifiers, iris: InstanceIRIs) -> Iterator[Triple]:
    """The when and how much of a fact, on its statement or on one piece of evidence."""
    for field, prop in TIME_PROPERTIES:
        value = getattr(qualifiers, field)
        if value:
            yield node, _aikg(prop), time_literal(value)
    if qualifiers.ended:
        yield node, _aikg("ended"), _TRUE
    if qualifiers.amount is not None:
        quantity = iris.quantity(qualifiers.amount)
        yield node, _aikg("amount"), quantity
        yield quantity, _TYPE, _aikg("Quantity")
        yield quantity, _aikg("value"), decimal_literal(qualifiers.amount.value)
        yield quantity, _aikg("unit"), Lit(qualifiers.amount.unit)


def _evidence(owner: str, item: Provenance, iris: InstanceIRIs) -> Iterator[Triple]:
    evidence = iris.evidence(owner, item.document, item.start)
    yield owner, str(PROV.wasDerivedFrom), evidence
    yield evidence, _TYPE, _aikg("Evidence")
    yield evidence, str(PROV.wasQuotedFrom), iris.document(item.document)
    yield evidence, _aikg("sentence"), Lit(item.sentence)
    yield evidence, _aikg("charStart"), Lit(str(item.start), f"{_XSD}integer")
    yield evidence, _aikg("charEnd"), Lit(str(item.end), f"{_XSD}integer")
    yield evidence, _aikg("confidence"), confidence_literal(item.confidence)
    yield from _qualifiers(evidence, item.qualifiers, iris)
    if item.qualifiers.source:
        yield evidence, _aikg("source"), Lit(item.qualifiers.source)
    if item.attributed_to:
        yield evidence, str(PROV.wasAttributedTo), iris.entity(item.attributed_to)
    if item.qualifiers.hedged:
        yield evidence, _aikg("hedged"), _TRUE


def _measurement(node: str, name: AttributeName, quantity: Quantity) -> Iterator[Triple]:
    yield node, _TYPE, _aikg("Measurement")
    yield node, _aikg("measures"), _aikg(name.value)
    yield node, _aikg("value"), decimal_literal(quantity.value)
    yield node, _aikg("unit"), Lit(quantity.unit)


def _event(event: Event, iris: InstanceIRIs) -> Iterator[Triple]:
    node = iris.event(event.id)
    yield node, _TYPE, _aikg(event.kind.value)
    yield node, str(RDFS.label), Lit(event.id)
    for role, member in event.participants:
        yield node, _aikg(role), iris.entity(member)
    for name, quantity in event.amounts:
        measurement = iris.event_measurement(event.id, name, quantity)
        yield node, _aikg("hasMeasurement"), measurement
        yield from _measurement(measurement, name, quantity)
    if event.time:
        yield node, _aikg("pointInTime"), time_literal(event.time)
    yield from _evidence(node, event.evidence, iris)


def time_literal(value: str) -> Lit:
    """A date as precise as the text gives it: xsd:gYear, xsd:gYearMonth or xsd:date."""
    return Lit(value, _TIME_TYPES[len(value)])


def confidence_literal(value: float) -> Lit:
    return Lit(f"{value:.3f}", f"{_XSD}decimal")


def decimal_literal(value: Decimal) -> Lit:
    """An xsd:decimal in canonical form ("5600000.0"), which every RDF syntax writes and
    reads back alike (rdflib compares literals by their lexical form)."""
    lexical = format(value, "f")
    return Lit(lexical if "." in lexical else f"{lexical}.0", f"{_XSD}decimal")


# ---------------------------------------------------------------------- N-Triples

_LITERAL_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    return _LITERAL_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def nt_term(term: Term) -> str:
    """A term as N-Triples writes it."""
    if isinstance(term, Lit):
        text = '"' + _NEEDS_ESCAPE.sub(_escape_char, term.lexical) + '"'
        return text if term.datatype is None else f"{text}^^<{term.datatype}>"
    return "<" + _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group(0)):04X}", term) + ">"


def ntriples_line(triple: Triple) -> str:
    subject, predicate, obj = triple
    return f"{nt_term(subject)} {nt_term(predicate)} {nt_term(obj)} .\n"
