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

All IRIs derive from canonical names and document ids, and no blank node is used, so the same
input always serializes to the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from aikg.config import Settings
from aikg.export import register
from aikg.model import Entity, EntityType, KnowledgeGraph, Predicate, Provenance, Relation
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

    def evidence(self, relation: Relation, document_id: str, start: int) -> URIRef:
        """One flat namespace of digests: the statement, document and offset it stands for are
        its properties. (A path per statement made every evidence node a namespace of its
        own, and rdflib's Turtle writer slows down with each namespace it has seen.)"""
        key = f"{self.statement(relation)}\0{document_id}\0{start}".encode("utf-8", "surrogatepass")
        return URIRef(f"{self.base}evidence/{hashlib.sha256(key).hexdigest()[:24]}")


def _decimal(value: float) -> Literal:
    return Literal(Decimal(f"{value:.3f}"), datatype=XSD.decimal)


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
        for item in relation.evidence:
            evidence = iris.evidence(relation, item.document, item.start)
            rdf.add((statement, PROV.wasDerivedFrom, evidence))
            rdf.add((evidence, RDF.type, AIKG.Evidence))
            rdf.add((evidence, PROV.wasQuotedFrom, iris.document(item.document)))
            rdf.add((evidence, AIKG.sentence, Literal(item.sentence)))
            rdf.add((evidence, AIKG.charStart, Literal(item.start)))
            rdf.add((evidence, AIKG.charEnd, Literal(item.end)))
            rdf.add((evidence, AIKG.confidence, _decimal(item.confidence)))
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

    def local(node: Node) -> str:
        return str(node).rsplit("/entity/", 1)[-1]

    def label(node: Node) -> str:
        return str(rdf.value(node, RDFS.label))

    documents = sorted(label(d) for d in rdf.subjects(RDF.type, AIKG.Document))
    entities = []
    for node in rdf.subjects(SKOS.prefLabel, None):
        types = [
            EntityType(str(t)[len(VOCAB_IRI) :])
            for t in rdf.objects(node, RDF.type)
            if str(t).startswith(VOCAB_IRI)
        ]
        same = [str(s) for s in rdf.objects(node, OWL.sameAs) if str(s).startswith(str(WIKIDATA))]
        entities.append(
            Entity(
                id=local(node),
                label=str(rdf.value(node, SKOS.prefLabel)),
                type=types[0],
                aliases=tuple(sorted(str(a) for a in rdf.objects(node, SKOS.altLabel))),
                qid=same[0][len(str(WIKIDATA)) :] if same else None,
                documents=tuple(sorted(label(d) for d in rdf.objects(node, AIKG.mentionedIn))),
            )
        )
    relations = []
    for statement in rdf.subjects(RDF.type, RDF.Statement):
        evidence = []
        for item in rdf.objects(statement, PROV.wasDerivedFrom):
            evidence.append(
                Provenance(
                    document=label(rdf.value(item, PROV.wasQuotedFrom)),
                    sentence=str(rdf.value(item, AIKG.sentence)),
                    start=int(rdf.value(item, AIKG.charStart)),
                    end=int(rdf.value(item, AIKG.charEnd)),
                    confidence=float(rdf.value(item, AIKG.confidence)),
                )
            )
        relations.append(
            Relation(
                subject=local(rdf.value(statement, RDF.subject)),
                predicate=Predicate(str(rdf.value(statement, RDF.predicate))[len(VOCAB_IRI) :]),
                object=local(rdf.value(statement, RDF.object)),
                evidence=tuple(sorted(evidence, key=lambda e: (e.document, e.start))),
            )
        )
    return KnowledgeGraph(
        entities=tuple(sorted(entities, key=lambda e: e.id)),
        relations=tuple(sorted(relations, key=lambda r: (r.subject, r.predicate, r.object))),
        documents=tuple(documents),
    )
