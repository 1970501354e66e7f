"""The SPARQL store of an output folder: what ``aikg extract`` loads, and how runs add to it."""

from __future__ import annotations

import io
from pathlib import Path

from rdflib import Graph

from aikg.build import extract_into
from aikg.config import Settings
from aikg.sparql import run_query
from aikg.store import store_path

BASE = Settings().base_iri


def ask(out: Path, query: str) -> bool:
    return bool(run_query(store_path(out), query, base_iri=BASE).json()["boolean"])


def count(out: Path, where: str) -> int:
    answer = run_query(
        store_path(out), f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", base_iri=BASE
    )
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_store_holds_the_exported_graph_and_the_ontology(corpus_out: Path) -> None:
    turtle = Graph().parse(corpus_out / "graph.ttl")
    assert count(corpus_out, "GRAPH ?g { ?s ?p ?o }") > 0  # the ontology, in its named graph
    assert count(corpus_out, "?s ?p ?o") - count(corpus_out, "GRAPH ?g { ?s ?p ?o }") == len(turtle)
    assert ask(corpus_out, "ASK { aikg:Company rdfs:subClassOf aikg:Organization }")
    # a query can climb the class tree from the data into the ontology
    assert ask(
        corpus_out,
        "ASK { id:Nvidia a ?class . ?class rdfs:subClassOf* aikg:Organization ; rdfs:label ?l }",
    )


def test_store_grows_with_each_run_and_reuses_unchanged_documents(
    tmp_path: Path, small_corpus: Path, settings: Settings
) -> None:
    out = tmp_path / "out"
    first = extract_into([small_corpus / "deepseek.txt"], out, settings)
    assert first.read == 1 and first.reused == 0
    assert ask(out, "ASK { id:Liang_Wenfeng aikg:founded id:DeepSeek }")
    assert not ask(out, "ASK { ?who aikg:leads id:OpenAI }")

    second = extract_into([small_corpus / "openai.md"], out, settings)
    assert second.graph.documents == ("deepseek.txt", "openai.md")
    assert ask(out, "ASK { id:Liang_Wenfeng aikg:founded id:DeepSeek }")  # still there
    assert ask(out, "ASK { id:Sam_Altman aikg:leads id:OpenAI }")

    again = extract_into([small_corpus], out, settings)
    assert again.reused == 2  # nothing parsed again

    (small_corpus / "openai.md").write_text("Satya Nadella leads Microsoft.\n", encoding="utf-8")
    changed = extract_into([small_corpus], out, settings)
    assert changed.reused == 1
    assert not ask(out, "ASK { id:Sam_Altman aikg:leads id:OpenAI }")  # its own facts replaced
    assert ask(out, "ASK { id:Satya_Nadella aikg:leads id:Microsoft }")


def test_store_fresh_run_forgets_other_documents(
    tmp_path: Path, small_corpus: Path, settings: Settings
) -> None:
    out = tmp_path / "out"
    extract_into([small_corpus], out, settings)
    fresh = extract_into([small_corpus / "openai.md"], out, settings, fresh=True)
    assert fresh.graph.documents == ("openai.md",)
    assert not ask(out, "ASK { ?s aikg:founded id:DeepSeek }")


def test_store_is_swapped_whole_and_old_versions_are_removed(
    tmp_path: Path, small_corpus: Path, settings: Settings
) -> None:
    out = tmp_path / "out"
    extract_into([small_corpus], out, settings)
    before = store_path(out)
    extract_into([small_corpus], out, settings)
    assert store_path(out) == before  # nothing changed: nothing rewritten
    (small_corpus / "openai.md").write_text("Satya Nadella leads Microsoft.\n", encoding="utf-8")
    extract_into([small_corpus], out, settings)
    after = store_path(out)
    assert (out / "store").is_symlink() and before != after
    assert not before.exists()
    assert [p.name for p in out.glob(".store-*")] == [after.name]


def test_store_run_that_reads_nothing_keeps_the_store(
    tmp_path: Path, small_corpus: Path, settings: Settings
) -> None:
    out = tmp_path / "out"
    extract_into([small_corpus], out, settings)
    before = store_path(out)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = extract_into([empty], out, settings)
    assert result.read == 0 and result.errors
    assert store_path(out) == before
    assert ask(out, "ASK { id:Liang_Wenfeng aikg:founded id:DeepSeek }")


def test_store_unchanged_rerun_rewrites_nothing(
    tmp_path: Path, small_corpus: Path, settings: Settings
) -> None:
    out = tmp_path / "out"
    first = extract_into([small_corpus], out, settings)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("graph.*")}
    again = extract_into([small_corpus], out, settings)
    assert callable(again.resolved)  # what the folder holds is known without reading it
    assert again.counts == first.counts and sum(again.counts.relations.values()) > 2
    assert callable(again.resolved)
    assert again.reused == 2 and again.graph.counts() == first.counts
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("graph.*")} == stamps
    (out / "graph.ttl").unlink()  # an export gone: written again
    extract_into([small_corpus], out, settings)
    assert (out / "graph.ttl").exists()


def test_store_deleted_document_takes_its_facts_with_it(
    tmp_path: Path, small_corpus: Path, settings: Settings
) -> None:
    out = tmp_path / "out"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "w1", "text": "Arm was acquired by SoftBank."}\n'
        '{"id": "w2", "text": "Nvidia acquired Mellanox."}\n',
        encoding="utf-8",
    )
    extract_into([small_corpus, feed], out, settings)
    assert ask(out, "ASK { id:Sam_Altman aikg:leads id:OpenAI }")
    (small_corpus / "openai.md").unlink()
    feed.write_text('{"id": "w1", "text": "Arm was acquired by SoftBank."}\n', encoding="utf-8")
    again = extract_into([small_corpus, feed], out, settings)
    assert again.graph.documents == ("deepseek.txt", "w1")
    assert not ask(out, "ASK { id:Sam_Altman aikg:leads id:OpenAI }")
    assert not ask(out, "ASK { id:Nvidia aikg:acquired id:Mellanox }")
    assert ask(out, "ASK { id:Liang_Wenfeng aikg:founded id:DeepSeek }")


def test_store_loads_the_same_triples_in_small_pieces_side_by_side(corpus_out: Path) -> None:
    """The bulk loader is fed a few megabytes at a time, on several threads; cut into pieces
    of a few hundred bytes, the corpus graph loads the same."""
    from pyoxigraph import RdfFormat, Store

    from aikg.store import load_ntriples

    data = (corpus_out / "graph.nt").read_bytes()
    whole, pieces = Store(), Store()
    load_ntriples(whole, io.BytesIO(data), workers=1, piece_bytes=len(data))
    load_ntriples(pieces, io.BytesIO(data), workers=2, piece_bytes=300)
    assert len(pieces) == len(whole) == data.count(b"\n")
    dumped = [store.dump(format=RdfFormat.N_QUADS) or b"" for store in (pieces, whole)]
    assert sorted(dumped[0].splitlines()) == sorted(dumped[1].splitlines())
