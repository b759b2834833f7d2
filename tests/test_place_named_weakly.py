"""The place of an excerpt that names itself only once or twice (a 2,000-character cut of a report's
middle), and the years of excerpts that name one year or only a newspaper's date."""

from click.testing import CliRunner

from kg.cli import cli
from kg.extract.metadata import FEW_MENTIONS, OWN_HISTORY, extract_metadata
from kg.extract.place_guess import _not_of_level, place_in_own_history, place_named_weakly
from kg.ingest.normalise import normalise
from kg.places import gazetteer


def meta(text):
    normalised = normalise(text)
    return extract_metadata(normalised.text, gazetteer(), normalised.page_date)


def build_output(tmp_path, text):
    """What ``kg build`` prints for one excerpt, which it must build."""
    (tmp_path / "excerpt.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "excerpt.txt"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    return result.output


def in_history(text):
    place = place_in_own_history(normalise(text).text, gazetteer())
    return place.name if place else None


def weakly(text):
    place = place_named_weakly(normalise(text).text, gazetteer())
    return place.name if place else None


def test_a_name_given_twice_where_the_text_speaks_as_its_level():
    text = (
        "2025年是“十四五”收官之年,也是龙游加快建设区域明珠城市的关键之年。全县上下要在县委的坚强领导下,"
        "亮明“龙游的态度”。全县地区生产总值增长6%左右。"
    )
    m = meta(text)
    assert (m.place.name, m.place_evidence) == ("龙游县", FEW_MENTIONS)
    # once alone is not enough: a county's text may name another place in passing (学习深圳经验)
    assert weakly("全县上下学习深圳经验。全县地区生产总值增长6%左右,全县固定资产投资增长8%。") is None


def test_a_name_given_once_beside_its_province_or_one_of_its_counties():
    text = (
        "习近平总书记再次亲临辽宁考察,殷切嘱托大连要勇当新时代东北振兴“跳高队”。全市上下牢记嘱托。"
        "预计,全市实现地区生产总值增长4.5%左右。"
    )
    # 大连 is a word jieba has seen a thousand times (tagged d): no evidence alone, not even beside 辽宁
    assert weakly(text) is None
    text = "河南省委、省政府的坚强领导下,平顶山全力以赴稳增长。全市地区生产总值增长6%,全市固定资产投资增长8%。河南"
    assert weakly(text) == "平顶山市"
    # a prefecture by one of its counties (理塘) and 我州, 全州
    text = "全州全力推进全域旅游发展。甘孜全州接待游客增长20%,理塘县建成景区2个。我州地区生产总值增长9%。"
    assert weakly(text) == "甘孜藏族自治州"


def test_a_text_that_speaks_only_of_its_own_organs():
    # no 全市 anywhere: 市委…全会 says the level (a province's 省委 does not count)
    text = (
        "今年是实施“十四五”规划的收官之年,也是池州现代化建设的重要一年。深入贯彻落实习近平总书记考察安徽重要讲话"
        "精神,按照市委五届六次全会和省委经济工作会议部署要求,奋力开创池州现代化建设新局面。"
    )
    assert weakly(text) == "池州市"


def test_names_that_are_everyday_words_or_parts_of_words_are_no_evidence():
    # 资源 (资源县) and 合作 (合作市) are said in every report
    text = "全县整合资源,盘活资源,深化合作,扩大合作。全县地区生产总值增长6%。"
    assert weakly(text) is None
    # 富裕 in 共同富裕 (富裕县), 和县 in 会议和县委, 大关 after a quantity (突破1000亿元大关)
    text = (
        "建设共同富裕示范区,打造共同富裕样板。按照市委经济工作会议和县委十二届七次全会的部署,全县生产总值"
        "突破1000亿元大关,迈上2000亿元大关。全县一般公共预算收入增长5%。"
    )
    assert weakly(text) is None


def test_two_places_named_as_often_or_two_levels_spoken_as_often_give_none():
    assert weakly("全县学习安吉、德清经验。安吉模式、德清模式。全县地区生产总值增长6%。") is None
    assert weakly("全县、全市共同推进。安吉两山理念。安吉模式。全市地区生产总值增长6%。") is None


def test_the_build_warns_that_such_a_place_is_a_guess(tmp_path):
    output = build_output(
        tmp_path,
        "2025年是“十四五”收官之年,也是龙游加快建设区域明珠城市的关键之年。全县上下要在县委的坚强领导下,"
        "亮明“龙游的态度”。2025年全县经济社会发展的主要预期目标是:地区生产总值增长6%左右,"
        "一般公共预算收入增长5%,城乡居民人均可支配收入分别增长5.5%和6.5%。我们要坚持稳中求进工作总基调,"
        "完整准确全面贯彻新发展理念,扎实推进高质量发展,在善作善成中为高质量发展大局增光添彩。",
    )
    assert "the place, 龙游县, is a guess from a name the text gives only once or twice" in output
    # a place read from the year called one of its history says so
    output = build_output(
        tmp_path,
        "2022年,是泽州发展历程中极不平凡的一年。一年来,在县委的坚强领导下,全县地区生产总值增长5.1%,增速居全市第一,"
        "固定资产投资增长9%,社会消费品零售总额增长4%,一般公共预算收入增长6%。我们坚持稳中求进工作总基调,"
        "完整准确全面贯彻新发展理念,扎实推进高质量发展,全力以赴稳增长、促改革、调结构、惠民生、防风险、保稳定。"
        "城乡居民人均可支配收入分别增长5.5%和6.5%,新增城镇就业3200人,粮食总产量稳定在30万吨以上,生态环境持续改善。",
    )
    assert "the place, 泽州县, is read from where the text calls the year one of its history" in output


def test_the_sentence_after_a_texts_only_year_may_say_it_is_reviewed():
    m = meta(
        "各位代表:现在,我代表县人民政府向大会作工作报告。\n"
        "2017年,是本届政府谋篇开局之年。一年来,在县委的正确领导下,全县上下聚力加快赶超。"
    )
    assert (m.review_year, m.plan_year) == (2016 + 1, 2018)
    # and where it does not, the year so opened is the year planned
    m = meta("各位代表:\n2017年,是本届政府谋篇开局之年。全县上下要聚力加快赶超。")
    assert (m.review_year, m.plan_year) == (2016, 2017)
    # a plan's closing year with its five years looked back on after it is the year reviewed
    m = meta(
        "12月18日,资阳区第六届人民代表大会第五次会议开幕。\n2025年是“十四五”规划收官之年。回望这5年,资阳区交出了答卷。"
    )
    assert (m.review_year, m.plan_year) == (2025, 2026)
    # but the opening year of the next, with the five years before it looked back on, is planned
    m = meta("各位代表:\n2021年是“十四五”规划开局之年。回顾过去五年,全县上下聚力加快赶超。")
    assert (m.review_year, m.plan_year) == (2020, 2021)


def test_a_newspapers_date_dates_its_news_and_heads_no_section():
    text = normalise(
        "甘孜日報 2019年01月08日\n◎本網記者 張嗥\n“預計全年實現地區生產總值293.08億元,同比增長9%……”"
        "政府工作報告中,一組組暖心的數字贏得了全場陣陣掌聲。"
    )
    assert text.page_date == "2019-01-08"
    assert text.text.startswith("甘孜日报\n")  # the newspaper's name stays: it may be the place's only mention
    m = extract_metadata(text.text, gazetteer(), text.page_date)
    assert (m.review_year, m.plan_year) == (2018, 2019)


def test_a_news_page_that_names_one_year_and_gives_only_goals_plans_that_year():
    m = meta(
        "4月27日上午,太原市第十四届人大第五次会议开幕。会上,市长李晓波作了政府工作报告。"
        "2020年,太原市在经济、民生方面有诸多重大举措。一起来看!\n主要预期指标\n地区生产总值增长7%左右\n"
    )
    assert (m.review_year, m.plan_year) == (2019, 2020)
    # not where the goals come before the year, which the page then reviews (今年…目标 / 2025年,…新引进)
    m = meta(
        "1月20日,在虹口区举行的第十七届人大第九次会议上,代理区长蒋蕊作《政府工作报告》。今年,虹口区经济社会"
        "发展的主要预期目标是:地区生产总值可比增长5%左右。\n据介绍,2025年,虹口区新引进港航企业208家。"
    )
    assert (m.review_year, m.plan_year) == (2025, 2026)


def test_a_news_page_that_says_the_report_reviewed_a_whole_five_year_plan():
    # the page stripped its years (和年政府工作): 回顾了“十二五”时期 reviews 2015, so 2016 is planned
    m = meta(
        "1月26日,兰州市安宁区第十七届人民代表大会第五次会议召开,安宁区区长雒泽民做政府工作报告,"
        "回顾了“十二五”时期经济社会发展情况和年政府工作,提出了安宁区十三五奋斗目标。"
    )
    assert (m.review_year, m.plan_year) == (2015, 2016)


def test_the_build_warns_where_it_cannot_tell_the_year(tmp_path):
    # a page that stripped its years: its session only by number, its year as 年
    output = build_output(
        tmp_path,
        "在西宁市第十六届人民代表大会第二次会议上,市长作政府工作报告。过去一年,全市地区生产总值增长6.5%,"
        "一般公共预算收入增长5%,城乡居民人均可支配收入分别增长7%和8.5%。年全市经济社会发展的主要预期目标是:"
        "地区生产总值增长6%左右。我们要坚持稳中求进工作总基调,完整准确全面贯彻新发展理念,扎实推进高质量发展,"
        "统筹发展和安全,持续改善民生福祉,奋力谱写现代化建设新篇章。",
    )
    assert "could not tell which year the report reviews and plans; its figures were not read" in output


def test_a_place_merged_away_since_named_by_its_short_name():
    text = (
        "2007年是奥运筹备决战之年。区政府紧紧围绕建设“现代宣武、人文宣武、和谐宣武”的奋斗目标,"
        "全区经济社会发展取得较大成绩。预计全年地区生产总值267亿元,增长9%。"
    )
    assert weakly(text) == "宣武区"
    # a former place's short name that is today's place's too is no mention of it (襄阳 of 襄阳区, 2010)
    assert weakly("全区上下建设美丽襄阳、幸福襄阳。全区地区生产总值增长9%。") is None
    # nor is one a text names once
    assert weakly("学习宣武经验。全区地区生产总值增长9%,全区固定资产投资增长8%。") is None


def test_the_organ_a_text_thanks_last_for_its_leadership_is_its_own_level():
    # a district's excerpt that names its city's stations and port, and says 全市 more than 全区
    text = (
        "在市委、市政府和区委的坚强领导下,全区完成地区生产总值907亿元。长沙北站二期、长沙新港三期加快推进,"
        "湖南广电和长沙广电率先入园。装配式建筑产业链成为全市22条工业新兴及优势产业链之一,全市第一。"
    )
    assert meta(text).place is None  # not 长沙市, nor 长沙县 (a county's organ is 县委)
    # a county's organ may be a district's or a city's since (县委 in 徐水县's text of 2010 is 徐水区's),
    # not the other way; 市委 may be a prefecture's
    (xushui,) = gazetteer().named("徐水区")
    (changsha_county,) = gazetteer().named("长沙县")
    (baoding,) = gazetteer().named("保定市")
    assert not _not_of_level(xushui, "县") and _not_of_level(changsha_county, "区")
    assert not _not_of_level(baoding, "市") and _not_of_level(baoding, "县")


def test_a_name_given_once_where_the_text_calls_the_year_one_of_its_history():
    # 全市 of the city it ranks itself in outnumbers 全县; 城固 is named once, in 是…发展进程中
    text = (
        "现在,我代表县人民政府向大会报告工作。2022年,是党和国家历史上极为重要的一年,也是城固发展进程中极不平凡的一年。"
        "地区生产总值增长5.1%,增速居全市第一,规上工业增加值增长7%,居全市第二,固定资产投资增速全市第三。"
    )
    assert in_history(text) == "城固县"
    m = meta(text)
    assert (m.place.name, m.place_evidence) == ("城固县", OWN_HISTORY)
    # it comes before the mentions guess: 平安区 of 平安区域 is named in full, 君山 only in short
    text = (
        "2022年是本届政府开局之年,也是君山历史上极具挑战、极不平凡的一年。在区委的坚强领导和区人大、区政协的监督支持下,"
        "全区地区生产总值增长4.5%,建设平安区域,君山作为唯一县区代表发言。"
    )
    assert meta(text).place.name == "君山区"
    # of a level the text never speaks as, it is no evidence: a province's text of the city that hosted a games
    assert in_history("全省上下奋发进取。那一年,是成都发展史上极不平凡的一年,全省地区生产总值增长6%。") is None
    # nor a province's, in a text that thanks a county's organ for its leadership (全省 and 省委 it says too)
    assert in_history("在县委的坚强领导下,全县与全省同步:那一年,是河北发展史上极不平凡的一年。") is None
    # nor where it names two places of the text's levels
    assert in_history("我县、全市上下:今年是城固发展史上,也是汉中发展史上极不平凡的一年。全县生产总值增长5%。") is None
