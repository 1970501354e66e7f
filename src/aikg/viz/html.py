"""The interactive page: one self-contained HTML file that works offline.

vis-network draws the graph; its script and style come from the installed ``pyvis`` package
and are inlined, with the data, into the page, so opening it makes no request to any host.
Nodes are coloured and shaped by type (with a legend), edges labelled by predicate; hovering
shows a summary (with an entity's numbers: "valuation 157000000000 USD (2024-10)"; with a
fact's date, amount and source), clicking shows the details (aliases, Wikidata id, numbers;
for a fact its confidence, when, how much, and every evidence sentence with its document and
who it says claims it); a search box finds an entity; check boxes
filter types and predicates. Physics lays the graph out, then stops, so a few thousand nodes
stay responsive.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path

from aikg.model import KnowledgeGraph, Qualifiers, Relation
from aikg.ontology import Vocabulary
from aikg.viz.style import LOOKS

_VIS = Path(find_spec("pyvis").submodule_search_locations[0], "lib", "vis-9.1.2")  # type: ignore[union-attr, index]
"""vis-network as pyvis ships it, found without importing pyvis (which imports IPython)."""
_TEMPLATE = files("aikg.viz").joinpath("page.html")


def render_html(graph: KnowledgeGraph, vocabulary: Vocabulary, title: str = "aikg graph") -> bytes:
    """The page for ``graph``."""
    degree = Counter(r.subject for r in graph.relations) + Counter(
        r.object for r in graph.relations
    )
    nodes = []
    for entity in graph.entities:
        core = vocabulary.core_type(entity.type)
        look = LOOKS[core]
        summary = [f"{entity.label} ({entity.type.value})"]
        if entity.aliases:
            summary.append("also: " + ", ".join(entity.aliases))
        if entity.qid:
            summary.append(f"Wikidata: {entity.qid}")
        numbers = [str(a) for a in entity.attributes]
        summary.extend(numbers)
        nodes.append(
            {
                "id": entity.id,
                "label": entity.label,
                "type": entity.type.value,
                "core": core.value,
                "aliases": list(entity.aliases),
                "qid": entity.qid,
                "documents": list(entity.documents),
                "numbers": numbers,
                "title": "\n".join(summary),
                "color": look.color,
                "shape": look.vis_shape,
                "value": 1 + degree[entity.id],
            }
        )
    edges = []
    for number, relation in enumerate(graph.relations):
        first = relation.evidence[0]
        edges.append(
            {
                "id": number,
                "from": relation.subject,
                "to": relation.object,
                "label": relation.predicate.value,
                "predicate": relation.predicate.value,
                "confidence": relation.confidence,
                "title": "\n".join(
                    [
                        f"{relation.predicate.value} (confidence {relation.confidence:.2f})",
                        *_qualifiers(relation.qualifiers),
                        *_claims(relation),
                        f"“{first.sentence}” ({first.document})",
                    ]
                ),
                "qualifiers": _qualifiers(relation.qualifiers),
                "evidence": [
                    {
                        "sentence": item.sentence,
                        "document": item.document,
                        "start": item.start,
                        "end": item.end,
                        "confidence": item.confidence,
                        "source": item.qualifiers.source,
                        "hedged": item.qualifiers.hedged,
                    }
                    for item in relation.evidence
                ],
            }
        )
    data = {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "types": [{"name": t.value, "color": look.color} for t, look in LOOKS.items()],
        "predicates": sorted({r.predicate.value for r in graph.relations}),
    }
    page = _TEMPLATE.read_text(encoding="utf-8")
    replacements = {
        "/*AIKG_VIS_CSS*/": _VIS.joinpath("vis-network.css").read_text(encoding="utf-8"),
        "/*AIKG_VIS_JS*/": _VIS.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
        "/*AIKG_DATA*/null": _script_json(data),
        "AIKG_TITLE": html.escape(title, quote=False),
    }
    markers = re.compile("|".join(re.escape(marker) for marker in replacements))
    return markers.sub(lambda match: replacements[match.group(0)], page).encode("utf-8")


def _qualifiers(qualifiers: Qualifiers) -> list[str]:
    """A fact's when and how much, one line each: "since 2021", "amount 10000000000 USD"."""
    lines = [
        f"{label} {value}"
        for label, value in (
            ("in", qualifiers.time),
            ("since", qualifiers.start),
            ("until", qualifiers.end),
            ("amount", qualifiers.amount),
        )
        if value is not None
    ]
    if qualifiers.ended:
        lines.append("no longer holds")
    return lines


def _claims(relation: Relation) -> list[str]:
    """Who the sentences say claim the fact, and whether any hedges it."""
    lines = [f"according to {', '.join(relation.sources)}"] if relation.sources else []
    if relation.hedged:
        lines.append("hedged")
    return lines


def _script_json(data: object) -> str:
    """JSON safe inside a <script> element: no "</script>", no line separators.

    >>> _script_json({"a": "</script><b>\\u2028"})
    '{"a": "<\\\\/script><b>\\\\u2028"}'
    """
    return json.dumps(data, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")
