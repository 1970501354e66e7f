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
import re

import networkx as nx

from aikg.config import Settings
from aikg.export import register
from aikg.export.rdf import InstanceIRIs
from aikg.model import KnowledgeGraph

SEPARATOR = " | "
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped; a document may contain them."""


def _xml_text(text: str) -> str:
    """Text safe for an XML attribute value: impossible characters become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def to_networkx(graph: KnowledgeGraph, base_iri: str) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph keyed by entity id, edges keyed by predicate."""
    iris = InstanceIRIs(base_iri)
    network = nx.MultiDiGraph()
    for entity in graph.entities:
        network.add_node(
            entity.id,
            iri=str(iris.entity(entity.id)),
            label=_xml_text(entity.label),
            type=entity.type.value,
            aliases=_xml_text(SEPARATOR.join(entity.aliases)),
            qid=entity.qid or "",
            documents=_xml_text(SEPARATOR.join(entity.documents)),
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
        )
    return network


@register("graphml", "graph.graphml", "application/graphml+xml")
def render_graphml(graph: KnowledgeGraph, settings: Settings) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph, settings.base_iri), buffer, encoding="utf-8")
    return buffer.getvalue()
