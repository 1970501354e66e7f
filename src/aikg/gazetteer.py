"""The gazetteer: known AI-industry entities with their type, aliases and Wikidata id.

It is a prior for recognition and resolution, never a source of facts: it holds names, types,
aliases and ids only. The file is JSON Lines, one entity a line::

    {"id": "deepseek", "name": "DeepSeek", "type": "Company",
     "aliases": ["DeepSeek AI"], "qid": null}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aikg.errors import ConfigError
from aikg.model import EntityType
from aikg.normalize import normalize_name


class GazetteerEntry(BaseModel):
    """One known entity."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    type: EntityType
    aliases: tuple[str, ...] = ()
    qid: str | None = Field(None, pattern=r"^Q[1-9][0-9]*$")

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Gazetteer:
    """Entries by id, and by every normalized surface form."""

    entries: tuple[GazetteerEntry, ...]

    def __post_init__(self) -> None:
        by_id: dict[str, GazetteerEntry] = {}
        by_form: dict[str, GazetteerEntry] = {}
        for entry in self.entries:
            if entry.id in by_id:
                raise ConfigError(f"gazetteer: duplicate id {entry.id!r}")
            by_id[entry.id] = entry
            for form in entry.surface_forms:
                by_form.setdefault(normalize_name(form), entry)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_form", by_form)

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> GazetteerEntry:
        return self._by_id[entry_id]  # type: ignore[attr-defined,no-any-return]

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry one of whose names equals ``name`` after normalization, if any."""
        return self._by_form.get(normalize_name(name))  # type: ignore[attr-defined,no-any-return]


@cache
def load_gazetteer(path: Path) -> Gazetteer:
    """Read a gazetteer file; a bad line is a :class:`ConfigError` naming the file and line."""
    entries: list[GazetteerEntry] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the gazetteer: {err}") from err
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entries.append(GazetteerEntry.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as err:
            problem = str(err).splitlines()[0]
            raise ConfigError(f"{path}:{number}: bad gazetteer entry: {problem}") from err
    return Gazetteer(tuple(entries))
