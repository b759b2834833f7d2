"""Targets and outcomes as W3C RDF Data Cube observations (https://www.w3.org/TR/vocab-data-cube/).

The integrity constraints of the spec (section 11.1, IC-1 … IC-21) are SPARQL ASK queries that
are true where the graph is not a well-formed cube. They are run, after the spec's normalisation
algorithm (section 10.2), on the union of a build's graphs: the seeds, and the corpus where
``../shared/corpus`` is beside the project. IC-0 (datatype consistency) is not a query; IC-7 …
IC-10 (slices), IC-15 … IC-17 (measure-dimension cubes) and IC-20, IC-21 (hierarchical code lists)
concern constructs govkg does not use, and are run anyway, since a violation of them would mean
that such a construct crept in.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.build import build
from kg.vocab import GK, QB, RDF
from tests.conftest import GOOD_REPORT
from tests.test_shacl import validate

PREFIXES = """
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX qb:   <http://purl.org/linked-data/cube#>
PREFIX gk:   <https://w3id.org/govkg/ontology#>
"""

# --- section 10.2: the normalisation algorithm ------------------------------------------------

NORMALISATION_PHASE_1 = """
INSERT { ?o rdf:type qb:Observation } WHERE { [] qb:observation ?o } ;
INSERT { ?o rdf:type qb:Observation } WHERE { ?o qb:dataSet [] } ;
INSERT { ?s rdf:type qb:Slice } WHERE { [] qb:slice ?s } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:DimensionProperty } WHERE { ?cs qb:dimension ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:MeasureProperty } WHERE { ?cs qb:measure ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:AttributeProperty } WHERE { ?cs qb:attribute ?p }
"""

NORMALISATION_PHASE_2 = """
INSERT { ?obs ?comp ?value } WHERE {
  ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:DataSet .
  ?dataset qb:structure [ qb:component ?spec ] ; ?comp ?value .
  ?obs qb:dataSet ?dataset .
} ;
INSERT { ?obs ?comp ?value } WHERE {
  ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:Slice .
  ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
  ?slice ?comp ?value ; qb:observation ?obs .
} ;
INSERT { ?obs ?comp ?value } WHERE {
  ?spec qb:componentProperty ?comp .
  ?comp a qb:DimensionProperty .
  ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
  ?slice ?comp ?value ; qb:observation ?obs .
}
"""

# --- section 11.1: the integrity constraints ------------------------------------------------------

INTEGRITY_CONSTRAINTS = {
    "IC-1 unique data set": """ASK {
      { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?dataset1 } }
      UNION
      { ?obs a qb:Observation ; qb:dataSet ?dataset1 , ?dataset2 . FILTER (?dataset1 != ?dataset2) }
    }""",
    "IC-2 unique DSD": """ASK {
      { ?dataset a qb:DataSet . FILTER NOT EXISTS { ?dataset qb:structure ?dsd } }
      UNION
      { ?dataset a qb:DataSet ; qb:structure ?dsd1 , ?dsd2 . FILTER (?dsd1 != ?dsd2) }
    }""",
    "IC-3 DSD includes measure": """ASK {
      ?dsd a qb:DataStructureDefinition .
      FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty [ a qb:MeasureProperty ] ] }
    }""",
    "IC-4 dimensions have range": """ASK {
      ?dim a qb:DimensionProperty .
      FILTER NOT EXISTS { ?dim rdfs:range [] }
    }""",
    "IC-5 concept dimensions have code lists": """ASK {
      ?dim a qb:DimensionProperty ; rdfs:range skos:Concept .
      FILTER NOT EXISTS { ?dim qb:codeList [] }
    }""",
    "IC-6 only attributes may be optional": """ASK {
      ?dsd qb:component ?componentSpec .
      ?componentSpec qb:componentRequired "false"^^xsd:boolean ; qb:componentProperty ?component .
      FILTER NOT EXISTS { ?component a qb:AttributeProperty }
    }""",
    "IC-7 slice keys must be declared": """ASK {
      ?sliceKey a qb:SliceKey .
      FILTER NOT EXISTS { [ a qb:DataStructureDefinition ] qb:sliceKey ?sliceKey }
    }""",
    "IC-8 slice keys consistent with DSD": """ASK {
      ?slicekey a qb:SliceKey ; qb:componentProperty ?prop .
      ?dsd qb:sliceKey ?slicekey .
      FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty ?prop ] }
    }""",
    "IC-9 unique slice structure": """ASK {
      { ?slice a qb:Slice . FILTER NOT EXISTS { ?slice qb:sliceStructure ?key } }
      UNION
      { ?slice a qb:Slice ; qb:sliceStructure ?key1 , ?key2 . FILTER (?key1 != ?key2) }
    }""",
    "IC-10 slice dimensions complete": """ASK {
      ?slice qb:sliceStructure [ qb:componentProperty ?dim ] .
      FILTER NOT EXISTS { ?slice ?dim [] }
    }""",
    "IC-11 all dimensions required": """ASK {
      ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty .
      FILTER NOT EXISTS { ?obs ?dim [] }
    }""",
    # IC-12 pairs every two observations of a data set: quadratic, so see IC12_BY_KEY for the corpus.
    "IC-12 no duplicate observations": """ASK {
      FILTER (?allEqual)
      {
        SELECT (MIN(?equal) AS ?allEqual) WHERE {
          ?obs1 qb:dataSet ?dataset .
          ?obs2 qb:dataSet ?dataset .
          FILTER (?obs1 != ?obs2)
          ?dataset qb:structure/qb:component/qb:componentProperty ?dim .
          ?dim a qb:DimensionProperty .
          ?obs1 ?dim ?value1 .
          ?obs2 ?dim ?value2 .
          BIND (?value1 = ?value2 AS ?equal)
        } GROUP BY ?obs1 ?obs2
      }
    }""",
    "IC-13 required attributes": """ASK {
      ?obs qb:dataSet/qb:structure/qb:component ?component .
      ?component qb:componentRequired "true"^^xsd:boolean ; qb:componentProperty ?attr .
      FILTER NOT EXISTS { ?obs ?attr [] }
    }""",
    "IC-14 all measures present": """ASK {
      ?obs qb:dataSet/qb:structure ?dsd .
      FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
      ?dsd qb:component/qb:componentProperty ?measure .
      ?measure a qb:MeasureProperty .
      FILTER NOT EXISTS { ?obs ?measure [] }
    }""",
    "IC-15 measure dimension consistent": """ASK {
      ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure .
      ?dsd qb:component/qb:componentProperty qb:measureType .
      FILTER NOT EXISTS { ?obs ?measure [] }
    }""",
    "IC-16 single measure on measure dimension observation": """ASK {
      ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure ; ?omeasure [] .
      ?dsd qb:component/qb:componentProperty qb:measureType ; qb:component/qb:componentProperty ?omeasure .
      ?omeasure a qb:MeasureProperty .
      FILTER (?omeasure != ?measure)
    }""",
    "IC-17 all measures present in measures dimension cube": """ASK {
      {
        SELECT ?numMeasures (COUNT(?obs2) AS ?count) WHERE {
          {
            SELECT ?dsd (COUNT(?m) AS ?numMeasures) WHERE {
              ?dsd qb:component/qb:componentProperty ?m .
              ?m a qb:MeasureProperty .
            } GROUP BY ?dsd
          }
          ?obs1 qb:dataSet/qb:structure ?dsd ; qb:dataSet ?dataset ; qb:measureType ?m1 .
          ?obs2 qb:dataSet ?dataset ; qb:measureType ?m2 .
          FILTER NOT EXISTS {
            ?dsd qb:component/qb:componentProperty ?dim .
            FILTER (?dim != qb:measureType)
            ?dim a qb:DimensionProperty .
            ?obs1 ?dim ?v1 .
            ?obs2 ?dim ?v2 .
            FILTER (?v1 != ?v2)
          }
        } GROUP BY ?obs1 ?numMeasures
        HAVING (?count != ?numMeasures)
      }
    }""",
    "IC-18 consistent data set links": """ASK {
      ?dataset qb:slice ?slice .
      ?slice qb:observation ?obs .
      FILTER NOT EXISTS { ?obs qb:dataSet ?dataset }
    }""",
    "IC-19 codes from code list (concept scheme)": """ASK {
      ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty ; qb:codeList ?list .
      ?list a skos:ConceptScheme .
      ?obs ?dim ?v .
      FILTER NOT EXISTS { ?v a skos:Concept ; skos:inScheme ?list }
    }""",
    "IC-19 codes from code list (collection)": """ASK {
      ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty ; qb:codeList ?list .
      ?list a skos:Collection .
      ?obs ?dim ?v .
      FILTER NOT EXISTS { ?v a skos:Concept . ?list skos:member+ ?v }
    }""",
    # IC-20 and IC-21 are templates over each hierarchical code list's qb:parentChildProperty;
    # with no hierarchical code list they cannot be violated, which is what this checks.
    "IC-20/21 no hierarchical code list": """ASK { ?list a qb:HierarchicalCodeList }""",
}

# IC-12 as the spec states it compares every pair of observations of a data set (millions of pairs
# on the corpus). Where each observation has one value per dimension, which IC-11 and the SHACL
# shapes check, it is the same as asking for two observations with one key, which is linear.
IC12_BY_KEY = """ASK {
  {
    SELECT ?dataset ?place ?indicator ?year ?measure (COUNT(DISTINCT ?obs) AS ?n) WHERE {
      ?obs qb:dataSet ?dataset ; gk:place ?place ; gk:indicator ?indicator ; gk:year ?year ; gk:measure ?measure .
    } GROUP BY ?dataset ?place ?indicator ?year ?measure
  }
  FILTER (?n > 1)
}"""


def cube_store(out: Path) -> ox.Store:
    """The union of a build's graphs (graph.ttl) in the default graph, normalised as the spec says."""
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    store.update(PREFIXES + NORMALISATION_PHASE_1)
    store.update(PREFIXES + NORMALISATION_PHASE_2)
    return store


def ask(store: ox.Store, query: str) -> bool:
    return bool(store.query(PREFIXES + query))


def count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(PREFIXES + query)))["n"].value)


@pytest.fixture(scope="module")
def seed_cube(seed_build) -> ox.Store:
    return cube_store(seed_build[1])


@pytest.fixture(scope="module")
def corpus_cube(corpus_build) -> ox.Store:
    return cube_store(corpus_build[1])


@pytest.mark.parametrize("name", list(INTEGRITY_CONSTRAINTS))
def test_seed_build_is_a_well_formed_cube(seed_cube, name):
    assert not ask(seed_cube, INTEGRITY_CONSTRAINTS[name]), name


@pytest.mark.parametrize("name", [name for name in INTEGRITY_CONSTRAINTS if not name.startswith("IC-12 ")])
def test_corpus_build_is_a_well_formed_cube(corpus_cube, name):
    assert not ask(corpus_cube, INTEGRITY_CONSTRAINTS[name]), name


def test_corpus_build_has_no_duplicate_observations(corpus_cube):
    assert not ask(corpus_cube, IC12_BY_KEY)


def test_ic12_by_key_agrees_with_the_spec_query(seed_cube):
    assert ask(seed_cube, IC12_BY_KEY) == ask(seed_cube, INTEGRITY_CONSTRAINTS["IC-12 no duplicate observations"])
    duplicate = ox.NamedNode("https://example.org/duplicate")
    original = next(iter(seed_cube.query(PREFIXES + "SELECT ?o WHERE { ?o a qb:Observation }")))["o"]
    seed_cube.extend(
        [ox.Quad(duplicate, q.predicate, q.object) for q in seed_cube.quads_for_pattern(original, None, None)]
    )
    try:
        assert ask(seed_cube, IC12_BY_KEY)
        assert ask(seed_cube, INTEGRITY_CONSTRAINTS["IC-12 no duplicate observations"])
    finally:
        for quad in list(seed_cube.quads_for_pattern(duplicate, None, None)):
            seed_cube.remove(quad)


def test_the_checks_catch_a_broken_cube(seed_cube):
    """Each of IC-1, IC-11, IC-13, IC-14 and IC-19 is violated by one edit of an observation."""
    obs = next(iter(seed_cube.query(PREFIXES + "SELECT ?o WHERE { ?o a qb:Observation }")))["o"]
    edits = {
        "IC-1 unique data set": ([], [ox.Quad(obs, QB.dataSet, ox.NamedNode("https://example.org/other"))]),
        "IC-11 all dimensions required": (list(seed_cube.quads_for_pattern(obs, GK.year, None)), []),
        "IC-13 required attributes": (list(seed_cube.quads_for_pattern(obs, GK.unit, None)), []),
        "IC-14 all measures present": (list(seed_cube.quads_for_pattern(obs, GK.value, None)), []),
        "IC-19 codes from code list (concept scheme)": (
            list(seed_cube.quads_for_pattern(obs, GK.indicator, None)),
            [ox.Quad(obs, GK.indicator, ox.NamedNode("https://example.org/not-in-the-scheme"))],
        ),
    }
    for name, (removed, added) in edits.items():
        for quad in removed:
            seed_cube.remove(quad)
        seed_cube.extend(added)
        try:
            assert ask(seed_cube, INTEGRITY_CONSTRAINTS[name]), name
        finally:
            for quad in added:
                seed_cube.remove(quad)
            seed_cube.extend(removed)
        assert not ask(seed_cube, INTEGRITY_CONSTRAINTS[name]), name


# --- what is an observation, and where its triples are ------------------------------------------------


def test_numeric_targets_and_outcomes_are_observations_of_their_own_data_set(seed_cube):
    rows = list(
        seed_cube.query(
            PREFIXES
            + """
        SELECT ?class ?measure ?dataset (COUNT(?fact) AS ?n) WHERE {
          VALUES ?class { gk:Target gk:Outcome }
          ?fact a ?class ; gk:measure ?measure .
          OPTIONAL { ?fact a qb:Observation ; qb:dataSet ?dataset }
        } GROUP BY ?class ?measure ?dataset"""
        )
    )
    kinds = {
        (
            r["class"].value.rsplit("#")[1],
            r["measure"].value.rsplit("#")[1],
            r["dataset"].value if r["dataset"] else None,
        )
        for r in rows
    }
    base = "https://w3id.org/govkg/id/dataset/"
    assert {k for k in kinds if k[1] != "Qualitative"} == {
        ("Target", "Growth", base + "targets"),
        ("Target", "Level", base + "targets"),
        ("Outcome", "Growth", base + "outcomes"),
        ("Outcome", "Level", base + "outcomes"),
    }
    assert {k[2] for k in kinds if k[1] == "Qualitative"} == {None}, "qualitative goals are not observations"
    datasets = {
        r["d"].value: r["s"].value
        for r in seed_cube.query(PREFIXES + "SELECT ?d ?s WHERE { ?d a qb:DataSet ; qb:structure ?s }")
    }
    structure = GK.TargetOutcomeStructure.value
    assert datasets == {base + "targets": structure, base + "outcomes": structure}


def test_the_shapes_check_observation_membership(seed_build):
    graph = rdflib.Graph().parse(seed_build[1] / "graph.ttl", format="turtle")
    target = next(graph.subjects(rdflib.RDF.type, rdflib.URIRef(GK.Target.value)))
    observation = next(graph.subjects(rdflib.RDF.type, rdflib.URIRef(QB.Observation.value)))
    qualitative = next(graph.subjects(rdflib.URIRef(GK.measure.value), rdflib.URIRef(GK.Qualitative.value)))
    edits = {
        "a growth or level fact that is no observation": lambda g: g.remove(
            (observation, rdflib.RDF.type, rdflib.URIRef(QB.Observation.value))
        ),
        "an observation without data set": lambda g: g.remove((observation, rdflib.URIRef(QB.dataSet.value), None)),
        "a qualitative observation": lambda g: g.add(
            (qualitative, rdflib.RDF.type, rdflib.URIRef(QB.Observation.value))
        ),
        "a target among the outcomes": lambda g: g.set(
            (target, rdflib.URIRef(QB.dataSet.value), rdflib.URIRef("https://w3id.org/govkg/id/dataset/outcomes"))
        ),
    }
    for name, edit in edits.items():
        broken = rdflib.Graph()
        for triple in graph:
            broken.add(triple)
        edit(broken)
        assert not validate(broken)[0], name


def test_cube_triples_are_each_in_one_graph(seed_build):
    """The structure is in the ontology's graph, the data sets in the entities graph, and an
    observation's membership in the graph of the (first) report stating it."""
    store = ox.Store()
    store.load(path=str(seed_build[1] / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(
        store.query(
            PREFIXES
            + """
        SELECT ?s ?p ?o (COUNT(?g) AS ?graphs) (SAMPLE(?g) AS ?graph) WHERE {
          GRAPH ?g { ?s ?p ?o }
          FILTER (STRSTARTS(STR(?p), STR(qb:)) || ?o IN (qb:Observation, qb:DataSet))
        } GROUP BY ?s ?p ?o"""
        )
    )
    assert rows and all(r["graphs"].value == "1" for r in rows)
    graphs = {}
    for r in rows:
        graphs.setdefault(
            r["p"].value.rsplit("#")[1] if r["p"] != RDF.type else r["o"].value.rsplit("#")[1], set()
        ).add(r["graph"].value)
    assert graphs["component"] == graphs["dimension"] == {"https://w3id.org/govkg/ontology"}
    assert graphs["DataSet"] == graphs["structure"] == {"https://w3id.org/govkg/id/graph/entities"}
    reports = {r["r"].value for r in store.query(PREFIXES + "SELECT ?r WHERE { GRAPH ?r { ?r a gk:Report } }")}
    assert graphs["dataSet"] <= reports and graphs["Observation"] <= reports
    # each observation's triples are in the graph of a report that states it
    assert not store.query(
        PREFIXES
        + """ASK {
        GRAPH ?g { ?obs qb:dataSet ?dataset }
        FILTER NOT EXISTS { GRAPH ?g { ?obs gk:report ?g } }
    }"""
    )


def test_data_sets_are_under_the_data_base(tmp_path):
    source = tmp_path / "in" / "report.txt"
    source.parent.mkdir()
    source.write_text(GOOD_REPORT, encoding="utf-8")
    build([source], tmp_path / "out", jobs=1, base="http://example.org/kg/")
    store = ox.Store()
    store.load(path=str(tmp_path / "out" / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    datasets = {
        r["d"].value
        for r in store.query(
            PREFIXES + "SELECT DISTINCT ?d WHERE { [] qb:dataSet ?d }", use_default_graph_as_union=True
        )
    }
    assert datasets == {"http://example.org/kg/dataset/targets", "http://example.org/kg/dataset/outcomes"}


# --- conflicts: two reports that state one fact with different values --------------------------------


CONFLICTS = """SELECT (COUNT(DISTINCT ?obs) AS ?n) WHERE {{
  ?obs a qb:Observation ; {path} ?a , ?b . FILTER (?a != ?b)
}}"""


def test_corpus_conflicts_come_from_reports_that_claim_one_place_and_year(corpus_cube, corpus_build):
    """An observation stated with two values is one observation (its IRI is its key), so it breaks no
    integrity constraint; the SHACL shapes (gk:value at most one) and the build's warning report it.
    Every such conflict comes from two reports of one place and plan year."""
    started = time.perf_counter()
    assert not ask(
        corpus_cube,
        """ASK {
      ?obs a qb:Observation ; gk:value ?a , ?b . FILTER (?a != ?b)
      FILTER NOT EXISTS { ?obs gk:report ?r1 , ?r2 . FILTER (?r1 != ?r2) }
    }""",
    )
    figures = {
        path: count(corpus_cube, CONFLICTS.format(path=path))
        for path in ("gk:value", "gk:unit", "gk:comparator", "gk:estimated")
    }
    observations = count(corpus_cube, "SELECT (COUNT(?o) AS ?n) WHERE { ?o a qb:Observation }")
    print(f"\ncorpus: {observations} observations; with two values: {figures} ({time.perf_counter() - started:.2f} s)")
    assert figures["gk:value"] < observations / 50
