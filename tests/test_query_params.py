"""kg query: saved-query parameters (--param), tables that show language tags and datatypes,
the hint for plain literals that match nothing, and syntax errors with a caret. All on the seeds."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.embedded import open_store
from kg.store.query import QueryError, bind_parameters, declared_parameters, format_result, run_query, saved_queries
from kg.store.query_messages import empty_result_hint
from kg.vocab import GK, RDFS, XSD


@pytest.fixture(scope="module")
def out(seed_build):
    return seed_build[1]


def kg_query(*args: str):
    return CliRunner().invoke(cli, ["query", *args])


def tsv_rows(result) -> list[list[str]]:
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.splitlines()[1:]]


# --- parameters ------------------------------------------------------------------------------


def values_in(values_line: str) -> list[list[str]]:
    """The terms of one ``VALUES ?x { … }`` line, as pyoxigraph reads them."""
    return [[str(term) for term in row] for row in run_query(f"SELECT * {{ {values_line.strip()} }}", ox.Store()).rows]


def test_every_saved_query_holds_its_declared_defaults_in_its_values_lines(out):
    """A saved query gives the same answer as a plain file in any store (its VALUES lines) and in
    kg query (which writes those lines from the header)."""
    store = open_store(out)
    with_parameters = 0
    for name, path in saved_queries().items():
        text = path.read_text(encoding="utf-8")
        parameters = declared_parameters(text)
        with_parameters += bool(parameters)
        bound = bind_parameters(text, {}, name)
        assert [[str(t) for t in row] for row in run_query(bound, store).rows] == [
            [str(t) for t in row] for row in run_query(text, store).rows
        ], name
        for line_in_file, line_bound in zip(text.splitlines(), bound.splitlines()):
            if line_in_file != line_bound:  # the same terms, maybe written otherwise (8.0, "8"^^xsd:decimal)
                assert values_in(line_in_file) == values_in(line_bound), (name, line_in_file, line_bound)
    assert with_parameters >= 5


def test_place_targets_and_outcomes_for_another_place(out):
    default = tsv_rows(kg_query("--saved", "place_targets_and_outcomes", "--out", str(out), "--format", "tsv"))
    fengze = tsv_rows(
        kg_query(
            "--saved", "place_targets_and_outcomes", "--param", "place=丰泽区", "--out", str(out), "--format", "tsv"
        )
    )
    assert len(default) == 30 and len(fengze) == 15 and fengze != default  # (旅游收入超百亿元 among the 30)
    assert ["GDP", "target", "2025", GK.Growth.value, "6"] in [row[:5] for row in fengze]
    in_2025 = tsv_rows(
        kg_query(
            "--saved",
            "place_targets_and_outcomes",
            "--param",
            "place=丰泽区",
            "--param",
            "year=2025",
            "--out",
            str(out),
            "--format",
            "tsv",
        )
    )
    assert 0 < len(in_2025) < len(fengze) and {row[2] for row in in_2025} == {"2025"}


def test_a_city_an_indicator_a_threshold_and_two_places(out):
    fuzhou = tsv_rows(
        kg_query("--saved", "places_in_city", "--param", "city=福州市", "--out", str(out), "--format", "tsv")
    )
    assert "仓山区" in {row[1] for row in fuzhou} and "鲤城区" not in {row[1] for row in fuzhou}
    retail = tsv_rows(
        kg_query(
            "--saved", "fact_sources", "--param", "indicator=ind:RetailSales", "--out", str(out), "--format", "tsv"
        )
    )
    assert retail and all("零售" in row[5] for row in retail)
    at_least_10 = tsv_rows(
        kg_query("--saved", "high_investment_targets", "--param", "min=10", "--out", str(out), "--format", "tsv")
    )
    assert at_least_10 == [["鲤城区", "2024", "10", GK.Exactly.value]]
    # a name given twice matches either value; Traditional characters find the Simplified labels
    two = tsv_rows(
        kg_query(
            "--saved",
            "gdp_growth_targets",
            "--param",
            "place=鲤城區",
            "--param",
            "place=丰泽区",
            "--out",
            str(out),
            "--format",
            "tsv",
        )
    )
    assert [row[:3] for row in two] == [["丰泽区", "2025", "6"], ["鲤城区", "2024", "6"]]


def test_list_shows_the_parameters():
    listing = kg_query("--list").stdout.splitlines()
    index = next(i for i, line in enumerate(listing) if line.startswith("place_targets_and_outcomes"))
    assert "--param place  literal@zh, default 鲤城区:" in listing[index + 1]
    assert "--param year  gYear, default any:" in listing[index + 2]


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["--saved", "place_targets_and_outcomes", "--param", "plac=丰泽区"],
            "has no parameter 'plac' (its parameters: place, year)",
        ),
        (["--saved", "indicators_by_targets", "--param", "year=2024"], "it declares no parameters"),
        (["SELECT * WHERE { ?s ?p ?o }", "--param", "year=2024"], "--param is for --saved NAME or -f FILE"),
        (["--saved", "place_targets_and_outcomes", "--param", "year"], "write NAME=VALUE"),
        (["--saved", "place_targets_and_outcomes", "--param", "place="], "write NAME=VALUE"),
        (["--saved", "place_targets_and_outcomes", "--param", "year=二〇二四"], "not a year (gYear), e.g. 2024"),
        (["--saved", "high_investment_targets", "--param", "min=8%"], "not a number"),
        (["--saved", "fact_sources", "--param", "indicator=GDP"], "not an IRI"),
        (["--saved", "fact_sources", "--param", "indicator=ind:GDP> ?p ?o } #"], "not an IRI"),
    ],
)
def test_bad_parameters_are_one_clear_error(out, args, message):
    result = kg_query(*args, "--out", str(out))
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert result.exit_code == 2 and len(errors) == 1 and message in errors[0], result.output
    assert "Traceback" not in result.output


NASTY_VALUES = ['"} ; DROP ALL #', '鲤城区"@zh "丰泽区', 'a\\"b', "x' } UNION { ?s ?p ?o }", "line\nbreak", "<>{}"]


@pytest.mark.parametrize("value", NASTY_VALUES)
def test_an_injection_attempt_is_data(out, tmp_path, value):
    query_file = tmp_path / "echo.rq"
    query_file.write_text(
        "# Echo a value\n# @param x  string  Any text  default: 鲤城区\n"
        'SELECT ?x WHERE {\n  VALUES ?x { "鲤城区" }\n}\n',
        encoding="utf-8",
    )
    result = kg_query("-f", str(query_file), "--param", f"x={value}", "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert bindings == [{"x": {"type": "literal", "value": value.strip()}}]
    # pasted into the saved query, '鲤城区"@zh "丰泽区' would ask for two places; bound, it is one odd name
    place = kg_query(
        "--saved", "place_targets_and_outcomes", "--param", f"place={value}", "--out", str(out), "--format", "tsv"
    )
    assert place.exit_code == 0 and place.stdout.splitlines()[1:] == []


def test_a_declared_parameter_needs_its_values_line(tmp_path, out):
    query_file = tmp_path / "q.rq"
    query_file.write_text("# @param year  gYear  A year\nSELECT * WHERE { ?s gk:year ?year }", encoding="utf-8")
    result = kg_query("-f", str(query_file), "--out", str(out))
    assert result.exit_code == 2 and "has no line 'VALUES ?year { … }'" in result.output
    with pytest.raises(QueryError, match="unknown type 'year'"):
        declared_parameters("# @param year  year  A year\nSELECT * {}")
    with pytest.raises(QueryError, match="write '# @param NAME TYPE"):
        declared_parameters("# @param year\nSELECT * {}")


def test_list_survives_a_query_with_a_broken_header(tmp_path, monkeypatch):
    (tmp_path / "broken.rq").write_text("# A question?\n# @param year\nSELECT * {}", encoding="utf-8")
    (tmp_path / "fine.rq").write_text("# Another question?\nSELECT * {}", encoding="utf-8")
    monkeypatch.setenv("GOVKG_QUERIES", str(tmp_path))
    result = kg_query("--list")
    assert result.exit_code == 0 and "cannot read the parameters" in result.stdout and "fine" in result.stdout


# --- the table shows tags and datatypes; csv and json keep the values ------------------------------


def test_table_writes_terms_as_a_query_would():
    store = ox.Store()
    subject = GK.x
    for predicate, term in [
        (RDFS.label, ox.Literal("鲤城区", language="zh")),
        (GK.year, ox.Literal("2016", datatype=XSD.gYear)),
        (GK.value, ox.Literal("6", datatype=XSD.decimal)),
        (GK.start, ox.Literal("382", datatype=XSD.integer)),
        (GK.estimated, ox.Literal("true", datatype=XSD.boolean)),
        (GK.text, ox.Literal('说"好"')),
        (GK.deliveredOn, ox.Literal("2023-12-28", datatype=XSD.date)),
        (GK.other, ox.Literal("1", datatype=ox.NamedNode("http://example.org/t"))),
    ]:
        store.add(ox.Quad(subject, predicate, term))
    query = (
        "SELECT ?label ?year ?value ?start ?estimated ?text ?date ?other WHERE { gk:x rdfs:label ?label ; "
        "gk:year ?year ; gk:value ?value ; gk:start ?start ; gk:estimated ?estimated ; gk:text ?text ; "
        "gk:deliveredOn ?date ; gk:other ?other }"
    )
    result = run_query(query, store)
    assert re.split(r" {2,}", format_result(result, "table").splitlines()[2]) == [
        '"鲤城区"@zh',
        '"2016"^^xsd:gYear',
        "6.0",
        "382",
        "true",
        '说"好"',
        '"2023-12-28"^^xsd:date',
        '"1"^^<http://example.org/t>',
    ]
    assert format_result(result, "csv").splitlines()[1] == '鲤城区,2016,6,382,true,"说""好""",2023-12-28,1'
    assert format_result(result, "tsv").splitlines()[1].split("\t")[:3] == ["鲤城区", "2016", "6"]


# --- the hint -------------------------------------------------------------------------------------------


def test_a_plain_literal_that_matches_nothing_gets_a_hint_on_stderr(out):
    plain = 'SELECT ?t WHERE { ?p rdfs:label "鲤城区" . ?t gk:place ?p ; gk:year 2024 }'
    result = kg_query(plain, "--out", str(out))
    assert result.exit_code == 0 and result.stdout.splitlines() == ["t", "-"]
    assert result.stderr.strip() == (
        'hint: labels are language-tagged: write "鲤城区"@zh; years are xsd:gYear: write "2024"^^xsd:gYear'
    )
    tagged = 'SELECT ?t WHERE { ?p rdfs:label "鲤城区"@zh . ?t gk:place ?p ; gk:year "2024"^^xsd:gYear }'
    found = kg_query(tagged, "--out", str(out), "--format", "tsv")
    assert len(found.stdout.splitlines()) > 10 and found.stderr == ""
    assert "hint:" in kg_query('ASK { ?p rdfs:label "鲤城区" }', "--out", str(out)).stderr
    # nothing found, but no plain literal to blame: no hint
    assert kg_query('SELECT ?p WHERE { ?p rdfs:label "无此地"@zh }', "--out", str(out)).stderr == ""


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?t WHERE { ?t gk:value ?v FILTER(?v > 6 && STR(?v) = "6") }',
        'SELECT ?p WHERE { VALUES ?name { "鲤城区" } ?p rdfs:label ?name } LIMIT 5',
        'SELECT ?p (CONCAT("a", "b") AS ?c) WHERE { ?p rdfs:label "鲤城区"@zh ; gk:adcode "350502"^^xsd:string }',
        "SELECT ?p WHERE { ?p rdfs:label ?l } GROUP BY ?p HAVING (COUNT(?l) > 2) OFFSET 10  # gk:year 2016",
    ],
)
def test_no_hint_without_a_plain_literal_in_a_triple_pattern(query):
    assert empty_result_hint(query) is None


@pytest.mark.parametrize(
    "query,hint",
    [
        ('SELECT * { ?p rdfs:label "清苑区", "鲤城区"@zh }', 'write "清苑区"@zh'),
        ("SELECT * { ?t gk:place/rdfs:label '清苑区' }", "write '清苑区'@zh"),
        ("SELECT * { ?t gk:value 6 }", "xsd:decimal: write 6.0"),
        ("SELECT * { ?t ?p 2016 FILTER NOT EXISTS { ?t gk:estimated true } }", 'write "2016"^^xsd:gYear'),
        ("SELECT * { { SELECT ?t { ?t gk:year 2016 } LIMIT 3 } }", 'write "2016"^^xsd:gYear'),
    ],
)
def test_hint_names_the_literal_to_rewrite(query, hint):
    assert hint in empty_result_hint(query)


# --- syntax errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", ["0", "30"])  # in this process, and in the child that a timeout uses
def test_syntax_error_shows_the_line_and_a_caret(out, tmp_path, timeout):
    query_file = tmp_path / "bad.rq"
    query_file.write_text('SELECT ?p WHERE {\n  ?p rdfs:label "鲤城区"@zh ; gkk:year ?y\n}\n', encoding="utf-8")
    result = kg_query("-f", str(query_file), "--out", str(out), "--timeout", timeout)
    lines = result.output.splitlines()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert lines == [
        "Error: syntax error at line 2, column 28: unknown prefix gkk: (declare it: PREFIX gkk: <…>)",
        '    ?p rdfs:label "鲤城区"@zh ; gkk:year ?y',
        # 鲤城区 takes six columns of the terminal: the caret stands under gkk:, not three to the left
        " " * (lines[1].index("gkk") + 3) + "^",
    ]


@pytest.mark.parametrize(
    "query,first_line,caret_under",
    [
        (
            "SELEC ?x WHERE { ?x ?y ?z }",
            "column 1: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not SELEC",
            "S",
        ),
        ("SELECT ?x WHERE { ?x ?y <a b> }", "column 25: not a valid IRI", "<"),
        ("SELECT ?x WHERE { ?x ?y }", "the query is incomplete", ""),
    ],
)
def test_syntax_errors_say_what_is_wrong(out, query, first_line, caret_under):
    result = kg_query(query, "--out", str(out))
    lines = result.output.splitlines()
    assert result.exit_code == 1 and len(lines) == 3 and first_line in lines[0]
    assert lines[1] == "  " + query and lines[2].endswith("^")
    assert (lines[1] + " ")[len(lines[2]) - 1].strip() == caret_under
