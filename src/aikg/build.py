"""The pipeline end to end: corpus -> NLP -> resolution -> :class:`KnowledgeGraph` -> exports
and store."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from aikg.cache import CACHE_FILE, AnalysisCache, document_key, pipeline_fingerprint
from aikg.config import Settings
from aikg.corpus import ReadOptions, read_documents
from aikg.errors import DocumentError
from aikg.export import (
    SCRATCH_PREFIX,
    ExportSource,
    atomic_write,
    ensure_writable,
    exporters,
    get_exporter,
    write_outputs,
)
from aikg.export.rdf import from_rdf
from aikg.gazetteer import load_gazetteer
from aikg.model import Document, DocumentAnalysis, GraphCounts, KnowledgeGraph
from aikg.ontology import load_vocabulary
from aikg.parallel import analyze_stream, release_pipelines
from aikg.resolve import AnalysisSource, resolve
from aikg.store import STORE_LINK, dump_instances, publish_store

_COMMIT_EVERY = 16
_RELEASE_AFTER = 1000
"""Documents parsed in a run from which on the spaCy pipeline is let go before resolution: its
memory then serves the graph and the exports, and loading it again in a later run of the same
process (a test suite, a notebook) costs a second or two, nothing beside such a run. Below it
the graph is small, the peak is the NLP's own, and the full garbage collection that frees the
pipeline (0.2 s) would cost more than it saves."""
_STATE_FILE = ".aikg-state"
"""What the exports and the store of an output folder were made from (see _up_to_date)."""

ProgressCallback = Callable[[DocumentAnalysis], None]


@dataclass
class ExtractionResult:
    """The graph, the documents that could not be read, and how long it took."""

    resolved: KnowledgeGraph | Callable[[], KnowledgeGraph] = field(repr=False)
    """The graph, or how to read it when asked. Extracting into a folder lets the graph go
    once the exports are written (the store's load and a large corpus's graph never share
    memory), and a run that finds its folder up to date reads nothing; either reads the graph
    back from the folder's store if its caller looks."""
    errors: list[DocumentError] = field(default_factory=list)
    seconds: float = 0.0
    read: int = 0
    """Documents read by this run (the graph of an output folder may hold more)."""
    reused: int = 0
    """Documents whose cached analysis was reused instead of parsing them again."""
    known_counts: GraphCounts | None = None

    @property
    def graph(self) -> KnowledgeGraph:
        if callable(self.resolved):
            self.resolved = self.resolved()
        return self.resolved

    @property
    def counts(self) -> GraphCounts:
        """What the graph holds, counted, without reading it back when that is known."""
        if self.known_counts is None:
            self.known_counts = self.graph.counts()
        return self.known_counts


def extract(
    inputs: Iterable[Path | str],
    settings: Settings | None = None,
    *,
    on_document: ProgressCallback | None = None,
    on_error: Callable[[DocumentError], None] | None = None,
    read_options: ReadOptions | None = None,
) -> ExtractionResult:
    """Extract a knowledge graph from files, folders and JSON Lines files.

    Unreadable documents are skipped and reported in ``result.errors`` (and to ``on_error`` as
    they happen); ``on_document`` is called after each document is analysed.
    """
    settings = settings or Settings()
    started = time.perf_counter()
    errors: list[DocumentError] = []

    analyses = []
    documents = _readable(inputs, read_options, errors, on_error)
    for analysis in analyze_stream(documents, settings):
        analyses.append(analysis)
        if on_document is not None:
            on_document(analysis)
    graph = _resolve(analyses, settings)
    return ExtractionResult(graph, errors=errors, seconds=time.perf_counter() - started)


def extract_into(
    inputs: Iterable[Path | str],
    out_dir: Path,
    settings: Settings | None = None,
    *,
    formats: Iterable[str] | None = None,
    fresh: bool = False,
    jobs: int = 1,
    scheduler: str | None = None,
    on_document: ProgressCallback | None = None,
    on_error: Callable[[DocumentError], None] | None = None,
    read_options: ReadOptions | None = None,
) -> ExtractionResult:
    """Extract documents into an output folder: its exports and its SPARQL store.

    The folder's graph covers every document extracted into it, not only this run's: analyses
    are cached in ``OUT/analyses.sqlite`` (an unchanged document is not parsed again), and the
    graph is resolved from all of them, so more documents add to it, a re-extracted document
    replaces its own facts, and a document deleted from a folder (or a record from a file) read
    again takes its facts with it. With ``fresh``, documents this run did not read are forgotten.
    A run that reads no document changes nothing. The NLP stage runs on ``jobs`` processes, or
    on a Dask cluster (``scheduler``, see :func:`aikg.parallel.analyze_stream`).
    """
    settings = settings or Settings()
    started = time.perf_counter()
    ensure_writable(out_dir)
    cache = AnalysisCache(out_dir / CACHE_FILE)
    fingerprint = pipeline_fingerprint(settings)
    errors: list[DocumentError] = []
    keys: dict[str, str] = {}
    origins: dict[str, str | None] = {}
    reused = 0

    def to_parse() -> Iterator[Document]:
        nonlocal reused
        for item in _readable(inputs, read_options, errors, on_error):
            keys[item.id] = document_key(item.text, fingerprint, item.date)
            origins[item.id] = _origin(item.source)
            cached = cache.get(item.id, keys[item.id])
            if cached is None:
                yield item
                continue
            reused += 1
            if on_document is not None:
                on_document(cached)

    try:
        batch: list[tuple[str, DocumentAnalysis, str | None]] = []
        for analysis in analyze_stream(to_parse(), settings, jobs=jobs, scheduler=scheduler):
            batch.append((keys[analysis.document], analysis, origins[analysis.document]))
            if on_document is not None:
                on_document(analysis)
            if len(batch) >= _COMMIT_EVERY:
                cache.put(batch)  # a killed run keeps what it has parsed
                batch = []
        cache.put(batch)
        if len(keys) - reused >= _RELEASE_AFTER:
            release_pipelines()
        if not keys:
            return ExtractionResult(KnowledgeGraph(), errors, time.perf_counter() - started)
        if fresh:
            cache.keep_only(set(keys))
        else:  # a file deleted from a folder read again takes its facts with it
            cache.forget_missing((Path(p).resolve() for p in inputs if Path(p).exists()), set(keys))
        wanted = list(formats or exporters())
        state = f"{cache.state()} {settings.base_iri} {' '.join(sorted(wanted))}"
        counts = _up_to_date(out_dir, state, wanted)
        if counts is not None:
            seconds = time.perf_counter() - started
            return ExtractionResult(
                lambda: read_graph(out_dir), errors, seconds, len(keys), reused, counts
            )
        graph = _resolve(cache.analyses, settings)  # read afresh by each pass, never all held
    finally:
        cache.close()
    for stale in out_dir.glob(f"{SCRATCH_PREFIX}*"):  # left by a killed run
        stale.unlink(missing_ok=True)
    counts = graph.counts()
    with ExportSource(graph, settings, out_dir) as source:  # N-Triples once, files and store
        del graph
        write_outputs(source, out_dir, wanted)
        publish_store(out_dir, source.release_graph(), settings.ontology_file)
    made = {"made_from": state, "counts": counts.model_dump()}
    atomic_write(out_dir / _STATE_FILE, json.dumps(made).encode())
    seconds = time.perf_counter() - started
    return ExtractionResult(lambda: read_graph(out_dir), errors, seconds, len(keys), reused, counts)


def _readable(
    inputs: Iterable[Path | str],
    read_options: ReadOptions | None,
    errors: list[DocumentError],
    on_error: Callable[[DocumentError], None] | None,
) -> Iterator[Document]:
    """The documents of the inputs; each unreadable one is recorded in ``errors`` and reported
    to ``on_error`` as it is met."""
    for item in read_documents((Path(p) for p in inputs), read_options):
        if isinstance(item, DocumentError):
            errors.append(item)
            if on_error is not None:
                on_error(item)
        else:
            yield item


def _resolve(
    analyses: Iterable[DocumentAnalysis] | AnalysisSource, settings: Settings
) -> KnowledgeGraph:
    return resolve(
        analyses, load_gazetteer(settings.gazetteer_file), load_vocabulary(settings.ontology_file)
    )


def _origin(source: str) -> str | None:
    """The absolute path of the file a document came from ("feed.jsonl:12" -> feed.jsonl)."""
    for candidate in (source, source.rpartition(":")[0]):
        if candidate and Path(candidate).is_file():
            return str(Path(candidate).resolve())
    return None


def _up_to_date(out_dir: Path, state: str, formats: list[str]) -> GraphCounts | None:
    """The counts of the folder's graph if its exports and store already show exactly these
    analyses (a re-run over unchanged documents then writes nothing at all), else None."""
    try:
        recorded = json.loads((out_dir / _STATE_FILE).read_text(encoding="utf-8"))
        counts = GraphCounts.model_validate(recorded["counts"])
    except (OSError, ValueError, TypeError, KeyError):  # none, or of an older aikg
        return None
    exports = [out_dir / get_exporter(name).filename for name in formats]
    current = (
        recorded.get("made_from") == state
        and all(path.is_file() for path in exports)
        and (out_dir / STORE_LINK).exists()
    )
    return counts if current else None


def read_graph(out_dir: Path) -> KnowledgeGraph:
    """The graph of an output folder, read back from its SPARQL store."""
    return from_rdf(Graph().parse(data=dump_instances(out_dir), format="nt"))


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
    return _resolve(analyze_stream(documents, settings), settings)
