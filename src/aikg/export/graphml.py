"""GraphML export for Gephi, yEd and networkx.

One node per entity (``iri``, ``label``, ``type``, ``aliases``, ``qid``, ``documents``) and one
edge per relation (``predicate``, ``confidence``, ``evidence``, ``document``). GraphML has no
lists, so aliases, evidence sentences and documents are joined with " | ".

>>> import io, networkx as nx
>>> from aikg.model import KnowledgeGraph
>>> nx.read_graphml(io.BytesIO(render_graphml(KnowledgeGraph(), Settings()))).number_of_nodes()
0
"""

from __future__ import annotations

import io

import networkx as nx

from aikg.config import Settings
from aikg.export import register
from aikg.export.rdf import InstanceIRIs
from aikg.model import KnowledgeGraph

SEPARATOR = " | "


def to_networkx(graph: KnowledgeGraph, base_iri: str) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph keyed by entity id, edges keyed by predicate."""
    iris = InstanceIRIs(base_iri)
    network = nx.MultiDiGraph()
    for entity in graph.entities:
        network.add_node(
            entity.id,
            iri=str(iris.entity(entity.id)),
            label=entity.label,
            type=entity.type.value,
            aliases=SEPARATOR.join(entity.aliases),
            qid=entity.qid or "",
            documents=SEPARATOR.join(entity.documents),
        )
    for relation in graph.relations:
        network.add_edge(
            relation.subject,
            relation.object,
            key=relation.predicate.value,
            predicate=relation.predicate.value,
            confidence=relation.confidence,
            evidence=SEPARATOR.join(item.sentence for item in relation.evidence),
            document=SEPARATOR.join(sorted({item.document for item in relation.evidence})),
        )
    return network


@register("graphml", "graph.graphml", "application/graphml+xml")
def render_graphml(graph: KnowledgeGraph, settings: Settings) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph, settings.base_iri), buffer, encoding="utf-8")
    return buffer.getvalue()
