"""The view's fact cache (kg.views.view_cache): a build that adds, changes or removes reports reads
again only the facts they touch, and draws the same page, byte for byte, as a build from scratch."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

import kg.views.view_years
import kg.views.viz
from kg.build import build
from kg.views.view_cache import VIEW_CACHE

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
# a second source of the first seed report (same place and year, another file): its lines join
# the first one's facts from another graph, and adding a sentence to it changes them there
SECOND_SOURCE = "second_source.txt"
MORE = "\n2023年，地区生产总值增长7.9%，城镇居民人均可支配收入增长6.1%。\n"
# a project the last seed report names already, named again with its stage: its node's side panel changes
NAMED_AGAIN = "\n2025年，泉州五中洛江校区建成投用。\n"


def inputs(tmp_path: Path, name: str, reports: list[Path], extra: dict[str, str] | None = None) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for report in reports:
        shutil.copy(report, folder)
    for file_name, text in (extra or {}).items():
        (folder / file_name).write_text(text, encoding="utf-8")
    return folder


def page_from_scratch(tmp_path: Path, folder: Path) -> bytes:
    out = tmp_path / f"scratch-{folder.name}"
    result = build([folder], out, jobs=1, rebuild=True)
    assert result.view_facts_reread is None  # (every fact read: there was no build before)
    return (out / "graph.html").read_bytes()


def second_source(more: str = "") -> dict[str, str]:
    return {SECOND_SOURCE: SEEDS[0].read_text(encoding="utf-8") + more}


STEPS = {
    "added": (SEEDS[:3], SEEDS),
    "removed": (SEEDS, SEEDS[:3]),
    "changed": (SEEDS, SEEDS[:4] + [SEEDS[4]]),  # (the last one changed below)
}


@pytest.mark.parametrize("step", [*STEPS, "entity named again", "second source changed", "second source removed"])
def test_the_page_after_a_change_is_a_full_builds_and_reads_only_the_facts_touched(tmp_path, step):
    if step in STEPS or step == "entity named again":
        before = inputs(tmp_path, "before", STEPS.get(step, STEPS["changed"])[0])
        after = inputs(tmp_path, "after", STEPS.get(step, STEPS["changed"])[1])
        if step in ("changed", "entity named again"):
            with open(after / SEEDS[4].name, "a", encoding="utf-8") as text:
                text.write(MORE if step == "changed" else NAMED_AGAIN + MORE)
    else:
        before = inputs(tmp_path, "before", SEEDS[:2], second_source())
        after = inputs(tmp_path, "after", SEEDS[:2], second_source(MORE) if step.endswith("changed") else None)
    out = tmp_path / "out"
    first = build([before], out, jobs=1)
    assert first.view_facts_reread is None and (out / VIEW_CACHE).is_file()
    again = build([after], out, jobs=1)
    assert (out / "graph.html").read_bytes() == page_from_scratch(tmp_path, after)
    assert again.view_facts_reread is not None, "the cache was not used"
    assert 0 < again.view_facts_reread < first.facts


@pytest.fixture
def latest_years_only(monkeypatch):
    """A page of the latest years up to 30 facts (a build of many years: the country's 20 years),
    whose facts are looked up from those years rather than all read."""
    latest = kg.views.view_years.latest_years
    monkeypatch.setattr(kg.views.view_years, "latest_years", lambda counts, _: latest(counts, 30))
    monkeypatch.setattr(kg.views.viz, "fact_total", lambda store: 1 << 30)  # (more than a page holds)


@pytest.mark.parametrize("step", ["added", "removed", "changed", "second source changed"])
def test_a_page_of_the_latest_years_keeps_their_facts(tmp_path, latest_years_only, step):
    """Reports added or removed may move the years drawn, and then every fact of the new years is
    read; a change within them reads only the facts touched."""
    if step == "second source changed":
        before = inputs(tmp_path, "before", SEEDS, second_source())
        after = inputs(tmp_path, "after", SEEDS, second_source(MORE))
    else:
        before, after = (inputs(tmp_path, name, reports) for name, reports in zip(("before", "after"), STEPS[step]))
        if step == "changed":
            with open(after / SEEDS[4].name, "a", encoding="utf-8") as text:
                text.write(MORE)
    out = tmp_path / "out"
    build([before], out, jobs=1)
    years, _facts = pickle.loads((out / VIEW_CACHE).read_bytes())["facts"]
    assert years is not None  # (the page drew some years, looked up)
    again = build([after], out, jobs=1)
    assert (out / "graph.html").read_bytes() == page_from_scratch(tmp_path, after)
    if "changed" in step:
        assert again.view_facts_reread is not None


def test_a_cache_of_another_build_or_a_damaged_one_is_read_again_from_the_store(tmp_path):
    first, second = inputs(tmp_path, "first", SEEDS[:2]), inputs(tmp_path, "second", SEEDS[:3])
    out = tmp_path / "out"
    build([first], out, jobs=1)
    build([second], out, jobs=1, view=False)  # the cache is the first build's, the store the second's
    again = build([first], out, jobs=1)
    assert again.view_facts_reread is None
    assert (out / "graph.html").read_bytes() == page_from_scratch(tmp_path, first)
    (out / VIEW_CACHE).write_bytes(b"not a pickle")
    damaged = build([second], out, jobs=1)
    assert damaged.view_facts_reread is None and not damaged.warnings
    assert (out / "graph.html").read_bytes() == page_from_scratch(tmp_path, second)


def test_a_cache_others_could_write_into_is_not_read(tmp_path):
    out = tmp_path / "out"
    build([inputs(tmp_path, "first", SEEDS[:2])], out, jobs=1)
    (out / VIEW_CACHE).chmod(0o666)
    assert build([inputs(tmp_path, "second", SEEDS[:3])], out, jobs=1).view_facts_reread is None


def test_the_build_summary_says_how_many_facts_the_view_read_again(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path / "out"
    runner = CliRunner()
    for folder in (inputs(tmp_path, "first", SEEDS[:2]), inputs(tmp_path, "second", SEEDS[:3])):
        done = runner.invoke(cli, ["build", str(folder), "--out", str(out), "--jobs", "1", "--json"])
        assert done.exit_code == 0, done.output
    summary = json.loads(done.output)
    assert isinstance(summary["view_facts_reread"], int) and summary["view_facts_reread"] > 0


def test_without_the_last_store_every_fact_is_read(tmp_path):
    from kg.report_cache import view_version
    from kg.views.view_cache import LastBuild, ViewCache
    from kg.views.viz import load_graph

    first, second = inputs(tmp_path, "first", SEEDS[:2]), inputs(tmp_path, "second", SEEDS[:3])
    out = tmp_path / "out"
    build([first], out, jobs=1)
    last_digests = json.loads((out / "build.json").read_text(encoding="utf-8"))["graph_sha256"]
    build([second], out, jobs=1, view=False)  # (the cache stays the first build's)
    digests = json.loads((out / "build.json").read_text(encoding="utf-8"))["graph_sha256"]
    gone = LastBuild(tmp_path / "no-store-here", last_digests)
    cache = ViewCache(out / VIEW_CACHE, digests, gone, view_version())
    read = []
    rows = cache.facts(load_graph(out), lambda: read.append("all") or ([], [], [[], [], []]), None, None)
    assert read == ["all"] and cache.reread is None and rows == ([], [], [[], [], []])
