"""``aikg query``: ask the SPARQL store of an output folder a question."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from aikg.cli.output import fail, load_settings, stdout, warn
from aikg.corpus import decode_text
from aikg.errors import AikgError
from aikg.queries import NamedQuery, load_queries
from aikg.sparql import (
    DEFAULT_TIMEOUT,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Answer,
    QueryPool,
    render,
    short_form,
)
from aikg.store import store_path

FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)


def query_command(
    out: Annotated[
        Path | None, typer.Argument(help="Output folder of `aikg extract` (holds store/).")
    ] = None,
    query: Annotated[str | None, typer.Argument(help="A SPARQL query.", show_default=False)] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-F", help="Read the query from this file.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Run a named query (see --list).")
    ] = None,
    params: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for a named query; repeat for several."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="table, json, xml, csv, tsv (SELECT/ASK, W3C formats); turtle, ntriples "
            "(CONSTRUCT/DESCRIBE).",
        ),
    ] = "table",
    timeout: Annotated[
        float, typer.Option(help="Seconds before the query is cancelled.", min=0.1)
    ] = DEFAULT_TIMEOUT,
    limit: Annotated[
        int, typer.Option(help="Most rows or triples to return; 0 for no limit.", min=0)
    ] = 1000,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the named queries and their parameters.")
    ] = False,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) against OUT/store.

    The ontology's prefixes are predeclared (aikg:, skos:, prov:, rdf:, rdfs:, owl:, xsd:, wd:,
    and id: for entities); the default graph is the union of the data and the ontology.
    """
    settings = load_settings()
    try:
        library = load_queries(settings.queries_dir)
    except AikgError as err:
        fail(str(err))
    if list_queries:
        _list(library)
        return
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if out is None:
        fail("missing OUT, the output folder of `aikg extract`")
    text = _query_text(query, file, name, params or [], library)
    try:
        with QueryPool(workers=1) as pool:
            answer = pool.run(
                store_path(out),
                text,
                base_iri=settings.base_iri,
                timeout=timeout,
                limit=limit or None,
            )
        _print(answer, fmt, settings.base_iri)
    except AikgError as err:
        fail(str(err))
    if answer.truncated:
        warn(f"showing the first {limit} results; --limit 0 shows all")


def _query_text(
    query: str | None,
    file: Path | None,
    name: str | None,
    params: list[str],
    library: dict[str, NamedQuery],
) -> str:
    given = [
        option for option, value in (("QUERY", query), ("--file", file), ("--name", name)) if value
    ]
    if len(given) != 1:
        fail("give exactly one of QUERY, --file or --name")
    if params and name is None:
        fail("--param goes with --name")
    if file is not None:
        try:
            text = decode_text(file.read_bytes())
        except OSError as err:
            fail(f"{file}: cannot read query: {err.strerror or err}")
        except ValueError as err:  # the same checks as for documents: binary, not UTF-8
            fail(f"{file}: cannot read query: {err}")
        if not text.strip():
            fail(f"{file}: empty query")
        return text
    if name is not None:
        if name not in library:
            fail(f"no named query {name!r}; known: {', '.join(library)}")
        values = {}
        for item in params:
            key, sep, value = item.partition("=")
            if not sep or not key:
                fail(f"--param {item!r}: expected NAME=VALUE")
            values[key] = value
        try:
            return library[name].text_with(values)
        except AikgError as err:
            fail(str(err))
    if not (query or "").strip():
        fail("empty query")
    return query or ""


def _print(answer: Answer, fmt: str, base_iri: str) -> None:
    if fmt != "table":
        sys.stdout.buffer.write(render(answer, fmt, base_iri))
        sys.stdout.flush()
    elif answer.form == "graph":
        sys.stdout.buffer.write(render(answer, "turtle", base_iri))
        sys.stdout.flush()
    elif answer.form == "ask":
        stdout.print("yes" if answer.json()["boolean"] else "no")
    else:
        results = answer.json()
        names = results["head"]["vars"]
        table = Table(*names, show_lines=False)
        for row in results["results"]["bindings"]:
            table.add_row(*(short_form(row[n], base_iri) if n in row else "" for n in names))
        stdout.print(table)
        count = len(results["results"]["bindings"])
        stdout.print(f"{count} row{'s' if count != 1 else ''}", style="dim")


def _list(library: dict[str, NamedQuery]) -> None:
    table = Table("name", "what it answers", "parameters")
    for query in library.values():
        described = "\n".join(
            f"{p}{' (required)' if p in query.required else ''}: {d}"
            for p, d in query.params.items()
        )
        table.add_row(query.name, query.title, described)
    stdout.print(table)
