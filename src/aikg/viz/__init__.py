"""Pictures of the graph: an interactive page, static images, and files for Gephi and Cytoscape.

:func:`write_view` picks the format from the file name: ``.html`` (a self-contained, offline
page), ``.svg``/``.png`` (laid out by Graphviz), ``.gexf`` (Gephi), ``.cyjs`` (Cytoscape).
"""

from __future__ import annotations

from aikg.viz.render import FORMATS, render_view, write_view
from aikg.viz.subgraph import ViewError, ViewOptions, select

__all__ = ["FORMATS", "ViewError", "ViewOptions", "render_view", "select", "write_view"]
