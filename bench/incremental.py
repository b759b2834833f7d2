"""How long `kg build` takes to add one report to a large build, against the build from scratch.

Makes --reports distinct reports but one (bench/scale.py's synthetic national corpus: each corpus
report moved to another real place; with --copies, the corpus copied into numbered folders, whose
repeated places and facts make the shared graphs small), builds them (from scratch, --rebuild),
adds one more report and builds again into the same --out, then builds once more with nothing
changed. Each is the whole `kg build` process as a user runs it; the phases come from its --json
summary; the report is added --repeat times, each into a copy of the build before. Usage:
python bench/incremental.py [--reports 1000] [--jobs 1] [--copies] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import CORPUS, make_corpus  # noqa: E402  (the synthetic national corpus of bench/scale.py)


def kg_build(inputs: Path, out: Path, jobs: int, *extra: str) -> tuple[float, dict]:
    command = [
        str(Path(sys.executable).with_name("kg")),
        "build",
        str(inputs),
        "--out",
        str(out),
        "--json",
        "--jobs",
        str(jobs),
        *extra,
    ]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.monotonic() - started, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--copies", action="store_true", help="copies of the corpus instead of distinct reports")
    parser.add_argument("--repeat", type=int, default=3, help="times the report is added (the median is shown)")
    args = parser.parse_args()
    reports = sorted(CORPUS.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="govkg-incremental-") as scratch:
        inputs, out = Path(scratch) / "in", Path(scratch) / "out"
        if args.copies:
            for copied in range(args.reports):
                folder = inputs / f"c{copied // len(reports):03d}"
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copy(reports[copied % len(reports)], folder)
        else:
            make_corpus(inputs, args.reports)
        # the last report (in file order) waits outside, to be added
        last = sorted(inputs.rglob("*.txt"))[-1]
        waiting = Path(scratch) / last.name
        shutil.move(last, waiting)
        size = sum(p.stat().st_size for p in inputs.rglob("*.txt"))
        rows = [("from scratch", *kg_build(inputs, out, args.jobs, "--rebuild"))]
        added = inputs / "added"
        added.mkdir()
        shutil.move(waiting, added)
        # each time into a copy of the build of the others: the median of --repeat, and the spread
        before = Path(scratch) / "before"
        shutil.copytree(out, before, symlinks=True)
        adding = []
        for _ in range(args.repeat):
            shutil.rmtree(out)
            shutil.copytree(before, out, symlinks=True)
            os.sync()  # (the copy's gigabytes written out first, not while the build runs)
            adding.append(kg_build(inputs, out, args.jobs))
        adding.sort(key=lambda run: run[0])
        rows.append(("one report added", *adding[len(adding) // 2]))
        rows.append(("nothing changed", *kg_build(inputs, out, args.jobs)))
    print(f"{args.reports - 1} reports + 1, {size / 1e6:.1f} MB, --jobs {args.jobs}")
    full = rows[0][1]
    for label, seconds, summary in rows:
        phases = ", ".join(f"{k} {v:.1f}" for k, v in summary["phases"].items())
        print(
            f"{label:17} {seconds:6.1f} s  ({seconds / full:5.1%} of from scratch)  reused {summary['reused']:>5}"
            f"  store {summary['store_update']:11}  [{phases}]"
        )
    spread = ", ".join(f"{seconds:.2f} s ({seconds / full:.1%})" for seconds, _ in adding)
    print(f"one report added, each of {args.repeat} times: {spread}")


if __name__ == "__main__":
    main()
