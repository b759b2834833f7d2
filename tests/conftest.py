"""Shared fixtures: paths to ../shared, and one build of the seeds per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
SEEDS = PROJECT / "seeds"
GOLD = SHARED / "gold" / "seed_indicators.json"
CORPUS = SHARED / "corpus"

# A short but complete report, used to build small synthetic inputs.
GOOD_REPORT = (
    "政府工作报告\n——2023年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上\n"
    "泉州市鲤城区人民政府区长 王克思\n各位代表:\n一、2023年政府工作回顾\n"
    "预计全区生产总值580亿元、增长7.5%,一般公共预算收入15.32亿元、增长10%。"
    "我们坚持发展经济,推进工作落实,建设美丽城区,改善民生福祉,取得新进展新成效。\n"
    "二、2024年政府工作安排\n经济社会发展主要预期目标是:全区生产总值增长6%左右,固定资产投资增长10%;"
    "居民人均可支配收入与经济增长基本同步。我们将继续推进高质量发展,建设现代化经济体系,办好民生实事。\n"
)


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.is_file():
        pytest.skip("../shared/gold/seed_indicators.json is not beside the project")
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-build")
    result = build([SEEDS], out, jobs=2)
    return result, out


@pytest.fixture(scope="session")
def seed_store(seed_build) -> ox.Store:
    _, out = seed_build
    store = ox.Store()
    store.load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """One build of ../shared/corpus per session, for the tests that read it (they skip without it)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    from kg.build import build

    out = tmp_path_factory.mktemp("corpus")
    return build([CORPUS], out, jobs=2), out
