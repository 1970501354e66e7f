"""Which part of the graph a view shows: a neighbourhood, confident facts, some types.

>>> from aikg.model import Entity, Provenance, Relation
>>> e = lambda i, t: Entity(id=i, label=i.replace("_", " "), type=t)
>>> fact = lambda s, p, o, c: Relation(subject=s, predicate=p, object=o,
...     evidence=(Provenance(document="d", sentence="...", start=0, end=3, confidence=c),))
>>> graph = KnowledgeGraph(
...     entities=(e("Liang_Wenfeng", "Person"), e("DeepSeek", "Company"), e("R1", "AIModel"),
...               e("Hangzhou", "City")),
...     relations=(fact("Liang_Wenfeng", "founded", "DeepSeek", 0.9),
...                fact("DeepSeek", "developed", "R1", 0.9),
...                fact("DeepSeek", "basedIn", "Hangzhou", 0.4)))
>>> from aikg.config import Settings
>>> from aikg.ontology import load_vocabulary
>>> vocabulary = load_vocabulary(Settings().ontology_file)
>>> view = select(graph, vocabulary, ViewOptions(focus="liang wenfeng", hops=1))
>>> [e.id for e in view.entities]
['DeepSeek', 'Liang_Wenfeng']
>>> options = ViewOptions(min_confidence=0.5, types=("Organization", "AIModel"))
>>> view = select(graph, vocabulary, options)
>>> [(r.subject, r.object) for r in view.relations]
[('DeepSeek', 'R1')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from aikg.errors import AikgError
from aikg.model import Entity, EntityType, KnowledgeGraph, Predicate, Relation
from aikg.normalize import normalize_name
from aikg.ontology import Vocabulary

E = TypeVar("E", bound=StrEnum)


class ViewError(AikgError):
    """A view option names nothing in the graph or the ontology."""


@dataclass(frozen=True)
class ViewOptions:
    focus: str | None = None
    """Show only this entity's neighbourhood (a name or alias, any case)."""
    hops: int = 2
    min_confidence: float = 0.0
    types: tuple[str, ...] = ()
    """Classes to show, subclasses included ("Organization" shows companies too); all if empty."""
    predicates: tuple[str, ...] = ()


def select(graph: KnowledgeGraph, vocabulary: Vocabulary, options: ViewOptions) -> KnowledgeGraph:
    """The part of the graph the options ask for; relations only between shown entities."""
    wanted_types = _members(options.types, EntityType, "type")
    wanted_predicates = _members(options.predicates, Predicate, "predicate")
    entities = {
        e.id: e
        for e in graph.entities
        if not wanted_types or any(vocabulary.is_a(e.type, t) for t in wanted_types)
    }
    relations = [
        r
        for r in graph.relations
        if r.confidence >= options.min_confidence
        and (not wanted_predicates or r.predicate in wanted_predicates)
        and r.subject in entities
        and r.object in entities
    ]
    if options.focus is not None:
        start = _find(options.focus, entities.values())
        reached = _neighbourhood(start, relations, options.hops)
        entities = {i: e for i, e in entities.items() if i in reached}
        relations = [r for r in relations if r.subject in reached and r.object in reached]
    documents = {d for e in entities.values() for d in e.documents}
    return KnowledgeGraph(
        entities=tuple(entities[i] for i in sorted(entities)),
        relations=tuple(relations),
        documents=tuple(d for d in graph.documents if d in documents),
    )


def _members(names: tuple[str, ...], vocabulary: type[E], what: str) -> set[E]:
    """The enum members the names spell, in any case; an unknown name is an error."""
    known = {member.value.lower(): member for member in vocabulary}
    unknown = [n for n in names if n.lower() not in known]
    if unknown:
        spelled = ", ".join(member.value for member in vocabulary)
        raise ViewError(f"unknown {what} {unknown[0]!r}; known: {spelled}")
    return {known[n.lower()] for n in names}


def _find(name: str, entities: Iterable[Entity]) -> str:
    key = normalize_name(name)
    for entity in entities:
        if key in {normalize_name(n) for n in (entity.label, *entity.aliases)} or entity.id == name:
            return entity.id
    raise ViewError(f"no entity named {name!r} in the graph")


def _neighbourhood(start: str, relations: Iterable[Relation], hops: int) -> set[str]:
    """Entities within ``hops`` relations of ``start``, whichever way the relations point."""
    neighbours: defaultdict[str, set[str]] = defaultdict(set)
    for relation in relations:
        neighbours[relation.subject].add(relation.object)
        neighbours[relation.object].add(relation.subject)
    reached, frontier = {start}, {start}
    for _ in range(hops):
        frontier = {n for node in frontier for n in neighbours[node]} - reached
        reached |= frontier
    return reached
