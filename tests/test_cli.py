"""kg build through click's CliRunner: summary, skipped files, exit codes, atomic outputs."""

from __future__ import annotations

import codecs

import pytest
from click.testing import CliRunner

import kg.build
import kg.report_jobs
from kg.cli import cli
from tests.conftest import GOOD_REPORT, SEEDS


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_help_documents_every_command_and_option(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0 and "build" in result.output
    result = runner.invoke(cli, ["build", "--help"])
    assert result.exit_code == 0
    for word in ("--out", "--jobs", "--base", "Exit status", "skipped"):
        assert word in result.output


def test_build_seeds_prints_a_summary(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(SEEDS), "--out", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("built 5 reports (0 skipped):") and "facts" in summary and "triples" in summary
    assert (tmp_path / "graph.ttl").stat().st_size > 0 and (tmp_path / "graph.nq").stat().st_size > 0


def test_bad_files_are_skipped_one_line_each_and_the_good_ones_build(runner, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (inputs / "good-gbk.txt").write_bytes(GOOD_REPORT.encode("gbk"))
    (inputs / "good-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD_REPORT.encode("utf-16-le"))
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (inputs / "english.md").write_text("Nothing Chinese here at all.\n" * 50)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(inputs), "--out", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 3
    assert any("empty.txt: empty file" in line for line in skipped)
    assert any("binary.txt: binary file" in line for line in skipped)
    assert any("english.md: no Chinese report content" in line for line in skipped)
    assert "Traceback" not in result.output
    assert result.stdout.strip().startswith("built 3 reports (3 skipped)")


def test_nothing_buildable_exits_1_and_keeps_previous_outputs(runner, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous")
    (out / "graph.nq").write_text("previous")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["build", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "skipped" in result.stderr and "error: no report could be built" in result.stderr
    assert (out / "graph.ttl").read_text() == "previous" and (out / "graph.nq").read_text() == "previous"
    assert sorted(p.name for p in out.iterdir()) == [".lock", "cache", "graph.nq", "graph.ttl"]  # kg.store.generations


def test_missing_path_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_an_interrupted_build_leaves_previous_outputs_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous")
    calls = []

    def interrupted(task):
        calls.append(task)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(task)

    original = kg.report_jobs.process
    monkeypatch.setattr(kg.report_jobs, "process", interrupted)
    with pytest.raises(KeyboardInterrupt):
        kg.build.build([SEEDS], out, jobs=1)
    assert (out / "graph.ttl").read_text() == "previous"
    assert sorted(p.name for p in out.iterdir()) == [".lock", "cache", "graph.ttl"]


def test_a_report_that_crashes_the_extractor_is_skipped_not_fatal(tmp_path, monkeypatch):
    def explode(path, name=None, data=None):
        if path.endswith("001_828d32fb513dea0c.txt"):
            raise ValueError("boom\nsecond line")
        return original(path, name, data)

    original = kg.report_jobs.extract_report
    monkeypatch.setattr(kg.report_jobs, "extract_report", explode)
    result = kg.build.build([SEEDS], tmp_path, jobs=1)
    assert len(result.reports) == 4
    assert result.skipped == [(str(SEEDS / "001_828d32fb513dea0c.txt"), "internal error (ValueError: boom)")]


def test_a_failing_network_view_is_a_warning_and_the_graph_stays_built(runner, tmp_path, monkeypatch):
    import kg.views.viz

    def broken_view(*args, **kwargs):
        raise KeyError("node")

    monkeypatch.setattr(kg.views.viz, "write_viz", broken_view)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(inputs), "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert any(line.startswith("warning: network view not written") for line in result.stderr.splitlines())
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_a_text_that_names_no_place_builds_under_its_files_name_with_a_warning(runner, tmp_path):
    # one excerpt saved twice under two names: each file is its own place's report, and the second
    # build, from the cache, gives the same
    excerpt = (
        "一、2024年工作回顾\n2024年,在地委的坚强领导下,在地区人大工委的监督指导下,我们全力抓经济、稳增长、促发展,"
        "地区经济发展水平稳步提升,社会大局持续稳定,民生事业蓬勃发展。全年完成地区生产总值998.72亿元,同比增长6.6%;"
        "固定资产投资370.79亿元,增长23.3%。\n(一)试验区建设步伐加快。坚持改革创新、先行先试目标,设立试验区产业发展引导基金,"
        "制定工业用地“标准地”控制性指标体系,努力形成可复制可推广经验。\n"
    )
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "塔城地区_2025.txt").write_text(excerpt, encoding="utf-8")
    (inputs / "阿勒泰地区_2025.txt").write_text(excerpt, encoding="utf-8")
    (inputs / "报告.txt").write_text(excerpt, encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):
        result = runner.invoke(cli, ["build", str(inputs), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("built 2 reports (1 skipped): 8 facts")
        assert "塔城地区_2025.txt: 塔城地区 2025 (0 targets, 4 outcomes)" in result.stderr
        assert "阿勒泰地区_2025.txt: 阿勒泰地区 2025 (0 targets, 4 outcomes)" in result.stderr
        assert "the place, 塔城地区, is read from the file's name" in result.stderr
        assert "报告.txt: could not tell which place the report is about" in result.stderr
