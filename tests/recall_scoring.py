"""Scoring a hand-read recall gold with bench/recall.py, shared by the ratchet tests of each gold."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS, PROJECT


def load_scorer(script: str = "recall"):
    """A script of bench/ as a module (bench/ is scripts, not a package): recall.py by default."""
    spec = importlib.util.spec_from_file_location(f"bench_{script}", PROJECT / "bench" / f"{script}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_gold(gold: Path, build_dir: Path) -> dict:
    """The scores of a build of the gold's reports; skips when ../shared/corpus does not hold them."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    reports = json.loads(gold.read_text(encoding="utf-8"))["reports"]
    absent = [r["file"] for r in reports if not (CORPUS / r["file"]).is_file()]
    if absent:
        pytest.skip(f"reports of the gold not in ../shared/corpus: {absent}")
    return load_scorer().score(gold, CORPUS, build_dir)


def assert_precision(scores: dict, kind: str, floor: float) -> None:
    """The ratchet tests' checks, one line each in every recall test (kind: "targets" or "outcomes")."""
    assert scores["overall"][kind]["precision"] >= floor, scores["false_positives"]


def assert_recall(scores: dict, kind: str, floor: float) -> None:
    assert scores["overall"][kind]["recall"] >= floor, [
        m for m in scores["misses"] if m["kind"] == kind[:-1].capitalize()
    ]


def assert_metadata(scores: dict, floor: float) -> None:
    assert scores["overall"]["metadata"] >= floor, scores["metadata_errors"]
