"""Incremental builds: a report whose file did not change is taken from OUT/cache, and the
outputs are the same bytes as a build from scratch, whether reports were added, changed or
removed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.report_cache
import kg.store.embedded
from kg.build import build
from kg.store.embedded import open_store
from kg.vocab import DEFAULT_DATA_BASE

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def folder_of(tmp_path: Path, name: str, reports: list[Path], changed: dict[str, str] | None = None) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for report in reports:
        shutil.copy(report, folder)
        if changed and report.name in changed:
            with open(folder / report.name, "a", encoding="utf-8") as text:
                text.write(changed[report.name])
    return folder


def same_outputs(a: Path, b: Path) -> None:
    for name in ("graph.nq", "graph.ttl"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # (a store names the ontology's blank nodes anew on each load)
    stores = [list(open_store(out).store) for out in (a, b)]
    assert len(stores[0]) == len(stores[1])
    named = [
        {q for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))} for quads in stores
    ]
    assert named[0] == named[1]


def scratch(tmp_path: Path, inputs: Path) -> Path:
    out = tmp_path / f"scratch-{inputs.name}"
    build([inputs], out, jobs=1, view=False, rebuild=True)
    return out


CHANGE = "\n2024年，全区新增城镇就业岗位1.2万个。\n"


def test_an_unchanged_build_reuses_every_report_and_writes_the_same_bytes(tmp_path, always_incremental):
    inputs = folder_of(tmp_path, "in", SEEDS)
    out = tmp_path / "out"
    first = build([inputs], out, jobs=1, view=False)
    before = {name: (out / name).read_bytes() for name in ("graph.nq", "graph.ttl")}
    again = build([inputs], out, jobs=1, view=False)
    assert (first.reused, again.reused) == (0, len(SEEDS))
    assert (first.store_update, again.store_update) == ("full", "incremental")
    assert {name: (out / name).read_bytes() for name in before} == before


@pytest.fixture
def always_incremental(monkeypatch):
    """Five seed reports are too few for a report to be a small part of the store: replace the
    graphs that changed whatever their share, as a large build does."""
    monkeypatch.setattr(kg.store.embedded, "INCREMENTAL_STORE_UP_TO", 1.0)


@pytest.mark.parametrize("step", ["added", "changed", "removed"])
def test_after_adding_changing_or_removing_a_report_the_outputs_are_a_full_builds(tmp_path, step, always_incremental):
    out = tmp_path / "out"
    build([folder_of(tmp_path, "before", SEEDS[:4])], out, jobs=1, view=False)
    after = {
        "added": lambda: folder_of(tmp_path, "after", SEEDS),
        "changed": lambda: folder_of(tmp_path, "after", SEEDS[:4], {SEEDS[1].name: CHANGE}),
        "removed": lambda: folder_of(tmp_path, "after", SEEDS[:3]),
    }[step]()
    result = build([after], out, jobs=1, view=False)
    assert result.reused == {"added": 4, "changed": 3, "removed": 3}[step]
    assert result.store_update == "incremental"  # the last store, with the graphs that changed replaced
    from_scratch = scratch(tmp_path, after)
    same_outputs(out, from_scratch)
    # what is not used goes: the cache holds what a build from scratch leaves (an entry a report,
    # the notations they minted, a place's pairing of targets with outcomes)
    assert sorted(os.listdir(out / "cache")) == sorted(os.listdir(from_scratch / "cache"))


def test_the_graphs_of_reports_that_did_not_change_are_copied_from_the_last_build(tmp_path):
    out = tmp_path / "out"
    first = build([folder_of(tmp_path, "before", SEEDS[:4])], out, jobs=1, view=False)
    assert first.graphs_copied == 0
    after = folder_of(tmp_path, "after", SEEDS)
    added = build([after], out, jobs=1, view=False)
    assert added.graphs_copied == 4  # all but the new report's
    same_outputs(out, scratch(tmp_path, after))
    again = build([after], out, jobs=1, view=False)
    assert again.graphs_copied == 5
    # and the Turtle of the entities graph, chunk by chunk
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert 0 < len(manifest["entity_turtle"]) == again.entity_chunks_copied
    same_outputs(out, scratch(tmp_path, after))
    assert build([after], out, jobs=1, view=False, rebuild=True).graphs_copied == 0


def test_where_files_cannot_be_copied_in_the_kernel_they_are_copied_through_a_buffer(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build([folder_of(tmp_path, "before", SEEDS[:4])], out, jobs=1, view=False)
    monkeypatch.delattr(os, "copy_file_range", raising=False)  # (macOS has none)
    after = folder_of(tmp_path, "after", SEEDS)
    result = build([after], out, jobs=1, view=False)
    assert result.graphs_copied == 4 and result.entity_chunks_copied > 0
    same_outputs(out, scratch(tmp_path, after))


@pytest.mark.parametrize("name", ["graph.nq", "graph.ttl"])
def test_a_last_output_cut_short_gives_graphs_made_again(tmp_path, always_incremental, name):
    """What cannot be copied from the last build's graph.nq or graph.ttl is made from the cache."""
    out = tmp_path / "out"
    build([folder_of(tmp_path, "before", SEEDS[:4])], out, jobs=1, view=False)
    last = (out / "current" / name).resolve()
    cut = last.read_bytes()[: last.stat().st_size // 3]
    last.unlink()  # (a file of its own: the store's load may have linked it)
    last.write_bytes(cut)
    after = folder_of(tmp_path, "after", SEEDS)
    result = build([after], out, jobs=1, view=False)
    if name == "graph.nq":
        assert result.graphs_copied < 4
    same_outputs(out, scratch(tmp_path, after))


def test_lines_that_cannot_be_read_again_end_the_build_with_one_line(tmp_path):
    """A report copied from the last build whose lines turn out to be needed (the last graph.ttl is
    gone) while its cache entry's lines cannot be read: one line saying what to do, the last build kept."""
    from click.testing import CliRunner

    from kg.cli import cli

    inputs, out = folder_of(tmp_path, "in", SEEDS[:2]), tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    (out / "current" / "graph.ttl").resolve().unlink()
    for entry in (out / "cache").iterdir():
        entry.write_bytes(entry.read_bytes()[:-10])  # their heads whole, their lines cut short
    ran = CliRunner().invoke(cli, ["build", str(inputs), "--out", str(out), "--jobs", "1"])
    assert ran.exit_code == 1
    message = ran.output.strip()
    assert message.startswith("error: ") and message.count("\n") == 0, message
    assert SEEDS[0].name in message and "kg build --rebuild" in message
    assert "Traceback" not in ran.output


def test_a_cache_entry_keeps_a_body_apart(tmp_path):
    cache = kg.report_cache.ReportCache(tmp_path)
    cache.put("k", {"summary": 1}, body=b"lines" * 1000)
    cache.put("plain", ("a.txt", "empty"))
    assert cache.get("k") == ({"summary": 1}, b"lines" * 1000)
    assert cache.get("k", body=False) == ({"summary": 1}, None)
    assert cache.get("plain") == ("a.txt", "empty") == cache.get("plain", body=False)
    entry = tmp_path / "cache" / "k"
    entry.write_bytes(entry.read_bytes()[:-10])  # the body damaged: read only when asked for
    assert cache.get("k", body=False) == ({"summary": 1}, None)
    assert cache.get("k") is None


def test_rebuild_extracts_everything_and_loads_the_whole_store(tmp_path):
    inputs = folder_of(tmp_path, "in", SEEDS[:2])
    out = tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    again = build([inputs], out, jobs=1, view=False, rebuild=True)
    assert (again.reused, again.store_update) == (0, "full")


def test_when_most_graphs_change_the_store_is_loaded_whole(tmp_path):
    out = tmp_path / "out"
    build([folder_of(tmp_path, "one", SEEDS[:1])], out, jobs=1, view=False)
    result = build([folder_of(tmp_path, "all", SEEDS)], out, jobs=1, view=False)
    assert result.store_update == "full"
    same_outputs(out, scratch(tmp_path, tmp_path / "all"))


def test_a_damaged_entry_is_extracted_again(tmp_path, always_incremental):
    inputs = folder_of(tmp_path, "in", SEEDS[:2])
    out = tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    first = sorted(inputs.iterdir())[0]  # a report's entry (the cache keeps places' and notations' too)
    entry = out / "cache" / str(kg.report_cache.ReportCache(out).key(first, first.name, DEFAULT_DATA_BASE))
    entry.write_bytes(b"not a cache entry")
    assert build([inputs], out, jobs=1, view=False).reused == 1
    same_outputs(out, scratch(tmp_path, inputs))
    assert entry.read_bytes() != b"not a cache entry"


def test_another_extractor_reuses_nothing(tmp_path, monkeypatch):
    inputs = folder_of(tmp_path, "in", SEEDS[:2])
    out = tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    monkeypatch.setattr(kg.report_cache, "extractor_version", lambda: "a lexicon with one more row")
    assert build([inputs], out, jobs=1, view=False).reused == 0


def test_a_cache_others_could_write_into_is_not_read(tmp_path):
    inputs = folder_of(tmp_path, "in", SEEDS[:2])
    out = tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    (out / "cache").chmod(0o777)
    assert build([inputs], out, jobs=1, view=False).reused == 0


def test_the_same_file_under_another_name_is_extracted_again(tmp_path):
    """Its name is in its report's IRI, so a renamed file cannot take the old entry."""
    inputs = folder_of(tmp_path, "in", SEEDS[:2])
    out = tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    (inputs / SEEDS[0].name).rename(inputs / "renamed.txt")
    assert build([inputs], out, jobs=1, view=False).reused == 1
    same_outputs(out, scratch(tmp_path, inputs))


def test_with_nothing_changed_the_page_is_not_drawn_again(tmp_path, monkeypatch):
    inputs = folder_of(tmp_path, "in", SEEDS[:2])
    out = tmp_path / "out"
    build([inputs], out, jobs=1)
    page = (out / "graph.html").read_bytes()

    def not_again(*args, **kwargs):
        raise AssertionError("the view was drawn again")

    monkeypatch.setattr("kg.views.viz.write_viz", not_again)
    again = build([inputs], out, jobs=1)
    assert not again.warnings and (out / "graph.html").read_bytes() == page


def test_a_page_kg_viz_redrew_with_a_filter_is_not_taken_for_the_builds(tmp_path):
    from kg.views.viz import write_viz

    inputs = folder_of(tmp_path, "in", SEEDS[:2])
    out = tmp_path / "out"
    build([inputs], out, jobs=1)
    page = (out / "graph.html").read_bytes()
    write_viz(out, indicator="GDP")
    assert (out / "graph.html").read_bytes() != page
    build([inputs], out, jobs=1)
    assert (out / "graph.html").read_bytes() == page


def test_after_a_change_the_page_is_drawn_again(tmp_path):
    out = tmp_path / "out"
    build([folder_of(tmp_path, "one", SEEDS[:1])], out, jobs=1)
    page = (out / "graph.html").read_bytes()
    build([folder_of(tmp_path, "two", SEEDS[:2])], out, jobs=1)
    assert (out / "graph.html").read_bytes() != page


def test_the_extractor_version_covers_every_module_extraction_runs():
    """A module that extraction imports but the version does not hash would let a cache outlive a
    change of what reports give; a module it leaves out (the views, the CLI) keeps the cache."""
    program = (
        "import sys, kg.report_jobs, kg.extract.pipeline; "
        "kg.report_jobs.extract_report(sys.argv[1]); "
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('kg') and m.__file__))"
    )
    seed = SEEDS[0]
    done = subprocess.run([sys.executable, "-c", program, str(seed)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ran = {Path(line).resolve() for line in done.stdout.split()}
    hashed = set(kg.report_cache.extraction_sources())
    assert ran - hashed == set()
    assert not any("views" in p.parts or "cli" in p.parts or "store" in p.parts for p in hashed)


def test_a_changed_shared_graph_is_updated_by_the_lines_that_differ(tmp_path, always_incremental, monkeypatch):
    """Adding a report changes the entities and assessments graphs a little: the store takes out
    and puts in the lines that differ instead of dropping and loading the whole graphs."""
    out = tmp_path / "out"
    build([folder_of(tmp_path, "before", SEEDS[:4])], out, jobs=1, view=False)
    applied = []
    update = kg.store.embedded.update_store
    monkeypatch.setattr(
        kg.store.embedded,
        "update_store",
        lambda last, gen, changes, **options: applied.append(changes) or update(last, gen, changes, **options),
    )
    after = folder_of(tmp_path, "after", SEEDS)
    result = build([after], out, jobs=1, view=False)
    assert result.store_update == "incremental"
    (changes,) = applied
    assert changes.whole_graphs_removed == []
    nq = (out / "graph.nq").read_bytes()
    # every line put in is in the new graph.nq, every line taken out is not
    assert changes.added and all(line in nq for line in changes.added.splitlines(keepends=True))
    assert not any(line in nq for line in changes.removed.splitlines(keepends=True))
    # the new report's graph is loaded from graph.nq as it is, and far less than the whole file
    (segment,) = changes.added_segments
    assert nq[segment[0] : segment[0] + segment[1]].count(b"\n") > 100
    assert len(changes.added) + segment[1] < len(nq) / 2
    same_outputs(out, scratch(tmp_path, after))


def test_a_build_without_graph_places_replaces_changed_graphs_whole(tmp_path, always_incremental):
    """A build written before graph.nq's places were recorded (or whose graph.nq is gone) still
    updates its store: the graphs that changed are dropped and loaded whole."""
    out = tmp_path / "out"
    build([folder_of(tmp_path, "before", SEEDS[:4])], out, jobs=1, view=False)
    manifest = out / "current" / "build.json"
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    del recorded["graph_segments"]
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    after = folder_of(tmp_path, "after", SEEDS)
    assert build([after], out, jobs=1, view=False).store_update == "incremental"
    same_outputs(out, scratch(tmp_path, after))


def test_a_store_update_reads_only_the_segments_that_differ(tmp_path):
    """A changed graph's segments written the same bytes both times are told apart by their
    digests and left out; the lines of the others are diffed, and a blank node anywhere asks for
    the graph to be replaced whole (the store does not keep blank node labels)."""
    from kg.store.segment_diff import changed_lines, differing_by_identity, differing_segments

    same, lost, gained = b"<a> <p> <b> <g> .\n", b"<a> <p> <c> <g> .\n<x> <p> <y> <g> .\n", b"<x> <p> <y> <g> .\n"
    old, new = tmp_path / "old.nq", tmp_path / "new.nq"
    old.write_bytes(same + lost)
    new.write_bytes(gained + same)
    with open(old, "rb") as old_file, open(new, "rb") as new_file:
        differing = differing_segments(
            old_file, [(0, len(same)), (len(same), len(lost))], new_file, [(0, len(gained)), (len(gained), len(same))]
        )
        assert differing == ([(len(same), len(lost))], [(0, len(gained))])
        # in memory, or a bucket at a time in files: the same lines
        for in_memory_bytes in (10**9, 0):
            found = changed_lines(old_file, *differing[:1], new_file, differing[1], tmp_path, in_memory_bytes)
            assert found == ([b"<a> <p> <c> <g> .\n"], [])
        # segments named by what they were made from are told apart without being read
        named = differing_by_identity(old_file, [(0, 1), (1, 1)], ["s", "x"], new_file, [(0, 1), (1, 1)], ["y", "s"])
        assert named == ([(1, 1)], [(0, 1)])
    blank = tmp_path / "blank.nq"
    blank.write_bytes(b"_:b0 <p> <y> <g> .\n")
    with open(old, "rb") as old_file, open(blank, "rb") as new_file:
        assert differing_segments(old_file, [(0, len(same))], new_file, [(0, blank.stat().st_size)]) is None


def test_differing_segments_compared_in_buckets_give_the_lines_compared_in_memory(tmp_path):
    import random

    from kg.store.segment_diff import changed_lines

    rng = random.Random(7)
    lines = [f"<s{n}> <p> {rng.randrange(10**6)} <g> .\n".encode() for n in range(5000)]
    old_lines, new_lines = rng.sample(lines, 3500), rng.sample(lines, 3500)
    segments = {}
    for name, chosen in (("old", old_lines), ("new", new_lines)):
        (tmp_path / name).write_bytes(b"".join(chosen))
        cuts = sorted(rng.sample(range(1, len(chosen)), 20))
        starts = [0, *cuts]
        offsets = [sum(map(len, chosen[:start])) for start in starts] + [(tmp_path / name).stat().st_size]
        segments[name] = list(zip(offsets, [b - a for a, b in zip(offsets, offsets[1:])]))
    with open(tmp_path / "old", "rb") as old_file, open(tmp_path / "new", "rb") as new_file:
        in_memory = changed_lines(old_file, segments["old"], new_file, segments["new"], tmp_path)
        in_buckets = changed_lines(old_file, segments["old"], new_file, segments["new"], tmp_path, 0)
    assert in_memory == in_buckets
    assert in_memory == (sorted(set(old_lines) - set(new_lines)), sorted(set(new_lines) - set(old_lines)))
    assert not list(tmp_path.glob(".diff-*"))


def test_a_store_changed_enough_since_it_was_written_whole_is_compacted(tmp_path, always_incremental, monkeypatch):
    """Lines taken out and put in pile up in RocksDB's files; past a share of graph.nq since the
    store was last written whole, an update ends with a compaction, and the count starts again."""

    def churn(out) -> int:
        return json.loads((out / "build.json").read_text(encoding="utf-8"))["store_churn"]

    out = tmp_path / "out"
    build([folder_of(tmp_path, "three", SEEDS[:3])], out, jobs=1, view=False)
    assert churn(out) == 0
    # five seed reports: one is a large share of the build, so the share is set for each step
    monkeypatch.setattr(kg.store.embedded, "COMPACT_AFTER_SHARE", 10.0)
    four = folder_of(tmp_path, "four", SEEDS[:4])
    result = build([four], out, jobs=1, view=False)
    assert (result.store_update, result.store_compacted) == ("incremental", False)
    assert churn(out) > 0
    monkeypatch.setattr(kg.store.embedded, "COMPACT_AFTER_SHARE", 0.0)
    result = build([folder_of(tmp_path, "all", SEEDS)], out, jobs=1, view=False)
    assert (result.store_update, result.store_compacted) == ("incremental", True)
    assert churn(out) == 0
    same_outputs(out, scratch(tmp_path, folder_of(tmp_path, "again", SEEDS)))
