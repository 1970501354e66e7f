"""RDF export: Turtle, N-Triples and JSON-LD of the instance data (:mod:`aikg.export.triples`
says which triples), and the way back from RDF to a :class:`KnowledgeGraph`.

N-Triples are written line by line from the triples, sorted by an external merge sort;
Turtle by Oxigraph's streaming writer from those lines; JSON-LD compacted with the ontology's
prefixes by a small writer here, node by node, from the same lines. None of them builds an
RDF graph or its text in memory first: exporting a large corpus once cost more memory than
parsing it.
"""

from __future__ import annotations

import heapq
import json
import os
import re
import shutil
import tempfile
from contextlib import ExitStack
from decimal import Decimal
from itertools import groupby
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import BinaryIO, get_args

import pyoxigraph
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace
from rdflib.namespace import PROV
from rdflib.term import Node

from aikg.config import Settings
from aikg.export import SCRATCH_PREFIX, ExportSource, register, render
from aikg.export.triples import TIME_PROPERTIES, instance_triples, ntriples_line
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


def write_ntriples(graph: KnowledgeGraph, base_iri: str, handle: BinaryIO, scratch: Path) -> None:
    """Write the instance data as N-Triples, one triple a line, lines sorted, no line twice.

    An external merge sort: the lines are sorted in runs of a bounded number, each run beyond
    the first spilled to a scratch file in ``scratch``, and the runs merged as they are read
    back, so the memory it takes does not grow with the graph. (UTF-8 sorts as its code points
    do, so the order is the text's.)
    """
    runs: list[Path] = []
    try:
        lines: list[bytes] = []
        for triple in instance_triples(graph, base_iri):
            lines.append(ntriples_line(triple).encode("utf-8"))
            if len(lines) >= _RUN_LINES:
                runs.append(_spill(sorted(set(lines)), scratch))
                lines = []
        last = sorted(set(lines))
        del lines
        if not runs:
            handle.writelines(last)
            return
        runs.append(_spill(last, scratch))
        del last
        with ExitStack() as files:
            merged = heapq.merge(*(files.enter_context(run.open("rb")) for run in runs))
            handle.writelines(line for line, _ in groupby(merged))
    finally:
        for run in runs:
            run.unlink(missing_ok=True)


_RUN_LINES = 100_000
"""Lines sorted in memory at once: some 20 MB of them."""


def _spill(lines: list[bytes], scratch: Path) -> Path:
    fd, name = tempfile.mkstemp(dir=scratch, prefix=SCRATCH_PREFIX, suffix=".run")
    with os.fdopen(fd, "wb") as handle:
        handle.writelines(lines)
    return Path(name)


def ntriples(graph: KnowledgeGraph, base_iri: str) -> bytes:
    """The instance data as N-Triples, in memory: for small graphs and for Python users."""
    return render(graph, Settings(base_iri=base_iri), ["ntriples"])["ntriples"]


def to_rdf(graph: KnowledgeGraph, base_iri: str) -> Graph:
    """The instance data as an rdflib Graph, with the ontology's prefixes bound: for Python
    users and for reading back, not on the way to the files."""
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    rdf.bind("id", Namespace(f"{base_iri}entity/"))
    return rdf.parse(data=ntriples(graph, base_iri), format="nt")


@register("turtle", "graph.ttl", "text/turtle")
def write_turtle(source: ExportSource, handle: BinaryIO) -> None:
    """Turtle with the ontology's prefixes, streamed by Oxigraph from the sorted N-Triples
    (a subject's triples together); entities keep their full IRIs, whose local names may
    need escapes that not every Turtle reader takes."""
    triples = pyoxigraph.parse(path=source.ntriples_path(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    pyoxigraph.serialize(triples, handle, pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)


@register("ntriples", "graph.nt", "application/n-triples")
def write_ntriples_file(source: ExportSource, handle: BinaryIO) -> None:
    """N-Triples, one triple a line, sorted."""
    with source.ntriples_path().open("rb") as lines:
        shutil.copyfileobj(lines, handle)


@register("jsonld", "graph.jsonld", "application/ld+json")
def write_jsonld(source: ExportSource, handle: BinaryIO) -> None:
    """Compacted JSON-LD: the ontology's prefixes (and ``id:`` for entities) as context, one
    node object a line per subject, in the order of the sorted N-Triples, keys and values
    sorted, so the file is reproducible. Each node is written as soon as its subject's
    triples have been read.
    """
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    context["id"] = f"{source.settings.base_iri}entity/"
    compact = _Compactor(context)
    quoted = compact.quoted
    head = json.dumps(context, sort_keys=True, ensure_ascii=False)
    handle.write(f'{{"@context": {head},\n"@graph": ['.encode())
    triples = pyoxigraph.parse(path=source.ntriples_path(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    separator = b"\n"
    for subject, node in groupby(triples, key=attrgetter("subject")):
        rows = sorted(_jsonld_row(triple, compact) for triple in node)
        members = [f'"@id": {quoted(subject.value)}']
        for key, values in groupby(rows, key=itemgetter(0)):
            # a fact two sentences give the same date is one value
            unique = ", ".join(value for value, _ in groupby(row[1] for row in values))
            members.append(f"{_json(key)}: [{unique}]")
        handle.write(separator + ("{" + ", ".join(members) + "}").encode())
        separator = b",\n"
    handle.write(b"\n]}\n")


def _jsonld_row(triple: pyoxigraph.Triple, compact: _Compactor) -> tuple[str, str]:
    """A triple's key in its node object and its value object, as JSON text."""
    predicate, obj = triple.predicate.value, triple.object
    if predicate == _RDF_TYPE and not isinstance(obj, pyoxigraph.Literal):
        return "@type", compact.quoted(obj.value)
    key = compact(predicate)
    if not isinstance(obj, pyoxigraph.Literal):
        return key, f'{{"@id": {compact.quoted(obj.value)}}}'
    datatype = obj.datatype.value
    if datatype == _XSD_STRING:
        return key, f'{{"@value": {_json(obj.value)}}}'
    return key, f'{{"@type": {compact.quoted(datatype)}, "@value": {_json(obj.value)}}}'


_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)


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
