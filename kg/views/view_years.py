"""The years a page of bounded size draws: a build of many years (1,000 reports hold some 20,000
targets and outcomes) is drawn from its latest years up to a number of facts, and those years'
facts and entities are read by lookup from the years when they are a small part of the build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.views.store_rows import one_property, select_rows, values_block
from kg.vocab import GK, PROV, XSD

if TYPE_CHECKING:
    from kg.store.embedded import BuildStore


# the targets and outcomes, by their classes (an assessment has a gk:indicator and a gk:year too)
_FACTS = f"{{ ?f a {GK.Target} }} UNION {{ ?f a {GK.Outcome} }}"


def facts_by_year(store: ox.Store | BuildStore) -> dict[int, int]:
    """How many targets and outcomes the build holds for each year.

    By their classes: an assessment has a gk:indicator and a gk:year too (3,653 of the 100,400
    things with both at 5,000 reports), and counted with them it made a page say "19,827 of 20,247
    targets and outcomes" of a build of 19,965, all of which fit. The years by lookup, not in a
    sub-select: at 20,000 reports the join table of 390,000 facts took 160 MB (35 MB this way)."""
    counts: dict[int, int] = defaultdict(int)
    for row in select_rows(
        store,
        f"""
            SELECT ?year (COUNT(?f) AS ?n) WHERE {{
              {_FACTS} ?f {GK.year} ?year
            }} GROUP BY ?year""",
    ):
        counts[int(row["year"])] += int(row["n"])
    return dict(counts)


def fact_total(store: ox.Store | BuildStore) -> int:
    """How many targets and outcomes the build holds: a count by class, without their years (at
    1,000 reports 5 ms, where ``facts_by_year`` takes 160 ms), which tells a build whose facts all fit
    on a page from one that needs the years counted."""
    query = f"SELECT (COUNT(?f) AS ?n) WHERE {{ {_FACTS} }}"
    return sum(int(row["n"]) for row in select_rows(store, query))


def latest_years(counts: dict[int, int], max_facts: int) -> list[int] | None:
    """The latest years whose facts number at most ``max_facts`` together (the latest year always),
    or None when every year fits: what a page of bounded size shows of a build of many years.

    >>> latest_years({2023: 500, 2024: 600, 2025: 400}, 1000)
    [2024, 2025]
    >>> latest_years({2024: 600, 2025: 400}, 1000) is None
    True
    >>> latest_years({2025: 4000}, 1000)
    [2025]
    """
    if sum(counts.values()) <= max_facts:
        return None
    kept: list[int] = []
    total = 0
    for year in sorted(counts, reverse=True):
        if kept and total + counts[year] > max_facts:
            break
        kept.insert(0, year)
        total += counts[year]
    return kept


def facts_of(
    years: Collection[int] | None, places: Collection[str] | None = None, indicators: Collection[str] | None = None
) -> str:
    """Patterns binding ``?f`` to the targets and outcomes of ``years`` (and of ``places``, of
    ``indicators``), ``?year`` to its year and ``?i`` to its indicator, for queries that take the
    other properties by lookup. A page of some years reads a part of the facts (38,000 of 100,000 at
    5,000 reports), where the sub-selects scan every fact's property: their join tables held some
    200 MB a query at that size."""
    patterns = []
    if places is not None:
        patterns.append(f"VALUES ?p {{ {values_block(places)} }} ?f {GK.place} ?p .")
    if indicators is not None:
        patterns.append(f"VALUES ?i {{ {values_block(indicators)} }} ?f {GK.indicator} ?i .")
    if years is not None:
        values = " ".join(str(ox.Literal(f"{year:04d}", datatype=XSD.gYear)) for year in sorted(years))
        patterns.append(f"VALUES ?year {{ {values} }} ?f {GK.year} ?year .")
    else:
        patterns.append(f"?f {GK.year} ?year .")  # bound in every case: the facts' query selects it
    if indicators is None and places is None and years is not None:
        # the years alone: which of the things of those years (facts, assessments, statements,
        # reports: 62,000 at 5,000 reports, 3 years) are facts, by a hash of every fact's indicator
        # rather than a lookup for each (0.59 s → 0.20 s, and no more memory at that size)
        patterns.append(one_property("f", GK.indicator, "i"))
    elif indicators is None:
        patterns.append(f"?f {GK.indicator} ?i .")  # a place's facts: a lookup for each of a few
    return " ".join(patterns)


@dataclass(frozen=True)
class EntitiesOfYears:
    """Which of the things that lie in something or hold something (the entities a view draws)
    were read from a report of the years drawn: ``named``, the years' own, when they were read from
    the smaller side; else every one but ``not_named``, read only from the other years' reports.

    >>> "甲项目" in EntitiesOfYears(named=frozenset({"甲项目"}))
    True
    >>> "乙项目" in EntitiesOfYears(not_named=frozenset({"乙项目"}))
    False
    """

    named: frozenset[str] | None = None
    not_named: frozenset[str] = frozenset()

    def __contains__(self, thing: object) -> bool:
        return thing in self.named if self.named is not None else thing not in self.not_named


def entities_of_years(store: ox.Store | BuildStore, years: Collection[int]) -> EntitiesOfYears:
    """The things read from a report whose plan year is one of ``years`` (a project named in the
    2025 report is drawn on a page of 2024–2025), among those that lie in something or hold
    something (the entities a view draws): nothing else is looked for.

    Asked before the view reads the pairs of gk:locatedIn, so that it keeps only the pairs it
    draws: at 50,000 reports the page of 2026 keeps 40,758 of 182,538 pairs (those between places
    and those of the 706 entities it draws), which held 56 MB, with 165,246 candidates, at the
    view's peak.

    Found from the smaller side: the entities of those years' reports, when they are at most half
    of the reports (at 20,000 reports a VALUES block of all 60,000 candidates took 4 s and 100 MB);
    else every entity but those read only from the other reports (at 1,000 reports the years'
    side was 130,000 rows and 1 s, the other a tenth of that).
    """
    plan_years = {
        row["r"]: int(row["y"]) for row in select_rows(store, f"SELECT ?r ?y WHERE {{ ?r {GK.planYear} ?y }}")
    }
    inside = sorted(r for r, year in plan_years.items() if year in years)
    outside = sorted(r for r, year in plan_years.items() if year not in years)
    if len(inside) <= len(outside):
        return EntitiesOfYears(named=frozenset(_read_from(store, inside)))
    elsewhere = sorted(_read_from(store, outside))
    inside_set = set(inside)
    also_inside = {
        row["e"]
        for row in select_rows(
            store,
            f"""
            SELECT DISTINCT ?e ?r WHERE {{
              VALUES ?e {{ {values_block(elsewhere)} }} ?e {PROV.wasDerivedFrom} ?s . ?s {GK.report} ?r
            }}""",
        )
        if row["r"] in inside_set
    }
    return EntitiesOfYears(not_named=frozenset(set(elsewhere) - also_inside))


def _read_from(store: ox.Store | BuildStore, reports: list[str]) -> set[str]:
    """What lies in something or holds something (the candidates of ``entities_of_years``) and was
    read from a sentence of one of ``reports``.

    The candidates are a sub-select of gk:locatedIn, joined by hash: the sentences of a few hundred
    reports gave 111,000 things read from them at 5,000 reports (facts, townships, every entity),
    of which 3,000 are candidates; decoding only those took 0.55 s, against 1.2 s.
    """
    if not reports:
        return set()
    return {
        row["e"]
        for row in select_rows(
            store,
            f"""
            SELECT DISTINCT ?e WHERE {{
              VALUES ?r {{ {values_block(reports)} }} ?s {GK.report} ?r . ?e {PROV.wasDerivedFrom} ?s .
              {{ SELECT DISTINCT ?e WHERE {{ {{ ?e {GK.locatedIn} ?x }} UNION {{ ?x {GK.locatedIn} ?e }} }} }}
            }}""",
        )
    }


def year_span(years: list[int]) -> str:
    """The years drawn, as a page or a command says them.

    >>> year_span([2024, 2025]), year_span([2025])
    ('2024–2025', '2025')
    """
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


@dataclass(frozen=True)
class YearWindow:
    """The years a page draws (None: every year), whether their facts are looked up from the years
    (a small part of the build's) or read with the rest and kept, and what the page says of it."""

    years: list[int] | None = None
    look_up: bool = False
    note: str = ""

    @classmethod
    def one(cls, counts: dict[int, int], year: int) -> YearWindow:
        """``kg viz --year``: that year alone; a year without facts is an error, said before drawing
        (the projection of one year knows no others)."""
        from kg.views.network_filters import ViewFilterError  # the filters' error, for one message

        if year not in counts:
            span = f"{min(counts)}–{max(counts)}" if counts else "none"
            raise ViewFilterError(f"no targets or outcomes for {year} in this build (years with data: {span})")
        return cls([year], counts[year] * 2 < sum(counts.values()))

    @classmethod
    def latest(cls, counts: dict[int, int], max_facts: int) -> YearWindow:
        """The latest years up to ``max_facts`` facts, or every year when all fit.

        >>> window = YearWindow.latest({2024: 600, 2025: 400}, 500)
        >>> window.years, window.look_up, window.note[:61]
        ([2025], True, 'targets, outcomes and projects of 2025, the latest years (400')
        """
        years = latest_years(counts, max_facts)
        if years is None:
            return cls()
        shown, total = sum(counts[y] for y in years), sum(counts.values())
        note = (
            f"targets, outcomes and projects of {year_span(years)}, the latest years ({shown:,} of {total:,} "
            "targets and outcomes); kg viz --year or --place draws the others"
        )
        # looked up when they are a small part of the facts; read with the rest (scans, quicker) otherwise
        return cls(years, shown * 2 < total, note)
