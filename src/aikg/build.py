"""The pipeline end to end: corpus -> NLP -> resolution -> :class:`KnowledgeGraph`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aikg.config import Settings
from aikg.corpus import read_documents
from aikg.errors import DocumentError
from aikg.gazetteer import load_gazetteer
from aikg.model import Document, DocumentAnalysis, KnowledgeGraph
from aikg.nlp import analyze, build_pipeline
from aikg.ontology import load_vocabulary
from aikg.resolve import resolve

ProgressCallback = Callable[[DocumentAnalysis], None]


@dataclass
class ExtractionResult:
    """The graph, the documents that could not be read, and how long it took."""

    graph: KnowledgeGraph
    errors: list[DocumentError] = field(default_factory=list)
    seconds: float = 0.0


def extract(
    inputs: Iterable[Path | str],
    settings: Settings | None = None,
    *,
    on_document: ProgressCallback | None = None,
    on_error: Callable[[DocumentError], None] | None = None,
) -> ExtractionResult:
    """Extract a knowledge graph from files, folders and JSON Lines files.

    Unreadable documents are skipped and reported in ``result.errors`` (and to ``on_error`` as
    they happen); ``on_document`` is called after each document is analysed.
    """
    settings = settings or Settings()
    started = time.perf_counter()
    errors: list[DocumentError] = []

    def documents() -> Iterator[Document]:
        for item in read_documents(Path(p) for p in inputs):
            if isinstance(item, DocumentError):
                errors.append(item)
                if on_error is not None:
                    on_error(item)
            else:
                yield item

    analyses = []
    for analysis in analyze_documents(documents(), settings):
        analyses.append(analysis)
        if on_document is not None:
            on_document(analysis)
    graph = resolve(
        analyses,
        load_gazetteer(settings.gazetteer_file),
        load_vocabulary(settings.ontology_file),
    )
    return ExtractionResult(graph=graph, errors=errors, seconds=time.perf_counter() - started)


def extract_texts(
    texts: Iterable[tuple[str, str]], settings: Settings | None = None
) -> KnowledgeGraph:
    """Extract a graph from ``(document id, text)`` pairs already in memory.

    >>> graph = extract_texts([("note", "Nvidia developed the H100 chip.")])
    >>> [(r.subject, r.predicate.value, r.object) for r in graph.relations]
    [('Nvidia', 'developed', 'H100')]
    """
    settings = settings or Settings()
    documents = (Document(id=i, text=t, source=i) for i, t in texts)
    return resolve(
        analyze_documents(documents, settings),
        load_gazetteer(settings.gazetteer_file),
        load_vocabulary(settings.ontology_file),
    )


def analyze_documents(
    documents: Iterable[Document], settings: Settings
) -> Iterator[DocumentAnalysis]:
    """Run the NLP stage over a stream of documents."""
    nlp = build_pipeline(settings)
    yield from analyze(nlp, documents, batch_size=settings.batch_size)
