"""The SPARQL store in ``OUT/store``: the graph and the ontology in a persistent Oxigraph database.

rdflib's in-memory graph is fine for writing files but slow to query once a graph has millions
of triples; `pyoxigraph <https://pyoxigraph.readthedocs.io>`_ is an embedded, on-disk SPARQL 1.1
engine written in Rust. The instance data sits in the default graph and the ontology in the
named graph :data:`ONTOLOGY_GRAPH`; queries see their union, so they can use class labels and
``rdfs:subClassOf``.

Each extraction builds a fresh store in a hidden folder next to the current one and then
points the ``store`` symlink at it with one atomic rename: readers (``aikg query``, a running
``aikg serve``) see the old store or the new one, never a half-loaded one, and a killed run
leaves the old store in place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

from aikg.errors import AikgError, OutputError
from aikg.export import current_umask

STORE_LINK = "store"
ONTOLOGY_GRAPH = NamedNode("https://aikg.example.org/ontology")
_STAGING_PREFIX = ".store-"
_PIECE_BYTES = 4 << 20


class StoreError(AikgError):
    """There is no usable store where one was expected."""


def publish_store(out_dir: Path, instance_ntriples: Path, ontology_file: Path) -> Path:
    """Load the instance graph (an N-Triples file) and the ontology into a new store and make
    it ``OUT/store``."""
    link = out_dir / STORE_LINK
    if link.exists() and not link.is_symlink():
        raise OutputError(f"{link}: exists and is not a store written by aikg; move it away")
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=_STAGING_PREFIX))
    try:
        staging.chmod(0o777 & ~current_umask())  # mkdtemp makes 0700; give the usual mode
        store = Store(str(staging))
        with instance_ntriples.open("rb") as lines:
            load_ntriples(store, lines)
        store.bulk_load(path=str(ontology_file), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
        store.optimize()  # compact what the parallel loads wrote: queries read fewer files
        store.flush()
        del store
        _point(link, staging)
    except (OSError, SyntaxError, ValueError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"{link}: cannot build the SPARQL store: {err}") from err
    _remove_stale(out_dir, keep=staging)
    return link


def load_ntriples(
    store: Store,
    lines: BinaryIO,
    workers: int | None = None,
    piece_bytes: int = _PIECE_BYTES,
) -> None:
    """Bulk-load N-Triples, read from ``lines``, into the default graph, a few megabytes at a
    time, one piece per core at once.

    Oxigraph's bulk loader holds and sorts all it is given in one call: 66 MB of N-Triples in
    one call took 330 MB more memory, in 4 MB pieces two at a time 110 MB, and loaded faster
    (smaller sorts). N-Triples lines stand alone (aikg writes no blank nodes), so pieces cut at
    line ends load side by side into the same store. Lenient: the data is aikg's own output,
    already valid, and loads faster unchecked.
    """
    workers = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: set[Future[None]] = set()
        for piece in _pieces(lines, piece_bytes):
            if len(pending) >= workers:  # cut the next piece only when a core is free
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    future.result()
            pending.add(
                pool.submit(store.bulk_load, piece, format=RdfFormat.N_TRIPLES, lenient=True)
            )
        for future in pending:
            future.result()


def _pieces(lines: BinaryIO, size: int) -> Iterator[bytes]:
    """The lines read in pieces of whole lines, each ``size`` bytes or a line more.

    >>> import io
    >>> list(_pieces(io.BytesIO(b"a.\\nb.\\nc.\\n"), 4))
    [b'a.\\nb.\\n', b'c.\\n']
    """
    while piece := lines.read(size):
        yield piece if piece.endswith(b"\n") else piece + lines.readline()


def open_store(out_dir: Path) -> Store:
    """The store of an output folder, read-only."""
    folder = store_path(out_dir)
    try:
        return Store.read_only(str(folder))
    except OSError as err:
        raise StoreError(f"{out_dir / STORE_LINK}: cannot open the SPARQL store: {err}") from err


def dump_instances(out_dir: Path) -> bytes:
    """The instance graph of an output folder's store, as N-Triples (the ontology left out)."""
    try:
        return (
            open_store(out_dir).dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph()) or b""
        )
    except OSError as err:
        raise StoreError(f"{out_dir / STORE_LINK}: cannot read the SPARQL store: {err}") from err


def store_path(out_dir: Path) -> Path:
    """The folder the store link points at now (it changes with every extraction)."""
    link = out_dir / STORE_LINK
    if not link.exists():
        raise StoreError(f"{link}: no SPARQL store here; run `aikg extract ... -o {out_dir}` first")
    return link.resolve()


def _point(link: Path, target: Path) -> None:
    """Make ``link`` a relative symlink to ``target``, replacing any earlier one atomically."""
    temporary = link.with_name(f".{link.name}-{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    os.symlink(target.name, temporary)
    os.replace(temporary, link)


def _remove_stale(out_dir: Path, keep: Path) -> None:
    """Stores that are no longer linked: earlier versions and leftovers of killed runs."""
    for folder in out_dir.glob(f"{_STAGING_PREFIX}*"):
        if folder != keep and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
