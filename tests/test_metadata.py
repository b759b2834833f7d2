"""Report metadata from the shapes real reports take."""

from datetime import date

import pytest

from kg.extract.metadata import FILE_NAME, extract_metadata
from kg.ingest.normalise import file_name_as_text, normalise
from kg.places import gazetteer


def meta(text):
    return extract_metadata(normalise(text).text, gazetteer())


def test_full_heading():
    m = meta(
        "政府工作报告\n——2023年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上\n"
        "泉州市鲤城区人民政府区长 王克思\n各位代表:\n一、2023年政府工作回顾\n"
    )
    assert m.place.path == ["福建省", "泉州市", "鲤城区"] and m.place.kind == "District"
    assert (m.review_year, m.plan_year, m.delivered_on) == (2023, 2024, date(2023, 12, 28))
    assert (m.speaker, m.position, m.session) == ("王克思", "区长", "泉州市鲤城区第十届人民代表大会第三次会议")


def test_date_in_parentheses_and_a_county():
    m = meta(
        "政府工作报告\n(2021年2月5日在博野县第十七届人民代表大会第五次会议上)\n博野县人民政府县长 刘永泽\n各位代表:"
    )
    assert m.place.name == "博野县" and m.place.parent.name == "保定市" and m.place.kind == "County"
    assert (m.plan_year, m.speaker, m.position) == (2021, "刘永泽", "县长")


def test_news_summary_with_implied_year():
    m = meta(
        "12月24日上午,福州市仓山区第十八届人民代表大会第三次会议开幕,区长刘用全作政府工作报告。\n"
        "报告指出,2023年,是全面贯彻落实党的二十大精神开局之年。\n2024年主要预期目标\n地区生产总值增长5.5%;"
    )
    assert m.place.name == "仓山区" and m.delivered_on == date(2023, 12, 24)
    assert (m.review_year, m.plan_year, m.speaker, m.position) == (2023, 2024, "刘用全", "区长")


def test_excerpt_without_heading_takes_the_place_from_the_text():
    m = meta(
        "二、2025年政府工作目标任务\n全领域加快建设更高水平的智造洛江、生态新城,奋力谱写中国式现代化洛江篇章。"
        "我区将深入实施《洛江区优化营商环境行动方案》,服务泉州发展大局。区委区政府统筹推进洛江高质量发展。"
    )
    assert m.place.name == "洛江区" and m.place.parent.name == "泉州市"
    assert (m.review_year, m.plan_year) == (2024, 2025)


def test_a_name_inside_a_longer_name_is_no_mention_of_its_place():
    # 龙江(县) is written in every 黑龙江: counted there, it outweighed the place an excerpt is about
    county = meta(
        "过去一年,在市委的坚强领导下,全市上下认真落实黑龙江省委、省政府决策部署。宁安市地区生产总值增长6%。"
        "我们积极融入黑龙江全面振兴,宁安火山口景区接待游客增长20%。推进黑龙江东部旅游环线建设。"
        "黑龙江省级现代农业示范区落户宁安。全市粮食产量再创新高。"
    )
    assert (county.place.name, county.place.parent.name) == ("宁安市", "牡丹江市")
    province = meta(
        "过去一年,全省上下认真落实党中央决策部署。黑龙江省地区生产总值增长5%。我们推进黑龙江全面振兴,"
        "哈尔滨冰雪旅游火爆。黑龙江粮食产量再创新高,全省工业增加值增长。黑龙江对俄合作取得新进展。"
    )
    assert province.place.name == "黑龙江省"
    assert county.place_evidence == province.place_evidence == "mentions"


def test_a_session_line_run_into_the_speaker_line_lends_it_no_place():
    # a scraped header joins the lines: 会议上高县 and 会议上城区 read as 上高县 and 上城区
    county = meta(
        "政 府 工 作 报 告——2022年2月18日在高县第十七届人民代表大会第二次会议上高县人民政府县长 王超各位代表:"
    )
    assert (county.place.name, county.place.parent.name, county.place_evidence) == ("高县", "宜宾市", "speaker")
    district = meta(
        "城区2025年政府工作报告\n政府工作报告????—— 2025年1月14日在晋城市城区第十七届人民代表大会第五次会议上????"
        "城区人民政府区长 董英????\n各位代表:"
    )
    assert (district.place.name, district.place.parent.name) == ("城区", "晋城市")
    assert (district.speaker, district.session) == ("董英", "晋城市城区第十七届人民代表大会第五次会议")


def test_an_excerpt_names_a_place_of_a_long_name():
    # banners and autonomous counties (察哈尔右翼中旗): only names of up to four characters were counted
    banner = meta(
        "过去一年,全旗上下认真落实自治区和乌兰察布市决策部署。察哈尔右翼中旗地区生产总值增长6%。"
        "察哈尔右翼中旗荣获全国文明城市提名。全旗粮食产量再创新高,察哈尔右翼中旗辉腾锡勒草原旅游接待游客增长20%。"
    )
    assert (banner.place.name, banner.place.parent.name, banner.place_evidence) == (
        "察哈尔右翼中旗",
        "乌兰察布市",
        "mentions",
    )


def test_a_banner_named_by_its_abbreviation():
    # 科左中旗 is how 科尔沁左翼中旗 names itself, in its dateline and in running text alike
    dated = meta("政府工作报告\n——2021年1月12日在科左中旗第十七届人民代表大会第五次会议上\n旗长 白音\n各位代表:")
    assert (dated.place.name, dated.place.parent.name) == ("科尔沁左翼中旗", "通辽市")
    assert dated.session == "科左中旗第十七届人民代表大会第五次会议" and dated.place.former_name == "科左中旗"
    excerpt = meta(
        "过去一年,全旗上下认真落实自治区和通辽市决策部署。科左中旗地区生产总值增长6%。"
        "科左中旗荣获全国文明城市提名。全旗粮食产量再创新高,科左中旗旅游接待游客增长20%。"
    )
    assert (excerpt.place.name, excerpt.place_evidence) == ("科尔沁左翼中旗", "mentions")


def test_a_news_report_of_the_session_names_the_place_of_its_congress():
    # the title names the session without the place (市十七届人大一次会议开幕), the text its
    # congress once, and the report's figures speak of 全市: the congress's place is the report's
    m = meta(
        "市十六届人大三次会议开幕 市长作政府工作报告\n"
        "烟台市第十六届人民代表大会代表名额为500名,实际出席会议的代表470名,符合法定人数。\n"
        "市长在报告中说,2015年,全市生产总值6446亿元,增长8.4%。"
    )
    assert (m.place.name, m.place_evidence, m.review_year) == ("烟台市", "congress", 2015)
    # a county's report citing its city's congress still takes the county it keeps naming
    county = meta(
        "贯彻烟台市第十六届人民代表大会精神。栖霞市生产总值增长7%,栖霞市财政收入增长8%。栖霞市全年新增就业5000人。"
    )
    assert county.place.name == "栖霞市"


def test_a_text_whose_years_were_stripped_is_dated_by_the_stage_of_a_five_year_plan():
    # a page dropped every year's digits (湘潭市年两会…): the plan's closing year is the year planned
    m = meta("湘潭市年两会政府工作报告解读\n是关键之年,也是全面完成“十二五”规划的收官之年。全市生产总值增长9%左右。")
    assert (m.review_year, m.plan_year) == (2014, 2015)
    assert meta("去年是“十三五”收官之年,全县生产总值增长3%。").review_year == 2020
    assert meta("今年是“十五五”开局之年,全县生产总值预期增长6%。").plan_year == 2026
    # a second thing the year is for, after 、
    assert meta("今年是“十四五”规划收官、谋划“十五五”规划之年。全市生产总值增长5.5%。").plan_year == 2025
    # a year the text names wins over the stage
    assert meta("2016年,全县生产总值增长7%。2017年是“十三五”规划的关键之年。").review_year == 2016
    # the plan's first or last year, in a copy that masked its years; a sentence that looks back reviews it
    m = meta("一、20xx年政府工作\n20xx年,是全面实施“十二五”规划的第一年,也是取得突出成绩的一年。全区生产总值增长11%。")
    assert (m.review_year, m.plan_year) == (2011, 2012)
    assert meta("20xx年是“十一五”规划的最后一年,全县生产总值预期增长10%。").plan_year == 2010


def test_a_text_that_names_no_year_is_dated_by_an_anniversary_or_a_party_congress():
    # a news summary that says only 今年: the congress it follows, or the anniversary it marks
    m = meta(
        "省十二届人大一次会议今天开幕,省长代表省人民政府作政府工作报告。今年是全面贯彻落实党的十八大精神的开局之年,"
        "是实施“十二五”规划承前启后的关键一年。今年全省生产总值增长9.5%左右。"
    )
    assert (m.review_year, m.plan_year) == (2012, 2013)
    assert meta("今年是新中国成立70周年,全县生产总值预期增长6%。").plan_year == 2019
    assert meta("过去一年,我们隆重庆祝中国共产党成立一百周年,全区生产总值增长8%。").review_year == 2021
    assert meta("今年是党的二十大召开之年,全市生产总值增长5.5%左右。").plan_year == 2022
    # a five-year plan's stage, and any year the text names, come first
    assert meta("今年是“十四五”开局之年,也是中国共产党成立100周年。").plan_year == 2021
    assert meta("2018年全县生产总值增长7%。今年是新中国成立70周年。").review_year == 2018


def test_a_session_line_without_its_closing_word_keeps_the_place_that_starts_with_it():
    # 在上高县…第二次会议 / 上高县人民政府: the 上 is the place's, not the session line's
    county = meta("——2022年2月18日在上高县第十七届人民代表大会第二次会议\n上高县人民政府县长 王超\n各位代表:")
    assert (county.place.name, county.place.parent.name) == ("上高县", "宜春市")


def test_what_an_excerpt_names_besides_its_place():
    # a county of a two-character name needs no parent named beside it (a district's 城区 does)
    county = meta(
        "过去一年,在县委的坚强领导下,全县上下奋力拼搏。沛县地区生产总值增长6%。沛县荣获全国文明城市提名,"
        "沛县工业园区加快建设。全县粮食产量再创新高,县政府坚持为民办实事。"
    )
    assert (county.place.name, county.place.parent.name) == ("沛县", "徐州市")
    # a slogan that overlaps another place's name (新北仑: 新北 of 新北区) still names the place
    district = meta(
        "全区上下奋力拼搏。北仑区地区生产总值增长6%。建设现代化滨海新北仑,奋力打造新北仑,新北仑加快形成,北仑港吞吐量增长。"
    )
    assert district.place.name == "北仑区"
    # a national report's paragraph on 香港 and 澳门 is no report of theirs
    national = meta(
        "坚定支持香港特别行政区、澳门特别行政区政府依法施政。支持香港、澳门发展经济,香港、澳门一定能够保持长期繁荣稳定。"
    )
    assert national.place is None


def test_a_place_name_inside_a_common_word_is_no_mention_of_it():
    # 示范县 (model county) holds 范县; 中心城区, 主城区, 老城区 hold 城区, a district's whole name
    county = meta(
        "过去一年,全县上下奋力拼搏。博野县成功创建国家级电子商务进农村综合示范县、全国休闲农业示范县、"
        "国家农产品质量安全示范县。博野经济开发区加快建设,博野麻山药品牌叫响全国。荣获省级文明城市示范县称号。"
    )
    assert county.place.name == "博野县"
    district = meta(
        "过去一年,全区上下奋力拼搏。中心城区品质持续提升,主城区改造加快,老城区焕发新活力。鲤城区地区生产总值增长6%。"
        "城区道路改造完成。鲤城文旅融合发展,鲤城古城保护利用成效明显。"
    )
    assert (district.place.name, district.place.parent.name) == ("鲤城区", "泉州市")


def test_a_renamed_county_resolves_to_todays_district():
    m = meta("——2010年1月8日在徐水县第十五届人民代表大会第四次会议上\n徐水县人民政府县长 王志勇\n各位代表:")
    assert m.place.name == "徐水区" and m.place.former_name == "徐水县"


def test_a_county_renamed_a_city_since_cpcas_table_goes_by_todays_name():
    # 射洪县 became 射洪市 in 2019, after the table cpca ships: the 民政部 table of 2025 names it
    m = meta("——2024年1月在射洪市第十五届人民代表大会第四次会议上\n各位代表:")
    assert (m.place.name, m.place.path, m.place.adcode) == ("射洪市", ["四川省", "遂宁市", "射洪市"], "510981000000")
    m = meta("——2015年1月在射洪县第十七届人民代表大会第五次会议上\n各位代表:")
    assert (m.place.name, m.place.former_name) == ("射洪市", "射洪县")
    # a new place of another level stands beside the old one: 莱芜区 of 济南 (2019), the prefecture 莱芜市 before
    (district,) = gazetteer().named("莱芜区")
    (prefecture,) = gazetteer().named("莱芜市")
    assert district.path == ["山东省", "济南市", "莱芜区"] and prefecture.path == ["山东省", "莱芜市"]


def test_a_place_merged_away_since_is_named_by_its_session_line():
    # 宣武区 became part of 西城区 in 2010, 居巢区 was 巢湖市's when 巢湖市 was a prefecture (to 2011)
    m = meta("——2008年1月10日在宣武区第十四届人民代表大会第二次会议上\n宣武区人民政府区长 王伟\n各位代表:")
    assert (m.place.name, m.place.path, m.place.adcode) == ("宣武区", ["北京市", "宣武区"], None)
    m = meta("——2009年1月在居巢区第二届人民代表大会第四次会议上\n各位代表:")
    assert m.place.path == ["安徽省", "巢湖市", "居巢区"]
    # a prefecture (地区) since made a city keeps its own node: 铜仁地区 (2011: 铜仁市)
    (prefecture,) = gazetteer().named("铜仁地区")
    assert (prefecture.kind.value, prefecture.path) == ("PrefectureCity", ["贵州省", "铜仁地区"])
    # today's place keeps its name: 巢湖市 is the county-level city of 合肥市
    assert meta("——2020年1月在巢湖市第十七届人民代表大会第五次会议上\n各位代表:").place.path == [
        "安徽省",
        "合肥市",
        "巢湖市",
    ]


def test_national_report():
    m = meta("政府工作报告\n——2023年3月5日在第十四届全国人民代表大会第一次会议上\n国务院总理 李克强\n各位代表:")
    assert m.place.kind == "Country" and m.place.name == "中华人民共和国"
    assert (m.plan_year, m.speaker, m.position) == (2023, "李克强", "总理")
    assert m.session == "第十四届全国人民代表大会第一次会议"


def test_scraper_header_is_a_fallback_only():
    m = meta(
        "标题:高阳县2022年政府工作报告\n发文单位:高阳县人民政府\n发文时间:2022-01-27\n"
        "报告人:高阳县人民政府县长蒋东方\n正文:\n各位代表:\n一、2021年工作回顾\n"
    )
    assert m.place.name == "高阳县" and (m.review_year, m.plan_year) == (2021, 2022)
    assert (m.speaker, m.position) == ("蒋东方", "县长")


def test_date_in_chinese_numerals_in_a_scraper_title():
    m = meta(
        "标题:政府工作报告——二0一九年一月十四日在河北省第十三届人民代表大会第二次会议上\n发文单位:河北省人民政府\n"
        "正文:\n各位代表:\n一、2018年工作回顾\n"
    )
    assert m.place.name == "河北省" and m.delivered_on == date(2019, 1, 14) and m.plan_year == 2019


def test_byline_run_into_the_session_line():
    m = meta("政府工作报告\n——2026年1月25日在辽宁省第十四届人民代表大会第五次会议上省长王新伟\n各位代表:")
    assert (m.place.name, m.speaker, m.position, m.plan_year) == ("辽宁省", "王新伟", "省长", 2026)


def test_place_from_speaking_on_behalf_of_a_government():
    m = meta(
        "各位代表:\n现在,我代表泉州市人民政府向大会报告工作,请予审议。\n一、2023年工作回顾\n全年地区生产总值增长5%。"
    )
    assert m.place.name == "泉州市" and m.place.kind == "PrefectureCity"


def test_speaker_line_with_its_place_after_a_stripped_source_line():
    # 来源/时间 lines are web clutter; the byline "山东省省长 周乃翔" then runs into the session line.
    m = meta(
        "2026年山东省政府工作报告\n——2026年1月27日在山东省第十四届人民代表大会第四次会议上\n"
        "来源:大众日报\n时间:2026-02-01\n山东省省长 周乃翔\n各位代表:\n"
    )
    assert (m.place.name, m.speaker, m.position) == ("山东省", "周乃翔", "省长")


def test_speaker_inside_the_date_line_with_tongzhi():
    m = meta("——2025年1月14日在北京市第十六届人民代表大会第三次会议上北京市市长 殷勇同志作政府工作报告。\n各位代表:")
    assert (m.place.name, m.speaker, m.position) == ("北京市", "殷勇", "市长")


def test_speaker_with_wide_spaces_and_a_photo_caption_after():
    m = meta(
        "——2025年1月15日在高唐县第十八届人民代表大会第四次会议上\n高唐县县长\u3000\u3000杨曙光\n"
        "杨曙光同志作政府工作报告。本报记者 张三摄\n各位代表:"
    )
    assert (m.place.name, m.speaker, m.position) == ("高唐县", "杨曙光", "县长")


def test_speaker_name_followed_by_a_wide_space():
    m = meta("——2025年1月20日在甘肃省第十四届人民代表大会第三次会议上\n甘肃省省长 任振鹤\u3000\n各位代表:")
    assert (m.speaker, m.position) == ("任振鹤", "省长")


def test_speaker_after_a_question_mark_standing_for_a_space():
    # a copy that could not encode the space wrote ? for it (and spaced the name's characters)
    m = meta(
        "2023年1月10日在自治县第九届人民代表大会第二次会议上\n道真自治县人民政府县长? 曾 伟\n各位代表:\n"
        "现在,我代表自治县人民政府向大会报告工作,请予审议。"
    )
    assert (m.speaker, m.position) == ("曾伟", "县长")


def test_session_without_di_and_a_date_in_chinese_numerals():
    m = meta("——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上\n甘肃省省长 任振鹤\n各位代表:")
    assert m.delivered_on == date(2026, 1, 27) and m.plan_year == 2026
    assert m.session == "甘肃省十四届人民代表大会第四次会议"


def test_an_earlier_session_cited_without_di_is_not_the_report_session():
    m = meta("各位代表:\n一、2018年工作回顾\n较好完成了县十六届人民代表大会第二次会议确定的目标任务。")
    assert m.session is None or m.session == ""


def test_an_earlier_session_cited_in_full_is_not_the_report_session():
    # the goals it set, or the years since it: the session before (a copy that lost its heading)
    m = meta("各位代表:\n一、2010年工作回顾\n全面完成了市第十三届人民代表大会第三次会议确定的各项目标任务。")
    assert not m.session
    m = meta("各位代表:\n一、过去五年工作回顾\n第十一届全国人民代表大会第一次会议以来的五年,是极不平凡的五年。")
    assert not m.session
    # the session that adopted the report is its own
    m = meta("《政府工作报告》已经2015年12月25日区第四届人民代表大会第五次会议审议通过,现印发给你们。")
    assert m.session and m.session.endswith("第四届人民代表大会第五次会议")


def test_session_written_with_the_level_only_gets_the_place_name():
    m = meta("2020年1月13日在县十六届人民代表大会第四次会议上涞源县人民政府县长周峰各位代表:")
    assert m.place.name == "涞源县" and m.session == "涞源县十六届人民代表大会第四次会议"


def test_a_news_summary_dated_only_by_its_byline():
    # the byline line is page clutter and leaves the text, but its date still gives the years
    text = (
        "编辑:胡安坤2018-01-24 16:20内容来源:龙华网\n龙华区第一届人民代表大会第二次会议开幕。\n"
        "1月24日上午,龙华区第一届人民代表大会第二次会议开幕,区长陈清作政府工作报告。\n"
        "预计地区生产总值超过2100亿元,增长8.8%左右。"
    )
    normalised = normalise(text)
    assert "胡安坤" not in normalised.text and normalised.page_date == "2018-01-24"
    m = extract_metadata(normalised.text, gazetteer(), normalised.page_date)
    assert (m.review_year, m.plan_year, m.delivered_on) == (2017, 2018, date(2018, 1, 24))
    # a year the text names comes first: the page may have been posted long after the report
    later = "时间:2021-03-02 10:00\n一、2018年工作回顾\n地区生产总值增长8%。"
    normalised = normalise(later)
    m = extract_metadata(normalised.text, gazetteer(), normalised.page_date)
    assert (m.review_year, m.plan_year) == (2018, 2019)


def test_a_news_summary_that_dates_the_report_it_tells_of():
    m = meta(
        "商洛日报讯 编者按:一系列大事,都在2015年4月27日的镇安县政府工作报告中做了部署。\n"
        "主要目标\n生产总值增长11.5%左右。"
    )
    assert (m.review_year, m.plan_year, m.delivered_on) == (2014, 2015, date(2015, 4, 27))


def test_the_review_part_opens_with_its_year_under_a_heading_without_one():
    # the page's title names the review year (2019年梨树县政府工作报告) for the report of 2020
    m = meta(
        "2019年梨树县政府工作报告\n——在梨树县第十八届人民代表大会第四次会议上\n县长 郭志勇\n各位代表:\n"
        "一、勠力奋战,克难攻坚,过去一年政府工作成效显著\n2019年,是我县经济社会发展非同寻常的一年。"
    )
    assert (m.review_year, m.plan_year) == (2019, 2020)


def test_the_one_year_a_news_summary_names():
    # the words after it make it the year planned; with no such words, the year reviewed
    planned = meta("地区生产总值增长5.6%以上,历城区描绘2025年发展蓝图\n1月9日,济南市历城区人民代表大会召开。")
    assert (planned.review_year, planned.plan_year) == (2024, 2025)
    reviewed = meta("历城区2024年地区生产总值增长5.6%,一般公共预算收入增长3%。")
    assert (reviewed.review_year, reviewed.plan_year) == (2024, 2025)
    # a year named only as the horizon of goals dates nothing
    horizon = meta(
        "宝坻区发展规划纲要正式发布。到2020年,基本实现四个定位。\n今年经济社会发展主要预期目标\n地区生产总值增长13%。"
    )
    assert (horizon.review_year, horizon.plan_year) == (None, None)


def test_a_word_of_time_after_the_position_is_no_speaker():
    m = meta("图为陈冬代市长正在作政府工作报告。\n代市长陈冬昨日在政府工作报告中提出今年的预期目标。")
    assert m.speaker != "正在"


def test_a_dateline_broken_between_the_place_and_the_term():
    m = meta("——2016年1月29日在崇川区\n第八届人民代表大会第五次会议上\n区长陈俊\n各位代表:\n一、2015年工作回顾")
    assert m.place.name == "崇川区" and m.session == "崇川区第八届人民代表大会第五次会议"


def test_a_date_in_parentheses_after_the_title():
    # (2023年1月3日 李云): the day the report was delivered, with the speaker's name, not the page's stamp
    m = meta("德阳市政府工作报告(2023年1月3日 李云)\n时间: 2024-02-24 12:54:11\n今年是开局之年。地区生产总值增长7.5%。")
    assert m.delivered_on == date(2023, 1, 3) and m.plan_year == 2023


def test_the_one_year_a_summary_names_as_an_important_year_is_the_year_planned():
    # the year ahead is 重要/关键; the year reviewed is 极不平凡的一年
    planned = meta(
        "2月2日,市人大二次会议开幕。\n2012年,是实施“十二五”规划承上启下的重要一年。\n预计完成地区生产总值690亿元。"
    )
    assert (planned.review_year, planned.plan_year) == (2011, 2012)
    reviewed = meta("2019年,是极不平凡的一年。全县生产总值完成90亿元,增长6%。")
    assert (reviewed.review_year, reviewed.plan_year) == (2019, 2020)


def test_a_news_report_names_its_place_before_the_speakers_position():
    m = meta("今天上午9时,省十二届人大一次会议开幕。山东省省长姜大明代表省人民政府向大会作政府工作报告。")
    assert (m.place.name, m.speaker, m.position) == ("山东省", "姜大明", "省长")


def test_the_titles_year_wins_over_the_stamp_of_a_later_copy():
    m = extract_metadata(
        normalise(
            "(湖南省)2020年新晃侗族自治县政府工作报告(全文)\n公文搜 2021-07-27 17:55:23 政府报告\n各位代表:"
        ).text,
        gazetteer(),
        "2021-07-27",
    )
    assert (m.review_year, m.plan_year) == (2019, 2020)


def test_a_news_reports_short_form_of_the_session():
    # 人大 for 人民代表大会 and no 第: where the session opens, not where an earlier one is cited
    m = meta("2月2日,钦州市十三届人大二次会议开幕,市长代表市人民政府向大会作《政府工作报告》。")
    # the graph names it in full, as a report's own title does
    assert (m.place.name, m.session, m.place_evidence) == ("钦州市", "钦州市第十三届人民代表大会第二次会议", "session")
    assert meta("较好地完成了市十五届人大五次会议确定的各项任务。").session is None
    # opened in a hall: 省十二届人大一次会议在山东会堂开幕; the level alone is no place, the speaker's is
    m = meta("今天上午9时,省十二届人大一次会议在山东会堂开幕。山东省省长姜大明代表省人民政府向大会作政府工作报告。")
    assert (m.place.name, m.session) == ("山东省", "山东省第十二届人民代表大会第一次会议")


def test_a_text_that_speaks_as_a_prefecture_is_placed_by_its_counties_or_its_short_name():
    # no name of its own, but 全州 and two of its counties (瑞丽市, 陇川县): 德宏傣族景颇族自治州
    m = meta(
        "现在,我代表州人民政府,向大会报告工作。全州完成地区生产总值620.1亿元、增长3%。"
        "瑞丽口岸进出口货运量增长12%,陇川县建成高标准农田2万亩。全州居民人均可支配收入增长5.4%。"
    )
    assert (m.place.name, m.place_evidence) == ("德宏傣族景颇族自治州", "subdivisions")
    # one county is not enough, nor two without the level's own words
    assert meta("现在,我代表州人民政府,向大会报告工作。全州增长3%。瑞丽口岸货运量增长12%。").place is None
    assert meta("瑞丽口岸货运量增长12%,陇川县建成高标准农田2万亩。").place is None
    # a short name of three characters, with 全州 and a county of it: 黔东南苗族侗族自治州, not 凯里市
    m = meta(
        "报告指出,过去一年,全州经济社会发展稳中有进。黔东南地区生产总值增长8.4%。黔东南旅游接待人次增长20%。"
        "在凯里举办招聘会。黔东南全力推进脱贫攻坚。全州新增就业2万人。"
    )
    assert m.place.name == "黔东南苗族侗族自治州"


def test_a_whole_name_given_once_places_a_text_that_speaks_as_its_level():
    # a news report: 黑龙江省 once, 我省 and 全省 throughout, the session as 省人大十届五次会议
    m = meta(
        "东北网2月7日电 2006年是我省“十一五”规划的开局之年,黑龙江省科学谋划,突出重点。"
        "张左己省长在省人大十届五次会议上所作的《政府工作报告》明确了2006年全省经济社会发展的预期目标:"
        "生产总值增长11.0%以上。"
    )
    assert (m.place.name, m.session) == ("黑龙江省", "黑龙江省第十届人民代表大会第五次会议")
    # a name of two characters inside a slogan is no mention (和谐兴县 is not 兴县)
    m = meta("县人民政府团结和带领全县人民,统筹实施工业强县、生态立县、和谐兴县“三大战略”,全县生产总值增长15.9%。")
    assert m.place is None
    # but not over a place the text names in a slogan, whose counties it names while it speaks as a city:
    # 新海东 with 乐都、民和、互助 and 全市 is 海东市, whatever it says of the city it pairs with (与无锡市)
    m = meta(
        "为加快建设城乡统筹新海东而努力奋斗——政府工作报告摘登\n全市地区生产总值同比增长7%;乐都、民和、互助三县区"
        "GDP突破百亿元大关。平安、循化脱贫摘帽成果巩固提升。全市新增就业9334人。与无锡市持续深化东西部协作。"
    )
    assert m.place.name == "海东市"


def test_a_second_name_in_parentheses_in_the_session_and_a_shared_short_name():
    m = meta(
        "3月29日,青岛市黄岛区(西海岸新区)第三届人民代表大会第一次会议隆重开幕。2021年,新区地区生产总值突破4000亿元。"
    )
    assert (m.place.name, m.session) == ("黄岛区", "青岛市黄岛区第三届人民代表大会第一次会议")
    # 大理 names 大理市 and the prefecture over it alike: the one name is no mention of a parent
    m = meta("云南大理两会召开。大理提出,2017年大理建设开放大理。大理元素,大理又启新程,大理在政府工作报告中提出目标。")
    assert m.place.name == "大理白族自治州"


def test_a_year_the_text_says_it_plans_ranks_above_a_later_copys_date():
    text = normalise(
        "湖北荆州绘制2014年经济社会发展蓝图\n发布时间:2015-02-28 来源:荆州新闻网\n预期目标\n"
        "生产总值增长10.5%,荆州全市固定资产投资增长26%,荆州规模以上工业增加值增长14%,荆州外贸出口增长12%。"
    )
    m = extract_metadata(text.text, gazetteer(), text.page_date)
    assert (text.page_date, m.review_year, m.plan_year) == ("2015-02-28", 2013, 2014)
    # a year said to be a year of something is the year reviewed as often: the page's date decides
    text = normalise("巴林右旗人大会议召开\n\n2020-04-22 V赤峰\n\n旗长说:2019年是新中国成立70周年,是关键之年。")
    m = extract_metadata(text.text, gazetteer(), text.page_date)
    assert (m.review_year, m.plan_year) == (2019, 2020)


def test_a_year_said_to_be_reviewed_is_the_year_reviewed_whatever_follows_it():
    m = meta(
        "3月6日,上饶县第十六届人民代表大会第四次会议召开。县长首先回顾了2018年县人民政府工作。他说,2018年,是…开局之年。"
    )
    assert (m.review_year, m.plan_year) == (2018, 2019)


def test_the_reports_dateline_dates_it_over_a_resolutions_mention_of_the_session():
    m = meta(
        "武汉市江岸区第十三届人民代表大会第六次会议关于政府工作报告的决议"
        "(2010年12月24日武汉市江岸区第十三届人民代表大会第六次会议通过)会议同意报告提出的2011年工作安排。\n"
        "政府工作报告——2010年12月22日在武汉市江岸区第十三届人民代表大会第六次会议上"
    )
    assert (m.delivered_on, m.review_year, m.plan_year) == (date(2010, 12, 22), 2010, 2011)


def test_a_pages_stamp_above_the_dateline_does_not_date_the_report():
    # 2008年06月20日来源:上海普陀 is the day a page was posted; the review's heading dates the report
    m = meta(
        "2006政府工作报告\n2008年06月20日来源:上海普陀\n政府工作报告\n"
        "——在上海市普陀区第十三届人民代表大会第五次会议上\n各位代表:\n一、2005年主要工作回顾\n2005年,全区增长。"
    )
    assert (m.delivered_on, m.review_year, m.plan_year) == (None, 2005, 2006)
    # a date alone on the line above the dateline is the day it was delivered
    m = meta("政府工作报告\n2002年01月24日\n——在河北省第九届人民代表大会第五次会议上\n各位代表:")
    assert m.delivered_on == date(2002, 1, 24)


def test_a_heading_that_says_a_years_goals_were_met_reviews_that_year():
    m = meta(
        "发布时间:2011-02-28\n2011年政府工作报告\n"
        "凝心聚力 大干快上 2010年和十一五目标任务全面完成\n2010年,我们在县委的坚强领导下。"
    )
    assert (m.review_year, m.plan_year) == (2010, 2011)


def test_a_short_name_of_three_characters_given_twice_places_a_text_that_speaks_as_its_level():
    m = meta(
        "——市十一届人大二次会议开幕侧记\n出席会议的人大代表步入攀枝花会展中心大会堂。根据大会议程,市长向大会作政府工作报告。"
        "全市上下奋力拼搏,市委坚强领导。来源:攀枝花日报。"
    )
    assert m.place.name == "攀枝花市"


def test_a_speaker_after_a_colon_before_clutter_or_in_a_news_report():
    def speaker(text):
        m = meta(text)
        return m.speaker, m.position

    assert speaker("兴文县人民政府县长:石进\n各位代表:") == ("石进", "县长")
    assert speaker("在闻喜县第十七届人民代表大会第一次会议上县长;史玉江各位代表:") == ("史玉江", "县长")
    assert speaker("莱州市第十九届人民代表大会第五次会议开幕。\n莱州市代市长 李勇刚pDM\n各位代表:") == (
        "李勇刚",
        "代市长",
    )
    assert speaker("镇江市八届人大三次会议上,市长张叶飞在政府工作报告中如是说。") == ("张叶飞", "市长")
    assert speaker("历下区委副书记、代区长杨福涛将向大会作政府工作报告。") == ("杨福涛", "代区长")
    # not a seat on the rostrum (主席台前排就座)
    assert speaker("常委会副主任冯新策在主席台前排就座。县长蒋东方作政府工作报告。") == ("蒋东方", "县长")


def test_a_citys_short_name_the_dictionary_knows_as_a_place_and_a_county_level_city_named_under_it():
    # 盐城 three times with 全市 and 市委: a place's name in the dictionary, not a word (大同, 长治)
    m = meta("盐城全市上下奋力拼搏,市委坚强领导。盐城地区生产总值增长5%。盐城固定资产投资增长6%。")
    assert m.place.name == "盐城市"
    m = meta("大同全市上下奋力拼搏,市委坚强领导。大同地区生产总值增长5%。大同固定资产投资增长6%。")
    assert m.place is None or m.place.name != "大同市"
    # a county-level city under it named too: either city's text, so neither by the looser rules
    m = meta("郑州市委坚强领导,全市上下奋力拼搏。郑州地区生产总值增长5%,荥阳全市固定资产投资增长6%。")
    assert m.place is None or m.place.name != "郑州市"


def test_a_county_of_one_character_found_as_the_district_it_became():
    m = meta(
        "政府工作报告\n(2009年3月25日在梅县第十三届人民代表大会第四次会议上)\n梅县人民政府代县长 张文广\n各位代表:"
    )
    assert (m.place.name, m.place.former_name, m.plan_year) == ("梅县区", "梅县", 2009)


def test_an_autonomous_prefecture_called_by_its_short_name_and_zhou():
    m = meta("政府工作报告\n——2021年1月在黔西南州第九届人民代表大会第五次会议上\n各位代表:贵州省委、贵州全省上下。")
    assert (m.place.name, m.place.former_name) == ("黔西南布依族苗族自治州", "黔西南州")
    # a city's name written so is no prefecture's (苏州 is no 苏…州)
    assert gazetteer().named("苏州") == []


def test_speakers_in_the_forms_of_collections_news_and_cluttered_pages():
    # a page's clutter after the session line (会议上Sw7 汉中市代市长方红卫Sw7)
    m = meta("━2017年2月14日在汉中市第五届人民代表大会第一次会议上Sw7 汉中市代市长方红卫Sw7 各位代表:")
    assert (m.speaker, m.position, m.place.name) == ("方红卫", "代市长", "汉中市")
    # a collection's date and name in parentheses: the name, and no position it does not give
    m = meta("(2008年1月23日 吴新雄)\n各位代表:\n现在,我代表省人民政府向大会报告工作。")
    assert (m.speaker, m.position) == ("吴新雄", None)
    # a name of four characters with no · (胡达古拉), and news that say 所作
    assert meta("市人民政府市长胡达古拉\n各位代表:").speaker == "胡达古拉"
    assert meta("兰州市市长袁占亭所作的《政府工作报告》成为各界关注的焦点。").speaker == "袁占亭"
    assert meta("县委副书记、县长李雪走上报告席,代表县人民政府向大会作政府工作报告。").speaker == "李雪"
    assert meta("市人民政府市长李勇刚作报告").speaker == "李勇刚"
    # a name with · run into 各位代表 ends at the name
    assert meta("吐鲁番市人民政府市长 克衣色尔·克尤木各位代表:").speaker == "克衣色尔·克尤木"


def test_a_provinces_short_name_once_where_the_text_speaks_only_as_a_province():
    text = (
        "二、2017年工作安排\n2017年是全面贯彻省第十一次党代会精神的起步之年,也是山西走出经济困难局面的攻坚之年。"
        "认真贯彻省委十一届二次全会精神。全省地区生产总值增长5.5%左右。"
    )
    assert meta(text).place.name == "山西省"
    # a county's text says 省委 too, and 县委: no province of a name given once
    assert meta("在省委、市委和县委的坚强领导下,全县生产总值增长6%。山西走出困境,全省第一。").place is None
    # nor where it names a place under it: a city's news of the province's decisions
    text = "全面贯彻总书记在福建考察时的重要讲话精神,按照中央和省委、省政府的决策部署,紧紧围绕“海西建设、漳州先行”。"
    assert meta(text + "漳州经济社会发展预期目标:地区生产总值增长13%。").place is None


def test_a_news_summarys_first_paragraph_dates_it_above_a_later_copys_page_date():
    text = (
        "更新时间:2018-09-15 22:59作者:李天扬老师\n2015年,全市经济运行保持良好态势,全面完成主要预期目标。"
        "预计生产总值增长10%。宜昌经济枢纽新区纳入规划。宜昌城市建设加快。宜昌旅游增长15%。"
    )
    assert (meta(text).review_year, meta(text).plan_year) == (2015, 2016)
    # a line of plans is not the year reviewed
    assert meta("更新时间:2018-09-15\n2016年,全市将着力稳增长。").review_year != 2016


def test_a_city_named_twice_with_its_counties_in_a_text_that_speaks_as_no_level():
    # a newspaper's summary: 六安 twice and four of its counties, never 全市 or 市委
    text = (
        "2018年,预计农业总产值增长3.5%。海龟科技团队成功运营六安大学科技园。金寨、舒城加快发展,金安、裕安提升品质。"
        "六安高新区新增企业20家。按照省委部署推进改革。"
    )
    assert meta(text).place.name == "六安市"
    # not where it speaks as a county: a county's text names its city and neighbours too
    assert meta(text + "全县上下团结奋斗,县委县政府坚强领导。").place is None


def test_a_text_that_names_no_year_is_dated_by_the_plenums_it_follows_or_the_plan_it_reviews():
    # the latest plenum named: 十九届四中 met in October 2019, so the text reviews 2019
    m = meta("全面贯彻党的十九大和十九届二中、三中、四中全会精神。全县地区生产总值增长8.6%。")
    assert (m.review_year, m.plan_year) == (2019, 2020)
    m = meta("我们认真学习贯彻中共十八大、十八届三中四中全会精神。全市地区生产总值增长8%。")
    assert (m.review_year, m.plan_year) == (2014, 2015)
    # one that met in the year's first months comes before that year's reports: it is planned
    assert meta("深入贯彻党的十九大和十九届二中全会精神。全县生产总值增长7%。").plan_year == 2018
    # a review of the whole five-year plan reviews its last year
    m = meta("一、“十二五”时期工作回顾\n预计“十二五”末完成地区生产总值945亿元。")
    assert (m.review_year, m.plan_year) == (2015, 2016)


def test_a_page_posted_years_after_the_plenums_its_text_follows_does_not_date_it():
    text = "更新时间:2018-07-01 10:09\n今年政府工作的总体要求是:全面贯彻党的十八大、十八届三中、四中全会精神。"
    assert extract_metadata(text, gazetteer(), "2018-07-01").plan_year == 2015
    # a page of the year after the latest plenum dates the text as before
    assert extract_metadata(text, gazetteer(), "2015-03-01").plan_year == 2015
    assert extract_metadata(text.replace("十八届三中、四中", "十八届三中"), gazetteer(), "2015-03-01").plan_year == 2015


def test_a_copy_that_masked_its_years_is_not_dated_by_its_page():
    # a template site's copy: 20xx年, and the day it was posted in its header
    m = meta("政府工作报告\n时间:2024.5.14\n20xx年1月24日在长兴县第十四届人民代表大会第二次会议上\n20xx年工作回顾\n")
    assert (m.place.name, m.review_year, m.plan_year) == ("长兴县", None, None)


def test_a_news_page_that_names_the_part_reviewing_a_year():
    text = (
        "1月6日上午,定远县第十七届人民代表大会第三次会议隆重开幕。2022年以来的成绩。\n"
        "报告共分为三个部分:一是2023年工作回顾。二是2024年工作安排。三是加强和改进政府工作。\n"
        "就2023年工作回顾,县长在报告中指出,2022年和2022年的基础上,预计全年GDP增长8%。"
    )
    m = meta(text)
    assert (m.review_year, m.plan_year, m.delivered_on) == (2023, 2024, date(2024, 1, 6))


def test_a_news_page_of_a_years_sessions_plans_that_year():
    # no year with 年 anywhere: the sessions (两会) of 2022 hear the report that plans 2022
    m = meta("2022南阳两会 | 答卷2021干出新气象\n一年来,在南阳市委的坚强领导下,全市地区生产总值增长5%。")
    assert (m.review_year, m.plan_year) == (2021, 2022)


def test_a_copys_title_that_gives_the_year_reviewed_yields_to_the_estimate_of_that_year():
    text = "滨城区2007年政府工作报告【完整版】\n各位代表:\n一、过去五年工作回顾\n预计2007年实现生产总值142亿元。"
    m = meta(text)
    assert (m.review_year, m.plan_year) == (2007, 2008)
    # a title of the year planned stays so where the estimate is of the year before
    m = meta(text.replace("预计2007年", "预计2006年"))
    assert (m.review_year, m.plan_year) == (2006, 2007)
    # the name of GDP may stand between the year and its verb
    m = meta("2021年调兵山市政府工作报告\n各位代表:\n一、本届政府工作回顾\n预计2021年,地区生产总值达到105.67亿元。")
    assert (m.review_year, m.plan_year) == (2021, 2022)


def test_a_title_that_names_the_city_of_a_districts_report():
    # a copy titled with the city; the text speaks as a district and names one district of that city
    text = (
        "昆明市2023年政府工作报告\n各位代表:\n我代表区人民政府,向大会报告工作,请予审议。\n"
        "一、2022年工作回顾\n以“当好排头兵、五华在争先”大竞赛活动为主线,在区委的坚强领导下,全年地区生产总值增长2.3%。"
    )
    assert meta(text).place.name == "五华区"
    # a city's own text that names a district of it stays the city's
    text = text.replace("区人民政府", "市人民政府").replace("区委", "市委")
    assert meta(text).place.name == "昆明市"


# An excerpt that says only 地区 and 地委 (the opening of a prefecture's report, as a page gives it)
_NAMELESS_EXCERPT = (
    "一、2024年工作回顾\n2024年,在地委的坚强领导下,在地区人大工委的监督指导下,地区经济发展水平稳步提升。"
    "全年完成地区生产总值998.72亿元,同比增长6.6%;固定资产投资370.79亿元,增长23.3%。"
)


def named_file_meta(text, file_name):
    return extract_metadata(normalise(text).text, gazetteer(), file_name=file_name_as_text(file_name))


def test_a_text_that_names_no_place_takes_it_from_its_files_name():
    m = named_file_meta(_NAMELESS_EXCERPT, "05_塔城地区_2025.txt")
    assert m.place.name == "塔城地区" and m.place_evidence == FILE_NAME
    # the text's own heading still dates it, and agrees
    assert (m.review_year, m.plan_year, m.year_evidence) == (2024, 2025, "")
    assert meta(_NAMELESS_EXCERPT).place is None  # (without the name, no place at all)


def test_a_files_name_in_traditional_characters_or_by_a_short_name():
    assert named_file_meta(_NAMELESS_EXCERPT, "03_宿遷市_2010.txt").place.name == "宿迁市"
    assert named_file_meta(_NAMELESS_EXCERPT, "01_漳州_2010.txt").place.name == "漳州市"
    # a short name that four places share names none of them
    assert named_file_meta(_NAMELESS_EXCERPT, "朝阳_2010.txt").place is None


def test_the_texts_own_place_ranks_above_its_files_name():
    m = named_file_meta(
        "政府工作报告\n(2021年2月5日在博野县第十七届人民代表大会第五次会议上)\n博野县人民政府县长 刘永泽\n各位代表:",
        "塔城地区_2019.txt",
    )
    assert (m.place.name, m.place_evidence, m.plan_year, m.year_evidence) == ("博野县", "speaker", 2021, "")


def test_a_text_that_names_no_year_takes_the_one_year_its_files_name_gives():
    text = "过去一年,全县地区生产总值增长6.5%。今年,全县地区生产总值预期增长6%左右。博野县人民政府"
    assert meta(text).plan_year is None
    m = named_file_meta(text, "county_博野县_2019.txt")
    assert (m.place.name, m.review_year, m.plan_year, m.year_evidence) == ("博野县", 2018, 2019, FILE_NAME)
    # two years, or a year inside a longer number, say nothing
    assert named_file_meta(text, "博野县_2018-2019.txt").plan_year is None
    assert named_file_meta(text, "博野县_20190215.txt").plan_year is None


def test_a_place_the_text_keeps_naming_ranks_above_its_files_name():
    # (新安县's report, saved under the name of 安新县, which it never names)
    text = (
        "一、2023年工作回顾\n一年来,在洛阳市委、市政府和县委的坚强领导下,我们推动新安高质量发展。新安经济稳中向好,"
        "全县地区生产总值增长6%。新安城乡面貌明显改善,新安发展后劲不断增强。二、2024年工作安排\n奋力谱写新安发展新篇章。"
    )
    m = named_file_meta(text, "county_安新县_2024.txt")
    assert (m.place.name, m.place.parent.name, m.place_evidence) == ("新安县", "洛阳市", "mentions")


def test_a_files_name_the_text_names_too_ranks_above_the_place_it_names_most():
    # (a news page on the goals of 北京's districts, one district's part of it, saved under its name)
    text = (
        "划重点!北京十六区2024年将干这些事\n来源:人民网-北京频道\n【延庆区】\n延庆2024年经济社会发展主要预期目标是:"
        "地区生产总值按不变价计算增长6%,固定资产投资完成85亿元。推动出台北京市无人驾驶航空示范区方案,完成北京野鸭湖"
        "国际重要湿地保护修复项目。"
    )
    assert meta(text).place.name == "北京市"
    m = named_file_meta(text, "05_延慶區_2024.txt")
    assert (m.place.name, m.place_evidence) == ("延庆区", FILE_NAME)


@pytest.mark.parametrize(
    "text, place, speaker, position",
    [
        # after the party post, on the line under the session line
        (
            "政府工作报告\n——在尉犁县第十八届人民代表大会第五次会议上\n县委副书记、县长 木合塔尔·丝迪克\n"
            "(2025年1月6日)\n各位代表、同志们:",
            "尉犁县",
            "木合塔尔·丝迪克",
            "县长",
        ),
        # after two party posts
        (
            "——在靖安县第十七届人民代表大会第五次会议上\n县委常委、县政府党组副书记、副县长 胡小强\n各位代表:",
            "靖安县",
            "胡小强",
            "副县长",
        ),
        # with a colon, at the end of a line of page clutter
        (
            "政府工作报告\n(2010年12月18日拉萨市第九届人民代表大会第四次会议审议通过)更新日期:2010年12月21日\n"
            "拉萨市市长:多吉次珠\n各位代表:",
            "拉萨市",
            "多吉次珠",
            "市长",
        ),
        # a name alone under the dateline
        (
            "政府工作报告\n2019年3月2日在浮山县第十六届人民代表大会第四次会议上\n栗俊昌\n各位代表:",
            "浮山县",
            "栗俊昌",
            None,
        ),
        # news items: the speaker after the one who chairs, in a headline that lost its space
        (
            "南通市十六届人大五次会议开幕\n吴新明主持 张彤作政府工作报告\n■2025年政府工作总体思路\n",
            "南通市",
            "张彤",
            None,
        ),
        # … before the government's report (作市人民政府工作报告)
        (
            "长沙市十六届人大四次会议开幕\n今天上午,会议开幕。会上,周海兵作市人民政府工作报告。",
            "长沙市",
            "周海兵",
            None,
        ),
        # … at the session's opening ceremony
        (
            "昨天上午,市长刘奇在宁波市十四届人大三次会议开幕式上作《政府工作报告》。\n报告说,2012年,宁波全年实现",
            "宁波市",
            "刘奇",
            "市长",
        ),
        # … under a dateline in brackets, broken over two lines
        (
            "2008年政府工作报告\n(2008年1月29日在杭州市西湖区\n第十三届人民代表大会第二次会议上)\n盛阅春\n各位代表:",
            "西湖区",
            "盛阅春",
            None,
        ),
        # a position alone under the dateline is no name (a copy that left the name out)
        (
            "政府工作报告\n——2015年12月25日在新洲区第四届人民代表大会\n第五次会议上\n区长\n各位代表:",
            "新洲区",
            None,
            None,
        ),
        # a name of five characters alone after the position
        (
            "政府工作报告\n——2020年4月21日在鄂尔多斯市第四届人民代表大会第三次会议上\n市长 斯琴毕力格\n各位代表:",
            "鄂尔多斯市",
            "斯琴毕力格",
            "市长",
        ),
        # a name alone over the date, a content farm's mark after each line
        (
            "新巴尔虎左旗第十五届人民代表大会第二次会议政府工作报告Zeu\n海青Zeu\n(2018年2月3日)Zeu\n各位代表:Zeu\n",
            "新巴尔虎左旗",
            "海青",
            None,
        ),
        # the name opening the session line
        (
            "政府工作报告\n马伟在泗阳县第十七届人民代表大会第三次会议上的报告\n各位代表:",
            "泗阳县",
            "马伟",
            None,
        ),
        # … after its position, 所做的 before the report
        (
            "县长亢稚林在嫩江县第十三届人民代表大会第五次会议上所做的政府工作报告(摘要)\n(2001年3月13日)\n2000年,",
            "嫩江市",
            "亢稚林",
            "县长",
        ),
    ],
)
def test_a_bylines_speaker_in_the_layouts_copies_give(text, place, speaker, position):
    m = meta(text)
    assert (m.place.name, m.speaker, m.position) == (place, speaker, position)


def test_a_news_report_names_the_speaker_before_the_report():
    m = meta(
        "市十七届人大一次会议开幕 孙述涛宣布大会开幕,张惠作政府工作报告\n威海市第十七届人民代表大会第一次会议开幕。"
    )
    assert m.speaker == "张惠"
    assert meta("会议开幕,市长向大会作政府工作报告。").speaker is None


def test_a_session_line_broken_before_the_sitting_without_di():
    m = meta("——2025 年 3 月 30 日在封丘县第十五届人民代表大会\n六次会议上\n封丘县人民政府县长 王振海\n各位代表:")
    assert m.delivered_on == date(2025, 3, 30) and m.session == "封丘县第十五届人民代表大会六次会议"


@pytest.mark.parametrize(
    "text, speaker, position",
    [
        ("岳阳市第八届人民代表大会第一次会议开幕。岳阳市市长刘和生在作《政府工作报告》时称,", "刘和生", "市长"),
        ("9时,国歌声响彻会场。市长张旭晨走到台前作《政府工作报告》,声音坚定有力。", "张旭晨", "市长"),
        ("县长璩泽涛在镇安县十七届人大四次会议上所作的政府工作报告,总结成绩客观实在。", "璩泽涛", "县长"),
        ("海口市十五届人大三次会议开幕,冀文林代表海口市人民政府向大会做工作报告。", "冀文林", None),
        ("安化县第十八届人民代表大会第一次会议开幕。\n周贤同志代表安化县人民政府向大会作工作报告。", "周贤", None),
        ("时间:2019-02-16\n  惠进才在政府工作报告中,总结了过去一年宝鸡市的发展成就。", "惠进才", None),
        ("2020年,我们特别感动。张自英县长在《政府工作报告》中,还用特别难得来展述2020年。", "张自英", "县长"),
    ],
)
def test_a_news_report_names_the_speaker_in_its_own_words(text, speaker, position):
    m = meta(text)
    assert (m.speaker, m.position) == (speaker, position)


def test_a_session_line_broken_after_the_term():
    m = meta("政 府 工 作 报 告\n—— 在来安县第十八届\n人民代表大会第四次会议上\n县人民政府县长 舒宏俊\n各位代表:")
    assert (m.place.name, m.session, m.speaker) == ("来安县", "来安县第十八届人民代表大会第四次会议", "舒宏俊")


def test_a_name_run_into_the_end_of_the_dateline():
    m = meta("更新时间:2011-02-28作者:字体[ ]2011221在株洲县第十届人民代表大会第五次会议上蔡周良\n各位代表:")
    assert (m.place.name, m.speaker) == ("株洲县", "蔡周良")
    assert meta("2019年3月2日在浮山县第十六届人民代表大会第四次会议上的报告\n各位代表:").speaker is None


def test_an_acting_mayors_title_keeps_its_acting():
    m = meta("1月4日上午,黄冈市五届人大三次会议开幕,市委副书记、代理市长邱丽新作《政府工作报告》。")
    assert (m.speaker, m.position) == ("邱丽新", "代理市长")


def test_a_news_items_yesterday_is_the_day_before_its_dateline():
    text = "今日泉州网1月7日讯 昨日上午,晋江市第十六届人民代表大会第五次会议开幕。\n一、2015年工作回顾\n"
    assert meta(text).delivered_on == date(2016, 1, 6)
    assert meta(text.replace("昨日上午", "上午")).delivered_on == date(2016, 1, 7)
    # a sentence of the lead between them
    later = "中国义乌网2月5日讯(商报记者 傅柏琳)奋进新时代,扬帆新征程。昨日上午,市十五届人大二次会议开幕。\n"
    assert meta(later + "一、2017年工作回顾\n").delivered_on == date(2018, 2, 4)


def test_a_byline_whose_name_the_page_left_blank_names_no_speaker():
    m = meta("2024年12月28日在中江县第十九届人民代表大会第五次会议上\n\n中江县人民政府县长    \n \n各位代表\n")
    assert (m.speaker, m.session) == (None, "中江县第十九届人民代表大会第五次会议")


def test_a_short_session_whose_sitting_keeps_its_di():
    # 人大 for 人民代表大会 and no 第 before the term, but one before the sitting: in full in the graph
    m = meta("——2012年1月11日在四平市六届人大第五次会议上\n市长 石国祥\n各位代表:\n一、2011年工作回顾\n")
    assert (m.session, m.delivered_on) == ("四平市第六届人民代表大会第五次会议", date(2012, 1, 11))


def test_the_name_alone_after_the_dateline_of_a_speech():
    m = meta(
        "2020年法库县政府工作报告\n——2019年12月27日在法库县第十八届人民代表大会第三次会议上的讲话\n陈大为\n各位代表:\n"
    )
    assert (m.speaker, m.position, m.delivered_on) == ("陈大为", None, date(2019, 12, 27))


def test_a_date_alone_over_the_speaker_where_no_session_is_named():
    m = meta("2021年2月27日\n市长 张集智\n2021年毕节市人民政府工作报告\n各位代表:\n一、“十三五”时期工作回顾\n")
    assert (m.speaker, m.delivered_on, m.plan_year) == ("张集智", date(2021, 2, 27), 2021)


def test_sessions_a_news_item_names_as_they_open_or_a_report_as_it_was_passed():
    m = meta("2月3日上午,汝南县十六届人民代表大会第三次会议在县委礼堂隆重开幕。2022年,全县地区生产总值增长5%。")
    assert m.session == "汝南县十六届人民代表大会第三次会议"
    m = meta("1月10日、11日,蚌埠市政协十五届四次会议、蚌埠市十七届人大四次会议相继开幕。2024年,全市经济增长5%。")
    assert m.session == "蚌埠市第十七届人民代表大会第四次会议"
    m = meta("潜山市政府工作报告\n(2020年1月3日市第十六届人大第四次会议第三次大会通过)\n市长梅耐雪\n各位代表:\n")
    assert m.session == "潜山市第十六届人民代表大会第四次会议"
    assert m.delivered_on is None  # (the day it was adopted, 通过, the session's last: not the day it was delivered)
    # a gloss with a space before its closing bracket (會(huì )議) goes like the others
    m = meta(
        "*月22日上午,晉(jìn)中市第五屆人民代表大會(huì )第三次會(huì )議隆重開(kāi)幕。"
        "2022年,全市經(jīng)濟(jì)增長(zhǎng)5%。"
    )
    assert m.session == "晋中市第五届人民代表大会第三次会议"
    # the session a report is put before (提交…审议的《政府工作报告》)
    m = meta("东北网1月8日讯 在提交哈尔滨市十三届人大三次会议审议的《政府工作报告》中,2008年的关键数字如下。")
    assert m.session == "哈尔滨市第十三届人民代表大会第三次会议"


def test_dates_where_a_page_ran_lines_together_or_a_collection_gives_them():
    # the speaker's line may name the government first (沂南县人民政府县长:孙德士)
    m = meta("2021年2月7日\n沂南县人民政府县长:孙德士\n2021年沂南县政府工作报告\n各位代表:\n")
    assert (m.speaker, m.delivered_on) == ("孙德士", date(2021, 2, 7))
    # the date in brackets right after the session's line, on one line with the rest
    m = meta("政 府 工 作 报 告 ——在成都市武侯区第六届人民代表大会第五次会议上 (2016年2月24日) 林丽 各位代表: 现在")
    assert (m.delivered_on, m.speaker) == (date(2016, 2, 24), "林丽")  # (the name between the date and the greeting)
    # eight digits after the title, as a collection of reports dates them
    assert meta("2023年盐亭县政府工作报告(20230108)\n各位代表:\n").delivered_on == date(2023, 1, 8)
    # a news item's date under its page's stamp and reader count, which a hard wrap no longer joins to it
    m = meta(
        "达州市通川区第十二届人民代表大会第六次会议开幕 覃永利作政府工作报告\n\n通川新闻 2026-01-27 17:04 693\n\n"
        "1月27日下午,达州市通川区第十二届人民代表大会第六次会议隆重开幕。\n2025年,全区地区生产总值增长6%。\n"
    )
    assert m.delivered_on == date(2026, 1, 27)


def test_a_copys_date_that_lost_its_year_and_month_marks():
    # (only where one split of the digits is a date: 2019123日 may be 1月23日 or 12月3日)
    m = meta("——20241228日在中江县第十九届人民代表大会第五次会议上\n各位代表:\n")
    assert m.delivered_on == date(2024, 12, 28)
    assert meta("——2011211日在获嘉县第十二届人民代表大会第六次会议上\n").delivered_on == date(2011, 2, 11)
    assert meta("——2019123日在武汉市武昌区第十五届人民代表大会第四次会议上\n").delivered_on is None


def test_a_date_under_the_speaker_and_a_dateline_broken_by_marks():
    m = meta("政府工作报告\n区人民政府代区长 刘 军\n2016年1月14日\n各位代表:\n2015年及“十二五”工作回顾\n")
    assert (m.speaker, m.delivered_on) == ("刘军", date(2016, 1, 14))
    # the speaker's line run into the session's, where a page joined them
    m = meta(
        "政府工作报告\n\n在阿拉善右旗第十一届人民代表大会第三次会议上\n\n"
        "阿拉善右旗人民政府旗长 罗志伟\n\n2015年2月8日\n\n各位代表:\n"
    )
    assert (m.speaker, m.delivered_on) == ("罗志伟", date(2015, 2, 8))
    # the document's header names the session first, the dateline after it broken over two lines
    m = meta(
        "徐州市第十六届人民代表大会\n第 五 次 会 议 文 件\n政 府 工 作 报 告\n2020年1月7日在徐州市第十六届\n"
        "人民代表大会第五次会议上\n市 长 庄兆林\n各位代表:\n"
    )
    assert m.delivered_on == date(2020, 1, 7)


def test_a_short_session_at_its_first_plenary_sitting():
    m = meta("(2021年3月29日在州八届人大七次会议第一次全体会议上)\n黔西南州人民政府代理州长 黄兴文\n各位代表:\n")
    assert m.delivered_on == date(2021, 3, 29) and m.session.endswith("第八届人民代表大会第七次会议")


def test_a_news_item_gives_the_day_its_session_opened_not_its_dateline():
    m = meta(
        "湘潭房产网1月16日讯 1月15日上午,湘潭市第十五届人民代表大会第三次会议隆重开幕啦!\n"
        "先来看看,2019年,全市经济社会发展主要预期目标:地区生产总值增长8%左右。\n"
    )
    assert m.delivered_on == date(2019, 1, 15)
    m = meta(
        "2021年是“十四五”规划的开局之年。1月17日,总投资342.2亿元的19个项目在章丘区集中签约落地。\n"
        "在1月19日召开的章丘区第十七届人民代表大会第五次会议开幕上,章丘区区长边祥为作政府工作报告时指出,2021年…\n"
    )
    assert m.delivered_on == date(2021, 1, 19)


def test_a_name_with_no_position_under_the_date_or_after_the_government():
    m = meta("在包河区第四届人民代表大会\n第二次会议上的工作报告\n(2017年12月23日)\n葛   锐\n各位代表:\n")
    assert (m.speaker, m.delivered_on) == ("葛锐", date(2017, 12, 23))
    m = meta("——2021年3月30日在镶黄旗第十五届\n人民代表大会第四次会议上\n镶黄旗人民政府 好毕斯哈拉图\n各位代表:\n")
    assert m.speaker == "好毕斯哈拉图"
    # (a position whose name the page lost is no name)
    assert meta("政府工作报告\n厦门市翔安区人民政府代区长\n各位代表:\n").speaker is None


def test_a_date_in_brackets_run_into_the_greeting():
    m = meta(
        "2019年陇县人民政府工作报告(全文)——在陇县第十七届人民代表大会第四次会议上县长赵甲宏(2020年1月8日)各位代表:"
        "现在,我代表县人民政府向大会作工作报告。2019年工作回顾\n"
    )
    assert (m.delivered_on, m.review_year, m.plan_year) == (date(2020, 1, 8), 2019, 2020)


def test_a_place_of_one_character_is_not_read_inside_a_word():
    # (完成县十六届人大一次会议: the county's own congress, not 成县 of 甘肃)
    m = meta("——2022年3月9日在县第十六届人民代表大会第二次会议上\n各位代表:\n较好完成县十六届人大一次会议确定的目标。")
    assert m.place is None or m.place.name != "成县"


def test_a_dateline_of_the_short_session_where_the_title_named_it_in_full():
    m = meta(
        "海沧区第十届人民代表大会第五次会议政府工作报告\n—— 2011年3月8日在区十届人大五次会议上\n"
        "区人民政府代区长\n各位代表:\n"
    )
    assert m.delivered_on == date(2011, 3, 8)


def test_garbled_and_run_together_dates_of_a_session():
    # (a copy that lost 月 and 日: 2011221 splits only as 2月21日)
    m = meta("2011年政府工作报告\n2011221在株洲县第十五届人民代表大会第六次会议上\n县长 蔡周良\n各位代表:\n")
    assert m.delivered_on == date(2011, 2, 21)
    # (a page's time of day run into the news item's first words)
    m = meta(
        "NBD图数馆2018-03-20 10:33:062月25日上午10时,成都市第十七届人民代表大会第一次会议在锦江大礼堂隆重开幕。\n"
        "报告提出了成都2018年发展的主要预期目标:地区生产总值增长7.5%。\n"
    )
    assert m.delivered_on == date(2018, 2, 25)


def test_a_byline_run_into_the_line_before_or_the_heading_after():
    m = meta(
        "(2017年2月8日在慈溪市第十七届人民代表大会第一次会议上)\n2017-02-15 09:02   稿源:慈溪日报\n\n"
        "  慈溪市代市长 项敏\n\n  各位代表:\n\n  现在,我代表市人民政府向大会报告工作,请予审议。\n"
    )
    assert (m.speaker, m.position) == ("项敏", "代市长")
    m = meta("—— 2013年1月16日在沂源县第十七届人民代表大会第二次会议上 县长 谭秀中 一、2012 年工作回顾(一)")
    assert (m.speaker, m.position) == ("谭秀中", "县长")


def test_a_date_in_chinese_numerals_with_a_letter_for_its_zero():
    # 二O一九: a capital O typed for 〇 (Ｏ, folded to width, reads the same)
    for zero in ("O", "Ｏ", "〇", "○"):
        m = meta(f"政府工作报告\n—二{zero}一九年二月十六日在济源市第十四届人民代表大会第四次会议上\n各位代表:\n")
        assert m.delivered_on == date(2019, 2, 16), zero


def test_the_report_date_an_encyclopedia_page_labels():
    m = meta("即将过去的2003年,是农业喜获丰收的一年。\n基本介绍\n- 报告时间:2003年12月25日\n")
    assert (m.delivered_on, m.review_year, m.plan_year) == (date(2003, 12, 25), 2003, 2004)


@pytest.mark.parametrize(
    "named_below,city",
    [
        ("粤海街道、蛇口街道、招商街道发展势头良好", "深圳市"),  # its townships
        ("与福田区、宝安区协同发展", "深圳市"),  # its neighbours of the same city
        ("铁西街道、富力街道发展势头良好", "鹤岗市"),
        ("各街道发展势头良好", "鹤岗市"),  # nothing tells them apart: the lowest code, as before
    ],
)
def test_a_district_name_two_cities_have_is_told_apart_by_what_the_text_names_below_and_beside_it(named_below, city):
    # 南山区 lies in 深圳 and in 鹤岗; a district's text that names neither city
    m = meta(
        "南山区2023年政府工作报告\n各位代表:现在,我代表区人民政府向大会报告工作,请予审议。\n一、2022年工作回顾\n"
        f"2022年,全区本地生产总值增长3.5%,达到8000亿元。{named_below},民生福祉不断改善。\n"
    )
    assert m.place.name == "南山区" and m.place.parent.name == city


def test_a_date_alone_over_the_greeting_is_the_day_delivered():
    m = meta(
        "政府工作报告\n2013年3月19日\n各位代表:\n现在,我代表县政府向大会作工作报告,请予审议。\n一、2012年工作回顾\n"
    )
    assert (m.delivered_on, m.review_year, m.plan_year) == (date(2013, 3, 19), 2012, 2013)
    # (a page's label is no such line: 发文时间 may be days after the session)
    m = meta("发文时间:2009-02-13\n正文:\n各位代表:\n一、2008年工作回顾\n")
    assert m.delivered_on is None


def test_the_date_after_the_session_over_a_pages_date_lines_above_it():
    # a province's page: its own date, a bracket of its menu, then the dateline with the day in brackets
    m = meta(
        "政府工作报告\n2004年01月12日\n【\n政府工作报告\n—在河北省第十届人民代表大会第二次会议上(二〇〇四年一月八日)\n"
        "各位代表:\n现在,我代表河北省人民政府向大会作工作报告。\n"
    )
    assert m.delivered_on == date(2004, 1, 8)
    # (the date in brackets after the speaker, the greeting on the next line)
    m = meta(
        "政府工作报告\n2002年01月24日\n【\n——在河北省第九届人民代表大会第五次会议上河北省省长钮茂生(2002年1月23日)\n"
        "各位代表:\n现在,我代表河北省人民政府向大会报告工作。\n"
    )
    assert m.delivered_on == date(2002, 1, 23)


def test_a_news_speaker_with_a_day_between_the_name_and_the_report():
    m = meta("本网讯(闽南日报记者)代市长陈冬昨日在政府工作报告中提出2010年政府工作总体要求。\n")
    assert (m.speaker, m.position) == ("陈冬", "代市长")


@pytest.mark.parametrize(
    "text,name",
    [
        ("2011年政府工作报告\n许勤在市五届人大二次会议上作的政府工作报告\n2011年1月16日\n各位代表:\n", "许勤"),
        ("2月21日,广州市第十三届人民代表大会第六次会议今日开幕,万庆良向大会作工作报告回顾了十一五时期。\n", "万庆良"),
    ],
)
def test_a_speakers_name_before_a_short_session_or_向大会作工作报告(text, name):
    assert meta(text).speaker == name


def test_a_news_lead_that_says_which_year_the_report_reviewed():
    m = meta(
        "《政府工作报告》摘要(一):2021年 全县经济社会发展各项目标任务高质量全面完成\n"
        "1月20日,牟定县人民政府县长李永军在作《政府工作报告》时,对2021年及十七届县人民政府工作作了全面回顾。\n"
    )
    assert (m.review_year, m.plan_year, m.delivered_on) == (2021, 2022, date(2022, 1, 20))
