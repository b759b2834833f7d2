"""Reports that claim the same place and year, and the facts on which they disagree.

Two files can claim one report: two sources of it (the full text and a news summary), or a
mislabelled file (the 2018 report saved as 2019). Their facts share IRIs, so where their
figures differ one fact node gets two values. A build says which files they are, which facts
differ, and which file's figure the assessments use (``kg.graph.assess.preferred``).

Pure functions over stated facts, no RDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.figures import describe_fact, plural
from kg.graph.assess import StatedFact, preferred


@dataclass(frozen=True)
class Disagreement:
    """One fact two or more files state differently: ``figures`` is (wording, files) in file order."""

    fact: str  # 2026 GDP growth target
    figures: tuple[tuple[str, tuple[str, ...]], ...]
    kept: str  # the file whose figure the assessments use


@dataclass(frozen=True)
class Conflict:
    """Files that claim the same place and plan year, with the facts they state differently."""

    place: str
    year: int
    sources: tuple[str, ...]
    disagreements: tuple[Disagreement, ...]

    def describe(self, limit: int = 3) -> str:
        """One line for the build's warnings.

        >>> figures = (("增长6%左右", ("a.txt",)), ("增长5.5%左右", ("b.txt",)))
        >>> d = Disagreement("2026 GDP growth target", figures, "a.txt")
        >>> print(Conflict("河北省", 2026, ("a.txt", "b.txt"), (d,)).describe())  # doctest: +NORMALIZE_WHITESPACE
        2 files claim the report of 河北省 for 2026 (a.txt, b.txt); they differ on 1 fact: 2026 GDP growth target
        增长6%左右 in a.txt, 增长5.5%左右 in b.txt (assessed: a.txt); every figure is in the graph
        """
        files = (
            f"{len(self.sources)} files claim the report of {self.place} for {self.year} ({', '.join(self.sources)})"
        )
        if not self.disagreements:
            return f"{files}; they agree on every fact they both state, which are merged"
        shown = []
        for item in self.disagreements[:limit]:
            figures = ", ".join(f"{wording} in {' and '.join(files)}" for wording, files in item.figures)
            shown.append(f"{item.fact} {figures} (assessed: {item.kept})")
        more = f"; and {len(self.disagreements) - limit} more" if len(self.disagreements) > limit else ""
        return (
            f"{files}; they differ on {plural(len(self.disagreements), 'fact')}: {'; '.join(shown)}{more}; "
            f"every figure is in the graph"
        )


def conflicts(stated: Iterable[StatedFact]) -> list[Conflict]:
    """Files that claim one place and plan year, and where their facts differ; in place, year order."""
    by_report: dict[tuple[tuple[str, ...], int], dict[str, list[StatedFact]]] = {}
    names: dict[tuple[tuple[str, ...], int], str] = {}
    for item in stated:
        if item.report_plan_year is None:
            continue
        report = (tuple(item.place.path or [item.place.name]), item.report_plan_year)
        by_report.setdefault(report, {}).setdefault(item.source_file, []).append(item)
        names[report] = item.place.name
    found = []
    for report, files in sorted(by_report.items()):
        if len(files) < 2:
            continue
        found.append(Conflict(names[report], report[1], tuple(sorted(files)), _disagreements(files)))
    return found


def _disagreements(files: dict[str, list[StatedFact]]) -> tuple[Disagreement, ...]:
    by_fact: dict[tuple, list[StatedFact]] = {}
    for source in sorted(files):
        for item in files[source]:
            by_fact.setdefault((item.fact.kind.value, *item.key), []).append(item)
    differing = []
    for _key, statements in sorted(by_fact.items(), key=lambda entry: entry[0]):
        if len({_figure(s) for s in statements}) < 2:
            continue
        fact = statements[0].fact
        label = f"{fact.year} {fact.indicator.notation} {fact.measure.value} {fact.kind.value}"
        files_by_wording: dict[str, list[str]] = {}
        for statement in statements:
            stating = files_by_wording.setdefault(describe_fact(statement.fact), [])
            if statement.source_file not in stating:
                stating.append(statement.source_file)
        figures = tuple((wording, tuple(names)) for wording, names in files_by_wording.items())
        differing.append(Disagreement(label, figures, preferred(statements).source_file))
    return tuple(differing)


def _figure(item: StatedFact) -> tuple:
    fact = item.fact
    return (fact.value, fact.value_max, fact.unit, fact.comparator, fact.text, fact.estimated)
