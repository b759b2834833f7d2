"""Smoke test over ../shared/corpus (skipped where it is absent): every report builds with a place
and a plan year; nearly all have a target. The few without are excerpts, news items, a budget report
or a first page only, which state no annual goals: tests/gold/no_annual_goals.tsv lists them, read by
hand with the reason for each, and at least 95% of the others must yield a target."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS, PROJECT

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the project")


def test_every_corpus_report_builds_with_place_and_plan_year(corpus_build):
    result, _ = corpus_build
    files = sorted(p for p in CORPUS.glob("*.txt"))
    assert result.skipped == []
    assert len(result.reports) == len(files)
    assert all(r.place for r in result.reports)
    assert all(r.plan_year and 1990 < r.plan_year < 2030 for r in result.reports)


def test_nearly_every_corpus_report_has_a_target(corpus_build):
    result, _ = corpus_build
    without = [r.source for r in result.reports if r.targets == 0]
    assert len(without) <= 0.08 * len(result.reports), without


def test_corpus_yields_many_facts(corpus_build):
    result, _ = corpus_build
    assert result.facts / len(result.reports) >= 15
    with_both = sum(1 for r in result.reports if r.targets and r.outcomes)
    assert with_both >= 0.8 * len(result.reports)


NO_ANNUAL_GOALS = PROJECT / "tests" / "gold" / "no_annual_goals.tsv"


def reports_stating_no_annual_goals() -> dict[str, str]:
    """The corpus reports read by hand as stating no annual goals, with the reason for each."""
    lines = [line for line in NO_ANNUAL_GOALS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return dict(line.split("\t", 1) for line in lines[1:] if line)


def test_targets_in_the_reports_that_state_annual_goals(corpus_build):
    result, _ = corpus_build
    listed = reports_stating_no_annual_goals()
    names = {Path(r.source).name: r.targets for r in result.reports}
    assert sorted(set(listed) - set(names)) == [], "listed reports missing from the corpus"
    assert all(reason.strip() for reason in listed.values())
    stating = {name: targets for name, targets in names.items() if name not in listed}
    without = sorted(name for name, targets in stating.items() if targets == 0)
    assert len(stating) - len(without) >= 0.95 * len(stating), without


def test_no_targets_from_reports_that_state_no_annual_goals(corpus_build):
    # a target there is read from a five-year goal, a review or a budget: a wrong one
    result, _ = corpus_build
    listed = reports_stating_no_annual_goals()
    assert sorted(Path(r.source).name for r in result.reports if Path(r.source).name in listed and r.targets) == []
