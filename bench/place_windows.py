"""How often the guesses of a text's place from its mentions are right on excerpts: cuts of real reports.

A web page often gives a report's middle only, 2,000 characters that never say 政府工作报告 or a session.
This cuts each report of a folder (../shared/corpus by default) into such windows, asks three guesses
of kg/extract/place_guess.py for each window's place, in the order kg.extract.metadata asks them
(``place_in_own_history``, ``guess_place_from_mentions``, then ``place_named_weakly`` where the
others give none), and compares the
answer with the place the whole report is built under. It prints, for each guess,
how many windows it answered and how many of those it got right, and the wrong answers of the last
one (``place_named_weakly``) for reading.

Usage: python bench/place_windows.py [FOLDER] [--window 2000] [--step 1700] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from kg.extract.place_guess import guess_place_from_mentions, place_in_own_history, place_named_weakly  # noqa: E402
from kg.model import PlaceKind  # noqa: E402
from kg.places import gazetteer  # noqa: E402
from kg.report_jobs import extract_report  # noqa: E402

DEFAULT_FOLDER = PROJECT.parent / "shared" / "corpus"


def windows(text: str, size: int, step: int) -> list[str]:
    """The cuts of ``text``, ``size`` characters each, one every ``step``; a short text is one cut.

    >>> windows("abcdefg", 4, 3)
    ['abcd', 'defg']
    >>> windows("abc", 4, 3)
    ['abc']
    """
    return [text[start : start + size] for start in range(0, max(len(text) - size, 0) + 1, step)]


# in the order kg.extract.metadata asks them, where no heading or session names the place
GUESSES = (
    ("own history", place_in_own_history),
    ("mentions", guess_place_from_mentions),
    ("few mentions", place_named_weakly),
)


def score(folder: Path, size: int = 2000, step: int = 1700) -> dict:
    """Per guess: windows answered and answered right; and the weak guess's wrong answers."""
    places = gazetteer()
    counts: Counter[str] = Counter()
    wrong: list[dict] = []
    for path in sorted(folder.rglob("*.txt")):
        try:
            extraction, normalised = extract_report(path)
        except Exception:  # a file the build would skip with its reason: no window of it to score
            continue
        place = extraction.metadata.place
        if place is None or place.kind is PlaceKind.COUNTRY:
            continue
        for cut in windows(normalised.text, size, step):
            counts["windows"] += 1
            for name, guess in GUESSES:
                found = guess(cut, places)
                if found is not None:
                    counts[name] += 1
                    counts[name + " right"] += found.adcode == place.adcode
                    if found.adcode != place.adcode and name == "few mentions":
                        wrong.append({"file": path.name, "place": place.name, "guessed": found.name})
                    break
    return {"counts": dict(counts), "weak_wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--window", type=int, default=2000, help="characters a cut holds")
    parser.add_argument("--step", type=int, default=1700, help="characters from one cut's start to the next")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"place_windows: {args.folder} is not a folder", file=sys.stderr)
        return 2
    result = score(args.folder, args.window, args.step)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    counts = result["counts"]
    print(f"{counts.get('windows', 0)} windows of {args.window} characters")
    for name, _ in GUESSES:
        answered, right = counts.get(name, 0), counts.get(name + " right", 0)
        share = f"{right / answered:.0%}" if answered else "-"
        print(f"{name:13} answered {answered:5}, right {right:5} ({share})")
    for miss in result["weak_wrong"]:
        print(f"  few mentions: {miss['file']}: {miss['place']}, guessed {miss['guessed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
