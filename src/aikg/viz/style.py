"""How each core type looks, shared by the page and the static images: a colour-blind-safe
palette (Okabe and Ito) and a distinct shape, so types differ in print and for all eyes."""

from __future__ import annotations

from typing import NamedTuple

from aikg.model import EntityType


class Look(NamedTuple):
    color: str
    vis_shape: str  # vis-network node shape
    dot_shape: str  # Graphviz node shape


LOOKS = {
    EntityType.ORGANIZATION: Look("#0072B2", "dot", "ellipse"),
    EntityType.PERSON: Look("#E69F00", "diamond", "diamond"),
    EntityType.AI_MODEL: Look("#009E73", "hexagon", "hexagon"),
    EntityType.PRODUCT: Look("#CC79A7", "square", "box"),
    EntityType.CHIP: Look("#D55E00", "triangle", "triangle"),
    EntityType.LOCATION: Look("#56B4E9", "triangleDown", "invtriangle"),
    EntityType.POLICY: Look("#882255", "star", "octagon"),
}
"""By core type; subclasses look like their core type (a Company like an Organization)."""


def rgb(color: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as integers.

    >>> rgb("#0072B2")
    (0, 114, 178)
    """
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
