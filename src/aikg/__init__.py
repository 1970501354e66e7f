"""aikg: a typed, queryable knowledge graph of the AI industry, extracted from news.

The library is the product; the ``aikg`` command is a thin shell over it::

    from aikg import Settings, extract
    result = extract(["corpus/"], Settings())
    print(len(result.graph.entities), "entities")
"""

from __future__ import annotations

from aikg.build import ExtractionResult, extract
from aikg.config import Settings
from aikg.model import Entity, KnowledgeGraph, Provenance, Relation

__all__ = [
    "Entity",
    "ExtractionResult",
    "KnowledgeGraph",
    "Provenance",
    "Relation",
    "Settings",
    "extract",
]
__version__ = "0.1.0"
