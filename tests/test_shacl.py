"""The built graph conforms to ontology/shapes.ttl; a broken one does not."""

from __future__ import annotations

import pyshacl
import pytest
import rdflib

from kg.ontology import ontology_path

GK = rdflib.Namespace("https://w3id.org/govkg/ontology#")


def validate(data: rdflib.Graph) -> tuple[bool, str]:
    shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=None, inference="none")
    return conforms, text


@pytest.fixture(scope="module")
def seed_graph(seed_build) -> rdflib.Graph:
    _, out = seed_build
    graph = rdflib.Graph()
    graph.parse(out / "graph.ttl", format="turtle")
    return graph


def test_seed_build_conforms(seed_graph):
    conforms, text = validate(seed_graph)
    assert conforms, text


def test_graph_has_every_contract_class(seed_graph):
    classes = {o for o in seed_graph.objects(None, rdflib.RDF.type)}
    for name in (
        "Report",
        "Target",
        "Outcome",
        "Sentence",
        "Person",
        "District",
        "PrefectureCity",
        "Province",
        "CountyLevelCity",
    ):
        assert GK[name] in classes, name


def copy(graph: rdflib.Graph) -> rdflib.Graph:
    clone = rdflib.Graph()
    for triple in graph:
        clone.add(triple)
    return clone


def test_a_target_without_year_does_not_conform(seed_graph):
    broken = copy(seed_graph)
    target = next(broken.subjects(rdflib.RDF.type, GK.Target))
    broken.remove((target, GK.year, None))
    assert not validate(broken)[0]


def test_a_fact_without_source_sentence_does_not_conform(seed_graph):
    broken = copy(seed_graph)
    outcome = next(broken.subjects(rdflib.RDF.type, GK.Outcome))
    broken.remove((outcome, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))
    assert not validate(broken)[0]


def test_a_fact_with_two_values_does_not_conform(seed_graph):
    broken = copy(seed_graph)
    target = next(t for t in broken.subjects(rdflib.RDF.type, GK.Target) if (t, GK.value, None) in broken)
    broken.add((target, GK.value, rdflib.Literal("99.5", datatype=rdflib.XSD.decimal)))
    assert not validate(broken)[0]
