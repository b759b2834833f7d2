"""The years of a report whose text names none, from the epochs it names: the stage of a five-year
plan (“十二五”开局之年), an anniversary or a Party congress (新中国成立70周年, 党的十八大), or the
latest plenary session of the Central Committee it follows (十九届四中全会精神)."""

from __future__ import annotations

from kg.extract.units import parse_number
from kg.lexicon import LEXICON as LEX

_FIVE_YEAR_PLAN_STAGE = LEX.pattern("metadata_five_year_plan_stage")
_REVIEW_CUE = LEX.pattern("segment_review_cue")  # 一年来, 取得…成绩: words that look back at a year
# Five-year plans have followed one another without a gap since the third (三五, 1966-1970).
_THIRD_PLAN_START = 1966
_EPOCH_YEAR = LEX.pattern("metadata_epoch_year")
_FIVE_YEAR_REVIEW = LEX.pattern("metadata_five_year_review")
_PLENUM = LEX.pattern("metadata_plenum")
# 十九届四中 → (2019, 10): when each plenary session met
_PLENUM_MONTHS = {
    name: (int(month[:4]), int(month[5:])) for name, month in (row.split() for row in LEX.word_list("plenum_months"))
}
_PLENUM_MARK = LEX.word_list("plenum_mark")[0]  # 中 of 四中(全会)
_SESSION_TERM = LEX.word_list("term_mark")[0]  # 届 of 十九届
_EARLY_MONTHS = 3  # a plenum of January to March comes before that year's reports (十九届二中: January 2018)
# 新中国成立70周年 is 2019, 中国共产党成立100周年 2021, 改革开放40周年 2018; the Party's congresses meet
# every five years since the sixteenth (十六大, 2002)
_EPOCH_STARTS = {"prc": 1949, "party": 1921, "reform": 1978}
_SIXTEENTH_CONGRESS = 2002


def years_by_five_year_plan(head: str) -> tuple[int | None, int | None]:
    """The years of a text whose years a page stripped, from the stage of a five-year plan it names
    (是全面完成“十二五”规划的收官之年: plans 2015; 去年是“十三五”收官之年: reviews 2020)."""
    stage = _FIVE_YEAR_PLAN_STAGE.search(head)
    if stage is None:
        # a review of the whole plan (“十二五”时期工作回顾; 预计“十二五”末…; 回顾了“十二五”时期): its last
        # year is reviewed
        review = _FIVE_YEAR_REVIEW.search(head)
        if review is None:
            return None, None
        end = (
            _THIRD_PLAN_START
            + 5 * (_numeral(review.group("plan") or review.group("plan_end") or review.group("plan_reviewed")) - 3)
            + 4
        )
        return end, end + 1
    start = _THIRD_PLAN_START + 5 * (_numeral(stage.group("plan")) - 3)
    year = start + 4 if stage.group("closing") or stage.group("last") else start
    # (a sentence that looks back at the year reviews it: 20xx年,是我区全面实施“十二五”规划的第一年,…也是
    # 取得突出成绩的一年, in a copy that masked its years)
    sentence_end = head.find("。", stage.end())
    looks_back = _REVIEW_CUE.search(head, stage.start(), sentence_end if sentence_end >= 0 else len(head))
    return (year, year + 1) if stage.group("last_year") or looks_back else (year - 1, year)


def years_by_epoch(head: str) -> tuple[int | None, int | None]:
    """The years of a text that names none, from an anniversary or a Party congress it names
    (今年是全面贯彻落实党的十八大精神的开局之年: plans 2013; 去年是新中国成立70周年: reviews 2019)."""
    found = _EPOCH_YEAR.search(head)
    if found is None:
        return None, None
    epoch = next((name for name in _EPOCH_STARTS if found.group(name)), None)
    if epoch:
        year = _EPOCH_STARTS[epoch] + _numeral(found.group("years"))
    elif found.group("congress_opening"):
        year = _SIXTEENTH_CONGRESS + 5 * (_numeral(found.group("congress_opening")) - 16) + 1
    else:
        year = _SIXTEENTH_CONGRESS + 5 * (_numeral(found.group("congress_held")) - 16)
    return (year, year + 1) if found.group("last_year") else (year - 1, year)


def years_by_plenum(head: str) -> tuple[int | None, int | None]:
    """The years of a text that names none, from the latest plenary session of the Central Committee it
    follows (全面贯彻党的十九大和十九届二中、三中、四中全会精神: 四中 met in October 2019, so 2019 is reviewed;
    one that met in the first months of a year, 十九届二中 in January 2018, is that year's, planned)."""
    met = []
    for found in _PLENUM.finditer(head):
        for plenum in found.group("plenums").split(_PLENUM_MARK)[:-1]:
            when = _PLENUM_MONTHS.get(f"{found.group('congress')}{_SESSION_TERM}{plenum[-1]}{_PLENUM_MARK}")
            if when:
                met.append(when)
    if not met:
        return None, None
    year, month = max(met)
    return (year - 1, year) if month <= _EARLY_MONTHS else (year, year + 1)


def five_year_plan_end(plan: str) -> int:
    """The last year of a five-year plan by its number.

    >>> five_year_plan_end("十一"), five_year_plan_end("十四")
    (2010, 2025)
    """
    return _THIRD_PLAN_START + 5 * (_numeral(plan) - 3) + 4


def _numeral(text: str) -> int:
    """The number of a plan, a congress or an anniversary, in either numerals (十八, 70); the patterns
    that read them take only numerals."""
    return int(parse_number(text) or 0)
