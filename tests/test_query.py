"""``aikg query`` on the corpus store: result formats, errors, limits, and every named query's
real answer."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, Store
from rdflib import RDF, Graph
from typer.testing import CliRunner

from aikg.cli import app
from aikg.config import Settings
from aikg.ontology import AIKG
from aikg.queries import load_queries
from aikg.sparql import QueryError, QueryPool, check_query, memory_copy
from aikg.store import store_path

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FOUNDED = "SELECT ?who WHERE { ?who aikg:founded id:DeepSeek }"


def query(out: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", str(out), *args])
    return result.exit_code, result.stdout, result.stderr


def rows(out: Path, name: str, *params: str) -> list[dict[str, str]]:
    """A named query's answer as CSV rows."""
    options = [item for param in params for item in ("-p", param)]
    code, output, error = query(out, "--name", name, *options, "-f", "csv", "--limit", "0")
    assert code == 0, error
    return list(csv.DictReader(io.StringIO(output)))


# ---------------------------------------------------------------------- formats


def test_query_table_is_the_default(corpus_out: Path) -> None:
    code, output, _ = query(corpus_out, FOUNDED)
    assert code == 0
    assert "id:Liang_Wenfeng" in output and "1 row" in output


def test_query_result_formats_follow_the_w3c_specs(corpus_out: Path) -> None:
    iri = "https://aikg.example.org/id/entity/Liang_Wenfeng"
    code, output, _ = query(corpus_out, FOUNDED, "-f", "json")
    assert code == 0
    results = json.loads(output)
    assert results["head"]["vars"] == ["who"]
    assert results["results"]["bindings"] == [{"who": {"type": "uri", "value": iri}}]

    _, output, _ = query(corpus_out, FOUNDED, "-f", "xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [e.text for e in ET.fromstring(output).iterfind(".//r:uri", ns)] == [iri]

    _, output, _ = query(corpus_out, FOUNDED, "-f", "csv")
    assert output.splitlines() == ["who", iri]

    _, output, _ = query(corpus_out, FOUNDED, "-f", "tsv")
    assert output.splitlines() == ["?who", f"<{iri}>"]


def test_query_ask_construct_and_describe(corpus_out: Path) -> None:
    code, output, _ = query(corpus_out, "ASK { id:Liang_Wenfeng aikg:founded id:DeepSeek }")
    assert (code, output.strip()) == (0, "yes")
    code, output, _ = query(
        corpus_out, "CONSTRUCT WHERE { ?who aikg:founded id:DeepSeek }", "-f", "turtle"
    )
    assert code == 0
    assert len(Graph().parse(data=output, format="turtle")) == 1
    code, output, _ = query(corpus_out, "DESCRIBE id:DeepSeek", "-f", "ntriples", "--limit", "0")
    assert code == 0
    assert len(Graph().parse(data=output, format="nt")) > 5


def test_query_from_a_file(corpus_out: Path, tmp_path: Path) -> None:
    file = tmp_path / "q.rq"
    file.write_text(FOUNDED, encoding="utf-8")
    code, output, _ = query(corpus_out, "--file", str(file), "-f", "csv")
    assert code == 0 and "Liang_Wenfeng" in output


# ---------------------------------------------------------------------- errors and limits


def test_query_syntax_error_names_line_and_column(corpus_out: Path) -> None:
    code, output, error = query(corpus_out, "SELECT ?x WHERE {\n  ?x aikg:founded\n}")
    assert code == 2 and not output
    assert "syntax error" in error and "3:1" in error
    assert len(error.strip().splitlines()) == 1


def test_query_without_a_store_is_one_line(tmp_path: Path) -> None:
    code, _, error = query(tmp_path, FOUNDED)
    assert code == 2
    assert "no SPARQL store" in error and len(error.strip().splitlines()) == 1


def test_query_limit_truncates_and_says_so(corpus_out: Path) -> None:
    code, output, error = query(corpus_out, "SELECT ?s WHERE { ?s a aikg:Person }", "--limit", "3")
    assert code == 0
    assert "3 rows" in output and "first 3" in error


def test_query_timeout_cancels_a_runaway_query(corpus_out: Path) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    code, _, error = query(corpus_out, runaway, "--timeout", "1", "--limit", "0")
    assert code == 2 and "cancelled after 1 s" in error


def test_query_pool_survives_a_timeout(corpus_out: Path, settings: Settings) -> None:
    store = store_path(corpus_out)
    with QueryPool(workers=1) as pool:
        with pytest.raises(QueryError, match="cancelled"):
            runaway = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
            pool.run(store, runaway, base_iri=settings.base_iri, timeout=0.5, limit=None)
        answer = pool.run(store, "ASK { ?s aikg:founded ?o }", base_iri=settings.base_iri)
        assert answer.json()["boolean"] is True


def test_memory_copy_holds_every_quad_and_is_a_copy(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "store"))
    founded = NamedNode(f"{AIKG}founded")
    store.add(Quad(NamedNode("urn:x:a"), founded, NamedNode("urn:x:b"), NamedNode("urn:x:g")))
    copy = memory_copy(store)
    store.add(Quad(NamedNode("urn:x:c"), founded, NamedNode("urn:x:d")))
    assert list(copy) == [
        Quad(NamedNode("urn:x:a"), founded, NamedNode("urn:x:b"), NamedNode("urn:x:g"))
    ]


def test_query_pool_in_memory_follows_a_newly_published_store(
    corpus_out: Path, settings: Settings, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    store = Store(str(other))
    store.add(Quad(NamedNode("urn:x:a"), NamedNode(f"{AIKG}founded"), NamedNode("urn:x:b")))
    store.flush()
    del store
    asked = "ASK { <urn:x:a> aikg:founded <urn:x:b> }"
    with QueryPool(workers=1, in_memory=True) as pool:
        pool.preload(store_path(corpus_out), settings.base_iri)
        before = pool.run(store_path(corpus_out), asked, base_iri=settings.base_iri)
        after = pool.run(other, asked, base_iri=settings.base_iri)
    assert before.json()["boolean"] is False and after.json()["boolean"] is True


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://10.0.0.1/> { ?s ?p ?o } }",
        "SELECT * {\n  # a comment\n  SERVICE ?endpoint { ?s ?p ?o } }",
    ],
)
def test_query_service_is_refused(text: str) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        check_query(text)


def test_query_updates_are_not_queries(corpus_out: Path) -> None:
    code, _, error = query(corpus_out, "INSERT DATA { id:a aikg:founded id:b }")
    assert code == 2 and "syntax error" in error
    assert query(corpus_out, "ASK { id:a aikg:founded id:b }")[1].strip() == "no"


# ---------------------------------------------------------------------- the named queries


def test_query_library_has_documented_queries(settings: Settings) -> None:
    library = load_queries(settings.queries_dir)
    assert len(library) >= 12
    for named in library.values():
        assert named.title.endswith(".")
    code, output, _ = query(Path("."), "--list")
    assert code == 0 and "founders" in output


def test_query_unknown_name_or_parameter(corpus_out: Path) -> None:
    assert "no named query" in query(corpus_out, "--name", "nope")[2]
    code, _, error = query(corpus_out, "--name", "founders", "-p", "colour=red")
    assert code == 2 and "no parameter 'colour'" in error
    code, _, error = query(corpus_out, "--name", "neighbourhood")
    assert code == 2 and "needs --param entity" in error


def test_query_parameter_values_cannot_inject(corpus_out: Path) -> None:
    assert rows(corpus_out, "founders", 'org=x" } } SELECT * { ?s ?p ?o } #') == []


def test_named_founders(corpus_out: Path) -> None:
    assert {(r["organization"], r["founder"]) for r in rows(corpus_out, "founders")} >= {
        ("DeepSeek", "Liang Wenfeng"),
        ("Mistral AI", "Arthur Mensch"),
    }
    only = rows(corpus_out, "founders", "org=deepseek")
    assert {r["organization"] for r in only} == {"DeepSeek"}


def test_named_developers(corpus_out: Path) -> None:
    found = {(r["model"], r["developer"]) for r in rows(corpus_out, "developers", "by=DeepSeek")}
    assert ("DeepSeek-V3", "DeepSeek") in found
    assert {developer for _, developer in found} == {"DeepSeek"}


def test_named_restricted_chips(corpus_out: Path) -> None:
    found = {(r["chip"], r["policy"]) for r in rows(corpus_out, "restricted-chips")}
    assert ("A100", "export controls") in found
    assert any(r["enacted_by"] for r in rows(corpus_out, "restricted-chips"))


def test_named_trained_on_restricted(corpus_out: Path) -> None:
    found = rows(corpus_out, "trained-on-restricted")
    assert found
    restricted = {(r["chip"]) for r in rows(corpus_out, "restricted-chips")}
    assert all(r["chip"] in restricted for r in found)


def test_named_spin_offs(corpus_out: Path) -> None:
    found = {(r["spin_off"], r["parent"]) for r in rows(corpus_out, "spin-offs")}
    assert ("Zhipu AI", "Tsinghua University") in found


def test_named_careers_and_movers(corpus_out: Path) -> None:
    career = {r["organization"] for r in rows(corpus_out, "careers", "person=Naveen Rao")}
    assert {"MosaicML", "Intel"} <= career
    movers = {r["name"]: int(r["organizations"]) for r in rows(corpus_out, "movers")}
    assert movers["Naveen Rao"] >= 2
    assert all(n >= 2 for n in movers.values())


def test_named_competitors(corpus_out: Path) -> None:
    found = {r["competitor"] for r in rows(corpus_out, "competitors", "rival=Databricks")}
    assert "Snowflake" in found


def test_named_investors(corpus_out: Path) -> None:
    found = {r["investor"] for r in rows(corpus_out, "investors", "company=Anthropic")}
    assert "Google" in found


def test_named_provenance_points_into_the_document(corpus_out: Path) -> None:
    found = rows(corpus_out, "provenance", "subject=Liang Wenfeng", "predicate=founded")
    assert found
    for row in found:
        text = (CORPUS / row["document"]).read_text(encoding="utf-8")
        assert text[int(row["start"]) : int(row["end"])] == row["sentence"]
        assert row["relation"] == "founded" and row["fact_subject"] == "Liang Wenfeng"


def test_named_no_wikidata(corpus_out: Path) -> None:
    found = {r["entity"] for r in rows(corpus_out, "no-wikidata")}
    assert "H100" in found and "Nvidia" not in found


def test_named_type_counts_match_the_graph(corpus_out: Path) -> None:
    turtle = Graph().parse(corpus_out / "graph.ttl")
    companies = len(set(turtle.subjects(RDF.type, AIKG.Company)))
    counts = {r["type"]: (r["parent"], int(r["entities"])) for r in rows(corpus_out, "type-counts")}
    assert counts["Company"] == ("Organization", companies)


def test_named_neighbourhood(corpus_out: Path) -> None:
    found = {
        (r["direction"], r["relation"], r["other"])
        for r in rows(corpus_out, "neighbourhood", "entity=deepseek")
    }
    assert ("in", "founded", "Liang Wenfeng") in found
    assert ("out", "developed", "DeepSeek-V3") in found


def test_named_funding_rounds_by_date(corpus_out: Path) -> None:
    found = rows(corpus_out, "funding-rounds")
    dated = [r["date"] for r in found if r["date"]]
    assert dated == sorted(dated)
    openai = {
        (r["date"], r["amount"], r["currency"], r["valuation"])
        for r in rows(corpus_out, "funding-rounds", "company=openai")
    }
    assert ("2024-10", "6600000000", "USD", "157000000000") in openai
    hugging = rows(corpus_out, "funding-rounds", "company=Hugging Face")
    assert any("Salesforce" in r["investors"] for r in hugging)


def test_named_model_sizes(corpus_out: Path) -> None:
    found = {r["model"]: r for r in rows(corpus_out, "model-sizes")}
    assert found["DeepSeek-V3"]["parameters"] == "671000000000"
    assert found["DeepSeek-V3"]["developer"] == "DeepSeek"


def test_named_claims_by_source(corpus_out: Path) -> None:
    found = rows(corpus_out, "claims", "by=Mistral")
    assert found and all(r["source"] == "Mistral AI" for r in found)
    assert {r["hedged"] for r in found} <= {"true", "false"}
    assert ("Meta", "developed", "Llama 2 70B") in {
        (r["subject"], r["relation"], r["object"]) for r in found
    }


def test_named_timeline(corpus_out: Path) -> None:
    found = rows(corpus_out, "timeline", "entity=DeepSeek")
    assert [r["date"] for r in found] == sorted(r["date"] for r in found)
    assert ("2023-07", "happened", "Liang Wenfeng", "founded", "DeepSeek") in {
        (r["date"], r["what"], r["subject"], r["relation"], r["object"]) for r in found
    }


def test_named_weakest_facts(corpus_out: Path) -> None:
    found = [float(r["confidence"]) for r in rows(corpus_out, "weakest-facts", "below=0.5")]
    assert found and all(c < 0.5 for c in found)
    assert found == sorted(found)


def test_query_unreadable_or_empty_query_is_one_line(corpus_out: Path, tmp_path: Path) -> None:
    empty, binary = tmp_path / "empty.rq", tmp_path / "binary.rq"
    empty.write_text("  \n", encoding="utf-8")
    binary.write_bytes(b"SELECT \x00\xff")
    for options, message in (
        (["--file", str(empty)], "empty query"),
        (["--file", str(binary)], "binary file"),
        (["--file", str(tmp_path / "nowhere.rq")], "No such file"),
        (["   "], "empty query"),
    ):
        code, output, error = query(corpus_out, *options)
        assert code == 2 and message in error and not output
        assert len(error.strip().splitlines()) == 1
