"""Entities and their relations: the Chinese that carries them (synthetic sentences), the seeds'
cases read from the built graph by SPARQL, entity resolution across reports, and no fragment
labels anywhere in the seed and corpus builds."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.extract.pipeline import make_pipeline
from kg.model import EntityKey, EntityKind, ProjectStatus
from kg.store.embedded import open_store

PREFIXES = """PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
# Labels that start or end like a clause, not a name.
FRAGMENT_EDGES = (
    "加快",
    "推进",
    "建设",
    "完成",
    "启动",
    "实施",
    "开工",
    "建成",
    "投用",
    "新增",
    "等",
    "推动",
    "打造",
    "开展",
    "深化",
    "力争",
    "全面",
    "持续",
    "积极",
    "着力",
)
COUNT = re.compile(r"^[\d.一二三四五六七八九十百千万亿个项家所座条处批余多]+$|\d+(?:个|项|家|所|座|条|处|批)")


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline()


def entities_of(nlp, body: str, review: bool = True):
    """The entities of a one-paragraph report: the paragraph is in the review or the plan part."""
    part = "一、2023年政府工作回顾\n" if review else "二、2024年政府工作安排\n"
    doc = nlp("政府工作报告\n——2023年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上\n" + part + body + "\n")
    return {e.key: e for e in doc._.entities}, doc


def container_label(entity) -> str | None:
    if entity.container is None:
        return None
    return entity.container.label if isinstance(entity.container, EntityKey) else entity.container.name


# --- the mechanisms, on synthetic sentences ----------------------------------------------------


def test_enumeration_items_share_status_and_count_is_not_a_name(nlp):
    found, doc = entities_of(nlp, "科创中心、紫华园等6个项目建成投用,新增产业空间超50万平方米。")
    for label in ("科创中心", "紫华园"):
        entity = found[EntityKey(EntityKind.PROJECT, label)]
        assert [(s.status, s.year, s.planned) for s in entity.statuses] == [(ProjectStatus.COMPLETED, 2023, False)]
    assert not [key for key in found if "6个" in key.label or key.label.endswith("项目")]
    assert {(span.text, span.label_) for span in doc.spans["govkg_entities"]} >= {
        ("科创中心", "Project"),
        ("紫华园", "Project"),
    }


def test_zone_then_its_contents(nlp):
    found, _ = entities_of(nlp, "加快三江口片区建设,开工建设10个项目,建成开放植物园一期。", review=False)
    garden = found[EntityKey(EntityKind.PROJECT, "植物园一期")]
    assert container_label(garden) == "三江口片区"
    assert garden.statuses[0].status is ProjectStatus.COMPLETED and garden.statuses[0].planned
    assert container_label(found[EntityKey(EntityKind.AREA, "三江口片区")]) == "鲤城区"


def test_contents_listed_inside_a_zone(nlp):
    found, _ = entities_of(nlp, "启动新阳片区内道路、排洪渠、安商房及公共服务配套设施建设。", review=False)
    inside = {key.label for key, e in found.items() if container_label(e) == "新阳片区"}
    assert inside == {"新阳片区道路", "新阳片区排洪渠", "新阳片区安商房", "新阳片区公共服务配套设施"}


def test_distributive_prefix(nlp):
    found, _ = entities_of(nlp, "建成投用东海、清源街道社区卫生服务中心新业务用房,开工华大街道社区卫生服务中心。")
    for town in ("东海", "清源", "华大"):
        centre = found[EntityKey(EntityKind.PROJECT, f"{town}街道社区卫生服务中心")]
        assert container_label(centre) == f"{town}街道"
        assert container_label(found[EntityKey(EntityKind.TOWNSHIP, f"{town}街道")]) == "鲤城区"
    assert found[EntityKey(EntityKind.PROJECT, "华大街道社区卫生服务中心")].statuses[0].status is ProjectStatus.STARTED


def test_names_that_carry_their_place(nlp):
    found, _ = entities_of(
        nlp,
        "加快建设江南片区大型垃圾转运站,推动泉州五中洛江校区开工建设。"
        "抢抓预制菜产业风口,开建洪梅预制菜产业园。洪梅等镇中心区域改造提速。",
    )
    assert container_label(found[EntityKey(EntityKind.PROJECT, "江南片区大型垃圾转运站")]) == "江南片区"
    campus = found[EntityKey(EntityKind.PROJECT, "泉州五中洛江校区")]
    assert container_label(campus) == "洛江区" and campus.anchor.name == "洛江区"
    assert container_label(found[EntityKey(EntityKind.AREA, "洪梅预制菜产业园")]) == "洪梅镇"


def test_zone_with_and_without_suffix_is_one_entity(nlp):
    found, _ = entities_of(
        nlp, "加快推动繁荣站前西、金鲤、乌石展城等重点片区开发成型成势。提速推进繁荣站前西片区建设。"
    )
    areas = {key.label for key in found if key.kind is EntityKind.AREA}
    assert {"繁荣站前西片区", "金鲤片区", "乌石展城片区"} <= areas
    assert not any(label in areas for label in ("繁荣站前西", "乌石展城等片区"))
    assert len(found[EntityKey(EntityKind.AREA, "繁荣站前西片区")].sentences) == 2


def test_investment_of_one_project_not_of_a_list(nlp):
    found, _ = entities_of(
        nlp, "启动总投资50亿元的江南新区环境整治提升工程。落地泉州演艺剧场、荣宝斋等30个文旅项目、总投资近85亿元。"
    )
    works = found[EntityKey(EntityKind.PROJECT, "江南新区环境整治提升工程")]
    assert (works.investment.value, works.investment.unit) == (50, "亿元")
    assert container_label(works) == "江南新区"
    assert found[EntityKey(EntityKind.PROJECT, "荣宝斋")].investment is None


def test_companies_people_and_initiatives(nlp):
    found, _ = entities_of(
        nlp,
        "九牧、固美入围省民企百强。支持火炬电子、鸿星尔克等省市龙头企业创新升级。"
        "鸿星尔克获评商务部典型案例。深化“抓开放招商促项目落地”专项行动。区长林清伏向大会报告。",
    )
    organisations = {key.label for key in found if key.kind is EntityKind.ORGANIZATION}
    assert {"九牧", "固美", "火炬电子", "鸿星尔克", "商务部"} <= organisations
    assert EntityKey(EntityKind.INITIATIVE, "“抓开放招商促项目落地”专项行动") in found
    person = found[EntityKey(EntityKind.PERSON, "林清伏")]
    assert person.position == "区长"


def test_no_entity_is_a_clause_or_a_category(nlp):
    found, _ = entities_of(
        nlp,
        "新开工3个优质教育项目,加快建设重点项目,全年招商签约项目120个,深入实施乡村振兴战略,"
        "统筹推进新型城镇化和乡村全面振兴,城镇新增就业1.9万人。",
    )
    assert not found, found


def test_places_in_a_list_are_not_projects(nlp):
    found, _ = entities_of(nlp, "在北京、上海等城市设立招商中心。")
    assert not [key for key in found if key.label in ("北京", "上海")]


# Sentences met in the corpus, each in a report of the place given: (place, sentence,
# {label: its container's label, or None where the text places it nowhere}, labels that must not be entities).
CORPUS_SENTENCES = [
    ("保定市易县", "在涞源、涞水、易县建设康养基地。", {"康养基地": None}, {"易县建设康养基地"}),
    (
        "河北省",
        "支持张家口建设国家冰雪产业基地,支持张家口建设崇礼滑雪学校。",
        {"国家冰雪产业基地": None, "崇礼滑雪学校": "张家口市"},
        set(),
    ),
    ("北京市", "支持中关村科学城建设人工智能集聚区。", {"人工智能集聚区": "中关村科学城"}, set()),
    (
        "保定市易县",
        "加快央媒涿州新时代媒体新城建设,推进中国钢研金属材料园、中国船舶风帆动力电池产业园等制造业园区建设。",
        {"中国钢研金属材料园": None, "中国船舶风帆动力电池产业园": None},
        set(),
    ),
    ("阜平县", "垃圾焚烧发电〔16〕、仙人山景区〔20〕等项目加快建设。", {"垃圾焚烧发电": None}, {"仙人山景区〔20〕"}),
    ("上海市", "加快建设崇明线、上海示范区线等轨道交通线。", {"崇明线": None}, set()),
    ("辽宁省", "深入实施沈阳都市圈一体化发展工程。", {"沈阳都市圈一体化发展工程": None}, set()),
    ("河北省", "形成“一村一品、一镇一业、一县多园”格局。", {}, {"一县多园", "一村一品"}),
    (
        "河北省",
        "加快建设太子城至锡林浩特铁路、德州至高唐高速。",
        {"太子城至锡林浩特铁路": None, "德州至高唐高速": None},
        {"锡林浩特铁路", "高唐高速"},
    ),
    ("保定市", "谋划实施S230张坊至德州蠡县段项目。", {}, {"德州蠡县段项目"}),
    ("河北省", "建设雄安新区周边重要物流枢纽。", {"雄安新区周边重要物流枢纽": None}, set()),
    ("广西壮族自治区", "推进防城港跨境电商综合试验区建设。", {"防城港跨境电商综合试验区": "防城港市"}, set()),
    ("保定市清苑区", "打造“塔韵粮乡”品牌,加固阳城镇九龙河桥。", {"阳城镇九龙河桥": "阳城镇"}, {"塔韵粮乡"}),
    ("保定市清苑区", "推进新型城镇化,建设特色小城镇。", {}, {"小城镇", "新型城镇"}),
    (
        "黑龙江省",
        "自贸试验区哈尔滨片区保税物流中心获批。",
        {"自贸试验区哈尔滨片区": "哈尔滨市"},
        {"贸试验区哈尔滨片区"},
    ),
    ("保定市", "加快建设市区和白沟新城7大物流基地。", {}, {"白沟新城7大物流基地"}),
    ("上海市", "配合市人大及其常委会制定修改浦东新区法规4部。", {}, {"常委会制定修改浦东新区"}),
    ("保定市涞源县", "完成易路翻修改造工程,硬化农村街道8.8万平米。", {"易路翻修改造工程": None}, {"硬化农村街道"}),
    (
        "保定市阜平县",
        "“三核”即天生桥旅游服务基地、城南庄旅游服务基地。",
        {"天生桥旅游服务基地": "天生桥镇"},
        {"“三核”即天生桥旅游服务基地"},
    ),
    ("河南省", "完成中原银行吸收合并。", {"中原银行": None}, set()),
    (
        "保定市定兴县",
        "推进高里中学综合教学楼、姚村镇留村幼儿园等14个农村薄弱学校品质提升。",
        {},
        {"教学楼镇", "教学楼镇留村幼儿园"},
    ),
    ("保定市顺平县", "加快推进白庙村、西显阳村片区改造。", {"白庙村片区": "顺平县", "西显阳村片区": "顺平县"}, set()),
    ("保定市容城县", "逐步健全街道、社区管理网络。", {}, {"健全街道"}),
    ("甘肃省", "巩固甘肃老工业基地的地位。", {}, {"甘肃老工业基地"}),
    ("河北省", "推进河北物流集团物流园项目。", {"河北物流集团物流园项目": "河北省"}, set()),
    ("甘肃省", "完成西和县礼县西汉水人饮等工程建成通水。", {"西和县礼县西汉水人饮": None}, {"县礼县西汉水人饮"}),
    ("天津市", "建成和平区第一中学和河西区体育馆。", {"和平区第一中学": "和平区", "河西区体育馆": "河西区"}, set()),
    ("甘肃省", "稳妥处置天水麦积区褐石培心幼儿园幼儿血铅异常问题。", {"天水麦积区褐石培心幼儿园": "麦积区"}, set()),
    ("浙江省", "推进国家数字经济创新发展试验区建设,实施数字产业集群发展工程。", {"数字产业集群发展工程": None}, set()),
    ("河北省", "推进国有独资商业银行和政策性银行改革。", {}, {"国有独资商业银行和政策性银行"}),
    (
        "保定市",
        "建成保沧高速和承秦高速公路,争大项目、建强园区。",
        {"保沧高速": None, "承秦高速公路": None},
        {"沧高速", "秦高速公路", "争大项目", "大项目", "建强园区"},
    ),
    ("西藏自治区", "拉萨师范高等专科学校成功升本。", {"拉萨师范高等专科学校": "拉萨市"}, {"拉萨师范高"}),
    (
        "保定市涞源县",
        "盛英智谷产业园、白石山产业园吸引北京绿山谷芽菜等企业入驻。",
        {"白石山产业园": "白石山镇"},
        {"白石山产业园吸引北京绿山谷芽菜"},
    ),
    (
        "河北省",
        "河北“一号工程”曹妃甸港区建设取得重大进展,实施“四好农村路”提升工程。",
        {"曹妃甸港区": "曹妃甸区", "“四好农村路”提升工程": None},
        {"河北“一号工程”曹妃甸港区", "提升工程"},
    ),
    ("保定市博野县", "彻底结束了博野境内无高速的历史,建设经三街道路。", {}, {"博野境内无高速", "经三街道"}),
    ("保定市高阳县", "“五纵”指靖远大街、迎宾路等道路。", {"靖远大街": None}, {"“五纵”指靖远大街"}),
    ("国务院", "海南自贸试验区启动建设。", {"海南自贸试验区": "海南省"}, set()),
    ("乌海市", "推进海南工业园建设。", {"海南工业园": "海南区"}, set()),
    (
        "保定市博野县",
        "积极推进博嵩科技园汽车及零部件、雄泰再生资源等项目。",
        {"博嵩科技园汽车及零部件": "博嵩科技园"},
        {"博嵩科技园汽车", "零部件"},
    ),
    ("甘肃省", "加快镇原4县高速项目前期工作。", {}, {"镇原4县高速项目"}),
    ("保定市", "城市主干街道全部完成改造。", {}, {"城市主干街道"}),
    ("保定市涞水县", "让企业家在涞水站“C”位、坐“C”位。", {}, {"涞水站"}),
    ("湖北省", "推动江汉平原水资源配置工程纳入国家盘子。", {"江汉平原水资源配置工程": None}, set()),
    (
        "保定市高阳县",
        "津保南线、保沧线高阳段新改建绕县城省道项目正在推进。",
        {"保沧线高阳段新改建绕县城省道项目": "高阳县"},
        {"沧线高阳段新改建绕县城省道项目"},
    ),
    (
        "保定市徐水区",
        "(3)朝阳大街北延工程(4)新城公园一期工程(5)瀑河景观带三期工程。",
        {"新城公园一期工程": None, "瀑河景观带三期工程": None},
        {"朝阳大街北延工程(4)新城公园一期工程"},
    ),
    ("甘肃省", "支持兰州大学建设中国特色世界一流大学。", {}, {"兰州大学建设中国特色世界一流大学"}),
    (
        "河北省",
        "实施服务业扩能提质行动,建设保障性住房工程。",
        {"服务业扩能提质行动": None, "保障性住房工程": None},
        {"业扩能提质行动", "性住房工程"},
    ),
    (
        "辽宁省",
        "支持营口片区建设陆港枢纽产业园。",
        {"陆港枢纽产业园": "营口片区", "营口片区": "营口市"},
        {"营口片区建设陆港枢纽产业园"},
    ),
    (
        "重庆市",
        "挂牌建设重庆大学国家卓越工程师学院。",
        {"重庆大学国家卓越工程师学院": "重庆市"},
        {"重庆大学国家卓越工程"},
    ),
    (
        "浙江省",
        "开工建设沪乍杭铁路、诸暨至嵊州高速公路等项目,加快绍兴中芯数模混合集成电路建设。",
        {"诸暨至嵊州高速公路": None},
        {"嵊州高速公路", "绍兴中芯数模混合集成电路"},
    ),
    ("北京市", "北京证券交易所上市公司达288家。", {"北京证券交易所": "北京市"}, {"北京证券交易所上市公司"}),
    (
        "保定市涞源县",
        "继续做好四大产业板块,实施十大民生工程,建设五大连池风景区。",
        {"十大民生工程": None},
        {"四大产业板块"},
    ),
    ("北京市", "境内上市公司达到800家。", {}, {"境内", "境内上市公司"}),
    ("陕西省", "西安咸阳国际机场旅客超4850万人次。", {"西安咸阳国际机场": None}, set()),
    ("广东省", "强化广州港、深圳港国际枢纽港地位。", {}, {"深圳港国际枢纽"}),
    (
        "江西省",
        "推进景德镇国家陶瓷文化传承创新试验区建设。",
        {"景德镇国家陶瓷文化传承创新试验区": "景德镇市"},
        {"景德镇"},
    ),
    (
        "新疆维吾尔自治区",
        "推进上库高新技术产业开发区、石河子经济技术开发区国家级零碳园区建设。",
        {"石河子经济技术开发区": "石河子市"},
        {"石河子经济技术开发区国家级零碳园区"},
    ),
    (
        "保定市涞源县",
        "出台了《河北涞源经济开发区入园及服务办法》,推动污染企业退城入园。",
        {},
        {"河北涞源经济开发区入园", "污染企业退城入园"},
    ),
    ("山西省", "山西博物院位列国家一级博物馆运行评估前列。", {}, {"山西博物院位列国家一级博物馆"}),
    ("湖北省", "支持荆州申建保税物流中心。", {}, {"荆州申建保税物流中心"}),
    (
        "河北省",
        "高起点规划高标准建设雄安新区,大规模开发建设全面展开。",
        {"雄安新区": None},
        {"高起点规划高标准建设雄安新区"},
    ),
    (
        "保定市高阳县",
        "“一区、四园、两托管”:四园,即开发区北园、开发区托管塑料循环经济产业园南园。",
        {},
        {"开发区托管塑料循环经济产业园南园"},
    ),
    (
        "保定市",
        "建成残疾人托管中心,抓紧做好荣乌高速公路建设。",
        {"残疾人托管中心": None, "荣乌高速公路": None},
        {"紧做好荣乌高速公路"},
    ),
    (
        "陕西省",
        "以西安区域科技创新中心建设为牵引,推动青岛国际航运中心建设,共建京津冀国家技术创新中心。",
        {"京津冀国家技术创新中心": None},
        {"西安区域科技创新中心", "青岛国际航运中心"},
    ),
    (
        "四川省",
        "建成兰州轨道交通二号线,开通成都地铁19号线二期。",
        {"兰州轨道交通二号线": None, "成都地铁19号线二期": "成都市"},
        {"兰州轨道交通"},
    ),
    (
        "河北省",
        "启动建设河北汽车、卫星导航、纺织服装等一批工程技术研究中心。",
        {},
        {"河北汽车", "卫星导航", "纺织服装"},
    ),
    ("云南省", "云南企业经中老铁路进出口货值占全线货值的60.8%。", {"中老铁路": None}, {"云南企业经中老铁路"}),
    (
        "泉州市南安市",
        "依托“南安人经济”商圈,支持建设“两国双园”,经济开发区获国家新型工业化产业示范基地“四星评价”。",
        {"“南安人经济”商圈": None, "两国双园": None},
        {"经济开发区获国家新型工业化产业示范基地"},
    ),
    (
        "泉州市鲤城区",
        "美化雕琢古城风貌,串联古城、古厝等资源要素。焕新重点片区。",
        {},
        {"美化雕琢古城", "串联古城", "焕新重点片区"},
    ),
    (
        "保定市容城县",
        "充分发挥工会、共青团、妇联等群团组织的桥梁纽带作用,借势雄安新区,铺设供热管网。",
        {"供热管网": None},
        {"工会桥", "妇联桥", "借势雄安新区", "铺设供热管网"},
    ),
    (
        "河北省",
        "高质量完成国企改革深化提升行动,实施原始创新提升行动。",
        {"国企改革深化提升行动": None},
        {"行动", "提升行动"},
    ),
    # one entity for a name spelled with and without the reporting place: the bare one if it names something
    (
        "福州市仓山区",
        "仓山区三江口片区蓬勃发展。加快三江口片区建设,建成开放植物园一期。",
        {"三江口片区": "仓山区", "植物园一期": "三江口片区"},
        {"仓山区三江口片区"},
    ),
    ("保定市易县", "易县经济开发区获评省级园区。经济开发区新建标准厂房。", {"易县经济开发区": "易县"}, {"经济开发区"}),
    (
        "保定市易县",
        "依托绿谷小镇建设乡村振兴示范区,紧紧抓住列入雄安新区建材供应基地的机遇。",
        {"绿谷小镇": None},
        {"绿谷小镇建设乡村振兴示范区", "雄安新区建材供应基地"},
    ),
    (
        "天津市",
        "促进诺和诺德等重点外企,华润、招商局、国投等央企业务板块深化布局,协和天津基地建设顺利推进。",
        {"协和天津基地": None},
        {"央企业务板块", "天津基地"},
    ),
    ("河南省", "提升郑州国际航空物流枢纽能级。", {}, {"郑州国际航空物流枢纽"}),
    ("江苏省", "打响“水韵江苏”、“江南古镇”等旅游品牌。", {"江南古镇": None}, set()),
    (
        "河北省",
        "在曹妃甸建立面积各20平方公里的承德工业园和秦皇岛工业园。",
        {"承德工业园": "曹妃甸区", "秦皇岛工业园": "曹妃甸区"},
        set(),
    ),
    ("聊城市高唐县", "积极谋划争取德聊城际高铁在高唐过境设站。", {}, {"高唐过境设站"}),
    (
        "河北省",
        "支持邢台开发区争列国家级开发区,提升济宁北方内河航运中心能级,构建政府+园区+协会模式。",
        {"邢台开发区": "邢台市"},
        {"邢台开发区争列国家级开发区", "济宁北方内河航运中心", "政府+园区+协会", "政府+园区"},
    ),
    (
        "保定市顺平县",
        "实施尧山至骊山工业园区供电工程,组建投融资公司——顺平县兴顺城乡建设有限公司。",
        {"骊山工业园区供电工程": None, "顺平县兴顺城乡建设有限公司": "顺平县"},
        set(),
    ),
    (
        "保定市涞源县",
        "彻底打通涞源项目建设的“任督二脉”,A级旅游景区提升工程加快建设,西湖大学牵头建设全国重点实验室。",
        {},
        {"涞源项目", "A级旅游景区", "A级旅游景区提升工程", "西湖大学牵头建设全国重点实验室"},
    ),
    (
        "保定市高阳县",
        "县人大常委会主任续金明作高阳县人民代表大会常务委员会工作报告。",
        {},
        {"县人大常委会主任续金明作高阳县人民代表大会常务委员会"},
    ),
]


@pytest.mark.parametrize("place, sentence, placed, absent", CORPUS_SENTENCES, ids=[c[1][:12] for c in CORPUS_SENTENCES])
def test_corpus_sentences(nlp, place, sentence, placed, absent):
    # the State Council's report names no place in its title: its preamble says who delivers it
    title = (
        "政府工作报告\n现在,我代表国务院,向大会报告政府工作。" if place == "国务院" else f"{place}2026年政府工作报告"
    )
    doc = nlp(f"{title}\n一、2025年工作回顾\n{sentence}\n二、2026年工作安排\n")
    found = {e.label: e for e in doc._.entities}
    for label, container in placed.items():
        assert label in found, (label, sorted(found))
        assert container_label(found[label]) == container, (label, container_label(found[label]))
    assert not absent & set(found), absent & set(found)


# --- the seeds, from the built graph ----------------------------------------------------------


def select(store: ox.Store, query: str) -> set[tuple]:
    return {
        tuple(None if v is None else v.value for v in row)
        for row in store.query(PREFIXES + query, use_default_graph_as_union=True)
    }


def located(store: ox.Store, label: str) -> set[str]:
    return {
        r[0]
        for r in select(store, f'SELECT ?w WHERE {{ ?e rdfs:label "{label}"@zh ; gk:locatedIn ?x . ?x rdfs:label ?w }}')
    }


def test_seed_relations(seed_store):
    assert located(seed_store, "植物园一期") == {"三江口片区"}
    assert located(seed_store, "三江口片区") == {"仓山区"}
    assert located(seed_store, "新阳片区道路") == {"新阳片区"}
    assert located(seed_store, "东海街道社区卫生服务中心") == {"东海街道"}
    assert located(seed_store, "清源街道社区卫生服务中心") == {"清源街道"}
    assert located(seed_store, "清源街道") == {"丰泽区"}
    assert located(seed_store, "泉州五中洛江校区") == {"洛江区"}
    assert located(seed_store, "洪梅预制菜产业园") == {"洪梅镇"}
    assert located(seed_store, "洪梅镇") == {"南安市"}
    assert located(seed_store, "江南片区大型垃圾转运站") == {"江南片区"}
    assert located(seed_store, "江南新区环境整治提升工程") == {"江南新区"}
    # transitively in the city and the province
    assert {"洪梅镇", "南安市", "泉州市", "福建省"} <= {
        r[0]
        for r in select(
            seed_store,
            """SELECT ?w WHERE {
        ?e rdfs:label "洪梅预制菜产业园"@zh ; gk:locatedIn+ ?p . ?p rdfs:label ?w }""",
        )
    }


def test_seed_statuses_years_and_investment(seed_store):
    completed = select(
        seed_store,
        """SELECT ?l ?y WHERE { ?p a gk:Project ; rdfs:label ?l ; gk:statusStatement ?s .
        ?s gk:status gk:Completed ; gk:year ?y ; gk:planned false }""",
    )
    assert {("科创中心", "2023"), ("紫华园", "2023")} <= completed
    planned = select(
        seed_store,
        """SELECT ?l ?st ?y WHERE { ?p a gk:Project ; rdfs:label ?l ; gk:statusStatement ?s .
        ?s gk:status ?st ; gk:year ?y ; gk:planned true }""",
    )
    assert ("泉州五中洛江校区", "https://w3id.org/govkg/ontology#Started", "2025") in planned
    investment = select(
        seed_store,
        """SELECT ?v ?u ?n WHERE { ?p rdfs:label "江南新区环境整治提升工程"@zh ;
        gk:investment ?i . ?i gk:value ?v ; gk:unit ?u ; gk:normalizedValue ?n }""",
    )
    assert investment == {("50", "亿元", "5000000000")}


def test_every_extracted_relation_is_traced_to_a_sentence(seed_store):
    untraced = select(
        seed_store,
        """SELECT ?e ?x WHERE { ?e gk:locatedIn ?x ; a ?c .
        VALUES ?c { gk:Project gk:Area gk:Township gk:Organization }
        FILTER NOT EXISTS { ?st rdf:subject ?e ; rdf:object ?x ; prov:wasDerivedFrom ?s . ?s a gk:Sentence } }""",
    )
    assert not untraced
    stated = select(
        seed_store,
        """SELECT ?text WHERE { ?st rdf:subject ?e ; rdf:object ?x ; gk:implied false ;
        prov:wasDerivedFrom ?s . ?e rdfs:label "植物园一期"@zh . ?s gk:text ?text }""",
    )
    assert any("三江口片区" in text for (text,) in stated)


def test_seed_reports_mention_their_entities(seed_store):
    mentioned = select(
        seed_store,
        """SELECT ?l WHERE { ?r gk:sourceFile "000_79a18ab8566106eb.txt" ; gk:mentions ?e .
        ?e rdfs:label ?l }""",
    )
    assert {"鲤城区", "王克思", "江南片区", "鸿星尔克", "火炬电子", "商务部", "科创中心"} <= {m[0] for m in mentioned}
    people = select(seed_store, "SELECT ?l ?pos WHERE { ?p a gk:Person ; rdfs:label ?l ; gk:position ?pos }")
    assert {("王克思", "区长"), ("林清伏", "区长")} <= people


def test_seed_terms_and_counts_per_class(seed_store):
    counts = dict(
        select(
            seed_store,
            """SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {
        VALUES ?c { gk:Project gk:Area gk:Township gk:Organization gk:Initiative gk:Person gk:Term } ?e a ?c }
        GROUP BY ?c""",
        )
    )
    assert int(counts["https://w3id.org/govkg/ontology#Term"]) == 19
    for cls in ("Project", "Area", "Township", "Organization", "Initiative", "Person"):
        assert int(counts[f"https://w3id.org/govkg/ontology#{cls}"]) >= 3, cls


# --- entity resolution across reports --------------------------------------------------------


def _report(place_line: str, year: int, body: str) -> str:
    return (
        f"政府工作报告\n——{year - 1}年12月28日在{place_line}第十届人民代表大会第三次会议上\n"
        f"一、{year - 1}年政府工作回顾\n{body}"
        "我们坚持发展经济,推进工作落实,建设美丽城区,改善民生福祉,取得新进展新成效。\n"
        f"二、{year}年政府工作安排\n全区生产总值增长6%左右。我们将继续推进高质量发展,建设现代化经济体系,办好民生实事。"
        f"坚持以人民为中心的发展思想,扎实推进共同富裕,持续增进民生福祉,不断提升群众的获得感幸福感安全感。\n"
    )


def test_one_node_per_entity_across_years_and_two_for_two_districts(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(
        _report("泉州市鲤城区", 2024, "加快江南片区建设,建成开放江南公园。"), encoding="utf-8"
    )
    (inputs / "b.txt").write_text(
        _report("泉州市鲤城区", 2025, "提速推进江南片区开发,投用江南片区大型垃圾转运站。"), encoding="utf-8"
    )
    (inputs / "c.txt").write_text(
        _report("泉州市丰泽区", 2025, "加快江南片区建设,建成开放江南公园。"), encoding="utf-8"
    )
    build([inputs], tmp_path / "out", jobs=1)
    store = open_store(tmp_path / "out")
    areas = select(
        store,
        'SELECT ?a ?where WHERE { ?a a gk:Area ; rdfs:label "江南片区"@zh ; gk:locatedIn ?p . ?p rdfs:label ?where }',
    )
    assert {where for _, where in areas} == {"鲤城区", "丰泽区"} and len(areas) == 2
    liCheng = next(a for a, where in areas if where == "鲤城区")
    reports = select(store, f"SELECT ?f WHERE {{ ?r gk:mentions <{liCheng}> ; gk:sourceFile ?f }}")
    assert reports == {("a.txt",), ("b.txt",)}
    assert liCheng.endswith("/area/福建省/泉州市/鲤城区/江南片区")


# --- no fragments, seeds and corpus ----------------------------------------------------------


def fragment_labels(store: ox.Store) -> list[tuple[str, str]]:
    labels = select(
        store,
        """SELECT DISTINCT ?l ?c WHERE {
        VALUES ?c { gk:Project gk:Area gk:Township gk:Organization gk:Initiative gk:Person } ?e a ?c ; rdfs:label ?l }""",  # noqa: E501  (test data)
    )
    return sorted(
        (label, cls)
        for label, cls in labels
        if label.startswith(FRAGMENT_EDGES) or label.endswith(FRAGMENT_EDGES) or COUNT.search(label) or len(label) < 2
    )


def test_no_fragment_labels_in_the_seed_build(seed_store):
    assert fragment_labels(seed_store) == []


def test_no_fragment_labels_in_the_corpus_build(corpus_build):
    _, out = corpus_build
    store = open_store(out)
    assert fragment_labels(store) == []
    counts = dict(
        select(
            store,
            """SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {
        VALUES ?c { gk:Project gk:Area gk:Township gk:Organization gk:Initiative } ?e a ?c } GROUP BY ?c""",
        )
    )
    # every class is found across the corpus (townships are the rarest: about one in two reports)
    assert len(counts) == 5 and all(int(n) >= 50 for n in counts.values()), counts


def test_corpus_cases(corpus_build):
    """Relations met in the corpus: a zone in a province's report lies in its city (沈阳片区 of the
    Liaoning free-trade zone), and a list of projects shares its status."""
    _, out = corpus_build
    store = open_store(out)
    assert "沈阳市" in located(store, "沈阳片区")
    started = select(
        store,
        """SELECT ?l WHERE { ?r gk:sourceFile "province_辽宁省_2026.txt" ; gk:mentions ?p .
        ?p a gk:Project ; rdfs:label ?l ; gk:statusStatement ?s . ?s gk:status gk:Completed ; gk:planned true }""",
    )
    assert {("华锦阿美精细化工",), ("亿纬锂能沈阳工厂",)} <= started
