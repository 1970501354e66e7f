"""A read-only SPARQL 1.1 Protocol endpoint over the store of an output folder.

``GET /sparql?query=...`` and ``POST /sparql`` (``application/x-www-form-urlencoded`` or
``application/sparql-query``) answer queries with content negotiation: SPARQL JSON (default),
XML, CSV or TSV for SELECT and ASK; Turtle (default) or N-Triples for CONSTRUCT and DESCRIBE.
``GET /`` is a small page to type a query in a browser.

It is meant to be safe to leave running:

* read-only: SPARQL Update is refused with 403, and so is ``SERVICE`` (no calls to other hosts);
* every query runs in a worker process (:class:`aikg.sparql.QueryPool`) and is cut off after
  ``timeout`` seconds, while the other workers keep serving;
* results are capped at ``max_rows`` (the ``X-SPARQL-MaxRows`` header says when a result was
  cut), request bodies at ``max_request_bytes``;
* it binds to 127.0.0.1 unless told otherwise, and sends no CORS header unless given an origin;
* a new ``aikg extract`` into the folder is picked up by the next query;
* with ``in_memory``, each worker answers from a copy of the store in memory, made at start and
  again when a new extraction is published: joins and aggregates run several times faster,
  for about 400 MB per million triples in each worker.

The standard library's threading HTTP server is enough here: the work happens in the query
workers, and the endpoint adds no dependency.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from aikg.errors import AikgError
from aikg.sparql import (
    DEFAULT_LIMIT,
    DEFAULT_TIMEOUT,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Answer,
    QueryError,
    QueryPool,
    render,
)
from aikg.store import store_path

MAX_REQUEST_BYTES = 1_000_000
_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"
_STATUS = {
    "syntax": HTTPStatus.BAD_REQUEST,
    "usage": HTTPStatus.BAD_REQUEST,
    "format": HTTPStatus.NOT_ACCEPTABLE,
    "refused": HTTPStatus.FORBIDDEN,
    "timeout": HTTPStatus.SERVICE_UNAVAILABLE,
    "busy": HTTPStatus.SERVICE_UNAVAILABLE,
    "store": HTTPStatus.INTERNAL_SERVER_ERROR,
}


@dataclass(frozen=True)
class EndpointConfig:
    out_dir: Path
    base_iri: str
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_LIMIT
    max_request_bytes: int = MAX_REQUEST_BYTES
    cors_origin: str | None = None
    in_memory: bool = False


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; :meth:`serve_forever` to run, :meth:`close` to stop and free workers."""

    daemon_threads = True

    def __init__(
        self, config: EndpointConfig, host: str, port: int, workers: int, verbose: bool = False
    ) -> None:
        store = store_path(config.out_dir)  # fail now, not at the first query, if no store
        self.config = config
        self.verbose = verbose
        self.pool = QueryPool(workers, in_memory=config.in_memory)
        try:
            if config.in_memory:
                self.pool.preload(store, config.base_iri)
            super().__init__((host, port), _Handler)
        except BaseException:
            self.pool.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self.pool.close()


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the endpoint on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "aikg"
    protocol_version = "HTTP/1.1"

    # ------------------------------------------------------------------ routes

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, _page(), "text/html; charset=utf-8")
        elif url.path == "/sparql":
            self._answer(parse_qs(url.query, keep_blank_values=True))
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such page: {url.path}")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no such page: {url.path}")
            return
        body = self._body()
        if body is None:
            return
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if kind == _FORM:
            params.update(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif kind == _QUERY_BODY:
            params["query"] = [body.decode("utf-8", "replace")]
        elif kind == _UPDATE_BODY:
            params["update"] = [""]
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"send the query as {_FORM} or {_QUERY_BODY}, not {kind or 'nothing'}",
            )
            return
        self._answer(params)

    do_HEAD = do_GET

    def do_OPTIONS(self) -> None:
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")

    def do_PUT(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT

    # ------------------------------------------------------------------ the protocol

    def _answer(self, params: dict[str, list[str]]) -> None:
        config = self.server.config
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update refused")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter")
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._error(HTTPStatus.BAD_REQUEST, "default-graph-uri/named-graph-uri: not supported")
            return
        try:
            answer = self.server.pool.run(
                store_path(config.out_dir),
                queries[0],
                base_iri=config.base_iri,
                timeout=config.timeout,
                limit=config.max_rows,
            )
            fmt, media_type = self._negotiate(answer, params)
            body = render(answer, fmt, config.base_iri)
        except QueryError as err:
            self._error(_STATUS.get(err.kind, HTTPStatus.BAD_REQUEST), str(err))
            return
        except AikgError as err:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(err))
            return
        extra = {"X-SPARQL-MaxRows": str(config.max_rows)} if answer.truncated else {}
        self._send(HTTPStatus.OK, body, media_type, extra)

    def _negotiate(self, answer: Answer, params: dict[str, list[str]]) -> tuple[str, str]:
        """The format to answer in: a ``format``/``output`` parameter naming one, else the best
        the Accept header allows, else the default (JSON for results, Turtle for graphs)."""
        formats = GRAPH_FORMATS if answer.form == "graph" else RESULT_FORMATS
        by_type = {media: name for name, (_, media) in formats.items()}
        by_type |= {"application/json": "json", "text/xml": "xml", "application/xml": "xml"}
        if answer.form == "graph":
            by_type |= {"text/plain": "ntriples", "application/x-turtle": "turtle"}
        for key in ("format", "output", "results"):
            for value in params.get(key, []):
                name = by_type.get(value, value)
                if name in formats:
                    return name, formats[name][1]
        accepted = _accepted(self.headers.get("Accept", "*/*"))
        for media in accepted:
            if media in by_type:
                name = by_type[media]
                return name, formats[name][1]
            if media in ("*/*", "application/*", "text/*"):
                break
        else:
            if accepted:
                raise QueryError(
                    f"cannot answer in {', '.join(accepted)}; "
                    f"try {', '.join(m for _, m in formats.values())}",
                    "format",
                )
        default = "turtle" if answer.form == "graph" else "json"
        return default, formats[default][1]

    # ------------------------------------------------------------------ plumbing

    def _body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
            return None
        if length > self.server.config.max_request_bytes:
            self._error(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body over {self.server.config.max_request_bytes} bytes",
            )
            self.close_connection = True
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8")

    def _send(
        self, status: HTTPStatus, body: bytes, media_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        origin = self.server.config.cors_origin
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet by default; ``aikg serve --verbose`` logs each request."""
        if self.server.verbose:
            super().log_message(format, *args)


def _accepted(header: str) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, q=0 dropped).

    >>> _accepted("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1")
    ['application/sparql-results+json', 'text/csv', '*/*']
    """
    ranked = []
    for position, item in enumerate(header.split(",")):
        media, *options = (part.strip() for part in item.split(";"))
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def _page() -> bytes:
    return files("aikg").joinpath("endpoint.html").read_bytes()
