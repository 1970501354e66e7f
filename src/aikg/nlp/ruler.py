"""Entity-ruler patterns from the gazetteer; tokenizer exceptions and lemmas from a data file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.symbols import ORTH

from aikg.errors import ConfigError
from aikg.gazetteer import Gazetteer
from aikg.model import EntityType

NER_LABELS: dict[EntityType, str] = {
    EntityType.ORGANIZATION: "ORG",
    EntityType.COMPANY: "ORG",
    EntityType.UNIVERSITY: "ORG",
    EntityType.GOVERNMENT_BODY: "ORG",
    EntityType.INVESTMENT_FIRM: "ORG",
    EntityType.PERSON: "PERSON",
    EntityType.AI_MODEL: "PRODUCT",
    EntityType.PRODUCT: "PRODUCT",
    EntityType.CHIP: "PRODUCT",
    EntityType.LOCATION: "GPE",
    EntityType.COUNTRY: "GPE",
    EntityType.CITY: "GPE",
    EntityType.REGION: "LOC",
    EntityType.POLICY: "LAW",
}
"""The statistical NER's label closest to each aikg type (OntoNotes, as in every
en_core_web model)."""


def gazetteer_patterns(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """One phrase pattern per surface form, with the entry's id as ent_id.

    The ruler runs before the statistical NER, which then predicts around its matches. The
    label is the NER's own for the entry's type (the aikg type comes back from the gazetteer by
    id in ``aikg_entity_typer``): the NER adds every label it meets on a Doc to its model, and
    fourteen more labels made it a fifth slower without ever predicting one.

    Phrase patterns match exact text (fast, through spaCy's PhraseMatcher); a form that differs
    only in case must be listed as an alias of its own, except a common-noun phrase ("export
    controls"), which also matches as it opens a sentence ("Export controls introduced in
    2022 ...").
    """
    return [
        {"label": NER_LABELS[entry.type], "pattern": variant, "id": entry.id}
        for entry in gazetteer
        for form in entry.surface_forms
        for variant in _case_variants(form)
    ]


def _case_variants(form: str) -> list[str]:
    """The form, and for a phrase of lower-case words its sentence-initial spelling.

    >>> _case_variants("export controls"), _case_variants("o3-mini"), _case_variants("Nvidia")
    (['export controls', 'Export controls'], ['o3-mini'], ['Nvidia'])
    """
    common = form.islower() and all(c.isalpha() or c in " -" for c in form)
    return [form, form[0].upper() + form[1:]] if common else [form]


def tokenizer_exceptions(patterns_dir: Path) -> list[tuple[str, list[dict[int, str]]]]:
    """Words the tokenizer must keep whole, such as "co-founded", so the parser sees one verb."""
    words = _tokens_file(patterns_dir)["keep_whole"]
    cases = []
    for word in words:
        for variant in {word, word.capitalize()}:
            cases.append((variant, [{ORTH: variant}]))
    return sorted(cases)


def lemma_patterns(patterns_dir: Path) -> list[dict[str, Any]]:
    """Attribute-ruler patterns giving kept-whole words their unhyphenated lemma.

    The model's lemmatizer keeps a lemma the attribute ruler has set, so "start-ups" gets the
    lemma "startup" and every cue list that names "startup" covers both spellings.
    """
    lemmas: dict[str, str] = _tokens_file(patterns_dir).get("lemmas", {})
    return [
        {"patterns": [[{"LOWER": word}]], "attrs": {"LEMMA": lemma}}
        for word, lemma in sorted(lemmas.items())
    ]


def _tokens_file(patterns_dir: Path) -> dict[str, Any]:
    path = patterns_dir / "tokens.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data.get("keep_whole"), list):
            raise KeyError("keep_whole")
        return data
    except (OSError, ValueError, KeyError, AttributeError) as err:
        raise ConfigError(f"{path}: cannot read tokenizer exceptions: {err}") from err
