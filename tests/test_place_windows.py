"""bench/place_windows.py: how often the place guesses are right on cuts of real reports."""

from __future__ import annotations

import doctest
import json

from tests.conftest import PROJECT
from tests.recall_scoring import load_scorer


def test_the_cuts_of_a_text():
    assert doctest.testmod(load_scorer("place_windows")).failed == 0


def test_the_seeds_windows_are_counted_per_guess(capsys):
    module = load_scorer("place_windows")
    assert module.main([str(PROJECT / "seeds"), "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    assert counts["windows"] >= 20  # five reports, 10 to 30 thousand characters each
    # the mentions guess answers most cuts of full reports, and is right on most it answers
    assert counts["mentions right"] <= counts["mentions"] <= counts["windows"]
    assert counts["mentions right"] > counts["windows"] / 2
    # a folder that is not one says so in one line
    assert module.main([str(PROJECT / "no-such-folder")]) == 2
