"""The network view's Python side: filters that keep a part or fail with one line, the layout,
and the same page from the same build. The page in Chromium: tests/test_viz.py."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.views.layout import radial_layout
from kg.views.network import project
from kg.views.network_filters import ViewFilterError, filtered, keep_most_connected
from kg.views.track import load_graph
from kg.views.viz import write_viz
from tests.conftest import SEEDS
from tests.test_assess import pair  # noqa: F401  (a two-report build whose targets are judged)
from tests.test_viz import synthetic_graph


def test_the_same_build_draws_the_same_page(seed_build, tmp_path):
    _, out = seed_build
    first = write_viz(out, tmp_path / "a.html").path.read_bytes()
    second = write_viz(out, tmp_path / "b.html").path.read_bytes()
    assert first == second and len(first) > 100_000
    # and another build of the same reports, with one job where the session's had two
    build([SEEDS], tmp_path / "again", jobs=1)
    assert (tmp_path / "again" / "graph.html").read_bytes() == (out / "graph.html").read_bytes()


def test_radial_layout_puts_each_place_outside_the_one_it_lies_in_and_no_two_nodes_together():
    graph = synthetic_graph(2000)
    positions = radial_layout(graph)
    assert set(positions) == set(graph)
    distance = {n: (x * x + y * y) ** 0.5 for n, (x, y) in positions.items()}
    for child, parent, key in graph.edges(keys=True):
        if key == "locatedIn":
            assert distance[child] > distance[parent]
    assert len(set(positions.values())) == len(positions)


# --- filters: each one keeps a part of the graph, and one that matches nothing is an error -------


def test_each_filter_keeps_only_what_it_names(seed_build):
    _, out = seed_build
    graph = project(load_graph(out))
    nodes, edges = set(graph), set(graph.edges(keys=True))
    label = {n: d["label"] for n, d in graph.nodes(data=True)}
    notation = {n: dict(d["fields"]).get("记号 notation") for n, d in graph.nodes(data=True) if d["cls"] == "Indicator"}
    checks = {
        "place": (
            {"place": "南安市"},
            lambda g: "南安市" in {label[n] for n in g} and "鲤城区" not in {label[n] for n in g},
        ),
        "indicator": ({"indicator": "GDP"}, lambda g: {notation[n] for n in g if n in notation} == {"GDP"}),
        "year": (
            {"year": 2024},
            lambda g: all(d["years"] == [2024] for *_, k, d in g.edges(keys=True, data=True) if k != "locatedIn"),
        ),
        "class": ({"cls": "Project"}, lambda g: {d["cls"] for _, d in g.nodes(data=True)} == {"Project"}),
    }
    for name, (arguments, holds) in checks.items():
        part = filtered(graph, **arguments)
        assert set(part) < nodes and set(part.edges(keys=True)) <= edges, name
        assert part.number_of_nodes() > 0 and holds(part), name
    both = filtered(graph, place="南安市", year=2023)
    assert set(both) < set(filtered(graph, place="南安市")) and set(both) < set(filtered(graph, year=2023))


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--place", "无此地"], "no place named 无此地"),
        (["--indicator", "NOSUCH"], "no indicator NOSUCH"),
        (["--year", "1900"], "no targets or outcomes for 1900"),
        (["--class", "Term"], "no Term nodes"),
        (["--class", "Nonsense"], "Nonsense"),
    ],
)
def test_kg_viz_rejects_a_filter_that_matches_nothing(seed_build, tmp_path, arguments, message):
    _, out = seed_build
    result = CliRunner().invoke(cli, ["viz", "--out", str(out), "--html", str(tmp_path / "x.html"), *arguments])
    assert result.exit_code != 0 and message in result.output, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 3
    assert not (tmp_path / "x.html").exists()


def test_a_year_with_data_elsewhere_but_not_for_the_place_is_an_error(seed_build):
    _, out = seed_build
    graph = project(load_graph(out))
    facts = [
        (graph.nodes[u]["label"], year)
        for u, _, k, d in graph.edges(keys=True, data=True)
        if k != "locatedIn"
        for year in d["years"]
    ]
    years = {year for _, year in facts}
    # a place without children, so that no place inside it can have the year
    leaves = {
        graph.nodes[n]["label"]
        for n, d in graph.nodes(data=True)
        if d["cls"] == "Place"
        and not any(k == "locatedIn" and graph.nodes[c]["cls"] == "Place" for c, _, k in graph.in_edges(n, keys=True))
    }
    place, year = next(
        (p, y) for p in sorted(leaves & {p for p, _ in facts}) for y in sorted(years) if (p, y) not in facts
    )
    with pytest.raises(ViewFilterError, match=f"no targets or outcomes match --place {place} --year {year}"):
        filtered(graph, place=place, year=year)


def test_kg_viz_cli_filters_and_max_nodes(seed_build, tmp_path):
    _, out = seed_build
    runner = CliRunner()
    result = runner.invoke(cli, ["viz", "--out", str(out), "--html", str(tmp_path / "a.html"), "--max-nodes", "10"])
    assert result.exit_code == 0, result.output
    assert "10 nodes" in result.stdout and "left out" in result.stdout
    result = runner.invoke(
        cli, ["viz", "--out", str(out), "--html", str(tmp_path / "b.html"), "--place", "南安市", "--year", "2023"]
    )
    assert result.exit_code == 0 and (tmp_path / "b.html").stat().st_size > 100_000
    view = filtered(project(load_graph(out)), place="南安市", year=2023)
    labels = {d["label"] for _, d in view.nodes(data=True) if d["cls"] == "Place"}
    assert "南安市" in labels and "鲤城区" not in labels
    result = runner.invoke(cli, ["viz", "--out", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no build output here" in result.output


def test_a_page_of_bounded_size_draws_the_latest_years_and_says_so(seed_build, tmp_path):
    """A build of many years (the country's 20 years) draws the latest years up to --max-facts
    targets and outcomes, and their projects."""
    from kg.views.page import page_data
    from kg.views.view_years import facts_by_year, latest_years

    _, out = seed_build
    counts = facts_by_year(load_graph(out))
    assert sum(counts.values()) > 60 and len(counts) > 2
    years = latest_years(counts, 60)
    assert years and years[-1] == max(counts) and min(years) > min(counts)
    assert sum(counts[y] for y in years) <= 60

    page_path = tmp_path / "a.html"
    result = CliRunner().invoke(cli, ["viz", "--out", str(out), "--html", str(page_path), "--max-facts", "60"])
    assert result.exit_code == 0, result.output
    assert f"the latest years only, {years[0]}–{years[-1]}" in result.stdout
    page = page_path.read_text(encoding="utf-8")
    assert f"targets, outcomes and projects of {years[0]}–{years[-1]}" in page
    data = page_data(page)
    drawn_years = {y for edge in data["edges"] if edge["kind"] != "locatedIn" for y in edge["years"]}
    assert drawn_years == set(years)
    whole = page_data((out / "graph.html").read_text(encoding="utf-8"))
    projects = lambda d: {n["name"] for n in d["nodes"] if n["group"] == "Project"}  # noqa: E731
    assert projects(data) < projects(whole)  # the projects of the earlier reports wait for --year or --place
    # every year fits the default: the build's page is the whole build, and says nothing of years
    assert "the latest years" not in (out / "graph.html").read_text(encoding="utf-8")
    # 0 draws every year
    result = CliRunner().invoke(cli, ["viz", "--out", str(out), "--html", str(tmp_path / "b.html"), "--max-facts", "0"])
    assert result.exit_code == 0 and (tmp_path / "b.html").read_bytes() == (out / "graph.html").read_bytes()


def test_the_years_count_targets_and_outcomes_and_not_the_assessments(pair):  # noqa: F811
    """The page's window and its note ("N of M targets and outcomes") count the facts by year; an
    assessment has a gk:indicator and a gk:year too, and must not be counted with them."""
    from kg.views.store_rows import select_rows
    from kg.views.view_years import fact_total, facts_by_year
    from kg.vocab import GK, XSD

    _, _, out = pair
    store = load_graph(out)

    def count(query: str) -> int:
        return sum(int(row["n"]) for row in select_rows(store, query))

    kinds = f"{{ ?f a {GK.Target} }} UNION {{ ?f a {GK.Outcome} }}"
    assert count(f"SELECT (COUNT(?a) AS ?n) WHERE {{ ?a a {GK.Assessment} ; {GK.indicator} ?i ; {GK.year} ?y }}")
    by_year = facts_by_year(store)
    assert sum(by_year.values()) == count(f"SELECT (COUNT(?f) AS ?n) WHERE {{ {kinds} }}") == fact_total(store)
    for year, facts in by_year.items():
        assert facts == count(f'SELECT (COUNT(?f) AS ?n) WHERE {{ {kinds} ?f {GK.year} "{year:04d}"^^{XSD.gYear} }}')


def test_the_years_facts_looked_up_or_read_whole_draw_the_same_graph(seed_build):
    """A page of a few years of many looks their facts up from the years; of most years reads every
    fact and leaves the others (quicker there): the graph must not depend on which."""
    from kg.views.view_years import facts_by_year, latest_years

    _, out = seed_build
    store = load_graph(out)
    years = latest_years(facts_by_year(store), 60)
    assert years
    scanned, looked_up = project(store, years, look_up=False), project(store, years, look_up=True)
    assert sorted(scanned.nodes(data=True)) == sorted(looked_up.nodes(data=True))
    assert sorted(scanned.edges(keys=True, data=True)) == sorted(looked_up.edges(keys=True, data=True))
    assert any(k == "hasTarget" for *_, k in scanned.edges(keys=True))


def test_a_place_or_indicator_projected_alone_draws_what_the_whole_projection_filtered_draws(seed_build):
    """`kg viz --place` reads only that place's part of the store (a province of 20,000 reports:
    2.9 GB read whole); what it draws must be what filtering the whole projection draws."""
    from kg.views.viz import network_data

    _, out = seed_build
    store = load_graph(out)
    for place, year in (("南安市", None), ("泉州", None), ("泉州市", 2024)):
        alone = filtered(project(store, [year] if year else None, place=place), place=place, year=year)
        whole = filtered(project(store, [year] if year else None), place=place, year=year)
        assert network_data(alone) == network_data(whole), place
        assert any(k == "hasTarget" for *_, k in alone.edges(keys=True))
    # and an indicator's, by notation or label, alone or with a place
    for indicator, place in (("GDP", None), ("地区生产总值", None), ("GDP", "泉州市")):
        alone = filtered(project(store, place=place, indicator=indicator), place=place, indicator=indicator)
        whole = filtered(project(store), place=place, indicator=indicator)
        assert network_data(alone) == network_data(whole), (indicator, place)
        assert alone.number_of_edges() > 0
    # and a class's nodes, which no fact links to one another (a fact links a place to an indicator)
    for cls in ("Place", "Project", "Area"):
        alone, whole = filtered(project(store, cls=cls), cls=cls), filtered(project(store), cls=cls)
        assert network_data(alone) == network_data(whole), cls
        assert alone.number_of_nodes() > 0


def test_the_best_connected_keep_the_graphs_order():
    """Fewer than half the nodes kept: networkx's subgraph iterated the set of them, in an order
    that changed with each process's string hashes, and so did the page's short ids."""
    graph = nx.MultiDiGraph()
    graph.add_node("省", label="河北省", cls="Place")
    for n in range(40):
        graph.add_node(f"项目{n}", label=f"项目{n}", cls="Project")
        for _ in range(n % 3):
            graph.add_edge(f"项目{n}", "省", kind="locatedIn")
    drawn = keep_most_connected(graph, 12)
    assert list(drawn) == [n for n in graph if n in drawn]
    assert list(drawn.edges(keys=True)) == [e for e in graph.edges(keys=True) if e[0] in drawn and e[1] in drawn]
    assert drawn.number_of_nodes() == 12 and "省" in drawn
