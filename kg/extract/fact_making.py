"""Facts made from the figures read after an indicator's name: one per measure (level, growth,
a goal in words), shared out over the names of a list by position (城镇和农村居民人均可支配收入
分别达到42469元和26000元), and which of the figures they took (kg.extract.figure_fates)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kg.extract.figure_fates import FigureLedger
from kg.extract.figure_reading import Figures, Level
from kg.extract.sentence_timing import PART_OF_YEAR
from kg.extract.units import MONEY_UNIT_KINDS, unit_fits, unit_kinds
from kg.lexicon import LEXICON as LEX
from kg.model import Comparator, FactKind, FigureReason, Frame, Indicator, IndicatorFact, Measure, Sentence
from kg.ontology import IndicatorCatalogue

_RATE_SUFFIXES = LEX.word_list("rate_suffixes")
_YUAN_LEFT_OUT, _YUAN = LEX.word_list("unit_yuan_left_out"), LEX.word_list("unit_yuan")[0]
_GDP_REFERENCE = LEX.pattern("gdp_reference")
# what joins a name to the member of a list before it (PM10、PM2.5分别下降19.4%、14.9%)
_LIST_JOINER_BEFORE = LEX.pattern("list_joiner_before")
# a rate held at a figure with no bound after it: the rate reached in a review (城镇登记失业率控制在3.7%),
# a cap in a goal
_HELD_AT = LEX.pattern("review_held_at")
_WIDER_PLACE = LEX.pattern("qualitative_wider_place")


def facts_from_figures(
    figures: Figures,
    indicator: Indicator,
    position: int,
    group_size: int,
    kind: FactKind,
    year: int,
    prior_estimate: bool,
    surface: str,
    sentence: Sentence,
    catalogue: IndicatorCatalogue,
) -> list[IndicatorFact]:
    """The facts one indicator gets from the figures read after its name (the n-th of a list)."""
    outcome = kind is FactKind.OUTCOME

    def fact(measure: Measure, estimated: bool, span: tuple[int, int] | None = None, **values) -> IndicatorFact:
        # (the regex only for a review's caps, the few facts it can change)
        if (
            outcome
            and values.get("comparator") is Comparator.AT_MOST
            and span
            and _HELD_AT.fullmatch(sentence.text, *span)
        ):
            values["comparator"] = Comparator.EXACTLY
        return IndicatorFact(
            kind=kind,
            indicator=indicator,
            year=year,
            measure=measure,
            estimated=outcome and (prior_estimate or estimated),
            surface=surface,
            sentences=[sentence],
            **values,
        )

    if figures.qualitative:
        if outcome:  # (a review's 居民收入增长与经济增长基本同步 states no figure: no outcome, as tests/gold reads)
            return []
        wording = figures.qualitative.replace("{}", indicator.label)
        reference = _reference(wording, catalogue)
        # 与经济增长同步 ties a goal to another indicator, 增速与省持平 to a wider place's figure; 经济增速与实物量
        # 指标相匹配 says nothing measurable.
        tied = reference is not None and reference != indicator or _WIDER_PLACE.search(wording)
        if figures.qualitative_kind == "comparison" and not tied:
            return []
        return [fact(Measure.QUALITATIVE, False, text=wording, reference=reference)]
    facts = []
    # 分别达到42469元和26000元 shares levels out by position; a list that does not fit gives none.
    level_fits = len(figures.levels) == 1 and not figures.distributive or len(figures.levels) == group_size
    if figures.level_year not in (None, year):
        level_fits = False
        if figures.growth_of_level_year:  # (2019年达到1142亿元,增长14.2%: 2019's, not the year read)
            figures.growth = []
    if figures.levels and level_fits:
        value, value_max, unit, comparator = figures.levels[min(position, len(figures.levels) - 1)]
        if unit != "%" and not unit_fits(indicator.label, unit):
            pass
        elif unit != "%" or indicator.label.endswith(_RATE_SUFFIXES):
            facts.append(
                fact(
                    Measure.LEVEL,
                    figures.level_estimated,
                    figures.level_span,
                    value=value,
                    value_max=value_max,
                    # (地区生产总值947亿: given as 947亿元, the unit of the indicator's other levels)
                    unit=unit + _YUAN if unit in _YUAN_LEFT_OUT and _counts_money(indicator) else unit,
                    comparator=comparator,
                )
            )
        elif not figures.growth:
            facts.append(
                fact(
                    Measure.GROWTH,
                    figures.level_estimated,
                    figures.level_span,
                    value=value,
                    value_max=value_max,
                    unit="%",
                    comparator=comparator,
                )
            )
    # 分别增长9%和9.8% needs as many names as values, or it cannot be shared out.
    ambiguous = len(figures.growth) > 1 and len(figures.growth) != group_size
    # A rate's change in % is mostly meant as points (森林覆盖率增长2.3%: from 30.1% to 32.4%), but
    # not always: neither reading is sure, so none is made.
    ambiguous = ambiguous or indicator.label.endswith(_RATE_SUFFIXES)
    if figures.growth and not ambiguous:
        value, value_max, comparator = figures.growth[min(position, len(figures.growth) - 1)]
        facts.append(
            fact(
                Measure.GROWTH,
                figures.growth_estimated,
                figures.growth_span,
                value=value,
                value_max=value_max,
                unit="%",
                comparator=comparator,
            )
        )
    return facts


# A name of the sentence read so far: its indicator, where it starts, its surface and its facts.
Named = tuple[Indicator, int, str, list[IndicatorFact]]
_NAME_TO_LEVEL = 20  # characters at most from a listed name's start to its level (规模以上工业产值106.5亿元)


def growths_shared_back(
    figures: Figures,
    named: list[Named],
    kind: FactKind,
    year: int,
    estimated_before: Callable[[int], bool],
    sentence: Sentence,
    catalogue: IndicatorCatalogue,
    listed_levels: list[int] | None = None,
) -> list[IndicatorFact]:
    """城镇居民人均可支配收入达17840元,农民人均纯收入达8150元,分别增长11.5%和10.8%: each name took its own
    level and the growths after the last are shared out over them by position. ``figures`` are those
    read after the last of ``named``, which took its level from them or nothing. None unless every name
    before it took one level and no growth, and no clause of another kind stands between them (;)."""
    count = len(figures.growth)
    last_level: list[Level] = []  # what the last name takes with its growth
    if figures.alike and count == 1 and len(named) >= 2:
        # 财政总收入52.01亿元,其中公共财政预算收入27.03亿元,均增长9.8%: the one growth after 均, which the
        # last name took with its level, is each name's before it too
        pairs = _alike_before_last(figures, named, sentence)
    else:
        pairs, last_level = _shared_by_position(figures, named, sentence, listed_levels)
    if not pairs:
        return []
    found = []
    for (indicator, start, surface, _), position in pairs:
        level = last_level if position == count - 1 else []
        own = replace(figures, levels=level, growth=[figures.growth[position]], distributive=False)
        found += facts_from_figures(
            own, indicator, 0, 1, kind, year, estimated_before(start), surface, sentence, catalogue
        )
    return found


def _alike_before_last(figures: Figures, named: list[Named], sentence: Sentence) -> list[tuple[Named, int]]:
    """The names before the last, each with the place (0) of the one growth after 均; none unless each
    took one level and no growth, and no clause of another kind stands between them (;)."""
    names = named[:-1]
    if not _each_took_one_level(names):
        return []
    if ";" in sentence.text[names[0][1] : figures.end]:
        return []
    return [(name, 0) for name in names]


def _shared_by_position(
    figures: Figures, named: list[Named], sentence: Sentence, listed_levels: list[int] | None
) -> tuple[list[tuple[Named, int]], list[Level]]:
    """The names the growths after 分别 (or a list of as many) are shared out over, each with the place
    of its growth; and the levels the last name takes with its growth, where it took none already."""
    count = len(figures.growth)
    # without 分别, a list of as many growths as names (实现GDP152.27亿元、财政总收入13亿元、固定资产投资146.59亿元、
    # 社会消费品零售总额97.46亿元,同比增长11.7%、18%、20%、11.3%; 城镇居民人均可支配收入22600元,农村居民人均可支配
    # 收入8400元,同比增长8.5%和13%) is shared out too: one name does not take two growths
    implied = not figures.distributive and count >= 2 and count == len(named)
    if not (figures.distributive or implied) or count < 2 or len(figures.levels) > 1:
        return [], []
    if len(named) < count:
        # names of no indicator in the list (财政收入9.39亿元): a name's growth is the one in its level's place
        places = _places_by_levels(figures, named, sentence, listed_levels)
        if places is None:
            return [], []
        return list(zip(named, places)), []  # each name took its own level
    names = named[-count:]
    last_facts = [fact for fact in names[-1][3] if not (implied and fact.measure is Measure.GROWTH)]
    if not _each_took_one_level(names[:-1]):
        return [], []
    if len(last_facts) > 1 or any(fact.measure is not Measure.LEVEL for fact in last_facts):
        return [], []
    if not last_facts and _listed_after_another(names[-2], names[-1], sentence):
        return [], []
    if ";" in sentence.text[names[0][1] : figures.end]:
        return [], []
    # the last name's level, where it did not take it already (its figures were a list to share)
    return list(zip(names, range(count))), figures.levels if not last_facts else []


def _listed_after_another(before: Named, last: Named, sentence: Sentence) -> bool:
    """Whether the last name is the second member of a list whose first is not the name before it:
    空气质量优良天数比例达90%,PM10、PM2.5分别下降19.4%、14.9%, where the growths are PM10's and PM2.5's,
    not the ratio's and PM2.5's."""
    joiner = _LIST_JOINER_BEFORE.search(sentence.text, 0, last[1])
    return joiner is not None and joiner.start() != before[1] + len(before[2])


def _each_took_one_level(named: list[Named]) -> bool:
    """Whether each of the names took one fact from its own figures, a level (财政总收入52.01亿元)."""
    return all(len(facts) == 1 and facts[0].measure is Measure.LEVEL for *_, facts in named)


def _counts_money(indicator: Indicator) -> bool:
    return unit_kinds(indicator.label) == MONEY_UNIT_KINDS


def _places_by_levels(
    figures: Figures, named: list[Named], sentence: Sentence, listed_levels: list[int] | None
) -> list[int] | None:
    """预计实现生产总值95亿元、财政收入9.39亿元、规模以上工业产值106.5亿元、固定资产投资48亿元,…,分别增长35.7%、
    29.4%、22%和91.2%: as many levels as growths, one to an item of the list; the place of each name's
    growth is that of its level. None unless each name took one level (and no growth)."""
    if not figures.distributive or not listed_levels or len(listed_levels) != len(figures.growth):
        return None
    if not _each_took_one_level(named):
        return None
    if ";" in sentence.text[listed_levels[0] : figures.end]:
        return None
    places = []
    for _, start, _, _ in named:
        place = sum(1 for level in listed_levels if level < start)
        # (its level right after it, not a name of an earlier clause: 实现进出口总额4560万美元)
        if place >= len(figures.growth) or listed_levels[place] - start > _NAME_TO_LEVEL:
            return None
        places.append(place)
    return places


def record_fates(ledger: FigureLedger, figures: Figures, facts: list[IndicatorFact]) -> None:
    """Which of the figures read after a name its facts took; the others did not fit it."""
    took_level = took_growth = False
    for fact in facts:
        if fact.measure is Measure.GROWTH and figures.growth:
            ledger.attach(figures.growth_span, fact.indicator.label)
            took_growth = True
        elif fact.measure is not Measure.QUALITATIVE:  # a level, or a % level read as growth
            ledger.attach(figures.level_span, fact.indicator.label)
            took_level = True
    if not took_level:
        ledger.drop(figures.level_span, FigureReason.NOT_FITTING)
    if not took_growth:
        ledger.drop(figures.growth_span, FigureReason.NOT_FITTING)
    ledger.drop(figures.parts_span, FigureReason.PART_OF_YEAR)


def left_reason(sentence: Sentence) -> FigureReason | None:
    """Why a figure no name took is no fact, in a sentence read for facts: in a five-year review, it
    is not said to be the review year's (增长33.6% after 较“十三五”末)."""
    return FigureReason.FIVE_YEAR_SECTION if sentence.frame is Frame.MULTI_YEAR else None


def no_year_reason(sentence: Sentence) -> FigureReason:
    """Why a framed sentence gives no facts at all: a five-year review, part of a year, or another
    year named."""
    if sentence.frame is Frame.MULTI_YEAR:
        return FigureReason.FIVE_YEAR_SECTION
    return FigureReason.PART_OF_YEAR if PART_OF_YEAR.match(sentence.text) else FigureReason.OTHER_YEAR


def _reference(wording: str, catalogue: IndicatorCatalogue) -> Indicator | None:
    """The indicator a qualitative goal is tied to: 与经济增长基本同步 → GDP."""
    if _GDP_REFERENCE.search(wording) and "GDP" in catalogue.indicators:
        return catalogue["GDP"]
    return None


def same_value(a: IndicatorFact, b: IndicatorFact) -> bool:
    """Whether two facts of one key state the same figure, or the same words of a goal (a report
    that gives 地区生产总值增长6% in its goals list and again in its text states it once)."""
    return (a.value, a.value_max, a.unit, a.text if a.measure is Measure.QUALITATIVE else None) == (
        b.value,
        b.value_max,
        b.unit,
        b.text if b.measure is Measure.QUALITATIVE else None,
    )


def refines(before: IndicatorFact, after: IndicatorFact) -> bool:
    """Whether ``after`` is the exact level of a milestone ``before`` said was passed (生产总值超2000亿元,
    then 全年生产总值达到2075亿元), or the range of a floor (a headline's 规模工业增加值力争9%以上, then the
    report's 增长9%-9.5%): the closer figure is the fact."""
    if before.comparator is not Comparator.AT_LEAST or before.unit != after.unit:
        return False
    if before.value is None or after.value is None:
        return False
    if after.comparator is Comparator.BETWEEN:
        return after.value == before.value
    return after.comparator is Comparator.EXACTLY and after.value >= before.value


def full_name_over_short(before: IndicatorFact, after: IndicatorFact) -> bool:
    """Whether ``after`` names its indicator in full where ``before`` gave a shortened form of the name
    (新增就业8000多人 of a tourism programme, then 城镇新增就业4005人): the full name's figure is the fact."""
    label = after.indicator.label
    return bool(before.surface) and before.surface != label and before.surface in label and label in after.surface
