"""Indicator fact extraction on the sentence shapes real reports use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.facts import FactExtractor, mint_indicator, read_figures
from kg.model import Comparator, FactKind, Frame, Measure, ReportMetadata, Sentence
from kg.ontology import indicator_catalogue

META = ReportMetadata(review_year=2023, plan_year=2024)


@pytest.fixture(scope="module")
def extractor() -> FactExtractor:
    return FactExtractor(indicator_catalogue())


def facts(extractor, text, frame=Frame.PLAN, section=""):
    return extractor.extract([Sentence(0, len(text), text, frame, section)], META)


def one(extractor, text, notation, measure, frame=Frame.PLAN):
    found = [f for f in facts(extractor, text, frame) if f.indicator.notation == notation and f.measure is measure]
    assert len(found) == 1, [(f.indicator.notation, f.measure, f.value) for f in facts(extractor, text, frame)]
    return found[0]


def test_growth_with_about(extractor):
    fact = one(extractor, "全区生产总值增长6%左右。", "GDP", Measure.GROWTH)
    assert (fact.kind, fact.year, fact.value, fact.unit, fact.comparator) == (
        FactKind.TARGET,
        2024,
        Decimal(6),
        "%",
        Comparator.ABOUT,
    )


def test_decline_is_negative_growth(extractor):
    fact = one(
        extractor,
        "一般公共预算总收入100亿元、下降2.2%。",
        "GeneralPublicBudgetTotalRevenue",
        Measure.GROWTH,
        Frame.REVIEW,
    )
    assert fact.value == Decimal("-2.2") and fact.kind is FactKind.OUTCOME and fact.year == 2023


def test_level_and_growth_in_one_clause_with_estimate(extractor):
    text = "预计全区生产总值580亿元、增长7.5%,一般公共预算收入15.32亿元、增长10%。"
    level = one(extractor, text, "GDP", Measure.LEVEL, Frame.REVIEW)
    growth = one(extractor, text, "GeneralPublicBudgetRevenue", Measure.GROWTH, Frame.REVIEW)
    assert (level.value, level.unit, level.estimated) == (Decimal(580), "亿元", True)
    assert (growth.value, growth.estimated) == (Decimal(10), True)


def test_estimate_applies_only_after_its_word(extractor):
    text = "地区生产总值实现955亿元、预计增长6%。"
    assert one(extractor, text, "GDP", Measure.LEVEL, Frame.REVIEW).estimated is False
    assert one(extractor, text, "GDP", Measure.GROWTH, Frame.REVIEW).estimated is True


def test_a_first_forecast_or_reckoning_is_an_estimate_and_a_first_account_a_result(extractor):
    forecast = "初步预测,全年地区生产总值增长4.5%左右,一般公共预算收入增长10%。"
    assert one(extractor, forecast, "GDP", Measure.GROWTH, Frame.REVIEW).estimated is True
    assert one(extractor, forecast, "GeneralPublicBudgetRevenue", Measure.GROWTH, Frame.REVIEW).estimated is True
    account = "初步核算,全年地区生产总值增长4.5%,一般公共预算收入增长10%。"
    assert one(extractor, account, "GDP", Measure.GROWTH, Frame.REVIEW).estimated is False
    reckoned = "初步测算,地区生产总值1833.9亿元,增长10.1%。"
    assert one(extractor, reckoned, "GDP", Measure.LEVEL, Frame.REVIEW).estimated is True
    counted = "据统计测算,全县地区生产总值增长2%。"
    assert one(extractor, counted, "GDP", Measure.GROWTH, Frame.REVIEW).estimated is False


def test_estimate_carried_by_xiatong(extractor):
    sentences = [
        Sentence(0, 30, "全市完成地区生产总值1645亿元、增长4%(预计数,下同)。", Frame.REVIEW, "回顾"),
        Sentence(40, 60, "外贸出口增长15%。", Frame.REVIEW, "回顾"),
    ]
    found = {f.indicator.notation: f for f in extractor.extract(sentences, META)}
    assert found["ExportValue"].estimated is True
    # and by a footnote that says all the year's figures are estimates
    sentences = [
        Sentence(0, 60, "属地地区生产总值增长6.7%1(注1:2023年主要经济指标完成数均为预计数。", Frame.REVIEW, "回顾"),
        Sentence(70, 90, "财政总收入完成487.9亿元,增长5.2%。", Frame.REVIEW, "回顾"),
    ]
    found = {(f.indicator.notation, f.measure): f for f in extractor.extract(sentences, META)}
    assert found["GDP", Measure.GROWTH].estimated is True
    assert found["GeneralPublicBudgetTotalRevenue", Measure.LEVEL].estimated is True


@pytest.mark.parametrize(
    "text,comparator",
    [
        ("新增城镇就业超6100人。", Comparator.AT_LEAST),
        ("外贸进出口总额突破230亿元。", Comparator.AT_LEAST),
        ("新增就业2000人以上。", Comparator.AT_LEAST),
        ("城镇登记失业率控制在4.5%以内。", Comparator.AT_MOST),
        ("城镇新增就业1.9万人。", Comparator.EXACTLY),
    ],
)
def test_comparators(extractor, text, comparator):
    found = [f for f in facts(extractor, text) if f.measure is Measure.LEVEL]
    assert len(found) == 1 and found[0].comparator is comparator


def test_unemployment_rate_percent_is_a_level(extractor):
    fact = one(extractor, "城镇登记失业率控制在4.5%以内。", "UrbanRegisteredUnemploymentRate", Measure.LEVEL)
    assert (fact.value, fact.unit) == (Decimal("4.5"), "%")


def test_range(extractor):
    fact = one(extractor, "地区生产总值增长5%-6%。", "GDP", Measure.GROWTH)
    assert (fact.value, fact.value_max, fact.comparator) == (Decimal(5), Decimal(6), Comparator.BETWEEN)


def test_distributive_list_over_a_compound_name(extractor):
    text = "城乡居民人均可支配收入分别增长9%和9.8%。"
    urban = one(extractor, text, "UrbanPerCapitaDisposableIncome", Measure.GROWTH)
    rural = one(extractor, text, "RuralPerCapitaDisposableIncome", Measure.GROWTH)
    assert (urban.value, rural.value) == (Decimal(9), Decimal("9.8"))


def test_distributive_list_over_two_names(extractor):
    text = "城镇和农村居民人均可支配收入分别增长5.5%、7%。"
    assert one(extractor, text, "UrbanPerCapitaDisposableIncome", Measure.GROWTH).value == Decimal("5.5")
    assert one(extractor, text, "RuralPerCapitaDisposableIncome", Measure.GROWTH).value == Decimal(7)


def test_listed_names_share_one_figure(extractor):
    text = "一般公共预算总收入和一般公共预算收入均增长6%。"
    assert one(extractor, text, "GeneralPublicBudgetTotalRevenue", Measure.GROWTH).value == Decimal(6)
    assert one(extractor, text, "GeneralPublicBudgetRevenue", Measure.GROWTH).value == Decimal(6)


def test_chinese_numerals(extractor):
    fact = one(extractor, "新增城镇就业八千人。", "NewUrbanJobs", Measure.LEVEL)
    assert (fact.value, fact.unit) == (Decimal(8000), "人")


def test_qualitative_goal_with_reference(extractor):
    fact = one(extractor, "居民人均可支配收入与经济增长基本同步。", "PerCapitaDisposableIncome", Measure.QUALITATIVE)
    assert fact.text == "与经济增长基本同步" and fact.reference.notation == "GDP"
    assert not [
        f for f in facts(extractor, "居民人均可支配收入与全区生产总值基本同步增长。") if f.indicator.notation == "GDP"
    ]


def test_task_set_by_the_level_above_is_qualitative(extractor):
    found = facts(extractor, "完成市下达的实际利用外资、进出口总额和节能减排降碳任务。")
    assert {(f.indicator.notation, f.text) for f in found} == {
        ("ForeignInvestmentUtilized", "完成市下达的实际利用外资任务"),
        ("ImportExportTotal", "完成市下达的进出口总额任务"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "“十四五”期间地区生产总值年均增长6.5%。",
        "五年来,地区生产总值累计增长40%。",
        "到2025年,地区生产总值突破1000亿元。",
        "2019年地区生产总值增长7%。",
        "人均地区生产总值增长6%。",
        "第三产业增加值占地区生产总值比重提高1.2个百分点。",
        "GDP等5项主要经济指标增速位列全市第一方阵。",
    ],
)
def test_other_years_averages_shares_and_counts_are_not_facts(extractor, text):
    assert [f for f in facts(extractor, text) if f.indicator.headline] == []


def test_plan_year_named_in_a_review_section_is_a_target(extractor):
    fact = one(extractor, "力争2024年服务业增加值超160亿元。", "ServiceIndustryValueAdded", Measure.LEVEL, Frame.REVIEW)
    assert (fact.kind, fact.year, fact.comparator) == (FactKind.TARGET, 2024, Comparator.AT_LEAST)


def test_other_indicators_are_minted(extractor):
    found = facts(extractor, "力争旅游总收入达到120亿元,增长20%以上。")
    assert {(f.indicator.label, f.measure, f.value) for f in found} == {
        ("旅游总收入", Measure.LEVEL, Decimal(120)),
        ("旅游总收入", Measure.GROWTH, Decimal(20)),
    }
    assert all(not f.indicator.headline for f in found)
    assert mint_indicator("技改投资").notation == "JiGaiTouZi"


def test_read_figures_stops_at_the_next_clause():
    figures = read_figures("地区生产总值增长6%,经营主体增长14%。", 6, 22)
    assert [v for v, _, _ in figures.growth] == [Decimal(6)]


def test_a_shared_out_list_that_does_not_fit_its_names_gives_no_growth(extractor):
    found = facts(extractor, "全年接待游客1071.2万人次,实现旅游收入43.5亿元,分别增长19.5%、48.3%。", Frame.REVIEW)
    assert {(f.indicator.label, f.measure) for f in found} == {("旅游收入", Measure.LEVEL)}


def test_a_project_investment_is_not_an_indicator(extractor):
    assert facts(extractor, "启动投资2.1亿元的晨旭汽车零部件项目。") == []


def test_a_milestone_then_the_exact_figure_keeps_the_exact_one(extractor):
    fact = one(
        extractor,
        "农村居民人均可支配收入首次突破2万元、达到20793元。",
        "RuralPerCapitaDisposableIncome",
        Measure.LEVEL,
        Frame.REVIEW,
    )
    assert (fact.value, fact.unit, fact.comparator) == (Decimal(20793), "元", Comparator.EXACTLY)


def test_levels_shared_out_over_a_list_with_their_growth(extractor):
    text = "城乡居民人均可支配收入分别达到42469元和26000元,分别同比增长5.8%和6.8%。"
    urban = [
        f for f in facts(extractor, text, Frame.REVIEW) if f.indicator.notation == "UrbanPerCapitaDisposableIncome"
    ]
    rural = [
        f for f in facts(extractor, text, Frame.REVIEW) if f.indicator.notation == "RuralPerCapitaDisposableIncome"
    ]
    assert {(f.measure, f.value) for f in urban} == {(Measure.LEVEL, Decimal(42469)), (Measure.GROWTH, Decimal("5.8"))}
    assert {(f.measure, f.value) for f in rural} == {(Measure.LEVEL, Decimal(26000)), (Measure.GROWTH, Decimal("6.8"))}


def test_two_growth_values_after_two_names_are_theirs_by_position(extractor):
    # as many growths as names that took a level each: one name does not take two (the national report of 2010)
    text = "城镇居民人均可支配收入17175元,农村居民人均纯收入5153元,实际增长9.8%和8.5%。"
    growths = {
        (f.indicator.notation, f.value) for f in facts(extractor, text, Frame.REVIEW) if f.measure is Measure.GROWTH
    }
    assert growths == {("UrbanPerCapitaDisposableIncome", Decimal("9.8")), ("RuralPerCapitaNetIncome", Decimal("8.5"))}
    # but two growths under one name are not guessed
    text = "城镇居民人均可支配收入17175元,实际增长9.8%和8.5%。"
    assert not [f for f in facts(extractor, text, Frame.REVIEW) if f.measure is Measure.GROWTH]


def test_from_to_gives_the_end_value(extractor):
    fact = one(
        extractor, "全省生产总值从2017年的3.06万亿元增长到2023年的4.2万亿元。", "GDP", Measure.LEVEL, Frame.REVIEW
    )
    assert (fact.value, fact.unit, fact.year) == (Decimal("4.2"), "万亿元", 2023)


@pytest.mark.parametrize(
    "text,value",
    [
        ("一般公共预算收入可比增长10%以上。", Decimal(10)),
        ("一般公共预算收入同口径增长5.5%左右。", Decimal("5.5")),
        ("一般公共预算收入突破6亿元大关,增长9.3%。", Decimal("9.3")),
    ],
)
def test_qualifier_words_before_the_verb(extractor, text, value):
    assert one(extractor, text, "GeneralPublicBudgetRevenue", Measure.GROWTH).value == value


@pytest.mark.parametrize(
    "text,notation",
    [
        ("全市服务业增加值增长10.1%。", "ServiceIndustryValueAdded"),
        ("基础设施投资增长9.4%,带动固定资产投资增长5.1%。", "FixedAssetInvestment"),
        ("今年经济增长预期目标为7%左右。", "GDP"),
    ],
)
def test_names_after_scope_words_and_verbs(extractor, text, notation):
    assert one(extractor, text, notation, Measure.GROWTH)


def test_a_five_year_clause_does_not_veto_the_goals_before_it(extractor):
    text = "今年发展主要预期目标是:国内生产总值增长5.5%左右;能耗强度目标在“十四五”规划期内统筹考核。"
    assert one(extractor, text, "GDP", Measure.GROWTH).value == Decimal("5.5")


def test_jobs_counted_in_person_times_are_not_new_urban_jobs(extractor):
    assert not [f for f in facts(extractor, "新增就业800人次。") if f.indicator.notation == "NewUrbanJobs"]


def test_a_level_that_qualifies_a_noun_is_not_a_figure(extractor):
    assert facts(extractor, "全部财政收入超10亿元的县达到52个。", Frame.REVIEW) == []


def test_one_value_after_a_list_of_names_applies_to_each(extractor):
    text = "城镇居民人均可支配收入和农民人均纯收入分别增长10%。"
    assert one(extractor, text, "UrbanPerCapitaDisposableIncome", Measure.GROWTH, Frame.REVIEW).value == 10
    assert one(extractor, text, "RuralPerCapitaNetIncome", Measure.GROWTH, Frame.REVIEW).value == 10
    text = "城镇居民和农村居民人均可支配收入均增长8%。"
    assert one(extractor, text, "UrbanPerCapitaDisposableIncome", Measure.GROWTH).value == 8
    assert one(extractor, text, "RuralPerCapitaDisposableIncome", Measure.GROWTH).value == 8


def test_a_level_after_the_growth_and_a_remark_between_figures(extractor):
    text = "国内生产总值增长6.6%,总量突破90万亿元。"
    assert one(extractor, text, "GDP", Measure.LEVEL, Frame.REVIEW).value == 90
    text = "地区生产总值5.5万亿元,稳居全国前十强,增长4.8%。"
    assert one(extractor, text, "GDP", Measure.GROWTH, Frame.REVIEW).value == Decimal("4.8")


def test_qualitative_goals_without_numbers(extractor):
    found = {
        f.indicator.notation: f.text
        for f in facts(extractor, "社会消费品零售总额增长10%左右,外贸出口回稳向好;居民收入增长和经济增长基本同步。")
    }
    assert found["ExportValue"] == "回稳向好"
    assert found["PerCapitaDisposableIncome"] == "增长和经济增长基本同步"
    assert "GDP" not in [f.indicator.notation for f in facts(extractor, "经济增速与用电、货运等实物量指标相匹配。")]


def test_a_spaced_list_is_read_whole(extractor):
    from kg.ingest.normalise import normalise

    text = normalise("城镇、农村居民人均可支配收入分别增长10.4%、 12.5%。").text
    assert one(extractor, text, "RuralPerCapitaDisposableIncome", Measure.GROWTH, Frame.REVIEW).value == Decimal("12.5")


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "全年进出口总值530亿美元,其中出口280亿美元,增长24%。",
            {("ExportValue", Decimal(280)), ("ExportValue", Decimal(24))},
        ),
        ("“新三样”出口规模达8536亿元。", set()),
        ("猕猴桃综合产值增长8.5%、出口增长53.6%。", set()),
    ],
)
def test_bare_export_only_where_a_clause_starts(extractor, text, expected):
    found = {
        (f.indicator.notation, f.value)
        for f in facts(extractor, text, Frame.REVIEW)
        if f.indicator.notation == "ExportValue"
    }
    assert found == expected


def test_ordinal_lists_share_out_their_values(extractor):
    found = {
        (f.indicator.label, f.value) for f in facts(extractor, "第一、第三产业增加值分别增长3.1%、5.1%。", Frame.REVIEW)
    }
    assert found == {("第一产业增加值", Decimal("3.1")), ("第三产业增加值", Decimal("5.1"))}


def test_a_back_reference_keeps_the_level_after_the_growth(extractor):
    fact = one(extractor, "外贸进出口增长8.4%,总额突破8000亿元。", "ImportExportTotal", Measure.LEVEL, Frame.REVIEW)
    assert (fact.value, fact.unit, fact.comparator) == (Decimal(8000), "亿元", Comparator.AT_LEAST)


def test_bare_yi_after_a_money_indicator_is_yuan(extractor):
    fact = one(extractor, "一般公共预算收入超10亿。", "GeneralPublicBudgetRevenue", Measure.LEVEL, Frame.REVIEW)
    # given with its 元, like the indicator's other levels
    assert (fact.value, fact.unit, fact.comparator) == (Decimal(10), "亿元", Comparator.AT_LEAST)


def test_the_main_goals_list_wins_over_another_reading_of_the_same_goal(extractor):
    sentences = [
        Sentence(0, 30, "确保居民人均可支配收入增长与经济增长同步。", Frame.PLAN),
        Sentence(40, 90, "今年经济社会发展主要预期目标是:居民人均可支配收入增长和经济增长基本同步。", Frame.PLAN),
    ]
    found = [f for f in extractor.extract(sentences, META) if f.indicator.notation == "PerCapitaDisposableIncome"]
    assert [f.text for f in found] == ["增长和经济增长基本同步"]


def test_a_paragraph_without_a_heading_names_its_year_once(extractor):
    # a news summary: 2023年 in the paragraph's first sentence; the last states figures with no year
    # and no word of time (完成, 预计), and goes on with the same year
    first = "2023年,全县上下坚持稳中求进。"
    second = "全县生产总值完成40.94亿元,增长7.3%。"
    third = "农村居民人均可支配收入9847元,增长10.8%。"
    text = first + second + third
    cut1, cut2 = len(first), len(first) + len(second)
    sentences = [
        Sentence(0, cut1, first, Frame.UNKNOWN),
        Sentence(cut1, cut2, second, Frame.UNKNOWN),
        Sentence(cut2, len(text), third, Frame.UNKNOWN),
    ]
    found = {(f.indicator.notation, f.measure, f.kind, f.year) for f in extractor.extract(sentences, META)}
    assert ("RuralPerCapitaDisposableIncome", Measure.LEVEL, FactKind.OUTCOME, 2023) in found
    # a line of figures goes on from a line of figures (a news page's paragraphs, one to a line), not from
    # a line that only names the year (a dateline, ——2023年12月28日在…会议上, or 2023年,全县上下坚持稳中求进。)
    apart = [sentences[1], Sentence(cut2 + 1, len(text) + 1, third, Frame.UNKNOWN)]
    found = {(f.indicator.notation, f.kind) for f in extractor.extract(apart, META)}
    assert ("RuralPerCapitaDisposableIncome", FactKind.OUTCOME) in found
    apart = [sentences[0], Sentence(cut1 + 1, cut1 + 1 + len(third), third, Frame.UNKNOWN)]
    assert not extractor.extract(apart, META)


def sentences_of(texts: list[str], frame: Frame, apart: int = 0) -> list[Sentence]:
    """Sentences one after another, ``apart`` characters between them (0: one paragraph)."""
    sentences, start = [], 0
    for text in texts:
        sentences.append(Sentence(start, start + len(text), text, frame))
        start += len(text) + apart
    return sentences


def test_a_span_of_years_does_not_end_a_paragraphs_year(extractor):
    # 三年再造一个亿吨大港 names three years, not a year of its own: the figures after it are 2023's too
    parts = [
        "2023年,全县上下坚持稳中求进。",
        "港口吞吐量突破3亿吨,相当于三年再造一个亿吨大港。",
        "固定资产投资增长20%。",
    ]
    sentences = sentences_of(parts, Frame.UNKNOWN)
    found = {(f.indicator.notation, f.kind, f.year) for f in extractor.extract(sentences, META)}
    assert ("FixedAssetInvestment", FactKind.OUTCOME, 2023) in found
    # a year of its own does end it
    sentences[1] = Sentence(sentences[1].start, sentences[1].end, "今年港口吞吐量突破3亿吨。", Frame.UNKNOWN)
    sentences[2] = Sentence(sentences[1].end, sentences[1].end + len(parts[2]), parts[2], Frame.UNKNOWN)
    found = {(f.indicator.notation, f.kind, f.year) for f in extractor.extract(sentences, META)}
    assert ("FixedAssetInvestment", FactKind.OUTCOME, 2023) not in found


def test_funds_won_do_not_make_a_five_year_sentence_the_review_years(extractor):
    # a five-year total (完成469亿元) stays one; the bare 54.7亿元 after it is funds, not an indicator's level
    text = "五年来,全社会固定资产投资预计完成469亿元、年均增长12.6%,成功对上争取无偿资金54.7亿元。"
    assert facts(extractor, text, Frame.MULTI_YEAR) == []


def test_growths_are_shared_back_only_over_names_that_took_one_level_each(extractor):
    shared = "城镇居民人均可支配收入达17840元,农民人均纯收入达8150元,分别增长11.5%和10.8%。"
    found = {(f.indicator.notation, f.measure, f.value) for f in facts(extractor, shared, Frame.REVIEW)}
    assert ("UrbanPerCapitaDisposableIncome", Measure.GROWTH, Decimal("11.5")) in found
    assert ("RuralPerCapitaNetIncome", Measure.GROWTH, Decimal("10.8")) in found
    # the name before took a growth of its own: the list is not its to share
    own = "城镇居民人均可支配收入增长9%,农民人均纯收入达8150元,分别增长11.5%和10.8%。"
    found = {(f.indicator.notation, f.measure, f.value) for f in facts(extractor, own, Frame.REVIEW)}
    assert ("UrbanPerCapitaDisposableIncome", Measure.GROWTH, Decimal("11.5")) not in found
    # a clause of another kind between them (;)
    apart = "城镇居民人均可支配收入达17840元;农民人均纯收入达8150元,分别增长11.5%和10.8%。"
    found = {(f.indicator.notation, f.measure) for f in facts(extractor, apart, Frame.REVIEW)}
    assert ("UrbanPerCapitaDisposableIncome", Measure.GROWTH) not in found


def test_striving_before_achieving_makes_goals_in_an_unframed_text(extractor):
    # 力争实现: a goal, though 实现 alone would state results; 完成…力争 stays a result
    goal = facts(extractor, "力争实现地区生产总值增长10%以上。", Frame.UNKNOWN)
    assert [(f.kind, f.year) for f in goal] == [(FactKind.TARGET, 2024)]
    result = facts(extractor, "完成地区生产总值90亿元,力争再上台阶。", Frame.UNKNOWN)
    assert [(f.kind, f.year) for f in result] == [(FactKind.OUTCOME, 2023)]


def test_a_name_may_follow_the_reports_own_place_not_another(extractor):
    from kg.places import gazetteer

    meta = ReportMetadata(place=gazetteer().resolve("广东省"), review_year=2023, plan_year=2024)
    text = "2023年广东地区生产总值达到13.57万亿元;深圳地区生产总值增长6%。"
    found = extractor.extract([Sentence(0, len(text), text, Frame.UNKNOWN, "")], meta)
    assert [(f.indicator.notation, f.measure, f.value) for f in found] == [("GDP", Measure.LEVEL, Decimal("13.57"))]


def test_a_list_one_item_to_a_line_goes_on_with_the_year_of_its_first_line(extractor):
    # 2023年…418亿元,增长13%; / 全口径财政收入59.57亿元,增长15%;: the lines after a line that ends with ;
    # are items of one list, and take its time; so is a line of figures after one that ends with 。, in a
    # news page's paragraphs one to a line; not a line that names a year of its own
    lines = [
        "2023年预计完成本区生产总值418亿元,增长13%;",
        "全口径财政收入59.57亿元,增长15%;",
        "固定资产投资220.84亿元。",
    ]
    found = {
        (f.indicator.notation, f.kind, f.year) for f in extractor.extract(sentences_of(lines, Frame.UNKNOWN, 1), META)
    }
    assert ("GeneralPublicBudgetTotalRevenue", FactKind.OUTCOME, 2023) in found
    assert ("FixedAssetInvestment", FactKind.OUTCOME, 2023) in found
    lines = [
        "2023年预计完成本区生产总值418亿元,增长13%。",
        "全口径财政收入59.57亿元,增长15%。",
        "2020年固定资产投资220亿元。",
    ]
    found = {
        (f.indicator.notation, f.kind, f.year) for f in extractor.extract(sentences_of(lines, Frame.UNKNOWN, 1), META)
    }
    assert ("GeneralPublicBudgetTotalRevenue", FactKind.OUTCOME, 2023) in found
    assert not any(notation == "FixedAssetInvestment" for notation, _, _ in found)


def test_a_sentence_that_opens_with_among_lists_items_of_the_one_before(extractor):
    # a news summary's review: the goals announced, then 其中… listing them, which names no year of its own
    texts = [
        "于海田还在报告中阐述了2024年淄博市经济社会发展的预期目标建议。",
        "其中地区生产总值增长6.5%左右,一般公共预算收入增长5%左右。",
    ]
    found = {(f.indicator.notation, f.kind, f.year) for f in extractor.extract(sentences_of(texts, Frame.REVIEW), META)}
    assert found == {("GDP", FactKind.TARGET, 2024), ("GeneralPublicBudgetRevenue", FactKind.TARGET, 2024)}


def test_an_estimate_goes_on_with_a_list_one_item_to_a_line(extractor):
    # 预计,…增长8%; / 财政收入增长10%; / …增长12%。: one sentence over three lines, all of it estimated
    lines = [
        "预计,地区生产总值增长8%;",
        "规上工业增加值增长9%;",
        "固定资产投资增长12%。",
        "社会消费品零售总额增长12%。",
    ]
    sentences = sentences_of(lines, Frame.REVIEW, apart=1)  # one line break between
    estimated = {f.indicator.notation: f.estimated for f in extractor.extract(sentences, META)}
    assert estimated == {
        "GDP": True,
        "IndustrialValueAddedAboveScale": True,
        "FixedAssetInvestment": True,
        "RetailSales": False,  # after the 。 that ends the list
    }


def test_a_five_year_sentence_that_names_the_year_but_compares_with_the_plans_start(extractor):
    # the review year is named, but 较“十三五”末 makes its growths five years': the levels are the year's
    text = (
        "2023年,全县完成地区生产总值233亿元、较“十三五”末增长27%,实现一般公共预算收入16.4亿元;"
        "城乡居民人均可支配收入达到38504元、15326元,分别增长38.4%、49%。"
    )
    found = {(f.indicator.notation, f.measure, f.value) for f in facts(extractor, text, Frame.MULTI_YEAR)}
    assert ("GDP", Measure.LEVEL, Decimal("233")) in found
    assert not [f for f in found if f[1] is Measure.GROWTH]
    # (the growth over the plan's end is a growth of years: its words reach not the revenue after it)
    assert ("GeneralPublicBudgetRevenue", Measure.LEVEL, Decimal("16.4")) in found
    # 累计 reaches over its whole clause there: the foreign investment and trade are five years' too
    text = (
        "2023年,全县生产总值达到77.2亿元;固定资产投资累计完成208.4亿元,实际利用外资5.5亿美元,外贸进出口完成3.7亿美元。"
    )
    found = {f.indicator.notation for f in facts(extractor, text, Frame.MULTI_YEAR)}
    assert found == {"GDP"}
    # but a growth said to be year-on-year is the year's
    text = "预计2023年,全县地区生产总值同比增长5%,顺利实现比2010年翻一番目标;城镇居民人均可支配收入年均增长7.1%。"
    found = {(f.indicator.notation, f.measure, f.value) for f in facts(extractor, text, Frame.MULTI_YEAR)}
    assert ("GDP", Measure.GROWTH, Decimal("5")) in found


def test_a_five_year_sentence_that_compares_with_the_year_before_first(extractor):
    # no year named, 比上年 before any word of several years: that growth is the review year's
    text = "财税收入大幅增加,地方财政一般预算收入15.18亿元,比上年增长17.5%,比2000年增长1.37倍,五年年均增长18.8%。"
    found = {(f.indicator.notation, f.measure, f.value) for f in facts(extractor, text, Frame.MULTI_YEAR)}
    assert found == {
        ("GeneralPublicBudgetRevenue", Measure.LEVEL, Decimal("15.18")),
        ("GeneralPublicBudgetRevenue", Measure.GROWTH, Decimal("17.5")),
    }
    # but where the five years come first, the growth after them is theirs
    text = "五年来,地方财政一般预算收入达到15.18亿元,年均增长18.8%,比上年增长17.5%。"
    found = {(f.indicator.notation, f.measure) for f in facts(extractor, text, Frame.MULTI_YEAR)}
    assert found == {("GeneralPublicBudgetRevenue", Measure.LEVEL)}


def test_a_goal_line_before_any_heading_is_a_goal(extractor):
    # a news page's subheading over the goals it quotes, where no heading frames the text
    (found,) = facts(extractor, "目标:地区生产总值增长7%以上", frame=Frame.REVIEW)
    assert (found.kind, found.year, found.value) == (FactKind.TARGET, META.plan_year, Decimal("7"))
    # under a heading of the review, the same words review (目标 met: a result)
    (under,) = facts(extractor, "目标:地区生产总值增长7%以上", frame=Frame.REVIEW, section="一、过去一年工作回顾")
    assert under.kind is FactKind.OUTCOME
    # and a line that states results stays one
    (result,) = facts(extractor, "目标任务完成较好,地区生产总值同比增长7%", frame=Frame.REVIEW)
    assert result.kind is FactKind.OUTCOME


def test_a_figure_stated_twice_is_an_estimate_where_one_statement_says_so(extractor):
    # a news page's headline leaves out the 预计 its article says
    headline = "江苏镇江市2023年GDP增长3%"
    article = "据报道,镇江2023年预计实现地区生产总值4050亿元,增长3%。"
    sentences = [
        Sentence(0, len(headline), headline, Frame.REVIEW, ""),
        Sentence(len(headline) + 1, len(headline) + 1 + len(article), article, Frame.REVIEW, ""),
    ]
    growth = [f for f in extractor.extract(sentences, META) if f.measure is Measure.GROWTH]
    assert [(f.value, f.estimated, len(f.sentences)) for f in growth] == [(Decimal(3), True, 2)]


def test_an_estimate_inside_a_rise_from_one_level_to_another_marks_the_end_level():
    # (a five-year review: 规模以上工业增加值由32亿元预计增加到68亿元, the year's level an estimate)
    figures = read_figures("由32亿元预计增加到68亿元,五年翻了一番多。", 0, 30)
    assert figures.levels[0].value == Decimal("68") and figures.level_estimated
    assert not read_figures("由32亿元增加到68亿元。", 0, 20).level_estimated


def test_a_sentence_that_opens_with_the_years_ahead_does_not_go_on_with_the_year(extractor):
    # a news summary's 2023 figures, then the five years ahead: 超过9万元 is no outcome of 2023
    parts = [
        "2023年,全区地区生产总值增长5%。",
        "未来五年,全区将持续提升城区能级。",
        "未来五年实现地区生产总值年均增长7%以上;居民人均可支配收入超过9万元。",
    ]
    found = {(f.indicator.notation, f.year) for f in extractor.extract(sentences_of(parts, Frame.UNKNOWN), META)}
    assert found == {("GDP", 2023)}


def test_a_five_year_sentence_that_opens_with_last_year(extractor):
    # a news item's five years, then last year's figures: the review year's, levels and growths
    text = "去年城镇居民可支配收入26500元,农民人均纯收入10800元,分别增长12.5%和19%,年均分别增长8.7%和16.2%。"
    found = {(f.indicator.notation, f.measure, f.value) for f in facts(extractor, text, Frame.MULTI_YEAR)}
    assert ("UrbanPerCapitaDisposableIncome", Measure.LEVEL, Decimal("26500")) in found
    assert ("UrbanPerCapitaDisposableIncome", Measure.GROWTH, Decimal("12.5")) in found
    assert ("RuralPerCapitaNetIncome", Measure.GROWTH, Decimal("16.2")) not in found
    # not since last year
    text = "去年以来,城镇居民人均可支配收入增长12.5%。"
    assert facts(extractor, text, Frame.MULTI_YEAR) == []


def test_a_five_year_goal_said_to_be_met_is_no_goal_ahead(extractor):
    # 提前两年实现“十一五”规划目标 looks back: the levels reached are the review year's
    text = "全社会固定资产投资由137.5亿元提高到559亿元,累计完成1507.5亿元,提前两年实现“十一五”规划目标。"
    found = {(f.indicator.notation, f.kind, f.value) for f in facts(extractor, text, Frame.MULTI_YEAR)}
    assert found == {("FixedAssetInvestment", FactKind.OUTCOME, Decimal("559"))}
    # but a goal ahead is one
    text = "全社会固定资产投资由137.5亿元提高到559亿元,力争“十二五”末突破千亿元。"
    assert facts(extractor, text, Frame.MULTI_YEAR) == []
    # and a goal to meet is not one met (the next five years' goals: …完成国家下达控制目标,森林覆盖率达到13.52%)
    text = "细颗粒物排放浓度、优良水体比例完成国家下达控制目标,森林覆盖率达到13.52%。"
    assert facts(extractor, text, Frame.MULTI_YEAR) == []


def test_a_range_after_a_floor_of_the_same_figure_is_the_goal(extractor):
    # a news page's headline gives the floor, the report the range: the range is the goal, whichever comes first
    parts = ["规模以上工业增加值力争9%以上。", "努力实现规模以上工业增加值增长9%-9.5%。"]
    for ordered in (parts, parts[::-1]):
        found = [
            (f.comparator, f.value, f.value_max)
            for f in extractor.extract(sentences_of(ordered, Frame.PLAN), META)
            if f.indicator.notation == "IndustrialValueAddedAboveScale"
        ]
        assert found == [(Comparator.BETWEEN, Decimal(9), Decimal("9.5"))]


def test_a_figure_better_than_expected_is_no_estimate(extractor):
    # 好于预计: final figures compared with an estimate, not an estimate
    text = "财政收入好于预计,全部财政收入和地方一般预算收入分别完成166.6亿元和73.3亿元,可比增长21.6%和22%。"
    found = facts(extractor, text, Frame.REVIEW)
    assert len(found) == 4 and not any(f.estimated for f in found)
    assert all(f.estimated for f in facts(extractor, "预计全部财政收入完成166.6亿元。", Frame.REVIEW))


def test_a_shortened_name_gives_way_to_the_full_name(extractor):
    # 新增就业8000多人 of a tourism programme, then the year's 城镇新增就业4005人
    text = "全县旅游扶贫产业项目达到320个,新增就业8000多人。城镇新增就业4005人、农村劳动力转移就业2503人。"
    cut = text.index("。") + 1
    sentences = [Sentence(0, cut, text[:cut], Frame.REVIEW), Sentence(cut, len(text), text[cut:], Frame.REVIEW)]
    jobs = [f for f in extractor.extract(sentences, META) if f.indicator.notation == "NewUrbanJobs"]
    assert [(f.value, f.comparator) for f in jobs] == [(Decimal("4005"), Comparator.EXACTLY)]
