"""bench/recall_sets.py: pooled recall over a folder of hand-read gold sets (its figures and its CLI)."""

from __future__ import annotations

import doctest
import json
import shutil

import pytest

from tests.conftest import CORPUS, PROJECT
from tests.recall_scoring import load_scorer, score_gold

GOLD = PROJECT / "tests" / "gold" / "audit_recall.json"


def test_the_pooled_figures_and_the_whole_report_losses():
    module = load_scorer("recall_sets")
    assert doctest.testmod(module).failed == 0


def test_a_folder_of_two_sets_is_scored_set_by_set_and_pooled(tmp_path, capsys):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for name, reports in (("a", gold["reports"][:2]), ("b", gold["reports"][2:4])):
        (tmp_path / name / "reports").mkdir(parents=True)
        for report in reports:
            shutil.copy(CORPUS / report["file"], tmp_path / name / "reports" / report["file"])
        (tmp_path / name / "gold.json").write_text(json.dumps({**gold, "reports": reports}), encoding="utf-8")
    # a set whose reader found no excerpts (a gold.json of no reports, reports/ empty) is not scored
    (tmp_path / "c" / "reports").mkdir(parents=True)
    (tmp_path / "c" / "gold.json").write_text(json.dumps({**gold, "reports": []}), encoding="utf-8")
    module = load_scorer("recall_sets")
    assert module.main([str(tmp_path), "--save", "t"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["a", "b", "pooled"]
    assert (tmp_path / "a" / "recall-t.txt").read_text(encoding="utf-8").startswith("report")
    # the pooled gold is the two sets' together
    assert int(lines[3].split()[1]) == int(lines[1].split()[1]) + int(lines[2].split()[1])
    # a folder with no set in it says so in one line
    (tmp_path / "empty").mkdir()
    assert module.main([str(tmp_path / "empty")]) == 2
    assert "no set here" in capsys.readouterr().err


def test_a_fact_its_reader_marked_unsure_counts_neither_way(tmp_path):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    report = next(r for r in gold["reports"] if r["file"] == "county_高唐县_2025.txt")
    first = report["actuals"][0]
    invented = {**first, "value": 123456, "quote": "not in the text"}
    variants = {
        "plain": report,
        "unsure": {
            **report,
            "actuals": [{**first, "unsure": True}, *report["actuals"][1:], {**invented, "unsure": True}],
        },
    }
    scores = {}
    for name, variant in variants.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({**gold, "reports": [variant]}, ensure_ascii=False), encoding="utf-8")
        scores[name] = score_gold(path, tmp_path / name)
    plain, unsure = scores["plain"]["overall"]["facts"], scores["unsure"]["overall"]["facts"]
    assert scores["plain"]["misses"] == [] or first["quote"] not in str(scores["plain"]["misses"])
    # the first fact, found, leaves the gold and the facts counted; the invented one is no miss
    assert (unsure["gold"], unsure["found"], unsure["extracted"]) == (
        plain["gold"] - 1,
        plain["found"] - 1,
        plain["extracted"] - 1,
    )
    assert not any("123456" in miss["gold"] for miss in scores["unsure"]["misses"])
    # what the reader doubted may be its figure: the fact the build gives of that key is not counted either
    doubted = {**report, "actuals": [{**first, "value": first["value"] + 1, "unsure": True}, *report["actuals"][1:]]}
    path = tmp_path / "doubted.json"
    path.write_text(json.dumps({**gold, "reports": [doubted]}, ensure_ascii=False), encoding="utf-8")
    other = score_gold(path, tmp_path / "doubted")["overall"]["facts"]
    assert (other["gold"], other["extracted"], other["wrong"]) == (
        plain["gold"] - 1,
        plain["extracted"] - 1,
        plain["wrong"],
    )
