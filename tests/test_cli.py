"""The ``aikg`` command through typer's CliRunner: outputs, summary, errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from aikg.cli import app

runner = CliRunner()


def test_cli_every_command_has_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in app.registered_commands:
        name = command.name or ""
        sub = runner.invoke(app, [name, "--help"])
        assert sub.exit_code == 0, name
        assert "Usage" in sub.output


def test_cli_extract_writes_every_output(tmp_path: Path, small_corpus: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(small_corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "analyses.sqlite", "graph.graphml", "graph.jsonld", "graph.nt", "graph.ttl", "store",
    ]  # fmt: skip
    turtle = Graph().parse(out / "graph.ttl")
    founded = turtle.query(
        "SELECT ?who WHERE { ?who aikg:founded ?org . ?org skos:prefLabel 'DeepSeek' }"
    )
    assert {str(row.who).rsplit("/", 1)[-1] for row in founded} == {"Liang_Wenfeng"}
    assert "Liang_Wenfeng" in nx.read_graphml(out / "graph.graphml")
    assert "documents" in result.output and "relations" in result.output


def test_cli_extract_reads_jsonl_and_several_paths(tmp_path: Path, small_corpus: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "wire-1", "text": "Arm was acquired by SoftBank."}) + "\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(small_corpus), str(feed), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    labels = {str(o) for o in Graph().parse(out / "graph.ttl").objects()}
    assert "wire-1" in labels and "openai.md" in labels


def test_cli_extract_bad_documents_are_skipped_with_one_line_each(
    tmp_path: Path, small_corpus: Path
) -> None:
    (small_corpus / "empty.txt").write_text("")
    (small_corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (small_corpus / "latin.txt").write_bytes("café".encode("latin-1"))
    missing = tmp_path / "nowhere.txt"
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(small_corpus), str(missing), "-o", str(out), "-q"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 4
    for name in ("empty.txt", "image.txt", "latin.txt", "nowhere.txt"):
        assert sum(name in line for line in lines) == 1, name
    assert "Traceback" not in result.output
    assert (out / "graph.ttl").exists()  # the good documents were still processed


def test_cli_extract_unwritable_output_fails_cleanly(tmp_path: Path, small_corpus: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["extract", str(small_corpus), "-o", str(blocker / "out")])
    assert result.exit_code == 2
    assert str(blocker / "out") in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_cli_extract_nothing_readable_keeps_earlier_output(
    tmp_path: Path, small_corpus: Path
) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(small_corpus), "-o", str(out), "-q"]).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("   ")
    result = runner.invoke(app, ["extract", str(empty), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert "no readable documents" in result.stderr
    assert (out / "graph.ttl").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "unknown format 'pdf'"),
        (["--base-iri", "not an iri"], "base_iri"),
        (["--model", "no_such_model_pkg"], "no_such_model_pkg"),
    ],
)
def test_cli_extract_usage_errors(
    tmp_path: Path, small_corpus: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["extract", str(small_corpus), "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_cli_extract_one_format(tmp_path: Path, small_corpus: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(small_corpus), "-o", str(out), "-f", "turtle"])
    assert result.exit_code == 0
    assert sorted(p.name for p in out.glob("graph.*")) == ["graph.ttl"]
    assert (out / "store").is_dir()  # the SPARQL store is always built


def test_cli_evaluate_bad_setting_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIKG_BATCH_SIZE", "abc")
    result = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 2
    assert "batch_size" in result.stderr
    assert "Traceback" not in result.output
