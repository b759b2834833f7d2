"""Split normalised report text into headed sections and sentences, and tell which
part reviews the past year and which plans the next.

Headings are numbered many ways (一、 (一) 第一部分 1.) or not at all (news
summaries: a short line with no final punctuation). A heading that carries a
review cue (回顾, 过去一年, 2023年工作) or a plan cue (安排, 目标任务, 主要预期目标)
switches the frame for what follows; the years are needed to read "2024年工作"
as review or plan, so framing takes them as arguments.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.years import YEAR_MARK
from kg.lexicon import LEXICON as LEX
from kg.model import Frame, Section, Sentence

_SENTENCE = re.compile(r"[^。!?\n]+[。!?]*[”’\"]?")
# A clause after ; that opens with a time of its own starts a sentence of its own (…完成850.2亿元;2015年拟定
# 预期生产总值增长11%): its figures are of that year, the clauses before it of theirs
_NEW_TIME_CLAUSE = LEX.pattern("segment_new_time_clause")

_NUMBERED_HEADING = LEX.pattern("segment_numbered_heading")
_EXCLAIMED_SUBHEADING = LEX.pattern("exclaimed_subheading")  # 这些目标,催人奋进!
_HEADING_MAX = 48

_REVIEW_CUE = LEX.pattern("segment_review_cue")
_PLAN_CUE = LEX.pattern("segment_plan_cue")
_MULTI_YEAR_CUE = LEX.pattern("segment_multi_year_cue")
_YEAR_HEADING = LEX.pattern("segment_year_heading")
# Inside running text: "今年经济社会发展的主要预期目标是" opens the plan part; "刚刚过去的2025年" opens
# last year's figures inside a five-year review; "五年来" opens a five-year stretch inside a yearly one.
_INLINE_PLAN_OPENER = LEX.pattern("segment_inline_plan_opener")
_INLINE_REVIEW_OPENER = LEX.pattern("segment_inline_review_opener")
_INLINE_MULTI_YEAR_OPENER = LEX.pattern("segment_inline_multi_year_opener")
_REVIEW_YEAR_IN_LINE = LEX.pattern("segment_review_year_in_line")
_INLINE_PLAN_PERIOD_OPENER = LEX.pattern("segment_inline_plan_period_opener")
_NEWS_REVIEW_PHRASE, _NEWS_LEAD = LEX.pattern("segment_news_review_phrase"), LEX.pattern("segment_news_lead")
_REVIEW_PARAGRAPH = LEX.pattern("segment_review_paragraph")
_HEADLINE_REVIEW_PARAGRAPH = LEX.pattern("segment_headline_review_paragraph")
# A scraper's header (标题:… 发文单位:…) names the report, not a part of it.
_HEADER_LINE, _HEADER_TITLE = LEX.pattern("segment_header_line"), LEX.pattern("segment_header_title")
_YEAR_WORK = LEX.pattern("segment_year_work")
_BARE_YEAR_HEADING = LEX.pattern("segment_bare_year_heading")
_REPORT_NAME = LEX.pattern("years_report_name")
_HEADING_DATE = LEX.pattern("segment_heading_date")
_GOAL_WORD = LEX.word_list("goal_words")[0]
_NAMES_A_YEAR = LEX.pattern("segment_names_a_year")
_LIST_GOES_ON = tuple(LEX.word_list("list_goes_on_marks"))  # ; at a line's end: the list goes on
_STATES_FIGURES = LEX.pattern("segment_states_figures")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text[start:end]``, split at 。!? and line breaks."""
    end = len(text) if end is None else end
    spans = []
    for match in _SENTENCE.finditer(text, start, end):
        s, e = match.span()
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        cut = s
        if text.find(";", s, e) >= 0:
            for clause in _NEW_TIME_CLAUSE.finditer(text, s, e):
                if clause.start() - cut >= 2:
                    spans.append((cut, clause.start()))
                    cut = clause.start()
        if e - cut >= 2:
            spans.append((cut, e))
    return spans


def heading_level(line: str) -> int | None:
    """1 for a top-level heading, 2 for a sub-heading, 3 for a bare short line, None for body text."""
    if len(line) > _HEADING_MAX:
        return None
    numbered = _NUMBERED_HEADING.match(line)
    if numbered:
        # "(一)科学高效防控疫情。始终坚持..." is a paragraph that starts with a numbered lead; and a line
        # that ends as a list item does is one (报告分为三部分: / 一、2019年工作回顾; / 二、奋力做好2020年工作;)
        if "。" in line[:-1] or line[-1] in ";,、":
            return None
        return 1 if numbered.group("top") else 2
    # (a news post's short exclaimed subheading is one: 这份成绩单,分量十足! / 这些目标,催人奋进!)
    if len(line) < 4 or line[-1] in "。?;,、" or (line[-1] == "!" and not _EXCLAIMED_SUBHEADING.match(line)):
        return None
    if line[-1] == ":" and not (_REVIEW_CUE.search(line) or _PLAN_CUE.search(line) or _YEAR_HEADING.match(line)):
        return None
    return 3


def line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def heading_frame(heading: str, review_year: int | None, plan_year: int | None) -> Frame | None:
    """The frame a heading opens, or None when it says nothing about time."""
    # (not the year of the report's name, which a copy glues to its headings: 一、2021年主要工作和过去五年
    # 发展成效2022年嘉兴市平湖市政府工作报告 reviews 2021)
    # nor a day's date, the day it was delivered: (浙江省)江山市人民政府工作报告(2025年1月23日)
    undated = _HEADING_DATE.sub("", heading)
    years = {int(y) for y in _YEAR_WORK.findall(undated) + _BARE_YEAR_HEADING.findall(undated)}
    years -= {int(y) for y in _REPORT_NAME.findall(undated)}
    if _REVIEW_CUE.search(heading) or (review_year in years and plan_year not in years):
        if _MULTI_YEAR_CUE.search(heading) and review_year not in years:
            return Frame.MULTI_YEAR
        return Frame.REVIEW
    if _MULTI_YEAR_CUE.search(heading) and not years & {review_year, plan_year}:
        return Frame.MULTI_YEAR
    if _PLAN_CUE.search(heading) or (plan_year in years and review_year not in years):
        return Frame.PLAN
    return None


def find_sections(text: str, review_year: int | None, plan_year: int | None) -> list[Section]:
    """Sections of the text, each with the frame its heading (or an earlier one) opened."""
    sections: list[Section] = []
    frame = Frame.UNKNOWN
    heading, level, start = "", 0, 0
    named_a_year = False  # whether a line of the body so far has named a year
    for line_start, line_end in line_spans(text):
        line = text[line_start:line_end]
        if _HEADER_LINE.match(line) or _HEADER_TITLE.search(line, max(0, len(line) - 14)):
            continue
        opening, named_a_year = not named_a_year, named_a_year or bool(_YEAR_WORK.search(line))
        line_level = heading_level(line)
        if line_level is None:
            # a news report under a headline of the plan goes back to last year where its lead says so
            # (…作工作报告。报告指出,过去的一年实现地区生产总值415亿元); a report's own plan part never does
            back = _news_back_to_review(line, review_year, level == 3) if frame is Frame.PLAN else None
            if back is not None:
                sections.append(Section(start, line_start + back[0], heading, frame, level))
                heading, level, start, frame = line[back[0] : back[1]], 0, line_start + back[0], Frame.REVIEW
                continue
            opener = _INLINE_PLAN_OPENER.search(line)
            if opener and frame is not Frame.PLAN and _opens_year_plan(line[: opener.start()], frame, plan_year):
                sections.append(Section(start, line_start + opener.start(), heading, frame, level))
                heading, level, start, frame = line[: opener.end()], 0, line_start + opener.start(), Frame.PLAN
                continue
            inline_frame = _inline_frame(line, frame, review_year, opening)
            if inline_frame is not None:
                sections.append(Section(start, line_start, heading, frame, level))
                heading, level, start, frame = line[:16], 0, line_start, inline_frame
                year_at = _review_year_in_line(line, review_year) if frame is Frame.MULTI_YEAR else None
                if year_at is not None:  # (…过去四年,…新跨越。2016年,我市…: the year's review in the same line)
                    sections.append(Section(start, line_start + year_at, heading, frame, level))
                    heading, start, frame = line[year_at : year_at + 16], line_start + year_at, Frame.REVIEW
            continue
        new_frame = heading_frame(line, review_year, plan_year)
        # Only top-level or unnumbered headings switch frames; a sub-heading may open the plan's goals.
        if new_frame is not None and (line_level != 2 or new_frame is Frame.PLAN and _GOAL_WORD in line):
            sections.append(Section(start, line_start, heading, frame, level))
            heading, level, start, frame = line, line_level, line_start, new_frame
    sections.append(Section(start, len(text), heading, frame, level))
    sections = [s for s in sections if s.end > s.start]
    # Reports review before they plan: unframed text ahead of the first plan section is review.
    first_plan = next((i for i, s in enumerate(sections) if s.frame is Frame.PLAN), None)
    if first_plan is not None:
        sections = [
            replace(s, frame=Frame.REVIEW) if i < first_plan and s.frame is Frame.UNKNOWN else s
            for i, s in enumerate(sections)
        ]
    return sections


def _inline_frame(line: str, frame: Frame, review_year: int | None, opening: bool = False) -> Frame | None:
    """A paragraph that switches between last year's review and a five-year review, or opens the
    review where no heading has framed the text and no line before it has named a year (一年来,在省委…的
    坚强领导下: a news page's summary of the year; not after 2022年,果洛州实现…, where 一年来 only sums up
    and the goals may follow with no year)."""
    if frame is Frame.UNKNOWN and _INLINE_MULTI_YEAR_OPENER.match(line):
        return Frame.MULTI_YEAR  # (a news item quoting the report: “这五年,扬州全市GDP连续迈上…)
    if frame is Frame.UNKNOWN and opening:
        opener = _INLINE_REVIEW_OPENER.match(line)
        # (not 2019年,是…: a summary's paragraphs may each name their own year)
        if opener and opener.group("opening") is None and opener.group("just_past") in (None, str(review_year)):
            return Frame.REVIEW
    elif frame is Frame.MULTI_YEAR:
        opener = _INLINE_REVIEW_OPENER.match(line)
        if opener:
            year = opener.group("just_past") or opener.group("opening")
            if year is None or int(year) == review_year:
                return Frame.REVIEW
    elif frame is Frame.REVIEW and (_INLINE_MULTI_YEAR_OPENER.match(line) or _INLINE_PLAN_PERIOD_OPENER.match(line)):
        return Frame.MULTI_YEAR
    return None


def _review_year_in_line(line: str, review_year: int | None) -> int | None:
    """Where a sentence that opens with the review year starts inside a line that opened a five-year
    review (报告指出,过去四年,…实现了经济社会发展的新跨越。…。2016年,我市以工业经济为主导…), if one does."""
    for found in _REVIEW_YEAR_IN_LINE.finditer(line):
        if found.group("year") == str(review_year):
            return found.start() + 1
    return None


def _news_back_to_review(line: str, review_year: int | None, under_headline: bool) -> tuple[int, int] | None:
    """Where a news report's lead and a year in review start and end in a line (报告指出,过去的一年…), or
    a year in review that opens the line (去年,…; 2016年,… of a review of 2016; 过去的一年,… under a
    headline, not a numbered part)."""
    paragraph = _REVIEW_PARAGRAPH.match(line) or (under_headline and _HEADLINE_REVIEW_PARAGRAPH.match(line))
    if paragraph and paragraph.groupdict().get("review_year") in (None, str(review_year)):
        return 0, paragraph.end()
    for phrase in _NEWS_REVIEW_PHRASE.finditer(line):
        lead = _NEWS_LEAD.search(line, max(0, phrase.start() - 20), phrase.start())
        if lead and phrase.group("just_past") in (None, str(review_year)):
            return lead.start(), phrase.end()
    return None


def _opens_year_plan(lead: str, frame: Frame, plan_year: int | None) -> bool:
    """Whether an inline 主要目标是 opens the plan year's goals, from the words that lead up to it."""
    # in a five-year section, 《纲要(草案)》提出了“十一五”时期全省经济社会发展的主要目标: lists the plan's
    # five-year goals (全部财政收入力争达到2000亿元左右 is for the last year of the plan, not this one)
    if frame is Frame.MULTI_YEAR and _MULTI_YEAR_CUE.search(lead):
        return False
    return not _names_other_year(lead, plan_year)


def _names_other_year(text: str, plan_year: int | None) -> bool:
    years = {int(y) for y in _YEAR_WORK.findall(text)}
    return bool(years) and plan_year not in years


def segment(text: str, review_year: int | None, plan_year: int | None) -> tuple[list[Section], list[Sentence]]:
    """Sections and framed sentences of a normalised report."""
    sections = find_sections(text, review_year, plan_year)
    sentences: list[Sentence] = []
    for section in sections:
        for s, e in split_sentences(text, section.start, section.end):
            sentences.append(Sentence(s, e, text[s:e], section.frame, section.heading))
    return sections, sentences


def with_frame(sentence: Sentence, frame: Frame) -> Sentence:
    return replace(sentence, frame=frame)


def goes_on_from(before: Sentence, sentence: Sentence) -> bool:
    """Whether a sentence with no heading over it and no year of its own goes on with the one before it
    in its paragraph (2019年,…全县生产总值完成40.94亿元。…农村居民人均可支配收入9847元,增长10.8%。): a news
    summary's paragraph of figures names its year once. A span of years is no year of its own (港口吞吐量突破3亿吨,
    相当于三年再造一个亿吨大港). So does the next line after a line that ends with ; (预计完成本区生产总值418亿元,
    增长13%; / 全口径财政收入59.57亿元,增长15%;, one item of a list to a line) or that states figures
    (预计地区生产总值360亿元、增长8.5%…。 / 全社会固定资产投资172亿元、增长13%…。, a news page's paragraphs one to
    a line), not a line that only names the year (a dateline: ——2016年12月28日在台州市…会议上)."""
    adjacent = sentence.start == before.end or (
        sentence.start == before.end + 1
        and (before.text.endswith(_LIST_GOES_ON) or bool(_STATES_FIGURES.search(before.text)))
    )
    return (
        sentence.frame is Frame.UNKNOWN
        and before.frame is Frame.UNKNOWN
        and adjacent
        and (YEAR_MARK not in sentence.text or not _NAMES_A_YEAR.search(sentence.text))
    )
