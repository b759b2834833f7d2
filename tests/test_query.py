"""kg query on the embedded store, the saved analyst queries on the seeds, and kg export."""

from __future__ import annotations

import json
from decimal import Decimal

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.embedded import open_store
from kg.store.query import QueryResult, describe_saved, format_result, run_query, saved_queries
from kg.text_width import display_width


@pytest.fixture(scope="module")
def out(seed_build):
    return seed_build[1]


@pytest.fixture(scope="module")
def store(out):
    return open_store(out)


def rows(store, name: str) -> list[tuple]:
    result = run_query(saved_queries()[name].read_text(encoding="utf-8"), store)
    return [tuple(term.value if term is not None else None for term in row) for row in result.rows]


GK = "https://w3id.org/govkg/ontology#"

# Expected answers on the five seed reports (read by hand from the seeds and the gold file).
EXPECTED = {
    "gdp_growth_targets": [
        ("丰泽区", "2025", "6", GK + "About", "003_f5d71e1f4aeb4363.txt"),
        ("仓山区", "2024", "5.5", GK + "Exactly", "001_828d32fb513dea0c.txt"),
        ("南安市", "2023", "6.5", GK + "Exactly", "002_c9c5ec28efd82eda.txt"),
        ("洛江区", "2025", "6.2", GK + "Exactly", "004_74a8b955ffb70513.txt"),
        ("鲤城区", "2024", "6", GK + "About", "000_79a18ab8566106eb.txt"),
    ],
    "high_investment_targets": [
        ("鲤城区", "2024", "10", GK + "Exactly"),
        ("丰泽区", "2025", "8", GK + "Exactly"),
        ("南安市", "2023", "8", GK + "Exactly"),
        ("洛江区", "2025", "8", GK + "Exactly"),
    ],
    "largest_economies": [
        ("南安市", "2022", "1645", "亿元", "164500000000"),
        ("仓山区", "2023", "1065", "亿元", "106500000000"),
        ("丰泽区", "2024", "955", "亿元", "95500000000"),
        ("鲤城区", "2023", "580", "亿元", "58000000000"),
    ],
    "jobs_targets": [
        ("丰泽区", "2025", "2", "万人", "20000", GK + "AtLeast"),
        ("仓山区", "2024", "1.9", "万人", "19000", GK + "Exactly"),
        ("南安市", "2023", "8000", "人", "8000", GK + "Exactly"),
        ("洛江区", "2025", "2000", "人", "2000", GK + "AtLeast"),
    ],
    "targets_missed": [],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_query_exact_answer_on_the_seeds(store, name):
    assert rows(store, name) == EXPECTED[name]


def test_each_report_keeps_the_position_its_speaker_held_that_year(tmp_path):
    # 王克思 delivers one year as 代区长 and the next as 区长: the person holds both, each report its own
    from kg.build import build

    filler = "我们坚持稳中求进,推进高质量发展,深化改革开放,改善民生福祉,各项工作取得新进展新成效。" * 3
    for year, position in ((2024, "代区长"), (2025, "区长")):
        (tmp_path / f"{year}.txt").write_text(
            f"政府工作报告\n——{year - 1}年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上\n"
            f"泉州市鲤城区人民政府{position} 王克思\n各位代表:\n一、{year - 1}年政府工作回顾\n"
            f"全区生产总值增长6%。{filler}\n二、{year}年政府工作安排\n全区生产总值增长6%左右。{filler}\n",
            encoding="utf-8",
        )
    build([tmp_path], tmp_path / "out", jobs=1, view=False)
    store = open_store(tmp_path / "out")
    assert {r[0]: r[6] for r in rows(store, "reports")} == {"2024.txt": "代区长", "2025.txt": "区长"}
    held = run_query("SELECT ?pos WHERE { ?p a gk:Person ; rdfs:label ?n ; gk:position ?pos }", store).rows
    assert sorted(r[0].value for r in held) == ["代区长", "区长"]


def test_every_saved_query_says_what_it_answers_and_at_least_ten_exist():
    queries = saved_queries()
    assert len(queries) >= 10
    for name, path in queries.items():
        assert describe_saved(path).endswith("?") or "(" in describe_saved(path), name


def test_reports_query(store):
    found = {r[0]: r for r in rows(store, "reports")}
    assert found["000_79a18ab8566106eb.txt"] == (
        "000_79a18ab8566106eb.txt",
        "鲤城区",
        "2023",
        "2024",
        "2023-12-28",
        "王克思",
        "区长",
        "泉州市鲤城区第十届人民代表大会第三次会议",
    )
    assert found["004_74a8b955ffb70513.txt"][1:4] == ("洛江区", "2024", "2025")
    assert found["004_74a8b955ffb70513.txt"][4:] == (None, None, None, None)


def test_places_in_city_is_transitive(store):
    found = {(r[1], r[2].rsplit("#")[1]) for r in rows(store, "places_in_city")}
    places = {label for label, cls in found if cls in ("District", "County", "CountyLevelCity")}
    assert places == {"鲤城区", "丰泽区", "洛江区", "南安市"}
    # two steps down: a project in a zone in a district of the city
    assert ("江南片区大型垃圾转运站", "Project") in found
    assert ("洪梅镇", "Township") in found


def test_place_targets_and_outcomes(store):
    found = {(r[0], r[1], r[2], r[3].rsplit("#")[1]): r[4] for r in rows(store, "place_targets_and_outcomes")}
    assert found[("GDP", "outcome", "2023", "Level")] == "580"
    assert found[("GDP", "target", "2024", "Growth")] == "6"
    assert found[("ForeignInvestmentUtilized", "target", "2024", "Level")] == "700"


def test_fact_sources_point_into_the_sentences(store):
    for _place, _kind, _year, _measure, _value, sentence, start, end, _file in rows(store, "fact_sources"):
        assert int(end) - int(start) == len(sentence) and "生产总值" in sentence


def test_indicators_by_targets(store):
    top = rows(store, "indicators_by_targets")
    assert top[0][2] == "5" and {r[0] for r in top if r[2] == "5"} >= {"GDP", "FixedAssetInvestment", "RetailSales"}


def test_estimated_outcomes_and_qualitative_goals(store):
    estimated = rows(store, "estimated_outcomes")
    assert ("鲤城区", "GDP", "2023", GK + "Level", "580", "亿元") in estimated
    assert all(r[0] != "洛江区" for r in estimated)
    qualitative = {(r[0], r[2]): (r[3], r[4]) for r in rows(store, "qualitative_goals")}
    assert qualitative[("鲤城区", "PerCapitaDisposableIncome")] == ("与经济增长基本同步", "GDP")
    assert qualitative[("仓山区", "ImportExportTotal")] == ("完成市下达的进出口总额任务", None)


INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


# --- the command ---------------------------------------------------------------------------


def test_kg_query_table_csv_json(out):
    runner = CliRunner()
    query = (
        "SELECT ?place ?v WHERE { ?t a gk:Target ; gk:indicator ind:GDP ; gk:measure gk:Growth ; "
        "gk:place/rdfs:label ?place ; gk:value ?v } ORDER BY ?place"
    )
    table = runner.invoke(cli, ["query", query, "--out", str(out)])
    assert table.exit_code == 0, table.output
    # the table writes terms as a query would: the language tag shows, a decimal has its point
    assert table.stdout.splitlines()[0].split() == ["place", "v"] and '"鲤城区"@zh  6.0' in table.stdout
    csv_out = runner.invoke(cli, ["query", query, "--out", str(out), "--format", "csv"]).stdout
    assert csv_out.splitlines()[:2] == ["place,v", "丰泽区,6"]
    data = json.loads(runner.invoke(cli, ["query", query, "--out", str(out), "--format", "json"]).stdout)
    assert data["head"]["vars"] == ["place", "v"] and data["results"]["bindings"][0]["place"]["xml:lang"] == "zh"


def test_table_columns_line_up_with_wide_characters():
    # a terminal gives 鲤, （ and ， two columns each; the next column starts at one column on every line
    rows = [
        [ox.Literal("鲤城区", language="zh"), ox.Literal("（预计）增长6.5%，全年"), ox.Literal("1", datatype=INTEGER)],
        [ox.Literal("Quanzhou"), ox.Literal("GDP"), ox.Literal("12345", datatype=INTEGER)],
        [None, ox.Literal("é·—"), ox.Literal("2", datatype=INTEGER)],
    ]
    lines = format_result(QueryResult("select", ["place", "figure", "n"], rows)).splitlines()
    last_starts = {display_width(line[: line.rindex(" ") + 1]) for line in lines if line[-1].isdigit()}
    assert len(last_starts) == 1 and lines[0].split() == ["place", "figure", "n"]
    assert display_width("（预计）增长6.5%，全年") == 2 * 9 + 4


def test_kg_query_construct_gives_turtle_and_ask_a_boolean(out):
    runner = CliRunner()
    turtle = runner.invoke(
        cli, ["query", "CONSTRUCT { ?p gk:hasTarget ?i } WHERE { ?p gk:hasTarget ?i }", "--out", str(out)]
    ).stdout
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    assert len(triples) > 40
    assert runner.invoke(cli, ["query", "ASK { ?r a gk:Report }", "--out", str(out)]).stdout.strip() == "true"


def test_kg_query_saved_file_and_data(out, tmp_path):
    runner = CliRunner()
    saved = runner.invoke(cli, ["query", "--saved", "gdp_growth_targets", "--out", str(out), "--format", "tsv"])
    assert saved.exit_code == 0 and len(saved.stdout.strip().splitlines()) == 6
    query_file = tmp_path / "q.rq"
    query_file.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?r a gk:Report }", encoding="utf-8")
    from_file = runner.invoke(
        cli, ["query", "-f", str(query_file), "--data", str(out / "graph.ttl"), "--format", "csv"]
    )
    assert from_file.exit_code == 0 and from_file.stdout.splitlines() == ["n", "5"]
    listing = runner.invoke(cli, ["query", "--list"]).stdout
    assert "targets_missed" in listing and "gdp_growth_targets" in listing


@pytest.mark.parametrize(
    "args,message",
    [
        (["SELECT ?x WHERE { ?x ?y }"], "syntax error at line 1, column "),
        (["--saved", "no_such_query"], "no saved query"),
        ([], "give exactly one of"),
    ],
)
def test_kg_query_errors_are_one_line(out, args, message):
    result = CliRunner().invoke(cli, ["query", *args, "--out", str(out)])
    assert result.exit_code in (1, 2) and message in result.output and "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) <= 3


def test_kg_query_timeout_stops_a_runaway_query(out):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = CliRunner().invoke(cli, ["query", runaway, "--out", str(out), "--timeout", "1"])
    assert result.exit_code == 1 and "timeout" in result.output


def test_kg_query_without_a_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["query", "ASK {}", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "no build output here" in result.output


# --- export ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt,rdf_format,quads",
    [
        ("turtle", ox.RdfFormat.TURTLE, False),
        ("ntriples", ox.RdfFormat.N_TRIPLES, False),
        ("nquads", ox.RdfFormat.N_QUADS, True),
        ("trig", ox.RdfFormat.TRIG, True),
        ("jsonld", ox.RdfFormat.JSON_LD, True),
    ],
)
def test_kg_export_formats_round_trip(out, tmp_path, fmt, rdf_format, quads):
    target = tmp_path / f"export.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--out", str(out), "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    parsed = list(ox.parse(path=str(target), format=rdf_format))
    original = list(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))

    def ground(items, with_graph):
        # blank nodes get fresh names on every parse; compare everything else exactly
        return {
            (i.subject, i.predicate, i.object) + ((i.graph_name,) if with_graph else ())
            for i in items
            if not isinstance(i.subject, ox.BlankNode) and not isinstance(i.object, ox.BlankNode)
        }

    assert ground(parsed, quads) == ground(original, quads)
    blank = [i for i in original if isinstance(i.subject, ox.BlankNode) or isinstance(i.object, ox.BlankNode)]
    assert len([i for i in parsed if isinstance(i.subject, ox.BlankNode) or isinstance(i.object, ox.BlankNode)]) == len(
        blank
    )


def test_kg_export_one_report(out, tmp_path):
    target = tmp_path / "one.nq"
    result = CliRunner().invoke(
        cli,
        ["export", "--out", str(out), "--format", "nquads", "--report", "002_c9c5ec28efd82eda.txt", "-o", str(target)],
    )
    assert result.exit_code == 0
    quads = list(ox.parse(path=str(target), format=ox.RdfFormat.N_QUADS))
    assert quads and len({q.graph_name for q in quads}) == 1 and "南安市" in quads[0].graph_name.value
    values = {Decimal(q.object.value) for q in quads if q.predicate.value == GK + "value"}
    assert Decimal("1645") in values
    bad = CliRunner().invoke(cli, ["export", "--out", str(out), "--report", "nope.txt"])
    assert bad.exit_code == 1 and "no report from" in bad.output


def test_a_format_that_does_not_fit_the_query_form_is_refused(out):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--out", str(out), "--format", "turtle"]
    )
    assert result.exit_code == 1 and "--format turtle is for CONSTRUCT" in result.output
    result = runner.invoke(cli, ["query", "CONSTRUCT WHERE { ?s a gk:Report }", "--out", str(out), "--format", "csv"])
    assert result.exit_code == 1 and "is for SELECT and ASK" in result.output


# --- one graph per triple ----------------------------------------------------------------------


def _graphs_per_triple(nquads) -> dict:
    graphs: dict = {}
    for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.triple, []).append(quad.graph_name)
    return graphs


def test_every_triple_is_in_one_graph_and_queries_read_their_union(out, store):
    graphs = _graphs_per_triple(out / "graph.nq")
    assert all(len(names) == 1 for names in graphs.values())
    count = run_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store).rows[0][0]
    assert int(count.value) == len(graphs)
    # the Turtle is the same union
    turtle = {
        q.triple
        for q in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }
    assert turtle == {
        t for t in graphs if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)
    }


def test_a_report_in_two_files_states_its_facts_once(tmp_path):
    from kg.build import build
    from tests.conftest import SEEDS

    seed = sorted(SEEDS.glob("*.txt"))[0]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(seed.read_bytes())
    build([folder], tmp_path / "out", jobs=1)
    graphs = _graphs_per_triple(tmp_path / "out" / "graph.nq")
    assert all(len(names) == 1 for names in graphs.values())
    # both reports keep their own nodes, sentences and mentions; the shared fact is stated once
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    reports = {t.subject for t in graphs if t.predicate == rdf_type and t.object == ox.NamedNode(GK + "Report")}
    assert len(reports) == 2
    store = open_store(tmp_path / "out")
    query = "SELECT ?f (COUNT(?v) AS ?n) WHERE { ?f a gk:Target ; gk:value ?v } GROUP BY ?f HAVING (COUNT(?v) > 1)"
    assert run_query(query, store).rows == []
    query = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?f a gk:Target ; gk:report ?r }"
    assert int(run_query(query, store).rows[0][0].value) == 2


@pytest.mark.parametrize(
    "where",
    [
        "SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
        "SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
        "?s ?p ?o . service <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
    ],
)
def test_kg_query_refuses_federation_in_one_line(out, tmp_path, where):
    query = f"SELECT * WHERE {{ {where} }}"
    for location in (["--out", str(out)], ["--data", str(out / "graph.ttl")]):
        result = CliRunner().invoke(cli, ["query", query, *location])
        assert result.exit_code == 1 and "SERVICE is not allowed" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_word_service_in_a_literal_or_a_name_is_not_federation(out):
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "--out",
            str(out),
            "--format",
            "csv",
            'SELECT ?service WHERE { BIND("SERVICE <x>" AS ?service) } # SERVICE',
        ],
    )
    assert result.exit_code == 0 and "SERVICE <x>" in result.stdout


def test_from_restricts_the_query_to_the_graphs_it_names(store):
    every = run_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store).rows[0][0]
    ontology = run_query(
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/govkg/ontology> WHERE { ?s ?p ?o }", store
    ).rows[0][0]
    in_graph = run_query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/govkg/ontology> { ?s ?p ?o } }", store
    ).rows[0][0]
    assert 0 < int(ontology.value) == int(in_graph.value) < int(every.value)
    named = run_query(
        "SELECT DISTINCT ?g FROM NAMED <https://w3id.org/govkg/ontology> WHERE { GRAPH ?g { ?s ?p ?o } }", store
    )
    assert [row[0].value for row in named.rows] == ["https://w3id.org/govkg/ontology"]
