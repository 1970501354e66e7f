"""The ``aikg_relations`` component: relation candidates from dependency patterns.

Patterns live in a JSON Lines file, one a line, in a compact path notation compiled to spaCy's
``DependencyMatcher``::

    {"id": "founded/passive", "predicate": "founded", "confidence": 0.9,
     "trigger": {"LOWER": {"REGEX": "^(co-?)?found(ed|s)?$"}},
     "subject": ">agent >pobj", "object": ">nsubjpass"}

A path walks from the trigger token: ``>dep`` steps to a child with that dependency label,
``>prep:in|on`` also requires the child's lemma, ``<dep`` steps to the head of a token attached
by ``dep``; alternatives are written ``>nsubj,nsubjpass``; an empty path is the trigger itself.
``requires`` lists paths that must exist without being arguments (``">prt:off"`` for "spin off").

The component writes ``doc._.aikg_relations``: tuples of (subject token index, predicate,
object token index, confidence, pattern id). Which entity a token stands for is decided later
(:mod:`aikg.nlp.arguments`). A negated trigger yields nothing; a hedged sentence lowers the
confidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token

from aikg.errors import ConfigError
from aikg.model import Predicate

RawRelation = tuple[int, Predicate, int, float, str]
_EXTENSION = "aikg_relations"
_LEMMA = "aikg_lemma"
"""Token extension: the lemma in lower case. The tagger keeps proper nouns' case ("CEO"), so
patterns written in lower case match lemmas through it."""


def _lemma_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """Rewrite a LEMMA constraint to the case-blind lemma extension."""
    attrs = dict(attrs)
    lemma = attrs.pop("LEMMA", None)
    if lemma is not None:
        words = lemma["IN"] if isinstance(lemma, dict) else [lemma]
        attrs["_"] = {_LEMMA: {"IN": sorted({w.lower() for w in words})}}
    return attrs


class RelationPattern(BaseModel):
    """One line of the patterns file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    predicate: Predicate
    trigger: dict[str, Any]
    subject: str
    object: str
    requires: tuple[str, ...] = ()
    confidence: float = Field(0.8, gt=0.0, le=1.0)


class Modality(BaseModel):
    """Words that negate or hedge a statement."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    negations: frozenset[str]
    hedges: frozenset[str]
    hedge_factor: float = Field(gt=0.0, le=1.0)


@dataclass(frozen=True)
class _Compiled:
    pattern: RelationPattern
    subject_at: int  # position of the subject node in a match's token ids
    object_at: int


def compile_pattern(pattern: RelationPattern) -> tuple[list[dict[str, Any]], str, str]:
    """Translate the path notation into DependencyMatcher nodes; return them and the two
    argument node names. Paths sharing a prefix share its nodes."""
    nodes: list[dict[str, Any]] = [
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": _lemma_attrs(pattern.trigger)}
    ]
    by_id = {"trigger": nodes[0]}
    children: dict[tuple[str, str], str] = {}

    def walk(path: str) -> str:
        current = "trigger"
        for hop in path.split():
            key = (current, hop)
            if key in children:
                current = children[key]
                continue
            op, spec = hop[0], hop[1:]
            if op not in "<>" or not spec:
                raise ConfigError(f"pattern {pattern.id}: bad hop {hop!r}")
            deps, _, lemmas = spec.partition(":")
            dep_attr: dict[str, Any] = {"DEP": {"IN": deps.split(",")}}
            new_id = f"n{len(nodes)}"
            if op == ">":
                attrs = dict(dep_attr)
                if lemmas:
                    attrs = _lemma_attrs({**attrs, "LEMMA": {"IN": lemmas.split("|")}})
                node = {"LEFT_ID": current, "REL_OP": ">", "RIGHT_ID": new_id, "RIGHT_ATTRS": attrs}
            else:
                if "DEP" in by_id[current]["RIGHT_ATTRS"]:
                    raise ConfigError(f"pattern {pattern.id}: two '<' constraints on one token")
                by_id[current]["RIGHT_ATTRS"].update(dep_attr)
                attrs = _lemma_attrs({"LEMMA": {"IN": lemmas.split("|")}}) if lemmas else {}
                node = {"LEFT_ID": current, "REL_OP": "<", "RIGHT_ID": new_id, "RIGHT_ATTRS": attrs}
            nodes.append(node)
            by_id[new_id] = node
            children[key] = new_id
            current = new_id
        return current

    subject_node = walk(pattern.subject)
    object_node = walk(pattern.object)
    for path in pattern.requires:
        walk(path)
    return nodes, subject_node, object_node


def load_patterns(path: Path) -> list[RelationPattern]:
    patterns: list[RelationPattern] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read relation patterns: {err}") from err
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            patterns.append(RelationPattern.model_validate(json.loads(line)))
        except (ValueError, ValidationError) as err:
            problem = str(err).splitlines()[0]
            raise ConfigError(f"{path}:{number}: bad relation pattern: {problem}") from err
    return patterns


def load_modality(path: Path) -> Modality:
    try:
        return Modality.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as err:
        raise ConfigError(f"{path}: cannot read negation and hedge words: {err}") from err


@Language.factory("aikg_relations", default_config={"patterns_path": None, "modality_path": None})
def make_relation_extractor(
    nlp: Language, name: str, patterns_path: str | None, modality_path: str | None
) -> RelationExtractor:
    if patterns_path is None:
        raise ConfigError("aikg_relations needs patterns_path")
    patterns = Path(patterns_path)
    modality = Path(modality_path) if modality_path else patterns.with_name("modality.json")
    return RelationExtractor(nlp, load_patterns(patterns), load_modality(modality))


class RelationExtractor:
    """Match every pattern in a parsed Doc and record the candidates it states."""

    def __init__(self, nlp: Language, patterns: list[RelationPattern], modality: Modality) -> None:
        if not Doc.has_extension(_EXTENSION):
            Doc.set_extension(_EXTENSION, default=None)
        if not Token.has_extension(_LEMMA):
            Token.set_extension(_LEMMA, getter=lambda token: token.lemma_.lower())
        self.modality = modality
        self.matcher = DependencyMatcher(nlp.vocab, validate=True)
        self.compiled: dict[int, _Compiled] = {}
        for pattern in patterns:
            nodes, subject_node, object_node = compile_pattern(pattern)
            try:
                self.matcher.add(pattern.id, [nodes])
            except ValueError as err:
                raise ConfigError(f"relation pattern {pattern.id}: {err}") from err
            self.compiled[nlp.vocab.strings[pattern.id]] = _Compiled(
                pattern, _node_position(nodes, subject_node), _node_position(nodes, object_node)
            )

    def __call__(self, doc: Doc) -> Doc:
        found: set[RawRelation] = set()
        for match_id, token_ids in self.matcher(doc):
            compiled = self.compiled[match_id]
            trigger = doc[token_ids[0]]
            if self._negated(trigger):
                continue
            confidence = compiled.pattern.confidence
            if self._hedged(trigger):
                confidence *= self.modality.hedge_factor
            found.add(
                (
                    token_ids[compiled.subject_at],
                    compiled.pattern.predicate,
                    token_ids[compiled.object_at],
                    round(confidence, 3),
                    compiled.pattern.id,
                )
            )
        doc._.set(_EXTENSION, sorted(found, key=lambda r: (r[0], r[1].value, r[2], -r[3], r[4])))
        return doc

    def _negated(self, trigger: Token) -> bool:
        scope = [trigger, *([trigger.head] if trigger.dep_ in ("xcomp", "conj") else [])]
        return any(
            child.dep_ == "neg" or child.lower_ in self.modality.negations
            for token in scope
            for child in token.children
        )

    def _hedged(self, trigger: Token) -> bool:
        return any(token.lower_ in self.modality.hedges for token in trigger.sent)


def _node_position(nodes: list[dict[str, Any]], node_id: str) -> int:
    return next(i for i, node in enumerate(nodes) if node["RIGHT_ID"] == node_id)
