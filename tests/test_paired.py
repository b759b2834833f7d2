"""A place's targets paired with outcomes are kept for the next build, which pairs again only the
places whose stated facts changed (kg.graph.paired); the outputs are those of a build from scratch."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kg.build
from kg.build import build
from tests.test_incremental import SEEDS, folder_of, same_outputs, scratch


@pytest.fixture
def pairings(monkeypatch):
    """The places paired (not taken from the cache) in each build."""
    made: list[int] = []
    pair = kg.build.pair_place

    def counted(*args, **kwargs):
        made[-1] += 1
        return pair(*args, **kwargs)

    monkeypatch.setattr(kg.build, "pair_place", counted)

    def run(inputs, out, **options):
        made.append(0)
        result = build([inputs], out, jobs=1, view=False, **options)
        return result, made[-1]

    return run


def test_a_report_added_pairs_only_its_place_again(tmp_path, pairings):
    out = tmp_path / "out"
    _, first = pairings(folder_of(tmp_path, "before", SEEDS[:4]), out)
    after = folder_of(tmp_path, "after", SEEDS)
    result, second = pairings(after, out)
    assert first >= 4 and 1 <= second < first
    same_outputs(out, scratch(tmp_path, after))
    _, again = pairings(after, out, rebuild=True)  # --rebuild reads nothing back: every place
    assert again >= first > second


def test_another_tolerance_pairs_every_place_again(tmp_path, pairings):
    inputs = folder_of(tmp_path, "in", SEEDS)
    out = tmp_path / "out"
    _, first = pairings(inputs, out)
    result, second = pairings(inputs, out, tolerance=Decimal("2"))
    assert second == first
    expected = tmp_path / "expected"
    build([inputs], expected, jobs=1, view=False, tolerance=Decimal("2"))
    same_outputs(out, expected)


def test_a_damaged_pairing_is_made_again(tmp_path, pairings):
    inputs = folder_of(tmp_path, "in", SEEDS)
    out = tmp_path / "out"
    _, first = pairings(inputs, out)
    changed = folder_of(tmp_path, "changed", SEEDS, changed={SEEDS[0].name: "\n"})
    _, untouched = pairings(changed, out)  # (the facts are the same: no place is paired again)
    assert untouched == 0
    for entry in (out / "cache").iterdir():
        entry.write_bytes(b"not a cache entry")
    result, damaged = pairings(changed, out)
    assert damaged == first and result.reused == 0
    same_outputs(out, scratch(tmp_path, changed))
