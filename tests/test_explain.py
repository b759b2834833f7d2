"""kg explain: each step says what it found or rejected, and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import GOOD_REPORT

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def explain(*args: str) -> str:
    result = CliRunner().invoke(cli, ["explain", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def step(output: str, name: str) -> str:
    """The lines of one numbered step of the first sentence explained."""
    lines = output.split("\n\n")[0].splitlines()
    start = next(i for i, line in enumerate(lines) if line.split(". ", 1)[-1] == name)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("   ")), len(lines))
    return "\n".join(line.strip() for line in lines[start + 1 : end])


def line_of(path: Path, words: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if words in line)


def test_a_seed_line_with_the_years_goals_yields_targets_and_their_triples():
    report = SEEDS / "000_79a18ab8566106eb.txt"
    output = explain(str(report), "--line", str(line_of(report, "主要预期目标是:全区生产总值增长6%左右")))
    assert "place: 鲤城区" in step(output, "context") and "plan year 2024" in step(output, "context")
    assert step(output, "time") == "targets of 2024"
    assert "全区生产总值 → GDP: growth 6 about" in step(output, "indicator names and the figures after them")
    assert "target GDP 2024 growth: 增长6%左右" in step(output, "facts")
    triples = step(output, "triples")
    assert "<https://w3id.org/govkg/id/target/福建省/泉州市/鲤城区/GDP/2024/growth> a gk:Target" in triples
    assert 'gk:value "6"^^xsd:decimal' in triples


def test_a_sentence_with_a_zone_and_its_projects_places_them_in_it():
    output = explain(
        "加快三江口片区建设,建成开放植物园一期。", "--place", "仓山区", "--frame", "review", "--year", "2023"
    )
    entities = step(output, "entities")
    assert "Area 三江口片区 (in 仓山区)" in entities
    assert "Project 植物园一期 (in 三江口片区; status Completed)" in entities
    assert "rdf:predicate gk:locatedIn" in step(output, "triples")


def test_a_rejected_candidate_names_its_filter_and_lexicon_row():
    output = explain("全力推进涞源项目建设。", "--place", "涞源县")
    assert step(output, "entities") == "(nothing)"
    rejected = step(output, "names rejected")
    assert rejected.startswith("涞源项目 (Project): works_of_a_place (heads.tsv:")


def test_a_sentence_of_another_year_says_why_it_gives_no_facts():
    output = explain("到2035年全区地区生产总值翻一番。", "--place", "鲤城区", "--year", "2025")
    assert step(output, "time").startswith("no year the report plans or reviews")
    assert step(output, "facts") == "(nothing)"


def test_each_figure_says_which_indicator_took_it_or_why_none_did():
    output = explain(
        "地区生产总值增长8.1%,年均增长6.5%,占全省比重12%,网购额增长3%。", "--place", "鲤城区", "--frame", "review"
    )
    fates = step(output, "figures and their fates").splitlines()
    assert fates == [
        "8.1% → 地区生产总值",
        "6.5% → no fact: over several years (年均, 累计, 五年, 十四五)",
        "12% → no fact: a share, a ratio or a per-head figure of something else (占, 比重)",
        "3% → UNATTACHED: no indicator took it and nothing says why",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["x", "--place", "火星"], "--place 火星: no such place"),
        ([str(SEEDS / "000_79a18ab8566106eb.txt"), "--line", "100000"], "line 100000 is not in the file"),
        ([str(SEEDS / "nothing.txt"), "--line", "1"], "nothing.txt: cannot read file (No such file or directory)"),
    ],
)
def test_bad_requests_are_one_line(args, message):
    result = CliRunner().invoke(cli, ["explain", *args])
    assert result.exit_code == 1 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_head_word_added_with_lexicon_makes_a_new_entity_in_explain_and_build(tmp_path):
    """`--lexicon DIR` on kg explain and kg build: the overlay's head word (港湾) names 东山港湾; a build
    into the same folder without it extracts the report again (the cache knows the lexicon)."""
    import subprocess
    import sys

    overlay = tmp_path / "my-words"
    overlay.mkdir()
    (overlay / "heads.tsv").write_text("word\tkind\ttags\texample\n港湾\tArea\t\t东山港湾\n", encoding="utf-8")
    sentence = "加快建设东山港湾,建成江南片区。"

    def kg(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done

    plain = kg("explain", sentence, "--place", "鲤城区", "--frame", "review")
    assert "Area 东山港湾" not in step(plain.stdout, "entities")
    extended = kg("explain", sentence, "--place", "鲤城区", "--frame", "review", "--lexicon", str(overlay))
    assert "Area 东山港湾" in step(extended.stdout, "entities").splitlines()

    report = tmp_path / "report.txt"
    report.write_text(GOOD_REPORT + f"\n{sentence}\n", encoding="utf-8")
    out = tmp_path / "out"
    labels = ("SELECT ?l WHERE { ?a a gk:Area ; rdfs:label ?l }", "--format", "csv", "--out", str(out))
    kg("build", str(report), "--out", str(out), "--lexicon", str(overlay), "-q")
    assert "东山港湾" in kg("query", *labels).stdout
    kg("build", str(report), "--out", str(out), "-q")
    assert "东山港湾" not in kg("query", *labels).stdout


def test_a_lines_time_and_estimate_are_those_the_report_around_it_gives(tmp_path):
    # the build reads 预计 down a list one item to a line (预计,…8%; / …6%。): so does explain
    report = tmp_path / "report.txt"
    report.write_text(
        "政府工作报告\n——2024年1月5日在泉州市鲤城区第十届人民代表大会第三次会议上\n各位代表:\n"
        "报告指出,2023年,全区上下坚持稳中求进,统筹发展和安全,取得新成效。全区生产总值580亿元,增长5%。\n"
        "一、2023年政府工作回顾\n预计,固定资产投资增长8%;\n社会消费品零售总额增长6%。\n"
        + "我们坚持以人民为中心的发展思想,持续办好民生实事,群众获得感幸福感安全感不断提升。"
        * 3,
        encoding="utf-8",
    )
    output = explain(str(report), "--line", "7")
    assert step(output, "time") == "outcomes of 2023"
    assert "outcome RetailSales 2023 growth: 增长6% (预计)" in step(output, "facts")
