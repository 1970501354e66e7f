"""Exporters, found by name in a registry, and an atomic writer for an output folder.

Each exporter streams a graph into a binary file handle. The RDF ones read the graph's
N-Triples, which an :class:`ExportSource` writes once, sorted, to a scratch file beside the
outputs; so neither the files' text nor an RDF graph is ever held in memory whole, and the
memory an export takes does not grow with the corpus. :func:`write_outputs` writes the
requested formats one after the other, each into a temporary file next to its target, and
replaces the files by renames only once all are written: a failure never leaves a
half-written file, nor a mix of old and new ones.

Adding a format is one module with a function decorated by :func:`register`.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from aikg.config import Settings
from aikg.errors import OutputError
from aikg.model import KnowledgeGraph

SCRATCH_PREFIX = ".scratch."
"""How the scratch files of an export begin: a killed run may leave some behind."""


class ExportSource:
    """A graph on its way to the files: the graph, the settings, and, once an exporter asks,
    the graph's N-Triples in a scratch file in ``scratch_dir`` (removed on close).

    >>> with ExportSource(KnowledgeGraph(), Settings(), Path(tempfile.gettempdir())) as source:
    ...     source.ntriples_path().read_bytes()
    b''
    """

    def __init__(self, graph: KnowledgeGraph, settings: Settings, scratch_dir: Path) -> None:
        self.graph = graph
        self.settings = settings
        self.scratch_dir = scratch_dir
        self._ntriples: Path | None = None

    def ntriples_path(self) -> Path:
        """The instance data as sorted N-Triples without duplicates, written on first use."""
        if self._ntriples is None:
            from aikg.export.rdf import write_ntriples

            fd, name = tempfile.mkstemp(dir=self.scratch_dir, prefix=SCRATCH_PREFIX, suffix=".nt")
            self._ntriples = Path(name)
            with os.fdopen(fd, "wb") as handle:
                write_ntriples(self.graph, self.settings.base_iri, handle, self.scratch_dir)
        return self._ntriples

    def release_graph(self) -> Path:
        """Write the N-Triples if they are not yet, let the graph go, and return their path:
        the store loads from them alone, and a large corpus's graph need not share memory
        with the store's load."""
        path = self.ntriples_path()
        self.graph = KnowledgeGraph()
        return path

    def close(self) -> None:
        if self._ntriples is not None:
            self._ntriples.unlink(missing_ok=True)
            self._ntriples = None

    def __enter__(self) -> ExportSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


Write = Callable[[ExportSource, BinaryIO], None]
"""An exporter: writes the source's graph, in its format, to a binary handle."""


@dataclass(frozen=True)
class Exporter:
    name: str
    filename: str
    media_type: str
    write: Write


_REGISTRY: dict[str, Exporter] = {}


def register(name: str, filename: str, media_type: str) -> Callable[[Write], Write]:
    """Class-free plugin registration, in the spirit of rdflib's serializer registry."""

    def decorate(write: Write) -> Write:
        _REGISTRY[name] = Exporter(name, filename, media_type, write)
        return write

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
    """The graph in every format (default: all), in memory, by exporter name: for small
    graphs and for Python users; the files are written by :func:`write_outputs`."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        ExportSource(graph, settings, Path(scratch)) as source,
    ):
        rendered: dict[str, bytes] = {}
        for name in formats or exporters():
            buffer = io.BytesIO()
            get_exporter(name).write(source, buffer)
            rendered[name] = buffer.getvalue()
        return rendered


def write_outputs(
    source: ExportSource, out_dir: Path, formats: Iterable[str] | None = None
) -> list[Path]:
    """Write the source's graph in every format (default: all) into ``out_dir``; return the
    paths."""
    ensure_writable(out_dir)
    staged: list[tuple[Path, Path]] = []
    try:
        for name in formats or exporters():
            exporter = get_exporter(name)
            target = out_dir / exporter.filename
            for stale in out_dir.glob(f".{target.name}.*.tmp"):  # left by a killed run
                stale.unlink(missing_ok=True)
            staged.append((_staged(target, partial(exporter.write, source)), target))
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
        temporary = _staged(target, lambda handle: handle.write(data))
        try:
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as err:
        raise OutputError(f"{target}: cannot write: {err.strerror or err}") from err


def _staged(target: Path, fill: Callable[[BinaryIO], object]) -> Path:
    """A new temporary file beside ``target``, on disk, with the usual mode, that ``fill``
    wrote."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
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
