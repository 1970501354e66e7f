"""`aikg evaluate`: the scoring rules of the gold format, the gold reader, and the corpus floors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aikg.cli import app
from aikg.config import Settings
from aikg.evaluate import GoldError, evaluate, load_gold
from aikg.model import (
    Attribute,
    Entity,
    KnowledgeGraph,
    Provenance,
    Qualifiers,
    Quantity,
    Relation,
)
from aikg.ontology import load_vocabulary

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
runner = CliRunner()


def _write_gold(folder: Path, gold: dict[str, object]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.gold.json").write_text(json.dumps(gold), encoding="utf-8")


GOLD = {
    "doc": "a.txt",
    "entities": [
        {"name": "DeepSeek", "types": ["Organization"], "aliases": ["DeepSeek AI"]},
        {"name": "Liang Wenfeng", "types": ["Person"], "aliases": ["Liang"]},
        {"name": "Huawei", "types": ["Organization"]},
        {"name": "SMIC", "types": ["Organization"]},
        {"name": "Hangzhou", "types": ["Location"], "optional": True},
    ],
    "relations": [
        {"s": "Liang Wenfeng", "p": "founded", "o": "DeepSeek"},
        {"s": "Huawei", "p": "partnerOf", "o": "SMIC"},
        {"s": "DeepSeek", "p": "basedIn", "o": "Hangzhou", "optional": True},
    ],
}


def _evidence(confidence: float = 0.9) -> tuple[Provenance, ...]:
    return (Provenance(document="a.txt", sentence="s", start=0, end=1, confidence=confidence),)


def test_evaluate_scoring_rules(tmp_path: Path, settings: Settings) -> None:
    _write_gold(tmp_path, GOLD)

    def entity(id_: str, label: str, type_: str, aliases: tuple[str, ...] = ()) -> Entity:
        return Entity(id=id_, label=label, type=type_, aliases=aliases, documents=("a.txt",))

    graph = KnowledgeGraph(
        documents=("a.txt",),
        entities=(
            entity("DeepSeek_AI", "the DeepSeek AI", "Company"),  # alias, subclass: tp
            entity("Liang", "Liang", "Person"),  # alias: tp
            entity("Huawei", "Huawei", "Location"),  # wrong type: fp and fn
            entity("SMIC", "SMIC", "Company"),  # tp
            entity("Hangzhou", "Hangzhou", "City"),  # optional: ignored
            entity("Biden", "Biden", "Person"),  # not in gold: fp
        ),
        relations=(
            Relation(subject="Liang", predicate="founded", object="DeepSeek_AI",
                     evidence=_evidence()),  # tp
            Relation(subject="SMIC", predicate="partnerOf", object="Huawei",
                     evidence=_evidence(0.6)),  # symmetric: tp
            Relation(subject="DeepSeek_AI", predicate="basedIn", object="Hangzhou",
                     evidence=_evidence()),  # optional: ignored
            Relation(subject="Liang", predicate="leads", object="DeepSeek_AI",
                     evidence=_evidence()),  # fp
        ),
    )  # fmt: skip
    report = evaluate(graph, load_gold(tmp_path), load_vocabulary(settings.ontology_file))
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (3, 2, 1)
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (2, 1, 0)
    assert report.by_predicate["partnerOf"].tp == 1
    assert report.calibration["[0.8, 1.0]"].fp == 1
    assert {m["item"] for m in report.misses} == {"Huawei (Organization)"}


def test_evaluate_scores_qualifiers_and_attributes(tmp_path: Path, settings: Settings) -> None:
    gold = {
        "doc": "a.txt",
        "entities": [
            {"name": "Microsoft", "types": ["Organization"]},
            {"name": "OpenAI", "types": ["Organization"], "attributes": [
                {"name": "valuation", "value": 157000000000, "unit": "USD", "time": "2024-10"},
                {"name": "fundingRaised", "value": 6600000000, "unit": "USD"},
            ]},
            {"name": "Bloomberg", "types": ["Organization"], "optional": True},
        ],
        "relations": [
            {"s": "Microsoft", "p": "investedIn", "o": "OpenAI", "qualifiers": {
                "time": "2023-01", "amount": {"value": 10000000000, "unit": "USD"},
                "source": "Bloomberg", "ended": True,
            }},
        ],
    }  # fmt: skip
    _write_gold(tmp_path, gold)
    item = Provenance(
        document="a.txt", sentence="s", start=0, end=1, confidence=0.9,
        qualifiers=Qualifiers(
            time="2023-01",  # tp
            amount=Quantity(value=Decimal("10.05e9"), unit="USD"),  # within 1%: tp
            source="bloomberg",  # same name: tp
            hedged=True,  # gold does not say so: fp; ended is missed: fn
        ),
    )  # fmt: skip
    valuation = Attribute(
        name="valuation", quantity=Quantity(value=Decimal("157e9"), unit="USD"), evidence=item
    )
    wrong = Attribute(
        name="revenue", quantity=Quantity(value=Decimal(5), unit="USD"), evidence=item
    )
    graph = KnowledgeGraph(
        documents=("a.txt",),
        entities=(
            Entity(id="Microsoft", label="Microsoft", type="Company", documents=("a.txt",)),
            Entity(id="OpenAI", label="OpenAI", type="Company", documents=("a.txt",),
                   attributes=(wrong, valuation)),
        ),
        relations=(
            Relation(subject="Microsoft", predicate="investedIn", object="OpenAI",
                     evidence=(item,)),
        ),
    )  # fmt: skip
    report = evaluate(graph, load_gold(tmp_path), load_vocabulary(settings.ontology_file))
    assert (report.qualifiers.tp, report.qualifiers.fp, report.qualifiers.fn) == (3, 1, 1)
    assert report.by_qualifier["hedged"].fp == report.by_qualifier["ended"].fn == 1
    assert (report.attributes.tp, report.attributes.fp, report.attributes.fn) == (1, 1, 1)
    assert {m["item"] for m in report.misses} == {
        "Microsoft investedIn OpenAI: ended = True",
        "OpenAI fundingRaised 6600000000 USD",
    }


def test_evaluate_gold_attribute_unit_is_checked_when_read(tmp_path: Path) -> None:
    gold = {
        "doc": "a.txt",
        "entities": [
            {"name": "OpenAI", "types": ["Organization"],
             "attributes": [{"name": "valuation", "value": 5, "unit": "usd"}]},
        ],
    }  # fmt: skip
    _write_gold(tmp_path, gold)
    with pytest.raises(GoldError, match=r"a\.gold\.json: not in the gold format: .*unit"):
        load_gold(tmp_path)


def test_evaluate_gold_errors_name_the_file(tmp_path: Path) -> None:
    bad = dict(GOLD, relations=[{"s": "Nobody", "p": "founded", "o": "DeepSeek"}])
    _write_gold(tmp_path, bad)
    with pytest.raises(GoldError, match=r"a\.gold\.json: not in the gold format"):
        load_gold(tmp_path)
    _write_gold(tmp_path, dict(GOLD, relations=[{"s": "Huawei", "p": "owns", "o": "SMIC"}]))
    with pytest.raises(GoldError, match=r"a\.gold\.json"):
        load_gold(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GoldError, match=r"no \*\.gold\.json files"):
        load_gold(empty)


def test_evaluate_cli_bad_gold_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.gold.json").write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "a.gold.json" in result.stderr


def test_evaluate_cli_pred_graph_scores_like_extraction(tmp_path: Path) -> None:
    out = tmp_path / "out"
    test_dir = CORPUS / "test"
    assert runner.invoke(app, ["extract", str(test_dir), "-o", str(out), "-q"]).exit_code == 0
    fresh = runner.invoke(app, ["evaluate", str(test_dir), "--json"])
    read = runner.invoke(
        app, ["evaluate", str(test_dir), "--pred", str(out / "graph.ttl"), "--json"]
    )
    assert fresh.exit_code == read.exit_code == 0
    assert json.loads(fresh.stdout) == json.loads(read.stdout)


# Floors a little below what the extractor reaches on the corpus, to catch regressions. The
# dev floors for relations and attributes came down when six harder articles joined corpus/dev
# (their figures before any rule saw them: relations F1 0.46, attributes 0.24); on the 26
# earlier ones relations stay at 0.74 and attributes at 0.62.
FLOORS = {
    "dev": {"entities": 0.92, "relations": 0.69, "qualifiers": 0.70, "attributes": 0.50},
    "test": {"entities": 0.90, "relations": 0.53, "qualifiers": 0.70, "attributes": 0.48},
}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_evaluate_corpus_floors(split: str) -> None:
    result = runner.invoke(app, ["evaluate", str(CORPUS / split), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] >= 6
    for measure, floor in FLOORS[split].items():
        assert report[measure]["f1"] >= floor, measure
