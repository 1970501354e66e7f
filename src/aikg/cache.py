"""The analysis cache in ``OUT/analyses.sqlite``: what the NLP stage learned from each document.

Resolution is global (one IRI per real entity across documents), so the graph of an output
folder is rebuilt from the analyses of every document ever extracted into it. Keeping those
analyses here makes that cheap: a document whose text and pipeline are unchanged is never
parsed again, extracting more documents into the same folder adds to its graph, and
re-extracting a document replaces exactly its own analysis.

A row is keyed by document id; its ``key`` is a hash of the text and of everything that shapes
an analysis (model name, aikg version, patterns, gazetteer), so a changed pipeline re-parses.
SQLite makes each batch of writes a transaction: a run killed halfway keeps what it committed.

>>> import tempfile
>>> from aikg.model import DocumentAnalysis
>>> with tempfile.TemporaryDirectory() as folder:
...     cache = AnalysisCache(Path(folder) / "analyses.sqlite")
...     empty = DocumentAnalysis(document="a.txt", text="", sentences=(), mentions=(), relations=())
...     cache.put([("k1", empty, None)])
...     (cache.get("a.txt", "k1") == empty, cache.get("a.txt", "k2"), cache.documents())
(True, None, ['a.txt'])
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from aikg.config import Settings
from aikg.errors import OutputError
from aikg.model import DocumentAnalysis

CACHE_FILE = "analyses.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS analyses (
    document TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    analysis BLOB NOT NULL,
    origin TEXT
)
"""


def pipeline_fingerprint(settings: Settings) -> str:
    """A hash of everything besides the text that decides an analysis."""
    from aikg import __version__

    digest = hashlib.sha256(f"{__version__}\0{settings.model}\0".encode())
    for path in [*sorted(settings.patterns_dir.glob("*")), settings.gazetteer_file]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def document_key(text: str, fingerprint: str, date: str | None = None) -> str:
    """What decides one document's analysis: its text, its date ("last week" depends on
    it) and the pipeline."""
    key = f"{fingerprint}\0{date or ''}\0{text}" if date else f"{fingerprint}\0{text}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class AnalysisCache:
    """Analyses by document id, persisted in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(analyses)")}
            if "origin" not in columns:  # a cache written before origins were kept
                self._db.execute("ALTER TABLE analyses ADD COLUMN origin TEXT")
        except sqlite3.Error as err:
            raise OutputError(f"{path}: cannot open the analysis cache: {err}") from err

    def get(self, document: str, key: str) -> DocumentAnalysis | None:
        """The cached analysis of a document, if it was made from the same text and pipeline."""
        row = self._db.execute(
            "SELECT analysis FROM analyses WHERE document = ? AND key = ?", (document, key)
        ).fetchone()
        return None if row is None else _decode(row[0])

    def put(self, items: Iterable[tuple[str, DocumentAnalysis, str | None]]) -> None:
        """Store (key, analysis, origin) triples in one transaction, replacing earlier rows.
        The origin is the file a document was read from, absolute (None for standard input)."""
        self._write(
            "INSERT OR REPLACE INTO analyses (document, key, analysis, origin) VALUES (?, ?, ?, ?)",
            [(a.document, key, _encode(a), origin) for key, a, origin in items],
        )

    def state(self) -> str:
        """A digest of every (document, key) row: equal digests, equal analyses."""
        digest = hashlib.sha256()
        for document, key in self._db.execute("SELECT document, key FROM analyses ORDER BY 1"):
            digest.update(f"{document}\0{key}\0".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def documents(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT document FROM analyses ORDER BY 1")]

    def analyses(self) -> Iterator[DocumentAnalysis]:
        """Every cached analysis, in document id order (so the graph does not depend on the
        order documents were extracted in)."""
        for (blob,) in self._db.execute("SELECT analysis FROM analyses ORDER BY document"):
            yield _decode(blob)

    def forget_missing(self, roots: Iterable[Path], seen: set[str]) -> list[str]:
        """Forget the documents read earlier from under these files or folders that this run
        did not see there again (deleted files, removed records); return their ids."""
        prefixes = [str(root) for root in roots]
        gone = [
            document
            for document, origin in self._db.execute("SELECT document, origin FROM analyses")
            if origin is not None
            and document not in seen
            and any(origin == p or origin.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes)
        ]
        self._forget(gone)
        return gone

    def keep_only(self, documents: set[str]) -> None:
        """Forget every document but these, in one transaction."""
        self._forget([d for d in self.documents() if d not in documents])

    def _forget(self, documents: list[str]) -> None:
        self._write("DELETE FROM analyses WHERE document = ?", [(d,) for d in documents])

    def _write(self, statement: str, rows: list[tuple[object, ...]]) -> None:
        """Run a statement over rows in one transaction: all of them or none."""
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(statement, rows)
        except sqlite3.Error as err:
            raise OutputError(f"{self.path}: cannot write the analysis cache: {err}") from err

    def close(self) -> None:
        self._db.close()


def _encode(analysis: DocumentAnalysis) -> bytes:
    return zlib.compress(analysis.model_dump_json().encode("utf-8", "surrogatepass"), 6)


def _decode(blob: bytes) -> DocumentAnalysis:
    return DocumentAnalysis.model_validate_json(zlib.decompress(blob))
