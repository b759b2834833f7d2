"""One test per quirk the normaliser handles; each quirk occurs in ../shared seeds or corpus."""

import pytest

from kg.ingest.normalise import normalise


def norm(text: str) -> str:
    return normalise(text).text


def test_pinyin_glosses_are_removed():
    assert norm("豐(fēng)澤(zé)區(qū)經(jīng)濟(jì)發(fā)展(zhǎn)") == "丰泽区经济发展"


def test_a_lone_latin_parenthesis_is_not_taken_for_pinyin():
    assert norm("地区生产总值(GDP)增长6%,见附件(a)") == "地区生产总值(GDP)增长6%,见附件(a)"


def test_traditional_to_simplified_keeps_place_names():
    # OpenCC would turn 蟳埔 into 𫊻埔; zhconv-rs keeps it.
    assert norm("蟳埔民俗文化村建設,區域經濟穩步發展") == "蟳埔民俗文化村建设,区域经济稳步发展"


def test_simplified_text_is_left_as_is():
    text = "软件和信息技术服务业营业收入增长12%。"
    assert norm(text) == text


def test_full_width_digits_and_percent_are_folded():
    assert norm("地区生产总值增长６．５％左右，完成１２３亿元") == "地区生产总值增长6.5%左右,完成123亿元"


def test_markdown_emphasis_headings_and_lists():
    text = "## 2024年主要预期目标\n\n- 地区生产总值增长**5.5%**;\n- 一般公共预算总收入增长__5%__;"
    assert norm(text) == "2024年主要预期目标\n地区生产总值增长5.5%;\n一般公共预算总收入增长5%;"


def test_markdown_links_and_images():
    assert norm("详见[政府工作报告](http://x.cn/a.html)![图](a.png)全文") == "详见政府工作报告全文"


def test_html_tags_comments_and_entities():
    html = (
        "<html><head><title>t</title></head><body><!-- nav --><p>各位代表&nbsp;:</p>"
        "<div>增长&lt;6%&gt;&#21306;</div><script>var a=1;</script></body></html>"
    )
    assert norm(html) == "各位代表:\n增长<6%>区"


def test_breadcrumbs_are_dropped():
    text = "您当前的位置:首页 > 政务公开 > 政府工作报告\n首页\n>\n各位代表:现在,我代表区人民政府报告工作。"
    assert norm(text) == "各位代表:现在,我代表区人民政府报告工作。"


def test_reader_counts_and_date_lines_are_dropped():
    text = "2023年政府工作报告\n2022-12-26 15:15 阅读人数:1\n各位代表:"
    assert norm(text) == "2023年政府工作报告\n各位代表:"


def test_a_date_keeps_apart_from_the_counter_after_it():
    # 2014-02-26 7641次浏览 read as one number would be no date: the page's date dates the report
    normalised = normalise("钦北区五届人大四次会议召开\n2014-02-26 7641次浏览 作者:本网\n区长作政府工作报告。")
    assert normalised.page_date == "2014-02-26"
    # (the space inside a number a page split is still dropped)
    assert norm("地区生产总值增长 1 2.5%") == "地区生产总值增长12.5%"


def test_font_size_and_print_toolbars_are_dropped():
    text = "政府工作报告\n【字体:\n大\n中\n小\n】\n字号:大 中 小\n打印本页\n关闭窗口\n各位代表:"
    assert norm(text) == "政府工作报告\n各位代表:"


def test_time_author_source_header_lines_are_dropped():
    text = "政府工作报告\n时间:2023-01-24 作者:中国县域 来源:政府官网\n来源:云南日报\n各位代表:"
    assert norm(text) == "政府工作报告\n各位代表:"


def test_related_link_lists_at_the_end_are_dropped():
    text = "最后一句话。\n相关链接:\n2022年政府工作报告\n2021年政府工作报告"
    assert norm(text) == "最后一句话。"
    # but not a report a government's site gives under its page's 相关阅读: line (lines no link title has)
    report = (
        "现在,我代表武进区人民政府向大会报告工作,请予审议,并请各位政协委员和其他列席人员提出意见。"
        "过去的一年,面对国内外经济形势复杂多变、下行压力日益增大、各种矛盾交织叠加的严峻挑战,全区上下"
        "坚持稳中求进,全区实现地区生产总值1910亿元,增长9.6%。"
    )
    assert norm("内容概述:2014年工作回顾\n相关阅读:\n2015年政府工作报告\n" + report).endswith("\n" + report)


def test_a_related_links_block_between_two_pages_of_a_report_is_dropped():
    text = (
        "全年地区生产总值增长6%。\n相关链接\n·\n《政府工作报告》修改15处充分吸纳代表委员意见\n"
        "十一届全国人大三次会议关于政府工作报告的决议\n今年要继续深化重点领域和关键环节改革,努力实现新的突破。"
    )
    assert norm(text) == "全年地区生产总值增长6%。\n今年要继续深化重点领域和关键环节改革,努力实现新的突破。"


def test_a_paragraph_a_numbered_lead_opens_joins_its_hard_wrapped_figure():
    text = "(一)经济发展稳中提质。预计,全市地区生产总值增长\n7.5% , 规 模 工 业 增加 值 增 长 8.2% ,投资增长10%。"
    assert norm(text) == "(一)经济发展稳中提质。预计,全市地区生产总值增长7.5%,规模工业增加值增长8.2%,投资增长10%。"
    # a numbered heading is no paragraph: it stays on its line
    assert norm("(一)经济发展稳中提质\n7.5%的增速来之不易。") == "(一)经济发展稳中提质\n7.5%的增速来之不易。"


def test_question_marks_standing_for_spaces():
    assert norm("时间:2023????\n县人民政府县长?? 刘永泽") == "县人民政府县长刘永泽"


def test_literal_escaped_line_breaks():
    assert norm(r"意见。\r\n一、2023年工作回顾\r\n2023年是") == "意见。\n一、2023年工作回顾\n2023年是"


def test_unicode_escape_tokens():
    assert norm("各位代表:<U+00A0><U+00A0>现在") == "各位代表:现在"


def test_percent_placeholder():
    assert norm("地区生产总值增长6_M_M_左右") == "地区生产总值增长6%左右"


def test_spaces_inside_han_text_and_numbers():
    assert norm("政 府 工 作 报 告\n——1 9 9 8 年3 月5 日") == "政府工作报告\n——1998年3月5日"


def test_spaces_between_han_and_a_capitals_abbreviation():
    # (a news page's spacing: 人均 GDP is one name; a space between two Latin words stays)
    assert norm("人均 GDP 达到 9.9 万元,Hello World") == "人均GDP达到9.9万元,Hello World"


def test_a_date_line_broken_before_the_session_is_joined():
    text = "——2023年12月28日在泉州市鲤城区第十届\n人民代表大会第三次会议上\n泉州市鲤城区人民政府区长王克思"
    assert norm(text).startswith("——2023年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上\n")


def test_spaces_between_numbers_and_units():
    assert norm("国内生产总值达到74772 亿元,城镇新增就业1. 57万人") == "国内生产总值达到74772亿元,城镇新增就业1.57万人"


def test_a_report_repeated_by_a_paginated_scrape_is_kept_once():
    paragraph = "全年地区生产总值完成580亿元,增长7.5%,一般公共预算收入增长10%。"
    assert norm(f"{paragraph}\n第2页\n{paragraph}\n短行\n短行") == f"{paragraph}\n第2页\n短行\n短行"


def test_timestamp_and_click_for_more_lines():
    assert norm("2011年01月13日 16:40\n(点击查阅更多2011年地方政府工作报告)\n各位代表:") == "各位代表:"


def test_sentence_broken_across_lines_is_joined():
    text = "全年地区生产总值完成580亿元,一般公共预算\n收入增长10%。\n一、2024年工作安排\n(一)加快发展"
    assert norm(text) == "全年地区生产总值完成580亿元,一般公共预算收入增长10%。\n一、2024年工作安排\n(一)加快发展"


def test_a_heading_over_the_goals_stays_a_line_of_its_own():
    text = "2019年全市经济社会发展主要预期目标\n地区生产总值增长7.8%\n全社会固定资产投资增长8%"
    assert norm(text) == text


def test_a_number_a_hard_wrap_cut_in_two_is_joined():
    # even after a line that opens with a numbered lead: a heading is short and ends in no digit
    text = "(一)县域经济较快发展,综合实力越来越强。2016年,预计全县生产总值34\n0亿元,比2012年增长47.7%。"
    assert norm(text) == text.replace("\n", "")
    cut = "2016年,预计完成规模工业增加值198.\n6亿元,增长9%。"
    assert norm(cut) == cut.replace("\n", "")
    # a short line's number is a heading's or a page's (第一部分 / 2 / 2019年…)
    assert norm("一、工作回顾2\n2019年,全县生产总值增长6%。") == "一、工作回顾2\n2019年,全县生产总值增长6%。"


def test_an_exclaimed_subheading_is_not_joined_to_the_line_before():
    # a news post's list item with no stop, then its next part's subheading
    text = "——三甲医院实现11个区全覆盖;人均期望寿命提升到83.8岁\n这些目标,催人奋进!\n——地区生产总值增长5%左右"
    assert norm(text) == text


def test_headings_are_not_joined_to_the_next_line():
    text = (
        "2025年聚焦产业升级与城市更新奋力前行\n2025年,丰泽区经济社会发展主要预期目标是:地区生产总值增长6%左右;"
        "工业增加值增长5.5%,第三产业增加值增长6.5%。"
    )
    assert norm(text) == text


def test_a_heading_of_clauses_stays_a_line_of_its_own_and_a_sentence_cut_at_its_figure_does_not():
    heading = (
        "回首2024,我们上下同欲,砥砺奋进\n过去一年,我们坚持以习近平新时代中国特色社会主义思想为指导,"
        "较好地完成了目标任务。预计全年实现地区生产总值430亿元,同比增长6.1%。"
    )
    assert norm(heading) == heading
    cut = (
        "——经济运行缓中趋稳、稳中向好。国内生产总值达到74.4\n"
        "万亿元,增长6.7%,名列世界前茅,对全球经济增长的贡献率超过30%。"
    )
    assert norm(cut) == cut.replace("\n", "")
    # nor one whose next line starts with a word no sentence starts with
    wrapped = (
        "经济增速是综合性指标,今年预期目标设定\n"
        "为6%以上,考虑了经济运行恢复情况,有利于引导各方面集中精力推进改革创新、推动高质量发展。"
    )
    assert norm(wrapped) == wrapped.replace("\n", "")


def test_a_review_heading_after_a_contents_line_stays_a_line_of_its_own():
    # a page's contents run on one line ending in a comma; the review's heading follows
    text = (
        "求创新,执政能力有效提升,心系民生,开创幸福新局面,勤政务实,展现政府施政新作为,\n"
        "2010年及“十一五”时期工作简要回顾\n预计全年增长34.5%。"
    )
    assert norm(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "预计全区生产總值580億元、增長7.5%",
        "<p>增长**6%**左右</p>\r\n阅读人数:3\n經(jīng)濟(jì)",
        "１２３％，　ＧＤＰ",
    ],
)
def test_offset_map_points_back_into_the_original(text):
    result = normalise(text)
    assert len(result.offsets) == len(result.text) + 1
    for i, ch in enumerate(result.text):
        original = text[result.offsets[i]]
        # each kept character comes from a character of the input that means the same
        assert original == ch or not ch.isascii() or not original.isascii() or ch.isspace() or ch == "%"
    start, end = result.to_original(0, len(result.text))
    assert 0 <= start <= end <= len(text)


def test_offset_map_of_a_span_after_clutter():
    raw = "您当前的位置:首页>新闻\n地区生产总值增长6%。"
    result = normalise(raw)
    i = result.text.index("增长6%")
    start, end = result.to_original(i, i + 4)
    assert raw[start:end] == "增长6%"


def test_emoji_are_dropped_and_a_heading_after_one_stays_a_heading():
    text = "向大家汇报2024年的工作报告。🌟\n回顾2023年工作成果🏆\n过去的一年,镇原县取得了显著的成绩。📈"
    assert norm(text) == "向大家汇报2024年的工作报告。\n回顾2023年工作成果\n过去的一年,镇原县取得了显著的成绩。"


def test_list_numbers_in_circled_digits_are_kept():
    assert norm("❶加快发展★重点产业。") == "❶加快发展重点产业。"


def test_variant_characters_zhconv_keeps_are_made_simplified():
    # 陜 (U+965C) is a variant of 陝; zhconv-rs converts 陝 but leaves 陜, and 陜西省 named no place
    assert norm("陜西省第十三屆人民代表大會第五次會議在西安開幕") == "陕西省第十三届人民代表大会第五次会议在西安开幕"
    assert norm("增加値增长6%") == "增加值增长6%"


def test_the_dateline_stays_a_line_of_its_own():
    # joined, the title, the dateline and the speaker made one line, and no place was read from the title
    text = (
        "酉阳土家族苗族自治县人民政府工作报告\n  2022年1月5日在县第十八届人民代表大会第一次会议上\n"
        "  县人民政府县长 杨通胜\n  各位代表:"
    )
    assert norm(text).split("\n")[:3] == [
        "酉阳土家族苗族自治县人民政府工作报告",
        "2022年1月5日在县第十八届人民代表大会第一次会议上",
        "县人民政府县长杨通胜",
    ]


def test_a_title_naming_the_report_and_a_header_field_stay_lines_of_their_own():
    # joined to the news under it, a headline that names the report named no place
    text = (
        "2021年涿州市政府工作报告解读(一):经济运行稳中有进 质量效益稳步提升\n"
        "一年来,在市委的坚强领导下,全市经济运行稳中有进。"
    )
    assert norm(text).split("\n")[0] == "2021年涿州市政府工作报告解读(一):经济运行稳中有进质量效益稳步提升"
    # 正文: run into the line before hid where a scraper's header ends and the body starts
    assert norm("来源URL:http://example.gov.cn/show.asp?id=12\n正文:\n政府工作报告").split("\n")[1] == "正文:"
    # a title with its dateline after it is still joined where the dateline breaks
    broken = "政府工作报告2011年1月20日在定兴县第十四届人民代表大会\n第五次会议上\n县长 张三"
    assert norm(broken).split("\n")[0] == "政府工作报告2011年1月20日在定兴县第十四届人民代表大会第五次会议上"


def test_a_symbol_typed_for_percent_and_footnote_numbers():
    # ℅ (care of) typed for %: NFKC would spell it c/o, and the growth was lost
    assert norm("全县生产总值实现131487万元,同比增长15℅。") == "全县生产总值实现131487万元,同比增长15%。"
    # a footnote's number between a name and its figure; brackets of words stay
    assert norm("一般公共预算收入[1]17.7亿元,同比增长11.31%[2]。见[附件]") == (
        "一般公共预算收入17.7亿元,同比增长11.31%。见[附件]"
    )
    # a content farm's mark at every line's end; abbreviations stay
    marked = "2020年6月22日在大埔县第十五届PZl\n人民代表大会第五次会议上PZl\n大埔县县长熊锋松PZl\n增长6%,CPI\n完成GDP\n"
    kept = "2020年6月22日在大埔县第十五届人民代表大会第五次会议上\n大埔县县长熊锋松\n增长6%,CPI\n完成GDP"
    assert norm(marked) == kept
    # of letters and a digit, after a stop too; a number or an abbreviation in capitals and digits stays
    assert norm("陆志前hd9\n各位代表:hd9\n(2018年2月3日)Zeu\n举办G20\n增长2019\n") == (
        "陆志前\n各位代表:\n(2018年2月3日)\n举办G20\n增长2019"
    )
    # where the page ran its lines together with spaces, before each space too
    run_together = "第十六届IAh  人民代表大会第五次会议上IAh  紫金县人民政府代县长 邓红卫IAh\n各位代表:IAh\n"
    assert "IAh" not in norm(run_together) and norm(run_together).startswith("第十六届人民代表大会第五次会议上紫金县")
    # after an abbreviation in Latin letters too
    assert norm("全市R&D[3]经费占比达2.33%。") == "全市R&D经费占比达2.33%。"


def test_a_timestamp_near_the_top_is_the_pages_date():
    # no byline line gave a date: the stamp with its time of day does (the text names no year)
    text = (
        "凉山将推进增长目标\n2021-03-20 16:25:28来源:四川在线编辑:王云\n"
        "3月20日,凉山州第十一届人民代表大会第六次会议开幕。"
    )
    assert normalise(text).page_date == "2021-03-20"
    # far down the text, a date and time is no page's stamp
    assert normalise("各位代表:" + "全县经济平稳运行。" * 80 + "2020-01-01 10:00").page_date == ""


def test_a_date_alone_at_the_start_of_a_line_under_a_headline_is_the_pages_date():
    # a news page's date with no time, its source after it; the text names 2019 only as the year it reviews
    text = (
        "赤峰市巴林右旗人大十七届四次会议隆重召开\n\n2020-04-22   V赤峰\n\n"
        "4月21日上午9时,巴林右旗第十七届人民代表大会第四次会议隆重召开。"
    )
    assert normalise(text).page_date == "2020-04-22"
    # a date inside a line is no page's date
    assert normalise("各位代表:\n截至2020-04-22,全县完成投资5亿元。").page_date == ""


def test_a_figure_a_pdf_copy_put_on_a_line_of_its_own_goes_back_into_its_sentence():
    text = (
        "一、2019年工作回顾\n2019\n年,面对复杂局面。预计,地区生产总值增长\n8%;\n财政收入增长\n10%\n。\n"
        "全力以赴,\n17\n个贫困村顺利出列。"
    )
    assert norm(text) == (
        "一、2019年工作回顾\n2019年,面对复杂局面。预计,地区生产总值增长8%;\n财政收入增长10%。\n全力以赴,17个贫困村顺利出列。"
    )
    # a number alone before anything else is a page's number
    assert norm("全力以赴推进\n35\n重点项目建设。") == "全力以赴推进\n重点项目建设。"


def test_a_growth_on_the_line_under_its_name_joins_it():
    # an infographic's text: a name on one line, its growth on the next, however short the name
    text = "全年GDP\n增长5.3%左右\n一般公共预算收入增长4.4%\n城镇和农村居民人均可支配收入\n分别增长4.5%、8.5%左右\n"
    assert norm(text) == (
        "全年GDP增长5.3%左右\n一般公共预算收入增长4.4%\n城镇和农村居民人均可支配收入分别增长4.5%、8.5%左右"
    )
    # not under a heading
    assert norm("一、主要指标\n增长5%的目标任务全面完成。") == "一、主要指标\n增长5%的目标任务全面完成。"


def test_a_hard_wrapped_line_that_starts_with_a_semicolon_goes_on_from_the_line_before():
    text = "预计全县生产总值57.55亿元、增长8.1%;农业总产值19.1亿元、下降0.5%\n;规模以上工业总产值80.6亿元、增长9.5%。"
    assert norm(text) == text.replace("\n", "")


def test_a_space_after_a_percent_sign_before_its_comparator_goes():
    # a newspaper's print copy spaces its figures: 增长 5% 以上 keeps its comparator
    assert (
        norm("地区生产总值增长 5% 以上,居民消费价格涨幅 3% 左右。") == "地区生产总值增长5%以上,居民消费价格涨幅3%左右。"
    )


def test_a_list_of_goals_one_to_a_line_without_stops_stays_one_to_a_line():
    text = (
        "城乡居民收入分别增长8.5%和9.3%左右\n城镇登记失业率、居民消费价格指数分别控制在3.9%和3%以内\n"
        "全年完成20万人脱贫任务"
    )
    assert norm(text) == text
    # one result to a line, each compared with the city's (a news page's 主要指标)
    results = "全年地区生产总值增长6.5%,高于全市平均水平0.4个百分点\n固定资产投资增长12.1%,高于全市平均水平7.8个百分点"
    assert norm(results) == results
    # a hard wrap after a figure is still joined where the next line goes on with its figures
    cut = "城乡居民人均可支配收入分别达28336元和13632元,增长8.5%\n和9%;完成地方一般公共预算收入33.2亿元\n增长10.5%。"
    assert norm(cut) == cut.replace("\n", "")
    # a hard wrap elsewhere is still joined
    assert (
        norm("全年地区生产总值完成580亿元,一般公共预算\n收入增长10%。")
        == "全年地区生产总值完成580亿元,一般公共预算收入增长10%。"
    )


def test_an_indicators_latin_abbreviation_is_written_in_capitals():
    assert norm("完成gdp113.8亿元,Cpi上涨2%,GDP增长6%") == "完成GDP113.8亿元,CPI上涨2%,GDP增长6%"
    # not inside a longer Latin word
    assert norm("访问gdpr.eu") == "访问gdpr.eu"


def test_a_short_line_of_an_amount_goes_on_with_the_growth_under_it():
    # an infographic's item broken after its amount's comma (■一般公共预算收入19.5亿元, / 同比增长60.76%。)
    assert norm("■一般公共预算收入19.5亿元,\n同比增长60.76%。\n■完成固定资产投资174.19亿元,\n同比增长2.8%。") == (
        "■一般公共预算收入19.5亿元,同比增长60.76%。\n■完成固定资产投资174.19亿元,同比增长2.8%。"
    )


def test_an_abbreviation_in_brackets_inside_a_name_goes():
    # it cut the name in two (环境空气质量 / 优良率); one before a figure or after the name stays
    assert norm("环境空气质量(AQI)优良率达到76.4%,研究与试验发展(R&D)经费增长9%") == (
        "环境空气质量优良率达到76.4%,研究与试验发展经费增长9%"
    )
    assert norm("实现地区生产总值(GDP)580亿元,居民消费价格指数(CPI)上涨2%。") == (
        "实现地区生产总值(GDP)580亿元,居民消费价格指数(CPI)上涨2%。"
    )


def test_a_year_alone_on_its_line_stays_a_heading_while_a_counter_goes():
    # a news page's 2023 over its review of the year; 17 is a counter (阅读 / 17) or a page's number
    assert norm("2024年政府工作报告摘登\n2023\n主要指标\n全年地区生产总值增长6.5%\n17\n") == (
        "2024年政府工作报告摘登\n2023\n主要指标\n全年地区生产总值增长6.5%"
    )


def test_a_full_stop_between_a_figures_digits_is_its_decimal_point():
    text = "地区生产总值同比增长9。5%;规模以上工业增加值373。15亿元。达到100。2019年增长８。２％。"
    assert normalise(text).text == "地区生产总值同比增长9.5%;规模以上工业增加值373.15亿元。达到100。2019年增长8.2%。"


def test_a_number_wrapped_after_its_minus_sign_is_joined():
    # (a content farm's hard wrap: 外贸出口106.6亿元,增 / 长- / 39.7%)
    text = "一般公共预算收入111.16亿元,增长3.2%;固定资产投资增长7.1%;外贸出口106.6亿元,增\n长-\n39.7%;外资增长7.3%"
    assert "增长-39.7%;" in norm(text)


def test_a_content_farms_mark_with_its_sites_slogan_at_every_line_end():
    slogan = "N6h县情资料网---有深度、有态度、接地气的县域县情站点"
    lines = ["——2021年2月23日在南城县第十七届", "人民代表大会第六次会议上", "代县长邹俊", "各位代表:"]
    text = "".join(line + slogan + "\n" for line in lines)
    assert norm(text) == "——2021年2月23日在南城县第十七届人民代表大会第六次会议上\n代县长邹俊\n各位代表:"


def test_a_full_stop_as_the_decimal_point_of_a_traditional_copy():
    assert norm("其中地方一般預算收入達到4。4億元。實現服務業增加值22。7億元。") == (
        "其中地方一般预算收入达到4.4亿元。实现服务业增加值22.7亿元。"
    )


def test_a_percentage_in_words_gets_its_sign():
    # (a news item quoting the report; the figures' reader takes 十一点五% as 11.5%)
    assert norm("地区生产总值增长了百分之十一点五。") == "地区生产总值增长了十一点五%。"
    assert norm("覆盖率达到百分之百。") == "覆盖率达到百%。"
    # not a number that goes on past the words it reads (百分之一千万 is no percentage)
    assert norm("百分之一千万") == "百分之一千万"


def test_a_year_in_brackets_after_今_and_a_doubled_mark():
    # 今(2024)年: a copy's year in brackets reads as the year; ,、: one mark of the pair stays
    assert (
        normalise("报告又提出今（2024）年经济社会发展的各项预期目标").text
        == "报告又提出2024年经济社会发展的各项预期目标"
    )
    assert normalise("去年全省地區生產總值48810億元,、增長8.0%").text == "去年全省地区生产总值48810亿元,增长8.0%"
