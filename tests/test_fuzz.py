"""Fuzzing: whatever text comes in, extraction never raises and yields a graph that every
exporter writes and every reader parses back."""

from __future__ import annotations

import io

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from aikg.build import extract_texts
from aikg.config import Settings
from aikg.export import render

SETTINGS = Settings()
PIECES = st.sampled_from(
    [
        "Nvidia", "acquired", "founded", "by", "the", "startup", "DeepSeek", "Liang Wenfeng",
        "OpenAI CEO Sam Altman", "which", "it", "was", "in", "2023", "H800 chips", "'s", ",",
        ".", "\n", "(SMIC)", "<", ">", '"', "&", "\\", "\u202e", "\u200b", "\x0b", "\x1f",
        "😀", "e\u0301", "\t", "  ", "</script>", "%2F", "#", "not", "reportedly",
    ]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=400),  # anything Unicode allows
    st.lists(PIECES, max_size=80).map(" ".join),  # sentence-like, with hostile bits
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_fuzz_extraction_never_raises_and_always_round_trips(text: str) -> None:
    graph = extract_texts([("fuzz", text)], SETTINGS)
    files = render(graph, SETTINGS)
    turtle = Graph().parse(data=files["turtle"], format="turtle")
    assert len(turtle) == len(Graph().parse(data=files["ntriples"], format="nt"))
    assert len(Graph().parse(data=files["jsonld"], format="json-ld")) == len(turtle)
    network = nx.read_graphml(io.BytesIO(files["graphml"]))
    assert network.number_of_nodes() == len(graph.entities)
