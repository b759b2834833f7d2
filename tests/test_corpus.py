"""Smoke test over ../shared/corpus (skipped where it is absent): every report builds with a place
and a plan year; nearly all have a target. The few without are excerpts, news items, a budget report
or a first page only, which state no annual goals."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS

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
