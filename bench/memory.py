"""Peak memory of the whole `kg build` process tree for a large input (issue 18: < 1 GB for 100 MB).

Copies the corpus (../shared/corpus) into numbered folders until the input reaches --mb
megabytes, runs `kg build` on it as a user would, and samples every process of the tree
(the parent and its workers) ten times a second. It prints the peak of the tree's summed
proportional set size (PSS: pages that forked workers share with the parent are counted
once, split between them) beside the peak resident set of the largest single process.
Usage: python bench/memory.py [--mb 100] [--jobs N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"


def make_input(target: Path, megabytes: float) -> int:
    """Copies of the corpus in c001/, c002/… until ``megabytes``; returns the bytes copied."""
    reports = sorted(CORPUS.glob("*.txt"))
    total, copy = 0, 0
    while total < megabytes * 1_000_000:
        copy += 1
        folder = target / f"c{copy:03d}"
        folder.mkdir(parents=True)
        for report in reports:
            shutil.copy(report, folder)
            total += report.stat().st_size
    return total


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    children = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(status.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def memory_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    with tempfile.TemporaryDirectory(prefix="govkg-memory-") as scratch:
        size = make_input(Path(scratch) / "in", args.mb)
        command = [kg, "build", str(Path(scratch) / "in"), "--out", str(Path(scratch) / "out"), "-q"]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        peak_pss = peak_rss = 0
        while process.poll() is None:
            pids = tree(process.pid)
            peak_pss = max(peak_pss, sum(memory_kb(p, "Pss") for p in pids))
            peak_rss = max(peak_rss, max(memory_kb(p, "Rss") for p in pids))
            time.sleep(0.1)
        seconds = time.monotonic() - started
        summary = process.stdout.read().strip().splitlines()
    print(
        f"input: {size / 1e6:.1f} MB ({len(list(CORPUS.glob('*.txt')))} corpus reports per copy); "
        f"jobs: {args.jobs or 'all cores'}; exit {process.returncode}; {seconds:.0f} s wall"
    )
    print(
        f"peak memory of the build's process tree: {peak_pss / 1024:.0f} MB (summed PSS); "
        f"largest single process: {peak_rss / 1024:.0f} MB RSS"
    )
    if summary:
        print(summary[-1])


if __name__ == "__main__":
    main()
