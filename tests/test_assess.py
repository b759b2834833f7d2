"""Goals against results: synthetic two-year report pairs, a corpus series, `kg track` and its plot."""

from __future__ import annotations

import json
from decimal import Decimal

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.views.track import track
from tests.conftest import CORPUS

PROJECT_QUERIES = __import__("pathlib").Path(__file__).resolve().parent.parent / "queries"
FILLER = "我们坚持稳中求进,推进高质量发展,深化改革开放,改善民生福祉,建设美丽城区,各项工作取得新进展新成效。" * 3


def report(year: int, review: str, plan: str) -> str:
    return (
        f"政府工作报告\n——{year - 1}年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上\n"
        f"泉州市鲤城区人民政府区长 王克思\n各位代表:\n一、{year - 1}年政府工作回顾\n{review}{FILLER}\n"
        f"二、{year}年政府工作安排\n经济社会发展主要预期目标是:{plan}。{FILLER}\n"
    )


PLAN_2024 = (
    "全区生产总值增长6%左右,工业增加值增长8%左右,一般公共预算收入增长5%以上,城镇登记失业率控制在4.5%以内,"
    "固定资产投资增长10%,单位地区生产总值能耗下降3%,社会消费品零售总额增长8%,进出口总额增长5%,"
    "城镇新增就业2万人,居民人均可支配收入与经济增长基本同步"
)
REVIEW_2024 = (
    "预计全区生产总值增长5.6%,工业增加值增长7.4%,一般公共预算收入增长4.9%,城镇登记失业率4.2%,"
    "固定资产投资增长12%,单位地区生产总值能耗下降2.5%,社会消费品零售总额增长7%,城镇新增就业2.1万人,"
    "居民人均可支配收入增长6%。全区生产总值增长5.6%,经济运行稳中向好。"
)


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("pair")
    (inputs / "2024.txt").write_text(report(2024, "全区生产总值增长7%。", PLAN_2024), encoding="utf-8")
    (inputs / "2025.txt").write_text(report(2025, REVIEW_2024, "全区生产总值增长5%左右"), encoding="utf-8")
    out = tmp_path_factory.mktemp("pair-out")
    result = build([inputs], out, jobs=1)
    rows = {(r.indicator, r.measure): r for r in track(out) if r.year == 2024}
    return result, rows, out


@pytest.mark.parametrize(
    "indicator,measure,status,gap",
    [
        ("GDP", "growth", "met", Decimal("-0.4")),  # 左右: within 0.5 points
        ("IndustrialValueAdded", "growth", "missed", Decimal("-0.6")),  # 左右: beyond the tolerance
        ("GeneralPublicBudgetRevenue", "growth", "missed", Decimal("-0.1")),  # 以上: at least
        ("UrbanRegisteredUnemploymentRate", "level", "met", Decimal("-0.3")),  # 以内: at most
        ("FixedAssetInvestment", "growth", "met", Decimal(2)),
        ("EnergyIntensity", "growth", "missed", Decimal("0.5")),  # a decline goal: lower is better
        ("RetailSales", "growth", "missed", Decimal(-1)),
        ("NewUrbanJobs", "level", "met", Decimal("0.1")),
        ("PerCapitaDisposableIncome", "qualitative", "met", Decimal("0.4")),  # grew faster than GDP
        ("ImportExportTotal", "growth", "open", None),  # no outcome reported
    ],
)
def test_targets_are_judged_against_next_years_outcomes(pair, indicator, measure, status, gap):
    _, rows, _ = pair
    row = rows[(indicator, measure)]
    assert (row.status, row.gap) == (status, gap)
    if status != "open":
        assert (row.target_report, row.outcome_report) == ("2024.txt", "2025.txt")


def test_a_duplicate_outcome_gives_one_assessment(pair):
    result, rows, out = pair
    store = ox.Store()
    store.load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    counts = list(
        store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a <https://w3id.org/govkg/ontology#target> "
            "<https://w3id.org/govkg/id/target/福建省/泉州市/鲤城区/GDP/2024/growth> }",
            use_default_graph_as_union=True,
        )
    )
    assert counts[0]["n"].value == "1"
    assert result.assessments == 9 and result.met == 5


def test_assessments_live_in_their_own_graph(pair):
    _, _, out = pair
    store = ox.Store()
    store.load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    graph = ox.NamedNode("https://w3id.org/govkg/id/graph/assessments")
    assert len(list(store.quads_for_pattern(None, None, None, graph))) > 9 * 8


def test_saved_query_lists_missed_targets(pair):
    _, _, out = pair
    store = ox.Store()
    store.load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    query = (PROJECT_QUERIES / "targets_missed.rq").read_text(encoding="utf-8")
    missed = {(row["indicator"].value, row["gap"].value) for row in store.query(query, use_default_graph_as_union=True)}
    assert missed == {
        ("IndustrialValueAdded", "-0.6"),
        ("GeneralPublicBudgetRevenue", "-0.1"),
        ("EnergyIntensity", "0.5"),
        ("RetailSales", "-1"),
    }


def test_tolerance_is_configurable(tmp_path, pair):
    _, _, out = pair
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "2024.txt").write_text(report(2024, "全区生产总值增长7%。", PLAN_2024), encoding="utf-8")
    (inputs / "2025.txt").write_text(report(2025, REVIEW_2024, "全区生产总值增长5%左右"), encoding="utf-8")
    build([inputs], tmp_path / "strict", jobs=1, tolerance=Decimal("0.2"))
    gdp = [r for r in track(tmp_path / "strict", indicator="GDP") if r.year == 2024]
    assert gdp[0].status == "missed"


def test_kg_track_cli_formats_and_plot(pair, tmp_path):
    _, _, out = pair
    runner = CliRunner()
    table = runner.invoke(cli, ["track", "--out", str(out), "--place", "鲤城"])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["地区", "指标", "年份", "目标"] and "✓ 完成" in table.stdout
    assert "targets" in table.stderr and "missed" in table.stderr
    data = json.loads(runner.invoke(cli, ["track", "--out", str(out), "--indicator", "GDP", "--format", "json"]).stdout)
    assert [(r["year"], r["status"]) for r in data] == [(2024, "met"), (2025, "open")]
    csv_out = runner.invoke(cli, ["track", "--out", str(out), "--format", "csv", "--indicator", "地区生产总值"]).stdout
    assert csv_out.splitlines()[0].startswith("place,indicator,")
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    assert runner.invoke(cli, ["track", "--out", str(out), "--plot", str(png)]).exit_code == 0
    assert runner.invoke(cli, ["track", "--out", str(out), "--plot", str(svg)]).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert b"<svg" in svg.read_bytes()[:500]


def test_kg_track_without_a_build_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["track", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "no build output here" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
def test_a_corpus_series_pairs_targets_with_next_years_report(tmp_path):
    files = [CORPUS / "district_清苑区_2024.txt", CORPUS / "district_清苑区_2025.txt"]
    build(files, tmp_path, jobs=1)
    rows = {(r.indicator, r.year): r for r in track(tmp_path, indicator="GDP")}
    gdp = rows[("GDP", 2024)]
    assert gdp.goal == "增长6%左右" and gdp.achieved_value == Decimal(6) and gdp.status == "met"
    assert gdp.outcome_report == "district_清苑区_2025.txt"


def test_kg_track_with_nothing_matching_says_so(pair):
    _, _, out = pair
    result = CliRunner().invoke(cli, ["track", "--out", str(out), "--place", "不存在区"])
    assert result.exit_code == 1 and "no targets match" in result.output
