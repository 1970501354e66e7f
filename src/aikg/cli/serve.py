"""``aikg serve``: a read-only SPARQL 1.1 endpoint over the store of an output folder."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Annotated

import typer

from aikg.cli.output import fail, load_settings, stdout, warn
from aikg.errors import AikgError
from aikg.server import MAX_REQUEST_BYTES, EndpointConfig, SparqlServer, is_loopback
from aikg.sparql import DEFAULT_LIMIT, DEFAULT_TIMEOUT
from aikg.store import store_path


def serve_command(
    out: Annotated[Path, typer.Argument(help="Output folder of `aikg extract` (holds store/).")],
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but loopback exposes the graph.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="TCP port (0: any free port).", min=0, max=65535)
    ] = 7878,
    timeout: Annotated[
        float, typer.Option(help="Seconds before a query is cancelled.", min=0.1)
    ] = DEFAULT_TIMEOUT,
    max_rows: Annotated[
        int, typer.Option(help="Most rows or triples in one answer.", min=1)
    ] = DEFAULT_LIMIT,
    max_request_bytes: Annotated[
        int, typer.Option(help="Largest request body accepted.", min=1024)
    ] = MAX_REQUEST_BYTES,
    workers: Annotated[
        int | None, typer.Option(help="Query worker processes (default: all cores).", min=1)
    ] = None,
    cors: Annotated[
        str | None,
        typer.Option(help="Allow browser pages from this origin (e.g. https://example.org)."),
    ] = None,
    in_memory: Annotated[
        bool,
        typer.Option(
            "--in-memory",
            help="Answer from a copy of the store in each worker's memory: joins and "
            "aggregates run several times faster, for ~400 MB per million triples per worker.",
        ),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each request.")] = False,
) -> None:
    """Serve OUT/store as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    GET and POST per the SPARQL 1.1 Protocol, with content negotiation (JSON, XML, CSV, TSV;
    Turtle, N-Triples). Updates and SERVICE are refused; each query has a timeout and a row
    cap. A later `aikg extract` into OUT is picked up without a restart. Ctrl-C stops it.
    With --in-memory, queries are answered from copies of the store in memory.
    """
    settings = load_settings()
    config = EndpointConfig(
        out_dir=out,
        base_iri=settings.base_iri,
        timeout=timeout,
        max_rows=max_rows,
        max_request_bytes=max_request_bytes,
        cors_origin=cors,
        in_memory=in_memory,
    )
    try:
        if in_memory:
            store_path(out)  # no store: say so before announcing a copy of it
            warn("copying the store into each worker's memory ...")
        server = SparqlServer(config, host, port, workers or os.cpu_count() or 1, verbose)
    except AikgError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot listen on {host}:{port}: {err.strerror or err}")
    if not is_loopback(host):
        warn(
            f"WARNING: listening on {host}, not loopback: anyone who can reach this machine "
            "can query the graph"
        )
    stdout.print(
        f"SPARQL endpoint at {server.url} (a query page at /); Ctrl-C stops it", soft_wrap=True
    )
    # Ctrl-C stops it even when started where SIGINT is ignored (a job a script put in the
    # background inherits SIG_IGN, which Python then keeps)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()
