"""Build the spaCy pipeline: the statistical model plus aikg's domain components.

model (tok2vec, tagger, parser, ner, ...)
  + aikg_paragraphs     a line break ends a sentence, before the parser
  + aikg_gazetteer      entity ruler from the gazetteer, before the statistical NER
  + aikg_entity_typer   AI-industry types, trimming, contextual typing, junk removal
  + aikg_relations      relation candidates from dependency patterns
  + aikg_relation_fallback  low-confidence candidates from short paths through trigger words
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from aikg.config import Settings
from aikg.errors import ConfigError, ModelNotFoundError
from aikg.gazetteer import load_gazetteer
from aikg.nlp import (  # noqa: F401  (registers the factories)
    entity_typer,
    fallback,
    paragraphs,
    relations,
)
from aikg.nlp.ruler import gazetteer_patterns, lemma_patterns, tokenizer_exceptions


@cache
def build_pipeline(settings: Settings) -> Language:
    """Load ``settings.model`` and add aikg's components; built once per settings."""
    try:
        nlp = spacy.load(settings.model, exclude=["senter"])
    except OSError as err:
        raise ModelNotFoundError(
            f"spaCy model {settings.model!r} is not installed; "
            "install its package or set AIKG_MODEL to an installed one"
        ) from err
    missing = sorted({"tagger", "parser", "lemmatizer", "ner"} - set(nlp.pipe_names))
    if missing:
        raise ConfigError(
            f"spaCy model {settings.model!r} lacks {', '.join(missing)}; aikg needs a trained "
            "pipeline with a tagger, parser, lemmatizer and NER (en_core_web_sm/md/lg/trf)"
        )
    for text, tokens in tokenizer_exceptions(settings.patterns_dir):
        nlp.tokenizer.add_special_case(text, tokens)
    if "attribute_ruler" in nlp.pipe_names:
        nlp.get_pipe("attribute_ruler").add_patterns(lemma_patterns(settings.patterns_dir))
    nlp.add_pipe("aikg_paragraphs", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="aikg_gazetteer",
        before="ner",
        config={"overwrite_ents": True, "validate": True},
    )
    with nlp.select_pipes(enable=[]):  # patterns need only the tokenizer
        ruler.add_patterns(gazetteer_patterns(load_gazetteer(settings.gazetteer_file)))
    nlp.add_pipe(
        "aikg_entity_typer",
        after="ner",
        config={
            "cues_path": str(settings.patterns_dir / "typing.json"),
            "gazetteer_path": str(settings.gazetteer_file),
        },
    )
    nlp.add_pipe(
        "aikg_relations",
        last=True,
        config={"patterns_path": str(settings.patterns_dir / "relations.jsonl")},
    )
    nlp.add_pipe(
        "aikg_relation_fallback",
        last=True,
        config={"triggers_path": str(settings.patterns_dir / "fallback.json")},
    )
    return nlp
