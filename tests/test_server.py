"""``aikg serve`` end to end: a real HTTP endpoint on a free loopback port, queried with
SPARQLWrapper (a standard SPARQL client) and with plain HTTP for the refusals and limits."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from aikg.config import Settings
from aikg.server import EndpointConfig, SparqlServer

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FOUNDERS = "SELECT ?who WHERE { ?who aikg:founded id:DeepSeek }"
LIANG = "https://aikg.example.org/id/entity/Liang_Wenfeng"


def start(config: EndpointConfig, workers: int = 2) -> SparqlServer:
    server = SparqlServer(config, "127.0.0.1", 0, workers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def endpoint(corpus_out: Path, settings: Settings) -> Iterator[str]:
    config = EndpointConfig(corpus_out, settings.base_iri, timeout=2.0, max_rows=50)
    server = start(config)
    yield server.url
    server.close()


def client(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url, returnFormat=fmt)
    sparql.setQuery(query)
    return sparql


def http(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def form(query: str, key: str = "query") -> bytes:
    return urllib.parse.urlencode({key: query}).encode()


# ---------------------------------------------------------------------- a standard client


def test_server_answers_sparqlwrapper_select_in_json(endpoint: str) -> None:
    results = client(endpoint, FOUNDERS).queryAndConvert()
    assert [b["who"]["value"] for b in results["results"]["bindings"]] == [LIANG]


def test_server_answers_sparqlwrapper_in_xml_csv_and_by_post(endpoint: str) -> None:
    document = client(endpoint, FOUNDERS, XML).queryAndConvert()
    assert [node.firstChild.data for node in document.getElementsByTagName("uri")] == [LIANG]
    assert client(endpoint, FOUNDERS, CSV).queryAndConvert().decode().split() == ["who", LIANG]
    sparql = client(endpoint, FOUNDERS)
    sparql.setMethod(POST)
    assert sparql.queryAndConvert()["results"]["bindings"][0]["who"]["value"] == LIANG


def test_server_answers_ask_and_construct(endpoint: str) -> None:
    ask = client(endpoint, "ASK { id:Liang_Wenfeng aikg:founded id:DeepSeek }")
    assert ask.queryAndConvert()["boolean"] is True
    construct = client(endpoint, "CONSTRUCT WHERE { ?who aikg:founded id:DeepSeek }", TURTLE)
    graph = construct.queryAndConvert()
    graph = graph if isinstance(graph, Graph) else Graph().parse(data=graph, format="turtle")
    assert len(graph) == 1


def test_server_negotiates_formats_from_accept(endpoint: str) -> None:
    url = f"{endpoint}?{urllib.parse.urlencode({'query': FOUNDERS})}"
    status, headers, body = http(url, headers={"Accept": "text/tab-separated-values"})
    assert status == 200 and headers["Content-Type"] == "text/tab-separated-values"
    assert body.decode().split() == ["?who", f"<{LIANG}>"]
    status, _, _ = http(url, headers={"Accept": "image/png"})
    assert status == 406


def test_server_serves_a_query_page(endpoint: str) -> None:
    status, headers, body = http(endpoint.removesuffix("sparql"))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"<textarea" in body and b"/sparql" in body
    assert not re.search(rb"(src|href)=\"https?://", body)  # nothing fetched from elsewhere


# ---------------------------------------------------------------------- refusals and limits


def test_server_refuses_updates_with_403(endpoint: str) -> None:
    insert = "INSERT DATA { id:a aikg:founded id:b }"
    assert http(endpoint, form(insert, "update"))[0] == 403
    headers = {"Content-Type": "application/sparql-update"}
    assert http(endpoint, insert.encode(), headers)[0] == 403
    assert http(endpoint, form(insert))[0] == 400  # not a query
    ask = client(endpoint, "ASK { id:a aikg:founded id:b }").queryAndConvert()
    assert ask["boolean"] is False


def test_server_refuses_service_calls(endpoint: str) -> None:
    query = "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = http(endpoint, form(query))
    assert status == 403 and b"SERVICE" in body


def test_server_reports_syntax_errors_with_400(endpoint: str) -> None:
    status, _, body = http(endpoint, form("SELECT ?x WHERE {"))
    assert status == 400 and b"syntax error" in body


def test_server_caps_rows_and_says_so(endpoint: str) -> None:
    status, headers, _ = http(endpoint, form("SELECT ?s WHERE { ?s ?p ?o }"))
    assert status == 200 and headers.get("X-SPARQL-MaxRows") == "50"
    status, headers, _ = http(endpoint, form(FOUNDERS))
    assert "X-SPARQL-MaxRows" not in headers


def test_server_caps_request_size(corpus_out: Path, settings: Settings) -> None:
    server = start(EndpointConfig(corpus_out, settings.base_iri, max_request_bytes=2048), 1)
    try:
        status, _, _ = http(server.url, form("ASK {}" + " " * 5000))
        assert status == 413
        assert http(server.url, form("ASK {}"))[0] == 200
    finally:
        server.close()


def test_server_cuts_off_a_slow_query_and_keeps_serving(endpoint: str) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        slow = pool.submit(http, endpoint, form(RUNAWAY))
        time.sleep(0.2)
        quick = pool.submit(http, endpoint, form(FOUNDERS))
        assert quick.result()[0] == 200
        assert not slow.done()  # answered while the slow one was still running
        status, _, body = slow.result()
    assert status == 503 and b"cancelled after 2 s" in body
    assert http(endpoint, form(FOUNDERS))[0] == 200  # the killed worker was replaced


def test_server_sends_no_cors_header_unless_asked(
    endpoint: str, corpus_out: Path, settings: Settings
) -> None:
    assert "Access-Control-Allow-Origin" not in http(endpoint, form(FOUNDERS))[1]
    config = EndpointConfig(corpus_out, settings.base_iri, cors_origin="https://example.org")
    server = start(config, 1)
    try:
        headers = http(server.url, form(FOUNDERS))[1]
        assert headers["Access-Control-Allow-Origin"] == "https://example.org"
    finally:
        server.close()


def test_server_in_memory_answers_as_the_store_does_and_survives_a_timeout(
    endpoint: str, corpus_out: Path, settings: Settings
) -> None:
    config = EndpointConfig(corpus_out, settings.base_iri, timeout=2.0, max_rows=50, in_memory=True)
    server = start(config, 1)
    try:
        every = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
        on_disk = client(endpoint, every).queryAndConvert()
        in_memory = client(server.url, every).queryAndConvert()
        assert in_memory["results"]["bindings"] == on_disk["results"]["bindings"]
        classes = "ASK { aikg:Company rdfs:subClassOf aikg:Organization }"  # the ontology too
        assert client(server.url, classes).queryAndConvert()["boolean"] is True
        status, _, body = http(server.url, form(RUNAWAY))
        assert status == 503 and b"cancelled after 2 s" in body
        # the replacement worker copies the store again before answering, within its time
        assert http(server.url, form(FOUNDERS))[0] == 200
    finally:
        server.close()


# ---------------------------------------------------------------------- the command


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("sigint", ["default", "ignored"])
def test_serve_command_binds_loopback_and_stops_on_ctrl_c(corpus_out: Path, sigint: str) -> None:
    """Ctrl-C stops the server, also when it was started where SIGINT is ignored, as a job a
    script puts in the background is."""
    aikg = Path(sys.executable).with_name("aikg")
    process = subprocess.Popen(
        [str(aikg), "serve", str(corpus_out), "--port", "0", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        preexec_fn=_ignore_sigint if sigint == "ignored" else None,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        match = re.search(r"http://(127\.0\.0\.1):(\d+)/sparql", line)
        assert match, line
        url = match.group(0)
        assert http(url, form("ASK { ?s aikg:founded ?o }"))[0] == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)  # a bound, not a timing: a loaded machine is slow
    assert process.returncode == 0
    assert "Traceback" not in (process.stderr.read() if process.stderr else "")


def test_serve_command_without_a_store_fails_in_one_line(tmp_path: Path) -> None:
    aikg = Path(sys.executable).with_name("aikg")
    done = subprocess.run(
        [str(aikg), "serve", str(tmp_path), "--port", "0"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "no SPARQL store" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def _rss_kb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_server_load_concurrent_clients_no_errors_no_leak(endpoint: str) -> None:
    """Eight clients, 400 queries in all, on loopback: every answer right, memory flat."""
    queries = [FOUNDERS, "ASK { ?s aikg:founded ?o }", "SELECT ?s WHERE { ?s a aikg:Chip }"]

    def client_run(number: int) -> list[int]:
        return [http(endpoint, form(queries[(number + i) % 3]))[0] for i in range(50)]

    with ThreadPoolExecutor(max_workers=8) as pool:  # warm up: workers, caches, threads
        list(pool.map(client_run, range(8)))
    before = _rss_kb()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [s for batch in pool.map(client_run, range(8)) for s in batch]
    assert statuses == [200] * 400
    assert _rss_kb() - before < 20_000  # kB: no growth with the number of requests
