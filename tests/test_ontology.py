"""The ontology file, the code's vocabulary and the gazetteer agree."""

from __future__ import annotations

from typing import get_args

from rdflib import OWL, RDF, RDFS, Graph

from aikg.config import Settings
from aikg.gazetteer import load_gazetteer
from aikg.model import AttributeName, EntityType, EventKind, EventRole, Predicate
from aikg.ontology import AIKG, CORE_TYPES, VOCAB_IRI, load_vocabulary

CORE_PREDICATES = {
    "founded", "spunOffFrom", "basedIn", "developed", "trainedOn", "variantOf", "restrictedBy",
    "enactedBy", "leads", "worksFor", "investedIn", "partnerOf", "competesWith", "acquired",
    "studiedAt",
}  # fmt: skip


def _ontology(settings: Settings) -> Graph:
    return Graph().parse(settings.ontology_file)


def _local_names(graph: Graph, kind: object) -> set[str]:
    return {
        str(node)[len(VOCAB_IRI) :]
        for node in graph.subjects(RDF.type, kind)
        if str(node).startswith(VOCAB_IRI)
    }


def test_ontology_classes_match_entity_types(settings: Settings) -> None:
    classes = _local_names(_ontology(settings), OWL.Class) - {"Document", "Evidence"}
    classes -= {"Quantity", "Measurement", "Event"}
    assert classes == {t.value for t in EntityType} | {k.value for k in EventKind}
    assert {t.value for t in CORE_TYPES} == {
        "Organization",
        "Person",
        "AIModel",
        "Product",
        "Chip",
        "Location",
        "Policy",
    }


def test_ontology_object_properties_are_the_core_predicates_and_event_roles(
    settings: Settings,
) -> None:
    graph = _ontology(settings)
    roles = set(get_args(EventRole))
    assert _local_names(graph, OWL.ObjectProperty) == CORE_PREDICATES | roles | {
        "amount",
        "hasMeasurement",
        "measures",
    }
    assert {p.value for p in Predicate} == CORE_PREDICATES
    for name in CORE_PREDICATES:
        node = AIKG[name]
        for annotation in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
            assert graph.value(node, annotation) is not None, (name, annotation)


def test_ontology_declares_every_attribute_with_its_domain(settings: Settings) -> None:
    graph = _ontology(settings)
    for name in AttributeName:
        assert (AIKG[name.value], RDF.type, OWL.DatatypeProperty) in graph
        assert graph.value(AIKG[name.value], RDFS.domain) == AIKG[name.domain.value]


def test_ontology_symmetric_properties(settings: Settings) -> None:
    symmetric = _local_names(_ontology(settings), OWL.SymmetricProperty)
    assert symmetric == {"partnerOf", "competesWith"}


def test_ontology_every_term_is_in_the_namespace_class(settings: Settings) -> None:
    graph = _ontology(settings)
    declared = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        declared |= _local_names(graph, kind)
    assert declared == set(AIKG.__annotations__)


def test_ontology_vocabulary_reads_signatures(settings: Settings) -> None:
    vocabulary = load_vocabulary(settings.ontology_file)
    assert vocabulary.is_a(EntityType.COMPANY, EntityType.ORGANIZATION)
    assert vocabulary.core_type(EntityType.CITY) is EntityType.LOCATION
    assert vocabulary.allows(Predicate.DEVELOPED, EntityType.COMPANY, EntityType.CHIP)
    assert not vocabulary.allows(Predicate.FOUNDED, EntityType.COMPANY, EntityType.COMPANY)
    assert vocabulary.signatures[Predicate.PARTNER_OF].symmetric


def test_ontology_gazetteer_holds_names_types_and_ids_only(settings: Settings) -> None:
    gazetteer = load_gazetteer(settings.gazetteer_file)
    assert len(gazetteer) > 300
    deepseek = gazetteer.lookup("Deepseek")
    assert deepseek is not None and deepseek.type is EntityType.COMPANY
    assert gazetteer.lookup("HighFlyer") == gazetteer.lookup("High-Flyer")
    assert any(entry.qid for entry in gazetteer)
