"""RDF export: Turtle, N-Triples and JSON-LD of the instance data (:mod:`aikg.export.triples`
says which triples), and the way back from RDF to a :class:`KnowledgeGraph`.

N-Triples are written line by line from the triples; Turtle by Oxigraph's streaming writer
from those lines; JSON-LD compacted with the ontology's prefixes by a small writer here. None
of them builds an RDF graph in memory first, which made exporting a large corpus cost more
than parsing it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import get_args

import pyoxigraph
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace
from rdflib.namespace import PROV
from rdflib.term import Node

from aikg.config import Settings
from aikg.export import register
from aikg.export.triples import TIME_PROPERTIES, Lit, instance_triples, ntriples_line
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

_shared: list[dict[tuple[int, str], bytearray]] = []
"""While :func:`shared_rdf` is active, the N-Triples each graph was written as, by graph."""


@contextmanager
def shared_rdf() -> Iterator[None]:
    """Let the RDF exporters write a KnowledgeGraph's N-Triples once, not once each. Nested,
    it shares the outer context's: the extraction writes them for the files and the store."""
    if _shared:
        yield
        return
    _shared.append({})
    try:
        yield
    finally:
        _shared.pop()


def ntriples(graph: KnowledgeGraph, base_iri: str) -> bytearray:
    """The instance data as N-Triples, one triple a line, lines sorted."""
    key = (id(graph), base_iri)
    if _shared and key in _shared[-1]:
        return _shared[-1][key]
    # encoded lines sorted (UTF-8 sorts as its code points do), then copied out from the end
    # of the list, which lets them go as it goes: the lines and the whole text are never held
    # at once; duplicates are dropped on the way
    lines = [ntriples_line(triple).encode("utf-8") for triple in instance_triples(graph, base_iri)]
    lines.sort(reverse=True)
    data = bytearray()
    previous = b""
    while lines:
        chunk = lines[-_COPY_LINES:]
        del lines[-_COPY_LINES:]
        for line, _ in groupby(reversed(chunk)):
            if line != previous:
                data += line
                previous = line
    if _shared:
        _shared[-1][key] = data  # the graph lives as long as the context: ids stay unique
    return data


_COPY_LINES = 10_000


def to_rdf(graph: KnowledgeGraph, base_iri: str) -> Graph:
    """The instance data as an rdflib Graph, with the ontology's prefixes bound: for Python
    users and for reading back, not on the way to the files."""
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    rdf.bind("id", Namespace(f"{base_iri}entity/"))
    return rdf.parse(data=bytes(ntriples(graph, base_iri)), format="nt")


@register("turtle", "graph.ttl", "text/turtle")
def render_turtle(graph: KnowledgeGraph, settings: Settings) -> bytes:
    """Turtle with the ontology's prefixes; entities keep their full IRIs, whose local names
    may need escapes that not every Turtle reader takes."""
    triples = pyoxigraph.parse(
        ntriples(graph, settings.base_iri), format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)


@register("ntriples", "graph.nt", "application/n-triples")
def render_ntriples(graph: KnowledgeGraph, settings: Settings) -> bytearray:
    """N-Triples, one triple a line, sorted."""
    return ntriples(graph, settings.base_iri)


@register("jsonld", "graph.jsonld", "application/ld+json")
def render_jsonld(graph: KnowledgeGraph, settings: Settings) -> bytes:
    """Compacted JSON-LD: the ontology's prefixes (and ``id:`` for entities) as context, one
    node object per subject, nodes sorted by @id and values sorted, so the file is
    reproducible.

    Each value is written as JSON text as soon as its triple is met, and the (subject, key,
    value) rows are sorted once: node objects built first as dicts of value objects took eight
    times the size of the file.
    """
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    context["id"] = f"{settings.base_iri}entity/"
    compact = _Compactor(context)
    quoted = compact.quoted
    type_iri = str(RDF.type)
    subjects: dict[str, str] = {}  # one string per subject, however many triples it has
    rows: list[tuple[str, str, str]] = []
    for subject, predicate, obj in instance_triples(graph, settings.base_iri):
        subject = subjects.setdefault(subject, subject)
        if predicate == type_iri and isinstance(obj, str):
            rows.append((subject, "@type", quoted(obj)))
        elif isinstance(obj, Lit) and obj.datatype is not None:
            value = f'{{"@type": {quoted(obj.datatype)}, "@value": {_json(obj.lexical)}}}'
            rows.append((subject, compact(predicate), value))
        elif isinstance(obj, Lit):
            rows.append((subject, compact(predicate), f'{{"@value": {_json(obj.lexical)}}}'))
        else:
            rows.append((subject, compact(predicate), f'{{"@id": {quoted(obj)}}}'))
    del subjects
    rows.sort()
    # one node a line: readable; a fact two sentences give the same date is one value
    lines: list[bytes] = []
    for subject, node in groupby(rows, key=itemgetter(0)):
        members = [f'"@id": {quoted(subject)}']
        for key, values in groupby(node, key=itemgetter(1)):
            unique = ", ".join(value for value, _ in groupby(row[2] for row in values))
            members.append(f"{_json(key)}: [{unique}]")
        node_text = ("{" + ", ".join(members) + "}").encode()
        lines.append(node_text if not lines else b",\n" + node_text)
    del rows
    head = json.dumps(context, sort_keys=True, ensure_ascii=False)
    return b"".join([f'{{"@context": {head},\n"@graph": [\n'.encode(), *lines, b"\n]}\n"])


_json = json.JSONEncoder(ensure_ascii=False).encode
"""A string as JSON text, non-ASCII characters kept (one encoder: json.dumps with an option
builds a new one each call)."""


class _Compactor:
    """IRIs as compact IRIs (``aikg:founded``) where a prefix covers them."""

    _LOCAL = re.compile(r"^[^\s/#?:]+$")

    def __init__(self, context: dict[str, str]) -> None:
        self.namespaces = sorted(context.items(), key=lambda item: -len(item[1]))
        self.known: dict[str, str] = {}  # predicates and classes come back again and again
        self.texts: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.known.get(iri)
        if found is None:
            found = self.known[iri] = self._compact(iri)
        return found

    def quoted(self, iri: str) -> str:
        """The compact IRI as JSON text, kept: entities come back in many values."""
        found = self.texts.get(iri)
        if found is None:
            found = self.texts[iri] = _json(self(iri))
        return found

    def _compact(self, iri: str) -> str:
        for prefix, namespace in self.namespaces:
            if iri.startswith(namespace) and self._LOCAL.match(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri


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
                **{field: self.when(node, prop) for field, prop in TIME_PROPERTIES},
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
