"""Every export round-trips, conforms to the SHACL shapes, and is byte-identical across runs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.compare import isomorphic

from aikg.build import ExtractionResult
from aikg.config import Settings
from aikg.errors import OutputError
from aikg.export import ExportSource, atomic_write, exporters, render, write_outputs
from aikg.export.graphml import to_networkx
from aikg.export.rdf import to_rdf

RDF_FORMATS = [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")]


@pytest.mark.parametrize(("name", "rdflib_format"), RDF_FORMATS)
def test_export_rdf_round_trips(
    corpus_result: ExtractionResult, settings: Settings, name: str, rdflib_format: str
) -> None:
    data = render(corpus_result.graph, settings, [name])[name]
    reparsed = Graph().parse(data=data, format=rdflib_format)
    assert isomorphic(reparsed, to_rdf(corpus_result.graph, settings.base_iri))


def test_export_graphml_round_trips(corpus_result: ExtractionResult, settings: Settings) -> None:
    data = render(corpus_result.graph, settings, ["graphml"])["graphml"]
    network = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    original = to_networkx(corpus_result.graph, settings.base_iri)
    assert set(network.nodes) == set(original.nodes)
    assert sorted((u, v, d["predicate"]) for u, v, d in network.edges(data=True)) == sorted(
        (u, v, d["predicate"]) for u, v, d in original.edges(data=True)
    )
    graph = corpus_result.graph
    roles = sum(len(event.participants) for event in graph.events)
    assert network.number_of_nodes() == len(graph.entities) + len(graph.events)
    assert network.number_of_edges() == len(graph.relations) + roles
    events = [d for _, d in network.nodes(data=True) if d["kind"] == "event"]
    assert {d["type"] for d in events} == {"FundingRound", "ModelRelease", "MarketMove"}
    dated = [d for _, _, d in network.edges(data=True) if d.get("time")]
    assert dated and all(d["time"][:2] in ("19", "20") for d in dated)
    measured = [d for _, d in network.nodes(data=True) if d.get("attributes")]
    assert any("valuation" in d["attributes"] for d in measured)
    some = graph.relations[0]
    edge = next(
        d
        for u, v, d in network.edges(data=True)
        if (u, v, d["predicate"]) == (some.subject, some.object, some.predicate.value)
    )
    assert edge["confidence"] == pytest.approx(some.confidence)
    assert edge["evidence"] and edge["document"]
    node = network.nodes[some.subject]
    assert set(node) >= {"iri", "label", "type", "aliases"}


def test_export_conforms_to_shacl(corpus_result: ExtractionResult, settings: Settings) -> None:
    data = to_rdf(corpus_result.graph, settings.base_iri)
    shapes = Graph().parse(settings.shapes_file)
    ontology = Graph().parse(settings.ontology_file)
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=ontology)
    assert conforms, report


def test_export_shacl_catches_a_wrong_type(settings: Settings) -> None:
    """The shapes are not vacuous: a company as founder violates them."""
    bad = Graph().parse(
        data="""
        @prefix aikg: <https://aikg.example.org/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <urn:a> a aikg:Company ; skos:prefLabel "A" ; aikg:founded <urn:b> .
        <urn:b> a aikg:Company ; skos:prefLabel "B" .
        """,
        format="turtle",
    )
    shapes = Graph().parse(settings.shapes_file)
    ontology = Graph().parse(settings.ontology_file)
    conforms, _, _ = validate(bad, shacl_graph=shapes, ont_graph=ontology)
    assert not conforms


@pytest.mark.parametrize(
    ("bad", "caught_by"),
    [
        (
            "<urn:m> a aikg:Measurement ; aikg:measures aikg:valuation ; aikg:value 5.0 ; "
            'aikg:unit "dollars" .',
            "aikg:unit",  # not a currency code
        ),
        (
            '<urn:e> a aikg:Event ; aikg:pointInTime "last year" .',
            "aikg:pointInTime",  # not an xsd date
        ),
        (
            '<urn:m> a aikg:AIModel ; skos:prefLabel "M" ; aikg:valuation 5.0 .',
            "OrganizationAttributeShape",  # a model has no valuation
        ),
        (
            "<urn:r> a aikg:FundingRound ; aikg:investor <urn:i> .",
            "aikg:recipient",  # a round is for someone
        ),
    ],
    ids=["unit", "date", "attribute-domain", "round-without-recipient"],
)
def test_export_shacl_catches_bad_qualifiers_and_events(
    bad: str, caught_by: str, settings: Settings
) -> None:
    prefixes = (
        "@prefix aikg: <https://aikg.example.org/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    )
    data = Graph().parse(data=prefixes + bad, format="turtle")
    shapes = Graph().parse(settings.shapes_file)
    ontology = Graph().parse(settings.ontology_file)
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=ontology)
    assert not conforms
    assert caught_by in report


def test_export_provenance_is_queryable(
    corpus_result: ExtractionResult, settings: Settings
) -> None:
    data = to_rdf(corpus_result.graph, settings.base_iri)
    rows = list(
        data.query(
            """
            SELECT ?founder ?org ?confidence ?sentence ?doc WHERE {
              ?founder aikg:founded ?org .
              ?st rdf:subject ?founder ; rdf:predicate aikg:founded ; rdf:object ?org ;
                  aikg:confidence ?confidence ; prov:wasDerivedFrom ?ev .
              ?ev aikg:sentence ?sentence ; prov:wasQuotedFrom ?doc .
            }
            """
        )
    )
    assert rows
    assert all(0 <= float(row.confidence) <= 1 and str(row.sentence) for row in rows)


def test_export_registry_lists_every_format() -> None:
    assert set(exporters()) == {"turtle", "ntriples", "jsonld", "graphml"}


def test_export_write_outputs_replaces_files(
    tmp_path: Path, corpus_result: ExtractionResult, settings: Settings
) -> None:
    with ExportSource(corpus_result.graph, settings, tmp_path) as source:
        written = write_outputs(source, tmp_path)
    assert sorted(p.name for p in written) == sorted(
        ["graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml"]
    )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_export_atomic_write_keeps_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match="No space left"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def _extract_in_subprocess(out: Path, corpus: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "aikg", "extract", str(corpus), "-o", str(out), "-q"],
        check=True,
        env=env,
    )


def test_export_is_deterministic_across_processes(tmp_path: Path, small_corpus: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    _extract_in_subprocess(first, small_corpus, "1")
    _extract_in_subprocess(second, small_corpus, "2")
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_export_hostile_text_still_parses(settings: Settings) -> None:
    """Quotes, angle brackets, control characters and bidi overrides in names and sentences."""
    from aikg.model import Entity, KnowledgeGraph, Provenance, Relation

    sentence = 'Nvidia\x0b bought <Mellanox> "for real"\u202e \x01 & more'
    graph = KnowledgeGraph(
        documents=("odd\x0bdoc <1>",),
        entities=(
            Entity(
                id="Nvidia", label='Nvidia "<x>"\x01', type="Company", documents=("odd\x0bdoc <1>",)
            ),
            Entity(id="Mellanox", label="Mellanox", type="Company"),
        ),
        relations=(
            Relation(
                subject="Nvidia",
                predicate="acquired",
                object="Mellanox",
                evidence=(
                    Provenance(
                        document="odd\x0bdoc <1>", sentence=sentence, start=0, end=9, confidence=0.9
                    ),
                ),
            ),
        ),
    )
    expected = to_rdf(graph, settings.base_iri)
    for name, rdflib_format in RDF_FORMATS:
        data = render(graph, settings, [name])[name]
        assert isomorphic(Graph().parse(data=data, format=rdflib_format), expected), name
    network = nx.read_graphml(io.BytesIO(render(graph, settings, ["graphml"])["graphml"]))
    assert network.number_of_edges() == 1
    assert network.nodes["Nvidia"]["label"].startswith('Nvidia "<x>"')


def test_export_ntriples_sorted_in_spilled_runs_is_one_sort(
    tmp_path: Path,
    corpus_result: ExtractionResult,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A graph too large to sort in memory is sorted in runs spilled to scratch files and
    merged: the same bytes, and no scratch file left."""
    from aikg.export import rdf

    whole = render(corpus_result.graph, settings, ["ntriples"])["ntriples"]
    lines = whole.splitlines()
    assert lines == sorted(set(lines)) and len(lines) > 1000
    monkeypatch.setattr(rdf, "_RUN_LINES", 300)
    with ExportSource(corpus_result.graph, settings, tmp_path) as source:
        assert source.ntriples_path().read_bytes() == whole
        assert len(list(tmp_path.iterdir())) == 1  # the runs are gone, the result stays
    assert not list(tmp_path.iterdir())
