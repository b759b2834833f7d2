"""Years and dates as reports write them, shared by metadata and fact extraction."""

from __future__ import annotations

import re

from kg.lexicon import LEXICON as LEX

# 比2019年增长, 是2011年的1.6倍, 快于2024年, 2020年水平: comparison bases, not the years a figure is for.
BASE_YEAR = LEX.pattern("years_base_year")
YEAR_MARK = LEX.word_list("year_mark")[0]  # every year is written with 年: 2025年
_REPORT_NAME = LEX.pattern("years_report_name")
_WORK_REVIEWED = LEX.pattern("years_work_reviewed")  # 回顾总结了2018年工作, said of a report
_DATE_MARKS = LEX.word_list("date_marks")


def base_years(text: str) -> set[int]:
    """Years that only serve as a comparison base in ``text``.

    >>> sorted(base_years("比2019年增长12%,是2011年的1.6倍"))
    [2011, 2019]
    """
    return {int(year) for pair in BASE_YEAR.findall(text) for year in pair if year}


def report_name_years(text: str) -> set[int]:
    """Years that only name a report in ``text`` (or the work it reviews), not a year its figures are for.

    >>> sorted(report_name_years("赣榆区2025年工作报告显示,该区预计实现地区生产总值800亿元以上"))
    [2025]
    >>> sorted(report_name_years("报告回顾总结了2018年工作,提出了今年的主要预期指标"))
    [2018]
    """
    return {int(year) for year in _REPORT_NAME.findall(text) + _WORK_REVIEWED.findall(text)}


_CHINESE_DATE = LEX.pattern("metadata_chinese_date")
_CHINESE_DIGITS = {ch: str(i) for i, ch in enumerate(LEX.word_list("digits"))} | {
    ch: "0" for ch in LEX.word_list("zero_variants")
}


def arabic_dates(text: str) -> str:
    """Write dates spelled in Chinese numerals with Arabic digits, keeping the length.

    >>> arabic_dates("二0一九年一月十四日在")
    '2019年1月14日在'
    """

    def convert(match: re.Match) -> str:
        import cn2an  # (here: see kg.extract.units)

        year = "".join(_CHINESE_DIGITS[ch] for ch in match.group(1))
        month, day = (str(int(cn2an.cn2an(part, "normal"))) for part in match.groups()[1:])
        return year + _DATE_MARKS[0] + month + _DATE_MARKS[1] + day + _DATE_MARKS[2]

    return _CHINESE_DATE.sub(convert, text)
