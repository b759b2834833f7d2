"""The fault suite: real `kg build` processes killed (SIGKILL at each named point and at arbitrary
moments), interrupted (SIGINT), starved of disk (a small tmpfs, where the test may mount one), run
twice at once, and rebuilt under a loop of queries. After each, the output directory opens, its
graph.nq, store, view and build.json are one build's, and no temporary file outlives the next build.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store.embedded import open_store
from kg.store.generations import OUTPUT_NAMES
from kg.views.view_cache import VIEW_CACHE

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
KILL_POINTS = ["graph-written", "store-loaded", "view-written", "manifest-written", "switching"]
EXPECTED = {".lock", "current", "generations", "cache", VIEW_CACHE, *OUTPUT_NAMES}


def kg_build(inputs: Path, out: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(inputs), "--out", str(out), "-j", "1", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
        # Ctrl-C as a terminal delivers it, even where the tests run in a shell's background job (`.ci/run &`),
        # which starts them with SIGINT ignored: a Python started so never raises KeyboardInterrupt
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def run_build(inputs: Path, out: Path, **env: str) -> subprocess.CompletedProcess:
    process = kg_build(inputs, out, **env)
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """Two inputs that build different graphs: two seed reports, and all five."""
    folder = tmp_path_factory.mktemp("inputs")
    two = folder / "two"
    two.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, two)
    return {"two": two, "all": SEEDS}


def wait_until_writing(out: Path) -> None:
    """Until the build started into ``out`` has made its generation (the second there)."""
    deadline = time.monotonic() + 60
    while not (out / "generations" / "000002").exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def consistent(out: Path) -> int:
    """Check that OUT opens and that everything in it is one build's; returns its report count."""
    store = open_store(out)
    try:
        lines = (out / "graph.nq").read_bytes().count(b"\n")
        manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
        assert len(store.store) == lines == manifest["triples"]
        generation = (out / "current").resolve()
        for name in OUTPUT_NAMES:
            assert (out / name).resolve().parent == generation, name
        return manifest["reports"]
    finally:
        store.close()


def leftovers(out: Path) -> list[str]:
    """What is in OUT beyond one build's outputs (after a build, nothing)."""
    extra = [p.name for p in out.iterdir() if p.name not in EXPECTED]
    current = (out / "current").resolve().name
    extra += [f"generations/{p.name}" for p in (out / "generations").iterdir() if p.name != current]
    return extra


@pytest.fixture
def built(inputs, tmp_path) -> Path:
    """An output directory holding a finished build of two reports."""
    out = tmp_path / "out"
    assert run_build(inputs["two"], out).returncode == 0
    assert consistent(out) == 2
    return out


@pytest.mark.parametrize("point", KILL_POINTS)
def test_kill_9_at_each_point_leaves_one_whole_build(inputs, built, point):
    killed = run_build(inputs["all"], built, GOVKG_KILL_AT=point)
    assert killed.returncode == -signal.SIGKILL
    # before the switch the old build is current; from the switch on, the new one, whole either way
    assert consistent(built) == (5 if point == "switching" else 2)
    again = run_build(inputs["all"], built)
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert consistent(built) == 5 and leftovers(built) == []


@pytest.mark.parametrize("delay", [0.4, 1.0, 1.6, 2.2])
def test_kill_9_at_any_moment_leaves_one_whole_build(inputs, built, delay):
    process = kg_build(inputs["all"], built)
    time.sleep(delay)
    process.kill()
    process.communicate(timeout=60)
    assert consistent(built) in (2, 5)
    assert run_build(inputs["all"], built).returncode == 0
    assert consistent(built) == 5 and leftovers(built) == []


def test_ctrl_c_once_the_new_build_is_current_says_so_and_leaves_it_whole(inputs, built):
    """SIGINT in the middle of the switch (the new build current, its links not all made): the build
    completes the links and says that OUT holds the new build, not that the previous one was kept."""
    interrupted = run_build(inputs["all"], built, GOVKG_KILL_AT="switching", GOVKG_KILL_SIGNAL="INT")
    assert interrupted.returncode == 130 and "Traceback" not in interrupted.stderr
    assert "holds the new build, whole" in interrupted.stderr and "previous outputs" not in interrupted.stderr
    assert consistent(built) == 5
    assert run_build(inputs["all"], built).returncode == 0
    assert consistent(built) == 5 and leftovers(built) == []


@pytest.mark.parametrize("point", [p for p in KILL_POINTS if p != "switching"])
def test_ctrl_c_keeps_the_previous_build_and_leaves_nothing(inputs, built, point):
    """A real SIGINT at each point before the switch (sent at a named point: a timed one raced a
    build that the cache had made fast, and sometimes landed after it)."""
    interrupted = run_build(inputs["all"], built, GOVKG_KILL_AT=point, GOVKG_KILL_SIGNAL="INT")
    assert interrupted.returncode == 130 and "interrupted; previous outputs left unchanged" in interrupted.stderr
    assert "Traceback" not in interrupted.stderr
    assert consistent(built) == 2 and leftovers(built) == []


def test_a_second_build_into_the_same_folder_stops_with_one_line(inputs, built):
    first = kg_build(inputs["all"], built)
    wait_until_writing(built)
    second = run_build(inputs["two"], built)
    assert first.wait(120) == 0
    assert second.returncode == 1
    assert second.stderr.strip() == (
        f"error: {built}: another kg build (process {first.pid}) is writing here; "
        "wait for it to finish or choose another --out"
    )
    assert consistent(built) == 5 and leftovers(built) == []


def test_queries_during_rebuilds_answer_from_one_build_or_the_other(inputs, built):
    """A reader in a loop (its own process, opening the store each time) while the build alternates
    between two inputs: every answer is one build's count, none fails."""
    counts = {2: len(open_store(built).store)}
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\n"
                "from kg.store.embedded import open_store\n"
                "end = time.monotonic() + float(sys.argv[2])\n"
                "while time.monotonic() < end:\n"
                "    store = open_store(sys.argv[1])\n"
                "    n = next(iter(store.query('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')))['n'].value\n"  # noqa: E501  (test data)
                "    print(len(store.store), n, flush=True)\n"
                "    store.close()\n"
            ),
            str(built),
            "12",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for which in ("all", "two", "all", "two", "all"):
        assert run_build(inputs[which], built).returncode == 0
        if which == "all":
            counts[5] = len(open_store(built).store)
    stdout, stderr = reader.communicate(timeout=120)
    assert reader.returncode == 0, stderr
    answers = [tuple(map(int, line.split())) for line in stdout.splitlines()]
    assert len(answers) > 10
    assert all(quads == n and quads in counts.values() for quads, n in answers)


@pytest.fixture
def small_disk(tmp_path):
    """An 8 MB tmpfs: room for one seeds build (5.5 MB and its cache) and not for the next beside it."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_keeps_the_previous_build(inputs, small_disk):
    out = small_disk / "out"
    assert run_build(inputs["all"], out).returncode == 0
    full = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(inputs["all"]), "--out", str(out), "-j", "1", "-q", "--rebuild"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert full.returncode == 1 and "Traceback" not in full.stderr
    assert full.stderr.strip().splitlines() == [
        f"error: {out}: no space left on the device; the previous build in {out} is unchanged"
    ]
    assert consistent(out) == 5 and leftovers(out) == []
