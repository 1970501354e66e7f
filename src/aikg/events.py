"""Events: what one sentence reports happening to several entities at once.

Resolution has the facts and numbers of each sentence; an event groups those of one sentence
that belong together, so that a user can ask for funding rounds by date or market moves by
size without joining statements by hand:

* a **funding round**: a company that raised money (``fundingRaised``, with the valuation the
  same sentence gives), and whoever the sentence says invested in it; or an investment whose
  amount the sentence states;
* a **model release**: a model a developer released, launched or unveiled;
* a **market move**: a company's change of market value or share price.
"""

from __future__ import annotations

from collections import defaultdict
from hashlib import sha256

from aikg.model import (
    AttributeName,
    Entity,
    Event,
    EventKind,
    EventRole,
    Predicate,
    Provenance,
    Quantity,
    Relation,
)

_ROUND_AMOUNTS = (AttributeName.FUNDING_RAISED, AttributeName.VALUATION)
_MARKET_AMOUNTS = (AttributeName.MARKET_VALUE_CHANGE, AttributeName.SHARE_CHANGE)

_Where = tuple[str, int]  # document, sentence start


def find_events(
    relations: tuple[Relation, ...],
    entities: tuple[Entity, ...],
    releases: list[tuple[str, str, Provenance]],
) -> tuple[Event, ...]:
    """The events the graph's sentences report, sorted by id. ``releases`` are the (developer,
    model, evidence) of the "developed" facts a verb of release states."""
    numbers: defaultdict[tuple[_Where, str], dict[AttributeName, tuple[Quantity, str | None]]]
    numbers = defaultdict(dict)
    sentences: dict[_Where, Provenance] = {}
    for entity in entities:
        for attribute in entity.attributes:
            where = (attribute.evidence.document, attribute.evidence.start)
            sentences.setdefault(where, attribute.evidence)
            numbers[(where, entity.id)].setdefault(
                attribute.name, (attribute.quantity, attribute.time)
            )
    investors: defaultdict[tuple[_Where, str], list[tuple[str, Provenance]]] = defaultdict(list)
    for relation in relations:
        if relation.predicate is Predicate.INVESTED_IN:
            for item in relation.evidence:
                investors[((item.document, item.start), relation.object)].append(
                    (relation.subject, item)
                )
    events = [
        _event(
            EventKind.MODEL_RELEASE,
            [("model", model), ("developer", developer)],
            (),
            item.qualifiers.time,
            item,
        )
        for developer, model, item in releases
    ]

    for (where, entity_id), amounts in sorted(numbers.items()):
        evidence = sentences[where]
        rounds = [(n, q) for n, (q, _) in amounts.items() if n in _ROUND_AMOUNTS]
        if AttributeName.FUNDING_RAISED in amounts:
            backers = investors.pop((where, entity_id), [])
            events.append(
                _event(
                    EventKind.FUNDING_ROUND,
                    [("recipient", entity_id), *(("investor", b) for b, _ in backers)],
                    rounds,
                    _first_time(amounts, backers),
                    evidence,
                )
            )
        moves = [(n, q) for n, (q, _) in amounts.items() if n in _MARKET_AMOUNTS]
        if moves:
            events.append(
                _event(
                    EventKind.MARKET_MOVE,
                    [("company", entity_id)],
                    moves,
                    _first_time(amounts, []),
                    evidence,
                )
            )
    for (_, recipient), backers in sorted(investors.items()):
        stated = [(b, item) for b, item in backers if item.qualifiers.amount is not None]
        for backer, item in stated:
            amount = item.qualifiers.amount
            assert amount is not None
            events.append(
                _event(
                    EventKind.FUNDING_ROUND,
                    [("recipient", recipient), ("investor", backer)],
                    [(AttributeName.FUNDING_RAISED, amount)],
                    item.qualifiers.time,
                    item,
                )
            )
    return tuple(sorted({e.id: e for e in events}.values(), key=lambda e: e.id))


def _first_time(
    amounts: dict[AttributeName, tuple[Quantity, str | None]],
    backers: list[tuple[str, Provenance]],
) -> str | None:
    for _, when in amounts.values():
        if when:
            return when
    return next((item.qualifiers.time for _, item in backers if item.qualifiers.time), None)


def _event(
    kind: EventKind,
    participants: list[tuple[EventRole, str]],
    amounts: list[tuple[AttributeName, Quantity]] | tuple[()],
    time: str | None,
    evidence: Provenance,
) -> Event:
    """An event with an id derived from what it is and where it is stated: the same input
    gives the same ids."""
    members = tuple(sorted(set(participants)))
    digest = sha256(
        repr((kind.value, members, evidence.document, evidence.start)).encode()
    ).hexdigest()[:16]
    return Event(
        id=f"{kind.value}-{digest}",
        kind=kind,
        participants=members,
        amounts=tuple(sorted(amounts)),
        time=time,
        evidence=evidence,
    )
