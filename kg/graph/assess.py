"""Goals against results: pair each target with the outcome later reported for the same
place, indicator, year and measure, and judge whether it was met.

Pure functions over typed facts (no RDF). A fact is keyed by (place path, indicator
notation, year, measure); the target of 2024 set in the report of early 2024 meets the
outcome of 2024 stated, normally, in the report of early 2025.

How a goal is judged (``tolerance`` is in percentage points for % figures and in percent
of the goal for amounts, 0.5 by default). First, which way is better for the outcome:

* 以上/超/突破 (at least) asks for more of what the goal states: a higher figure for
  增长6%以上 or 达到100亿元以上, a deeper fall for a decline goal (能耗下降3%以上, stored as -3:
  -5 meets it, -2 does not);
* 以内/控制在 (at most) asks for less of it: a lower figure for 失业率5.5%以内 or 涨幅3%以内,
  a smaller fall for a decline goal (出口下降5%以内: -4 meets it, -6 does not);
* other goals: lower is better for rates to contain, prices and emissions (失业率, 价格,
  能耗, 排放) and for decline goals (下降3%); higher is better for everything else.

Then the outcome must be at least as good as the goal, where 左右 (about) may fall short by
the tolerance, and a range (5%-6%, 下降3%-4%) must reach its less demanding bound (5%; a
3% fall). Overshooting in the good direction always counts as met.

Qualitative goals: 与经济增长同步 is met when the indicator grew at least as fast as its
reference indicator, less the tolerance; 快于/高于 when strictly faster; 保持正增长 or
稳定增长 when it grew; anything else stays open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kg.extract.units import LEVEL_UNITS
from kg.lexicon import LEXICON
from kg.model import Comparator, FactKind, IndicatorFact, Measure
from kg.places import Place

DEFAULT_TOLERANCE = Decimal("0.5")
_LOWER_IS_BETTER = LEXICON.pattern("lower_is_better")
_GROWS = LEXICON.pattern("grows_wording")
_COMPARED = LEXICON.pattern("compared_wording")
_FASTER = LEXICON.pattern("faster_wording")
_NOT_LOWER = LEXICON.pattern("not_lower_wording")


@dataclass(frozen=True)
class StatedFact:
    """A fact as stated by one report."""

    place: Place
    fact: IndicatorFact
    source_file: str
    report_plan_year: int | None = None

    @property
    def key(self) -> tuple:
        return fact_key(self.place, self.fact)


@dataclass(frozen=True)
class Assessment:
    """A target judged against the outcome reported for it."""

    target: StatedFact
    outcome: StatedFact
    met: bool
    gap: Decimal  # outcome minus goal, in the goal's unit (qualitative: minus the reference)
    reference: StatedFact | None = None  # the reference indicator's outcome, for qualitative goals


def fact_key(place: Place, fact: IndicatorFact, measure: Measure | None = None) -> tuple:
    return (tuple(place.path or [place.name]), fact.indicator.notation, fact.year, (measure or fact.measure).value)


def assess(stated: Iterable[StatedFact], tolerance: Decimal = DEFAULT_TOLERANCE) -> list[Assessment]:
    """Pair every target with its outcome and judge it; targets with no outcome yet are left out.

    >>> from kg.model import Indicator
    >>> from kg.places import gazetteer
    >>> place = gazetteer().named("鲤城区")[0]
    >>> gdp = Indicator("GDP", "地区生产总值")
    >>> goal = IndicatorFact(FactKind.TARGET, gdp, 2024, Measure.GROWTH, Decimal(6), "%", Comparator.ABOUT)
    >>> result = IndicatorFact(FactKind.OUTCOME, gdp, 2024, Measure.GROWTH, Decimal("5.6"), "%")
    >>> [(a.met, a.gap) for a in assess([StatedFact(place, goal, "a.txt"), StatedFact(place, result, "b.txt")])]
    [(True, Decimal('-0.4'))]
    """
    statements: dict[tuple[FactKind, tuple], list[StatedFact]] = {}
    for item in stated:
        statements.setdefault((item.fact.kind, item.key), []).append(item)
    targets: dict[tuple, StatedFact] = {}
    outcomes: dict[tuple, StatedFact] = {}
    for (kind, key), same in statements.items():
        (targets if kind is FactKind.TARGET else outcomes)[key] = preferred(same)
    assessments = []
    for key in sorted(targets):
        target = targets[key]
        if target.fact.measure is Measure.QUALITATIVE:
            judged = _judge_qualitative(target, outcomes, tolerance)
        else:
            outcome = outcomes.get(key)
            judged = _judge(target, outcome, tolerance) if outcome else None
        if judged:
            assessments.append(judged)
    return assessments


def preferred(statements: Iterable[StatedFact]) -> StatedFact:
    """Of several statements of one fact, the one to judge by: for a target the first file's (by
    name); for an outcome the final figure over an estimate (预计), then the later report's, then
    the first file's.
    """
    best: StatedFact | None = None
    for item in sorted(statements, key=lambda s: s.source_file):
        if best is None or (item.fact.kind is FactKind.OUTCOME and _more_final(item, best)):
            best = item
    if best is None:
        raise ValueError("no statements to choose from")
    return best


def _more_final(candidate: StatedFact, current: StatedFact) -> bool:
    """A final figure beats an estimate (预计); a later report beats an earlier one."""
    if candidate.fact.estimated != current.fact.estimated:
        return not candidate.fact.estimated
    return (candidate.report_plan_year or 0) > (current.report_plan_year or 0)


def lower_is_better(fact: IndicatorFact) -> bool:
    """Whether a lower outcome is the better one for this goal.

    >>> from kg.model import Indicator
    >>> energy, exports = Indicator("EnergyIntensity", "单位地区生产总值能耗"), Indicator("Exports", "出口")
    >>> def goal(indicator, value, comparator):
    ...     return IndicatorFact(FactKind.TARGET, indicator, 2024, Measure.GROWTH, Decimal(value), "%", comparator)
    >>> lower_is_better(goal(energy, "-3", Comparator.AT_LEAST))   # 能耗下降3%以上: the deeper the better
    True
    >>> lower_is_better(goal(exports, "-5", Comparator.AT_MOST))   # 出口下降5%以内: the shallower the better
    False
    >>> lower_is_better(goal(exports, "6", Comparator.AT_LEAST))   # 出口增长6%以上
    False
    """
    if fact.comparator is Comparator.AT_LEAST:
        return is_decline(fact)
    if fact.comparator is Comparator.AT_MOST:
        return not is_decline(fact)
    return bool(_LOWER_IS_BETTER.search(fact.indicator.label)) or is_decline(fact)


def is_decline(fact: IndicatorFact) -> bool:
    """A goal or outcome worded as a fall (下降3%, stored as -3)."""
    return fact.measure is Measure.GROWTH and fact.value is not None and fact.value < 0


def _bound_to_reach(fact: IndicatorFact, lower: bool) -> Decimal:
    """The goal figure an outcome must reach: for a range, its less demanding end (5% of 5%-6%;
    -3 of 下降3%-4%, stored as -3 and -4, where lower is better)."""
    assert fact.value is not None
    if fact.comparator is not Comparator.BETWEEN or fact.value_max is None:
        return fact.value
    return max(fact.value, fact.value_max) if lower else min(fact.value, fact.value_max)


def _comparable(target: IndicatorFact, outcome: IndicatorFact) -> tuple[Decimal, Decimal] | None:
    """Goal and outcome in the goal's unit (2.09万人 vs 20000人), or None when the units differ in kind."""
    if target.value is None or outcome.value is None:
        return None
    if target.unit == outcome.unit:
        return target.value, outcome.value
    goal_unit, result_unit = LEVEL_UNITS.get(target.unit or ""), LEVEL_UNITS.get(outcome.unit or "")
    if not goal_unit or not result_unit or goal_unit.base != result_unit.base:
        return None
    return target.value, outcome.value * Decimal(result_unit.factor) / Decimal(goal_unit.factor)


def _judge(target: StatedFact, outcome: StatedFact, tolerance: Decimal) -> Assessment | None:
    goal_fact, result_fact = target.fact, outcome.fact
    if goal_fact.value is None or result_fact.value is None:
        return None
    values = _comparable(goal_fact, result_fact)
    if values is None:
        return None
    goal, result = values
    lower = lower_is_better(goal_fact)
    goal_to_reach = _bound_to_reach(goal_fact, lower)  # ``goal`` is already in the goal's unit, as its range is
    slack = Decimal(0)
    if goal_fact.comparator is Comparator.ABOUT:
        slack = tolerance if goal_fact.unit == "%" else abs(goal) * tolerance / 100
    met = result <= goal_to_reach + slack if lower else result >= goal_to_reach - slack
    return Assessment(target, outcome, met, (result - goal).normalize() if result != goal else Decimal(0))


def _judge_qualitative(target: StatedFact, outcomes: dict[tuple, StatedFact], tolerance: Decimal) -> Assessment | None:
    goal = target.fact
    growth = outcomes.get(fact_key(target.place, goal, Measure.GROWTH))
    if growth is None or growth.fact.value is None:
        return None
    wording = goal.text or ""
    if goal.reference is not None and _COMPARED.search(wording):
        reference_goal = IndicatorFact(goal.kind, goal.reference, goal.year, Measure.GROWTH)
        reference = outcomes.get(fact_key(target.place, reference_goal))
        if reference is None or reference.fact.value is None:
            return None
        gap = growth.fact.value - reference.fact.value
        if _FASTER.search(wording) and not _NOT_LOWER.search(wording):
            met = gap > 0
        else:
            met = gap >= -tolerance
        return Assessment(target, growth, met, gap.normalize() if gap else Decimal(0), reference)
    if _GROWS.search(wording):
        return Assessment(
            target, growth, growth.fact.value > 0, growth.fact.value.normalize() if growth.fact.value else Decimal(0)
        )
    return None
