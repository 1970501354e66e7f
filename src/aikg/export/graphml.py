"""GraphML export for Gephi, yEd and networkx.

One node per entity (``iri``, ``label``, ``type``, ``aliases``, ``qid``, ``documents``,
``attributes``: "valuation 157000000000 USD (2024-10)") and one edge per relation
(``predicate``, ``confidence``, ``evidence``, ``document``, and where stated ``time``,
``start``, ``end``, ``ended``, ``amount``, ``source``, ``hedged``). Each event is a node too
(``kind`` "event", ``type`` FundingRound/ModelRelease/MarketMove, ``time``, ``amounts``,
``evidence``) with an edge to each participant whose ``predicate`` is its role. GraphML has no
lists, so aliases, evidence sentences, documents and amounts are joined with " | ".

>>> import io, networkx as nx
>>> from aikg.model import KnowledgeGraph
>>> nx.read_graphml(io.BytesIO(render_graphml(KnowledgeGraph(), Settings()))).number_of_nodes()
0
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from aikg.config import Settings
from aikg.export import register
from aikg.export.triples import InstanceIRIs
from aikg.model import KnowledgeGraph, Relation

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
        network.add_node(
            entity.id,
            kind="entity",
            iri=str(iris.entity(entity.id)),
            label=_xml_text(entity.label),
            type=entity.type.value,
            aliases=_xml_text(SEPARATOR.join(entity.aliases)),
            qid=entity.qid or "",
            documents=_xml_text(SEPARATOR.join(entity.documents)),
            attributes=SEPARATOR.join(str(a) for a in entity.attributes),
        )
    for relation in graph.relations:
        network.add_edge(
            relation.subject,
            relation.object,
            key=relation.predicate.value,
            predicate=relation.predicate.value,
            confidence=relation.confidence,
            evidence=_xml_text(SEPARATOR.join(item.sentence for item in relation.evidence)),
            document=_xml_text(SEPARATOR.join(sorted({i.document for i in relation.evidence}))),
            **_qualifiers(relation),
        )
    for event in graph.events:
        node = f"event/{event.id}"
        members = dict(event.participants)
        network.add_node(
            node,
            kind="event",
            iri=str(iris.event(event.id)),
            label=f"{event.kind.value}: {', '.join(sorted(set(members.values())))}",
            type=event.kind.value,
            time=event.time or "",
            amounts=SEPARATOR.join(f"{name.value} {quantity}" for name, quantity in event.amounts),
            evidence=_xml_text(event.evidence.sentence),
            documents=_xml_text(event.evidence.document),
        )
        for role, member in event.participants:
            network.add_edge(node, member, key=role, predicate=role)
    return network


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
def render_graphml(graph: KnowledgeGraph, settings: Settings) -> bytes:
    buffer = io.BytesIO()
    import networkx as nx

    nx.write_graphml(to_networkx(graph, settings.base_iri), buffer, encoding="utf-8")
    return buffer.getvalue()
