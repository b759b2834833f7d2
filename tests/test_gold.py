"""Build the seeds, then find every gold fact and metadata field by SPARQL over the output."""

from __future__ import annotations

from decimal import Decimal

import pytest

PREFIXES = """
PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
LEVEL_CLASSES = {
    "district": "District",
    "county": "County",
    "county-level city": "CountyLevelCity",
    "prefecture-city": "PrefectureCity",
    "province": "Province",
}
COMPARATORS = {"eq": "Exactly", "about": "About", "at_least": "AtLeast", "at_most": "AtMost"}
GK = "https://w3id.org/govkg/ontology#"


def select(store, query: str) -> list[dict]:
    return [
        {var.value: (row[var].value if row[var] is not None else None) for var in row.variables}
        if hasattr(row, "variables")
        else row
        for row in _rows(store, query)
    ]


def _rows(store, query):
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    variables = [v.value for v in result.variables]
    for row in result:
        yield {name: (row[name].value if row[name] is not None else None) for name in variables}


def report_metadata(store, source_file: str) -> dict:
    rows = list(
        _rows(
            store,
            f"""
        SELECT ?place ?parent ?class ?review ?plan ?delivered ?speaker ?position ?session WHERE {{
          ?r a gk:Report ; gk:sourceFile "{source_file}" ; gk:place ?p ; gk:reviewYear ?review ; gk:planYear ?plan .
          ?p rdfs:label ?place ; a ?class ; gk:locatedIn ?pp .
          ?pp rdfs:label ?parent ; a gk:PrefectureCity .
          OPTIONAL {{ ?r gk:deliveredOn ?delivered }}
          OPTIONAL {{ ?r gk:session ?session }}
          OPTIONAL {{ ?r gk:deliveredBy ?person . ?person rdfs:label ?speaker }}
          OPTIONAL {{ ?r gk:speakerPosition ?position }}
        }}""",
        )
    )
    assert rows, f"no report metadata for {source_file}"
    return rows[0]


def facts_of(store, source_file: str) -> list[dict]:
    return list(
        _rows(
            store,
            f"""
        SELECT ?kind ?notation ?year ?measure ?value ?unit ?comparator ?estimated ?text ?sentence WHERE {{
          ?r gk:sourceFile "{source_file}" .
          ?f gk:report ?r ; a ?kind ; gk:indicator/skos:notation ?notation ; gk:year ?year ;
             gk:measure ?measure ; gk:comparator ?comparator ; gk:estimated ?estimated ;
             prov:wasDerivedFrom/gk:text ?sentence .
          FILTER(?kind IN (gk:Target, gk:Outcome))
          OPTIONAL {{ ?f gk:value ?value ; gk:unit ?unit }}
          OPTIONAL {{ ?f gk:text ?text }}
        }}""",
        )
    )


def expected_facts(report: dict) -> list[tuple[str, int, dict]]:
    return [(GK + "Outcome", report["review_year"], f) for f in report["actuals"]] + [
        (GK + "Target", report["plan_year"], f) for f in report["targets"]
    ]


def same_key(row: dict, kind: str, year: int, fact: dict) -> bool:
    """Whether an extracted fact is the gold fact's (kind, indicator, year, measure), whatever its figure."""
    return (
        row["kind"] == kind
        and row["notation"] == fact["indicator"]
        and row["year"] == str(year)
        and row["measure"] == GK + fact["measure"].capitalize()
    )


def matches(row: dict, kind: str, year: int, fact: dict) -> bool:
    if not same_key(row, kind, year, fact):
        return False
    if fact["measure"] != "qualitative":
        if row["value"] is None or Decimal(row["value"]) != Decimal(str(fact["value"])) or row["unit"] != fact["unit"]:
            return False
    elif not row["text"]:
        return False
    return row["comparator"] == GK + COMPARATORS[fact.get("comparator", "eq")] and row["estimated"] == (
        "true" if fact.get("estimated") else "false"
    )


def test_every_seed_report_has_its_gold_metadata(gold, seed_store):
    for report in gold["reports"]:
        found = report_metadata(seed_store, report["file"])
        assert found["place"] == report["place"]
        assert found["parent"] == report["parent"]
        assert found["class"] == GK + LEVEL_CLASSES[report["level"]]
        assert found["review"] == str(report["review_year"])
        assert found["plan"] == str(report["plan_year"])
        assert found["delivered"] == report["delivered"]
        assert found["speaker"] == report["speaker"]
        assert found["position"] == report["speaker_title"]
        assert found["session"] == report["session"]


def test_every_gold_fact_is_found(gold, seed_store):
    missing = []
    for report in gold["reports"]:
        rows = facts_of(seed_store, report["file"])
        for kind, year, fact in expected_facts(report):
            if not any(matches(row, kind, year, fact) for row in rows):
                missing.append((report["file"], kind.split("#")[1], fact))
    assert missing == []


def test_at_most_two_percent_wrong_headline_facts(gold, seed_store):
    headline = set(gold["indicators"])
    extracted = wrong = 0
    for report in gold["reports"]:
        expected = expected_facts(report)
        seen = set()
        for row in facts_of(seed_store, report["file"]):
            key = (row["kind"], row["notation"], row["measure"])
            if row["notation"] not in headline or key in seen:
                continue
            seen.add(key)
            extracted += 1
            if not any(matches(row, kind, year, fact) for kind, year, fact in expected):
                wrong += 1
    assert extracted >= 92
    assert wrong / extracted <= 0.02


def test_every_fact_points_to_a_sentence_of_its_report(seed_store):
    orphans = list(
        _rows(
            seed_store,
            """
        SELECT ?f WHERE {
          ?f a ?kind . FILTER(?kind IN (gk:Target, gk:Outcome))
          FILTER NOT EXISTS { ?f prov:wasDerivedFrom ?s . ?s a gk:Sentence ; gk:text ?t ; gk:start ?a ; gk:end ?b ;
                                   gk:report ?r . ?f gk:report ?r }
        }""",
        )
    )
    assert orphans == []


def test_sentence_offsets_cut_the_sentence_out_of_the_normalised_text(seed_store):
    from kg.report_jobs import extract_report
    from tests.conftest import SEEDS

    for path in sorted(SEEDS.glob("*.txt")):
        extraction, normalised = extract_report(path)
        rows = list(
            _rows(
                seed_store,
                f"""
            SELECT ?text ?start ?end ?sourceStart ?sourceEnd WHERE {{
              ?s a gk:Sentence ; gk:text ?text ; gk:start ?start ; gk:end ?end ;
                 gk:sourceStart ?sourceStart ; gk:sourceEnd ?sourceEnd ; gk:report/gk:sourceFile "{path.name}" .
            }}""",
            )
        )
        assert rows
        raw = path.read_text(encoding="utf-8")
        for row in rows:
            assert extraction.text[int(row["start"]) : int(row["end"])] == row["text"]
            source = raw[int(row["sourceStart"]) : int(row["sourceEnd"])]
            assert source and int(row["sourceEnd"]) - int(row["sourceStart"]) >= len(row["text"]) // 2


def test_a_fact_stated_twice_is_one_fact_with_two_sentences():
    from kg.extract.facts import FactExtractor
    from kg.model import Frame, ReportMetadata, Sentence
    from kg.ontology import indicator_catalogue

    extractor = FactExtractor(indicator_catalogue())
    meta = ReportMetadata(review_year=2023, plan_year=2024)
    sentences = [
        Sentence(0, 20, "全区生产总值增长6%左右。", Frame.PLAN),
        Sentence(30, 60, "力争全区生产总值增长6%左右,工业增加值增长6%。", Frame.PLAN),
    ]
    facts = extractor.extract(sentences, meta)
    gdp = [f for f in facts if f.indicator.notation == "GDP"]
    assert len(gdp) == 1 and len(gdp[0].sentences) == 2


@pytest.mark.parametrize("notation", ["GDP", "RetailSales"])
def test_place_has_target_edges(seed_store, notation):
    rows = list(
        _rows(
            seed_store,
            f"""
        SELECT ?place WHERE {{ ?p gk:hasTarget ?i . ?i skos:notation "{notation}" . ?p rdfs:label ?place }}""",
        )
    )
    assert {r["place"] for r in rows} >= {"鲤城区", "南安市", "丰泽区", "洛江区"}
