"""aikg: a typed, queryable knowledge graph of the AI industry, extracted from news.

The library is the product; the ``aikg`` command is a thin shell over it::

    from aikg import Settings, extract
    result = extract(["corpus/"], Settings())
    print(len(result.graph.entities), "entities")

Names are imported on first use, so that querying a store never loads spaCy.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "Entity",
    "ExtractionResult",
    "KnowledgeGraph",
    "Provenance",
    "Relation",
    "Settings",
    "extract",
    "extract_into",
]
__version__ = "0.1.0"

_HOMES = {
    "Entity": "aikg.model",
    "ExtractionResult": "aikg.build",
    "KnowledgeGraph": "aikg.model",
    "Provenance": "aikg.model",
    "Relation": "aikg.model",
    "Settings": "aikg.config",
    "extract": "aikg.build",
    "extract_into": "aikg.build",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'aikg' has no attribute {name!r}")
