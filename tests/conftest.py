"""Shared fixtures: the real spaCy model, the real ontology, and the corpus graph built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from aikg.build import ExtractionResult, extract_into
from aikg.config import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def corpus_extraction(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, ExtractionResult]:
    out = tmp_path_factory.mktemp("corpus-out")
    result = extract_into([CORPUS], out, settings)
    assert not result.errors
    return out, result


@pytest.fixture(scope="session")
def corpus_out(corpus_extraction: tuple[Path, ExtractionResult]) -> Path:
    """An output folder with the whole corpus extracted into it: exports and SPARQL store."""
    return corpus_extraction[0]


@pytest.fixture(scope="session")
def corpus_result(corpus_extraction: tuple[Path, ExtractionResult]) -> ExtractionResult:
    return corpus_extraction[1]


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    """A folder of two short articles in the project's own words."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "deepseek.txt").write_text(
        "DeepSeek, a startup based in Hangzhou, was founded by Liang Wenfeng in 2023.\n\n"
        "The startup trained its V3 model on Nvidia H800 chips. "
        "Liang studied at Zhejiang University.\n",
        encoding="utf-8",
    )
    (folder / "openai.md").write_text(
        "OpenAI CEO Sam Altman said Microsoft invested in OpenAI again.\n",
        encoding="utf-8",
    )
    return folder
