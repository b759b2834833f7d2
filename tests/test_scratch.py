"""What a build keeps out of memory across reports gives what the same data kept in memory gave:
the lines each graph holds (kg.graph.line_claims), and the assessments and conflicts paired one
place at a time (kg.graph.scratch)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from kg import build_graphs
from kg.build import build
from kg.graph.assess import StatedFact, assess, fact_key
from kg.graph.conflicts import conflicts
from kg.graph.line_claims import LineClaims, line_digests
from kg.graph.scratch import Scratch, StatedByPlace, packed_by_place
from kg.model import Comparator, FactKind, Indicator, IndicatorFact, Measure
from kg.places import gazetteer
from tests.conftest import SEEDS

GDP = Indicator("GDP", "地区生产总值")
INCOME = Indicator("PerCapitaDisposableIncome", "居民人均可支配收入")
CPI = Indicator("ConsumerPriceIndex", "居民消费价格")
JOBS = Indicator("NewUrbanJobs", "城镇新增就业")


def _reports_of_lines(chosen: random.Random, reports: int) -> list[tuple[list[bytes], list[bytes]]]:
    """Reports' repeatable and shared lines drawn from small pools: most lines are met again, some
    within one report, and some lines are repeatable in one report and shared in another."""
    subjects = [f"<urn:s{n}>".encode() for n in range(40)]

    def lines(count: int) -> list[bytes]:
        return [b'%s <urn:p> "%d" .\n' % (chosen.choice(subjects), chosen.randrange(30)) for _ in range(count)]

    return [
        (list(dict.fromkeys(lines(chosen.randrange(0, 50)))), lines(chosen.randrange(0, 50))) for _ in range(reports)
    ]


@pytest.mark.parametrize("buffered", [1_000_000, 5])  # records in memory: all, or a few before bucket files
def test_line_claims_give_what_sets_of_lines_gave(tmp_path, buffered):
    chosen = random.Random(19)
    reports = _reports_of_lines(chosen, 60)
    ontology = [b'<urn:s1> <urn:p> "1" .\n', b'<urn:s2> <urn:p> "2" .\n']
    # what the build kept in memory once: the lines written so far, and the shared lines first met
    written, met, expected_graphs = set(ontology), {}, []
    for repeatable, shared in reports:
        expected_graphs.append(b"".join(line for line in repeatable if line not in written))
        written.update(repeatable)
        met.update(dict.fromkeys(line for line in shared if line not in met))
    expected_entities = b"".join(line for line in met if line not in written)

    claims = LineClaims(tmp_path, buffered=buffered)
    claims.add(0, line_digests(ontology))
    for number, (repeatable, shared) in enumerate(reports, 1):
        claims.add(number, line_digests(repeatable), line_digests(shared))
    resolved = claims.resolve()
    graphs = [resolved.first_said(n, b"".join(repeatable)) for n, (repeatable, _) in enumerate(reports, 1)]
    assert graphs == expected_graphs
    assert b"".join(resolved.entity_lines(n, b"".join(shared)) for n, (_, shared) in enumerate(reports, 1)) == (
        expected_entities
    )
    assert not list(tmp_path.iterdir())  # the bucket files go once resolved


def test_lines_naming_the_report_are_kept_without_asking(tmp_path):
    fact = b'<urn:fact/1> <urn:value> "6" .\n'
    derived = b"<urn:fact/1> <urn:derivedFrom> <urn:report/a/sentence/1-9> .\n"
    claims = LineClaims(tmp_path)
    claims.add(1, line_digests([fact, derived], unique=b"<urn:report/a"), line_digests([derived]))
    claims.add(2, line_digests([fact, derived], unique=b"<urn:report/b"))
    resolved = claims.resolve()
    assert resolved.first_said(1, fact + derived) == fact + derived
    assert resolved.first_said(2, fact + derived) == derived  # asked this time, and not stated before
    # not recorded as stated by report 1: a shared line equal to it would be the entities graph's,
    # but report 2 asked for it, and holds it
    assert resolved.entity_lines(1, derived) == b""
    alone = LineClaims(tmp_path)
    alone.add(1, line_digests([derived], unique=b"<urn:report/a"), line_digests([derived]))
    assert alone.resolve().entity_lines(1, derived) == derived


def _places():
    """Places of several levels whose names sort otherwise than their paths."""
    wanted = ("鲤城区", "泉州市", "福建省", "丰台区", "保定市", "徐水区")
    return [gazetteer().named(name)[0] for name in wanted]


def _stated_facts() -> list[StatedFact]:
    """Targets and outcomes of several places and years from several files, two of which claim
    one report and differ on a figure, and qualitative goals paired with a reference indicator."""
    chosen = random.Random(7)
    stated = []
    for place in _places():
        for plan_year in (2021, 2022, 2023, 2024):
            files = [f"{place.name}_{plan_year}.txt"]
            if chosen.random() < 0.4:
                files.append(f"{place.name}_{plan_year}_news.txt")  # a second file of the same report
            for source in files:
                for indicator in (GDP, CPI, JOBS, INCOME):
                    if chosen.random() < 0.2:
                        continue
                    value = Decimal(chosen.choice(["5", "5.5", "6", "-1", "3"]))
                    unit, measure = ("万人", Measure.LEVEL) if indicator is JOBS else ("%", Measure.GROWTH)
                    comparator = chosen.choice([Comparator.ABOUT, Comparator.AT_LEAST, Comparator.EXACTLY])
                    target = IndicatorFact(FactKind.TARGET, indicator, plan_year, measure, value, unit, comparator)
                    outcome = IndicatorFact(
                        FactKind.OUTCOME,
                        indicator,
                        plan_year - 1,
                        measure,
                        value + Decimal(chosen.choice(["-1", "0", "0.4", "1"])),
                        unit,
                        estimated=chosen.random() < 0.3,
                    )
                    stated += [StatedFact(place, fact, source, plan_year) for fact in (target, outcome)]
                qualitative = IndicatorFact(
                    FactKind.TARGET,
                    INCOME,
                    plan_year,
                    Measure.QUALITATIVE,
                    text="居民人均可支配收入增长与经济增长基本同步",
                    reference=GDP,
                )
                stated.append(StatedFact(place, qualitative, source, plan_year))
    chosen.shuffle(stated)  # reports come in file order, which is no order of places
    return stated


def test_pairing_one_place_at_a_time_gives_the_assessments_and_conflicts_of_all(tmp_path):
    stated = _stated_facts()
    expected_assessments = assess(stated)
    expected_conflicts = conflicts(stated)
    assert len(expected_assessments) > 50 and any(a.reference for a in expected_assessments)
    assert any(c.disagreements for c in expected_conflicts)  # two files of one report that differ
    with Scratch(tmp_path) as scratch:
        table = StatedByPlace(scratch)
        for start in range(0, len(stated), 13):  # a report's facts at a time
            table.add_packed(packed_by_place(stated[start : start + 13]))
        paired, found = [], []
        for place, _ in table.places():
            items = table.facts_of(place)
            assert {fact_key(i.place, i.fact)[0] for i in items} == {place}
            paired += assess(items)
            found += conflicts(items)
    assert paired == expected_assessments
    assert found == expected_conflicts


@pytest.fixture(scope="module")
def seeds_in_small_chunks(tmp_path_factory):
    out = tmp_path_factory.mktemp("chunks")
    patch = pytest.MonkeyPatch()
    patch.setattr(build_graphs, "CHUNK_LINES", 7)
    try:
        build([SEEDS], out, jobs=1)
    finally:
        patch.undo()
    return out


def test_the_entities_graph_written_in_chunks_is_the_same_bytes(seed_build, seeds_in_small_chunks):
    _, whole = seed_build
    for name in ("graph.nq", "graph.ttl"):
        assert (seeds_in_small_chunks / name).read_bytes() == (whole / name).read_bytes()


def test_entity_chunks_other_than_where_lines_were_added_stay_the_same():
    """Chunks end at subjects picked by their bytes, so lines added in one place (a report's new
    entities) leave every other chunk of the entities graph the same bytes, whose Turtle the next
    build copies."""
    chosen = random.Random(5)
    lines = [b'<urn:e%d> <urn:p> "%d" .\n' % (n // 3, n) for n in range(30_000)]
    added = [b'<urn:new%d> <urn:p> "x" .\n' % n for n in range(40)]
    at = chosen.randrange(len(lines))
    while lines[at].split(b" ")[0] == lines[at - 1].split(b" ")[0]:
        at += 1  # (between two subjects, as a report's lines come)
    before = list(build_graphs.subject_chunks(lines))
    after = list(build_graphs.subject_chunks(lines[:at] + added + lines[at:]))
    assert len(before) > 30  # (a chunk ends before about one subject in 256)
    assert len(set(after) - set(before)) <= 2
    assert b"".join(after) == b"".join(lines[:at] + added + lines[at:])
