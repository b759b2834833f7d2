"""Indicator facts: goals for the plan year (targets) and achieved figures for the
review year (outcomes), each with the sentence(s) it was read from.

The reading works on one sentence at a time:

1. decide whether the sentence speaks of the review year, the plan year, or
   some other time (its section's frame, overridden by the years it names;
   five-year totals and averages are never facts of one year);
2. find indicator names: headline ones from the SKOS catalogue, grouped when
   written as a list (一般公共预算总收入和一般公共预算收入 / 城乡居民人均可支配收入);
3. read the figures that follow each name: levels (580亿元), growth (增长7.5%,
   下降2.2%), comparators (左右 以上 超 突破 以内 控制在), ranges (5%-6%),
   distributive lists (分别增长9%和9.8%), qualitative goals (与经济增长基本同步);
4. other indicators written the same way (旅游总收入增长12%) are minted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pypinyin import Style, lazy_pinyin

from kg.lexicon import LEXICON as LEX
from kg.lexicon import alternation
from kg.model import Comparator, FactKind, Frame, Indicator, IndicatorFact, Measure, ReportMetadata, Sentence
from kg.ontology import IndicatorCatalogue
from kg.units import LEVEL_UNITS, UNIT_PATTERN, parse_number
from kg.years import base_years

NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿点]{1,8}(?=[%亿万千元美人个户家]))"
_RANGE = r"(?:(?P<dash>%?[-~—–至到])(?P<n2>" + NUM + r"))?"
_POST = r"(?P<post>" + alternation(LEX.comparator_words("after", "figures")) + r")?"
_PRE_CMP = r"(?P<pre>" + alternation(LEX.comparator_words("before", "figures")) + r")?"
_DOWN_VERBS = ("下降", "降", "减少", "回落", "下滑", "降幅", "降低")
_GROWTH = re.compile(
    r"(?P<verb>上涨幅度|增长幅度|增长|增|上升|提高|上涨|下降|降|减少|回落|下滑|降低|增速|增幅|涨幅|降幅)"
    r"(?:为|达到|达|了|保持在|在)?"
    + _PRE_CMP + r"(?P<n1>" + NUM + r")" + _RANGE + r"%" + _POST
    + r"(?P<more>(?:(?:和|、|与|及|,)" + NUM + r"%(?:左右|以上|以内)?)*)"
)
_LEVEL = re.compile(
    _PRE_CMP + r"(?P<n1>" + NUM + r")" + _RANGE + r"(?P<unit>" + UNIT_PATTERN + r")(?!百分点|月|季度|小时|工作日|点|次|倍)" + _POST
    + r"(?P<more>(?:(?:和|、|与|及)" + NUM + r"(?:" + UNIT_PATTERN + r"))*)"
)
_MORE_VALUES = re.compile(r"(?:和|、|与|及|,)(" + NUM + r")%(左右|以上|以内)?")
_MORE_LEVELS = re.compile(r"(?:和|、|与|及)(" + NUM + r")(" + UNIT_PATTERN + r")")
# 从2017年的3.06万亿元增长到2022年的4.2万亿元: the end value is the level.
_FROM_TO = re.compile(
    r"(?:从|由)(?:(?:19|20)\d{2}年(?:的|底|末)?)?" + NUM + r"(?:" + UNIT_PATTERN + r")"
    r"(?:增加|增长|提高|上升|提升|扩大)(?:到|至)(?:(?P<year>(?:19|20)\d{2})年(?:的|底|末)?)?(?P<n1>" + NUM + r")(?P<unit>"
    + UNIT_PATTERN + r")"
)
_GAP = re.compile(r"\((?P<inner>[^()]{1,16})\)")
_FILLER = re.compile(
    r"(?:实现|完成|达到|达|为|预计|预期|全年|年|比上年|比去年|同比|较上年|较去年|总量|总规模|规模|首次|均|分别|力争|确保|争取|"
    r"保持|继续|按可比价格计算|可比价|按可比口径|可比|同口径|实际|名义|现价|预定|计划|大关|关口|增加到|增长到|总额|总值|"
    r"目标|要|将|增至|提高到|提升到|上升到|回落到|下降到|降至|降到|:)"
)
_NEGATIVE = re.compile(r"年均|累计|翻番|翻一番|占|比重|人均|净增|增加值率|贡献率|拉动")
_CONNECTOR = re.compile(r"[,、]|和|及|以及|与")
_QUALITATIVE = re.compile(
    r"(?:增长|增速)?(?:与|和|同)[^,;。]{1,16}?(?:同步|相适应|相协调|相匹配|持平)(?:增长|提高)?"
    r"|(?:增长|增速)?(?:略高于|高于|不低于|快于)[^,;。\d]{1,12}?(?:增速|增长|增幅)"
)
# A goal with no number: 外贸出口回稳向好, 实际利用外资保持正增长.
_QUALITATIVE_STATE = re.compile(
    r"(?:保持|实现|力争|继续|稳定)?(?:正增长|回稳向好|稳中有升|稳中向好|稳定增长|平稳增长|稳步增长|较快增长|持续增长|"
    r"基本平衡|只增不减)"
)
_SIBLING_PREFIX = re.compile(r"(城镇居民|城市居民|城镇|城市|农村|农民|第[一二三])(?:和|、|与|及)$")
_ORDINAL = re.compile(r"第[一二三]")
_STATES_GOALS = re.compile(r"(?:主要|发展)预期目标|主要目标[是为:]")
_TASK = re.compile(r"完成(?P<who>[^,;。]{0,8}?)(?:下达|分解)的?$")
_OTHER_YEAR_WORDS = re.compile(r"[一二三四五六七八九十]{1,2}五|五年|年均(?!浓度)|以来|期间|累计")
_CLAUSE_START = re.compile(r"[;:。]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|-(?:19|20)\d{2}年)")
_ESTIMATE_STICKY = re.compile(r"预计数?[^。]{0,4}下同|以下均为预计")

# Han characters that may stand right before an indicator name without modifying it.
_BOUNDARY_BEFORE = set("的和与及年计现成是为在中将使把其全并比较争保到至:,;、。“”()《》!?-— ")
_CLAUSE_HEAD_BEFORE = re.compile(r"(?:[,;:。]|其中|全年|今年|预计|外贸)$")
_SCOPE_BEFORE = re.compile(r"(?:[全我本][国省市县区旗]|年[末内底]|带动|提出|计划|确定)$")
_RATE_SUFFIXES = ("率", "比重", "占比", "强度", "覆盖率")

# 左右 → about, 突破 → at least ... (comparators.tsv; 保持在 introduces a figure and bounds nothing)
_COMPARATORS = LEX.comparators_for("figures")
_PRE_COMPARATOR = LEX.words_regex("figure_comparators_before", LEX.comparator_words("before", "figures", True))

# Heads of indicator names outside the catalogue (旅游总收入, 技改投资, 粮食产量...).
_OPEN_HEADS = (
    "增加值|总产值|产值|总收入|营业收入|营业额|收入|总额|销售额|交易额|成交额|投资|产量|利润|税收|客流量|接待量|"
    "游客量|出口额|进口额|吞吐量|货运量|发电量|用电量|能耗|产业规模|营收|经营收入"
)
# Heads too generic to name an indicator without a subject (销售收入 of which firm? 产值 of what?).
_OPEN_GENERIC = {"销售收入", "主营业务收入", "营业收入", "综合收入", "总产量", "全社会投资", "全年投资", "产值", "总产值",
                 "总收入", "投资", "税收", "利润", "营收", "收入", "全产业链产值", "销售额", "总额", "增加值"}
_OPEN_NAME = re.compile(r"(?:(?<=[,;:。、])|^)(?P<lead>(?:全年|今年|全区|全市|全县|全省|全国|全行业|其中|预计|实现|完成|力争|确保|争取)*)"
                        r"(?P<name>[\u4e00-\u9fff]{1,10}?(?:" + _OPEN_HEADS + r"))")
_OPEN_HEAD = re.compile(_OPEN_HEADS)
_OPEN_BAD = re.compile(r"^[度年]|的|和|与|及|等|项目|总投资|年度|撬动|支撑|吸引|抓好|启动|谋划|实施|加上|上级|补助|预算内|"
                       r"债|基金|转贷|结转|调入|当年|达产|投产|预计|减少|^对|[一二三四五六七八九十]是|计划|完成|实现|推动|推进|带动|拉动|新增|争取|力争|确保|加快|建设|"
                       r"开工|投入|资金|融资|引进|招商|签约|到位|以上|以下|企业|个|家|其中|增速|增长|共|约|元|财政投入")


@dataclass
class Mention:
    start: int
    end: int
    indicators: list[Indicator]
    surface: str


@dataclass
class Figures:
    """What the words after an indicator name say."""

    levels: list = field(default_factory=list)   # [(value, value_max, unit, comparator), ...] one per listed name
    growth: list = field(default_factory=list)   # [(value, value_max, comparator), ...] one per listed name
    level_year: int | None = None   # the year an end value is for (从2017年的3.06万亿元增长到2022年的4.2万亿元)
    qualitative: str | None = None
    qualitative_kind: str = ""       # "comparison" (与…同步), "state" (保持正增长) or "task" (完成市下达的…任务)
    distributive: bool = False       # 分别: values are shared out over a list of names
    estimated: bool = False          # 预计 seen so far while reading
    level_estimated: bool = False
    growth_estimated: bool = False
    end: int = 0


class FactExtractor:
    """Reads indicator facts from framed sentences; one instance serves many reports."""

    def __init__(self, catalogue: IndicatorCatalogue):
        self.catalogue = catalogue
        surfaces = dict(catalogue.surfaces)
        self.groups: dict[str, list[str]] = {}
        # 城乡居民人均可支配收入 = 城镇… and 农村…
        for surface, notation in catalogue.surfaces.items():
            if surface.startswith("城镇"):
                rural = catalogue.surfaces.get("农村" + surface[2:])
                if rural and rural != notation:
                    self.groups["城乡" + surface[2:]] = [notation, rural]
        names = sorted(list(surfaces) + list(self.groups), key=len, reverse=True)
        self.mention_pattern = re.compile("|".join(re.escape(n) for n in names))

    # --- public API --------------------------------------------------------------------

    def extract(self, sentences: list[Sentence], meta: ReportMetadata) -> list[IndicatorFact]:
        """All indicator facts of a report, one per (kind, indicator, year, measure)."""
        facts: dict[tuple, IndicatorFact] = {}
        sticky_estimate_section: str | None = None
        for sentence in sentences:
            if _ESTIMATE_STICKY.search(sentence.text):
                sticky_estimate_section = sentence.section
            kind, year = self.sentence_time(sentence, meta)
            if kind is None:
                continue
            estimated_context = kind is FactKind.OUTCOME and (
                "预计" in sentence.section or sticky_estimate_section == sentence.section)
            for fact in self.sentence_facts(sentence, kind, year, estimated_context):
                existing = facts.get(fact.key)
                if existing is None:
                    facts[fact.key] = fact
                elif _same_value(existing, fact):
                    if sentence not in existing.sentences:
                        existing.sentences.append(sentence)
                    existing.estimated = existing.estimated and fact.estimated
                elif _STATES_GOALS.search(sentence.text) and not any(
                        _STATES_GOALS.search(s.text) for s in existing.sentences):
                    # two readings of one goal: the 主要预期目标 list is the authoritative one
                    facts[fact.key] = fact
        return list(facts.values())

    def sentence_time(self, sentence: Sentence, meta: ReportMetadata) -> tuple[FactKind | None, int | None]:
        """Whether a sentence states outcomes of the review year, targets of the plan year, or neither."""
        review, plan = meta.review_year, meta.plan_year
        if review is None or plan is None:
            return None, None
        text = sentence.text
        # every year is written with 年: most sentences have none, and a substring test is cheap
        years = {int(y) for y in _YEAR.findall(text)} - (base_years(text) - {review, plan}) if "年" in text else set()
        if any(y > plan for y in years):  # 到2025年…: a goal beyond the plan year
            return None, None
        if years:
            if plan in years and review not in years:
                return FactKind.TARGET, plan
            if review in years and plan not in years:
                return (FactKind.OUTCOME, review) if sentence.frame is not Frame.PLAN or "预计" in text \
                    else (None, None)
            if not years & {review, plan}:
                return None, None
        if sentence.frame is Frame.PLAN:
            return FactKind.TARGET, plan
        if sentence.frame is Frame.REVIEW:
            return FactKind.OUTCOME, review
        if sentence.frame is Frame.MULTI_YEAR:
            # A five-year review still gives last year's figures where it compares with the year before.
            if re.search(r"比上年|较上年|同比", text) and not _OTHER_YEAR_WORDS.search(text):
                return FactKind.OUTCOME, review
            return None, None
        if re.search(r"预计|同比|比上年|较上年|完成|实现", text):
            return FactKind.OUTCOME, review
        if re.search(r"目标|力争|确保|争取", text):
            return FactKind.TARGET, plan
        return None, None

    def sentence_facts(self, sentence: Sentence, kind: FactKind, year: int,
                       estimated_context: bool = False) -> list[IndicatorFact]:
        text = sentence.text
        mentions = self.find_mentions(text)
        facts: list[IndicatorFact] = []
        covered: list[tuple[int, int]] = []
        index = 0
        while index < len(mentions):
            group = [mentions[index]]
            qualitative = _QUALITATIVE.match(text, group[0].end)
            while not qualitative and index + 1 < len(mentions) \
                    and _CONNECTOR.fullmatch(text[group[-1].end:mentions[index + 1].start]):
                index += 1
                group.append(mentions[index])
            index += 1
            # Names inside a qualitative goal (与全区生产总值基本同步) are its reference, not facts.
            while qualitative and index < len(mentions) and mentions[index].start < qualitative.end():
                index += 1
            limit = mentions[index].start if index < len(mentions) else len(text)
            indicators = [ind for m in group for ind in m.indicators]
            surface = text[group[0].start:group[-1].end]
            facts.extend(self._facts_for(text, sentence, group[0].start, group[-1].end, limit, indicators,
                                         surface, kind, year, estimated_context))
            covered.append((group[0].start, limit))
        facts.extend(self._open_facts(text, sentence, covered, kind, year, estimated_context))
        return facts

    def find_mentions(self, text: str) -> list[Mention]:
        """Headline indicator names in a sentence, leftmost-longest, with list siblings."""
        mentions: list[Mention] = []
        for match in self.mention_pattern.finditer(text):
            start, end = match.span()
            surface = match.group(0)
            if start > 0 and text[start - 1] not in _BOUNDARY_BEFORE and not _sibling_prefix(text, start) \
                    and not _SCOPE_BEFORE.search(text, max(0, start - 3), start):
                continue
            # A bare short name (出口, 进出口) may belong to a subject before it (“新三样”出口, 猕猴桃…、出口):
            # take it only where a clause starts.
            if len(surface) <= 3 and start > 0 and not _CLAUSE_HEAD_BEFORE.search(text, max(0, start - 4), start):
                continue
            indicators = [self.catalogue[n] for n in self.groups.get(surface) or [self.catalogue.surfaces[surface]]]
            sibling = self._sibling(text, start, surface)
            if sibling:
                indicators = [sibling] + indicators
                start = start - len(_sibling_prefix(text, start)) - 1
            mentions.append(Mention(start, end, indicators, surface))
        return mentions

    def _sibling(self, text: str, start: int, surface: str) -> Indicator | None:
        """城镇和农村居民人均可支配收入, 第一、第三产业增加值: the name before 和/、 completes with this one's tail."""
        prefix = _sibling_prefix(text, start)
        if not prefix:
            return None
        if _ORDINAL.fullmatch(prefix) and _ORDINAL.match(surface):
            name = prefix + surface[2:]
            notation = self.catalogue.surfaces.get(name)
            return self.catalogue[notation] if notation else mint_indicator(name)
        for cut in range(1, min(5, len(surface))):
            notation = self.catalogue.surfaces.get(prefix + surface[cut:])
            if notation and notation != self.catalogue.surfaces.get(surface):
                return self.catalogue[notation]
        return None

    # --- figures -----------------------------------------------------------------------

    def _facts_for(self, text, sentence, start, end, limit, indicators, surface, kind, year,
                   estimated_context) -> list[IndicatorFact]:
        figures = read_figures(text, end, limit)
        # 五年来/年均/累计/十四五 in the clause that carries the name: a multi-year figure.
        clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0)
        if _OTHER_YEAR_WORDS.search(text, clause_start, max(figures.end, end)):
            return []
        task = _TASK.search(text, 0, start)
        if not figures.levels and not figures.growth and not figures.qualitative:
            state = _QUALITATIVE_STATE.match(text, end)
            if task and "任务" in text[end:limit + 30]:
                figures.qualitative, figures.qualitative_kind = "完成" + task.group("who") + "下达的{}任务", "task"
            elif state and kind is FactKind.TARGET and not re.search(r"\d", text[end:state.end()]):
                figures.qualitative, figures.qualitative_kind = state.group(0), "state"
            else:
                return []
        prior_estimate = estimated_context or "预计" in text[:start]
        facts = []
        for position, indicator in enumerate(indicators):
            facts.extend(_facts_from_figures(figures, indicator, position, len(indicators), kind, year, prior_estimate,
                                             surface, sentence, self.catalogue))
        return facts

    def _open_facts(self, text, sentence, covered, kind, year, estimated_context) -> list[IndicatorFact]:
        facts: list[IndicatorFact] = []
        # _OPEN_NAME is tried at every position; fewer than one sentence in ten has a head at all
        if not _OPEN_HEAD.search(text):
            return facts
        for match in _OPEN_NAME.finditer(text):
            start, end = match.span("name")
            name = match.group("name")
            if any(s <= start < e or s < end <= e for s, e in covered) or _OPEN_BAD.search(name) or len(name) < 3:
                continue
            # One name of a list (纺织服装、食品、建材产业增加值分别增长...): its figures are not its own.
            if match.start() > 0 and text[match.start() - 1] == "、":
                continue
            if self.catalogue.surfaces.get(name) or name in _OPEN_GENERIC:
                continue
            clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0)
            if _OTHER_YEAR_WORDS.search(text, clause_start, end):
                continue
            figures = read_figures(text, end, len(text))
            figures.qualitative = None
            if figures.end < len(text) and text[figures.end] == "的":  # 投资2.1亿元的某项目: a project's amount
                continue
            figures.levels = [v for v in figures.levels if v[2] in ("万亿元", "亿元", "万元", "亿美元", "万美元")]
            if not figures.growth and not figures.levels:
                continue
            prior_estimate = estimated_context or "预计" in text[:start]
            facts.extend(_facts_from_figures(figures, mint_indicator(name), 0, 1, kind, year, prior_estimate,
                                             name, sentence, self.catalogue))
        return facts


def _facts_from_figures(figures: Figures, indicator: Indicator, position: int, group_size: int, kind: FactKind,
                        year: int, prior_estimate: bool, surface: str, sentence: Sentence,
                        catalogue: IndicatorCatalogue) -> list[IndicatorFact]:
    """The facts one indicator gets from the figures read after its name (the n-th of a list)."""
    outcome = kind is FactKind.OUTCOME

    def fact(measure: Measure, estimated: bool, **values) -> IndicatorFact:
        return IndicatorFact(kind=kind, indicator=indicator, year=year, measure=measure,
                             estimated=outcome and (prior_estimate or estimated), surface=surface,
                             sentences=[sentence], **values)

    if figures.qualitative:
        wording = figures.qualitative.replace("{}", indicator.label)
        reference = _reference(wording, catalogue)
        # 与经济增长同步 ties a goal to another indicator; 经济增速与实物量指标相匹配 says nothing measurable.
        if figures.qualitative_kind == "comparison" and (reference is None or reference == indicator):
            return []
        return [fact(Measure.QUALITATIVE, False, text=wording, reference=reference)]
    facts = []
    # 分别达到42469元和26000元 shares levels out by position; a list that does not fit gives none.
    level_fits = len(figures.levels) == 1 and not figures.distributive or len(figures.levels) == group_size
    if figures.level_year not in (None, year):
        level_fits = False
    if figures.levels and level_fits:
        value, value_max, unit, comparator = figures.levels[min(position, len(figures.levels) - 1)]
        if unit != "%" and not unit_fits(indicator.label, unit):
            pass
        elif unit != "%" or indicator.label.endswith(_RATE_SUFFIXES):
            facts.append(fact(Measure.LEVEL, figures.level_estimated, value=value, value_max=value_max,
                              unit=unit, comparator=comparator))
        elif not figures.growth:
            facts.append(fact(Measure.GROWTH, figures.level_estimated, value=value, value_max=value_max,
                              unit="%", comparator=comparator))
    # 分别增长9%和9.8% needs as many names as values, or it cannot be shared out.
    ambiguous = len(figures.growth) > 1 and len(figures.growth) != group_size
    if figures.growth and not ambiguous:
        value, value_max, comparator = figures.growth[min(position, len(figures.growth) - 1)]
        facts.append(fact(Measure.GROWTH, figures.growth_estimated, value=value, value_max=value_max,
                          unit="%", comparator=comparator))
    return facts


# What an indicator's name says about the unit its levels can have.
_UNIT_KINDS_BY_HEAD = (
    (re.compile(r"就业(?:人数|人员)?$"), {"PERSON"}),
    (re.compile(r"(?:收入|总值|增加值|投资|外资|总额|销售额|交易额|成交额|营业额|产值|利润|税收)$"), {"CNY", "USD"}),
    (re.compile(r"率$"), {"PERCENT"}),
)


def unit_fits(label: str, unit: str) -> bool:
    """Whether a level's unit suits the indicator (城镇新增就业 counts 人, not 人次; 投资 is money).

    >>> unit_fits("城镇新增就业", "万人"), unit_fits("城镇新增就业", "人次"), unit_fits("固定资产投资", "亿元")
    (True, False, True)
    """
    for head, kinds in _UNIT_KINDS_BY_HEAD:
        if head.search(label):
            return LEVEL_UNITS[unit][1] in kinds
    return True


def _sibling_prefix(text: str, start: int) -> str | None:
    match = _SIBLING_PREFIX.search(text, max(0, start - 5), start)
    return match.group(1) if match else None


def read_figures(text: str, position: int, limit: int) -> Figures:
    """Read the levels, growth or qualitative wording that follows an indicator name.

    >>> f = read_figures("全区生产总值580亿元、增长7.5%", 6, 19)
    >>> f.levels[0][:3], f.growth
    ((Decimal('580'), None, '亿元'), [(Decimal('7.5'), None, <Comparator.EXACTLY: 'eq'>)])
    """
    limit = min(limit, len(text))
    figures = Figures(end=position)
    qualitative = _QUALITATIVE.match(text, position)
    if qualitative:
        figures.qualitative, figures.qualitative_kind = qualitative.group(0), "comparison"
        figures.end = qualitative.end()
        return figures
    i = position
    pending_comparator: Comparator | None = None
    while i < limit:
        if text[i] == " ":
            i += 1
            continue
        gap = _GAP.match(text, i, limit)
        if gap:
            if "预计" in gap.group("inner"):
                figures.estimated = True
            i = gap.end()
            continue
        if _NEGATIVE.match(text, i, limit):
            return Figures(end=position)
        from_to = _FROM_TO.match(text, i, limit)
        if from_to and not figures.levels:
            value = parse_number(from_to.group("n1"))
            if value is not None:
                figures.levels = [(value, None, from_to.group("unit"), pending_comparator or Comparator.EXACTLY)]
                figures.level_estimated = figures.estimated
                figures.level_year = int(from_to.group("year")) if from_to.group("year") else None
            i = figures.end = from_to.end()
            continue
        growth = _GROWTH.match(text, i, limit)
        if growth:
            if not figures.growth:
                figures.growth = _growth_values(growth, pending_comparator)
                figures.growth_estimated = figures.estimated
            i = figures.end = growth.end()
            continue
        level = _LEVEL.match(text, i, limit)
        if level and level.group("n1"):
            if level.end() < limit and text[level.end()] == "的":  # 超10亿元的县: a relative clause
                break
            if not figures.levels:
                figures.levels = _level_values(level, pending_comparator)
                figures.level_estimated = figures.estimated
            elif _is_milestone_then_exact(figures.levels, level):  # 首次突破2万元、达到20793元
                figures.levels = _level_values(level, None)
            i = figures.end = level.end()
            continue
        filler = _FILLER.match(text, i, limit)
        if filler:
            word = filler.group(0)
            if word == "预计":
                figures.estimated = True
            elif word == "分别":
                figures.distributive = True
            i = filler.end()
            continue
        comparator_word = _PRE_COMPARATOR.match(text[i:limit])
        if comparator_word:
            pending_comparator = _COMPARATORS[comparator_word.group(0)]
            i += len(comparator_word.group(0))
            continue
        connector = _CONNECTOR.match(text, i, limit)
        # After a figure, even one too large to be real and not read (收入123456789012345678901亿元、增长10%:
        # figures.end has moved past it), the next clause may go on with the same indicator.
        if connector and figures.end > position:
            if _starts_figure(text, connector.end(), limit):
                i = connector.end()
                continue
            # 5.5万亿元,稳居全国前十强,增长4.8%: step over one short remark between two figures.
            remark = _REMARK.match(text, connector.end(), limit)
            if remark and _starts_figure(text, remark.end(), limit):
                i = remark.end()
                continue
        break
    return figures


_REMARK = re.compile(r"[^,;。\d%]{2,10}?(?:第[一二三四五六七八九十\d]+位?|前[一二三四五六七八九十\d]+[强名位]?|首位|第一方阵),")


def _starts_figure(text: str, i: int, limit: int) -> bool:
    """Whether the next clause continues the same indicator's figures (…580亿元、增长7.5%)."""
    j = i
    while j < limit:
        filler = _FILLER.match(text, j, limit)
        if not filler:
            break
        j = filler.end()
    return bool(_GROWTH.match(text, j, limit) or _LEVEL.match(text, j, limit))


def _is_milestone_then_exact(levels: list[tuple], match: re.Match) -> bool:
    """突破2万元、达到20793元: a round threshold followed by the exact figure in the same kind of unit."""
    if len(levels) != 1 or levels[0][3] is not Comparator.AT_LEAST or match.group("pre") or match.group("post"):
        return False
    first_unit, unit = levels[0][2], match.group("unit")
    return LEVEL_UNITS[first_unit][1] == LEVEL_UNITS[unit][1]


def _level_values(match: re.Match, pending: Comparator | None) -> list[tuple]:
    """(value, value_max, unit, comparator) for 580亿元, and for each of 42469元和26000元."""
    value, value_max = parse_number(match.group("n1")), _number(match.group("n2"))
    if value is None:
        return []
    comparator = _comparator(match.group("pre"), match.group("post"), value_max) or pending or Comparator.EXACTLY
    values = [(value, value_max, match.group("unit"), comparator)]
    for number, unit in _MORE_LEVELS.findall(match.group("more") or ""):
        more = parse_number(number)
        if more is not None:
            values.append((more, None, unit, comparator))
    return values


def _growth_values(match: re.Match, pending: Comparator | None) -> list[tuple]:
    """(value, value_max, comparator) for 增长6%, and for each of 分别增长9%和9.8%左右."""
    sign = -1 if match.group("verb") in _DOWN_VERBS else 1
    value, value_max = parse_number(match.group("n1")), _number(match.group("n2"))
    if value is None:
        return []
    comparator = _comparator(match.group("pre"), match.group("post"), value_max) or pending or Comparator.EXACTLY
    more = [(parse_number(n), post) for n, post in _MORE_VALUES.findall(match.group("more") or "")]
    # 分别增长5%、6.5%左右: a comparator after the last value covers the whole list.
    if more and more[-1][1] and comparator is Comparator.EXACTLY and not match.group("post"):
        comparator = _COMPARATORS[more[-1][1]]
    values = [(sign * value, sign * value_max if value_max is not None else None, comparator)]
    for number, post in more:
        if number is not None:
            values.append((sign * number, None, _COMPARATORS[post] if post else comparator))
    return values


def _comparator(pre: str | None, post: str | None, value_max) -> Comparator | None:
    if value_max is not None:
        return Comparator.BETWEEN
    if post:
        return _COMPARATORS[post]
    if pre in _COMPARATORS:
        return _COMPARATORS[pre]
    return None


def _number(text: str | None) -> Decimal | None:
    return parse_number(text) if text else None


def _same_value(a: IndicatorFact, b: IndicatorFact) -> bool:
    return (a.value, a.unit, a.text if a.measure is Measure.QUALITATIVE else None) == \
        (b.value, b.unit, b.text if b.measure is Measure.QUALITATIVE else None)


def _reference(wording: str, catalogue: IndicatorCatalogue) -> Indicator | None:
    """The indicator a qualitative goal is tied to: 与经济增长基本同步 → GDP."""
    if re.search(r"经济增长|经济发展|生产总值|GDP", wording) and "GDP" in catalogue.indicators:
        return catalogue["GDP"]
    return None


def mint_indicator(label: str) -> Indicator:
    """An indicator outside the catalogue, with a readable pinyin notation.

    >>> mint_indicator("旅游总收入").notation
    'LvYouZongShouRu'
    """
    syllables = lazy_pinyin(label, style=Style.NORMAL, v_to_u=False, errors="ignore")
    notation = "".join(s.capitalize() for s in syllables) or "Indicator"
    return Indicator(notation, label, headline=False)
