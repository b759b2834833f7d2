"""Sections and frames: which part reviews the past year and which plans the next."""

import pytest

from kg.extract.segment import find_sections, heading_level, segment
from kg.model import Frame


def frames(text, review=2023, plan=2024):
    return [(s.frame, s.heading) for s in find_sections(text, review, plan)]


def frame_of(text, words, review, plan):
    """The frame of the section that holds ``words``, and of the last section."""
    sections = find_sections(text, review, plan)
    holding = next(s for s in sections if words in text[s.start : s.end])
    return holding.frame, sections[-1].frame


def test_numbered_review_and_plan_headings():
    text = "各位代表:\n一、2023年政府工作回顾\n全年增长。\n二、2024年工作安排\n主要预期目标是:增长6%。"
    found = [f for f, _ in frames(text)]
    assert found[-2:] == [Frame.REVIEW, Frame.PLAN]


def test_a_heading_that_is_only_a_year_frames_that_year():
    text = "2024年政府工作报告摘登\n2023\n主要指标\n全年地区生产总值增长6.5%\n2024\n地区生产总值增长6%左右"
    found = [(f, h) for f, h in frames(text)]
    assert found[-2:] == [(Frame.REVIEW, "2023"), (Frame.PLAN, "2024")]


@pytest.mark.parametrize(
    "heading, frame",
    [
        # the goals said met after their name: a review (a five-year plan's end, whose last year it reviews)
        ("一、全市各族人民团结奋斗,“十一五”目标任务胜利完成", Frame.REVIEW),
        ("一、2023年目标任务全面完成", Frame.REVIEW),
        # goals to be met: the plan
        ("三、确保2024年目标任务全面完成", Frame.PLAN),
        ("二、2024年目标任务", Frame.PLAN),
    ],
)
def test_goals_met_review_and_goals_to_meet_plan(heading, frame):
    text = f"各位代表:\n{heading}\n全市地区生产总值增长8%。"
    assert frames(text, 2023, 2024)[-1] == (frame, heading)


def test_a_news_paragraph_that_opens_with_the_review_year_goes_back_to_the_review():
    text = (
        "岳阳市第八届人民代表大会第一次会议开幕。市长在作政府工作报告时称,主要预期目标是:GDP增长9%左右。\n"
        "2016年,该市开工项目124个。全市GDP迈上3000亿元台阶。\n"
    )
    assert frame_of(text, "3000亿元", 2016, 2017)[0] is Frame.REVIEW
    other_year = text.replace("2016年,", "2015年,")
    assert frame_of(other_year, "3000亿元", 2016, 2017)[0] is Frame.PLAN


# Lines of a copy's page that name the report's plan year and open no part: the review stays the review.
PAGE_CLUTTER = [
    # a content farm glues the report's name to every heading
    (
        "2022年嘉兴市平湖市政府工作报告文库_资料共享_统计公报\n"
        "一、2021年主要工作和过去五年发展成效2022年嘉兴市平湖市政府工作报告\n全市实现生产总值907.5亿元。\n"
        "二、2022年工作安排\n地区生产总值增长7%左右。",
        2021,
    ),
    # an encyclopedia page's fact box
    (
        "2010年鹰潭市人民政府工作报告\n• 中文名:2010年鹰潭市人民政府工作报告\n• 档案类型:工作报告\n"
        "• 发布年份:2010年\n各位代表:\n一、经济运行企稳向好。全市预计完成生产总值907.5亿元。\n"
        "二、2010年工作安排\n生产总值增长10%。",
        2009,
    ),
]


@pytest.mark.parametrize(("text", "review"), PAGE_CLUTTER)
def test_a_copys_page_clutter_that_names_the_plan_year_opens_no_part(text, review):
    assert frame_of(text, "907.5", review, review + 1) == (Frame.REVIEW, Frame.PLAN)


def test_a_news_page_under_a_headline_of_the_goals_goes_back_to_the_past_year():
    headline = "明确全区经济社会发展主要预期目标\n3月2日,天河区第十届人民代表大会第三次会议召开。\n"
    past = "过去的一年,天河坚持稳字当头。\n2022年,天河地区生产总值6215.7亿元。"
    sections = find_sections(headline + past, 2022, 2023)
    assert [s.frame for s in sections] == [Frame.PLAN, Frame.REVIEW]
    # a report's own numbered plan part that looks back stays the plan
    own = "二、2023年工作安排\n过去的一年,我们攻坚克难。\n地区生产总值增长6.5%以上。"
    assert [s.frame for s in find_sections(own, 2022, 2023)][-1] is Frame.PLAN


def test_inline_plan_opener_in_running_text():
    sections, sentences = segment(
        "一、过去一年工作回顾\n增长7%。今年经济社会发展的主要预期目标是:增长6%左右。", 2023, 2024
    )
    assert sentences[-1].frame is Frame.PLAN and sentences[-2].frame is Frame.REVIEW


def test_last_year_inside_a_five_year_review():
    text = (
        "一、“十四五”时期工作回顾\n五年来,经济总量跃升。\n刚刚过去的2025年,地区生产总值增长5.8%。\n——这五年,改革深化。"
    )
    found = [f for f, _ in frames(text, 2025, 2026)]
    assert found[-3:] == [Frame.MULTI_YEAR, Frame.REVIEW, Frame.MULTI_YEAR]


def test_a_news_item_quoting_the_five_years_and_then_the_year():
    # no heading: the quoted five years are a five-year review, the quoted year after them the year's review
    text = (
        "中新网扬州1月20日电 扬州市市长张宝娟向大会作政府工作报告。\n"
        "“这五年,扬州全市GDP连续迈上5000亿元、6000亿元两大台阶,人均GDP突破13万元;城乡居民人均可支配收入分别达4.71万元。”\n"
        "“2020年是扬州发展历程中非常特殊、极不平凡的一年,地区生产总值突破6000亿元、增长3.5%。”"
    )
    found = [f for f, _ in frames(text, 2020, 2021)]
    assert found[-2:] == [Frame.MULTI_YEAR, Frame.REVIEW]
    # the words of a plan's period before any heading may open the years ahead: they frame nothing there
    assert [f for f, _ in frames("“十五五”时期,地区生产总值年均增长5%。", 2025, 2026)] == [Frame.UNKNOWN]


def test_a_news_item_s_five_years_after_its_first_sentence():
    # the lead names the speaker, then 过去五年, with no 来: a five-year review; its levels of the year are read
    text = (
        "周贤同志代表安化县人民政府向大会作工作报告。过去五年,安化县大力实施“四轮驱动”战略。"
        "城镇化率达到36%,较2016年提高5.05个百分点。"
    )
    assert [f for f, _ in frames(text, 2021, 2022)][-1] is Frame.MULTI_YEAR


def test_a_news_lead_learnt_at_the_session_opens_the_review():
    text = "从西宁市第十六届人民代表大会第二次会议上获悉,过去一年,西宁市积极培育经济增长点,经济增速逐季上扬。"
    assert [f for f, _ in frames(text, 2016, 2017)] == [Frame.REVIEW]


def test_this_year_at_a_pages_first_paragraph_opens_the_review():
    # a copy of a report that starts at its review's first words, under the page's title (这一年,我们坚持…)
    text = (
        "2026年梅州市政府工作报告(全文)\n这一年,我们全力以赴稳增长、促改革,交出了一份实实在在的答卷。"
        "全年地区生产总值1583.23亿元,增长5.8%。"
    )
    assert [f for f, _ in frames(text, 2025, 2026)][-1] is Frame.REVIEW
    # (not 这一年 inside a sentence: it opens nothing)
    assert [f for f, _ in frames("今年是“十五五”开局之年。我们要把这一年的工作做好。", 2025, 2026)] == [Frame.UNKNOWN]


def test_scraper_header_does_not_open_the_plan():
    text = (
        "标题:高阳县2022年政府工作报告\n正文:\n2021年工作回顾:\n全年地区生产总值完成185.3亿元。\n"
        "2022年工作安排:\n增长6.5%。"
    )
    sections, sentences = segment(text, 2021, 2022)
    frame_of = {s.text: s.frame for s in sentences}
    assert frame_of["全年地区生产总值完成185.3亿元。"] is Frame.REVIEW
    assert frame_of["增长6.5%。"] is Frame.PLAN


def test_unframed_text_before_the_plan_is_review():
    text = "报告指出,2023年经济社会发展取得新进展。\n城镇新增就业2.09万人。\n2024年主要预期目标\n地区生产总值增长5.5%;"
    sections, sentences = segment(text, 2023, 2024)
    frame_of = {s.text: s.frame for s in sentences}
    assert frame_of["城镇新增就业2.09万人。"] is Frame.REVIEW
    assert frame_of["地区生产总值增长5.5%;"] is Frame.PLAN


def test_five_year_goals_opened_inline_stay_five_year():
    # a five-year section's 主要目标: lists the plan's goals for its last year, not this year's
    text = (
        "二、“十一五”时期的指导原则和发展目标\n"
        "《纲要(草案)》提出了“十一五”时期全省经济社会发展的主要目标:生产总值年均增长11%左右。"
        "全部财政收入力争达到2000亿元左右。\n"
        "三、今后五年的主要任务\n今年是开局之年,经济社会发展的主要预期目标是:生产总值增长11%。"
    )
    sections, sentences = segment(text, 2005, 2006)
    frame_of = {s.text: s.frame for s in sentences}
    assert frame_of["全部财政收入力争达到2000亿元左右。"] is Frame.MULTI_YEAR
    assert frame_of["主要预期目标是:生产总值增长11%。"] is Frame.PLAN


def test_a_year_line_ending_in_a_colon_heads_that_years_part():
    # a news summary lists last year's figures and this year's goals under such lines
    text = (
        "2023年成就:\n实现生产总值2.62万亿元\n“十四五”目标:\n人均生产总值达到9万元左右\n"
        "2024年目标:\n生产总值增长6.5%左右"
    )
    assert [f for f, _ in frames(text)] == [Frame.REVIEW, Frame.PLAN]
    # a colon that ends a lead-in in running text heads nothing
    assert [f for f, _ in frames("全年主要工作如下:\n地区生产总值增长6%。")] == [Frame.UNKNOWN]


def test_the_title_and_the_date_and_session_line_open_no_part():
    # both name the plan year; taken for headings, they made the review that follows a plan
    text = (
        "(湖南省)2024年新晃侗族自治县政府工作报告(全文)\n2024年1月4日在县十七届人大五次会议上\n"
        "各位代表:\n地区生产总值增长8.4%;固定资产投资增长11.5%。"
    )
    assert [f for f, _ in frames(text)] == [Frame.UNKNOWN]


def test_a_headline_naming_the_report_opens_no_part_and_a_year_in_review_opens_the_review():
    # a news page's summary: its headline names the plan year, its text reviews the year before
    text = (
        "2021年涿州市政府工作报告解读(一):经济运行稳中有进\n"
        "一年来,在市委的坚强领导下,全市经济运行稳中有进。\n全市地区生产总值完成400亿元,增长4%。"
    )
    assert [f for f, _ in frames(text, 2020, 2021)] == [Frame.UNKNOWN, Frame.REVIEW]
    # a paragraph that opens with its own year does not frame the rest of an unheaded summary
    summary = "2020年,全市生产总值增长4%。\n2021年,全市生产总值预期增长6%左右。"
    assert [f for f, _ in frames(summary, 2020, 2021)] == [Frame.UNKNOWN]


def test_a_year_in_review_after_a_named_year_opens_nothing():
    # 一年来 sums up a summary that named its year already; its goals follow with no year of their own
    text = (
        "报告指出,2022年,全州实现地区生产总值53.62亿元。\n一年来,全州生态环境保护取得新成效。\n"
        "全州划定发展预期目标,地区生产总值增长3%。"
    )
    assert [f for f, _ in frames(text, 2022, 2023)] == [Frame.UNKNOWN]


def test_a_news_lead_before_a_year_in_review_opens_the_review():
    # 何中伟在报告中说,去年以来,…: the speaker's words open the review where no year was named
    text = (
        "舟山市七届人大五次会议开幕\nhttp://zsxq.zjol.com.cn/ 时间:2020年04月21日17:00:02进入论坛\n"
        "何中伟在报告中说,去年以来,在市委的坚强领导下,市政府紧紧团结和依靠全市人民。\n"
        "全年地区生产总值增长9.2%,规上工业增加值增长43.2%。"
    )
    sections, sentences = segment(text, 2019, 2020)
    frame_of = {s.text: s.frame for s in sentences}
    assert frame_of["全年地区生产总值增长9.2%,规上工业增加值增长43.2%。"] is Frame.REVIEW


def test_a_pages_date_or_fact_box_opens_no_part():
    # - 2014年01月07日 over a news report of the 2014 session, which goes on to review 2013
    text = "市长作政府工作报告\n- 2014年01月07日\n全年生产总值增长10.6%。"
    assert [f for f, _ in frames(text, 2013, 2014)] == [Frame.UNKNOWN]
    # an encyclopedia's fact box (• 时间:2011年) before the review's heading
    text = "基本介绍\n• 时间:2011年\n• 单位:辽中县政府\n2010年工作简要回顾\n地区生产总值实现246亿元。"
    assert frames(text, 2010, 2011) == [(Frame.UNKNOWN, ""), (Frame.REVIEW, "2010年工作简要回顾")]


def test_a_news_report_under_a_headline_of_the_plan_goes_back_to_the_review_and_on_to_the_goals():
    text = (
        "2019年政府工作总体要求:\n"
        "1月26日上午,莒县第十八届人民代表大会第三次会议开幕。县长代表县政府作工作报告。"
        "报告指出,过去的一年实现地区生产总值415亿元,可比增长8.5%。完成一般公共预算收入21.03亿元,增长16%。\n"
        "面对新的一年,报告中指出,地区生产总值增长9%,一般公共预算收入增长13%。"
    )
    sections, sentences = segment(text, 2018, 2019)
    frame_of = {s.text: s.frame for s in sentences}
    assert frame_of["报告指出,过去的一年实现地区生产总值415亿元,可比增长8.5%。"] is Frame.REVIEW
    assert frame_of["完成一般公共预算收入21.03亿元,增长16%。"] is Frame.REVIEW
    assert frame_of["面对新的一年,报告中指出,地区生产总值增长9%,一般公共预算收入增长13%。"] is Frame.PLAN
    # a report's own plan part does not go back with a sentence that only looks back (no news lead)
    own = "二、2019年工作安排\n过去的一年,我们砥砺前行。地区生产总值增长9%。"
    assert {s.frame for s in segment(own, 2018, 2019)[1]} == {Frame.PLAN}


def test_the_years_development_goals_open_the_plan_inline():
    text = "在区政府工作报告中,新区划定了2022年经济发展目标:地区生产总值增长7%左右。\n"
    sections, sentences = segment("2021年,新区地区生产总值突破4000亿元。\n" + text, 2021, 2022)
    assert sentences[-1].frame is Frame.PLAN
    # not a later year's (a five-year plan's goals)
    sections, sentences = segment(text.replace("2022年", "2025年"), 2021, 2022)
    assert sentences[-1].frame is not Frame.PLAN


def test_the_goals_and_tasks_open_the_plan_inline():
    text = (
        "2021年2月24日,区长作政府工作报告。\n"
        "报告提出了今年政府工作目标任务:地区生产总值增长6%以上;完成市下达的节能指标任务。"
    )
    assert segment(text, 2020, 2021)[1][-1].frame is Frame.PLAN


def test_a_clause_with_a_time_of_its_own_is_a_sentence_of_its_own():
    from kg.extract.segment import split_sentences

    text = "去年一年潮州GDP总量完成850.2亿元,多项经济指标超过全省平均水平;2015年拟定预期生产总值增长11%。"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "去年一年潮州GDP总量完成850.2亿元,多项经济指标超过全省平均水平;",
        "2015年拟定预期生产总值增长11%。",
    ]


def test_a_paragraph_that_opens_with_last_year_goes_back_to_the_review_after_a_plan_headline():
    text = "2015年主要预期目标\n地区生产总值增长11%。\n去年,潮州全市经济稳中向好。地区生产总值完成850.2亿元。"
    sentences = segment(text, 2014, 2015)[1]
    assert [s.frame for s in sentences][-3:] == [Frame.PLAN, Frame.REVIEW, Frame.REVIEW]


def test_a_notice_sending_out_the_report_opens_no_part_and_goals_met_are_reviewed():
    # the notice names the plan year; the report under it reviews the year before
    text = (
        "楚雄市人民政府关于印发2022年政府工作报告的通知\n2022年《政府工作报告》已经审议通过,现予印发。\n"
        "一、攻坚克难、砥砺奋进,五年征程取得显著成绩\n预计地区生产总值增长10%。"
    )
    assert [f for f, _ in frames(text, 2021, 2022)] == [Frame.UNKNOWN, Frame.REVIEW]
    # a headline that says the goals were met reviews them; one that vows to meet them plans
    assert frames("2019圆满完成目标任务\n全市地区生产总值增长7.5%。", 2019, 2020)[-1][0] is Frame.REVIEW
    assert frames("确保全面完成2020年目标任务\n地区生产总值增长7%左右。", 2019, 2020)[-1][0] is Frame.PLAN


def test_a_date_line_with_the_papers_name_opens_no_part():
    text = "2025年3月3日《清远新闻》\n陈金銮在报告中回顾了过去一年的工作。全年完成地区生产总值2253.1亿元,增长3.8%。"
    assert Frame.PLAN not in [f for f, _ in frames(text, 2024, 2025)]


def test_the_date_a_title_gives_frames_nothing():
    # (浙江省)…工作报告(2025年1月23日): the text under the title reviews until the plan's heading
    text = (
        "导航菜单\n(浙江省)江山市人民政府工作报告(2025年1月23日)\n各位代表:\n在市委的坚强领导下,我们较好地完成了目标任务。"
        "预计全年实现地区生产总值430亿元,同比增长6.1%。\n二、2025年工作安排\n地区生产总值增长6%左右。"
    )
    assert frame_of(text, "预计全年", 2024, 2025) == (Frame.REVIEW, Frame.PLAN)
    # a heading that names its year keeps it beside a date
    assert frame_of("二、2025年工作安排(2025年1月23日)\n增长6%左右。", "增长6%", 2024, 2025)[0] is Frame.PLAN


def test_a_four_year_term_reviewed_and_the_year_after_it_in_the_same_line():
    # a news item: the four years of a term, then the review year in the same paragraph
    text = (
        "报告指出,过去四年,全市人民实现了经济社会发展的新跨越。地区生产总值增长到132亿元。"
        "2016年,我市以工业经济为主导。地区生产总值增长9.8%。"
    )
    assert [f for f, _ in frames(text, 2016, 2017)] == [Frame.MULTI_YEAR, Frame.REVIEW]
    text = "报告指出,五年来,综合实力稳步提升。经济总量从2020年的59.94亿元增至88.08亿元。"
    assert [f for f, _ in frames(text, 2025, 2026)] == [Frame.MULTI_YEAR]


def test_a_numbered_points_five_years_then_the_year_in_a_yearly_review():
    # (一是…。"十一五"期间,…: five years, in straight quotes, after a point's lead; then 2010年,… the year)
    text = (
        '一、"十一五"发展成就及2010年工作回顾\n'
        '一是综合经济实力连续跃升。"十一五"期间,我市经济总量接连跨越五个"千亿"大关。2010年,预计实现本市生产总值9500亿元。'
    )
    assert [f for f, _ in frames(text, 2010, 2011)] == [Frame.REVIEW, Frame.MULTI_YEAR, Frame.REVIEW]


def test_a_list_of_the_reports_parts_opens_no_part():
    # 报告分为三部分: / 一、2019年工作回顾; / 二、奋力做好2020年工作; list items, not headings: the figures
    # after them are the review's (a news item that sums the report up)
    text = (
        "会上,市长代表市政府作政府工作报告。\n报告分为三部分:\n一、2019年工作回顾;\n二、奋力做好2020年工作;\n"
        "三、以人民满意为目标,提升政府治理能力和水平。\n《报告》指出,2019年是关键一年。\n初步统计,全市地区生产总值增长7.5%。\n"
    )
    assert frame_of(text, "初步统计", 2019, 2020)[0] is not Frame.PLAN


def test_a_news_posts_exclaimed_subheadings():
    text = (
        "这份成绩单,分量十足!\n▎2025年\n——城镇新增就业超35万人\n▎“十四五”时期\n——人均期望寿命提升到83.8岁\n"
        "这些目标,催人奋进!\n——地区生产总值增长5%左右,实际工作中力争更好结果\n"
    )
    assert frame_of(text, "地区生产总值", 2025, 2026)[0] is Frame.PLAN
    # a long line that ends so is a sentence
    assert heading_level("我们要以更加昂扬的斗志和更加务实的作风,奋力开创新局面!") is None


def test_a_news_item_under_a_headline_of_the_plan_goes_back_to_the_review():
    # 这一年 opening a paragraph after the review year is named; 回顾了2024年以来的工作
    text = "2025年,杭州这么干\n政府工作报告指出,2024年是开局之年。\n这一年,全市地区生产总值21860亿元、增长4.7%。\n"
    assert frame_of(text, "21860", 2024, 2025)[0] is Frame.REVIEW
    text = "2025年白云GDP增长约5.5%\n潘志军在报告中回顾了2024年以来的工作。2024年地区生产总值3156.37亿元、增长5.2%。\n"
    assert frame_of(text, "3156.37", 2024, 2025)[0] is Frame.REVIEW


def test_a_paragraph_of_the_review_year_in_a_five_year_review():
    # 特别需要指出的是,刚刚过去的2005年,…: the paragraph's figures are the review year's, not the five years'
    text = (
        "一、“十五”时期的回顾\n五年来,全省生产总值年均增长11.2%。\n"
        "特别需要指出的是,刚刚过去的2005年,各条战线都取得了新成绩。全省生产总值增长13.4%。\n"
        "二、2006年工作安排\n全省生产总值增长11%。"
    )
    assert frame_of(text, "增长13.4%", 2005, 2006)[0] is Frame.REVIEW
    assert frame_of(text, "年均增长11.2%", 2005, 2006)[0] is Frame.MULTI_YEAR
    # (not a paragraph of another year)
    other_year = text.replace("刚刚过去的2005年", "刚刚过去的2004年")
    assert frame_of(other_year, "增长13.4%", 2005, 2006)[0] is Frame.MULTI_YEAR


def test_a_digests_lead_that_asks_the_new_years_goals_opens_the_plan():
    text = (
        "明确了!大连接下来要这么干!\n大连市第十六届人民代表大会第四次会议今天上午开幕。"
        "2021年是“十四五”开局之年。新的一年有啥新目标、新任务?\n"
        "全市地区生产总值增长6.5%左右。一般公共预算收入增长1%。\n"
    )
    assert frame_of(text, "增长6.5%左右", 2020, 2021)[0] is Frame.PLAN
