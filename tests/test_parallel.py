"""The NLP stage on several processes and on a Dask cluster gives the very same output."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aikg.build import extract_into
from aikg.config import Settings
from aikg.parallel import BATCH_DOCUMENTS

FOUNDERS = ["Ann Lee", "Bo Chen", "Carla Diaz", "Dev Patel", "Eva Novak"]
LABS = ["Aurora Labs", "Borealis AI", "Cobalt Systems", "Delta Robotics", "Ember Research"]
CITIES = ["Paris", "Toronto", "Berlin", "Seoul", "Austin"]


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More documents than fit in two batches, so the work is spread and must be reordered."""
    folder = tmp_path_factory.mktemp("many")
    for number in range(BATCH_DOCUMENTS * 2 + 5):
        founder = FOUNDERS[number % 5]
        lab = f"{LABS[number % 5].split()[0]} {number}"
        city = CITIES[(number // 5) % 5]
        (folder / f"note-{number:03d}.txt").write_text(
            f"{lab} was founded by {founder} in {2010 + number % 12}. "
            f"The startup is based in {city} and trained its models on Nvidia H100 chips.\n",
            encoding="utf-8",
        )
    return folder


@pytest.fixture(scope="module")
def in_process(many_articles: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one")
    extract_into([many_articles], out, Settings(), jobs=1)
    return out


def same_outputs(first: Path, second: Path) -> None:
    for name in ("graph.nt", "graph.ttl", "graph.jsonld", "graph.graphml"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_parallel_processes_give_byte_identical_output(
    many_articles: Path, in_process: Path, tmp_path: Path
) -> None:
    result = extract_into([many_articles], tmp_path, Settings(), jobs=2)
    assert result.read == BATCH_DOCUMENTS * 2 + 5 and not result.errors
    same_outputs(in_process, tmp_path)


def test_parallel_dask_local_cluster_gives_byte_identical_output(
    many_articles: Path, in_process: Path, tmp_path: Path
) -> None:
    result = extract_into([many_articles], tmp_path, Settings(), jobs=2, scheduler="local")
    assert result.read == BATCH_DOCUMENTS * 2 + 5
    same_outputs(in_process, tmp_path)


def test_parallel_unreachable_scheduler_is_a_clear_error(
    many_articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aikg import parallel
    from aikg.errors import ConfigError

    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "2s")
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        extract_into([many_articles], tmp_path, Settings(), scheduler="tcp://127.0.0.1:9", jobs=1)


@pytest.mark.parametrize("delay", [0.3, 1.5, 3.0])
def test_parallel_killed_run_resumes_to_identical_output(
    many_articles: Path, in_process: Path, tmp_path: Path, delay: float
) -> None:
    """kill -9 at some point of a run, run again: the same output as a run never killed, and
    in between, nothing half-written."""
    aikg = Path(sys.executable).with_name("aikg")
    command = [str(aikg), "extract", str(many_articles), "-o", str(tmp_path), "-q", "-j", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (tmp_path / "analyses.sqlite").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for name in ("graph.nt", "graph.ttl"):  # the old (no) file or the complete new one
        path = tmp_path / name
        assert not path.exists() or path.read_bytes() == (in_process / name).read_bytes()
    rerun = subprocess.run(command, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    same_outputs(in_process, tmp_path)
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_large_run_lets_the_pipeline_go_and_a_later_run_loads_it_again(
    many_articles: Path, in_process: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aikg import build
    from aikg.nlp import build_pipeline

    monkeypatch.setattr(build, "_RELEASE_AFTER", 1)
    extract_into([many_articles], tmp_path / "first", Settings())
    assert build_pipeline.cache_info().currsize == 0  # its memory serves the graph now
    extract_into([many_articles], tmp_path / "again", Settings())
    assert (tmp_path / "again" / "graph.nt").read_bytes() == (in_process / "graph.nt").read_bytes()
