"""``aikg viz``: draw the graph of an output folder, or a part of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aikg.cli.output import fail, load_settings, stdout
from aikg.errors import AikgError
from aikg.ontology import load_vocabulary
from aikg.viz import FORMATS, ViewOptions, select, write_view


def viz_command(
    out: Annotated[Path, typer.Argument(help="Output folder of `aikg extract` (holds store/).")],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help=f"File to write; its suffix picks the format: {', '.join(FORMATS)}.",
        ),
    ],
    focus: Annotated[
        str | None, typer.Option(help="Draw only this entity's neighbourhood (name or alias).")
    ] = None,
    hops: Annotated[int, typer.Option(help="How far the neighbourhood reaches.", min=0)] = 2,
    min_confidence: Annotated[
        float, typer.Option(help="Leave out facts below this confidence.", min=0.0, max=1.0)
    ] = 0.0,
    types: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated classes to draw (subclasses included), e.g. Person,Organization."
        ),
    ] = None,
    predicates: Annotated[
        str | None, typer.Option(help="Comma-separated relations to draw, e.g. founded,leads.")
    ] = None,
) -> None:
    """Draw the graph: an interactive offline page (.html), an image (.svg, .png), or a file
    for Gephi (.gexf) or Cytoscape (.cyjs)."""
    from aikg.build import read_graph  # reads the store; loads no spaCy model

    settings = load_settings()
    options = ViewOptions(
        focus=focus,
        hops=hops,
        min_confidence=min_confidence,
        types=_split(types),
        predicates=_split(predicates),
    )
    try:
        vocabulary = load_vocabulary(settings.ontology_file)
        view = select(read_graph(out), vocabulary, options)
        write_view(view, settings, vocabulary, output)
    except AikgError as err:
        fail(str(err))
    stdout.print(
        f"wrote {output}: {len(view.entities)} entities, {len(view.relations)} relations",
        soft_wrap=True,
    )


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())
