"""Entity-ruler patterns from the gazetteer, and tokenizer exceptions from a data file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.symbols import ORTH

from aikg.errors import ConfigError
from aikg.gazetteer import Gazetteer


def gazetteer_patterns(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """One phrase pattern per surface form, labelled with the entry's type, its id as ent_id.

    Phrase patterns match exact text (fast, through spaCy's PhraseMatcher); a form that differs
    only in case must be listed as an alias of its own.
    """
    return [
        {"label": entry.type.value, "pattern": form, "id": entry.id}
        for entry in gazetteer
        for form in entry.surface_forms
    ]


def tokenizer_exceptions(patterns_dir: Path) -> list[tuple[str, list[dict[int, str]]]]:
    """Words the tokenizer must keep whole, such as "co-founded", so the parser sees one verb."""
    path = patterns_dir / "tokens.json"
    try:
        words = json.loads(path.read_text(encoding="utf-8"))["keep_whole"]
    except (OSError, ValueError, KeyError) as err:
        raise ConfigError(f"{path}: cannot read tokenizer exceptions: {err}") from err
    cases = []
    for word in words:
        for variant in {word, word.capitalize()}:
            cases.append((variant, [{ORTH: variant}]))
    return sorted(cases)
