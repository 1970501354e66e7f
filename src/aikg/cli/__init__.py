"""The ``aikg`` command: a thin shell over the library, one module per command.

Exit codes: 0 all good, 1 some documents were skipped, 2 usage error or nothing could be done.
Library errors become one line on stderr, never a traceback.
"""

from __future__ import annotations

import typer

from aikg.cli import evaluate, extract, query, serve, viz

app = typer.Typer(
    name="aikg",
    help="Build a typed, queryable knowledge graph of the AI industry from news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract.extract_command)
app.command("evaluate")(evaluate.evaluate_command)
app.command("query")(query.query_command)
app.command("serve")(serve.serve_command)
app.command("viz")(viz.viz_command)


@app.callback()
def _root() -> None:
    """Build a typed, queryable knowledge graph of the AI industry from news text."""


def main() -> None:
    app()
