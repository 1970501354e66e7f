"""Read documents from files, folders, JSON Lines, CSV, HTML and gzip, as a stream.

Plain text (``.txt``, ``.md``), HTML (``.html``, ``.htm``: the text of its paragraphs, scripts
and styles dropped), JSON Lines (``.jsonl``: ``{"id", "text"}`` per line, and an optional
``"date"``), CSV (``.csv``: a text column, an id column and an optional date column, named by
:class:`ReadOptions`), each also gzipped (``.txt.gz`` ...), and
JSON Lines on standard input (the path ``-``). Record files are read line by line, so a file of
a million articles is never held whole.

A problem with one input (missing, empty, binary, not UTF-8, a broken JSON line, a CSV without
its text column) is yielded as a :class:`DocumentError` in place of that document, so the caller
reports it and goes on.

Document ids are stable: a file inside a folder given on the command line is known by its path
relative to that folder (``dev/deepseek.txt``), a file given directly by its name, a record by
its id field (or, without one, its file and line: ``feed.csv:12``).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import gzip
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from selectolax.lexbor import LexborHTMLParser

from aikg.errors import DocumentError
from aikg.model import Document

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
CSV_SUFFIXES = frozenset({".csv"})
READABLE = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
STDIN = Path("-")
_SNIFF_BYTES = 8192
_BLOCKS = (
    "p,h1,h2,h3,h4,h5,h6,li,blockquote,pre,td,th,dt,dd,figcaption,caption,div,section,"
    "article,header,footer,main,aside,tr,title"
)


@dataclass(frozen=True)
class ReadOptions:
    """How to read record files: the CSV columns holding each document's text and id."""

    text_column: str = "text"
    id_column: str = "id"
    date_column: str = "date"


def read_documents(
    paths: Iterable[Path], options: ReadOptions | None = None
) -> Iterator[Document | DocumentError]:
    """Yield every document under ``paths`` in a stable order, or an error in its place."""
    options = options or ReadOptions()
    seen: set[str] = set()
    for path in paths:
        for item in _read_path(path, options):
            if isinstance(item, Document):
                if item.id in seen:
                    yield DocumentError(item.source, f"duplicate document id {item.id!r}")
                    continue
                seen.add(item.id)
            yield item


def count_documents(paths: Iterable[Path]) -> int | None:
    """About how many documents the paths hold, for a progress bar (None when it cannot be
    known beforehand: standard input). A record file counts its non-empty lines."""
    total = 0
    for path in paths:
        if path == STDIN:
            return None
        files = _walk(path) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            suffix, compressed = _kind(file)
            if suffix not in JSONL_SUFFIXES | CSV_SUFFIXES:
                total += 1
                continue
            try:
                with gzip.open(file, "rb") if compressed else file.open("rb") as handle:
                    lines = sum(1 for line in handle if line.strip())
            except (OSError, EOFError, gzip.BadGzipFile):
                continue
            total += lines - (1 if suffix in CSV_SUFFIXES and lines else 0)
    return total


def _read_path(path: Path, options: ReadOptions) -> Iterator[Document | DocumentError]:
    if path == STDIN:
        yield from _read_jsonl(sys.stdin.buffer, "<stdin>")
    elif path.is_dir():
        for file in _walk(path):
            yield from _read_file(file, file.relative_to(path).as_posix(), options)
    elif path.is_file():
        yield from _read_file(path, path.name, options)
    elif path.exists():
        yield DocumentError(path, "not a regular file or folder")
    else:
        yield DocumentError(path, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Readable document files under ``folder``, sorted, hidden entries and gold files skipped.
    Symbolic links to folders are not followed, so a link loop cannot trap the walk."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            file = Path(root) / name
            if name.startswith(".") or name.endswith(".gold.json"):
                continue
            if _kind(file)[0] in READABLE:
                yield file


def _kind(path: Path) -> tuple[str, bool]:
    """The format suffix of a file and whether it is gzipped: ("".csv", True) for a.csv.gz."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return Path(name[:-3]).suffix, True
    return Path(name).suffix, False


def _read_file(path: Path, doc_id: str, options: ReadOptions) -> Iterator[Document | DocumentError]:
    suffix, compressed = _kind(path)
    try:
        with gzip.open(path, "rb") if compressed else path.open("rb") as handle:
            if suffix in JSONL_SUFFIXES:
                yield from _read_jsonl(handle, str(path))
                return
            if suffix in CSV_SUFFIXES:
                yield from _read_csv(handle, path, options)
                return
            data = handle.read()
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        yield DocumentError(path, f"cannot read: {getattr(err, 'strerror', None) or err}")
        return
    try:
        text = decode_text(data)
    except ValueError as err:
        yield DocumentError(path, str(err))
        return
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    if not text.strip():
        yield DocumentError(path, "empty document")
    else:
        yield Document(id=doc_id, text=text, source=str(path))


def html_to_text(html: str) -> str:
    r"""The readable text of an HTML page: one paragraph per block element, scripts and styles
    dropped, whitespace collapsed as a browser would.

    >>> html_to_text("<h1>Nvidia</h1><p>It makes <b>chips</b>.<script>x()</script></p>")
    'Nvidia\n\nIt makes chips.'
    """
    tree = LexborHTMLParser(html)
    for node in tree.css("script,style,noscript,template,svg,head"):
        node.decompose()
    for node in tree.css(_BLOCKS):
        node.insert_before("\n\n")
        node.insert_after("\n\n")
    for node in tree.css("br"):
        node.insert_after("\n\n")
    root = tree.body or tree.root
    text = root.text(separator="") if root is not None else ""
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def decode_text(data: bytes) -> str:
    r"""Decode UTF-8 (with or without a byte-order mark) or UTF-16 with its byte-order mark; a
    ValueError says why data is not text.

    >>> decode_text("\ufeffZürich".encode())
    'Zürich'
    >>> decode_text(b"caf\xe9")
    Traceback (most recent call last):
    ...
    ValueError: not UTF-8 text (byte 0xe9 at offset 3)
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Windows' "Unicode"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise ValueError(f"not UTF-16 text despite its byte-order mark ({err.reason})") from err
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})"
        ) from err


def _read_jsonl(handle: BinaryIO, source: str) -> Iterator[Document | DocumentError]:
    """One document per line of ``{"id", "text"}``, read line by line."""
    empty = True
    for number, raw in enumerate(handle, start=1):
        where = f"{source}:{number}"
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            yield DocumentError(where, f"not UTF-8 text (byte 0x{raw[err.start]:02x})")
            continue
        if not line.strip():
            continue
        empty = False
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield DocumentError(where, f"invalid JSON: {err.msg}")
            continue
        if not isinstance(record, dict):
            yield DocumentError(where, 'expected an object with "id" and "text"')
            continue
        yield _record(
            record.get("id"), record.get("text"), where, '"id"', '"text"', record.get("date")
        )
    if empty:
        yield DocumentError(source, "empty document")


def _read_csv(
    handle: BinaryIO, path: Path, options: ReadOptions
) -> Iterator[Document | DocumentError]:
    """One document per row; the header names the text and id columns."""
    lines = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        rows = csv.reader(lines)
        header = next(rows, None)
        if header is None:
            yield DocumentError(path, "empty document")
            return
        if options.text_column not in header:
            yield DocumentError(
                path,
                f"no text column {options.text_column!r} (columns: {', '.join(header) or 'none'}); "
                "choose one with --text-column",
            )
            return
        text_at = header.index(options.text_column)
        id_at = header.index(options.id_column) if options.id_column in header else None
        date_at = header.index(options.date_column) if options.date_column in header else None
        for row in rows:
            where = f"{path}:{rows.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            doc_id = (
                row[id_at]
                if id_at is not None and id_at < len(row)
                else f"{path.name}:{rows.line_num}"
            )
            body = row[text_at] if text_at < len(row) else None
            written = row[date_at] if date_at is not None and date_at < len(row) else None
            yield _record(
                doc_id,
                body,
                where,
                f"{options.id_column!r}",
                f"{options.text_column!r}",
                written or None,
            )
    except UnicodeDecodeError as err:
        yield DocumentError(path, f"not UTF-8 text ({err.reason})")
    except csv.Error as err:
        yield DocumentError(path, f"invalid CSV: {err}")


_ISO_DATE = re.compile(
    r"^([0-9]{4}(?:-[01][0-9](?:-[0-3][0-9])?)?)(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?$"
)


def _record(
    doc_id: object,
    body: object,
    where: str,
    id_name: str,
    text_name: str,
    written: object = None,
) -> Document | DocumentError:
    if not isinstance(doc_id, str | int) or not str(doc_id).strip():
        return DocumentError(where, f"missing {id_name}")
    if not isinstance(body, str) or not body.strip():
        return DocumentError(where, f"document {str(doc_id)!r} has no {text_name}")
    if not _encodable(str(doc_id)) or not _encodable(body):
        return DocumentError(where, "text holds an unpaired surrogate escape (not Unicode)")
    date = None
    if written is not None:
        date = _iso_date(written)
        if date is None:
            return DocumentError(
                where, f"date {written!r} is not an ISO 8601 date (2024-06-12, 2024-06 or 2024)"
            )
    return Document(id=str(doc_id), text=body, source=where, date=date)


def _iso_date(written: object) -> str | None:
    """The date part of an ISO 8601 date or timestamp, if it is a real date."""
    match = _ISO_DATE.match(written.strip()) if isinstance(written, str) else None
    if match is None:
        return None
    try:
        datetime.date.fromisoformat((match[1] + "-01-01")[:10])
    except ValueError:
        return None
    return match[1]


def _encodable(text: str) -> bool:
    """JSON can spell lone surrogates ("\\ud800") that no Unicode text may contain."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
