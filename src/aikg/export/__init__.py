"""Exporters, found by name in a registry, and an atomic writer for an output folder.

Each exporter turns a :class:`KnowledgeGraph` into bytes; :func:`write_outputs` renders the
requested formats one after the other, each into a temporary file next to its target (so one
format's bytes are in memory at a time), and replaces the files by renames only once all are
written: a failure never leaves a half-written file, nor a mix of old and new ones.

Adding a format is one module with a function decorated by :func:`register`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from aikg.config import Settings
from aikg.errors import OutputError
from aikg.model import KnowledgeGraph

Render = Callable[[KnowledgeGraph, Settings], bytes | bytearray]
"""A graph in one format: bytes, or a bytearray where the writer built it in place."""


@dataclass(frozen=True)
class Exporter:
    name: str
    filename: str
    media_type: str
    render: Render


_REGISTRY: dict[str, Exporter] = {}


def register(name: str, filename: str, media_type: str) -> Callable[[Render], Render]:
    """Class-free plugin registration, in the spirit of rdflib's serializer registry."""

    def decorate(render: Render) -> Render:
        _REGISTRY[name] = Exporter(name, filename, media_type, render)
        return render

    return decorate


def exporters() -> dict[str, Exporter]:
    """All registered exporters, by name."""
    from aikg.export import graphml, rdf  # noqa: F401  (modules register themselves)

    return dict(sorted(_REGISTRY.items()))


def get_exporter(name: str) -> Exporter:
    available = exporters()
    if name not in available:
        raise OutputError(f"unknown export format {name!r}; known: {', '.join(available)}")
    return available[name]


def render(
    graph: KnowledgeGraph, settings: Settings, formats: Iterable[str] | None = None
) -> dict[str, bytes]:
    """The graph in every format (default: all), in memory, by exporter name."""
    from aikg.export.rdf import shared_rdf

    with shared_rdf():
        return {
            name: bytes(get_exporter(name).render(graph, settings))
            for name in (formats or exporters())
        }


def write_outputs(
    graph: KnowledgeGraph, settings: Settings, out_dir: Path, formats: Iterable[str] | None = None
) -> list[Path]:
    """Write the graph in every format (default: all) into ``out_dir``; return the paths.
    Inside :func:`aikg.export.rdf.shared_rdf`, the N-Triples stay there for the caller."""
    from aikg.export.rdf import shared_rdf

    ensure_writable(out_dir)
    staged: list[tuple[Path, Path]] = []
    try:
        with shared_rdf():
            for name in formats or exporters():
                target = out_dir / get_exporter(name).filename
                for stale in out_dir.glob(f".{target.name}.*.tmp"):  # left by a killed run
                    stale.unlink(missing_ok=True)
                staged.append((_staged(target, get_exporter(name).render(graph, settings)), target))
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot write the exports: {err.strerror or err}") from err
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return [target for _, target in staged]


def ensure_writable(out_dir: Path) -> None:
    """Create ``out_dir`` if needed and prove a file can be written there."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot write output: {err.strerror or err}") from err


def atomic_write(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` all at once: readers see the old or the new file."""
    try:
        temporary = _staged(target, data)
        try:
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as err:
        raise OutputError(f"{target}: cannot write: {err.strerror or err}") from err


def _staged(target: Path, data: bytes | bytearray) -> Path:
    """``data`` in a new temporary file beside ``target``, on disk, with the usual mode."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~current_umask())  # mkstemp makes 0600
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def current_umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
