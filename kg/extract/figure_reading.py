"""Reading the figures that follow an indicator's name: levels (580亿元), growth (增长7.5%,
下降2.2%), comparators (左右 以上 超 突破 以内 控制在), ranges (5%-6%), distributive lists
(分别增长9%和9.8%) and qualitative goals (与经济增长基本同步). The words are data
(kg/lexicon/zh/: patterns.tsv, comparators.tsv, units.tsv, words.tsv)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from kg.extract.from_to_lists import from_to_list
from kg.extract.units import LEVEL_UNITS, UNIT_PATTERN, parse_number
from kg.lexicon import LEXICON as LEX
from kg.lexicon import alternation
from kg.model import Comparator

S = LEX.pattern_source
NUM = S("number")
_RANGE = r"(?:(?P<dash>" + S("range_dash") + r")(?P<n2>" + NUM + r"))?"
_POST = r"(?P<post>" + alternation(LEX.comparator_words("after", "figures")) + r")?"
_PRE_CMP = r"(?P<pre>" + alternation(LEX.comparator_words("before", "figures")) + r")?"
_LISTED_POST = "(?:" + S("listed_value_comparators") + ")"
_PERCENT = "(?:" + S("percent_sign") + ")"  # 增长7.2%, or 增长7.2, where a page stripped its % signs
_GROWTH = LEX.compile(
    "growth",
    (
        r"(?P<verb>"
        + S("growth_verbs")
        + r")(?P<link>"
        + S("growth_links")
        + r")?"
        + _PRE_CMP
        + r"(?P<minus>[-\u2212])?"  # 增长-18.9%: a fall written as a negative growth
        + r"(?P<n1>"
        + NUM
        + r")"
        + _RANGE
        + _PERCENT
        + _POST
        + r"(?P<more>(?:(?:"
        + S("listed_value_remark")
        + r")?(?:"
        + S("figure_list_joiners")
        + r")[-\u2212]?"  # 分别增长5.6%、-24.4%、9.9%: a fall among the listed
        + NUM
        + _PERCENT
        + _LISTED_POST
        + r"?)*)"
    ),
)
_LEVEL = LEX.compile(
    "level",
    (
        _PRE_CMP
        + r"(?P<n1>"
        + NUM
        + r")"
        + _RANGE
        + r"(?P<over>"
        + S("level_more_than")
        + r")?(?P<unit>"
        + UNIT_PATTERN
        + r")(?!"
        + S("not_a_level_after")
        + r")"
        # (a range whose ends both carry the unit: 地区生产总值201.06亿元—204.05亿元)
        + r"(?:(?:"
        + S("range_dash")
        + r")(?P<n2_unit>"
        + NUM
        + r")(?P=unit))?"
        + _POST
        + r"(?P<more>(?:(?:"
        + S("level_list_joiners")
        + r")"
        + NUM
        + r"(?:"
        + UNIT_PATTERN
        + r"))*)"
    ),
)
# 居民消费价格指数为102.7 / 101.7% / 控制在103左右: an index with the year before as 100, the rise is
# the figure less 100; a figure that is not such an index (指数上涨2.1%) reads as ever
_PRICE_INDEX_NAME = LEX.pattern("price_index_name")
_PRICE_INDEX = LEX.compile(
    "price_index_figure",
    r"(?P<n1>" + S("price_index_value") + r")%?" + _POST + r"(?![\d.%]|" + UNIT_PATTERN + r")",
)
_MORE_VALUES = LEX.compile(
    "more_values",
    r"(?:"
    + S("listed_value_remark")
    + r")?(?:"
    + S("figure_list_joiners")
    + r")([-\u2212]?)("
    + NUM
    + r")"
    + _PERCENT
    + r"("
    + S("listed_value_comparators")
    + r")?",
)
_MORE_LEVELS = LEX.compile("more_levels", r"(?:" + S("level_list_joiners") + r")(" + NUM + r")(" + UNIT_PATTERN + r")")
_FROM_TO = LEX.pattern("from_to")
_GAP = re.compile(r"\((?P<inner>[^()]{1,16})\)")
_FILLER = LEX.pattern("filler")
_PARTS_OF_YEAR = LEX.pattern("parts_of_year_before_year")  # 一季度增长4.5%,全年增长6.7%: the year's 6.7%
_OVER_TWO_BASES = LEX.pattern("growth_over_two_bases")  # 比上年和2000年分别增长19.9%和85.5%: 19.9% the year's
_MULTI_YEAR = LEX.pattern("multi_year")
_YEAR_LEVEL_AFTER = LEX.pattern("year_level_after_multi_year")
CONNECTOR = LEX.pattern("connector")
QUALITATIVE = LEX.pattern("qualitative")
_REMARK = LEX.pattern("remark")
_REMARK_CLAUSE = LEX.pattern("remark_clause")
_MILESTONE_TAIL = LEX.pattern("milestone_tail")
DIGIT = re.compile(r"\d")
_FLAT = LEX.pattern("flat")
_DOWN_VERBS = LEX.word_list("down_verbs")
_ESTIMATE_WORDS = frozenset(LEX.word_list("estimate_words"))  # 预计, 初步预测
ESTIMATE = LEX.pattern("estimate")  # 预计, not 好于预计 (sentence_timing reads sections with it too)
DISTRIBUTIVE = LEX.word_list("distributive_words")[0]  # 分别: values shared out over a list of names
_ALIKE = LEX.word_list("alike_words")[0]  # 均: one value for every name of a list
# 左右 → about, 突破 → at least ... (comparators.tsv; 保持在 introduces a figure and bounds nothing)
_COMPARATORS = LEX.comparators_for("figures")
_PRE_COMPARATOR = LEX.words_regex("figure_comparators_before", LEX.comparator_words("before", "figures", True))
_UNKNOWN_SIBLING = LEX.pattern("unknown_sibling_before_state")
_RELATIVE_CLAUSE = LEX.word_list("relative_mark")[0]  # 超10亿元的县: a figure that qualifies a noun


class Level(NamedTuple):
    """580亿元, 5%-6%, 1100万人以上: a level as read, one per listed name."""

    value: Decimal
    value_max: Decimal | None
    unit: str
    comparator: Comparator


class Growth(NamedTuple):
    """增长6%左右, 下降2.2%: a growth rate in percent as read, one per listed name."""

    value: Decimal
    value_max: Decimal | None
    comparator: Comparator


@dataclass
class Figures:
    """What the words after an indicator name say."""

    levels: list[Level] = field(default_factory=list)  # one per listed name
    growth: list[Growth] = field(default_factory=list)  # one per listed name
    level_year: int | None = None  # the year an end value is for (从2017年的3.06万亿元增长到2022年的4.2万亿元)
    growth_of_level_year: bool = False  # the growth read is that year's too (2010年达到1142亿元,增长14.2%)
    qualitative: str | None = None
    qualitative_kind: str = ""  # "comparison" (与…同步), "state" (保持正增长) or "task" (完成市下达的…任务)
    distributive: bool = False  # 分别: values are shared out over a list of names
    alike: bool = False  # 均 after a level: the growth after it is every listed name's (…27.03亿元,均增长9.8%)
    first_growth_only: bool = False  # 比上年和2000年分别增长19.9%和85.5%: the rest are over another year
    estimated: bool = False  # 预计 seen so far while reading
    level_estimated: bool = False
    growth_estimated: bool = False
    end: int = 0
    level_span: tuple[int, int] | None = None  # where the level taken was read (580亿元)
    growth_span: tuple[int, int] | None = None  # where the growth taken was read (增长7.5%)
    parts_span: tuple[int, int] | None = None  # parts of the year passed over (一季度增长4.5%, before 全年增长6.7%)


def level_starts(text: str, start: int, end: int) -> list[int]:
    """Where the levels of a list stand between ``start`` and ``end`` (生产总值95亿元、财政收入9.39亿元、…):
    one item of the list each, whether or not its name is an indicator's."""
    found, i = [], start
    while (match := _LEVEL.search(text, i, end)) is not None:
        if match.group("n1"):
            found.append(match.start("n1"))
        i = max(match.end(), i + 1)
    return found


def read_figures(text: str, position: int, limit: int) -> Figures:
    """Read the levels, growth or qualitative wording that follows an indicator name.

    >>> f = read_figures("全区生产总值580亿元、增长7.5%", 6, 19)
    >>> f.levels[0][:3], f.growth[0].value
    ((Decimal('580'), None, '亿元'), Decimal('7.5'))
    """
    limit = min(limit, len(text))
    figures = Figures(end=position)
    qualitative = QUALITATIVE.match(text, position) if not _FLAT.match(text, position) else None
    if qualitative:
        figures.qualitative, figures.qualitative_kind = qualitative.group(0), "comparison"
        figures.end = qualitative.end()
        return figures
    i = position
    pending_comparator: Comparator | None = None
    index_name = bool(_PRICE_INDEX_NAME.search(text, max(0, position - 4), position))
    while i < limit:
        if text[i] == " ":
            i += 1
            continue
        gap = _GAP.match(text, i, limit)
        if gap:
            if ESTIMATE.search(gap.group("inner")):
                figures.estimated = True
            if figures.growth and not figures.levels:
                _level_in_brackets(text, gap, figures)
            i = gap.end()
            continue
        if _MULTI_YEAR.match(text, i, limit):
            # 年均增长6.5%: figures of several years; those read before it (增长8.1%,年均增长6.5%) stand
            if figures.end > position:
                break
            return _year_level_after(text, i, limit, position)
        two_bases = _OVER_TWO_BASES.match(text, i, limit)
        if two_bases:
            figures.first_growth_only, i = True, two_bases.end()
            continue
        flat = _FLAT.match(text, i, limit)
        if flat and not figures.growth:  # 居民消费价格指数持平: a growth of 0% (基本持平: about 0%)
            roughly = Comparator.ABOUT if flat.group("roughly") else Comparator.EXACTLY
            figures.growth, figures.growth_span = [Growth(Decimal(0), None, roughly)], flat.span()
            figures.growth_estimated = figures.estimated
            i = figures.end = flat.end()
            continue
        parts = _PARTS_OF_YEAR.match(text, i, limit) if figures.end == position else None
        if parts:
            figures.parts_span, i = parts.span(), parts.end()
            continue
        after = _read_figure(text, i, limit, figures, pending_comparator, index_name)
        if after == _RELATIVE_CLAUSE_FOLLOWS:
            break
        if after is not None:
            i = figures.end = after
            continue
        filler = _FILLER.match(text, i, limit)
        if filler:
            word = filler.group(0)
            if word in _ESTIMATE_WORDS:
                figures.estimated = True
            elif word == DISTRIBUTIVE:
                figures.distributive = True
            elif word == _ALIKE and figures.levels and not figures.growth:
                figures.alike = True
            i = filler.end()
            continue
        comparator_word = _PRE_COMPARATOR.match(text[i:limit])
        if comparator_word:
            # 跃上新台阶,分别为4050亿元: a milestone of no figure bounds none after it, the exact one
            past = _past_remark(text, i, limit) if figures.end == position else None
            if past is not None and not DIGIT.search(text, i, past):
                i = past
                continue
            pending_comparator = _COMPARATORS[comparator_word.group(0)]
            i += len(comparator_word.group(0))
            continue
        following = _next_clause(text, i, limit) if figures.end > position else _past_remark(text, i, limit)
        if following is None:
            break
        i = following
    return figures


_RELATIVE_CLAUSE_FOLLOWS = -1


def _level_in_brackets(text: str, gap: re.Match[str], figures: Figures) -> None:
    """The level a growth gives in brackets after it, the whole of them (地区生产总值增长5.9%(达到1133.16亿元));
    not a figure inside a remark (增长12%(不含土地出让收入30亿元))."""
    end = gap.end("inner")
    j = _past_fillers(text, gap.start("inner"), end)
    level = _LEVEL.match(text, j, end)
    if level is not None and level.end() == end and level.group("n1"):
        figures.levels = _level_values(level, None)
        figures.level_span, figures.level_estimated = level.span(), figures.estimated


def _year_level_after(text: str, i: int, limit: int, position: int) -> Figures:
    """After a figure of several years, the level of one year the next part gives, with that year
    (生产总值年均增长12.2%,2016年达到1156.49亿元: 1156.49亿元 of 2016), and that year's growth where
    the next clause gives one (工业增加值年均增长16.5%,2010年达到1142亿元,增长14.2%); else nothing."""
    figures = Figures(end=position)
    dated = _YEAR_LEVEL_AFTER.match(text, i, limit)
    if dated is None:
        return figures
    after = _read_figure(text, dated.end(), limit, figures, None)
    if after in (None, _RELATIVE_CLAUSE_FOLLOWS) or not figures.levels or figures.growth:
        return Figures(end=position)
    figures.level_year, figures.end = int(dated.group(1)), after
    following = _next_clause(text, after, limit)
    # (not a growth of several years again: 2010年达到1142亿元,年均增长14.2%, where 年 and 均 are fillers)
    while following is not None and not _MULTI_YEAR.match(text, following, limit):
        filler = _FILLER.match(text, following, limit)
        if filler is None:
            break
        following = filler.end()
    multi_year = following is not None and _MULTI_YEAR.match(text, following, limit)
    growth = _GROWTH.match(text, following, limit) if following is not None and not multi_year else None
    if growth:
        figures.growth, figures.growth_span = _growth_values(growth, None), growth.span()
        figures.growth_of_level_year, figures.end = True, growth.end()
    return figures


def _read_figure(
    text: str, i: int, limit: int, figures: Figures, pending: Comparator | None, index_name: bool = False
) -> int | None:
    """Reads a figure at ``i`` into ``figures`` (the first of its kind counts) and returns where it
    ends; None when no figure starts there, ``_RELATIVE_CLAUSE_FOLLOWS`` when it qualifies a noun."""
    changes = from_to_list(text, i, limit)
    if changes and not figures.levels:
        ends, figures.level_year, end = changes
        figures.levels = [Level(value, None, unit, Comparator.EXACTLY) for value, unit in ends]
        figures.distributive, figures.level_estimated, figures.level_span = True, figures.estimated, (i, end)
        return end
    from_to = _FROM_TO.match(text, i, limit)
    # (突破千亿大关,从2015年的717.4亿元提高到2020年的1037.1亿元: the exact end after a round threshold)
    if from_to and (not figures.levels or _milestone_only(figures.levels, from_to.group("unit"))):
        value = parse_number(from_to.group("n1"))
        if value is not None:
            # (提高至2021年的160亿元左右: about the end figure)
            # (从不到70万亿元增加到超过100万亿元: at least the end figure)
            comparator = _comparator(from_to.group("pre"), from_to.group("post"), None) or pending or Comparator.EXACTLY
            figures.levels = [Level(value, None, from_to.group("unit"), comparator)]
            # (由32亿元预计增加到68亿元: the end an estimate)
            figures.estimated = figures.estimated or bool(ESTIMATE.search(from_to.group(0)))
            figures.level_estimated = figures.estimated
            figures.level_year = int(from_to.group("year")) if from_to.group("year") else None
            figures.level_span = (from_to.start("n1"), from_to.end())
        return from_to.end()
    growth = _GROWTH.match(text, i, limit)
    if growth:
        if not figures.growth:
            figures.growth = _growth_values(growth, pending)[: 1 if figures.first_growth_only else None]
            figures.growth_estimated = figures.estimated
            figures.growth_span = growth.span()
            link = growth.group("link") or ""
            # 增长分别达4.3%、7.9%、2.6%: the figures are shared out as after 分别增长
            figures.distributive = figures.distributive or DISTRIBUTIVE in link
            # (增幅均达8%以上 after levels: every listed name's, as 均增长 is)
            figures.alike = figures.alike or bool(figures.levels and _ALIKE in link)
        return growth.end()
    index = _PRICE_INDEX.match(text, i, limit) if index_name else None
    if index:
        value = parse_number(index.group("n1"))
        if not figures.growth and value is not None:
            comparator = _comparator(None, index.group("post"), None) or pending or Comparator.EXACTLY
            figures.growth = [Growth(value - 100, None, comparator)]
            figures.growth_estimated = figures.estimated
            figures.growth_span = index.span()
        return index.end()
    level = _LEVEL.match(text, i, limit)
    if level and level.group("n1"):
        if level.end() < limit and text[level.end()] == _RELATIVE_CLAUSE:  # 超10亿元的县: a relative clause
            return _RELATIVE_CLAUSE_FOLLOWS
        if not figures.levels:
            figures.levels = _level_values(level, pending)
            figures.level_estimated = figures.estimated
            figures.level_span = level.span()
        elif exact := _exact_after_milestone(figures.levels, level):  # 首次突破2万元、达到20793元
            figures.levels = exact
            figures.level_span = (figures.level_span or level.span())[0], level.end()
        return level.end()
    return None


def _next_clause(text: str, i: int, limit: int) -> int | None:
    """After a figure, where the next clause goes on with the same indicator's figures, if it does."""
    # 迈上6万亿元台阶,达到62661亿元: the milestone's words end after its figure; the exact one follows
    tail = _MILESTONE_TAIL.match(text, i, limit)
    connector = CONNECTOR.match(text, tail.end() if tail else i, limit)
    # After a figure, even one too large to be real and not read (收入123456789012345678901亿元、增长10%:
    # figures.end has moved past it), the next clause may go on with the same indicator.
    if connector is None:
        return None
    if _starts_figure(text, connector.end(), limit):
        return connector.end()
    # 5.5万亿元,稳居全国前十强,增长4.8%: step over one short remark between two figures.
    remark = _REMARK.match(text, connector.end(), limit)
    if remark and _starts_figure(text, remark.end(), limit):
        return remark.end()
    return None


def _past_remark(text: str, i: int, limit: int) -> int | None:
    """Before any figure, one short clause about the named indicator with no figure of its own, and
    the figures in the next (地区生产总值跨越3个千亿元台阶,达到1.5万亿元): where the next clause starts."""
    clause = _REMARK_CLAUSE.match(text, i, limit)
    if clause is None:
        return None
    if _starts_figure(text, clause.end(), limit):
        return clause.end()
    return None


def _starts_figure(text: str, i: int, limit: int) -> bool:
    """Whether the next clause continues the same indicator's figures (…580亿元、增长7.5%; 实现翻倍增长,
    从2006年的8.8亿元增至2011年的20.2亿元)."""
    j = _past_fillers(text, i, limit)
    # (地区生产总值预计实现59400万元,与上年持平: a growth of 0%)
    figure = _GROWTH.match(text, j, limit) or _LEVEL.match(text, j, limit) or _FROM_TO.match(text, j, limit)
    return bool(figure or _FLAT.match(text, j, limit))


def _past_fillers(text: str, i: int, limit: int) -> int:
    """Where the words between a name and its figure (实现, 同比, 达到) end, from ``i``."""
    while i < limit and (skip := _OVER_TWO_BASES.match(text, i, limit) or _FILLER.match(text, i, limit)):
        if skip.end() <= i:
            break
        i = skip.end()
    return i


def _milestone_only(levels: list[Level], unit: str) -> bool:
    """Whether the levels read are one round threshold passed (突破千亿) in the kind of ``unit``."""
    base = LEVEL_UNITS[unit].base if unit in LEVEL_UNITS else None
    return len(levels) == 1 and levels[0].comparator is Comparator.AT_LEAST and LEVEL_UNITS[levels[0].unit].base == base


def _exact_after_milestone(levels: list[Level], match: re.Match[str]) -> list[Level] | None:
    """突破2万元、达到20793元: the exact figures that follow round thresholds, in the same kind of unit, one
    for each (分别突破2万元、1万元大关,分别达到26130元和13371元; 双双突破200亿元大关,分别达到…), else None."""
    if not levels or any(level.comparator is not Comparator.AT_LEAST for level in levels):
        return None
    if match.group("pre") or match.group("post"):
        return None
    exact, base = _level_values(match, None), LEVEL_UNITS[levels[0].unit].base
    if len(exact) >= len(levels) and all(LEVEL_UNITS[level.unit].base == base for level in exact):
        return exact
    return None


def _level_values(match: re.Match[str], pending: Comparator | None) -> list[Level]:
    """(value, value_max, unit, comparator) for 580亿元, and for each of 42469元和26000元."""
    value, value_max = parse_number(match.group("n1")), _number(match.group("n2") or match.group("n2_unit"))
    if value is None:
        return []
    comparator = _comparator(match.group("pre"), match.group("post"), value_max)
    # 3200多万美元: more than the number, at least it
    comparator = comparator or (Comparator.AT_LEAST if match.group("over") else pending) or Comparator.EXACTLY
    values = [Level(value, value_max, match.group("unit"), comparator)]
    for number, unit in _MORE_LEVELS.findall(match.group("more") or ""):
        more = parse_number(number)
        if more is not None:
            values.append(Level(more, None, unit, comparator))
    return values


def _growth_values(match: re.Match[str], pending: Comparator | None) -> list[Growth]:
    """(value, value_max, comparator) for 增长6%, and for each of 分别增长9%和9.8%左右."""
    sign = -1 if match.group("verb") in _DOWN_VERBS else 1
    if match.group("minus"):
        sign = -sign
    value, value_max = parse_number(match.group("n1")), _number(match.group("n2"))
    if value is None:
        return []
    comparator = _comparator(match.group("pre"), match.group("post"), value_max) or pending or Comparator.EXACTLY
    more = [
        (parse_number(n), post, -1 if minus else 1)
        # (in the sentence itself, so that a joiner may look behind the list: 增长3.9%7.1%)
        for minus, n, post in _MORE_VALUES.findall(match.string, match.start("more"), match.end("more"))
    ]
    # 分别增长5%、6.5%左右: a comparator after the last value covers the whole list.
    if more and more[-1][1] and comparator is Comparator.EXACTLY and not match.group("post"):
        comparator = _COMPARATORS[more[-1][1]]
    values = [Growth(sign * value, sign * value_max if value_max is not None else None, comparator)]
    for number, post, listed_sign in more:
        if number is not None:
            values.append(Growth(sign * listed_sign * number, None, _COMPARATORS[post] if post else comparator))
    return values


def _comparator(pre: str | None, post: str | None, value_max: Decimal | None) -> Comparator | None:
    if value_max is not None:
        return Comparator.BETWEEN
    if post:
        return _COMPARATORS[post]
    if pre in _COMPARATORS:
        return _COMPARATORS[pre]
    return None


def _number(text: str | None) -> Decimal | None:
    return parse_number(text) if text else None


def past_unknown_sibling(text: str, i: int) -> int:
    """Where a goal's wording may start after a name: past a name of no indicator joined to it
    (外贸进出口总额和注册外资实际到账保持适度增长: the goal of both), or right at ``i``."""
    sibling = _UNKNOWN_SIBLING.match(text, i)
    return sibling.end() if sibling else i
