"""``aikg viz``: the offline page in a real headless Chromium, the images, Gephi and Cytoscape
files, and the view options."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import Browser, sync_playwright
from typer.testing import CliRunner

from aikg.build import ExtractionResult, read_graph
from aikg.cli import app
from aikg.config import Settings
from aikg.ontology import load_vocabulary
from aikg.viz import ViewError, ViewOptions, select

runner = CliRunner()


def viz(out: Path, target: Path, *options: str) -> None:
    result = runner.invoke(app, ["viz", str(out), "-o", str(target), *options])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium is needed (make test installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def page_file(corpus_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("viz") / "graph.html"
    viz(corpus_out, target)
    return target


# ---------------------------------------------------------------------- the page, in Chromium


def test_viz_page_draws_the_whole_graph_offline_without_errors(
    browser: Browser, page_file: Path, corpus_out: Path
) -> None:
    graph = read_graph(corpus_out)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    elsewhere: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith("file://") else elsewhere.append(r.url))
    page.goto(page_file.as_uri())
    page.wait_for_function("window.aikgView && window.aikgView.drawn().nodes > 0")
    drawn = page.evaluate("window.aikgView.drawn()")
    assert drawn == {"nodes": len(graph.entities), "edges": len(graph.relations)}
    page.wait_for_timeout(500)
    page.screenshot(path=str(page_file.with_suffix(".png")))
    assert page_file.with_suffix(".png").stat().st_size > 10_000
    assert problems == [] and elsewhere == []
    page.close()


def test_viz_page_search_filters_and_details(browser: Browser, page_file: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(page_file.as_uri())
    page.wait_for_function("window.aikgView && window.aikgView.drawn().nodes > 0")
    page.fill("#search", "deepseek")
    page.press("#search", "Enter")
    details = page.inner_text("#details")
    assert details.startswith("DeepSeek") and "Company" in details
    before = page.evaluate("window.aikgView.drawn()")
    people = page.evaluate("window.aikgView.nodes.get({filter: (n) => n.core === 'Person'}).length")
    page.get_by_label("Person").uncheck()
    after = page.evaluate("window.aikgView.drawn()")
    assert after["nodes"] == before["nodes"] - people and after["edges"] < before["edges"]
    page.get_by_label("founded").uncheck()
    founded = page.evaluate(
        "window.aikgView.edges.get({filter: (e) => e.predicate === 'founded'}).length"
    )
    assert founded > 0
    assert page.evaluate("window.aikgView.drawn()")["edges"] <= after["edges"]
    page.close()


def test_viz_page_shows_when_how_much_and_who_says_so(browser: Browser, page_file: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(page_file.as_uri())
    page.wait_for_function("window.aikgView && window.aikgView.drawn().nodes > 0")
    titles = page.evaluate("window.aikgView.edges.get().map((e) => e.title)")
    assert any("\nin 2023-07\n" in title for title in titles)
    assert any("amount " in title and " USD" in title for title in titles)
    nodes = page.evaluate("window.aikgView.nodes.get().map((n) => n.title)")
    assert any("valuation 157000000000 USD (2024-10)" in title for title in nodes)
    page.fill("#search", "openai")
    page.press("#search", "Enter")
    assert "fundingRaised 6600000000 USD (2024-10)" in page.inner_text("#details")
    page.close()


def test_viz_page_is_self_contained(page_file: Path) -> None:
    html = page_file.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)
    assert "default-src 'none'" in html  # the browser refuses any request the page might make


def test_viz_page_survives_hostile_labels(tmp_path: Path, settings: Settings) -> None:
    """A name that looks like markup stays text: no script of the page is ended early."""
    from aikg.build import extract_into

    article = tmp_path / "a.txt"
    article.write_text(
        "Nvidia acquired </script><script>alert(1)</script> Labs in 2024. "
        "Nvidia acquired Mellanox in 2020.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    extract_into([article], out, settings)
    viz(out, tmp_path / "g.html")
    html = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert html.count("</script>") == 2  # the two script elements of the page, no more


# ---------------------------------------------------------------------- other formats


def test_viz_svg_and_png_are_drawn_by_graphviz(corpus_out: Path, tmp_path: Path) -> None:
    viz(corpus_out, tmp_path / "n.svg", "--focus", "Nvidia", "--hops", "1")
    svg = (tmp_path / "n.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert ">Nvidia</text>" in svg and ">acquired</text>" in svg
    viz(corpus_out, tmp_path / "n.png", "--focus", "Nvidia", "--hops", "1")
    assert (tmp_path / "n.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_viz_gexf_opens_in_networkx_with_colours(corpus_out: Path, tmp_path: Path) -> None:
    viz(corpus_out, tmp_path / "g.gexf")
    network = nx.read_gexf(tmp_path / "g.gexf")
    graph = read_graph(corpus_out)
    assert network.number_of_nodes() == len(graph.entities)
    assert network.number_of_edges() == len(graph.relations)
    assert "viz" in next(iter(network.nodes.values()))


def test_viz_cyjs_is_cytoscape_json(corpus_out: Path, tmp_path: Path) -> None:
    viz(corpus_out, tmp_path / "g.cyjs", "--predicates", "founded")
    document = json.loads((tmp_path / "g.cyjs").read_text(encoding="utf-8"))
    edges = document["elements"]["edges"]
    assert edges and {e["data"]["predicate"] for e in edges} == {"founded"}
    assert all("name" in n["data"] for n in document["elements"]["nodes"])
    back = nx.cytoscape_graph(document)
    assert back.number_of_edges() == len(edges)


# ---------------------------------------------------------------------- view options


def test_viz_focus_keeps_the_neighbourhood(corpus_out: Path, settings: Settings) -> None:
    graph = read_graph(corpus_out)
    vocabulary = load_vocabulary(settings.ontology_file)
    one = select(graph, vocabulary, ViewOptions(focus="DeepSeek", hops=1))
    two = select(graph, vocabulary, ViewOptions(focus="DeepSeek", hops=2))
    assert {"DeepSeek", "Liang_Wenfeng"} <= {e.id for e in one.entities}
    assert len(one.entities) < len(two.entities) < len(graph.entities)
    ids = {e.id for e in one.entities}
    assert all(r.subject in ids and r.object in ids for r in one.relations)


def test_viz_filters_confidence_types_and_predicates(corpus_out: Path, settings: Settings) -> None:
    graph = read_graph(corpus_out)
    vocabulary = load_vocabulary(settings.ontology_file)
    sure = select(graph, vocabulary, ViewOptions(min_confidence=0.8))
    assert sure.relations and all(r.confidence >= 0.8 for r in sure.relations)
    people = select(graph, vocabulary, ViewOptions(types=("person", "Organization")))
    assert {vocabulary.core_type(e.type).value for e in people.entities} == {
        "Person",
        "Organization",
    }
    with pytest.raises(ViewError, match="unknown predicate"):
        select(graph, vocabulary, ViewOptions(predicates=("likes",)))


def test_viz_bad_requests_are_one_line(corpus_out: Path, tmp_path: Path) -> None:
    for options, message in (
        (["-o", str(tmp_path / "g.pdf")], "cannot draw a .pdf file"),
        (["-o", str(tmp_path / "g.svg"), "--focus", "Nobody Atall"], "no entity named"),
        (["-o", str(tmp_path / "g.svg"), "--types", "Planet"], "unknown type 'Planet'"),
    ):
        result = runner.invoke(app, ["viz", str(corpus_out), *options])
        assert result.exit_code == 2 and message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())  # nothing written


def test_read_graph_gives_back_the_extracted_graph(
    corpus_out: Path, corpus_result: ExtractionResult
) -> None:
    assert read_graph(corpus_out) == corpus_result.graph
