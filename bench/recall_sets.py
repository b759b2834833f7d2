"""Recall over many hand-read gold sets at once, pooled: the held-out audit of issue 19's extraction work.

A folder holds one set per subfolder, each with its ``gold.json`` (the format of
tests/gold/audit_recall.json) and its excerpts in ``reports/``, as the helper sessions write them. This
scores every set with bench/recall.py (one build each, in this process, so the pipeline loads once),
prints a line per set and the pooled figures, and says how many of the facts missed are in reports
that gave none at all (no place found, or no year): the loss a rule for one sentence cannot win back.

Usage: python bench/recall_sets.py FOLDER [--sets a,b,zc] [--save TAG] [--json]
(--save TAG keeps each set's full report, misses and false positives in <set>/recall-TAG.txt.)
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from recall import print_report, score  # noqa: E402


def pooled(results: dict[str, dict]) -> dict:
    """Precision, recall and F1 of all facts of several sets' results, summed before they are divided.

    >>> one = {"overall": {"facts": {"found": 8, "gold": 10, "extracted": 9, "wrong": 1}}, "reports": []}
    >>> two = {"overall": {"facts": {"found": 2, "gold": 10, "extracted": 2, "wrong": 0}}, "reports": []}
    >>> p = pooled({"a": one, "b": two})
    >>> round(p["precision"], 3), p["recall"], round(p["f1"], 3)
    (0.909, 0.5, 0.645)
    """
    found = sum(r["overall"]["facts"]["found"] for r in results.values())
    gold = sum(r["overall"]["facts"]["gold"] for r in results.values())
    extracted = sum(r["overall"]["facts"]["extracted"] for r in results.values())
    precision = found / extracted if extracted else 1.0
    recall = found / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"found": found, "gold": gold, "extracted": extracted, "precision": precision, "recall": recall, "f1": f1}


def whole_report_losses(result: dict) -> tuple[int, int, list[str]]:
    """(facts missed, of them in reports that gave none, those reports) of one set's result.

    >>> report = lambda name, found, gold: {"file": name, "targets": {"found": 0, "gold": 0},
    ...                                     "outcomes": {"found": found, "gold": gold}}
    >>> whole_report_losses({"reports": [report("01.txt", 0, 6), report("02.txt", 4, 5)]})
    (7, 6, ['01.txt'])
    """
    missed = whole = 0
    empty = []
    for report in result["reports"]:
        found = report["targets"]["found"] + report["outcomes"]["found"]
        gold = report["targets"]["gold"] + report["outcomes"]["gold"]
        missed += gold - found
        if gold and not found:
            whole += gold
            empty.append(report["file"])
    return missed, whole, empty


def score_sets(folder: Path, names: list[str] | None = None, save: str | None = None) -> dict[str, dict]:
    """Each set's result (bench/recall.py's ``score``), by the set's folder name, in name order."""
    # (a set whose helper found no excerpts has a gold.json with no reports: nothing to score)
    sets = sorted(
        p
        for p in folder.iterdir()
        if (p / "gold.json").is_file() and (p / "reports").is_dir() and any((p / "reports").iterdir())
    )
    if names:
        sets = [p for p in sets if p.name in names]
    results = {}
    for path in sets:
        results[path.name] = result = score(path / "gold.json", path / "reports")
        if save:
            text = io.StringIO()
            print_report(result, text)
            (path / f"recall-{save}.txt").write_text(text.getvalue(), encoding="utf-8")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of sets, each with gold.json and reports/")
    parser.add_argument("--sets", default="", help="only these sets, by folder name, comma-separated")
    parser.add_argument("--save", default=None, metavar="TAG", help="keep each set's report as recall-TAG.txt")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder", file=sys.stderr)
        return 2
    results = score_sets(args.folder, [s for s in args.sets.split(",") if s] or None, args.save)
    if not results:
        print(f"{args.folder}: no set here (a subfolder with gold.json and reports/)", file=sys.stderr)
        return 2
    total = pooled(results)
    losses = {name: whole_report_losses(result) for name, result in results.items()}
    if args.json:
        print(json.dumps({"sets": {n: r["overall"]["facts"] for n, r in results.items()}, "pooled": total}))
        return 0
    print(f"{'set':8} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}  missed (in reports that gave none)")
    for name, result in results.items():
        facts = result["overall"]["facts"]
        missed, whole, _ = losses[name]
        line = f"{facts['precision']:6.3f} {facts['recall']:6.3f} {facts['f1']:6.3f}"
        print(f"{name:8} {facts['gold']:5} {line}  {missed} ({whole})")
    missed = sum(m for m, _, _ in losses.values())
    whole = sum(w for _, w, _ in losses.values())
    line = f"{total['precision']:6.3f} {total['recall']:6.3f} {total['f1']:6.3f}"
    print(f"{'pooled':8} {total['gold']:5} {line}  {missed} ({whole})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
