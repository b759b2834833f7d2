"""When a sentence's facts are of: the review year's outcomes, the plan year's targets, or neither, from
its section's frame, the years it names and its words (预计, 力争, 同比, 年均); and whether its outcomes are
estimates by the report around it (a section under 预计, a list under 预计 one item to a line).

The words are data (kg/lexicon/zh/patterns.tsv, words.tsv).
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.figure_reading import ESTIMATE  # 预计, 初步预测
from kg.extract.segment import goes_on_from
from kg.extract.years import YEAR_MARK, base_years, report_name_years
from kg.extract.years_of_epochs import five_year_plan_end
from kg.lexicon import LEXICON as LEX
from kg.model import FactKind, Frame, ReportMetadata, Sentence

P = LEX.pattern
_THIS_YEARS_GOALS = P("this_years_goals")
OTHER_YEAR_WORDS = P("other_year_words")
_YEARS_IN_GOAL_OBJECT = P("years_in_goal_object")
_PLAN_END = P("plan_end_point")  # “十一五”期末, 十二五末: the plan's last year, one year
_PLAN_END_OPENING = P("plan_end_opening")  # 预计“十二五”期末,地区生产总值突破550亿元: of the plan's last year
_PLAN_END_BASE = P("plan_end_base")  # 从“十二五”末23121元增加到…: a change's base, not the figures' years
GROWTH_OF_YEARS = P("growth_of_years")  # ,年均增长7.7%: a growth of several years, its words its own
_YEAR = P("year")
_ESTIMATE_STICKY = P("estimate_sticky")
_YEAR_ON_YEAR = P("year_on_year")
_BASE_YEAR_CARRIED = P("base_year_carried")  # 比2012年(下同)增长47.7%
_BASE_PLAN_END_OPENING = P("base_plan_end_opening")  # 与“十五”末相比,…: every growth after it over 2005
_PART_START = P("figure_clause_start")
_FIVE_YEAR_LEVEL = P("five_year_level")
_FIVE_YEAR_AHEAD = P("five_year_ahead")
_FIVE_YEAR_GOAL_MET = P("five_year_goal_met")
_OUTCOME_WORDS, _TARGET_WORDS, _TARGET_MODALS = P("outcome_words"), P("target_words"), P("target_modals")
_EXPECTED_GROWTH = P("expected_growth")
_LAST_YEAR_OPENING = P("last_year_opening")  # “去年,我市城镇化率提升至61.2%
# 前三季度,全市实现生产总值461.8亿元: a sentence of part of a year (a news report's latest figures)
PART_OF_YEAR = P("part_of_year")  # 前三季度,全市实现生产总值461.8亿元: of that part, not of the year
_ZONE_SUBJECT = P("zone_subject")  # 天易经开区实现…: a sentence of a development zone's figures
# 未来五年实现地区生产总值年均增长7%以上,…;居民人均可支配收入超过9万元: the years ahead, every clause of it
_YEARS_AHEAD_OPENING = P("years_ahead_opening")
_LIST_GOES_ON = tuple(LEX.word_list("list_goes_on_marks"))  # ; at a line's end: the sentence goes on
_CLAUSE_BREAK = P("figure_clause_start")  # , ; and the like, where a modal's reach ends
_OPENS_WITH_AMONG = P("opens_with_among")  # 其中: the sentence lists items of the one before


def timed_sentences(
    sentences: list[Sentence], meta: ReportMetadata
) -> Iterator[tuple[Sentence, FactKind | None, int | None, bool]]:
    """Each sentence of a report with what its facts are of (kind and year, or None) and whether
    they are estimates by their context, as the report around it says (``kg explain`` shows the same)."""
    sticky_estimate_section: str | None = None
    # where a line under 预计 ended with ;: its sentence goes on to the next line (预计,地区生产总值增长8%;
    # / 财政收入增长10%;), and so does the estimate
    estimate_runs_to = -2
    timed: tuple[Sentence, FactKind, int] | None = None  # the last sentence that had a time
    # where a paragraph that opens with part of the year has run to so far (2009年一季度经济企稳回暖…。第一季度全区
    # GDP实现337.43亿元…。固定资产投资…增长1.4%。: the sentences after it that name no year of their own, and no
    # estimate of the year, are of the quarter too; not after 前三季度… in the middle of a paragraph)
    part_of_year_to, last_end = -1, -1
    for sentence in sentences:
        if _ESTIMATE_STICKY.search(sentence.text):
            sticky_estimate_section = sentence.section
        opens_paragraph, last_end = sentence.start != last_end, sentence.end
        # (a sentence of part of the year is never of the year, not even in a paragraph that goes on with the year's)
        part_of_year = bool(PART_OF_YEAR.match(sentence.text))
        if part_of_year:
            part_of_year_to = sentence.end if opens_paragraph or sentence.start == part_of_year_to else -1
        elif sentence.start == part_of_year_to and not (YEAR_MARK in sentence.text or ESTIMATE.search(sentence.text)):
            part_of_year, part_of_year_to = True, sentence.end
        # (nor one that opens with the years ahead, though it goes on from one of the year: 未来五年…)
        if part_of_year or _YEARS_AHEAD_OPENING.match(sentence.text):
            yield sentence, None, None, False
            continue
        kind, year = _time_of_a_whole_year_sentence(sentence, meta)
        if kind is None and timed is not None and goes_on_from(timed[0], sentence):
            kind, year = timed[1], timed[2]
        elif (
            timed is not None
            and kind is not FactKind.TARGET  # (its own words may say it is a goal: 其中,地区生产总值预期增长6.5%)
            and _OPENS_WITH_AMONG.match(sentence.text)
            and sentence.start == timed[0].end
            and YEAR_MARK not in sentence.text
        ):
            # 阐述了2019年淄博市经济社会发展的预期目标建议。其中地区生产总值增长6.5%左右,…: the items of the
            # sentence before, of its time where it names none of its own
            kind, year = timed[1], timed[2]
        if kind is None or year is None:
            yield sentence, None, None, False
            continue
        timed = (sentence, kind, year)
        estimated_context = kind is FactKind.OUTCOME and (
            bool(ESTIMATE.search(sentence.section))
            or sticky_estimate_section == sentence.section
            or sentence.start == estimate_runs_to + 1
        )
        if sentence.text.endswith(_LIST_GOES_ON) and (estimated_context or ESTIMATE.search(sentence.text)):
            estimate_runs_to = sentence.end
        yield sentence, kind, year, estimated_context


def sentence_time(sentence: Sentence, meta: ReportMetadata) -> tuple[FactKind | None, int | None]:
    """Whether a sentence states outcomes of the review year, targets of the plan year, or neither."""
    if PART_OF_YEAR.match(sentence.text) or _YEARS_AHEAD_OPENING.match(sentence.text):
        return None, None
    return _time_of_a_whole_year_sentence(sentence, meta)


def _time_of_a_whole_year_sentence(sentence: Sentence, meta: ReportMetadata) -> tuple[FactKind | None, int | None]:
    """``sentence_time`` of a sentence already known not to be of part of the year, nor of the years ahead
    (timed_sentences and sentence_time have asked)."""
    review, plan = meta.review_year, meta.plan_year
    if review is None or plan is None:
        return None, None
    text = sentence.text
    if _ZONE_SUBJECT.match(text):  # (a park's figures: 天易经开区实现…;完成地区生产总值…)
        return None, None
    # every year is written with 年: most sentences have none, and a substring test is cheap.
    # In the plan part the review year named as a base is only the base (粮食产量高于2020年水平 plans 2021).
    kept_bases = {plan} if sentence.frame is Frame.PLAN else {review, plan}
    years = {int(y) for y in _YEAR.findall(text)} if YEAR_MARK in text else set()
    if years:  # the bases are looked for only in a sentence that names a year
        years -= (base_years(text) - kept_bases) | report_name_years(text)
    plan_end = _PLAN_END_OPENING.match(text)
    if plan_end:
        years.add(five_year_plan_end(plan_end.group("plan")))
    if any(y > plan for y in years):  # 到2025年…: a goal beyond the plan year
        return None, None
    if years:
        if plan in years and review not in years:
            return FactKind.TARGET, plan
        if review in years and plan not in years:
            # in the plan part only a sentence that says it states last year's results does
            # (a news summary's goals come first: …主要预期目标:… 。据介绍,2014年甘肃省实现生产总值…)
            states_results = ESTIMATE.search(text) or (_OUTCOME_WORDS.search(text) and not _TARGET_WORDS.search(text))
            return (FactKind.OUTCOME, review) if sentence.frame is not Frame.PLAN or states_results else (None, None)
        if not years & {review, plan}:
            return None, None
    if sentence.frame is Frame.PLAN:
        # (not one that opens with an estimate and names no year: 2022年一季度,…经济运行逆势上扬。初步预计,
        # 地区生产总值增长7%以上 under a news page's goals, the quarter's figures)
        opening = ESTIMATE.search(text, 0, 6)
        return (None, None) if opening and not years else (FactKind.TARGET, plan)
    if sentence.frame is Frame.REVIEW:
        # a news summary's review that gives this year's goals in passing (今年…主要预期目标也定了,其中…;
        # 今年铜川计划完成固定资产投资400亿以上), not one that says they were met (今年确定的主要预期目标全面完成)
        goals = _THIS_YEARS_GOALS.search(text)
        if goals and not (_OUTCOME_WORDS.search(text, 0, goals.start()) or _OUTCOME_WORDS.search(text, goals.end())):
            return FactKind.TARGET, plan
        # (nor, before any heading, a line that says it is a goal and nothing that states results: a news
        # page's subheading 目标:地区生产总值增长7%以上 over the goals it quotes)
        if not sentence.section and _TARGET_WORDS.match(text) and not _OUTCOME_WORDS.search(text):
            return FactKind.TARGET, plan
        # (nor a growth said to be expected where nothing states results: 镇江市对2019年仍确定了较高的预期
        # 目标。其中,地区生产总值预期增长6.5%)
        if _EXPECTED_GROWTH.search(text) and not (_OUTCOME_WORDS.search(text) or ESTIMATE.search(text)):
            return FactKind.TARGET, plan
        return FactKind.OUTCOME, review
    if sentence.frame is Frame.MULTI_YEAR:
        # A five-year review still gives last year's figures where it compares with the year before.
        if _YEAR_ON_YEAR.search(text) and not OTHER_YEAR_WORDS.search(text):
            return FactKind.OUTCOME, review
        # 达到1.5万亿元 at the end of a five-year review is the review year's level (see levels_only)
        if _FIVE_YEAR_LEVEL.search(text) and not _speaks_of_years_ahead(sentence.section + text):
            return FactKind.OUTCOME, review
        # (and one that opens with last year: 去年城镇居民可支配收入26500元 in a news item's five years)
        return (FactKind.OUTCOME, review) if _LAST_YEAR_OPENING.match(text) else (None, None)
    if _LAST_YEAR_OPENING.match(text):
        return FactKind.OUTCOME, review
    outcome, modal = _OUTCOME_WORDS.search(text), _TARGET_MODALS.search(text)
    # (报告提出了今年高明一系列经济社会发展主要目标,包括…,力争取得更好成绩;…完成…: this year's goals, stated
    # before any word of results)
    goals = _THIS_YEARS_GOALS.search(text)
    if goals and not (outcome and outcome.start() < goals.start()):
        return FactKind.TARGET, plan
    # 力争实现地区生产总值增长10%以上: a goal, though 实现 also states results; not where the modal's clause
    # ends before it (全市干部群众艰苦努力、共同奋斗,确保…目标的实现,完成生产总值2846.8亿元,同比增长8.8%)
    governed = (
        outcome is not None
        and modal is not None
        and modal.start() < outcome.start()
        and not _CLAUSE_BREAK.search(text, modal.end(), outcome.start())
    )
    if outcome and not governed:
        return FactKind.OUTCOME, review
    return (FactKind.TARGET, plan) if modal or _TARGET_WORDS.search(text) else (None, None)


def _speaks_of_years_ahead(text: str) -> bool:
    """Whether a five-year section's sentence speaks of the years ahead (未来五年, 目标), not of a goal
    it says was met (提前两年实现“十一五”规划目标: a review's words)."""
    met = [found.span() for found in _FIVE_YEAR_GOAL_MET.finditer(text)]
    return any(not any(s <= word.start() < e for s, e in met) for word in _FIVE_YEAR_AHEAD.finditer(text))


def levels_only(sentence: Sentence, kind: FactKind, year: int) -> bool:
    """A sentence of a five-year review read for the review year's levels (达到1.5万亿元) though it
    names no year and compares with no year before: its growth figures are of five years (增长19.8%). So
    is one that names the year but compares with the plan's start (2020年,全县完成地区生产总值233亿元、
    较“十二五”末增长27%,…城乡居民人均可支配收入达到38504元、15326元,分别增长38.4%、49%)."""
    text = sentence.text
    if kind is not FactKind.OUTCOME or sentence.frame is not Frame.MULTI_YEAR:
        return False
    year_on_year, first_other = bool(_YEAR_ON_YEAR.search(text)), OTHER_YEAR_WORDS.search(text)
    if f"{year}{YEAR_MARK}" in text:
        # (not where it says a growth is year-on-year, 同比: that growth is the year's)
        return first_other is not None and not year_on_year
    # (nor where it compares with the year before first, and only then with the plan's start:
    # 一般预算收入15.18亿元,比上年增长17.5%,比2000年增长1.37倍,五年年均增长18.8%)
    return not (year_on_year and (first_other is None or _YEAR_ON_YEAR.search(text, 0, first_other.start())))


def years_words_reach(text: str, start: int, end: int, year: int | None = None) -> bool:
    """Words of several years between ``start`` and ``end`` other than those of a growth of several
    years, which are that growth's own: in 2021年,完成地区生产总值669.8亿元、五年年均增长5.7%,财政总收入90.7亿元、
    年均增长7.7%, the revenue's 90.7亿元 is the year's; nor those of a goal to meet (完成“十四五”考核目标);
    nor the end of a plan that is ``year`` (“十一五”期末,全区完成生产总值249.1亿元, of 2010), nor one a change
    starts from (从“十二五”末23121元增加到34274元)."""
    word = OTHER_YEAR_WORDS.search(text, start, end)
    if word is None:  # (most names: no word of several years at all)
        return False
    growths = [found.span() for found in GROWTH_OF_YEARS.finditer(text, start, end)]
    growths += [found.span() for found in _YEARS_IN_GOAL_OBJECT.finditer(text, start, end)]  # (完成“十四五”考核目标)
    growths += [found.span() for found in _PLAN_END_BASE.finditer(text, start, end)]
    growths += [
        found.span()
        for found in _PLAN_END.finditer(text, start, end)
        if five_year_plan_end(found.group("plan")) == year
    ]
    while word is not None:
        if not any(s <= word.start() < e for s, e in growths):
            return True
        word = OTHER_YEAR_WORDS.search(text, word.end(), end)
    return False


def over_another_base(text: str, growth_span: tuple[int, int] | None, year: int) -> bool:
    """Whether the growth at ``growth_span`` is over a year other than the one before ``year``: the last
    such base named before it (全县生产总值340亿元,比2012年(下同)增长47.7% in a review of 2015; not
    2021年全市生产总值比2020年增长9.5%), or a plan's end that opens the sentence (与“十五”末相比,2010年全市
    生产总值完成890.1亿元,增长62%: over 2005)."""
    if not growth_span:
        return False
    growth_start = growth_span[0]
    for base in reversed(list(_BASE_YEAR_CARRIED.finditer(text, 0, growth_start))):
        # a base carried on (下同), one in the growth's own clause, or one a clause before when no
        # base of the year before comes between (比2015年增加98天;空气综合指数和PM2.5平均浓度分别下降46.7%
        # 和55.79%: falls since 2015; not 比2009年翻1.2番,同比增长26%)
        if (
            base.group(0).endswith(")")
            or not _PART_START.search(text, base.end(), growth_start)
            or not _YEAR_ON_YEAR.search(text, base.end(), growth_start)
        ):
            return int(base.group(1)) != year - 1
    opening = _BASE_PLAN_END_OPENING.match(text)
    return opening is not None and five_year_plan_end(opening.group("plan")) != year - 1
