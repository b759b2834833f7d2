"""The output generations of kg.store.generations: the layout a build leaves, links that keep working,
readers that keep their generation, an older build's directory turned into links, kg viz."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kg.build import build
from kg.store.embedded import open_store, write_store
from kg.store.generations import OUTPUT_NAMES, read_generation, remove_unused

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ONE = sorted(SEEDS.glob("*.txt"))[:1]


def test_a_build_leaves_links_through_current_into_one_generation(tmp_path):
    out = tmp_path / "out"
    build(ONE, out, jobs=1)
    assert os.readlink(out / "current") == "generations/000001"
    for name in OUTPUT_NAMES:
        assert os.readlink(out / name) == f"current/{name}" and (out / name).exists()
    build(ONE, out, jobs=1)
    assert os.readlink(out / "current") == "generations/000002"
    assert sorted(p.name for p in (out / "generations").iterdir()) == ["000002"]


def test_a_reader_keeps_its_generation_until_it_closes(tmp_path):
    out = tmp_path / "out"
    build(ONE, out, jobs=1, view=False)
    store = open_store(out)
    first = store.reader.path
    build(ONE, out, jobs=1, view=False)
    assert first.exists() and len(store.store) > 0  # still readable: the build left it
    store.close()
    build(ONE, out, jobs=1, view=False)
    assert not first.exists()


def test_a_reader_that_finds_a_removed_generation_takes_the_current_one(tmp_path):
    out = tmp_path / "out"
    build(ONE, out, jobs=1, view=False)
    build(ONE, out, jobs=1, view=False)
    with read_generation(out) as reader:
        assert reader.path == (out / "current").resolve()
    assert remove_unused(out) == []  # nothing left to remove: the first generation went with its build


def test_an_older_builds_directory_is_read_and_then_turned_into_links(tmp_path):
    """A directory written before generations: a real store/ and graph.nq beside it."""
    old = tmp_path / "old"
    build(ONE, tmp_path / "new", jobs=1, view=False)
    old.mkdir()
    (old / "graph.nq").write_bytes((tmp_path / "new" / "graph.nq").read_bytes())
    write_store(old / "graph.nq", old)
    (old / ".graph.nq.tmp-123").write_text("a killed build's")
    assert len(open_store(old).store) > 0
    build(ONE, old, jobs=1, view=False)
    assert (old / "store").is_symlink() and (old / "graph.nq").is_symlink()
    assert not (old / ".graph.nq.tmp-123").exists()
    assert len(open_store(old).store) > 0


def test_kg_viz_draws_into_the_current_generation_and_links_it(tmp_path):
    out = tmp_path / "out"
    build(ONE, out, jobs=1, view=False)  # no view: no graph.html, no link
    assert not (out / "graph.html").exists() and not (out / "graph.html").is_symlink()
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "viz", "--out", str(out)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert os.readlink(out / "graph.html") == "current/graph.html" and (out / "current" / "graph.html").is_file()
