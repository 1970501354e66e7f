"""Read documents from files, folders and JSON Lines, as a stream.

A problem with one input (missing, empty, binary, not UTF-8, a broken JSON line) is yielded as a
:class:`DocumentError` in place of that document, so the caller reports it and goes on.

Document ids are stable: a file inside a folder given on the command line is known by its path
relative to that folder (``dev/deepseek.txt``), a file given directly by its name, a JSON Lines
record by its ``id`` field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from aikg.errors import DocumentError
from aikg.model import Document

TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl"})
_SNIFF_BYTES = 8192


def read_documents(paths: Iterable[Path]) -> Iterator[Document | DocumentError]:
    """Yield every document under ``paths`` in a stable order, or an error in its place."""
    seen: set[str] = set()
    for path in paths:
        for item in _read_path(path):
            if isinstance(item, Document):
                if item.id in seen:
                    yield DocumentError(item.source, f"duplicate document id {item.id!r}")
                    continue
                seen.add(item.id)
            yield item


def _read_path(path: Path) -> Iterator[Document | DocumentError]:
    if path.is_dir():
        for file in _walk(path):
            yield from _read_file(file, file.relative_to(path).as_posix())
    elif path.is_file():
        yield from _read_file(path, path.name)
    elif path.exists():
        yield DocumentError(path, "not a regular file or folder")
    else:
        yield DocumentError(path, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Readable document files under ``folder``, sorted, hidden entries and gold files skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            file = Path(root) / name
            if name.startswith(".") or name.endswith(".gold.json"):
                continue
            if file.suffix in TEXT_SUFFIXES | JSONL_SUFFIXES:
                yield file


def _read_file(path: Path, doc_id: str) -> Iterator[Document | DocumentError]:
    try:
        text = decode_text(path.read_bytes())
    except OSError as err:
        yield DocumentError(path, f"cannot read: {err.strerror or err}")
        return
    except ValueError as err:
        yield DocumentError(path, str(err))
        return
    if path.suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, text)
    elif not text.strip():
        yield DocumentError(path, "empty document")
    else:
        yield Document(id=doc_id, text=text, source=str(path))


def decode_text(data: bytes) -> str:
    r"""Decode UTF-8 (with or without a byte-order mark); a ValueError says why data is not text.

    >>> decode_text("\ufeffZürich".encode())
    'Zürich'
    >>> decode_text(b"caf\xe9")
    Traceback (most recent call last):
    ...
    ValueError: not UTF-8 text (byte 0xe9 at offset 3)
    """
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})"
        ) from err


def _read_jsonl(path: Path, text: str) -> Iterator[Document | DocumentError]:
    if not text.strip():
        yield DocumentError(path, "empty document")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield DocumentError(where, f"invalid JSON: {err.msg}")
            continue
        if not isinstance(record, dict):
            yield DocumentError(where, 'expected an object with "id" and "text"')
            continue
        doc_id, body = record.get("id"), record.get("text")
        if not isinstance(doc_id, str | int) or not str(doc_id).strip():
            yield DocumentError(where, 'missing "id"')
        elif not isinstance(body, str) or not body.strip():
            yield DocumentError(where, f'document {doc_id!r} has no "text"')
        elif not _encodable(str(doc_id)) or not _encodable(body):
            yield DocumentError(where, "text holds an unpaired surrogate escape (not Unicode)")
        else:
            yield Document(id=str(doc_id), text=body, source=where)


def _encodable(text: str) -> bool:
    """JSON can spell lone surrogates ("\\ud800") that no Unicode text may contain."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
