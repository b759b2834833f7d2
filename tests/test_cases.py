"""Cases as data (tests/cases/*.tsv): each Chinese example a comment of the extraction modules
cites, in a sentence, with the entities or facts it must yield. A rule's example and its test
are one row; a new rule adds a row."""

from __future__ import annotations

import csv
import io
import re
import tokenize
from pathlib import Path
from typing import NamedTuple

import pytest

from kg.extract.pipeline import make_pipeline
from kg.model import Entity, EntityKey, FigureFate, IndicatorFact

CASES = Path(__file__).parent / "cases"
KG = Path(__file__).resolve().parent.parent / "kg"
# the extraction modules whose comments cite examples
CITING = sorted((KG / "extract" / "entities").glob("*.py")) + [
    KG / "extract" / "facts.py",
    KG / "extract" / "sentence_timing.py",
    KG / "extract" / "figure_reading.py",
    KG / "extract" / "figure_fates.py",
    KG / "extract" / "fact_making.py",
    KG / "extract" / "indicator_names.py",
]


class Case(NamedTuple):
    sentence: str
    place: str
    frame: str
    year: int
    expected: list[str]
    absent: list[str]
    gap: str
    line: int


def read_cases(name: str, expected_column: str) -> list[Case]:
    lines = [
        (n, line)
        for n, line in enumerate((CASES / name).read_text(encoding="utf-8").splitlines(), 1)
        if line and not line.startswith("#")
    ]
    rows = csv.DictReader(io.StringIO("\n".join(line for _, line in lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [
        Case(
            row["sentence"],
            row["place"],
            row["frame"],
            int(row["year"]),
            [item for item in row[expected_column].split(";") if item],
            [item for item in (row.get("absent") or "").split(";") if item],
            row["gap"] or "",
            number,
        )
        for (number, _), row in zip(lines[1:], rows)
    ]


def case_params(cases: list[Case]) -> list:
    return [
        pytest.param(
            case, id=f"line{case.line}", marks=[pytest.mark.xfail(reason=case.gap, strict=True)] if case.gap else []
        )
        for case in cases
    ]


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline()


def read_report(nlp, case: Case):
    """A one-paragraph report of the case's place, with the sentence in the review or plan part, or
    under no heading (frame none)."""
    part = f"一、{case.year}年政府工作回顾\n" if case.frame == "review" else f"二、{case.year + 1}年政府工作安排\n"
    if case.frame == "none":  # no heading over it: a news summary's sentence
        part = ""
    return nlp(
        f"政府工作报告\n——{case.year}年12月28日在{case.place}第十届人民代表大会第三次会议上\n"
        + part
        + case.sentence.replace("\\n", "\n")  # \n in a case: a line break (a list one item to a line)
        + "\n"
    )


def describe_entity(entity: Entity) -> set[str]:
    """The ways a case may write an entity: ``Kind:label`` and that with each of what it says of it."""
    base = f"{entity.kind.value}:{entity.label}"
    container = (
        ""
        if entity.container is None
        else (entity.container.label if isinstance(entity.container, EntityKey) else entity.container.name)
    )
    extras = {"": ""}
    extras["@"] = "@" + (container or "-") if entity.kind.value != "Person" else ""
    extras["!"] = "!" + entity.statuses[0].status.value if entity.statuses else ""
    extras["$"] = (
        f"${entity.investment.value}{entity.investment.unit}~{entity.investment.comparator.value}"
        if entity.investment
        else ""
    )
    extras["#"] = "#" + entity.position if entity.position else ""
    return {base + "".join(extras[mark] for mark in marks) for marks in _mark_sets()}


def _mark_sets() -> list[tuple[str, ...]]:
    marks = ("@", "!", "$", "#")
    return [tuple(m for i, m in enumerate(marks) if mask >> i & 1) for mask in range(16)]


def describe_fact(fact: IndicatorFact) -> str:
    value = "" if fact.value is None else str(fact.value) + (f"~{fact.value_max}" if fact.value_max is not None else "")
    return (
        f"{fact.kind.value}:{fact.indicator.label}:{fact.year}:{fact.measure.value}:{value}:{fact.unit or ''}:"
        f"{fact.comparator.value}" + (f":{fact.text}" if fact.text else "")
    )


ENTITY_CASES = read_cases("entities.tsv", "entities")
FACT_CASES = read_cases("facts.tsv", "facts")
FATE_CASES = read_cases("fates.tsv", "fates")


@pytest.mark.parametrize("case", case_params(ENTITY_CASES))
def test_entity_case(nlp, case: Case):
    entities = read_report(nlp, case)._.entities
    found = set().union(*(describe_entity(e) for e in entities)) if entities else set()
    assert [item for item in case.expected if item not in found] == [], sorted(found)
    assert {e.label for e in entities} & set(case.absent) == set()


@pytest.mark.parametrize("case", case_params(FACT_CASES))
def test_fact_case(nlp, case: Case):
    assert sorted(describe_fact(f) for f in read_report(nlp, case)._.facts) == sorted(case.expected)


def describe_fate(fate: FigureFate) -> str:
    """``8.1%:地区生产总值`` (the indicators it gave facts of), ``6.5%:MULTI_YEAR`` (the reason it
    gives none) or ``3%:UNATTACHED``."""
    told = ",".join(fate.indicators) or (fate.reason.name if fate.reason else "UNATTACHED")
    return f"{fate.figure}:{told}"


@pytest.mark.parametrize("case", case_params(FATE_CASES))
def test_fate_case(nlp, case: Case):
    assert [describe_fate(f) for f in read_report(nlp, case)._.figure_fates] == case.expected


def cited_examples() -> dict[str, str]:
    """Chinese examples cited in the comments of the extraction modules (three Han characters or
    more; an example with … is cited in parts), with where each is cited."""
    examples: dict[str, str] = {}
    for path in CITING:
        assert path.exists(), f"{path} moved: update CITING"
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if token.type != tokenize.COMMENT:
                continue
            for match in re.finditer(r"[“\u4e00-\u9fff][\u4e00-\u9fff0-9A-Za-z“”、,()·…+\-%.]*", token.string):
                example = match.group(0).lstrip("(").rstrip(",.…()")
                if len(re.findall(r"[\u4e00-\u9fff]", example)) >= 3:
                    examples.setdefault(example, f"{path.relative_to(KG.parent)}:{token.start[0]}")
    return examples


def test_every_cited_example_has_a_case():
    sentences = [case.sentence for case in ENTITY_CASES + FACT_CASES + FATE_CASES]
    missing = [
        f"{where}: {example}"
        for example, where in cited_examples().items()
        if not all(any(part in s for s in sentences) for part in example.split("…") if part)
    ]
    assert missing == []
