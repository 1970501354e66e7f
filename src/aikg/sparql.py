"""SPARQL over the store: run a query safely, render its results in the W3C formats.

Used by ``aikg query`` and by the ``aikg serve`` endpoint. A query:

* sees the ontology's prefixes predeclared (``aikg:``, ``skos:``, ``prov:``, ``id:`` ...) and the
  union of the store's graphs as its default graph;
* runs in a worker process (:class:`QueryPool`), so a pathological one is cut off after
  ``timeout`` seconds and can neither take the caller down nor leave memory behind;
* returns at most ``limit`` rows or triples (``truncated`` says when there were more);
* can be answered from a copy of the store in the worker's memory (``in_memory``): Oxigraph's
  on-disk store pays a RocksDB seek for every probe of a join, its in-memory store does not;
* is read-only: the store is opened read-only, SPARQL Update is not a query, and ``SERVICE``
  (a call to another host) is refused before anything runs.

Results travel as SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE); :func:`render`
turns them into the requested format with pyoxigraph's own serializers.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.process
import queue
import re
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

from pyoxigraph import (
    BlankNode,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from aikg.errors import AikgError

VOCABULARY_PREFIXES = {
    "aikg": "https://aikg.example.org/ontology#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": "http://www.wikidata.org/entity/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

RESULT_FORMATS = {
    "json": (QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (QueryResultsFormat.CSV, "text/csv"),
    "tsv": (QueryResultsFormat.TSV, "text/tab-separated-values"),
}
GRAPH_FORMATS = {
    "turtle": (RdfFormat.TURTLE, "text/turtle"),
    "ntriples": (RdfFormat.N_TRIPLES, "application/n-triples"),
}

DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000
LOAD_TIMEOUT = 3600.0
"""Most seconds a worker may take to copy a store into memory (a million triples take ~7)."""
_LOADING = "aikg:loading"
_LOADED = "aikg:loaded"

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class QueryError(AikgError):
    """The query cannot be run: a syntax error, a refused operation, a timeout."""

    def __init__(self, message: str, kind: str = "syntax") -> None:
        super().__init__(message)
        self.kind = kind  # "syntax", "refused", "timeout", "format" or "store"

    def __reduce__(self) -> tuple[type[QueryError], tuple[str, str]]:
        return (QueryError, (str(self), self.kind))  # sent back from the query process


def prefixes(base_iri: str) -> dict[str, str]:
    """The prefixes every query may use: the vocabulary's and ``id:`` for entities."""
    return {**VOCABULARY_PREFIXES, "id": f"{base_iri}entity/"}


@dataclass(frozen=True)
class Answer:
    """A query's results: SPARQL JSON for SELECT and ASK, N-Triples for CONSTRUCT/DESCRIBE."""

    form: Literal["select", "ask", "graph"]
    body: bytes
    truncated: bool = False

    def json(self) -> dict[str, Any]:
        """The SELECT/ASK results as the W3C JSON structure."""
        if self.form == "graph":
            raise ValueError("a CONSTRUCT or DESCRIBE answer has no JSON results")
        return json.loads(self.body)


def check_query(query: str) -> None:
    """Refuse what a read-only, local endpoint must not run: ``SERVICE`` calls other hosts.

    >>> check_query("SELECT ?service WHERE { ?s aikg:service ?service }")
    >>> check_query("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    aikg.sparql.QueryError: SERVICE (federated query) is not allowed here
    """
    if _SERVICE.search(_code_only(query)):
        raise QueryError("SERVICE (federated query) is not allowed here", "refused")


def run_query(
    store_dir: Path,
    query: str,
    *,
    base_iri: str,
    limit: int | None = DEFAULT_LIMIT,
) -> Answer:
    """Run a query in this process, without a timeout (:class:`QueryPool` has one)."""
    check_query(query)
    return _execute(_open(store_dir), query, base_iri, limit)


def _open(store_dir: Path) -> Store:
    try:
        return Store.read_only(str(store_dir))
    except OSError as err:
        raise QueryError(f"{store_dir}: cannot open the SPARQL store: {err}", "store") from err


def memory_copy(store: Store) -> Store:
    """An in-memory store holding every quad of ``store`` (its graphs kept)."""
    copy = Store()
    copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return copy


def _execute(store: Store, query: str, base_iri: str, limit: int | None) -> Answer:
    try:
        result = store.query(query, prefixes=prefixes(base_iri), use_default_graph_as_union=True)
        return _answer(result, limit)
    except SyntaxError as err:
        raise QueryError(f"syntax error: {_one_line(str(err))}") from err
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(f"query failed: {err}", "store") from err


class QueryPool:
    """Worker processes that run queries, each cut off after its timeout.

    A query runs in a worker, never in the caller: a pathological one is killed (and its
    worker replaced) when its time is up, while other workers go on serving. Workers keep
    the store open between queries and reopen it when ``aikg extract`` has published a new one.
    With ``in_memory``, each worker copies the store into memory when it first needs it (the
    copy's time does not count against a query's timeout) and answers from the copy.

    >>> pool = QueryPool(workers=1)
    >>> pool.close()
    """

    def __init__(self, workers: int = 1, in_memory: bool = False) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self.in_memory = in_memory
        for _ in range(max(1, workers)):
            self._idle.put(self._start())

    def preload(self, store_dir: Path, base_iri: str) -> None:
        """Have every worker open (with ``in_memory``, copy) the store now, not at its first
        query: a server is ready to answer quickly once it says it is listening."""
        workers = [self._idle.get() for _ in range(self._idle.qsize())]
        healthy = {id(worker): False for worker in workers}
        try:
            for worker in workers:
                worker.connection.send((store_dir, "ASK {}", base_iri, None))
            for worker in workers:
                outcome = self._receive(worker, LOAD_TIMEOUT)
                healthy[id(worker)] = True
                if isinstance(outcome, QueryError):
                    raise outcome
        except (EOFError, OSError) as err:  # a worker died (out of memory, killed)
            raise QueryError(f"{store_dir}: a query process ended while loading", "store") from err
        finally:
            for worker in workers:  # one that did not answer may still be busy: replace it
                self._idle.put(worker if healthy[id(worker)] else self._replace(worker))

    def run(
        self,
        store_dir: Path,
        query: str,
        *,
        base_iri: str,
        timeout: float = DEFAULT_TIMEOUT,
        limit: int | None = DEFAULT_LIMIT,
    ) -> Answer:
        """Run a query; raise :class:`QueryError` on a bad query or when time runs out."""
        check_query(query)
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryError(f"no query worker free within {timeout:g} s", "busy") from None
        healthy = False
        try:
            worker.connection.send((store_dir, query, base_iri, limit))
            outcome = self._receive(worker, timeout)
            healthy = True
        except (EOFError, OSError) as err:  # the worker died (out of memory, killed)
            raise QueryError("the query process ended without an answer", "store") from err
        finally:
            if self._closed:
                worker.process.kill()
            else:
                self._idle.put(worker if healthy else self._replace(worker))
        if isinstance(outcome, QueryError):
            raise outcome
        return outcome

    @staticmethod
    def _receive(worker: _Worker, timeout: float) -> Answer | QueryError:
        """The worker's answer within ``timeout`` seconds of its starting on the query: a copy
        of a newly published store into memory is waited for on its own, up to LOAD_TIMEOUT."""

        def message(seconds: float, late: str) -> Any:
            if not worker.connection.poll(seconds):
                raise QueryError(late, "timeout")
            return worker.connection.recv()

        cancelled = f"query cancelled after {timeout:g} s"
        outcome = message(timeout, cancelled)
        if outcome == _LOADING:
            message(LOAD_TIMEOUT, f"the store took over {LOAD_TIMEOUT:g} s to load")  # _LOADED
            outcome = message(timeout, cancelled)
        return outcome  # type: ignore[no-any-return]

    def close(self) -> None:
        self._closed = True
        while not self._idle.empty():
            worker = self._idle.get_nowait()
            worker.connection.close()
            worker.process.kill()
            worker.process.join()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs, self.in_memory), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def _replace(self, worker: _Worker) -> _Worker:
        worker.process.kill()
        worker.process.join()
        worker.connection.close()
        return self._start()


def render(answer: Answer, fmt: str, base_iri: str) -> bytes:
    """The answer in a W3C format: json/xml/csv/tsv for results, turtle/ntriples for graphs."""
    if answer.form == "graph":
        if fmt not in GRAPH_FORMATS:
            raise QueryError(
                f"a CONSTRUCT or DESCRIBE result is written as {' or '.join(GRAPH_FORMATS)}, "
                f"not {fmt}",
                "format",
            )
        if fmt == "ntriples":
            return answer.body
        triples = parse(answer.body, format=RdfFormat.N_TRIPLES)
        return serialize(triples, format=RdfFormat.TURTLE, prefixes=prefixes(base_iri)) or b""
    if fmt not in RESULT_FORMATS:
        raise QueryError(
            f"a SELECT or ASK result is written as {', '.join(RESULT_FORMATS)}, not {fmt}",
            "format",
        )
    if fmt == "json":
        return answer.body
    parsed = parse_query_results(answer.body, format=QueryResultsFormat.JSON)
    return parsed.serialize(format=RESULT_FORMATS[fmt][0]) or b""


def short_form(term: dict[str, Any], base_iri: str) -> str:
    """A readable rendering of a JSON result term: ``id:DeepSeek``, ``"text"``, ``0.9``.

    >>> short_form({"type": "uri", "value": "https://aikg.example.org/ontology#founded"}, "x/")
    'aikg:founded'
    """
    if term["type"] == "uri":
        iri = term["value"]
        for prefix, namespace in sorted(prefixes(base_iri).items(), key=lambda item: -len(item[1])):
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", local):
                return f"{prefix}:{local}"
        return f"<{iri}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    if term["type"] == "triple":
        parts = (short_form(term["value"][k], base_iri) for k in ("subject", "predicate", "object"))
        return "<< " + " ".join(parts) + " >>"
    return str(term["value"])


# ---------------------------------------------------------------------- internals


@dataclass(frozen=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection


def _serve(connection: Connection, in_memory: bool) -> None:
    """A worker's loop: answer queries until the pool closes the connection."""
    stores: dict[Path, Store] = {}
    while True:
        try:
            store_dir, query, base_iri, limit = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if store_dir not in stores:  # a new store was published: drop the old one
                stores.clear()
                if in_memory:
                    connection.send(_LOADING)
                    try:
                        stores[store_dir] = memory_copy(_open(store_dir))
                    finally:
                        connection.send(_LOADED)
                else:
                    stores[store_dir] = _open(store_dir)
            outcome: Answer | QueryError = _execute(stores[store_dir], query, base_iri, limit)
        except QueryError as err:
            outcome = err
        except Exception as err:  # a worker outlives any one query
            outcome = QueryError(f"query failed: {type(err).__name__}: {err}", "store")
        connection.send(outcome)


def _answer(result: Any, limit: int | None) -> Answer:
    if isinstance(result, QueryBoolean):
        return Answer("ask", result.serialize(format=QueryResultsFormat.JSON) or b"")
    if isinstance(result, QuerySolutions):
        names = [variable.value for variable in result.variables]
        rows = list(islice(result, None if limit is None else limit + 1))
        truncated = limit is not None and len(rows) > limit
        bindings = [
            {name: _term(row[name]) for name in names if row[name] is not None}
            for row in rows[:limit]
        ]
        body = {"head": {"vars": names}, "results": {"bindings": bindings}}
        return Answer("select", json.dumps(body, ensure_ascii=False).encode(), truncated)
    triples = list(islice(result, None if limit is None else limit + 1))
    truncated = limit is not None and len(triples) > limit
    body = serialize(triples[:limit], format=RdfFormat.N_TRIPLES) or b""
    return Answer("graph", body, truncated)


def _term(term: Any) -> dict[str, Any]:
    """A term in the W3C SPARQL 1.1 JSON results format."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term(term.subject),
                "predicate": _term(term.predicate),
                "object": _term(term.object),
            },
        }
    literal: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        literal["xml:lang"] = term.language
    elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
        literal["datatype"] = term.datatype.value
    return literal


_SERVICE = re.compile(r"(?<![\w:?$])service(?![\w:-])", re.IGNORECASE)
_NOT_CODE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)


def _one_line(message: str, width: int = 200) -> str:
    """The parser's message ("error at 3:7: expected one of ...", which names the line and
    column) on one line, its list of expected tokens cut short."""
    flat = " ".join(message.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked out, so keywords can be searched."""
    return _NOT_CODE.sub(" ", query)
