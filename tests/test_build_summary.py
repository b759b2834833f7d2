"""What `kg build` tells its user: the same triple count as the store, the command's real time
with its phases, what it replaced, one core for one job, and which files conflict on what."""

from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.views.viz
from kg.cli import cli
from tests.conftest import GOOD_REPORT, PROJECT, SEEDS


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _summary(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def test_one_report_is_a_report_and_the_count_is_the_stores(runner, tmp_path):
    (tmp_path / "in.txt").write_text(GOOD_REPORT, encoding="utf-8")
    summary = _summary(runner.invoke(cli, ["build", str(tmp_path / "in.txt"), "--out", str(tmp_path / "out")]))
    assert summary.startswith("built 1 report (0 skipped):"), summary
    store = ox.Store.read_only(str(tmp_path / "out" / "store"))
    in_store = len(store)
    in_file = sum(1 for _ in open(tmp_path / "out" / "graph.nq", "rb"))
    assert f"{in_store:,} triples (" in summary and in_store == in_file
    assert "graph.html" in summary and "store/" in summary


def test_a_second_build_says_what_it_replaced(runner, tmp_path):
    one, out = tmp_path / "one.txt", tmp_path / "out"
    one.write_text(GOOD_REPORT, encoding="utf-8")
    first = _summary(runner.invoke(cli, ["build", str(one), "--out", str(out)]))
    assert "replaced" not in first
    second = _summary(runner.invoke(cli, ["build", str(SEEDS), "--out", str(out), "-q"]))
    assert second.endswith(f"; replaced the previous build of 1 report ({one})"), second
    # an output directory from before build.json existed
    (out / "build.json").unlink()
    third = _summary(runner.invoke(cli, ["build", str(one), "--out", str(out), "-q"]))
    assert third.endswith("; replaced a previous build")


def test_json_summary_phases_add_up_to_the_commands_time(runner, tmp_path):
    (tmp_path / "in.txt").write_text(GOOD_REPORT, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tmp_path / "in.txt"), "--out", str(tmp_path / "out"), "--json"])
    summary = json.loads(_summary(result))
    assert summary["reports"] == 1 and summary["skipped"] == [] and summary["replaced"] is None
    assert set(summary["phases"]) == {"extract", "assess", "store", "view", "other"}
    assert abs(sum(summary["phases"].values()) - summary["seconds"]) < 0.01
    assert summary["triples"] > summary["ontology_triples"] > 0
    assert set(summary["outputs"]) == {"graph.nq", "graph.ttl", "store", "graph.html"}


def test_json_summary_counts_the_figures_left_with_no_fact_and_no_reason(runner, tmp_path):
    # 8.1% gives a fact, 6.5% is a five-year average, 3% belongs to no indicator the reader knows
    report = GOOD_REPORT + "\n地区生产总值增长8.1%,年均增长6.5%,网购额增长3%。\n"
    (tmp_path / "in.txt").write_text(report, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tmp_path / "in.txt"), "--out", str(tmp_path / "out"), "--json"])
    unattached = json.loads(_summary(result))["unattached"]
    assert unattached == {"total": 1, "figures": 9, "per_report": {str(tmp_path / "in.txt"): 1}}


def test_the_time_counts_start_up_and_the_view(tmp_path):
    """A real `kg` process: its summary's time is at least what the phases took, start-up included."""
    (tmp_path / "in.txt").write_text(GOOD_REPORT, encoding="utf-8")
    kg = PROJECT / ".venv" / "bin" / "kg"
    command = [str(kg)] if kg.exists() else [sys.executable, "-c", "from kg.cli import main; main()"]
    done = subprocess.run(
        command + ["build", str(tmp_path / "in.txt"), "--out", str(tmp_path / "out"), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(done.stdout)
    assert summary["phases"]["view"] > 0 and summary["phases"]["other"] > 0  # start-up: imports, click
    assert summary["seconds"] >= sum(v for k, v in summary["phases"].items() if k != "other")


def test_the_view_loads_no_numerical_library(tmp_path):
    """The layout is plain Python (kg/views/layout.py): drawing the view starts no BLAS threads, so a
    one-job build keeps to one core without limiting them (spring_layout needed numpy and scipy)."""
    (tmp_path / "in.txt").write_text(GOOD_REPORT, encoding="utf-8")
    kg.build.build([tmp_path / "in.txt"], tmp_path / "out", jobs=1, view=False)
    script = f"""
import sys
import kg.views.viz
kg.views.viz.write_viz({str(tmp_path / "out")!r})
print(sorted(m for m in ("numpy", "scipy") if m in sys.modules))
"""
    drawn = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert drawn.stdout.strip() == "[]", drawn.stdout


def test_a_failing_view_warns_and_leaves_no_stale_page(runner, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.html").write_text("an older build's view")

    def broken(*args, **kwargs):
        raise RuntimeError("no layout today")

    monkeypatch.setattr(kg.views.viz, "write_viz", broken)
    (tmp_path / "in.txt").write_text(GOOD_REPORT, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tmp_path / "in.txt"), "--out", str(out)])
    assert result.exit_code == 0
    assert "warning: network view not written (no layout today); the build has no graph.html" in result.stderr
    assert not (out / "graph.html").exists() and "graph.html" not in _summary(result)


def test_two_files_of_one_report_name_the_facts_they_differ_on(runner, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (inputs / "b.txt").write_text(GOOD_REPORT.replace("增长6%左右", "增长6.5%左右"), encoding="utf-8")
    (inputs / "c.txt").write_text(GOOD_REPORT.replace("2023年12月28日", "2023年12月29日"), encoding="utf-8")
    result = runner.invoke(cli, ["build", str(inputs), "--out", str(tmp_path / "out"), "-q"])
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: 3 files claim the report of 鲤城区 for 2024 (a.txt, b.txt, c.txt); they differ on 1 fact: "
        "2024 GDP growth target 增长6%左右 in a.txt and c.txt, 增长6.5%左右 in b.txt (assessed: a.txt); "
        "every figure is in the graph"
    ], result.stderr
