"""Benchmark: the Oxigraph store against rdflib's in-memory graph on a graph of a million triples.

Run with ``make bench``. It builds a synthetic knowledge graph shaped like the corpus graph
(the same classes and relations in similar proportions, labels, aliases, Wikidata links, and
reified statements with evidence sentences, rendered by aikg's own RDF exporter), then measures
in one run, on the same N-Triples:

* load time: what ``aikg extract`` does to publish ``OUT/store`` (the instance data and the
  ontology bulk-loaded into a fresh on-disk store, then compacted) vs ``rdflib.Graph().parse``
  of the instance data alone;
* the latency of five typical queries (median of several runs on each side, after a first
  run that checks both give the same number of rows), asked as ``aikg query`` and ``aikg
  serve`` ask them (the default graph being the union of the instance data and the ontology),
  on the on-disk store and on the in-memory copy of it that ``aikg serve --in-memory`` answers
  from.

It prints each ratio (rdflib time / Oxigraph time) and checks the targets: load and every
query at least 10x faster, the 2-hop neighbourhood under 50 ms; each on the on-disk store, and
the queries also on the in-memory copy. Timings, never asserted by the test suite: the machines
it runs on are noisy.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import RdfFormat, Store
from rdflib import Graph

from aikg.config import Settings
from aikg.export.rdf import ntriples
from aikg.model import Entity, EntityType, KnowledgeGraph, Predicate, Provenance, Relation
from aikg.ontology import load_vocabulary
from aikg.sparql import memory_copy, prefixes
from aikg.store import ONTOLOGY_GRAPH, STORE_LINK, load_ntriples, publish_store

TYPE_SHARES = {  # entities per type in the corpus graph, roughly
    EntityType.PERSON: 110,
    EntityType.COMPANY: 90,
    EntityType.ORGANIZATION: 60,
    EntityType.AI_MODEL: 60,
    EntityType.CHIP: 30,
    EntityType.PRODUCT: 20,
    EntityType.CITY: 20,
    EntityType.COUNTRY: 10,
    EntityType.UNIVERSITY: 10,
    EntityType.GOVERNMENT_BODY: 10,
    EntityType.INVESTMENT_FIRM: 10,
    EntityType.POLICY: 6,
}
PREDICATE_SHARES = {  # relations per predicate in the corpus graph, roughly
    Predicate.DEVELOPED: 55,
    Predicate.FOUNDED: 47,
    Predicate.WORKS_FOR: 35,
    Predicate.LEADS: 27,
    Predicate.INVESTED_IN: 25,
    Predicate.BASED_IN: 22,
    Predicate.ACQUIRED: 14,
    Predicate.PARTNER_OF: 10,
    Predicate.ENACTED_BY: 9,
    Predicate.STUDIED_AT: 8,
    Predicate.COMPETES_WITH: 7,
    Predicate.RESTRICTED_BY: 6,
    Predicate.VARIANT_OF: 6,
    Predicate.TRAINED_ON: 4,
    Predicate.SPUN_OFF_FROM: 3,
}
WORDS = [
    "Deep",
    "Seek",
    "Moon",
    "Shot",
    "Zhi",
    "Pu",
    "Mini",
    "Max",
    "Mis",
    "Tral",
    "Anthro",
    "Pic",
    "Open",
    "Nvid",
    "Ascend",
    "Hopper",
    "Black",
    "Well",
    "Falcon",
    "Llama",
    "Qwen",
    "Gemma",
    "Claude",
    "Ernie",
    "Kimi",
    "Grok",
    "Phi",
    "Titan",
    "Nova",
    "Orion",
    "Atlas",
    "Helix",
    "Quanta",
]
SENTENCE = "{s} and {o} appear together in this sentence about the AI industry, item {n}."


def synthetic_graph(relations: int, seed: int = 7) -> KnowledgeGraph:
    """A reproducible graph with about 18 triples per relation plus the entities' own."""
    rng = random.Random(seed)
    vocabulary = load_vocabulary(Settings().ontology_file)
    documents = [f"news/{year}/{n:06d}.txt" for year in range(2015, 2026) for n in range(2000)]
    entities_total = relations * 6 // 5
    types = rng.choices(list(TYPE_SHARES), weights=list(TYPE_SHARES.values()), k=entities_total)
    by_core: dict[EntityType, list[Entity]] = {}
    entities = []
    for number, entity_type in enumerate(types):
        label = f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {number}"
        entity = Entity(
            id=label.replace(" ", "_"),
            label=label,
            type=entity_type,
            aliases=(label.split()[0],) if rng.random() < 0.3 else (),
            qid=f"Q{number + 1}" if rng.random() < 0.35 else None,
            documents=tuple(sorted(set(rng.choices(documents, k=rng.randint(1, 4))))),
        )
        entities.append(entity)
        by_core.setdefault(vocabulary.core_type(entity_type), []).append(entity)
    facts: dict[tuple[str, Predicate, str], Relation] = {}
    predicates = rng.choices(
        list(PREDICATE_SHARES), weights=list(PREDICATE_SHARES.values()), k=relations
    )
    for number, predicate in enumerate(predicates):
        signature = vocabulary.signatures[predicate]
        domain = [vocabulary.core_type(t) for t in sorted(signature.domain)]
        range_ = [vocabulary.core_type(t) for t in sorted(signature.range)]
        subject = rng.choice(by_core[rng.choice(domain)])
        obj = rng.choice(by_core[rng.choice(range_)])
        if subject.id == obj.id:
            continue
        evidence = tuple(
            Provenance(
                document=document,
                sentence=SENTENCE.format(s=subject.label, o=obj.label, n=number),
                start=(start := rng.randrange(0, 5000)),
                end=start + 80,
                confidence=round(rng.uniform(0.3, 0.95), 3),
            )
            for document in sorted(set(rng.choices(documents, k=rng.choice((1, 1, 2, 3)))))
        )
        facts[(subject.id, predicate, obj.id)] = Relation(
            subject=subject.id, predicate=predicate, object=obj.id, evidence=evidence
        )
    return KnowledgeGraph(
        entities=tuple(entities),
        relations=tuple(facts[key] for key in sorted(facts)),
        documents=tuple(documents),
    )


def queries(graph: KnowledgeGraph, base: str) -> dict[str, str]:
    """Five typical questions, about entities that exist in the graph."""
    counts: Counter[str] = Counter(r.subject for r in graph.relations)
    busy = max(counts, key=lambda key: (counts[key], key))
    hub = sorted(counts)[len(counts) // 2]
    founded = Counter(r.object for r in graph.relations if r.predicate is Predicate.FOUNDED)
    company = next(e for e in graph.entities if e.id == max(founded, key=lambda k: (founded[k], k)))
    return {
        "founders of one organization": f"""
            SELECT ?founder WHERE {{
              ?org skos:prefLabel "{company.label}" .
              ?f aikg:founded ?org ; skos:prefLabel ?founder .
            }}""",
        "provenance of one entity's facts": f"""
            SELECT ?p ?o ?sentence ?doc WHERE {{
              ?st rdf:subject <{base}entity/{hub}> ; rdf:predicate ?p ; rdf:object ?o ;
                  prov:wasDerivedFrom ?ev .
              ?ev aikg:sentence ?sentence ; prov:wasQuotedFrom ?doc .
            }}""",
        "2-hop neighbourhood": f"""
            SELECT DISTINCT ?x ?y WHERE {{
              <{base}entity/{busy}> ?p ?x . ?x ?q ?y .
              FILTER(STRSTARTS(STR(?p), STR(aikg:)) && STRSTARTS(STR(?q), STR(aikg:)))
            }}""",
        "entities per type": """
            SELECT ?class (COUNT(?e) AS ?n) WHERE { ?e a ?class ; skos:prefLabel ?l }
            GROUP BY ?class""",
        "models trained on restricted chips": """
            SELECT ?model ?chip ?policy WHERE {
              ?model aikg:trainedOn ?chip . ?chip aikg:restrictedBy ?policy .
            }""",
    }


def load_in_memory(data: bytes, ontology: Path) -> Store:
    """The instance data and the ontology in an in-memory store, loaded as on disk."""
    store = Store()
    load_ntriples(store, io.BytesIO(data))
    store.bulk_load(path=str(ontology), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    return store


def timed(action: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=40_000, help="relations to generate")
    parser.add_argument("--runs", type=int, default=5, help="runs per Oxigraph query")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="runs per rdflib query")
    args = parser.parse_args()
    settings = Settings()

    print(f"building a synthetic graph of {args.relations:,} relations ...", flush=True)
    graph = synthetic_graph(args.relations)
    data = ntriples(graph, settings.base_iri)
    triples = data.count(b"\n")
    print(f"{len(graph.entities):,} entities, {len(graph.relations):,} relations, "
          f"{triples:,} triples\n")  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        instances = out / "graph.nt"  # as aikg extract writes it before the store
        instances.write_bytes(data)
        ox_load = timed(lambda: publish_store(out, instances, settings.ontology_file), 1)
        memory_load = timed(lambda: load_in_memory(data, settings.ontology_file), 1)
        store = Store.read_only(str(out / STORE_LINK))  # as aikg query opens it
        replica = memory_copy(store)  # what aikg serve --in-memory answers from
        rdf = Graph()
        rd_load = timed(lambda: rdf.parse(data=data, format="nt"), 1)
        names = prefixes(settings.base_iri)
        preamble = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in names.items())
        rows: list[tuple[str, float, float, float | None]] = [
            ("load into the on-disk store", rd_load, ox_load, None)
        ]
        rows.append(("(load into an in-memory store)", rd_load, memory_load, None))

        def ask(where: Store, text: str) -> list[object]:
            return list(where.query(text, prefixes=names, use_default_graph_as_union=True))

        for name, text in queries(graph, settings.base_iri).items():
            ox_answer = ask(store, text)
            copy_answer = ask(replica, text)
            rd_answer = list(rdf.query(preamble + text))
            if not len(ox_answer) == len(copy_answer) == len(rd_answer):
                print(f"MISMATCH {name}: on disk {len(ox_answer)} rows, in memory "
                      f"{len(copy_answer)}, rdflib {len(rd_answer)}")  # fmt: skip
                return 1
            ox_time = timed(lambda text=text: ask(store, text), args.runs)
            in_memory = timed(lambda text=text: ask(replica, text), args.runs)
            rd_time = timed(lambda text=text: list(rdf.query(preamble + text)), args.rdflib_runs)
            rows.append((f"{name} ({len(ox_answer)} rows)", rd_time, ox_time, in_memory))

    failed = False
    print(f"{'':44} {'rdflib':>10} {'on disk':>10} {'ratio':>7} {'in memory':>10} {'ratio':>7}")
    for name, rd_time, ox_time, in_memory in rows:
        ratio = rd_time / ox_time
        memory_ratio = rd_time / in_memory if in_memory else None
        missed = [
            where
            for where, value in (("on disk", ratio), ("in memory", memory_ratio))
            if value is not None and value < 10 and not name.startswith("(")
        ]
        failed |= bool(missed)
        memory = f" {in_memory * 1000:8.1f}ms {memory_ratio:6.1f}x" if memory_ratio else " " * 19
        print(f"{name:44} {rd_time * 1000:8.1f}ms {ox_time * 1000:8.1f}ms {ratio:6.1f}x{memory}"
              f"{'  < 10x ' + ' and '.join(missed) if missed else ''}")  # fmt: skip
    two_hop = next(ox for name, _, ox, _ in rows if name.startswith("2-hop"))
    print(f"\n2-hop neighbourhood on the store: {two_hop * 1000:.1f} ms (target < 50 ms)")
    failed |= two_hop >= 0.05
    print("targets met" if not failed else "TARGETS MISSED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
