"""When, how much, and who says so: sentences written for these tests -> the qualifiers,
attributes and events aikg must extract, with the real pipeline."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aikg.build import extract_into, extract_texts
from aikg.config import Settings
from aikg.model import AttributeName, EventKind, KnowledgeGraph, Quantity


def graph_of(text: str) -> KnowledgeGraph:
    return extract_texts([("test", text)])


def qualifiers(text: str, fact: tuple[str, str, str]) -> dict[str, Any]:
    """The qualifiers of one fact of the text, as a plain dict without the defaults."""
    graph = graph_of(text)
    labels = {entity.id: entity.label for entity in graph.entities}
    for relation in graph.relations:
        found = (labels[relation.subject], relation.predicate.value, labels[relation.object])
        if found == fact:
            item = relation.evidence[0]
            return {
                **item.qualifiers.model_dump(exclude_defaults=True),
                **({"attributed_to": item.attributed_to} if item.attributed_to else {}),
            }
    raise AssertionError(f"{fact} not extracted from {text!r}")


def usd(value: str) -> dict[str, Any]:
    return {"value": Decimal(value), "unit": "USD"}


QUALIFIED: list[tuple[str, tuple[str, str, str], dict[str, Any]]] = [
    (  # an employer one came from was left then
        "Ana Ruiz joined Anthropic from Google in 2023.",
        ("Ana Ruiz", "worksFor", "Google"),
        {"end": "2023", "ended": True},
    ),
    (  # a deal's value is each party's, however many there are
        "In 2025 Oracle and OpenAI signed a $300 billion contract.",
        ("OpenAI", "partnerOf", "Oracle"),
        {"time": "2025", "amount": usd("300000000000")},
    ),
    (  # a participle with a subject of its own is dated by the clause it depends on
        "In August 2023 Hugging Face raised $235 million in a round led by Salesforce, with "
        "Google, Amazon, Nvidia, AMD and Qualcomm also taking part.",
        ("Qualcomm", "investedIn", "Hugging Face"),
        {"time": "2023-08"},
    ),
    (  # an agreement is dated by its verb, and is a plan, not a hedge
        "In September 2023, Amazon agreed to invest up to $4 billion in Anthropic in return "
        "for a minority stake.",
        ("Amazon", "investedIn", "Anthropic"),
        {"time": "2023-09", "amount": usd("4000000000")},
    ),
    (  # a sum raised from several investors is no one investor's amount
        "In November 2023 Aleph Alpha announced $500 million in new funding from a consortium "
        "that included the Schwarz Group, Bosch and SAP.",
        ("SAP", "investedIn", "Aleph Alpha"),
        {"time": "2023-11"},
    ),
    (
        "In September 2025 Nvidia bought $5 billion of Intel shares.",
        ("Nvidia", "investedIn", "Intel"),
        {"time": "2025-09", "amount": usd("5000000000")},
    ),
    (
        "DeepSeek was founded by Liang Wenfeng in July 2023.",
        ("Liang Wenfeng", "founded", "DeepSeek"),
        {"time": "2023-07"},
    ),
    (
        "Sam Altman has led OpenAI since 2019.",
        ("Sam Altman", "leads", "OpenAI"),
        {"start": "2019"},
    ),
    (
        "Xu Li was chief executive of SenseTime until 2024.",
        ("Xu Li", "leads", "SenseTime"),
        {"end": "2024"},
    ),
    (
        "Former Google researcher Noam Shazeer founded Character.AI.",
        ("Noam Shazeer", "worksFor", "Google"),
        {"ended": True},
    ),
    (
        "Nvidia acquired Mellanox for $6.9 billion in 2020.",
        ("Nvidia", "acquired", "Mellanox"),
        {"time": "2020", "amount": usd("6900000000")},
    ),
    (
        "HighFlyer bought 10,000 A100 chips in 2022.",
        ("High-Flyer", "acquired", "A100"),
        {"time": "2022", "amount": {"value": Decimal(10000), "unit": "units"}},
    ),
    (
        "Microsoft invested $10 billion in OpenAI in January 2023, according to Bloomberg.",
        ("Microsoft", "investedIn", "OpenAI"),
        {
            "time": "2023-01",
            "amount": usd("10000000000"),
            "source": "Bloomberg",
            "attributed_to": "Bloomberg",
            "hedged": True,
        },
    ),
    (
        "DeepSeek says it trained V3 on 2,048 H800 chips.",
        ("DeepSeek-V3", "trainedOn", "H800"),
        {"source": "DeepSeek", "attributed_to": "DeepSeek"},
    ),
    (
        "Baidu's Ernie Bot was unveiled in March 2023.",
        ("Baidu", "developed", "Ernie Bot"),
        {"time": "2023-03"},
    ),
    (
        "Cymer, a San Diego company that ASML bought in 2013, makes light sources.",
        ("Cymer", "basedIn", "San Diego"),
        {},  # a state, not an event: the date is the purchase's
    ),
    (
        "Alibaba led a $600 million round in SenseTime in 2018.",
        ("Alibaba Group", "investedIn", "SenseTime"),
        {"time": "2018"},  # the round's size, not Alibaba's share of it
    ),
    (
        "John Schulman left OpenAI in September 2024.",
        ("John Schulman", "worksFor", "OpenAI"),
        {"end": "2024-09", "ended": True},  # the date of leaving ends the relation
    ),
    (
        "Sundar Pichai, the CEO of Google, visited Paris in 2023.",
        ("Sundar Pichai", "leads", "Google"),
        {},  # the visit's date, not the role's
    ),
    (
        "Google has previously invested in Anthropic.",
        ("Google", "investedIn", "Anthropic"),
        {},  # an investment made earlier still holds
    ),
    (
        "Peter Thiel invested $500,000 in Facebook.",
        ("Peter Thiel", "investedIn", "Meta"),
        {"amount": usd("500000")},  # the sign outside spaCy's span
    ),
    (
        "SoftBank invested in OpenAI at a $157 billion valuation.",
        ("SoftBank Group", "investedIn", "OpenAI"),
        {},  # a valuation is no amount invested
    ),
    (
        "Microsoft invested $1 billion in OpenAI, and Reid Hoffman invested in the lab too.",
        ("Microsoft", "investedIn", "OpenAI"),
        {"amount": usd("1000000000")},  # what any reading of the sentence found
    ),
]


def test_a_reporter_is_no_party_to_the_fact() -> None:
    graph = graph_of("Amazon invested $4 billion in Anthropic, Reuters reported.")
    labels = {entity.id: entity.label for entity in graph.entities}
    found = {(labels[r.subject], r.predicate.value, labels[r.object]) for r in graph.relations}
    assert found == {("Amazon", "investedIn", "Anthropic")}
    (relation,) = graph.relations
    assert relation.evidence[0].qualifiers.source == "Reuters"


@pytest.mark.parametrize(("text", "fact", "expected"), QUALIFIED)
def test_qualifiers_of_a_stated_fact(
    text: str, fact: tuple[str, str, str], expected: dict[str, Any]
) -> None:
    assert qualifiers(text, fact) == expected


def test_qualifiers_hedge_only_within_their_scope() -> None:
    text = (
        "OpenAI's GPT-4 was built on supercomputers that reportedly linked tens of thousands "
        "of A100 processors."
    )
    assert qualifiers(text, ("OpenAI", "developed", "GPT-4")) == {}
    hedged = "OpenAI reportedly acquired Rockset."
    assert qualifiers(hedged, ("OpenAI", "acquired", "Rockset")) == {"hedged": True}


def test_qualifiers_resolve_relative_dates_against_the_dateline() -> None:
    text = "SAN FRANCISCO, June 12, 2024 — Anthropic released Claude 3.5 Sonnet last week."
    assert qualifiers(text, ("Anthropic", "developed", "Claude 3.5 Sonnet")) == {
        "time": "2024-06-05"
    }


def attributes(text: str) -> set[tuple[str, str, Quantity, str | None]]:
    graph = graph_of(text)
    return {
        (entity.label, attribute.name.value, attribute.quantity, attribute.time)
        for entity in graph.entities
        for attribute in entity.attributes
    }


def q(value: str, unit: str) -> Quantity:
    return Quantity(value=Decimal(value), unit=unit)


ATTRIBUTES: list[tuple[str, set[tuple[str, str, Quantity, str | None]]]] = [
    (
        "DeepSeek-V3 has 671 billion parameters and cost $5.6 million to train.",
        {
            ("DeepSeek-V3", "parameters", q("671000000000", "parameters"), None),
            ("DeepSeek-V3", "trainingCost", q("5600000", "USD"), None),
        },
    ),
    (
        "Gemma 3 comes in sizes of up to 27 billion parameters.",
        {("Gemma 3", "parameters", q("27000000000", "parameters"), None)},
    ),
    (
        "Mistral AI raised €600 million at a €5.8 billion valuation in June 2024.",
        {
            ("Mistral AI", "fundingRaised", q("600000000", "EUR"), "2024-06"),
            ("Mistral AI", "valuation", q("5800000000", "EUR"), "2024-06"),
        },
    ),
    (
        "Nvidia lost about $600 billion in market value on January 27, 2025, as its shares "
        "fell almost 17%.",
        {
            ("Nvidia", "marketValueChange", q("-600000000000", "USD"), "2025-01-27"),
            ("Nvidia", "shareChange", q("-17", "percent"), "2025-01-27"),
        },
    ),
    (
        "Microsoft's market value passed $3 trillion in early 2024.",
        {("Microsoft", "valuation", q("3000000000000", "USD"), "2024")},
    ),
    (
        "Mistral AI, a Paris startup, has about 60 employees.",
        {("Mistral AI", "employees", q("60", "employees"), None)},
    ),
    (
        # the lead investor's round is not its own, and the round's company is unnamed here
        "Andreessen Horowitz led a Series A of roughly €385 million in December 2023.",
        set(),
    ),
    (
        # a market share is not a share price
        "Nvidia said its share of the Chinese market fell from 95% to about half.",
        set(),
    ),
    (
        # each clause its own direction
        "Nvidia shares fell 17% while AMD shares rose 5%.",
        {
            ("Nvidia", "shareChange", q("-17", "percent"), None),
            ("AMD", "shareChange", q("5", "percent"), None),
        },
    ),
    (
        # the amount in parentheses converts the first one: one number, in the first currency
        "Zhipu AI raised 10 billion yuan ($1.4 billion) in 2024.",
        {("Zhipu AI", "fundingRaised", q("10000000000", "CNY"), "2024")},
    ),
    (
        # the clause's subject names what the number measures
        "OpenAI's revenue reached $3.7 billion in 2024.",
        {("OpenAI", "revenue", q("3700000000", "USD"), "2024")},
    ),
    (
        "Meta employs more than 67,000 people.",
        {("Meta", "employees", q("67000", "employees"), None)},
    ),
    (
        # the valuation of the company invested in, not of the investor
        "Thrive Capital invested $1.25 billion in OpenAI at a $157 billion valuation.",
        {("OpenAI", "valuation", q("157000000000", "USD"), None)},
    ),
]


def test_numbers_keep_who_claims_them() -> None:
    graph = graph_of("DeepSeek said training V3 cost $5.6 million.")
    (model,) = [e for e in graph.entities if e.attributes]
    (cost,) = model.attributes
    assert cost.name is AttributeName.TRAINING_COST
    assert cost.evidence.qualifiers.source == "DeepSeek"
    assert cost.evidence.attributed_to == "DeepSeek"


def test_a_date_in_the_first_clause_is_no_dateline() -> None:
    text = "OpenAI was founded on December 11, 2015 - a decade ago. Last week it hired Jony Ive."
    graph = graph_of(text)
    assert all(not r.qualifiers.time or r.qualifiers.time == "2015-12-11" for r in graph.relations)


@pytest.mark.parametrize(("text", "expected"), ATTRIBUTES)
def test_attributes_of_an_entity(
    text: str, expected: set[tuple[str, str, Quantity, str | None]]
) -> None:
    assert attributes(text) == expected


def test_events_group_what_one_sentence_reports() -> None:
    graph = graph_of(
        "OpenAI, which was valued at $157 billion, closed a $6.6 billion funding round in "
        "October 2024 led by Thrive Capital. Anthropic released Claude 3 in March 2024. "
        "Nvidia lost about $600 billion in market value as its shares fell 17%."
    )
    events = {event.kind: event for event in graph.events}
    assert set(events) == {EventKind.FUNDING_ROUND, EventKind.MODEL_RELEASE, EventKind.MARKET_MOVE}
    funding = events[EventKind.FUNDING_ROUND]
    assert ("recipient", "OpenAI") in funding.participants
    assert dict(funding.amounts)[AttributeName.FUNDING_RAISED] == q("6600000000", "USD")
    assert dict(funding.amounts)[AttributeName.VALUATION] == q("157000000000", "USD")
    assert funding.time == "2024-10"
    release = events[EventKind.MODEL_RELEASE]
    assert release.participants == (("developer", "Anthropic"), ("model", "Claude_3"))
    assert release.time == "2024-03"
    move = events[EventKind.MARKET_MOVE]
    assert move.participants == (("company", "Nvidia"),)
    assert {name for name, _ in move.amounts} == {
        AttributeName.MARKET_VALUE_CHANGE,
        AttributeName.SHARE_CHANGE,
    }


def test_a_record_date_resolves_relative_dates_and_keys_the_cache(tmp_path: Path) -> None:
    """The same text dated differently is a different analysis: "last week" moves with it."""
    feed = tmp_path / "feed.jsonl"
    text = "Anthropic released Claude 3.5 Sonnet last week."

    def release_time(date: str) -> str | None:
        feed.write_text(json.dumps({"id": "n1", "text": text, "date": date}) + "\n")
        result = extract_into([feed], tmp_path / "out", Settings())
        assert not result.errors
        (relation,) = [r for r in result.graph.relations if r.predicate.value == "developed"]
        return relation.qualifiers.time

    assert release_time("2024-06-12") == "2024-06-05"
    assert release_time("2024-06-26") == "2024-06-19"
