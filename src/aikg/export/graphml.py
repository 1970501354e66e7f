"""GraphML export for Gephi, yEd and networkx.

One node per entity (``iri``, ``label``, ``type``, ``aliases``, ``qid``, ``documents``,
``attributes``: "valuation 157000000000 USD (2024-10)") and one edge per relation
(``predicate``, ``confidence``, ``evidence``, ``document``, and where stated ``time``,
``start``, ``end``, ``ended``, ``amount``, ``source``, ``hedged``). Each event is a node too
(``kind`` "event", ``type`` FundingRound/ModelRelease/MarketMove, ``time``, ``amounts``,
``evidence``) with an edge to each participant whose ``predicate`` is its role. GraphML has no
lists, so aliases, evidence sentences, documents and amounts are joined with " | ".

>>> import io, networkx as nx
>>> from aikg.config import Settings
>>> from aikg.export import render
>>> from aikg.model import KnowledgeGraph
>>> data = render(KnowledgeGraph(), Settings(), ["graphml"])["graphml"]
>>> nx.read_graphml(io.BytesIO(data)).number_of_nodes()
0
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, BinaryIO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from aikg.export import ExportSource, register
from aikg.export.triples import InstanceIRIs
from aikg.model import Entity, Event, KnowledgeGraph, Relation

if TYPE_CHECKING:
    import networkx as nx

SEPARATOR = " | "
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped; a document may contain them."""


def _xml_text(text: str) -> str:
    """Text safe for an XML attribute value: impossible characters become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def to_networkx(graph: KnowledgeGraph, base_iri: str) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph keyed by entity id, edges keyed by predicate."""
    iris = InstanceIRIs(base_iri)
    import networkx as nx  # here, not at import: most runs of `aikg` never build one

    network = nx.MultiDiGraph()
    for entity in graph.entities:
        network.add_node(entity.id, **_entity_data(entity, iris))
    for relation in graph.relations:
        data = _relation_data(relation)
        network.add_edge(relation.subject, relation.object, key=data["predicate"], **data)
    for event in graph.events:
        node = f"event/{event.id}"
        network.add_node(node, **_event_data(event, iris))
        for role, member in event.participants:
            network.add_edge(node, member, key=role, predicate=role)
    return network


def _entity_data(entity: Entity, iris: InstanceIRIs) -> dict[str, object]:
    return {
        "kind": "entity",
        "iri": str(iris.entity(entity.id)),
        "label": _xml_text(entity.label),
        "type": entity.type.value,
        "aliases": _xml_text(SEPARATOR.join(entity.aliases)),
        "qid": entity.qid or "",
        "documents": _xml_text(SEPARATOR.join(entity.documents)),
        "attributes": SEPARATOR.join(str(a) for a in entity.attributes),
    }


def _relation_data(relation: Relation) -> dict[str, object]:
    return {
        "predicate": relation.predicate.value,
        "confidence": relation.confidence,
        "evidence": _xml_text(SEPARATOR.join(item.sentence for item in relation.evidence)),
        "document": _xml_text(SEPARATOR.join(sorted({i.document for i in relation.evidence}))),
        **_qualifiers(relation),
    }


def _event_data(event: Event, iris: InstanceIRIs) -> dict[str, object]:
    members = dict(event.participants)
    return {
        "kind": "event",
        "iri": str(iris.event(event.id)),
        "label": f"{event.kind.value}: {', '.join(sorted(set(members.values())))}",
        "type": event.kind.value,
        "time": event.time or "",
        "amounts": SEPARATOR.join(f"{name.value} {quantity}" for name, quantity in event.amounts),
        "evidence": _xml_text(event.evidence.sentence),
        "documents": _xml_text(event.evidence.document),
    }


def _qualifiers(relation: Relation) -> dict[str, str | bool]:
    """The when and how much of a relation, and who says so, as edge attributes."""
    merged = relation.qualifiers
    found: dict[str, str | bool] = {
        name: str(value)
        for name in ("time", "start", "end", "amount")
        if (value := getattr(merged, name)) is not None
    }
    if merged.ended:
        found["ended"] = True
    if relation.sources:
        found["source"] = _xml_text(SEPARATOR.join(relation.sources))
    if relation.hedged:
        found["hedged"] = True
    return found


@register("graphml", "graph.graphml", "application/graphml+xml")
def write_graphml(source: ExportSource, handle: BinaryIO) -> None:
    """GraphML as networkx writes it (its keys, types and edge ids), streamed node by node
    and edge by edge: a networkx graph of a large corpus took more memory than the corpus's
    parse."""
    iris = InstanceIRIs(source.settings.base_iri)
    graph = source.graph
    xml = XMLGenerator(handle, encoding="utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("graphml", AttributesImpl(_GRAPHML_ROOT))
    for (scope, name), kind in _KEYS.items():
        xml.ignorableWhitespace("\n  ")
        attributes = {"id": _key_id(scope, name), "for": scope}
        attributes |= {"attr.name": name, "attr.type": kind}
        xml.startElement("key", AttributesImpl(attributes))
        xml.endElement("key")
    xml.ignorableWhitespace("\n  ")
    xml.startElement("graph", AttributesImpl({"edgedefault": "directed"}))
    for entity in graph.entities:
        _element(xml, "node", {"id": entity.id}, "node", _entity_data(entity, iris))
    for event in graph.events:
        _element(xml, "node", {"id": f"event/{event.id}"}, "node", _event_data(event, iris))
    for relation in graph.relations:
        ends = {"source": relation.subject, "target": relation.object}
        ends["id"] = relation.predicate.value
        _element(xml, "edge", ends, "edge", _relation_data(relation))
    for event in graph.events:
        for role, member in event.participants:
            ends = {"source": f"event/{event.id}", "target": member, "id": role}
            _element(xml, "edge", ends, "edge", {"predicate": role})
    xml.ignorableWhitespace("\n  ")
    xml.endElement("graph")
    xml.ignorableWhitespace("\n")
    xml.endElement("graphml")
    xml.ignorableWhitespace("\n")
    xml.endDocument()


_GRAPHML_ROOT = {
    "xmlns": "http://graphml.graphdrawing.org/xmlns",
    "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsi:schemaLocation": "http://graphml.graphdrawing.org/xmlns "
    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
}
_NODE_KEYS = ("kind", "iri", "label", "type", "aliases", "qid", "documents", "attributes")
_EVENT_KEYS = ("time", "amounts", "evidence")
_EDGE_KEYS = ("predicate", "confidence", "evidence", "document", "time", "start", "end")
_KEYS = {("node", name): "string" for name in _NODE_KEYS + _EVENT_KEYS} | {
    ("edge", name): "double" if name == "confidence" else "string" for name in _EDGE_KEYS
}
_KEYS |= {("edge", "amount"): "string", ("edge", "ended"): "boolean"}
_KEYS |= {("edge", "source"): "string", ("edge", "hedged"): "boolean"}
"""Every attribute a node or an edge may carry, and its GraphML type."""


def _key_id(scope: str, name: str) -> str:
    return f"{scope[0]}_{name}"


def _element(
    xml: XMLGenerator, tag: str, attributes: dict[str, str], scope: str, data: dict[str, object]
) -> None:
    xml.ignorableWhitespace("\n    ")
    xml.startElement(tag, AttributesImpl(attributes))
    for name, value in data.items():
        xml.startElement("data", AttributesImpl({"key": _key_id(scope, name)}))
        xml.characters(str(value).lower() if isinstance(value, bool) else str(value))
        xml.endElement("data")
    xml.endElement(tag)
