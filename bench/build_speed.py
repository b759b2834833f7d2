"""End-to-end build speed (MB/s per core) and peak memory of `kg build`.

Runs `kg build` in a child process on (1) the corpus in ../shared/corpus and (2) the
seed reports replicated to at least 20 MB, with 1 and with all cores, and prints wall
time, throughput per core, the CPU time used (so a figure per core can be checked against
the cores actually kept busy) and the peak resident memory of the parent and of the
largest worker. Usage: python bench/build_speed.py [--min-mb 20] [--jobs N]

With ``--against DIR`` (another checkout, e.g. main's worktree), it compares instead: the whole
``kg build`` process of each checkout, on the seeds (seeds/) and on the corpus, ``--runs`` times
each (3 by default), taking turns so that both see the same machine, and prints the median wall
time of each and their ratio. Each checkout runs with its own .venv's Python if it has one.
Usage: python bench/build_speed.py --against ../main --jobs 1 [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"
SEEDS = PROJECT / "seeds"

# Runs one build and prints the parent's own peak RSS, so workers are measured apart from it.
CHILD = """
import resource, sys
from kg.build import build
result = build(sys.argv[1:-1], sys.argv[-1].split('=')[0], jobs=int(sys.argv[-1].split('=')[1]))
print(len(result.reports), result.facts, result.triples, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def input_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html"))


def replicate_seeds(target: Path, min_bytes: int) -> None:
    target.mkdir(parents=True)
    copies = 0
    while input_bytes(target) < min_bytes:
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, target / f"{copies:04d}_{seed.name}")
        copies += 1


def run(label: str, source: Path, jobs: int) -> None:
    size = input_bytes(source)
    with tempfile.TemporaryDirectory() as out:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(source), f"{out}={jobs}"],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJECT,
        )
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        children_peak = max(before, usage.ru_maxrss)
        cpu = usage.ru_utime + usage.ru_stime - cpu_before
        reports, facts, triples, parent_peak = proc.stdout.split()
        out_size = sum(p.stat().st_size for p in Path(out).iterdir())
    mb = size / 1e6
    print(
        f"{label:<28} jobs={jobs}  {mb:6.1f} MB  {int(reports):5d} reports  {int(facts):6d} facts  "
        f"{int(triples):8d} triples  {seconds:6.1f} s  {mb / seconds / jobs:5.2f} MB/s/core  "
        f"CPU {cpu:5.1f} s ({cpu / seconds:.2f} cores busy)  "
        f"peak RSS parent {int(parent_peak) / 1024:.0f} MB, largest process {children_peak / 1024:.0f} MB  "
        f"output {out_size / 1e6:.1f} MB"
    )


def build_seconds(checkout: Path, source: Path, jobs: int) -> tuple[float, float]:
    """Wall time and CPU time (user + system, its workers included) of one whole `kg build` process of
    a checkout, into a fresh folder (no cache). On a machine shared with other work the CPU time is the
    steadier of the two: waiting for a core counts in the wall time only."""
    venv_python = checkout / ".venv" / "bin" / "python"
    python = str(venv_python) if venv_python.exists() else sys.executable
    env = {**os.environ, "PYTHONPATH": str(checkout)}  # this checkout's kg, whatever is installed
    with tempfile.TemporaryDirectory() as out:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_before = usage.ru_utime + usage.ru_stime
        started = time.perf_counter()
        subprocess.run(
            [python, "-m", "kg.cli", "build", str(source), "--out", out, "-j", str(jobs), "-q"],
            cwd=checkout,
            env=env,
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return seconds, usage.ru_utime + usage.ru_stime - cpu_before


def revision(checkout: Path) -> str:
    done = subprocess.run(["git", "log", "-1", "--format=%h"], cwd=checkout, capture_output=True, text=True)
    return done.stdout.strip() or "?"


def compare(against: Path, jobs: int, runs: int) -> None:
    """Median wall and CPU time of `kg build` of the other checkout and of this one, runs taking turns."""
    checkouts = {f"before ({against.name} {revision(against)})": against, f"after ({revision(PROJECT)})": PROJECT}
    inputs = {"seeds": SEEDS, "corpus": CORPUS} if CORPUS.is_dir() else {"seeds": SEEDS}
    for label, source in inputs.items():
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
        for run in range(runs):
            # alternate who goes first, so that neither always runs on a warmer or a busier machine
            order = list(checkouts.items()) if run % 2 == 0 else list(reversed(checkouts.items()))
            for name, checkout in order:
                times[name].append(build_seconds(checkout, source, jobs))
        wall = {name: statistics.median(w for w, _ in runs_of) for name, runs_of in times.items()}
        cpu = {name: statistics.median(c for _, c in runs_of) for name, runs_of in times.items()}
        for name, runs_of in times.items():
            shown = ", ".join(f"{w:.1f}/{c:.1f}" for w, c in runs_of)
            print(
                f"{label:<7} {name:<24} jobs={jobs}  median wall {wall[name]:6.1f} s, CPU {cpu[name]:6.1f} s"
                f"  (runs, wall/CPU: {shown})"
            )
        (before_wall, after_wall), (before_cpu, after_cpu) = wall.values(), cpu.values()
        print(f"{label:<7} after / before: wall {after_wall / before_wall:.3f}, CPU {after_cpu / before_cpu:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-mb", type=float, default=20.0, help="size to replicate the seeds to")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cores for the parallel runs")
    parser.add_argument("--against", type=Path, help="another checkout to compare with (before/after)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build when comparing (median)")
    args = parser.parse_args()
    if args.against:
        compare(args.against.resolve(), args.jobs, args.runs)
        return
    if CORPUS.is_dir():
        run("corpus", CORPUS, 1)
        run("corpus", CORPUS, args.jobs)
    else:
        print(f"(no corpus at {CORPUS}: skipped)")
    with tempfile.TemporaryDirectory() as tmp:
        replicated = Path(tmp) / "seeds"
        replicate_seeds(replicated, int(args.min_mb * 1e6))
        run(f"seeds x{len(list(replicated.iterdir())) // 5}", replicated, 1)
        run(f"seeds x{len(list(replicated.iterdir())) // 5}", replicated, args.jobs)


if __name__ == "__main__":
    main()
