"""Render a view of the graph to a file whose name says the format."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aikg.config import Settings
from aikg.errors import AikgError
from aikg.export import atomic_write
from aikg.model import EntityType, KnowledgeGraph
from aikg.ontology import Vocabulary
from aikg.viz.style import LOOKS, Look, rgb
from aikg.viz.subgraph import ViewError

if TYPE_CHECKING:
    import graphviz

# networkx, Graphviz and the page template are imported by the renderers that use them:
# the `aikg` command imports this module for every command, and most never draw.

_LAYOUT_ENGINE = "sfdp"
"""Graphviz's force-directed engine for large graphs: readable labels where ``dot``'s
hierarchy of a few hundred entities would be a very wide strip."""


def _svg(graph: KnowledgeGraph, settings: Settings, vocabulary: Vocabulary) -> bytes:
    return _graphviz(graph, vocabulary, "svg")


def _png(graph: KnowledgeGraph, settings: Settings, vocabulary: Vocabulary) -> bytes:
    return _graphviz(graph, vocabulary, "png")


def _html(graph: KnowledgeGraph, settings: Settings, vocabulary: Vocabulary) -> bytes:
    from aikg.viz.html import render_html

    return render_html(graph, vocabulary)


def _gexf(graph: KnowledgeGraph, settings: Settings, vocabulary: Vocabulary) -> bytes:
    """GEXF for Gephi, with each node's colour as Gephi's ``viz`` attribute."""
    import networkx as nx

    from aikg.export.graphml import to_networkx

    network = to_networkx(graph, settings.base_iri)
    for node, attributes in network.nodes(data=True):
        red, green, blue = rgb(_look(attributes["type"], vocabulary).color)
        network.nodes[node]["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
    buffer = io.BytesIO()
    nx.write_gexf(network, buffer, encoding="utf-8")
    return buffer.getvalue()


def _cyjs(graph: KnowledgeGraph, settings: Settings, vocabulary: Vocabulary) -> bytes:
    """Cytoscape.js JSON (``elements`` with ``data``), which Cytoscape imports as .cyjs."""
    import networkx as nx

    from aikg.export.graphml import to_networkx

    network = to_networkx(graph, settings.base_iri)
    for node, attributes in network.nodes(data=True):
        network.nodes[node]["name"] = attributes["label"]
        network.nodes[node]["color"] = _look(attributes["type"], vocabulary).color
    document = nx.cytoscape_data(network)
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


Renderer = Callable[[KnowledgeGraph, Settings, Vocabulary], bytes]
FORMATS: dict[str, Renderer] = {
    ".html": _html,
    ".svg": _svg,
    ".png": _png,
    ".gexf": _gexf,
    ".cyjs": _cyjs,
}


def render_view(
    graph: KnowledgeGraph, settings: Settings, vocabulary: Vocabulary, suffix: str
) -> bytes:
    """The graph in the format a file suffix names (``.html``, ``.svg``, ...)."""
    renderer = FORMATS.get(suffix.lower())
    if renderer is None:
        raise ViewError(f"cannot draw a {suffix or 'suffix-less'} file; use {', '.join(FORMATS)}")
    return renderer(graph, settings, vocabulary)


def write_view(
    graph: KnowledgeGraph, settings: Settings, vocabulary: Vocabulary, path: Path
) -> Path:
    """Render and write atomically: the file is replaced whole or not at all."""
    data = render_view(graph, settings, vocabulary, path.suffix)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
    return path


def _look(type_name: str, vocabulary: Vocabulary) -> Look:
    return LOOKS[vocabulary.core_type(EntityType(type_name))]


def _graphviz(graph: KnowledgeGraph, vocabulary: Vocabulary, fmt: str) -> bytes:
    if shutil.which(_LAYOUT_ENGINE) is None:
        raise AikgError(
            f"drawing {fmt.upper()} needs Graphviz's {_LAYOUT_ENGINE}, which is not installed "
            "(Debian/Ubuntu: apt-get install graphviz)"
        )
    import graphviz

    labels = {e.id: e.label for e in graph.entities}
    drawing = graphviz.Digraph(engine=_LAYOUT_ENGINE, format=fmt)
    drawing.attr(
        overlap="prism",
        overlap_scaling="2",
        splines="true",
        outputorder="edgesfirst",
        fontname="Helvetica",
        bgcolor="white",
        pad="0.3",
    )
    drawing.attr("node", style="filled", fontname="Helvetica", fontsize="11", penwidth="0.6")
    drawing.attr(
        "edge", fontname="Helvetica", fontsize="8", color="#888888", fontcolor="#555555",
        arrowsize="0.5",
    )  # fmt: skip
    for entity in graph.entities:
        look = LOOKS[vocabulary.core_type(entity.type)]
        drawing.node(
            entity.id,
            label=entity.label,
            shape=look.dot_shape,
            fillcolor=look.color + "55",
            color=look.color,
            tooltip=f"{entity.label} ({entity.type.value})",
        )
    for relation in graph.relations:
        drawing.edge(
            relation.subject,
            relation.object,
            label=relation.predicate.value,
            tooltip=f"{labels[relation.subject]} {relation.predicate.value} "
            f"{labels[relation.object]} ({relation.confidence:.2f})",
        )
    _legend(drawing)
    try:
        return drawing.pipe()
    except graphviz.ExecutableNotFound as err:
        raise AikgError(f"Graphviz is not installed: {err}") from err


def _legend(drawing: graphviz.Digraph) -> None:
    """A key of the types' colours and shapes, as one table-shaped node."""
    rows = "".join(
        f'<TR><TD BGCOLOR="{look.color}" WIDTH="14"> </TD><TD ALIGN="LEFT">'
        f"{entity_type.value} ({look.dot_shape})</TD></TR>"
        for entity_type, look in LOOKS.items()
    )
    drawing.node(
        "aikg legend",
        label=f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2">{rows}</TABLE>>',
        shape="plaintext",
        style="",
        fontsize="10",
    )
