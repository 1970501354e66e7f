"""Cue words shared by entity typing and anaphor detection, read from ``patterns/typing.json``."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, PrivateAttr, field_validator

from aikg.errors import ConfigError
from aikg.model import EntityType
from aikg.normalize import normalize_name


class Cues(BaseModel):
    """The contents of typing.json; see its ``comment`` field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    comment: str = ""
    spacy_labels: dict[str, EntityType]
    cue_nouns: dict[EntityType, tuple[str, ...]]
    policy_suffixes: frozenset[str]
    name_suffixes: dict[EntityType, frozenset[str]] = {}
    legal_forms: frozenset[str] = frozenset()
    titles: frozenset[str]
    junk: frozenset[str]
    version_name: re.Pattern[str]
    pronouns: dict[str, EntityType | None]
    anaphor_determiners: frozenset[str]
    units: frozenset[str]
    holdings: frozenset[str]
    containers: frozenset[str]
    not_ours: frozenset[str]
    model_tiers: frozenset[str]
    person_or_organization: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()

    @field_validator("junk")
    @classmethod
    def _normalized(cls, value: frozenset[str]) -> frozenset[str]:
        return frozenset(normalize_name(item) for item in value)

    _by_lemma: dict[str, EntityType] = PrivateAttr(default_factory=dict)
    _by_suffix: dict[str, EntityType] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        self._by_lemma.update(
            (word, entity_type) for entity_type, words in self.cue_nouns.items() for word in words
        )
        self._by_suffix.update(
            (word, entity_type)
            for entity_type, words in self.name_suffixes.items()
            for word in words
        )

    def suffix_type(self, last_word: str) -> EntityType | None:
        """The type the last word of a name gives it ("Archer Aviation" -> Company), or None."""
        return self._by_suffix.get(last_word)

    def noun_type(self, lemma: str) -> EntityType | None:
        """The type a cue noun signals ("chipmaker" -> Company), or None."""
        return self._by_lemma.get(lemma.lower())


@cache
def load_cues(path: Path) -> Cues:
    try:
        return Cues.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ConfigError(f"{path}: cannot read typing cues: {err}") from err
