"""Notations of indicators outside the catalogue: minted in pinyin, kept by a build for the next,
which then reads a label again (importing pypinyin) only if no report of the last build minted it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import kg.extract.notations as notations
from kg.build import build
from kg.extract.notations import mint_indicator, minting, notations_of, pinyin_notation, remember_notations
from kg.report_cache import ReportCache
from kg.report_jobs import _notations_key
from tests.test_incremental import SEEDS, folder_of, same_outputs, scratch


@pytest.fixture
def fresh_notations(monkeypatch):
    monkeypatch.setattr(notations, "_NOTATIONS", {})


def test_a_label_is_read_in_pinyin_with_its_phrases(fresh_notations):
    assert mint_indicator("技改投资").notation == "JiGaiTouZi"
    assert pinyin_notation("重庆") == "ChongQing"  # 重 read in its phrase, not zhòng
    assert pinyin_notation("GDP") == "Indicator"  # nothing to read


def test_a_remembered_notation_is_used_and_reported_as_minted(fresh_notations):
    remember_notations([("旅游总收入", "Remembered")])
    with minting() as minted:
        assert mint_indicator("旅游总收入").notation == "Remembered"
        mint_indicator("技改投资")
    assert notations_of(minted) == (("技改投资", "JiGaiTouZi"), ("旅游总收入", "Remembered"))
    with minting() as minted:
        pass
    assert notations_of(minted) == ()


def test_reports_extracted_at_once_in_threads_each_collect_their_own_labels(fresh_notations):
    # a Dask worker runs several reports at once, in threads
    labels = {"a": [f"甲{n}收入" for n in range(200)], "b": [f"乙{n}收入" for n in range(200)]}
    collected: dict[str, set[str]] = {}
    started = threading.Barrier(2)

    def report(name: str) -> None:
        with minting() as minted:
            started.wait()
            for label in labels[name]:
                mint_indicator(label)
        collected[name] = minted

    threads = [threading.Thread(target=report, args=(name,)) for name in labels]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {name: sorted(found) for name, found in collected.items()} == {n: sorted(ls) for n, ls in labels.items()}


# A build in a process of its own: whether it imported pypinyin, and what the cache kept.
_BUILD = """
import json, sys
from kg.build import build
build([sys.argv[1]], sys.argv[2], jobs=1, view=False)
print(json.dumps("pypinyin" in sys.modules))
"""


def _build_in_a_process(inputs: Path, out: Path) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(inputs), str(out)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_a_report_changed_minting_only_known_labels_is_built_without_pypinyin(tmp_path):
    out = tmp_path / "out"
    assert _build_in_a_process(folder_of(tmp_path, "before", SEEDS), out) is True
    # the same text with a line more: extracted again, and its labels were all minted before
    after = folder_of(tmp_path, "after", SEEDS, changed={SEEDS[0].name: "\n"})
    assert _build_in_a_process(after, out) is False
    same_outputs(out, scratch(tmp_path, after))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_kept_notations_reach_the_workers(tmp_path, jobs, fresh_notations, monkeypatch):
    out = tmp_path / "out"
    build([folder_of(tmp_path, "before", SEEDS)], out, jobs=jobs, view=False)
    monkeypatch.setattr(notations, "_NOTATIONS", {})  # (what this process minted is forgotten)

    def unread(label: str) -> str:
        raise AssertionError(f"{label} read again")

    monkeypatch.setattr(notations, "pinyin_notation", unread)  # (a worker forked now inherits it)
    after = folder_of(tmp_path, "after", SEEDS, changed={SEEDS[0].name: "\n"})
    result = build([after], out, jobs=jobs, view=False)
    assert result.skipped == [] and result.reused == len(SEEDS) - 1
    monkeypatch.undo()
    same_outputs(out, scratch(tmp_path, after))


def test_the_build_keeps_the_labels_its_reports_minted(tmp_path, fresh_notations):
    out = tmp_path / "out"
    build([folder_of(tmp_path, "in", SEEDS)], out, jobs=1, view=False)
    kept = _kept_notations(out)
    assert kept and all(pinyin_notation(label) == notation for label, notation in kept)
    # only the reports' own: a build of one report keeps fewer
    one = tmp_path / "one"
    build([folder_of(tmp_path, "first", SEEDS[:1])], one, jobs=1, view=False)
    assert set(_kept_notations(one)) < set(kept)


def test_rebuild_reads_no_kept_notation(tmp_path, fresh_notations, monkeypatch):
    inputs = folder_of(tmp_path, "in", SEEDS)
    out = tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    label, _ = _kept_notations(out)[0]
    monkeypatch.setattr(notations, "_NOTATIONS", {})
    remembered: list = []
    monkeypatch.setattr("kg.report_jobs.remember_notations", remembered.append)
    build([inputs], out, jobs=1, view=False, rebuild=True)
    assert remembered == []
    assert (label, pinyin_notation(label)) in _kept_notations(out)


def _kept_notations(out: Path) -> tuple[tuple[str, str], ...]:
    kept = ReportCache(out).get(_notations_key())
    assert isinstance(kept, tuple)
    return kept


def test_a_damaged_entry_of_notations_only_costs_reading_them_again(tmp_path):
    inputs = folder_of(tmp_path, "in", SEEDS)
    out = tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    kept = _kept_notations(out)
    entry = out / "cache" / _notations_key()
    entry.write_bytes(b"not a cache entry")
    changed = folder_of(tmp_path, "changed", SEEDS, changed={SEEDS[0].name: "\n"})
    assert build([changed], out, jobs=1, view=False).reused == len(SEEDS) - 1  # (reports only)
    same_outputs(out, scratch(tmp_path, changed))
    assert _kept_notations(out) == kept  # written again whole


# A fresh process's pool, loaded as a build of several reports loads it: do its workers start with
# pypinyin and cn2an (shared with the child they are forked from), or must each import its own?
_POOL = """
import functools, json, sys
from kg.local_pool import run_in_pool
from kg.report_jobs import pipeline

def loaded(_):
    return all(name in sys.modules for name in ("pypinyin", "cn2an"))

print(json.dumps([list(run_in_pool([1, 2], 2, loaded, functools.partial(pipeline, preload=preload)))
                  for preload in (False, True)] + ["pypinyin" in sys.modules]))
"""


def test_a_pool_for_several_reports_loads_pypinyin_and_cn2an_before_forking():
    done = subprocess.run([sys.executable, "-c", _POOL], capture_output=True, text=True, check=True)
    without, preloaded, in_parent = json.loads(done.stdout)
    assert without == [False, False] and preloaded == [True, True]
    assert in_parent is False  # (the build's own process never loads them)


def test_a_kept_entry_of_another_shape_is_not_used(tmp_path, fresh_notations):
    inputs = folder_of(tmp_path, "in", SEEDS)
    out = tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    ReportCache(out).put(_notations_key(), (("label", "Notation", "extra"), "not a pair"))
    changed = folder_of(tmp_path, "changed", SEEDS, changed={SEEDS[0].name: "\n"})
    assert build([changed], out, jobs=1, view=False).skipped == []
    same_outputs(out, scratch(tmp_path, changed))
