"""Score an extracted graph against gold annotations (the gold format of README.md).

Scoring is per document, micro-averaged:

* an extracted entity mentioned in the document matches a gold entity when one of its names
  equals the gold name or an alias after :func:`normalize_name`; it is a true positive when
  its type, or a superclass of it, is one of the gold types. Each gold entity is matched once:
  a second extracted entity for it (a split) is a false positive;
* a relation stated in the document matches when subject, predicate and object match (either
  direction for symmetric predicates);
* optional gold items count neither as misses nor as false positives;
* qualifiers (time, start, end, ended, amount, source, hedged) are scored on the relations that
  match, each key an item; attributes (numbers about an entity) on the entities that match. A
  date matches exactly, an amount when the unit is the same and the value within 1%, a source
  by name as entities are, a flag when both say true.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from aikg.errors import AikgError
from aikg.model import (
    UNIT_PATTERN,
    AttributeName,
    Entity,
    EntityType,
    KnowledgeGraph,
    Predicate,
    Qualifiers,
    Quantity,
    Relation,
    TimeValue,
)
from aikg.normalize import normalize_name
from aikg.ontology import Vocabulary

CONFIDENCE_BINS = (0.0, 0.5, 0.8, 1.0)


class GoldError(AikgError):
    """A gold file is missing, unreadable or not in the gold format."""


class GoldAttribute(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: AttributeName
    value: Decimal
    unit: str = Field(pattern=UNIT_PATTERN)
    time: TimeValue | None = None

    @property
    def quantity(self) -> Quantity:
        return Quantity(value=self.value, unit=self.unit)


class GoldEntity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    types: tuple[EntityType, ...] = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    optional: bool = False
    attributes: tuple[GoldAttribute, ...] = ()

    @property
    def forms(self) -> set[str]:
        return {normalize_name(form) for form in (self.name, *self.aliases)}


class GoldRelation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    s: str
    p: Predicate
    o: str
    optional: bool = False
    qualifiers: Qualifiers = Qualifiers()


class GoldDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str
    entities: tuple[GoldEntity, ...] = ()
    relations: tuple[GoldRelation, ...] = ()

    @model_validator(mode="after")
    def _relations_name_entities(self) -> GoldDocument:
        names = {entity.name for entity in self.entities}
        for relation in self.relations:
            for end in (relation.s, relation.o):
                if end not in names:
                    raise ValueError(f"relation end {end!r} is not an entity name of the file")
        return self


def load_gold(folder: Path) -> dict[str, GoldDocument]:
    """Gold documents under ``folder`` by document id (path relative to ``folder``)."""
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder")
    gold: dict[str, GoldDocument] = {}
    for path in sorted(folder.rglob("*.gold.json")):
        try:
            document = GoldDocument.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            raise GoldError(f"{path}: cannot read: {err}") from err
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise GoldError(f"{path}: not in the gold format: {where}: {first['msg']}") from err
        gold[(path.parent.relative_to(folder) / document.doc).as_posix()] = document
    if not gold:
        raise GoldError(f"{folder}: no *.gold.json files")
    return gold


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    """What :func:`evaluate` measured; :meth:`as_dict` is the ``--json`` output."""

    documents: int = 0
    entities: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    by_type: defaultdict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_predicate: defaultdict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    calibration: defaultdict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    qualifiers: Counts = field(default_factory=Counts)
    by_qualifier: defaultdict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    attributes: Counts = field(default_factory=Counts)
    by_attribute: defaultdict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    misses: list[dict[str, str]] = field(default_factory=list)
    false_positives: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "entities": self.entities.as_dict(),
            "relations": self.relations.as_dict(),
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "by_predicate": {k: v.as_dict() for k, v in sorted(self.by_predicate.items())},
            "calibration": {k: v.as_dict() for k, v in sorted(self.calibration.items())},
            "qualifiers": self.qualifiers.as_dict(),
            "by_qualifier": {k: v.as_dict() for k, v in sorted(self.by_qualifier.items())},
            "attributes": self.attributes.as_dict(),
            "by_attribute": {k: v.as_dict() for k, v in sorted(self.by_attribute.items())},
            "misses": self.misses,
            "false_positives": self.false_positives,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)


def evaluate(
    graph: KnowledgeGraph, gold: dict[str, GoldDocument], vocabulary: Vocabulary
) -> Report:
    """Compare ``graph`` with every gold document; documents the graph lacks score as empty."""
    report = Report(documents=len(gold))
    entities_by_doc: defaultdict[str, list[Entity]] = defaultdict(list)
    for entity in graph.entities:
        for document in entity.documents:
            entities_by_doc[document].append(entity)
    relations_by_doc: defaultdict[str, list[Relation]] = defaultdict(list)
    for relation in graph.relations:
        for document in sorted({item.document for item in relation.evidence}):
            relations_by_doc[document].append(relation)
    for doc_id, document in sorted(gold.items()):
        predicted_id = _find_document(doc_id, graph.documents)
        _score_document(
            doc_id,
            document,
            entities_by_doc.get(predicted_id, []) if predicted_id else [],
            relations_by_doc.get(predicted_id, []) if predicted_id else [],
            predicted_id,
            vocabulary,
            report,
        )
    return report


def _find_document(gold_id: str, documents: Iterable[str]) -> str | None:
    """The extracted document for a gold one: same id, or an id ending with it (a graph
    extracted from a parent folder knows "test/a.txt" where the gold folder says "a.txt")."""
    for document in documents:
        if document == gold_id or document.endswith("/" + gold_id):
            return document
    return None


def _score_document(
    doc_id: str,
    gold: GoldDocument,
    entities: list[Entity],
    relations: list[Relation],
    predicted_doc: str | None,
    vocabulary: Vocabulary,
    report: Report,
) -> None:
    by_form: dict[str, GoldEntity] = {}
    for gold_entity in gold.entities:
        for form in gold_entity.forms:
            by_form.setdefault(form, gold_entity)

    # ---- entities
    names: dict[str, str] = {}  # extracted entity id -> gold name it matches
    matched: set[str] = set()
    for entity in sorted(entities, key=lambda e: e.id):
        target = _match(entity, gold.entities, by_form)
        core = vocabulary.core_type(entity.type).value
        if target is None:
            report.entities.fp += 1
            report.by_type[core].fp += 1
            report.false_positives.append(
                {"doc": doc_id, "kind": "entity", "item": f"{entity.label} ({entity.type})"}
            )
            continue
        names[entity.id] = target.name
        if target.optional:
            continue
        type_ok = any(vocabulary.is_a(entity.type, t) for t in target.types)
        if type_ok and target.name not in matched:
            matched.add(target.name)
            report.entities.tp += 1
            report.by_type[target.types[0].value].tp += 1
        else:
            why = "wrong type" if not type_ok else "split entity"
            report.entities.fp += 1
            report.by_type[core].fp += 1
            report.false_positives.append(
                {"doc": doc_id, "kind": "entity", "item": f"{entity.label} ({entity.type}): {why}"}
            )
    for gold_entity in gold.entities:
        if not gold_entity.optional and gold_entity.name not in matched:
            report.entities.fn += 1
            report.by_type[gold_entity.types[0].value].fn += 1
            report.misses.append(
                {
                    "doc": doc_id,
                    "kind": "entity",
                    "item": f"{gold_entity.name} ({gold_entity.types[0]})",
                }
            )

    # ---- relations
    symmetric = {p for p, sig in vocabulary.signatures.items() if sig.symmetric}
    required = {(r.s, r.p, r.o) for r in gold.relations if not r.optional}
    optional = {(r.s, r.p, r.o) for r in gold.relations if r.optional}
    found: set[tuple[str, Predicate, str]] = set()
    for relation in relations:
        s, o = names.get(relation.subject), names.get(relation.object)
        key = _gold_key(s, relation.predicate, o, required | optional, symmetric)
        confidence = max(
            item.confidence for item in relation.evidence if item.document == predicted_doc
        )
        bin_name = _bin(confidence)
        if key in found:
            continue
        if key in optional or key in required:
            _score_qualifiers(doc_id, relation, key, gold, predicted_doc, by_form, report)  # type: ignore[arg-type]
        if key in optional:
            found.add(key)  # type: ignore[arg-type]
            continue
        if key in required:
            found.add(key)
            report.relations.tp += 1
            report.by_predicate[relation.predicate.value].tp += 1
            report.calibration[bin_name].tp += 1
        else:
            report.relations.fp += 1
            report.by_predicate[relation.predicate.value].fp += 1
            report.calibration[bin_name].fp += 1
            report.false_positives.append(
                {
                    "doc": doc_id,
                    "kind": "relation",
                    "item": f"{relation.subject} {relation.predicate} {relation.object}",
                    "evidence": next(
                        i.sentence for i in relation.evidence if i.document == predicted_doc
                    ),
                }
            )
    for s, p, o in sorted(required - found):
        report.relations.fn += 1
        report.by_predicate[p.value].fn += 1
        report.misses.append({"doc": doc_id, "kind": "relation", "item": f"{s} {p} {o}"})

    _score_attributes(doc_id, gold, entities, names, predicted_doc, report)


_FLAGS = ("ended", "hedged")


def _shown(qualifiers: Qualifiers) -> dict[str, str]:
    """The qualifiers a relation has, each as it reads in a report ("1000000000 USD")."""
    return {
        name: str(getattr(qualifiers, name))
        for name in qualifiers.model_dump(exclude_defaults=True)
    }


def _score_qualifiers(
    doc_id: str,
    relation: Relation,
    key: tuple[str, Predicate, str],
    gold: GoldDocument,
    predicted_doc: str | None,
    by_form: dict[str, GoldEntity],
    report: Report,
) -> None:
    """Each qualifier key the gold relation or the extracted one has is an item."""
    expected = next(
        r.qualifiers for r in gold.relations if (r.s, r.p, r.o) == key or (r.o, r.p, r.s) == key
    )
    evidence = sorted(
        (item for item in relation.evidence if item.document == predicted_doc),
        key=lambda item: -item.confidence,
    )
    got = Qualifiers()
    for item in evidence:
        got = got.merged(item.qualifiers)
    want, have = _shown(expected), _shown(got)
    for name in sorted(set(want) | set(have)):
        if name in want and name in have and _same(name, expected, got, by_form):
            report.qualifiers.tp += 1
            report.by_qualifier[name].tp += 1
            continue
        item = f"{key[0]} {key[1]} {key[2]}: {name}"
        if name in have:
            report.qualifiers.fp += 1
            report.by_qualifier[name].fp += 1
            report.false_positives.append(
                {"doc": doc_id, "kind": "qualifier", "item": f"{item} = {have[name]}"}
            )
        if name in want:
            report.qualifiers.fn += 1
            report.by_qualifier[name].fn += 1
            report.misses.append(
                {"doc": doc_id, "kind": "qualifier", "item": f"{item} = {want[name]}"}
            )


def _same(name: str, expected: Qualifiers, got: Qualifiers, by_form: dict[str, GoldEntity]) -> bool:
    if name in _FLAGS:
        return True  # both present means both true
    if name == "amount":
        return (
            expected.amount is not None
            and got.amount is not None
            and expected.amount.close_to(got.amount)
        )
    if name == "source":
        gold_source = by_form.get(normalize_name(expected.source or ""))
        forms = gold_source.forms if gold_source else {normalize_name(expected.source or "")}
        return normalize_name(got.source or "") in forms
    return getattr(expected, name) == getattr(got, name)


def _score_attributes(
    doc_id: str,
    gold: GoldDocument,
    entities: list[Entity],
    names: dict[str, str],
    predicted_doc: str | None,
    report: Report,
) -> None:
    """Numbers stated about the entities that match gold ones, each attribute an item."""
    wanted = {g.name: list(g.attributes) for g in gold.entities}
    for entity in sorted(entities, key=lambda e: e.id):
        target = names.get(entity.id)
        if target is None:
            continue
        remaining = wanted[target]
        for attribute in entity.attributes:
            if attribute.evidence.document != predicted_doc:
                continue
            hit = next(
                (
                    g
                    for g in remaining
                    if g.name == attribute.name and g.quantity.close_to(attribute.quantity)
                ),
                None,
            )
            counts = report.by_attribute[attribute.name.value]
            if hit is not None:
                remaining.remove(hit)
                report.attributes.tp += 1
                counts.tp += 1
                continue
            report.attributes.fp += 1
            counts.fp += 1
            report.false_positives.append(
                {
                    "doc": doc_id,
                    "kind": "attribute",
                    "item": f"{entity.label} {attribute.name} {attribute.quantity}",
                    "evidence": attribute.evidence.sentence,
                }
            )
    for name, remaining in wanted.items():
        for g in remaining:
            report.attributes.fn += 1
            report.by_attribute[g.name.value].fn += 1
            report.misses.append(
                {"doc": doc_id, "kind": "attribute", "item": f"{name} {g.name} {g.quantity}"}
            )


def _match(
    entity: Entity, gold: Iterable[GoldEntity], by_form: dict[str, GoldEntity]
) -> GoldEntity | None:
    """The gold entity named by the entity's label, else by one of its aliases."""
    for name in (entity.label, *entity.aliases):
        target = by_form.get(normalize_name(name))
        if target is not None:
            return target
    return None


def _gold_key(
    s: str | None,
    p: Predicate,
    o: str | None,
    gold: set[tuple[str, Predicate, str]],
    symmetric: set[Predicate],
) -> tuple[str, Predicate, str] | None:
    if s is None or o is None:
        return None
    if p in symmetric and (o, p, s) in gold:
        return (o, p, s)
    return (s, p, o)


def _bin(confidence: float) -> str:
    for low, high in pairwise(CONFIDENCE_BINS):
        if confidence < high or high == CONFIDENCE_BINS[-1]:
            return f"[{low:.1f}, {high:.1f}{']' if high == 1.0 else ')'}"
    raise AssertionError(confidence)
