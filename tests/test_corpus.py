"""Reading documents: stable ids, formats, and one clear error per unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

from aikg.corpus import read_documents
from aikg.errors import DocumentError
from aikg.model import Document


def _read(*paths: Path) -> tuple[list[Document], list[DocumentError]]:
    items = list(read_documents(paths))
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, DocumentError)],
    )


def test_corpus_folder_ids_are_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.md").write_text("First.", encoding="utf-8")
    (tmp_path / "a.gold.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    documents, errors = _read(tmp_path)
    assert [d.id for d in documents] == ["a.md", "sub/b.txt"]
    assert not errors


def test_corpus_jsonl_records_and_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "n1", "text": "One."}),
        "{broken",
        json.dumps({"id": 2, "text": "Two."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents, errors = _read(path)
    assert [(d.id, d.text) for d in documents] == [("n1", "One."), ("2", "Two.")]
    assert len(errors) == 1 and errors[0].source == f"{path}:2"


def test_corpus_bad_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Zürich".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Fine.", encoding="utf-8")
    documents, errors = _read(tmp_path, tmp_path / "missing.txt")
    assert [d.id for d in documents] == ["good.txt"]
    problems = {Path(e.source).name: e.problem for e in errors}
    assert problems["empty.txt"] == "empty document"
    assert "binary" in problems["binary.txt"]
    assert "not UTF-8" in problems["latin1.txt"]
    assert problems["missing.txt"] == "no such file or folder"


def test_corpus_utf8_bom_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffNvidia.".encode())
    documents, _ = _read(tmp_path / "bom.txt")
    assert documents[0].text == "Nvidia."


def test_corpus_duplicate_ids_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    record = json.dumps({"id": "x", "text": "Same id."})
    path.write_text(f"{record}\n{record}\n", encoding="utf-8")
    documents, errors = _read(path)
    assert len(documents) == 1
    assert "duplicate document id" in errors[0].problem


def test_corpus_jsonl_lone_surrogate_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "s", "text": "bad \\ud800 text"}\n', encoding="utf-8")
    documents, errors = _read(path)
    assert not documents
    assert "surrogate" in errors[0].problem
