"""Named entities of a report and the relations the text states between them.

Projects, areas, townships, organisations, initiatives and people are read from the
framed sentences by rules, not a trained model: a name ends in a head word that says
what it is (片区, 街道, 大桥, 项目, 专项行动, 公司 ...); it starts after punctuation, a
function word or the verbs that govern it (加快建设, 建成投用 ...), which are trimmed.
On top of names, the Chinese that carries relations:

* enumerations ``科创中心、紫华园等6个项目建成投用``: the items are entities of the class the
  category noun names, and share the status; ``等6个`` is a count, never a name;
* distributive prefixes ``东海、清源街道社区卫生服务中心`` → two names, one per 街道;
* a zone and then its contents ``加快三江口片区建设,…,建成开放植物园一期`` and
  ``新阳片区内道路、排洪渠`` → what follows is located in the zone;
* names that carry their place: ``泉州五中洛江校区`` (洛江区), ``洪梅预制菜产业园``
  (洪梅镇, known from ``洪梅等镇``), ``江南片区大型垃圾转运站`` (江南片区);
* a zone with and without its suffix (繁荣站前西 / 繁荣站前西片区) is one entity, and so is a
  name with and without the reporting place before it (仓山区三江口片区 / 三江口片区);
* what a clause sets up somewhere (``在曹妃甸建立…承德工业园``) lies there, whatever it is named for.

Everything here is plain data with sentence spans; RDF is made elsewhere (kg.rdf).
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from kg.model import (Entity, EntityKind, EntityKey, Frame, Investment, ProjectStatus, ReportMetadata,
                      Sentence, StatusStatement)
from kg.places import Gazetteer, Place

# --- vocabulary -----------------------------------------------------------------------------

# Head words that end a name, with the class they give. Longer heads are tried first.
_AREA_HEADS = ("片区 新区 园区 产业园 工业园 科技园 物流园 创业园 孵化园 开发区 高新区 经开区 保税区 综合保税区 自贸区 自贸试验区 "
               "试验区 示范区 集聚区 功能区 商务区 活力区 中心区 镇区 商圈 街区 古城 古街 古镇 小镇 景区 度假区 港区 "
               "科技城 新城 科学城 智造城 产业城 组团 板块 合作区 产业带").split()
_TOWNSHIP_HEADS = ("街道", "镇", "乡")
_PROJECT_HEADS = ("项目 工程 大桥 桥 大道 快速路 快速通道 通道 隧道 高速公路 高速 公路 铁路 轨道交通 地铁 号线 城际 互通 立交 "
                  "站 枢纽 码头 机场 水库 电站 变电站 泵站 干渠 管网 绿道 步道 碧道 "
                  "学校 中学 小学 幼儿园 校区 实验学校 医院 卫生院 中心 体育馆 博物馆 图书馆 美术馆 展览馆 文化馆 纪念馆 "
                  "科技馆 会展中心 剧场 剧院 公园 广场 综合体 大楼 大厦 安置房 安商房 工厂 厂 基地 仓 "
                  "路 街 园").split()
_ORGANIZATION_HEADS = ("有限公司 股份公司 公司 集团 股份 银行 大学 学院 研究院 研究所 实验室 商会 协会 交易所 "
                       "委员会").split()
_INITIATIVE_HEADS = ("专项行动 三年行动 攻坚行动 提升行动 行动计划 计划 行动 攻坚战 工程包").split()
# national agencies are a closed list; 部 alone ends too many ordinary words (全部, 东部, 干部)
_AGENCIES = ("国务院 国家发展改革委 国家发改委 发改委 工信部 工业和信息化部 商务部 科技部 教育部 财政部 民政部 人社部 "
             "自然资源部 生态环境部 住建部 住房城乡建设部 交通运输部 水利部 农业农村部 文旅部 文化和旅游部 "
             "国家卫健委 卫健委 应急管理部 审计署 国资委 海关总署 税务总局 市场监管总局 国家统计局 中国人民银行 "
             "人民银行 证监会 银保监会 国家金融监督管理总局 国家能源局 国家林草局 国家文物局 国家知识产权局").split()

_AGENCY_RE = re.compile("|".join(sorted(_AGENCIES, key=len, reverse=True)))

# Weak heads (one character, or words that also end ordinary nouns) must be followed by a
# boundary, so that 站位, 路径, 园丁 or 中心城区 are not read as names.
_WEAK_HEADS = {"桥", "站", "路", "街", "园", "厂", "仓", "中心", "通道", "城际", "高速", "基地", "互通", "镇", "乡",
               "计划", "行动", "组团", "板块", "股份", "集团", "学院", "大学"}
_BOUNDARY_AFTER = re.compile(r"(?:[,、。;:!?()“”《》\s]|新(?:业务用房|院区|校区|大楼|址)|等|和|及|与|的|建设|开工|建成|投用|投入|竣工|完工|通车|运营|开放|"
                             r"项目|工程|改造|提升|扩建|改建|新建|迁建|一期|二期|三期|前期|$)")
# A head followed by these is an adjective or a compound, not the end of a name.
_NOT_A_HEAD_AFTER = re.compile(r"[化性式型度级群带链长部外间道头口域]|办|委|(?<=带)动|(?<=街道)路|(?<=工程)师|(?<=枢纽)港")

_HEADS: list[tuple[str, EntityKind]] = sorted(
    [(h, EntityKind.AREA) for h in _AREA_HEADS] + [(h, EntityKind.TOWNSHIP) for h in _TOWNSHIP_HEADS]
    + [(h, EntityKind.PROJECT) for h in _PROJECT_HEADS] + [(h, EntityKind.ORGANIZATION) for h in _ORGANIZATION_HEADS]
    + [(h, EntityKind.INITIATIVE) for h in _INITIATIVE_HEADS],
    key=lambda item: -len(item[0]))
_HEAD_KIND = dict(_HEADS)
_HEAD_LENGTHS = sorted({len(h) for h in _HEAD_KIND}, reverse=True)
_HEAD_RE = re.compile("|".join(re.escape(h) for h, _ in _HEADS))
_PHASE = re.compile(r"(?:[((][一二三四五六七八九十\d]+期[))]|[一二三四五六七八九十\d]+期(?:工程|项目)?)")

# What may appear inside a name; anything else ends it on the left.
_NAME_CHARS = r"\u4e00-\u9fffA-Za-z0-9·+\-“”()()"
# Matched on the reversed text before a head: "[…]+$" searched forwards retries every start.
_NAME_RUN_BACKWARDS = re.compile(f"[{_NAME_CHARS}]+")
# Function words that separate a name from what precedes it.
_LEFT_BREAKS = re.compile(r"(?:的|和|及|与|或|在|对|把|将|被|为|向|从|以(?!上)|由|于|让|使|至|到|同|跟|并|暨|为主|(?<!高)等(?!级|职业)|是|[((]\d{1,2}[))]|(?<!立)即(?!墨)|指(?!数|标|挥|导|南|引|定|纹|令|向|出)|境内(?=无)|(?<![财政神曾已途])经(?!济|营|贸|开)(?=国务院|中央|省委|省政府|[\u4e00-\u9fff]{2,4}(?:铁路|高铁|公路|高速|港|口岸|通道|航线)))")

# Verbs, adverbs and modifiers that precede names; trimmed from the left, longest first.
_LEADING_WORDS = tuple(sorted(set("""
加快推进 加快建设 加快推动 加快实施 加快打造 加快 推进 推动 建设 建成 投用 完成 启动 实施 开工 新开工 开建 动工 新建 续建
扩建 改建 迁建 打造 培育 谋划 策划 争取 力争 全力 全面 深入 深化 持续 接续 扎实 积极 加大 加强 落地 落实 引进 招引
支持 新增 建立 开展 举办 提速 抓好 抓 做好 做强 做优 做大 围绕 依托 聚焦 重点 着力 大力 确保 基本 顺利 实现 开放
投入使用 投入运营 投入 使用 运营 成功 获批 创建 申报 规划 提升 改造 整治 推行 服务 保障 配合 协调 做实 建好 用好 办好
完善 优化 盘活 发挥 壮大 新开 开通 新改建 新改 改扩建 上马 竣工 完工 交付 移交 布局 筹建 承办 引导 带动 促进 强化
参与 入驻 进驻 落户 签约 对接 开拓 拓展 构建 形成 组建 成立 设立 搭建 升级 提质 更新 加速 全速 提前 如期 高标准
高质量 高水平 继续 进一步 再 又 还 已 均 共 和 及 与 同时 重塑 稳妥 丰富 高起点 高规格 高品质 高效 焕新 美化 雕琢 串联 激活 唤醒 充分发挥 发展 发展壮大 铺设 储备 规范 清理规范 借势 借力 借势借力 紧紧抓住 抓住 新上 助力 健全 标志着 构筑 改革完善 深度融入 融入 总结推广 推广 主动服务 紧密衔接 衔接 坚定不移 坚定不移地 调整 重组 重组成立 重组形成 因地制宜 千方百计 千方百计地 随着 明确 锲而不舍 助推 按照 严厉打击 打击 管控 更多 设置 打通 不断加强 充实 紧密结合 逐步推广 预计 投产 改革了 投运 全年 今年 当年 年内 精心 利用 有效 攻坚 深耕 巩固 鼓励 其中 包括 主要 重大 一批 一系列 系列 多个 各类 等
""".split()), key=len, reverse=True))
_LEADING_RE = re.compile("|".join(re.escape(w) for w in _LEADING_WORDS))
_NOT_A_START = _LEADING_WORDS + ("等", "其中")
# Head words that end a name; one standing first is what is left of a longer phrase (片区管网…).
# After 镇/乡/街道 inside a name, these make a word of it (乡镇, 乡风, 乡村, 街道路 = 街 + 道路).
_NOT_A_TOWNSHIP_AFTER = re.compile(r"(?<=乡)[镇风土愁贤亲村]|(?<=镇)[街村]|(?<=街道)路")
_ROUTE_HEADS = frozenset("铁路 高铁 公路 高速公路 高速 快速路 通道 城际 线 大道 管道 航线".split())
_NOT_NAME_OPENERS = ("片区", "园区", "镇区", "项目", "工程", "板块", "组团")
# Words that may not end a name (what a name is followed by, leaked into it).
_TRAILING_WORDS = tuple(sorted(set("""
建设 开工 建成 投用 完成 启动 实施 推进 加快 新增 开发 更新 改造 提升 运营 竣工 完工 开放 建设项目 投入 使用 等
""".split()), key=len, reverse=True))
# Verbs that cut a run in the middle: what stands before them belongs to another phrase.
_INNER_CUTS = re.compile(r"(?:创建|争创|争列|牵头|升创|晋升|获(?=国家|全国|省级|中国)|打响|擦亮|获得|上榜|入选|跻身|获评|入围|荣获|获批|列入|纳入|成为|评为|通过|达到|入驻|进驻|落户|签约|共建|设立|出台|吸引|进入|位列|申建|托管(?!中心|服务|机构)|做好|办好|建好|用好|管好|合作开发|开发建设|制定|(?<!翻)修改(?!造)|修订|"
                         r"建成投用|建成开放|开工建设|加快建设|推进建设|启动建设|建成|投用|开工|启动|实施|推进|加快|完成|新增|"
                         r"推动|打造|引进|招引|谋划|支持|开展|举办|落地|新建|开建|动工|培育|落实|深化|围绕|依托|聚焦|争取|力争|抓好|实现)")

# Category nouns that follow 等 in an enumeration, with the class they give the items.
_CATEGORY_KINDS = [
    (re.compile(r"(?:企业|公司|集团|名企|民企|龙头|商家|银行|院校|高校)"), EntityKind.ORGANIZATION),
    (re.compile(r"(?:片区|园区|新区|区域|板块|组团|商圈|街区|景区|开发区|产业园|镇区|城区)"), EntityKind.AREA),
    (re.compile(r"^(?:乡镇|镇街|街道|镇|乡|镇\(街道\))$"), EntityKind.TOWNSHIP),
    (re.compile(r"(?:专项行动|行动|计划)$"), EntityKind.INITIATIVE),
    (re.compile(r"(?:项目|工程|设施|场馆|学校|医院|道路|公园|站|桥|线|馆|中心)"), EntityKind.PROJECT),
]
_ENUMERATION = re.compile(
    r"(?P<items>[^,;:。]+?)(?<!高)等(?!级|职业)(?P<count>[\d一二三四五六七八九十百千几多两]+[个家所座条处项批名大]|一批|多个|多家|系列)?"
    r"(?P<category>[\u4e00-\u9fff“”]{0,12}?(?:企业|公司|集团|名企|民企|银行|院校|高校|片区|园区|新区|区域|"
    r"板块|组团|商圈|街区|景区|开发区|产业园|镇区|城区|乡镇|镇街|街道|镇|乡|专项行动|行动|计划|项目|工程|设施|场馆|学校|医院|"
    r"道路|公园|站|桥|线|馆|中心))"
    r"(?!管理|家|主|化|级|梁|培训|服务|用工|融资|数|里|内|外|间|村|风|土|亲|愁|贤)")


def _successive_matches(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that opens with a run of any characters the text
    is made of (``_ENUMERATION`` in a clause): a match starting anywhere could start at the end
    of the one before, so where it fails to match there it matches nowhere, and the search need
    not try every later start (eight times faster on the corpus, same matches)."""
    position = 0
    while (match := pattern.match(text, position)) is not None:
        yield match
        position = match.end()


# 等一批工程技术研究中心: the items before such a class are fields (汽车, 卫星导航), not names
_RESEARCH_CENTRES = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:研究|研发|技术|创新)中心")
_COUNT_BEFORE = re.compile(r"(?:[\d一二三四五六七八九十百千两几多]+(?:个|项|家|所|座|条|处|批|名|大|类|余个|多个)(?:以上|左右)?|"
                           r"一批|多个|若干|系列|各类|一系列)$")
# The shortest count ending at a position has at most five characters (a numeral, 余个, 以上),
# so searching the last eight finds the same counts as searching all the text before it.
_COUNT_REACH = 8
_NUMBERED_BIG = re.compile(r"[一二三四五六七八九十]+大")
_COUNT_INSIDE = re.compile(r"(?<!第)[\d一二三四五六七八九十百千两几多]+(?:个|项|家|所|座|条|处|批|名|类|余个|多个|万|亿)(?!期)|(?<![A-Za-z\d])\d+[大县乡村]")
# Words ending in a head character that are not names of that kind.
_NOT_NAMES = tuple("设站 建站 思路 道路 出路 新路 门路 路子 之路 线路 电路 回路 入园 校园 家园 田园 网站 站点 一站 结合部".split())
# After a place's short name these say it names a river bank or a landscape, not the place (晋江南岸).
_NOT_PLACE_AFTER = re.compile(r"(?:[东西南北]?岸|两岸|沿岸|流域|河|江|溪|湖|山|防洪|水系|干流|支流|[东西南北]路|大道|大桥)")
# After a short name inside a name these say the thing is a branch in that place (泉州五中洛江校区).
_AROUND = re.compile(r"周边|周围|外围|以外|之外|毗邻")
# Names of regions that are also the short names of districts (中原区, 江北区): 中原银行 is not in 中原区.
_REGION_WORDS = frozenset(("中原 华北 华东 华南 华中 西南 西北 东北 江南 江北 岭南 关中 陕北 苏北 苏南 皖北 豫北 冀中 冀东 东部 西部 "
                           "港口 城区 郊区 矿区").split())
_SITE = re.compile(r"在(?P<place>[\u4e00-\u9fff]{2,6}?)(?:建立|建设|设立|兴建|规划建设)")
_RANGE_MARKS = ("至", "到", "—", "–", "－", "-")
_TITLE_GIVEN_BEFORE = re.compile(r"(?:列入|纳入|入选|评为|获评|命名为|认定为|确定为|授予)$")
_STANDING_AFTER = re.compile(r"(?:的)?(?:地位|定位|能级|影响力)")
# A city's strategic role (国际航运中心, 西安区域科技创新中心), not a facility; 国家技术创新中心 are real platforms.
_CITY_ROLE = re.compile(r"(?:国际|区域|全球)(?:性)?(?:(?:科技创新|航运|金融|贸易|经济|交往|消费|商贸|物流枢纽|电力交换枢纽)中心|"
                        r"(?:航空|航空物流|综合交通|交通|物流|门户|航运|铁路|能源)枢纽)$|航运中心$")
# Characters that cut or split a run of text and also occur inside place names (西和县, 诸暨).
_JOINERS = re.compile(r"[和与及暨同至到于由以为向从在并是即等]")
_REGION_AROUND = re.compile(r"都市圈|经济圈|城市圈|城市群|经济带|一体化|同城化")
# Landforms named after a place below a province are larger than it (江汉平原 is not in 江汉区).
_PROVINCE_KINDS = ("Province", "Municipality", "AutonomousRegion", "SpecialAdministrativeRegion")
_LANDFORM_AFTER = re.compile(r"平原|盆地|湾区|高原|流域")
_BRANCH_AFTER = re.compile(r"(?:校区|分校|分院|院区|园区|片区|新区|产业园|段)")
# Titles a place or project is awarded (全国一级图书馆, 省级慢性病综合防控示范区), not names.
_DESIGNATION = re.compile(r"(?:全国|国家级|省级|市级|区级|县级|首个|首批|全省|全市|全区|全县|首次|[1-5]?A级|"
                          r"(?:国家|省|市)[\u4e00-\u9fff]*(?:示范|试点|样板|标准化|一级|星级))")
# A numbered reference to a note (仙人山景区〔20〕), not part of the name before it.
_NOTE_MARK = re.compile(r"[〔\[【(（]\d{1,3}[〕\]】)）]$")
# Slogans such as 一村一品, 一县多园 count things; they name nothing.
_SLOGAN = re.compile(r"^[一二三四五六七八九十百千多两][\u4e00-\u9fff][一二三四五六七八九十百千多两][\u4e00-\u9fff](?<!期)$")
_QUOTED = re.compile(r"“[^“”]*”")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_MODEL_NUMBER = re.compile(r"\d+[A-Za-z]")
_FIRST_OF_A_CLASS = re.compile(r"首[个座条家批台]|第[一二三四五六七八九十]+[个座条家批台]|第[一二三四]季度|历史上")
_ZONE_WITH_TITLE = re.compile(r"[区园](?:国家级|省级|市级)")
_NAME_MARKS = re.compile(r"[“·A-Za-z]|\d")
_COUNT_ONLY = re.compile(r"^[\d一二三四五六七八九十百千万亿两几多余.%个项家所座条处批名大类期]+$")

# A name made only of these words is a category (重点项目, 工业园区), not a name.
_GENERIC_WORDS = tuple(sorted(set("""
重点 重大 产业 工业 省级 市级 县级 区级 国家级 省 市 县 区 国家 民生 基础设施 基础 城建 城市 城镇 农村 乡村 现代 特色 新型
各类 相关 配套 公共 社会 新 大 小 好 优质 品质 提升 品牌 示范 标准化 标准 老旧 建设 发展 招商 在建 续建 新建 储备 前期
签约 落地 开工 竣工 投产 省市 高质量 数字 智慧 文旅 教育 医疗 卫生 交通 水利 能源 农业 服务业 服务 科技 创新 生态 环保
文化 旅游 体育 商贸 物流 园区 城乡 社区 乡镇 村 村级 全市 全区 全县 全省 全州 全旗 我市 我区 我县 我省 本地 外资 内资
大项目 好项目 规上 骨干 龙头 头部 企业 项目 工程 民营 国有 中小 专精特新 高新 技术 高新技术 新兴 未来 传统 先进 制造
制造业 数字化 智能 智能化 绿色 低碳 综合 一体化 各 多 一批 重点项目 产业化 招商引资 产城 融合 开放 合作 对外 区域 中心
功能 平台 载体 主体 市场 消费 商业 住宅 保障性 安居 安置 棚户区 改造 城中村 旧城 老城 新城 主城 城区 郊区 片区 试点
美丽 宜居 和美 幸福 健康 平安 法治 政务 便民 惠民 为民 实事 小微 双创 众创 创业 就业 人才 高端 优势 支柱 主导 战略性
地方 全国 世界 国际 中国 国内 海外 境外 省外 市外 一流 百强 500强 强 县域 镇域 园 区域性 公益性 经营性 基层 乡镇级
现有 精品 规范 若干 优强 外地 机构 大公司 大集团 直通 中小 优秀 知名 头部 链主 上市 非上市 违规 符合条件 各级 相关 有关
政府 部门 单位 群众 居民 农民 市民 人民 百姓 党员 干部 实事 民心 为民办 环境 保护 经营 运行 多渠道 样板 标杆 典型 主干 主要 设施 配套设施 中等 高等 高等级 职业 普通
""".split()), key=len, reverse=True))
# generic words by their first character, for the word-break check in _is_generic
_GENERIC_BY_FIRST: dict[str, list[str]] = {}
for _word in _GENERIC_WORDS:
    _GENERIC_BY_FIRST.setdefault(_word[0], []).append(_word)

_STATUS_WORDS: list[tuple[str, ProjectStatus]] = sorted([
    *((w, ProjectStatus.COMPLETED) for w in "建成 竣工 完工 落成 交付 通车 建成通车 建成投用 建成开放 建成投产 基本完工 主体完工 完成建设 实现通车".split()),
    *((w, ProjectStatus.IN_OPERATION) for w in "投用 投入使用 投入运营 运营 投产 启用 开业 开园 开馆 开放 运行 投入运行 开通 开通运营".split()),
    *((w, ProjectStatus.STARTED) for w in "开工 新开工 开建 动工 开工建设 启动建设 启动 破土动工 落地".split()),
    *((w, ProjectStatus.UNDER_CONSTRUCTION) for w in "在建 续建 加快建设 推进建设 加快推进 提速 加快 建设 推进 推动 改造 扩建 提升 打造 实施".split()),
    *((w, ProjectStatus.PLANNED) for w in "谋划 策划 规划 筹建 前期 储备 申报 争取 签约".split()),
], key=lambda item: -len(item[0]))
_STATUS_RE = re.compile("|".join(re.escape(w) for w, _ in _STATUS_WORDS))
_STATUS = dict(_STATUS_WORDS)

# Positions of officials, and the usual surnames, for people named in the text (区长林清伏).
_POSITIONS = ("省长 副省长 市长 副市长 区长 副区长 县长 副县长 州长 盟长 旗长 书记 主任 主席 镇长 乡长 总理 副总理 部长 厅长 局长").split()
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
                "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞"
                "颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
                "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和"
                "仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_PERSON = re.compile("(?P<position>" + "|".join(sorted(_POSITIONS, key=len, reverse=True)) + ")"
                     r"(?P<name>[\u4e00-\u9fff]{2,3}?)(?=向|在|作|代表|主持|出席|讲话|指出|强调|表示|说|[,、。:\s])")

_INVESTMENT_BEFORE = re.compile(r"总投资(?P<cmp>超过|超|近|约|达|逾)?(?P<value>\d+(?:\.\d+)?)(?P<unit>亿元|万元|亿美元|万美元)"
                                r"(?:以上|左右|多)?的$")
_INVESTMENT_AFTER = re.compile(r"^[,、]?(?:项目)?(?:计划)?总投资(?P<cmp>超过|超|近|约|达|逾)?(?P<value>\d+(?:\.\d+)?)"
                               r"(?P<unit>亿元|万元|亿美元|万美元)")

# Places outside the report's neighbourhood that lists of partners name (在北京、上海等地).
_COMMON_PLACE_NAMES = set("北京 上海 天津 重庆 深圳 广州 杭州 南京 武汉 成都 西安 厦门 福州 苏州 香港 澳门 台湾 长三角 珠三角 "
                          "粤港澳 京津冀 大湾区 海外 境外 国内 国外 欧洲 美国 日本 韩国 东盟 中东 非洲".split())

# A clause that opens with who won an honour, and honours only companies win.
_HONOUR = re.compile(r"^(?P<items>[\u4e00-\u9fffA-Za-z0-9、·]{2,30}?)(?:成功|相继|先后|均|分别)?"
                     r"(?P<honour>(?:入围|上榜|获评|入选|荣获|跻身|获批|认定为|评为|上市(?!公司)|挂牌)[^,;:。]*)")
_HONOUR_VERB = re.compile(r"入围|上榜|获评|入选|荣获|跻身|获批|认定为|评为|上市(?!公司)|挂牌")
_COMPANY_HONOUR = re.compile(r"企业|民企|百强|小巨人|专精特新|上市|瞪羚|独角兽|龙头|单项冠军|技术中心|隐形冠军|500强")

_CLAUSE = re.compile(r"[^,;:。]+")
# A place, then what it builds: the place is the subject, the rest is a name within it.
_PLACE_BUILDS = re.compile(r"建设|打造|创建|争创|建成|发展|要抓好|抓好")
_CLAUSE_NO_STOP = re.compile(r"[^,;:]+")
# Before a zone, these make a clause about something other than building in it: a zone still
# planned (谋划建设高铁新城) has no contents yet; 围绕对接雄安新区 is about links to a zone elsewhere.
_NOT_INSIDE_VERB = re.compile(r"谋划|规划|筹建|策划|争取|申报|申建|对接|围绕|服务|融入|承接|连接|衔接|面向|辐射|"
                              r"配合|协同|联动|对标|学习|借鉴|依托|借助|依靠|立足|发挥|借势|借力|抓住|助力")
# Before a name, these make the place it starts with a destination (连接雄安新区道路), not its location.
_TOWARDS = re.compile(r"(?:连接|通往|对接|直通|联通|连通|通达|融入|服务)$")
_TOPIC_TAIL = re.compile(r"^(?:内|里|范围内)")
_TOPIC_CLAUSE_REST = re.compile(r"^(?:建设|开发|开发建设|综合开发|更新|改造|提升|规划建设|开发运营|综合开发运营|城市更新|"
                                r"片区开发|建设发展|发展)?$")


@dataclass
class _Mention:
    kind: EntityKind
    label: str
    start: int          # offsets in the sentence text
    end: int
    container: str | None = None        # label of an area/township that the name itself carries
    status: ProjectStatus | None = None
    counted: bool = False               # the category of an enumeration, not a name
    in_list: bool = False               # one of several items sharing a verb or a count
    listed_as: EntityKind | None = None  # the class an enumeration's category noun gives (等制造业园区 → Area)


@dataclass
class EntityExtractor:
    """Finds entities in a report's sentences; one instance per process (it keeps no report state)."""

    gazetteer: Gazetteer
    _indexes: dict[Place | None, "_PlaceIndex"] = field(default_factory=dict, repr=False)

    def extract(self, sentences: list[Sentence], meta: ReportMetadata) -> list[Entity]:
        if meta.place not in self._indexes:
            self._indexes[meta.place] = _PlaceIndex(self._nearby_places(meta.place))
        report = _ReportEntities(meta, self._indexes[meta.place])
        for sentence in sentences:
            if sentence.frame is Frame.UNKNOWN and not sentence.text.strip():
                continue
            report.read(sentence)
        return report.finish()

    def _nearby_places(self, place: Place | None) -> list[Place]:
        """Places a name in this report may carry: the place, its children, and its siblings' subtrees."""
        if place is None:
            return []
        scope = place.parent if place.parent is not None and place.kind not in ("Province", "Municipality",
                                                                                   "AutonomousRegion", "Country") else place
        return [p for p in self.gazetteer if p is not scope and _lies_in(p, scope)] + [place]


class _PlaceIndex:
    """The names of the places a report's entity names may carry, for substring lookup."""

    def __init__(self, nearby: list[Place]):
        self.places = sorted(((name, p) for p in nearby for name in {p.name, p.short_name} if len(name) >= 2),
                             key=lambda item: (-len(item[0]), item[1].adcode or ""))
        self.by_name: dict[str, list[Place]] = {}
        for name, place in self.places:
            self.by_name.setdefault(name, []).append(place)
        # the lengths of the names each character starts, longest first: most characters start none
        self.lengths_from: dict[str, list[int]] = {}
        for name in self.by_name:
            self.lengths_from.setdefault(name[0], []).append(len(name))
        for lengths in self.lengths_from.values():
            lengths.sort(reverse=True)
        self.rank = {id(place): rank for rank, (_, place) in enumerate(self.places)}
        self._inside: dict[str, list[tuple[str, Place]]] = {}   # a report names the same things again and again
        # the container a name carries (``_ReportEntities._carried_container``), for the one reporting
        # place this index serves
        self.containers: dict[tuple[str, EntityKind, int], str | None] = {}

    def inside(self, label: str) -> list[tuple[str, Place]]:
        """Names spelled inside a label (not the whole label), in the order of ``places``."""
        pairs = self._inside.get(label)
        if pairs is None:
            pairs = self._inside[label] = self._find_inside(label)
        return pairs

    def _find_inside(self, label: str) -> list[tuple[str, Place]]:
        hits: list[tuple[int, int, str]] = []
        for at, char in enumerate(label):
            for length in self.lengths_from.get(char, ()):
                if length < len(label) and at + length <= len(label) and label[at:at + length] in self.by_name:
                    hits.append((-length, at, label[at:at + length]))
        found = dict.fromkeys(name for _, _, name in sorted(hits))   # longest first, then leftmost
        # a short name shared by a city and its county (湘潭市, 湘潭县) means the city, which holds both
        pairs = [(name, place) for name in found for place in self.by_name[name]
                 if not any(other is not place and _lies_in(place, other) for other in self.by_name[name])]
        return sorted(pairs, key=lambda pair: self.rank[id(pair[1])])


# 史家寨镇区: the seat of a township, named by its stem
_TOWN_SEAT = re.compile(r"(?P<stem>[\u4e00-\u9fff]{2,4}?)(?:中心)?镇区$")


class _ReportEntities:
    """Entities of one report while its sentences are read."""

    def __init__(self, meta: ReportMetadata, places: _PlaceIndex):
        self.meta = meta
        self.place = meta.place
        self.entities: dict[EntityKey, Entity] = {}
        self.townships: dict[str, EntityKey] = {}     # stem → township, for names that carry it (洪梅预制菜产业园)
        self.areas: dict[str, EntityKey] = {}         # canonical label and stem → area
        self.places = places
        self.pending: list[tuple[EntityKey, str, Sentence]] = []   # (entity, container label, sentence)

    # --- reading -------------------------------------------------------------------------

    def read(self, sentence: Sentence) -> None:
        text = sentence.text
        mentions = self._mentions(text)
        mentions += self._people(text)
        if not mentions:
            return
        topic: str | None = None
        for clause in _CLAUSE_NO_STOP.finditer(text):
            c_start, c_end = clause.span()
            if text[c_start - 1:c_start] == ";":
                topic = None    # a semicolon starts a parallel item, about another zone
            in_clause = [m for m in mentions if c_start <= m.start < c_end]
            if not in_clause:
                continue
            # a clause listing zones of its own (推进A产业园、B产业园等园区建设) names peers of the topic, not its contents
            peers = any(m.listed_as is EntityKind.AREA for m in in_clause)
            new_topic = self._topic(text, c_start, c_end, in_clause)
            site = self._site(text, c_start, c_end)
            for mention in in_clause:
                if (site and mention.start >= site[0] and mention.container in self.places.by_name
                        and mention.container != site[1]):
                    mention.container = site[1]     # 在曹妃甸建立…承德工业园: built there, named for another place
                key = self._add(mention, sentence)
                if key is None:
                    continue
                if mention.container:
                    self.pending.append((key, mention.container, sentence))
                elif topic and not peers and key.kind in (EntityKind.PROJECT,) and key.label != topic:
                    self.pending.append((key, topic, sentence))
            if new_topic:
                topic = new_topic

    def _site(self, text: str, start: int, end: int) -> tuple[int, str] | None:
        """Where a clause says things are set up (在曹妃甸建立…): the end of that phrase and the place."""
        if "在" not in text[start:end]:
            return None
        found = _SITE.search(text, start, end)
        places = self.places.by_name.get(found.group("place")) if found else None
        return (found.end(), self._likeliest(places).name) if places else None

    def _topic(self, text: str, start: int, end: int, mentions: list[_Mention]) -> str | None:
        """An area a clause is about (加快三江口片区建设), so later projects of the sentence lie in it."""
        areas = [m for m in mentions if m.kind is EntityKind.AREA and not m.counted]
        if len(areas) != 1 or any(m.kind is EntityKind.PROJECT for m in mentions if m.container != areas[0].label):
            return None
        area = areas[0]
        if not names_something(area.label):
            return None     # 推进数据产业集聚区建设: a kind of zone, which the report may have several of
        after = text[area.end:end].strip()
        before = text[start:area.start]
        if (_only_governing(before) and not _NOT_INSIDE_VERB.search(before)
                and (_TOPIC_CLAUSE_REST.match(after) or _TOPIC_TAIL.match(after))):
            return area.label
        return None

    def _people(self, text: str) -> list[_Mention]:
        found = []
        for match in _PERSON.finditer(text):
            name = match.group("name")
            if name[0] in _SURNAMES and not _STATUS_RE.search(name):
                found.append(_Mention(EntityKind.PERSON, name, match.start("name"), match.end("name"),
                                      container=None, status=None))
                found[-1].position = match.group("position")  # type: ignore[attr-defined]
        return found

    def _mentions(self, text: str) -> list[_Mention]:
        """Names in a sentence: enumerations first, then names by their head word."""
        mentions: list[_Mention] = []
        taken: list[tuple[int, int]] = []
        if "等" in text:
            for clause in _CLAUSE.finditer(text):
                items, spans = self._enumeration(text, clause.start(), clause.end())
                mentions += items
                taken += spans
        for match in _HEAD_RE.finditer(text):
            head = match.group(0)
            end = match.end()
            if taken and any(s <= match.start() < e for s, e in taken):
                continue
            bounded = _BOUNDARY_AFTER.match(text, end)
            if not bounded and (head in _WEAK_HEADS or _NOT_A_HEAD_AFTER.match(text, end)):
                continue
            if head == "站" and text[end:end + 1] == "“":
                continue    # 在涞水站“C”位: 站 is the verb "stand" before a quoted word
            if text[end:end + 1] in ("内", "里") and _HEAD_KIND[head] is not EntityKind.AREA:
                continue
            phase = _PHASE.match(text, end)
            if phase:
                end = phase.end()
            mention = self._name_ending_at(text, end, head)
            if mention is not None:
                mentions.append(mention)
        for match in _AGENCY_RE.finditer(text):
            if not any(s <= match.start() < e for s, e in taken):
                mentions.append(_Mention(EntityKind.ORGANIZATION, match.group(0), match.start(), match.end()))
        mentions = _outermost(mentions)
        mentions += [item for mention in mentions for item in self._distributed(text, mention)]
        mentions += self._zone_contents(text, mentions)
        mentions += self._honoured(text, mentions)
        return mentions

    def _distributed(self, text: str, mention: _Mention) -> list[_Mention]:
        """东海、清源街道社区卫生服务中心: short stems listed before a name that starts stem + 街道."""
        head = _HEAD_RE.search(mention.label)
        if not head or not 2 <= head.start() <= 4 or not _distributes(head.group(0)):
            return []
        tail = mention.label[head.start():]
        found = []
        position = mention.start
        while text[:position].endswith("、"):
            stem = re.search(r"[\u4e00-\u9fff]{2,8}$", text[:position - 1])
            if stem is None:
                break
            bare = _trim_leading(stem.group(0))
            # 高里中学综合教学楼、姚村镇: more than a short stem is the tail of a longer name
            if not 2 <= len(bare) <= 4 or _HEAD_RE.search(bare) or self._is_place(bare) or _has_governing_word(bare):
                break
            start = position - 1 - len(bare)
            item = _Mention(mention.kind, bare + tail, start, position - 1, status=mention.status, in_list=True)
            item.container = self._carried_container(item.label, item.kind)
            found.append(item)
            if len(bare) < len(stem.group(0)):
                break
            position = start
        return found

    def _zone_contents(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """新阳片区内道路、排洪渠、安商房及公共服务配套设施建设: each item lies in the zone."""
        found = []
        for zone in mentions:
            if zone.kind is not EntityKind.AREA or zone.counted:
                continue
            # 激活园区内生动力: 内生 is a word, not "inside"
            inside = re.match(r"(?:范围)?[内里](?!生|涵|需|容|在|外|陆|河|蒙|控|销|循环|程)(?P<items>[^,;:。]{2,60})",
                              text[zone.end:])
            if inside is None:
                continue
            items_text = re.sub(r"(?:等)?(?:项目)?(?:建设|改造|提升|施工|工程)*$", "", inside.group("items"))
            offset = zone.end + inside.start("items")
            status = _status_near(text, zone.start, offset + len(items_text), EntityKind.PROJECT)
            for piece_start, piece in _split_items(items_text):
                piece = piece.strip()
                if not 2 <= len(piece) <= 20 or _COUNT_INSIDE.search(piece) or _STATUS_RE.fullmatch(piece):
                    continue
                head = _HEAD_RE.search(piece)
                named = (_kind_by_head(piece) is EntityKind.PROJECT and head is not None
                         and _acceptable(piece, head.group(0)) and piece not in _NOT_NAMES)
                label = piece if named else zone.label + piece
                item = _Mention(EntityKind.PROJECT, label, offset + piece_start, offset + piece_start + len(piece),
                                container=zone.label, status=status, in_list=True)
                found.append(item)
        return found

    def _honoured(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """九牧、固美入围省民企百强: the companies a clause opens with, when the honour is a company's."""
        found: list[_Mention] = []
        if not _HONOUR_VERB.search(text):
            return found
        for clause in _CLAUSE.finditer(text):
            match = _HONOUR.match(clause.group(0))
            if match is None or not _COMPANY_HONOUR.search(match.group("honour")):
                continue
            items_text = _trim_leading(match.group("items"))
            offset = clause.start() + match.end("items") - len(items_text)
            for piece_start, piece in _split_items(items_text):
                piece = piece.strip()
                start = offset + piece_start
                if (not 2 <= len(piece) <= 8 or _kind_by_head(piece) not in (None, EntityKind.ORGANIZATION)
                        or self._is_place(piece) or not _acceptable(piece, "")
                        or any(m.start <= start < m.end for m in mentions)):
                    continue
                found.append(_Mention(EntityKind.ORGANIZATION, piece, start, start + len(piece), in_list=True))
        return found

    def _name_ending_at(self, text: str, end: int, head: str) -> _Mention | None:
        kind = _HEAD_KIND[head]
        # names are at most 30 characters: a bounded window keeps long runs from costing O(n²)
        run = _NAME_RUN_BACKWARDS.match(text[max(0, end - 64):end][::-1])
        if run is None:
            return None
        start = end - run.end()
        raw = text[start:end]
        # cut at the last function word and the last governing verb inside the run
        cut = 0
        quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(raw)] if "“" in raw else []
        places = self._place_spans(raw)
        for pattern in (_LEFT_BREAKS, _INNER_CUTS):
            for m in pattern.finditer(raw):
                # 西和县, 和平区: a place's name is not cut at the function word inside it
                if any(ps <= m.start() < pe for ps, pe in places):
                    continue
                # 协和天津基地, 诺和诺德: 和 inside a proper name
                if (m.group(0) == "和" and _WORD_TAGS.get(raw[m.start() - 1:m.end()]) == "nz" and raw[m.start() - 1] != "建"
                        and (m.start() < 2 or _WORD_TAGS.get(raw[m.start() - 2:m.start()]) not in ("v", "vn", "n"))):
                    continue
                # 太子城至锡林浩特铁路: a route is named by both its ends
                if m.group(0) in ("至", "到") and _names_route(raw):
                    continue
                # words inside a quoted name (“抓开放招商促项目落地”专项行动) do not cut it
                if any(qs < m.start() < qe for qs, qe in quoted):
                    continue
                # 国企改革深化提升行动: a verb just before a programme's head is part of its name
                if pattern is _INNER_CUTS and kind is EntityKind.INITIATIVE and m.end() == len(raw) - len(head):
                    continue
                if m.end() <= len(raw) - len(head) and m.end() > cut:
                    cut = m.end()
        # 河北“一号工程”曹妃甸港区: a quoted name of its own before another name
        for qs, qe in quoted:
            if (qe < len(raw) - len(head) and _HEAD_RE.search(raw, qs, qe) and qe > cut
                    and len(raw) - qe >= 4 and names_something(raw[qe:])):
                cut = qe
        cut = max(cut, _after_unmatched_closer(raw), raw.rfind("”“") + 1)
        before_count = raw[:cut]
        label = raw[cut:]
        trimmed = _trim_leading(label)
        trimmed_at = len(raw) - len(trimmed)
        if places:
            trimmed = next((raw[ps:] for ps, pe in places if cut <= ps < trimmed_at < pe), trimmed)
        start += len(raw) - len(trimmed)
        label = _strip_unbalanced_quotes(trimmed)
        start += len(trimmed) - len(trimmed.lstrip("”)）"))
        if head == "工程" and (label.startswith("“") or re.search(r"[百千万]|[一二三四五六七八九十]大", label[:-2])
                              or label.endswith(("发展工程", "振兴工程", "培育工程"))):
            kind = EntityKind.INITIATIVE    # a programme (数字产业集群发展工程), not a work that lies somewhere
        counted = (bool(_COUNT_BEFORE.search(text, max(0, start - _COUNT_REACH), start))
                   or bool(_COUNT_BEFORE.search(before_count))
                   or text.endswith("等", 0, start))    # 华润、招商局等央企业务板块: the class of a list, not a name
        if _TITLE_GIVEN_BEFORE.search(text, max(0, start - 4), start):
            return None     # 列入雄安新区建材供应基地: a title or list a place is put on, not a thing
        builder = self._place_that_builds(label, text[max(0, start - 1):start])
        if builder is not None:
            builder_name, rest = builder
            start += len(label) - len(rest)
            label = rest
        if kind is EntityKind.TOWNSHIP and (not _township_name(label, head) or "“" in text[max(0, start - 1):start + 1]
                                            or self._is_place(label) or self._is_place(label + "市")):
            return None     # “塔韵粮乡”: a quoted brand; 景德镇: a city
        if kind is EntityKind.TOWNSHIP and len(trimmed) < len(raw) - cut and _words(label[:-len(head)])[0][1] in ("a", "v", "vn", "ad"):
            return None     # 逐步健全街道: an adjective or verb after an adverb, not a place name
        if _STANDING_AFTER.match(text, start + len(label)):
            return None     # 甘肃老工业基地的地位: a role, not a thing
        if (kind is not EntityKind.INITIATIVE and _NUMBERED_BIG.match(label)
                and not self.places.inside(label[:4])):
            return None     # 四大产业板块: a count of things, not a name (五大连池 is a place)
        if head in ("项目", "工程") and label[:-len(head)] in self.places.by_name:
            return None     # 涞源项目: the projects of a place, not one
        named_by_place = bool(places) and any(text.startswith(raw[ps:pe], start) for ps, pe in places)
        if not _acceptable(label, head, opens_with_place=named_by_place):
            return None
        mention = _Mention(kind, label, start, start + len(label), counted=counted)
        if builder is not None:
            # 支持武汉建设国际性综合交通枢纽: a role a place takes on, unless the thing has a name of its own
            built_by_place = builder_name is not None and builder_name in self.places.by_name
            mention.container = None if built_by_place and not names_something(label) else builder_name
        elif not _TOWARDS.search(text, max(0, start - 2), start) and not (
                text[max(0, start - 1):start] in _RANGE_MARKS and text[max(0, start - 2):start] != "——"):
            # 尧山至骊山工业园区供电工程, 安新—满城高等级公路: a work from another place to here lies in neither
            mention.container = self._carried_container(label, kind)
        mention.status = _status_near(text, mention.start, mention.end, kind)
        return mention

    def _place_that_builds(self, label: str, text_before: str = "") -> tuple[str | None, str] | None:
        """支持张家口建设国家冰雪产业基地, 支持中关村科学城建设人工智能集聚区: a place or a zone and what
        it is to build, read as one run; returns the builder's name (None when it is one of a list
        of places) and the thing built."""
        verb = _PLACE_BUILDS.search(label, 2)
        if verb is None or len(label) - verb.end() < 3:
            return None
        builder = label[:verb.start()]
        if builder.endswith(("要", "将", "应")) and builder[:-1] in self.places.by_name:
            builder = builder[:-1]      # 安国要建设…: a modal between the place and its verb
        places = self.places.by_name.get(builder)
        if places and text_before.endswith(("、", "和", "及")):
            return None, label[verb.end():]     # 在涞源、涞水、易县建设康养基地: in each of several places
        if places:
            return places[0].name, label[verb.end():]
        head = _final_head(builder)
        if (head and _HEAD_KIND[head] is EntityKind.AREA and _acceptable(builder, head)
                and (names_something(builder) or self.places.inside(builder))):
            return builder, label[verb.end():]
        if head and _HEAD_KIND[head] in (EntityKind.ORGANIZATION, EntityKind.AREA) and _acceptable(builder, head):
            # 兰州大学建设中国特色世界一流大学, 依托绿谷小镇建设乡村振兴示范区: two names, and no place is said
            return None, label[verb.end():]
        return None

    def _enumeration(self, text: str, start: int, end: int) -> tuple[list[_Mention], list[tuple[int, int]]]:
        """``A、B等N个项目`` or ``A、B等企业``: the items, of the class the category noun gives,
        and the spans of the enumerations (no other name may be read inside them)."""
        found: list[_Mention] = []
        spans: list[tuple[int, int]] = []
        clause = text[start:end]
        if "等" not in clause:
            return found, spans
        for match in _successive_matches(_ENUMERATION, clause):
            category = match.group("category")
            kind = next((k for pattern, k in _CATEGORY_KINDS if pattern.search(category)), None)
            if kind is None or (category.endswith("区域") and not _BOUNDARY_AFTER.match(clause, match.end())):
                continue    # 等区域公用品牌: 区域 qualifies the noun after it
            items_text = match.group("items")
            offset = start + match.start("items")
            # the first item starts after the governing verbs
            trimmed = _trim_leading(_after_last_break(items_text, self._place_spans(items_text)))
            offset += len(items_text) - len(trimmed)
            pieces = _split_items(trimmed, self._place_spans(trimmed))
            spans.append((offset, start + match.end()))
            status = _status_near(text, offset, start + match.end(), kind)
            suffix = _category_suffix(category, kind)
            for piece_start, piece in pieces:
                piece = _NOTE_MARK.sub("", piece)
                label = _strip_unbalanced_quotes(piece.strip())
                item_kind = _kind_by_head(label) or kind
                if item_kind is EntityKind.AREA and kind is EntityKind.AREA and suffix and not _kind_by_head(label):
                    label = label + suffix
                elif (kind is EntityKind.TOWNSHIP and suffix and not label.endswith(_TOWNSHIP_HEADS)
                      and not (match.group("count") or "").endswith("条")     # 东大街等6条街道: streets
                      and not (suffix == "街道" and label.endswith(("街", "路", "道", "巷")))):  # 正阳街、复兴街等街道
                    label = label + suffix
                    item_kind = EntityKind.TOWNSHIP
                elif kind is EntityKind.PROJECT and not _kind_by_head(label):
                    category_head = next((h.group(0) for h in _HEAD_RE.finditer(category)
                                          if h.group(0) not in ("项目", "工程")), None)
                    if len(label) <= 2:
                        # 梅山、官桥等医院项目: a bare two-character item takes the category's head word
                        if category_head is None or self._is_place(label):
                            continue
                        label = label + category_head
                    elif _RESEARCH_CENTRES.match(clause, match.start("category")):
                        continue    # 河北汽车、卫星导航等一批工程技术研究中心: fields of a class, not names
                if not _acceptable(label, "") or len(piece) > 30 or self._is_place(label):
                    continue
                absolute = offset + piece_start
                mention = _Mention(item_kind, label, absolute, absolute + len(piece), status=status, in_list=True,
                                   listed_as=kind)
                mention.container = self._carried_container(label, item_kind)
                found.append(mention)
        return found, spans

    def _place_spans(self, text: str) -> list[tuple[int, int]]:
        """Where names of places with a cutting character in them (西和县, 和平区, 诸暨) stand in a text."""
        if not _JOINERS.search(text):
            return []
        # short names of two characters count only as jieba's place words (诸暨, not 和政 or 平和)
        return [(found.start(), found.end()) for name, place in self.places.inside(text)
                if _JOINERS.search(name) and (name == place.name or len(name) >= 3 or _words(name) == ((name, "ns"),))
                for found in re.finditer(re.escape(name), text)]

    def _is_place(self, label: str) -> bool:
        """Items that are administrative areas (北京、上海等城市) are not entities of this kind."""
        return bool(self.gazetteer_names_match(label))

    def gazetteer_names_match(self, label: str) -> bool:
        stem = label[:-1] if label.endswith(("市", "省", "县", "区")) else label
        return label in self.places.by_name or stem in self.places.by_name or label in _COMMON_PLACE_NAMES

    def _carried_container(self, label: str, kind: EntityKind) -> str | None:
        """An area, township or administrative unit named at the start of, or inside, a name."""
        # It depends on the reporting place alone, whose index remembers it, since names recur.
        # The place object counts, not only its name: one written under a former name is a copy
        # that no other place lies in (see _likeliest).
        key = (label, kind, id(self.place))
        if key not in self.places.containers:
            self.places.containers[key] = self._find_carried_container(label, kind)
        return self.places.containers[key]

    def _find_carried_container(self, label: str, kind: EntityKind) -> str | None:
        if kind in (EntityKind.PERSON, EntityKind.INITIATIVE):
            return None
        # a route between two places (临河至哈密铁路, 保静线新区至保定段) lies in neither
        if kind is EntityKind.TOWNSHIP or _names_route(label):
            return None
        # an area or township spelled out inside the name: 江南片区大型垃圾转运站, 东海街道社区卫生服务中心
        for match in _HEAD_RE.finditer(label):
            head = match.group(0)
            inner_kind = _HEAD_KIND[head]
            if inner_kind not in (EntityKind.AREA, EntityKind.TOWNSHIP) or match.end() >= len(label) - 1:
                continue
            prefix = label[:match.end()]
            if inner_kind is EntityKind.TOWNSHIP and (_NOT_A_TOWNSHIP_AFTER.match(label, match.end())
                                                      or not _township_name(_trim_leading(prefix), head)
                                                      or prefix[-2:] in self.places.by_name or self._is_place(prefix)):
                continue    # 长沙宁乡圣钘科技: 宁乡 is a county, not a township
            if inner_kind is EntityKind.AREA and not _acceptable(prefix, head):
                continue
            if _AROUND.match(label, match.end()):
                return None     # 雄安新区周边重要物流枢纽: around the zone, not in it
            if re.fullmatch(r"(?:建设)?(?:项目|工程)", label[match.end():]):
                break   # 河北物流集团物流园项目 is the park's own project: not placed in the park itself
            return prefix
        # an administrative unit: 洛江区第五实验小学, 泉州五中洛江校区, 鲤城万达广场
        best: Place | None = None
        candidates: list[Place] = []
        named = self.places.inside(label)
        sharing: dict[str, list[Place]] = {}
        for name, place in named:
            sharing.setdefault(name, []).append(place)
        for name, place in named:
            if len(sharing[name]) > 1 and place is not self._likeliest(sharing[name]):
                continue    # 海南: the province, not 海南区 of 乌海, unless the report is about 乌海
            at = label.find(name)
            after = label[at + len(name):]
            if any(len(other) > len(name) and other in label and label.find(other) <= at < label.find(other) + len(other)
                   for other, _ in named):
                continue    # 防城港跨境电商综合试验区: 防城港 (the city), not 防城 (its district)
            # a short name at the start is this place's or its parts' (鲤城万达广场); other places'
            # short names count only as a branch (泉州五中洛江校区), since rivers share them (晋江防洪工程)
            if (_REGION_AROUND.match(after) or (after == "线" and at == 0)
                    or (_LANDFORM_AFTER.match(after) and place.kind not in _PROVINCE_KINDS)):
                continue    # 沈阳都市圈一体化发展工程, 崇明线: a region around the place, a line that reaches it
            own = self.place is not None and self.place in place.chain
            if name in _REGION_WORDS:
                continue
            if name != place.name and not ((at == 0 and own and not _NOT_PLACE_AFTER.match(after))
                                           or _BRANCH_AFTER.match(after)):
                continue
            candidates.append(place)
            if best is None or len(place.chain) > len(best.chain):
                best = place
        if best is None or self.place is None or best in self.place.chain[:-1]:
            return None
        if any(other is not best and other not in best.chain and best not in other.chain
               and (other in candidates or (other.kind == best.kind and name not in _REGION_WORDS))
               for name, other in named):
            return None     # 西安咸阳国际机场: named by two places of a rank, it lies in neither by its name
        if any(place is not best and place not in best.chain and place.name in label
               and place.kind in ("County", "District", "CountyLevelCity") for _, place in named):
            return None     # 西和县礼县西汉水人饮: a work of two counties lies in neither alone
        return best.name

    def _likeliest(self, places: list[Place]) -> Place:
        """Of several places sharing a name: one in the reporting area, else the highest in rank."""
        local = [p for p in places if self.place is not None and self.place.kind != "Country"
                 and (p is self.place or _lies_in(p, self.place))]
        return min(local or places, key=lambda p: len(p.chain))

    def _add(self, mention: _Mention, sentence: Sentence) -> EntityKey | None:
        if mention.counted:
            return None
        label = mention.label
        kind = mention.kind
        if kind is EntityKind.AREA and (label in self.places.by_name or any(
                label[:n] in self.places.by_name and label[n:] in self.places.by_name for n in (2, 3))):
            return None     # 滨海新区, 上海浦东新区: an administrative area, not a zone within one
        if kind is EntityKind.AREA:
            label = self._area_label(label)
        key = EntityKey(kind, label)
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(kind, label, anchor=self.place)
            if kind is EntityKind.TOWNSHIP:
                self.townships[_township_stem(label)] = key
            if kind is EntityKind.AREA:
                self.areas[label] = key
                self.areas[_area_stem(label)] = key
        if all(seen is not sentence for seen in entity.sentences):
            entity.sentences.append(sentence)
        entity.spans.append((sentence.start + mention.start, sentence.start + mention.end))
        if kind is EntityKind.PERSON and getattr(mention, "position", None) and not entity.position:
            entity.position = mention.position  # type: ignore[attr-defined]
        if kind is EntityKind.PROJECT and mention.status is not None:
            year, planned = self._status_year(sentence)
            statement = StatusStatement(mention.status, year, planned, sentence)
            if statement not in entity.statuses:
                entity.statuses.append(statement)
        if kind is EntityKind.PROJECT and entity.investment is None and not mention.in_list:
            entity.investment = _investment(sentence, mention.start, mention.end)
        return key

    def _area_label(self, label: str) -> str:
        """The one spelling of an area met with and without its suffix (繁荣站前西 / 繁荣站前西片区)."""
        known = self.areas.get(label) or self.areas.get(_area_stem(label))
        return known.label if known else label

    def _status_year(self, sentence: Sentence) -> tuple[int | None, bool]:
        if sentence.frame is Frame.PLAN:
            return self.meta.plan_year, True
        if sentence.frame is Frame.MULTI_YEAR:
            return None, False
        return self.meta.review_year, False

    # --- containment ---------------------------------------------------------------------

    def finish(self) -> list[Entity]:
        self._merge_spelled_with_place()
        for entity in list(self.entities.values()):
            town_area = _TOWN_SEAT.match(entity.label)
            # 史家寨镇区 is the seat of 史家寨乡: a township is inferred only when the report names it
            if (entity.kind is EntityKind.AREA and town_area and _township_name(town_area.group("stem") + "镇", "镇")
                    and town_area.group("stem") in self.townships):
                township = self._container_key(town_area.group("stem") + "镇", entity.sentences[0])
                self.pending.append((entity.key, township.label, entity.sentences[0]))
        placed = {key for key, _, _ in self.pending}
        townships = sorted(self.townships.items(), key=lambda item: -len(item[0]))
        for entity in self.entities.values():
            if entity.kind in (EntityKind.PERSON, EntityKind.INITIATIVE, EntityKind.TOWNSHIP):
                continue
            for stem, key in townships:
                if entity.label.startswith(stem) and len(entity.label) > len(stem) + 1 and entity.key not in placed:
                    self.pending.append((entity.key, key.label, entity.sentences[0]))
                    break
        for key, container, sentence in self.pending:
            entity = self.entities.get(key)
            if entity is None or entity.container is not None:
                continue
            target = self._container_key(container, sentence)
            if target is None or target == key:
                continue
            entity.container, entity.container_sentence = target, sentence
        # a township named inside a name lies in the reporting place when that is a county-level unit
        for entity in self.entities.values():
            if entity.kind is EntityKind.PERSON:
                continue
            if isinstance(entity.container, Place) and entity.anchor is not None:
                entity.anchor = entity.container
            # A township the report names lies in the reporting area, and so does a local planning
            # zone with a short proper name (江南片区, 昝岗片区, 燕都古城). Projects and other areas are
            # placed only where the text says so: reports also name works elsewhere (援疆 projects, a
            # railway passing through, a partner city's park) and kinds of works (零碳产业园), and a
            # default place would be wrong for them; gk:mentions still ties each to the report.
            if entity.container is None and (entity.kind is EntityKind.TOWNSHIP or (
                    entity.kind is EntityKind.AREA and _local_zone(entity.label))):
                entity.container, entity.container_sentence = self.place, None
        # an entity inside an area or township that is itself anchored elsewhere shares that anchor
        for entity in self.entities.values():
            seen = set()
            parent = entity.container
            while isinstance(parent, EntityKey) and parent not in seen:
                seen.add(parent)
                outer = self.entities.get(parent)
                if outer is None:
                    break
                if isinstance(outer.container, Place):
                    entity.anchor = outer.container
                    break
                parent = outer.container
        return sorted(self.entities.values(), key=lambda e: (e.kind.value, e.label))

    def _merge_spelled_with_place(self) -> None:
        """One entity for a name met with and without the reporting place before it (仓山区三江口片区 /
        三江口片区, 易县经济开发区 / 经济开发区): the bare name when it names something, else the full one."""
        if self.place is None:
            return
        prefixes = sorted({self.place.name, self.place.short_name}, key=len, reverse=True)
        for key, full in list(self.entities.items()):
            if full.kind in (EntityKind.PERSON, EntityKind.TOWNSHIP) or key not in self.entities:
                continue
            prefix = next((p for p in prefixes if full.label.startswith(p) and len(full.label) - len(p) >= 3), None)
            bare = self.entities.get(EntityKey(full.kind, full.label[len(prefix):])) if prefix else None
            if bare is None:
                continue
            kept, merged = (bare, full) if names_something(bare.label) else (full, bare)
            self._merge_into(kept, merged)

    def _merge_into(self, kept: Entity, merged: Entity) -> None:
        for sentence in merged.sentences:
            if all(seen is not sentence for seen in kept.sentences):
                kept.sentences.append(sentence)
        kept.spans += merged.spans
        kept.statuses += [s for s in merged.statuses if s not in kept.statuses]
        kept.investment = kept.investment or merged.investment
        del self.entities[merged.key]
        for table in (self.areas, self.townships):
            for name, key in table.items():
                if key == merged.key:
                    table[name] = kept.key
        self.areas.setdefault(merged.label, kept.key)
        self.pending = [(kept.key if key == merged.key else key, kept.label if container == merged.label else container,
                         sentence) for key, container, sentence in self.pending]

    def _container_key(self, label: str, sentence: Sentence) -> EntityKey | Place | None:
        for name, place in self.places.places:
            if label == place.name:
                return place
        if label.endswith(_TOWNSHIP_HEADS) and _township_name(label, next(h for h in _TOWNSHIP_HEADS if label.endswith(h))):
            key = self.townships.get(_township_stem(label))
            if key is None:
                key = EntityKey(EntityKind.TOWNSHIP, label)
                self.entities[key] = Entity(EntityKind.TOWNSHIP, label, anchor=self.place, sentences=[sentence])
                self.townships[_township_stem(label)] = key
            return key
        key = self.areas.get(label) or self.areas.get(_area_stem(label))
        if key is None and _kind_by_head(label) is EntityKind.AREA:
            key = EntityKey(EntityKind.AREA, label)
            self.entities[key] = Entity(EntityKind.AREA, label, anchor=self.place, sentences=[sentence])
            self.areas[label] = self.areas[_area_stem(label)] = key
        if key is not None and all(seen is not sentence for seen in self.entities[key].sentences):
            self.entities[key].sentences.append(sentence)
        return key


# --- helpers over strings ----------------------------------------------------------------------


_PROPER_TAGS = {"ns", "nr", "nz", "nt", "nrt", "nrfg", "j", "x"}
# Heads of the zones a city or county plans inside itself, unlike parks and new areas that
# provinces and the state also name (雄安新区, 零碳产业园).
_LOCAL_ZONE_HEADS = ("片区", "组团", "板块", "街区", "商圈", "古街", "古城", "古镇")


def _local_zone(label: str) -> bool:
    """A local planning zone called by a short proper name (三江口片区, 昝岗片区), not a kind of
    zone (标志性街区, 夜经济商圈).

    >>> _local_zone("三江口片区"), _local_zone("标志性街区"), _local_zone("雄安新区")
    (True, False, False)
    """
    head = _final_head(label)
    return (head in _LOCAL_ZONE_HEADS and len(label) - len(head) <= 4 and names_something(label)
            and not (head in ("古镇", "古城", "古街") and label[:-len(head)] in _REGION_WORDS))  # “江南古镇”: a kind


@lru_cache(maxsize=65536)
def names_something(label: str) -> bool:
    """Whether a label holds a proper name: a place or personal name, a word outside the
    dictionary, quotes, Latin letters or digits (紫华园, 坂头变电站, “六个先行”配套项目), rather than
    only common words (增量项目, 国家实验室基地).

    >>> names_something("坂头变电站"), names_something("增量项目")
    (True, False)
    """
    head = _final_head(label)
    stem = _PHASE.sub("", label[: -len(head)] if head else label)
    if _NAME_MARKS.search(stem):
        return True
    singles = 0
    for word, tag in _words(stem):
        if tag in _PROPER_TAGS:
            return True
        # single characters outside the dictionary suggest a name (紫华园), but not settlement words (镇村片区)
        singles = singles + 1 if len(word) == 1 and word not in "镇村乡城区县市省街" else 0
        if singles >= 2:
            return True
    return False


def _lies_in(place: Place, scope: Place) -> bool:
    parent = place.parent
    while parent is not None:
        if parent is scope:
            return True
        parent = parent.parent
    return False


def _outermost(mentions: list[_Mention]) -> list[_Mention]:
    """Drop names that lie inside a longer name (繁荣站 inside 繁荣站前西片区)."""
    if len(mentions) < 2:
        return list(mentions)
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mention] = []
    for mention in ordered:
        if any(k.start <= mention.start and mention.end <= k.end for k in kept):
            continue
        kept = [k for k in kept if not (mention.start <= k.start and k.end <= mention.end)]
        kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _after_unmatched_closer(run: str) -> int:
    """Where a run starts after a closing quote or bracket it does not open (“世遗典范城”“中央创新区)."""
    if "”" not in run and ")" not in run and "）" not in run:
        return 0
    depth, cut = 0, 0
    for i, char in enumerate(run):
        if char in "“(（":
            depth += 1
        elif char in "”)）":
            if depth == 0:
                cut = i + 1
            else:
                depth -= 1
    return cut


def _only_governing(text: str) -> bool:
    """Whether a text is nothing but governing verbs and adverbs (加快, 提速推进)."""
    text = text.strip()
    return not text or _trim_leading(text + "口口") == "口口"


_LEADING_COUNT = re.compile(r"[\d一二三四五六七八九十百千两几多]+(?:个|项|家|所|座|条|处|批|名|类|余个|多个)(?:以上)?|"
                            r"[一二三四五六七八九十]+是|以上|上述|其|[((][一二三四五六七八九十\d]+[))]|[了着过把被让给]")


@lru_cache(maxsize=65536)
def _trim_leading(label: str) -> str:
    """Remove governing verbs, adverbs and counts from the front: 加快建设江南片区 → 江南片区.

    >>> _trim_leading("建成投用通政小学田中校区"), _trim_leading("新开工3个项目")
    ('通政小学田中校区', '项目')
    """
    changed = True
    while changed and label:
        changed = False
        if label[0] in "、,":
            label, changed = label[1:], True
            continue
        count = _LEADING_COUNT.match(label)
        if count:
            label, changed = label[count.end():], True
            continue
        word = _LEADING_RE.match(label)
        if word and _opens_with_longer_noun(label, word.end()):
            word = None     # 保障性住房: the leading word is the start of a longer noun
        if word and word.end() < len(label):
            label, changed = label[word.end():], True
        elif word:
            # the longest leading word is the whole label: a shorter one may still be trimmed
            shorter = next((w for w in _LEADING_WORDS if label.startswith(w) and len(label) > len(w)), None)
            if shorter:
                label, changed = label[len(shorter):], True
        if not changed:
            verb = _leading_verb(label)
            if verb:
                label, changed = label[len(verb):], True
    return label


_GOVERNING_TAGS = {"v", "vd", "d", "p", "c", "r", "u", "ad"}


def _jieba_word_tags() -> dict[str, str]:
    """jieba's dictionary as word → part of speech.

    Read straight from jieba's ``dict.txt`` (lines of word, frequency, tag): importing
    ``jieba.posseg`` would also load its HMM tables and parse the file line by line, several
    times slower, and only the tags are used here.
    """
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed")
    fields = (Path(spec.origin).parent / "dict.txt").read_bytes().decode("utf-8").split()
    return dict(zip(fields[0::3], fields[2::3]))


# Words are read from jieba's dictionary by forward maximum matching: jieba's own segmenter
# would also load its frequency table (half a second per process) for the few short labels checked here.
_WORD_TAGS: dict[str, str] = _jieba_word_tags()
_LONGEST_WORD = 8


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[tuple[str, str], ...]:
    """Dictionary words of a text, longest first from the left, with their tags; a character
    outside the dictionary is a word of its own tagged ``x`` (Latin runs and numbers ``eng``/``m``).

    >>> _words("修缮花桥慈济宫")[0]
    ('修缮', 'v')
    """
    words = []
    position = 0
    while position < len(text):
        latin = _LATIN_OR_NUMBER.match(text, position)
        if latin:
            words.append((latin.group(0), "m" if latin.group(0)[0].isdigit() else "eng"))
            position = latin.end()
            continue
        for length in range(min(_LONGEST_WORD, len(text) - position), 0, -1):
            word = text[position:position + length]
            tag = _WORD_TAGS.get(word)
            if tag is not None:
                break
        else:
            word, tag = text[position], "x"
        words.append((word, tag))
        position += len(word)
    return tuple(words)


_LATIN_OR_NUMBER = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")


# Heads that name a class of things (争大项目, 建强园区): a verb before them is never part of a name.
_CLASS_HEADS = frozenset("项目 工程 计划 行动 专项行动 攻坚战 园区 新区 产业园 公司 片区 景区 中心 基地".split())
def _opens_with_longer_noun(label: str, length: int) -> bool:
    """Whether the first dictionary word of a label is a noun made of a ``length``-character
    leading word and one suffix character (保障性, 服务业); longer ones are often phrases (积极探索)."""
    word, tag = _words(label[:_LONGEST_WORD])[0]
    return len(word) == length + 1 and tag == "n"


_ABBREVIATIONS = ("自贸", "经开", "综保", "高新", "文旅", "农旅")


@lru_cache(maxsize=65536)
def _leading_verb(label: str) -> str | None:
    """The first word when jieba tags it a verb, adverb, preposition or pronoun (修缮花桥慈济宫 → 修缮);
    never one glued to the rest by · (建发·养云)."""
    if label.startswith(_ABBREVIATIONS):
        return None     # 自贸试验区: jieba does not know the abbreviation and tags 自 a preposition
    # jieba's first word is a dictionary word the label starts with: without a governing one, skip it
    if not any(_WORD_TAGS.get(label[:n]) in _GOVERNING_TAGS for n in range(1, 5)):
        return None
    words = _words(label[:12])
    if len(words) < 2:
        return None
    (first, tag), (second, _) = words[0], words[1]
    if len(first) == 1 and re.match(r"[\u4e00-\u9fff](?:线|高速|铁路|城际)", label[1:]):
        return None     # 保沧线: two one-character abbreviations of places name a route
    if len(first) == 1:
        head = _final_head(label[1:]) or ""
        if len(label) - 1 - len(head) < 2 and head not in _CLASS_HEADS:
            return None     # 承秦高速公路, 保沧线: a one-character "verb" that leaves no name is part of the name
    if tag in _GOVERNING_TAGS and not second.startswith("·") and len(label) - len(first) >= 3:
        return first
    if tag == "a" and words[1][1] == "v" and len(second) >= 2 and len(label) - len(first) - len(second) >= 3:
        return first    # 稳妥处置…: an adjective used as an adverb before its verb
    return None


@lru_cache(maxsize=65536)
def _ends_in_verb(stem: str) -> bool:
    """招商促(项目), 签约(项目): a short stem ending in a verb names a kind of project, not one."""
    words = _words(stem)
    return bool(words) and words[-1][1] in ("v", "vd")


def _after_last_break(text: str, keep: list[tuple[int, int]] = ()) -> str:
    cut = 0
    for m in _LEFT_BREAKS.finditer(text):
        if any(ks <= m.start() < ke for ks, ke in keep):
            continue    # 诸暨: a place's name is not cut at the function word inside it
        # 和/及/与 join the items of an enumeration; only other function words end the phrase before it
        if m.group(0) in ("至", "到") and _names_route(text[:m.start()].rsplit("、", 1)[-1] + "至"
                                                      + text[m.end():].split("、", 1)[0]):
            continue    # 渝厦高铁重庆东至黔江段: an item named by both ends
        if m.group(0) not in ("和", "及", "与", "、") and m.end() > cut:
            cut = m.end()
    for m in _INNER_CUTS.finditer(text):
        if m.end() > cut:
            cut = m.end()
    return text[cut:]


_GENERIC_ZONE_HEADS = frozenset("园区 片区 新区 区域 板块 组团 城区 景区".split())


def _distributes(head: str) -> bool:
    """Head words that short stems listed before them share (东海、清源街道; 江南、江北片区); the
    heads of named places (洛邑古城) are not shared by the items before them (只有河南、万岁山)."""
    return _HEAD_KIND[head] is EntityKind.TOWNSHIP or head == "片区"


_ROUTE_ENDS = re.compile("[至到—-]")


def _names_route(label: str) -> bool:
    """A route, or a section of one, named by its two ends (临河至哈密铁路, 渝厦高铁重庆东至黔江段).

    >>> _names_route("临河至哈密铁路"), _names_route("张坊至德州蠡县段项目"), _names_route("长江池州段")
    (True, True, False)
    """
    ends = _ROUTE_ENDS.search(label)
    return bool(ends) and (_final_head(label) in _ROUTE_HEADS or label.endswith(("段", "段项目", "段工程"))
                           or bool(_LINE_WORDS.search(label, ends.end())))


# What runs between two places: 陇东到山东特高压直流工程 is a line from one to the other.
_LINE_WORDS = re.compile(r"特高压|直流|输电|输气|输油|管道|管线|铁路|高铁|城际|高速|公路|航线|航道|运河|引水|调水")


def _split_items(text: str, keep: list[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """Items of a list joined by 、 和 及 与 (never inside a span of ``keep``), with their offsets;
    a distributive prefix is expanded.

    >>> [p for _, p in _split_items("东海、清源街道社区卫生服务中心")]
    ['东海街道社区卫生服务中心', '清源街道社区卫生服务中心']
    >>> [p for _, p in _split_items("礼县和西和县供水工程", [(3, 6)])]
    ['礼县', '西和县供水工程']
    >>> [p for _, p in _split_items("博嵩科技园汽车及零部件、雄泰再生资源")]
    ['博嵩科技园汽车及零部件', '雄泰再生资源']
    """
    pieces: list[tuple[int, str]] = []
    position = 0
    joined_by = ""
    for separator in list(re.finditer(r"、|和|及|与", text)) + [None]:
        end = separator.start() if separator else len(text)
        if separator and any(ks <= separator.start() < ke for ks, ke in keep):
            continue
        part = text[position:end]
        # 汽车及零部件: a short common word after 及 completes an item that has no head word of its own
        if (pieces and joined_by == "及" and part and len(part) <= 3 and not names_something(part)
                and _final_head(pieces[-1][1]) is None):
            pieces[-1] = (pieces[-1][0], text[pieces[-1][0]:end])
        elif part:
            pieces.append((position, part))
        if separator:
            position, joined_by = separator.end(), separator.group(0)
    if len(pieces) >= 2:
        last_start, last = pieces[-1]
        head = _HEAD_RE.search(last)
        # 东海、清源街道社区卫生服务中心: bare short stems before an item that starts stem + head word
        if (head and 2 <= head.start() <= 4 and _distributes(head.group(0))
                and all(len(p) <= 4 and not _HEAD_RE.search(p) and not _has_governing_word(p) for _, p in pieces[:-1])):
            tail = last[head.start():]
            return [(s, p + tail) for s, p in pieces[:-1]] + [(last_start, last)]
    return pieces


def _category_suffix(category: str, kind: EntityKind) -> str | None:
    """The head word an item takes from its category: 繁荣站前西 in ``…等重点片区`` is 繁荣站前西片区."""
    if kind is EntityKind.AREA:
        return "片区" if category.endswith("片区") else None
    if kind is EntityKind.TOWNSHIP:
        for suffix in ("街道", "镇", "乡"):
            if category.endswith(suffix) and not category.endswith(("乡镇", "镇街")):
                return suffix
    return None


def _final_head(label: str) -> str | None:
    """The longest head word the label ends with, when something stands before it."""
    for length in _HEAD_LENGTHS:
        if len(label) > length and label[-length:] in _HEAD_KIND:
            return label[-length:]
    return None


def _kind_by_head(label: str) -> EntityKind | None:
    head = _final_head(label)
    if head:
        return _HEAD_KIND[head]
    phase = _PHASE.search(label)
    if phase and phase.end() == len(label):
        return _kind_by_head(label[:phase.start()])
    return None


def _township_name(label: str, head: str) -> bool:
    """镇/乡/街道 with a proper name before it (洪梅镇, 东海街道), not 城镇, 乡镇, 特色小镇 or 示范镇."""
    stem = label[: -len(head)] if label.endswith(head) else label
    if not 2 <= len(stem) <= (4 if head == "街道" else 3) or not re.fullmatch(r"[\u4e00-\u9fff]+", stem):
        return False
    if head in ("镇", "乡") and stem[-1] in "乡村集小古名强重示点心制特色试中大集下进到送惠兴美和改":
        return False
    if head == "镇" and stem[-1] == "城" and (len(stem) > 2 or stem[0] in "小新县古名全主老大中边卫山水"):
        return False    # 小城镇, 县城镇, 特色城镇 are kinds of towns; 阳城镇 is one
    if stem[-1] in "内外里间" or stem[0] in "村各" or "城区" in stem or (head == "街道" and "村" in stem):
        return False    # 村内街道, 城区主要街道: streets, not a 街道 office
    word = _WORD_TAGS.get(stem[-1] + head) if head == "乡" else None
    if word is not None and word not in _PROPER_TAGS:
        return False    # 爱家乡: 家乡 is a word, not a place called 爱家
    if any(tag == "b" for _, tag in _words(stem)):
        return False    # 主要, 大型: a property, not a proper name
    if re.search("[各万千百改治等]", stem) or _STATUS_RE.match(stem) or _ends_with_any(stem, _TRAILING_WORDS):
        return False
    return not _is_generic(stem) and not _has_governing_word(stem)


@lru_cache(maxsize=65536)
def _has_governing_word(stem: str) -> bool:
    """A verb, adverb, pronoun or function word inside a would-be place name (组织各镇, 环雄安乡)."""
    return any(tag in ("v", "vd", "vn", "d", "r", "p", "c", "u") for _, tag in _words(stem))


def _township_stem(label: str) -> str:
    for head in _TOWNSHIP_HEADS:
        if label.endswith(head):
            return label[: -len(head)]
    return label


def _area_stem(label: str) -> str:
    for suffix in ("片区", "板块", "区域"):
        if label.endswith(suffix) and len(label) - len(suffix) >= 2:
            return label[: -len(suffix)]
    return label


@lru_cache(maxsize=65536)
def _acceptable(label: str, head: str, opens_with_place: bool = False) -> bool:
    """A whole name: not a count, not a category, not starting or ending with a verb."""
    if not 2 <= len(label) <= 30 or _COUNT_ONLY.match(label) or not _HAN.search(label):
        return False
    if head and head.endswith(label):
        return False    # 提升行动 trimmed to 行动: nothing is left but (part of) the head
    if label.count("“") != label.count("”") or label.count("(") != label.count(")") or _SLOGAN.match(label):
        return False
    if _PERSON.search(label):
        return False    # 县人大常委会主任续金明作…委员会: an official and what he delivers
    if "+" in label and "+" in _QUOTED.sub("", label):
        return False    # 政府+园区+协会, 跨境电商+海外仓: a model of cooperation, not a thing ("1+N"产业园 is one)
    if label[0] in "0123456789." and not _MODEL_NUMBER.match(label):
        return False
    if label.startswith(_NOT_A_START) and not opens_with_place:
        opener = _LEADING_RE.match(label)
        if not (opener and _opens_with_longer_noun(label, opener.end())):
            return False
    if _ends_with_any(label, _TRAILING_WORDS) or label.startswith(_NOT_NAME_OPENERS):
        return False
    if "以上" in label or "以下" in label or _FIRST_OF_A_CLASS.search(label):
        return False    # 亿元以上重点项目, 第一个汽车智能制造项目: a class of projects
    if _ZONE_WITH_TITLE.search(label):
        return False    # 石河子经济技术开发区国家级零碳园区: a zone and the title it shares with others
    if label.endswith(("示范项目", "试点项目", "上市公司", "成员单位")) or _CITY_ROLE.search(label):
        return False    # 列入财政部示范项目: a designation; 北京证券交易所上市公司: a class of companies
    if _COUNT_BEFORE.search(label[: len(label) - len(head)] if head else label) or _COUNT_INSIDE.search(label):
        return False
    if _ends_with_any(label, _NOT_NAMES) or _DESIGNATION.match(label):
        return False
    stem = label[: -len(head)] if head and label.endswith(head) else label
    stem = _PHASE.sub("", stem)
    if len(stem) < 2 and head not in ("专项行动", "三年行动"):
        return False
    if head in ("项目", "工程", "中心") and len(stem) <= 4 and _ends_in_verb(stem):
        return False
    if head in _GENERIC_ZONE_HEADS and len(_words(stem)) == 1 and _words(stem)[0][1] in ("v", "vd"):
        return False    # 激发景区, 提升园区: a verb and its object (jieba tags 正定, 大连 as adverbs)
    return not _is_generic(stem.strip("“”"))


def _is_generic(text: str) -> bool:
    """Whether a text is made only of generic words (重点产业, 城建品质提升).

    >>> _is_generic("城建品质提升"), _is_generic("三江口")
    (True, False)
    """
    if not text:
        return True
    reachable = [True] + [False] * len(text)
    for i, char in enumerate(text):
        if not reachable[i]:
            continue
        for word in _GENERIC_BY_FIRST.get(char, ()):
            if text.startswith(word, i):
                reachable[i + len(word)] = True
    return reachable[len(text)]


def _ends_with_any(label: str, words: tuple[str, ...]) -> bool:
    """Whether the label ends with one of the words and is longer than it."""
    return label.endswith(words) and any(label.endswith(w) and len(label) > len(w) for w in words)


def _strip_unbalanced_quotes(label: str) -> str:
    label = label.strip("、,")
    while label and label[0] in "”)）":
        label = label[1:]
    while label and label[-1] in "“(（":
        label = label[:-1]
    if label.count("“") > label.count("”") and label.startswith("“"):
        label = label[1:]
    return label


_VERB_AFTER = re.compile(r"(?:等[^,;:。]{0,14}?)?(?:顺利|基本|全面|全部|已|均|相继|先后|如期|提前|正式|陆续|实现|尽快|早日|年内|年底前)?"
                         r"(?P<verb>[^,;:。]{0,6})")


def _status_near(text: str, start: int, end: int, kind: EntityKind) -> ProjectStatus | None:
    """The stage a verb next to a name gives it: a concrete verb just after the name or its list
    (…、泉州五中洛江校区开工建设) wins over a general one before it (推动), else the verb before."""
    if kind is not EntityKind.PROJECT:
        return None
    clause_start = max(text.rfind(",", 0, start), text.rfind(";", 0, start), text.rfind(":", 0, start),
                       text.rfind("。", 0, start)) + 1
    before = None
    for match in _STATUS_RE.finditer(text[clause_start:start]):
        before = _STATUS[match.group(0)]
    after = None
    following = _VERB_AFTER.match(text, end)
    if following:
        match = _STATUS_RE.match(following.group("verb"))
        if match:
            after = _STATUS[match.group(0)]
    if after is not None and after is not ProjectStatus.UNDER_CONSTRUCTION and before in (
            None, ProjectStatus.UNDER_CONSTRUCTION):
        return after
    return before or after


def _investment(sentence: Sentence, start: int, end: int) -> Investment | None:
    """总投资50亿元的江南新区环境整治提升工程, or 某工程总投资12亿元."""
    text = sentence.text
    before = _INVESTMENT_BEFORE.search(text[max(0, start - 24):start])
    match = before or _INVESTMENT_AFTER.match(text[end:])
    if match is None:
        return None
    comparator = {"超": "at_least", "超过": "at_least", "逾": "at_least", "近": "about", "约": "about"}.get(
        match.group("cmp") or "", "eq")
    return Investment(Decimal(match.group("value")), match.group("unit"), comparator, sentence)
