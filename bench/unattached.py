"""Figures left over: a recall gauge that needs no hand-read gold (issue 17).

Every figure of a review or plan sentence (a percentage, an amount of money) is a candidate for
an indicator's fact; extraction records its fate (kg.extract.figure_fates): the indicators whose
facts it gave, or the reason it belongs to none (年均, 累计, a share, a project's amount, another
year...). A figure with neither is "unattached". This prints, for every report of a folder, how
many figures it has and how many were left unattached, the total, the reasons counted, and a
sample of the leftovers with their sentences, so that one can read what is still missed.

Usage: python bench/unattached.py [FOLDER] [--sample 20] [--seed 17] [-j 2] [--json]
(FOLDER defaults to ../shared/corpus.)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from kg.ingest.reading import UnreadableReport  # noqa: E402
from kg.report_jobs import extract_report  # noqa: E402

DEFAULT_FOLDER = PROJECT.parent / "shared" / "corpus"
_CONTEXT = 40  # characters of the sentence shown either side of a leftover figure


def report_fates(path: Path) -> dict:
    """One report's figures: how many, how many left over, reasons counted, the leftovers."""
    try:
        extraction, _ = extract_report(path)
    except UnreadableReport as exc:
        return {"file": path.name, "error": exc.reason}
    fates = extraction.figure_fates
    leftovers = [
        {"figure": f.figure, "sentence": _around(f.sentence.text, f.start, f.end), "frame": f.sentence.frame.value}
        for f in fates
        if f.unattached
    ]
    return {
        "file": path.name,
        "figures": len(fates),
        "attached": sum(1 for f in fates if f.indicators),
        "reasons": dict(Counter(f.reason.name for f in fates if not f.indicators and f.reason)),
        "unattached": len(leftovers),
        "leftovers": leftovers,
    }


def _around(text: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT)
    return ("…" if left else "") + text[left:start] + "【" + text[start:end] + "】" + text[end : end + _CONTEXT]


def count(folder: Path, jobs: int) -> list[dict]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".htm", ".md"))
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(report_fates, files, chunksize=1)
    return [report_fates(path) for path in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--sample", type=int, default=20, help="leftovers to show (default 20)")
    parser.add_argument("--seed", type=int, default=17, help="seed of the sample (default 17)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder", file=sys.stderr)
        return 2
    reports = count(args.folder, args.jobs)
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=1))
        return 0
    read = [r for r in reports if "error" not in r]
    for r in read:
        print(f"{r['unattached']:5d} of {r['figures']:5d} figures unattached  {r['file']}")
    for r in reports:
        if "error" in r:
            print(f"    -              not read  {r['file']}: {r['error']}")
    figures, left = sum(r["figures"] for r in read), sum(r["unattached"] for r in read)
    attached = sum(r["attached"] for r in read)
    reasons: Counter = sum((Counter(r["reasons"]) for r in read), Counter())
    print(f"\nTOTAL {left} of {figures} figures unattached ({attached} gave facts) in {len(read)} reports")
    print("reasons: " + ", ".join(f"{name} {n}" for name, n in reasons.most_common()))
    leftovers = [(r["file"], item) for r in read for item in r["leftovers"]]
    sample = random.Random(args.seed).sample(leftovers, min(args.sample, len(leftovers)))
    print(f"\nSAMPLE of {len(sample)} leftovers (seed {args.seed})")
    for file, item in sample:
        print(f"- {file} [{item['frame']}] {item['figure']}: {item['sentence']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
