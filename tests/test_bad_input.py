"""Bad and odd input, one table: each file gets the outcome it should (read, or skipped with one
line naming it), the rest of the folder is processed, the exit code says which, and the outputs
still parse and conform to the SHACL shapes."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
import string
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pyshacl
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from aikg.cli import app
from aikg.config import Settings

runner = CliRunner()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "Nvidia acquired Arm.")
    return buffer.getvalue()


def _random_letters(size: int) -> str:
    rng = random.Random(5)
    return "".join(rng.choice(string.ascii_letters) for _ in range(size))


# name -> (bytes to write, expected: "read" or the fragment of the one-line skip message)
CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.txt": (lambda: b"", "empty document"),
    "blank.txt": (lambda: b"  \n\t\n ", "empty document"),
    "image.txt": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary"),
    "archive.txt": (_zip, "binary"),
    "latin1.txt": (lambda: "Zürich café".encode("latin-1"), "not UTF-8"),
    "windows.txt": (lambda: "Nvidia acquired Mellanox in 2020.".encode("utf-16"), "read"),
    "one-line.txt": (lambda: _random_letters(20_000_000).encode(), "read"),  # 20 MB, no break
    "tiny-sentences.txt": (lambda: " ".join(["It rose."] * 50_000).encode(), "read"),
    "controls.txt": (
        lambda: "Arm\u202e was acquired\x0b by SoftBank\x1f in 2016.\u200b".encode(),
        "read",
    ),
    "emoji.txt": (lambda: "🚀 OpenAI released GPT-4 😀 in 2023.".encode(), "read"),
    "page.html": (
        lambda: b"<html><script>alert('x')</script><p>Meta released Llama 3.</p></html>",
        "read",
    ),
    "feed.jsonl": (
        lambda: (
            b'{"id": "f1", "text": "Intel acquired Habana Labs."}\n{broken\n'
            b'{"id": "f2", "text": "AMD acquired Xilinx."}\n'
        ),
        "invalid JSON",
    ),
    "table.csv": (lambda: b"headline,url\nA,b\n", "no text column 'text'"),
    "odd.txt.gz": (lambda: b"not gzip", "cannot read"),
    "named.txt": (
        lambda: b'Nvidia acquired "Quote <Labs>" & Co\nand Tab\tName in 2024.',
        "read",
    ),
    "good.txt.gz": (lambda: gzip.compress(b"Liang Wenfeng founded DeepSeek in 2023."), "read"),
}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    folder = tmp_path_factory.mktemp("bad")
    for name, (content, _) in CASES.items():
        (folder / name).write_bytes(content())
    (folder / "loop").mkdir()
    os.symlink("..", folder / "loop" / "back")  # a directory symlink loop
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-j", "1"])
    return folder, out, result


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_each_file_gets_its_outcome(
    name: str, outcome: tuple[Path, Path, object]
) -> None:
    _, out, result = outcome
    expected = CASES[name][1]
    lines = [line for line in result.stderr.splitlines() if name in line]  # type: ignore[attr-defined]
    documents = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    labels = json.dumps(documents)
    if expected == "read":
        assert lines == [], lines
        assert name in labels or name == "feed.jsonl"
    else:
        assert len(lines) == 1 and expected in lines[0], lines


def test_bad_input_the_run_goes_on_and_says_so(outcome: tuple[Path, Path, object]) -> None:
    _, out, result = outcome
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    turtle = Graph().parse(out / "graph.ttl")
    facts = {(str(s).rsplit("/", 1)[-1], str(o).rsplit("/", 1)[-1]) for s, _, o in turtle}
    assert ("Nvidia", "Mellanox") in facts  # the UTF-16 file
    assert ("Intel", "Habana_Labs") in facts and ("AMD", "Xilinx") in facts  # around a bad line
    assert ("Liang_Wenfeng", "DeepSeek") in facts  # gzipped


def test_bad_input_outputs_parse_and_conform(
    outcome: tuple[Path, Path, object], settings: Settings
) -> None:
    _, out, _ = outcome
    turtle = Graph().parse(out / "graph.ttl")
    assert len(Graph().parse(out / "graph.nt")) == len(turtle)
    assert len(Graph().parse(out / "graph.jsonld", format="json-ld")) == len(turtle)
    assert nx.read_graphml(out / "graph.graphml").number_of_nodes() > 0
    conforms, _, report = pyshacl.validate(
        turtle,
        shacl_graph=Graph().parse(settings.shapes_file),
        ont_graph=Graph().parse(settings.ontology_file),
        inference="rdfs",
    )
    assert conforms, report


def _without_root_override() -> list[str]:
    """A command prefix under which file permissions apply: root reads every file whatever
    its mode, unless it gives up the capabilities that let it (util-linux's setpriv)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to apply")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_bad_input_unreadable_file_is_named_and_skipped(tmp_path: Path) -> None:
    """A file without read permission: one line naming it, the rest read, exit 1."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "open.txt").write_text("Nvidia acquired Mellanox in 2020.", encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text("AMD acquired Xilinx.", encoding="utf-8")
    locked.chmod(0)
    command = [sys.executable, "-m", "aikg", "extract", str(folder), "-o", str(out), "-q"]
    run = subprocess.run(
        [*_without_root_override(), *command],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "locked.txt" in lines[0] and "ermission" in lines[0]
    graph = Graph().parse(out / "graph.ttl")
    assert any("Mellanox" in str(o) for o in graph.objects())
