"""``aikg evaluate``: precision, recall and F1 against gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from aikg.cli.output import fail, load_settings, stdout, warn
from aikg.config import Settings
from aikg.errors import AikgError
from aikg.model import KnowledgeGraph
from aikg.ontology import load_vocabulary

if TYPE_CHECKING:
    from aikg.evaluate import Counts, Report


def evaluate_command(
    gold_dir: Annotated[
        Path, typer.Argument(help="Folder with NAME.txt articles and NAME.gold.json files.")
    ],
    pred: Annotated[
        Path | None,
        typer.Option(help="Score this Turtle graph instead of extracting the folder afresh."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    show: Annotated[
        int, typer.Option(help="How many misses and false positives to list.", min=0)
    ] = 20,
) -> None:
    """Score extraction against gold annotations: entities and relations, overall, per type
    and per predicate, with the misses and false positives."""
    settings = load_settings()
    try:
        from aikg.evaluate import evaluate, load_gold  # not at import: `aikg` loads every command

        gold = load_gold(gold_dir)
        graph = _predicted(gold_dir, pred, settings)
        report = evaluate(graph, gold, load_vocabulary(settings.ontology_file))
    except AikgError as err:
        fail(str(err))
    if as_json:
        stdout.print_json(report.to_json())
    else:
        _print(report, show)


def _predicted(gold_dir: Path, pred: Path | None, settings: Settings) -> KnowledgeGraph:
    if pred is None:
        from aikg.build import extract  # spaCy loads only for the commands that parse text

        result = extract([gold_dir], settings)
        for error in result.errors:
            warn(f"skipped {error}")
        return result.graph
    try:
        from rdflib import Graph

        from aikg.export.rdf import from_rdf

        return from_rdf(Graph().parse(pred, format="turtle"))
    except FileNotFoundError:
        fail(f"{pred}: no such file")
    except Exception as err:  # rdflib raises many parser exception types
        fail(f"{pred}: not a Turtle graph written by aikg: {str(err).splitlines()[0]}")


def _table(title: str, rows: dict[str, Counts], *, precision_only: bool = False) -> Table:
    table = Table(title=title, title_justify="left")
    columns = ("", "P", "tp", "fp") if precision_only else ("", "P", "R", "F1", "tp", "fp", "fn")
    for column in columns:
        table.add_column(column, justify="left" if not column else "right")
    for name, counts in rows.items():
        cells = {
            "": name,
            "P": f"{counts.precision:.3f}",
            "R": f"{counts.recall:.3f}",
            "F1": f"{counts.f1:.3f}",
            "tp": str(counts.tp),
            "fp": str(counts.fp),
            "fn": str(counts.fn),
        }
        table.add_row(*(cells[column] for column in columns))
    return table


def _print(report: Report, show: int) -> None:
    stdout.print(
        _table(
            f"{report.documents} gold documents",
            {
                "entities (typed)": report.entities,
                "relations": report.relations,
                "qualifiers of matched relations": report.qualifiers,
                "attributes of matched entities": report.attributes,
            },
        )
    )
    stdout.print(_table("entities by type", dict(sorted(report.by_type.items()))))
    stdout.print(_table("relations by predicate", dict(sorted(report.by_predicate.items()))))
    stdout.print(
        _table(
            "precision by relation confidence (calibration)",
            dict(sorted(report.calibration.items())),
            precision_only=True,
        )
    )
    stdout.print(_table("qualifiers by key", dict(sorted(report.by_qualifier.items()))))
    stdout.print(_table("attributes by name", dict(sorted(report.by_attribute.items()))))
    for title, items in (("misses", report.misses), ("false positives", report.false_positives)):
        if items and show:
            stdout.print(f"[bold]{title}[/bold] ({len(items)}, first {min(show, len(items))})")
            for item in items[:show]:
                stdout.print(f"  {item['doc']}: {item['kind']} {item['item']}", markup=False)
