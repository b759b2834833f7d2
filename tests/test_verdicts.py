"""Every comparator × direction a goal can take, judged against outcomes on both sides of it.

One row per case: the goal as a report words it, the goal as stored (value, value_max,
comparator, measure, indicator), an outcome, and the verdict a reader of the report would give.
Growth goals are stored signed (下降3% is -3), so 以上 and 以内 on a decline goal speak of the
size of the fall: 能耗下降3%以上 is met by a 5% fall, 出口下降5%以内 by a 4% fall.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.graph.assess import StatedFact, assess
from kg.model import Comparator, FactKind, Indicator, IndicatorFact, Measure
from kg.places import gazetteer

GDP = Indicator("GDP", "地区生产总值")
EXPORTS = Indicator("Exports", "出口总额")
ENERGY = Indicator("EnergyIntensity", "单位地区生产总值能耗")
UNEMPLOYMENT = Indicator("UrbanSurveyedUnemploymentRate", "城镇调查失业率")
CPI = Indicator("ConsumerPriceIndex", "居民消费价格")
JOBS = Indicator("NewUrbanJobs", "城镇新增就业")
FOREST = Indicator("ForestCoverage", "森林覆盖率")

G, L = Measure.GROWTH, Measure.LEVEL
EQ, ABOUT, AT_LEAST, AT_MOST, BETWEEN = (
    Comparator.EXACTLY,
    Comparator.ABOUT,
    Comparator.AT_LEAST,
    Comparator.AT_MOST,
    Comparator.BETWEEN,
)

# wording, indicator, measure, unit, comparator, goal, goal_max, outcome ("VALUE UNIT" where its unit differs), met
CASES = [
    # growth, higher is better
    ("增长6%", GDP, G, "%", EQ, "6", None, "6", True),
    ("增长6%", GDP, G, "%", EQ, "6", None, "5.9", False),
    ("增长6%左右", GDP, G, "%", ABOUT, "6", None, "5.5", True),
    ("增长6%左右", GDP, G, "%", ABOUT, "6", None, "5.4", False),
    ("增长6%左右", GDP, G, "%", ABOUT, "6", None, "8", True),  # overshooting the good way
    ("增长6%以上", GDP, G, "%", AT_LEAST, "6", None, "6.1", True),
    ("增长6%以上", GDP, G, "%", AT_LEAST, "6", None, "5.9", False),
    ("增长5%-6%", GDP, G, "%", BETWEEN, "5", "6", "5.2", True),
    ("增长5%-6%", GDP, G, "%", BETWEEN, "5", "6", "4.9", False),
    ("增长5%-6%", GDP, G, "%", BETWEEN, "5", "6", "7", True),
    # growth, lower is better (prices): 涨幅3%左右 / 涨幅3%以内 / 涨幅2%-3%
    ("涨幅3%左右", CPI, G, "%", ABOUT, "3", None, "3.5", True),
    ("涨幅3%左右", CPI, G, "%", ABOUT, "3", None, "3.6", False),
    ("涨幅3%左右", CPI, G, "%", ABOUT, "3", None, "0.1", True),
    ("涨幅3%以内", CPI, G, "%", AT_MOST, "3", None, "3", True),
    ("涨幅3%以内", CPI, G, "%", AT_MOST, "3", None, "3.1", False),
    ("涨幅2%-3%", CPI, G, "%", BETWEEN, "2", "3", "2.9", True),
    ("涨幅2%-3%", CPI, G, "%", BETWEEN, "2", "3", "3.2", False),
    # decline goals of an indicator to bring down (能耗): the deeper the fall, the better
    ("下降3%", ENERGY, G, "%", EQ, "-3", None, "-3.1", True),
    ("下降3%", ENERGY, G, "%", EQ, "-3", None, "-2.9", False),
    ("下降3.4%以上", ENERGY, G, "%", AT_LEAST, "-3.4", None, "-5", True),  # national 2016: 下降5%
    ("下降3%以上", ENERGY, G, "%", AT_LEAST, "-3", None, "-3.1", True),  # national 2018: 下降3.1%
    ("下降3%以上", ENERGY, G, "%", AT_LEAST, "-3", None, "-2.9", False),
    ("下降3%左右", ENERGY, G, "%", ABOUT, "-3", None, "-2.5", True),
    ("下降3%左右", ENERGY, G, "%", ABOUT, "-3", None, "-2.4", False),
    ("下降3%左右", ENERGY, G, "%", ABOUT, "-3", None, "-6", True),
    ("下降3%-4%", ENERGY, G, "%", BETWEEN, "-3", "-4", "-3.2", True),
    ("下降3%-4%", ENERGY, G, "%", BETWEEN, "-3", "-4", "-2.8", False),
    # decline goals of an indicator to keep up: 以内 limits the fall
    ("下降5%以内", EXPORTS, G, "%", AT_MOST, "-5", None, "-4", True),
    ("下降5%以内", EXPORTS, G, "%", AT_MOST, "-5", None, "3", True),
    ("下降5%以内", EXPORTS, G, "%", AT_MOST, "-5", None, "-6", False),
    # levels, higher is better
    ("达到100万人", JOBS, L, "万人", EQ, "100", None, "100", True),
    ("达到100万人", JOBS, L, "万人", EQ, "100", None, "99", False),
    ("1100万人以上", JOBS, L, "万人", AT_LEAST, "1100", None, "1244", True),
    ("1100万人以上", JOBS, L, "万人", AT_LEAST, "1100", None, "11000001 人", True),  # converted: 1100.0001万人
    ("1100万人以上", JOBS, L, "万人", AT_LEAST, "1100", None, "10990000 人", False),
    ("1100万人以上", JOBS, L, "万人", AT_LEAST, "1100", None, "1099", False),
    ("1100万人左右", JOBS, L, "万人", ABOUT, "1100", None, "1095", True),  # 0.5% of the goal: 5.5
    ("1100万人左右", JOBS, L, "万人", ABOUT, "1100", None, "1094", False),
    ("森林覆盖率达到35%", FOREST, L, "%", EQ, "35", None, "35.2", True),
    # levels, lower is better (rates to contain)
    ("失业率5.5%以内", UNEMPLOYMENT, L, "%", AT_MOST, "5.5", None, "5.2", True),
    ("失业率5.5%以内", UNEMPLOYMENT, L, "%", AT_MOST, "5.5", None, "5.6", False),
    ("失业率5.5%左右", UNEMPLOYMENT, L, "%", ABOUT, "5.5", None, "6", True),
    ("失业率5.5%左右", UNEMPLOYMENT, L, "%", ABOUT, "5.5", None, "6.1", False),
    ("失业率5.5%", UNEMPLOYMENT, L, "%", EQ, "5.5", None, "5.6", False),
    ("失业率5.5%", UNEMPLOYMENT, L, "%", EQ, "5.5", None, "4", True),
]


def _judge(indicator, measure, unit, comparator, goal, goal_max, outcome):
    place = gazetteer().named("鲤城区")[0]
    target = IndicatorFact(
        FactKind.TARGET,
        indicator,
        2024,
        measure,
        Decimal(goal),
        unit,
        comparator,
        Decimal(goal_max) if goal_max else None,
    )
    outcome_value, _, outcome_unit = outcome.partition(" ")
    result = IndicatorFact(FactKind.OUTCOME, indicator, 2024, measure, Decimal(outcome_value), outcome_unit or unit)
    return assess([StatedFact(place, target, "2024.txt"), StatedFact(place, result, "2025.txt")])


@pytest.mark.parametrize(
    "wording, indicator, measure, unit, comparator, goal, goal_max, outcome, met",
    CASES,
    ids=[f"{c[0]}->{c[7]}" for c in CASES],
)
def test_every_comparator_and_direction(wording, indicator, measure, unit, comparator, goal, goal_max, outcome, met):
    assessments = _judge(indicator, measure, unit, comparator, goal, goal_max, outcome)
    assert [a.met for a in assessments] == [met], wording


def test_the_gap_is_outcome_minus_goal_whatever_the_direction():
    [assessment] = _judge(ENERGY, G, "%", AT_LEAST, "-3.4", None, "-5")
    assert assessment.gap == Decimal("-1.6")
