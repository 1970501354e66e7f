"""`aikg evaluate`: the scoring rules of the gold format, the gold reader, and the corpus floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aikg.cli import app
from aikg.config import Settings
from aikg.evaluate import GoldError, evaluate, load_gold
from aikg.model import Entity, KnowledgeGraph, Provenance, Relation
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


# Floors a little below what the extractor reaches on the corpus, to catch regressions.
FLOORS = {
    "dev": {"entities": 0.91, "relations": 0.63},
    "test": {"entities": 0.89, "relations": 0.49},
}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_evaluate_corpus_floors(split: str) -> None:
    result = runner.invoke(app, ["evaluate", str(CORPUS / split), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] >= 6
    assert report["entities"]["f1"] >= FLOORS[split]["entities"]
    assert report["relations"]["f1"] >= FLOORS[split]["relations"]
