"""Reading documents: stable ids, formats, and one clear error per unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aikg.corpus import ReadOptions, read_documents
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
    (tmp_path / "notes.xlsx").write_text("x", encoding="utf-8")  # not a format aikg reads
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


def test_corpus_records_carry_their_date(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "n1", "text": "One.", "date": "2024-06-12"}),
        json.dumps({"id": "n2", "text": "Two.", "date": "2024-06-12T09:30:00Z"}),
        json.dumps({"id": "n3", "text": "Three."}),
        json.dumps({"id": "n4", "text": "Four.", "date": "last Tuesday"}),
        json.dumps({"id": "n5", "text": "Five.", "date": "2024-02-30"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents, errors = _read(path)
    assert [(d.id, d.date) for d in documents] == [
        ("n1", "2024-06-12"),
        ("n2", "2024-06-12"),
        ("n3", None),
    ]
    assert [e.source for e in errors] == [f"{path}:4", f"{path}:5"]
    assert all("not an ISO 8601 date" in str(e) for e in errors)
    feed = tmp_path / "feed.csv"
    feed.write_text("id,text,published\nw1,One.,2024-06\n", encoding="utf-8")
    documents, errors = _read_with(feed, date_column="published")
    assert not errors and [d.date for d in documents] == ["2024-06"]


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


def test_corpus_html_gives_its_paragraphs_not_its_scripts(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text(
        "<html><head><title>Site</title><style>p {color: red}</style></head><body>"
        "<nav><a href='/'>Home</a></nav><h1>Nvidia buys Run:ai</h1>"
        "<p>Nvidia <b>acquired</b> Run:ai,\n an Israeli startup.</p>"
        "<script>track('visit')</script><div>Shares rose.<p>Analysts agreed.</p></div>"
        "</body></html>",
        encoding="utf-8",
    )
    (document,), errors = _read(page)
    assert not errors and document.id == "news.html"
    assert "Nvidia acquired Run:ai, an Israeli startup." in document.text.split("\n\n")
    assert "track" not in document.text and "color" not in document.text
    assert "Shares rose." in document.text and "Analysts agreed." in document.text


def test_corpus_csv_with_text_and_id_columns(tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_text(
        'id,headline,body\nw1,"Deal","Arm was acquired by SoftBank, in 2016."\n'
        'w2,Note,"A second line,\nspanning two lines."\n',
        encoding="utf-8",
    )
    documents, errors = _read_with(feed, text_column="body")
    assert not errors
    assert [(d.id, d.text) for d in documents] == [
        ("w1", "Arm was acquired by SoftBank, in 2016."),
        ("w2", "A second line,\nspanning two lines."),
    ]
    _, errors = _read(feed)  # the default text column "text" is missing
    assert len(errors) == 1 and "no text column 'text'" in str(errors[0])
    assert "headline" in str(errors[0])


def test_corpus_csv_without_id_column_uses_file_and_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_text("text\nFirst article.\nSecond article.\n", encoding="utf-8")
    documents, _ = _read(feed)
    assert [d.id for d in documents] == ["feed.csv:2", "feed.csv:3"]


def test_corpus_gzipped_files_of_every_kind(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"Plain text."))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"id": "j1", "text": "Json."}\n'))
    (tmp_path / "c.csv.gz").write_bytes(gzip.compress(b"id,text\nc1,Csv.\n"))
    (tmp_path / "d.html.gz").write_bytes(gzip.compress(b"<p>Html.</p>"))
    (tmp_path / "e.txt.gz").write_bytes(b"not gzip at all")
    documents, errors = _read(tmp_path)
    assert {d.id: d.text for d in documents} == {
        "a.txt.gz": "Plain text.",
        "j1": "Json.",
        "c1": "Csv.",
        "d.html.gz": "Html.",
    }
    assert len(errors) == 1 and "e.txt.gz" in str(errors[0])


def test_corpus_reads_jsonl_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    lines = b'{"id": "s1", "text": "From a pipe."}\nnot json\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    documents, errors = _read(Path("-"))
    assert [d.id for d in documents] == ["s1"]
    assert len(errors) == 1 and "<stdin>:2" in str(errors[0])


def _read_with(*paths: Path, **options: str) -> tuple[list[Document], list[DocumentError]]:
    items = list(read_documents(paths, ReadOptions(**options)))
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, DocumentError)],
    )
