"""The lexicon (kg/lexicon/zh/*.tsv): every table is read and checked, a bad row is an error that
names its file and line, an overlay adds rows, and one row says all a word does."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.entities.filters import label_rejection
from kg.lexicon import LEXICON, LEXICON_DIR, LexiconError, load_lexicon, overlay_dirs
from kg.model import Comparator, EntityKind, ProjectStatus


def row_text(rule: str) -> str:
    """The line of a table a reason's rule (``verbs.tsv:12`` or ``patterns.tsv:40 (name)``) points at."""
    file, line = rule.split(" ")[0].split(":")
    return (LEXICON_DIR / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]


def test_one_row_says_all_a_verb_does():
    rows = [v for v in LEXICON.verbs if v.word == "建成"]
    assert len(rows) == 1
    verb = rows[0]
    assert (verb.leads, verb.trails, verb.cuts, verb.bounds, verb.builds, verb.status) == (
        True,
        True,
        True,
        True,
        True,
        ProjectStatus.COMPLETED,
    )


def test_one_comparator_table_for_figures_and_investments():
    figures, investments = LEXICON.comparators_for("figures"), LEXICON.comparators_for("investments")
    assert figures["左右"] is Comparator.ABOUT and figures["控制在"] is Comparator.AT_MOST
    assert investments["超"] is Comparator.AT_LEAST and investments["约"] is Comparator.ABOUT
    # 约 reads an indicator's figure too, as 近 does (城镇居民人均可支配收入约5.0万元; 同口径增长约7%)
    assert figures["约"] is Comparator.ABOUT and figures["近"] is Comparator.ABOUT
    assert LEXICON.shown_comparator_words() == {
        Comparator.ABOUT: "左右",
        Comparator.AT_LEAST: "以上",
        Comparator.AT_MOST: "以内",
    }


def test_heads_carry_their_class_and_tags():
    heads = {h.word: h for h in LEXICON.heads}
    assert heads["片区"].kind is EntityKind.AREA and "local_zone" in heads["片区"].tags
    assert heads["站"].kind is EntityKind.PROJECT and "weak" in heads["站"].tags
    assert heads["街道"].kind is EntityKind.TOWNSHIP


@pytest.mark.parametrize(
    "table, row, message",
    [
        ("heads.tsv", "新港\tHarbour\t\t", "column kind: 'Harbour' is not one of"),
        ("heads.tsv", "新港\tArea\tshiny\t", "column tags: unknown tag shiny"),
        ("heads.tsv", "片区\tArea\t\t", "duplicate of the row at heads.tsv:"),
        ("verbs.tsv", "加码\tyes\t\t\t\t\t\t\t", "column leads: expected 'y' or nothing"),
        ("verbs.tsv", "加码\t\t\t\t\t\t\tFinished\t", "column status: 'Finished' is not one of"),
        ("comparators.tsv", "大约\tnearly\tbefore\t\ty\t\t", "column comparator"),
        ("patterns.tsv", "broken\t(unclosed\t", "column alternative"),
        ("words.tsv", "no_such_list\t词\t", "column list: 'no_such_list' is not one of"),
    ],
)
def test_a_bad_row_names_its_file_and_line(tmp_path: Path, table: str, row: str, message: str):
    header = (LEXICON_DIR / table).read_text(encoding="utf-8").splitlines()
    columns = next(line for line in header if not line.startswith("#"))
    (tmp_path / table).write_text(f"# an overlay\n{columns}\n{row}\n", encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon((tmp_path,))
    assert f"{tmp_path / table}:3: " in str(error.value) and message in str(error.value)


def test_wrong_columns_are_an_error(tmp_path: Path):
    (tmp_path / "heads.tsv").write_text("word\tclass\n新港\tArea\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"heads.tsv:1: the columns are"):
        load_lexicon((tmp_path,))


def test_an_overlay_adds_rows(tmp_path: Path):
    (tmp_path / "heads.tsv").write_text("word\tkind\ttags\texample\n港湾\tArea\t\t东山港湾\n", encoding="utf-8")
    (tmp_path / "patterns.tsv").write_text("name\talternative\texample\nphase\t第[一二三]标段\t\n", encoding="utf-8")
    lexicon = load_lexicon((tmp_path,))
    assert {h.word: h.kind for h in lexicon.heads}["港湾"] is EntityKind.AREA
    assert len(lexicon.heads) == len(LEXICON.heads) + 1
    assert lexicon.pattern("phase").match("第二标段") and not LEXICON.pattern("phase").match("第二标段")
    assert load_lexicon(overlay_dirs()) is LEXICON  # the tables are read once per process


@pytest.mark.parametrize(
    "label, head, rejected_by, row_holds",
    [
        ("加快建设江南片区", "片区", "governing_opener", "加快建设"),
        ("江南片区建成", "", "trailing_word", "建成"),
        ("亿元以上重点项目", "项目", "class_bound", "以上"),
        ("省级慢性病综合防控示范区", "示范区", "designation", "designation"),
        ("智慧交通项目", "项目", "generic", None),
        ("三个片区", "片区", "count_before", "count_before"),
    ],
)
def test_a_rejection_names_its_filter_and_lexicon_row(label, head, rejected_by, row_holds):
    reason = label_rejection(label, head)
    assert reason is not None and reason.filter == rejected_by
    if row_holds:
        assert row_holds in row_text(reason.rule)


def test_names_pass_every_filter():
    assert label_rejection("三江口片区", "片区") is None
    assert label_rejection("泉州五中洛江校区", "校区") is None


def test_rejected_names_carry_their_reason():
    from kg.extract.entities.candidates import mentions
    from kg.extract.entities.filters import traced_rejections
    from kg.extract.entities.nearby import PlaceIndex, ReportContext
    from kg.model import ReportMetadata

    with traced_rejections() as rejected:
        found = mentions(ReportContext(ReportMetadata(), PlaceIndex([])), "列入雄安新区建材供应基地,建成江南片区。")
    assert [m.label for m in found] == ["江南片区"]
    reasons = {r.draft.label: r.reason for r in rejected}
    assert reasons["雄安新区建材供应基地"].filter == "title_given"
    assert "列入" in row_text(reasons["雄安新区建材供应基地"].rule)


def test_an_overlay_head_word_finds_a_new_entity(tmp_path: Path):
    """GOVKG_LEXICON names an overlay that extraction reads: a head word added there makes a name."""
    import os
    import subprocess
    import sys

    (tmp_path / "heads.tsv").write_text("word\tkind\ttags\texample\n港湾\tArea\t\t东山港湾\n", encoding="utf-8")
    script = (
        "from kg.extract.pipeline import make_pipeline\n"
        "doc = make_pipeline()('政府工作报告\\n——2023年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上\\n'\n"
        "                      '一、2023年政府工作回顾\\n加快建设东山港湾,建成江南片区。\\n')\n"
        "print(sorted(e.kind.value + ':' + e.label for e in doc._.entities))\n"
    )

    def entities(overlay: str) -> str:
        env = {**os.environ, "GOVKG_LEXICON": overlay}
        return subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout

    assert "Area:东山港湾" not in entities("") and "Area:江南片区" in entities("")
    assert "Area:东山港湾" in entities(str(tmp_path))
