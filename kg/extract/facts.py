"""Indicator facts: goals for the plan year (targets) and achieved figures for the
review year (outcomes), each with the sentence(s) it was read from.

The reading works on one sentence at a time:

1. decide whether the sentence speaks of the review year, the plan year, or
   some other time (its section's frame, overridden by the years it names;
   five-year totals and averages are never facts of one year);
2. find indicator names: headline ones from the SKOS catalogue, grouped when
   written as a list (一般公共预算总收入和一般公共预算收入 / 城乡居民人均可支配收入);
3. read the figures that follow each name (kg.extract.figure_reading);
4. other indicators written the same way (旅游总收入增长12%) are minted.

The words are data (kg/lexicon/zh/patterns.tsv, words.tsv).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from kg.extract.fact_making import (
    Named,
    facts_from_figures,
    full_name_over_short,
    growths_shared_back,
    left_reason,
    no_year_reason,
    record_fates,
    refines,
    same_value,
)
from kg.extract.figure_fates import FigureLedger, sentence_fates
from kg.extract.figure_reading import CONNECTOR as _CONNECTOR
from kg.extract.figure_reading import (
    DIGIT,
    DISTRIBUTIVE,
    ESTIMATE,
    Figures,
    level_starts,
    past_unknown_sibling,
    read_figures,
)
from kg.extract.figure_reading import QUALITATIVE as _QUALITATIVE
from kg.extract.indicator_names import ALL_SECTORS, IndicatorNames, Mention
from kg.extract.notations import mint_indicator
from kg.extract.sentence_timing import (
    GROWTH_OF_YEARS,
    OTHER_YEAR_WORDS,
    levels_only,
    over_another_base,
    sentence_time,
    timed_sentences,
    years_words_reach,
)
from kg.extract.years import YEAR_MARK
from kg.lexicon import LEXICON as LEX
from kg.model import (
    FactKind,
    FigureFate,
    FigureReason,
    Indicator,
    IndicatorFact,
    Measure,
    ReportMetadata,
    Sentence,
)
from kg.ontology import IndicatorCatalogue

__all__ = ["FactExtractor", "left_reason", "mint_indicator", "no_year_reason", "read_figures"]

P = LEX.pattern
# A goal with no number: 外贸出口回稳向好, 实际利用外资保持正增长.
_QUALITATIVE_STATE = P("qualitative_state")
_STATES_GOALS = P("states_goals")
_TASK = P("task")
# 促进全省进出口总额稳定增长: a task in the plan body, not the goal 进出口总额稳定增长.
_TASK_OBJECT = P("task_object_before")
_CLAUSE_START = re.compile(r"[;:。]")
_PART_START = P("figure_clause_start")
_MEMBER_SCOPE = P("member_scope")  # 区级 of 财政总收入和区级财政收入
_OTHER_BASIS = P("other_basis")
_SIBLINGS_BEFORE, _SIBLINGS_AFTER = P("unknown_siblings_before"), P("unknown_siblings_after")
_SIBLINGS_INSIDE = P("unknown_siblings_inside")
_ALIKE = LEX.word_list("alike_words")[0]  # 均
_PART_OF_YEAR_CLAUSE = P("part_of_year_clause")
_NAMED_PLAN_YEAR, _NAMED_REVIEW_YEAR = P("named_plan_year"), P("named_review_year")  # 今年, 去年
_LIST_MARK = P("sibling_list_mark")
# Heads of indicator names outside the catalogue (旅游总收入, 技改投资, 粮食产量).
_OPEN_GENERIC = frozenset(LEX.word_list("open_generic"))
_LOCAL_PART = LEX.word_list("local_part_prefix")[0]  # 地方
_OPEN_NAME, _OPEN_HEAD, _OPEN_BAD = P("open_name"), P("open_heads"), P("open_bad")
_OPEN_AMOUNT_UNITS = LEX.word_list("open_amount_units")
_FIVE_YEAR_CUMULATIVE = P("five_year_cumulative_names")
_TASK_VERB, _TASK_WORDING, _TASK_NOUN = LEX.word_list("task_words")
_SECTORS = 3  # primary, secondary, tertiary
_RELATIVE = LEX.word_list("relative_mark")[0]  # 的 after a figure: it qualifies a noun


@dataclass(frozen=True)
class _Reading:
    """One sentence being read: what its facts are of, and the ledger of its figures' fates."""

    sentence: Sentence
    kind: FactKind
    year: int
    estimated_context: bool
    ledger: FigureLedger
    levels_only: bool = False  # a five-year review: levels reached are the year's, growth is of five years

    @property
    def text(self) -> str:
        return self.sentence.text

    def estimated_before(self, start: int) -> bool:
        """Whether a figure after ``start`` is an estimate: by the report around it, or by a 预计 before it in the
        sentence (预计全年实现地区生产总值580亿元; 地区生产总值预计完成399.7亿元、增长3%,固定资产投资增长3.5%)."""
        return self.estimated_context or bool(ESTIMATE.search(self.text, 0, start))


class FactExtractor:
    """Reads indicator facts from framed sentences; one instance serves many reports."""

    def __init__(self, catalogue: IndicatorCatalogue):
        self.catalogue = catalogue
        self.names = IndicatorNames(catalogue)

    def find_mentions(self, text: str, own_names: tuple[str, ...] = ()) -> list[Mention]:
        """Headline indicator names in a sentence (kg.extract.indicator_names)."""
        return self.names.find(text, own_names)

    # --- public API --------------------------------------------------------------------

    def extract(self, sentences: list[Sentence], meta: ReportMetadata) -> list[IndicatorFact]:
        """All indicator facts of a report, one per (kind, indicator, year, measure)."""
        return self.extract_with_fates(sentences, meta)[0]

    def extract_with_fates(
        self, sentences: list[Sentence], meta: ReportMetadata
    ) -> tuple[list[IndicatorFact], list[FigureFate]]:
        """All indicator facts of a report, one per (kind, indicator, year, measure), and the fate of
        every figure of its review and plan sentences."""
        facts: dict[tuple, IndicatorFact] = {}
        fates: list[FigureFate] = []
        from_five_years: set[tuple] = set()  # keys of facts read from a five-year review
        own_names = meta.place.names if meta.place else ()
        for sentence, kind, year, estimated_context in self.timed_sentences(sentences, meta):
            if kind is None or year is None:
                fates.extend(sentence_fates(sentence, None, no_year_reason(sentence)))
                continue
            ledger = FigureLedger()
            five_year = levels_only(sentence, kind, year)
            for fact in self.sentence_facts(sentence, kind, year, estimated_context, ledger, own_names):
                existing = facts.get(fact.key)
                same = existing is not None and same_value(existing, fact)
                if existing is None:
                    facts[fact.key] = fact
                    if five_year:
                        from_five_years.add(fact.key)
                elif fact.key in from_five_years and not five_year and not same:
                    # the year's own figure (502亿元) over a five-year review's milestone (突破500亿元)
                    from_five_years.discard(fact.key)
                    facts[fact.key] = fact
                elif not same and (
                    fact.surface == _LOCAL_PART + existing.surface
                    or refines(existing, fact)
                    or full_name_over_short(existing, fact)
                ):
                    # 公共财政收入14.5亿元,增长10%;地方公共财政收入8.06亿元: the total, then the local part; an exact
                    # level after a milestone (全市生产总值超2000亿元 … 全年生产总值达到2075亿元)
                    facts[fact.key] = fact
                elif _STATES_GOALS.search(sentence.text) and not any(
                    _STATES_GOALS.search(s.text) for s in existing.sentences
                ):
                    # two readings of one goal: the 主要预期目标 list is the authoritative one, also for
                    # how it hedges the same figure (增长4.5%左右 over a headline's 增长目标4.5%)
                    if same:
                        fact.sentences[:0] = existing.sentences
                        fact.estimated = existing.estimated and fact.estimated
                    facts[fact.key] = fact
                elif same:
                    if sentence not in existing.sentences:
                        existing.sentences.append(sentence)
                    # (a headline leaves out the 预计 its article says: 江苏镇江市2018年GDP增长3% over
                    # 镇江2018年预计实现地区生产总值4050亿元,增长3%)
                    existing.estimated = existing.estimated or fact.estimated
            fates.extend(sentence_fates(sentence, ledger, left_reason(sentence)))
        return list(facts.values()), fates

    def timed_sentences(
        self, sentences: list[Sentence], meta: ReportMetadata
    ) -> Iterator[tuple[Sentence, FactKind | None, int | None, bool]]:
        """Each sentence with what its facts are of (kg.extract.sentence_timing.timed_sentences)."""
        return timed_sentences(sentences, meta)

    def sentence_time(self, sentence: Sentence, meta: ReportMetadata) -> tuple[FactKind | None, int | None]:
        """What one sentence's facts are of (kg.extract.sentence_timing.sentence_time)."""
        return sentence_time(sentence, meta)

    def sentence_facts(
        self,
        sentence: Sentence,
        kind: FactKind,
        year: int,
        estimated_context: bool = False,
        ledger: FigureLedger | None = None,
        own_names: tuple[str, ...] = (),
    ) -> list[IndicatorFact]:
        """The facts of one sentence; ``ledger`` records which figures they took and which were
        read but did not fit; ``own_names`` are the report's place's (``Place.names``)."""
        reading = _Reading(
            sentence,
            kind,
            year,
            estimated_context,
            ledger if ledger is not None else FigureLedger(),
            levels_only=levels_only(sentence, kind, year),
        )
        text = sentence.text
        mentions = self.find_mentions(text, own_names)
        facts: list[IndicatorFact] = []
        covered: list[tuple[int, int]] = []
        named: list[Named] = []  # the single names read so far, for growths shared back over them
        # (a sentence that opens with part of the year and turns to the whole year after: 前三季度实现
        # 地区生产总值2288.93亿元,可比增长6.9%;全年完成区级一般公共预算收入282.18亿元)
        part_of_year = _PART_OF_YEAR_CLAUSE.match(text)
        part_end = part_of_year.end() if part_of_year else 0
        index = 0
        while index < len(mentions):
            group = [mentions[index]]
            slots: list[Indicator | None] = list(group[0].indicators)
            qualitative = _QUALITATIVE.match(text, group[0].end)
            while not qualitative and index + 1 < len(mentions):
                gap = text[group[-1].end : mentions[index + 1].start]
                joined = _CONNECTOR.match(gap)
                if _CONNECTOR.fullmatch(gap) or joined and _MEMBER_SCOPE.fullmatch(gap, joined.end()):
                    others = 0
                else:
                    # names of no indicator inside a list whose figures are shared out: each holds its
                    # place (预计GDP、规上工业总产值、固定资产投资、社会消费品零售总额分别增长6%、7.5%、5%、3%左右)
                    inside = _SIBLINGS_INSIDE.fullmatch(gap)
                    if inside is None or not _shares_out(text, mentions[index + 1].end):
                        break
                    others = len(_LIST_MARK.findall(gap)) - 1
                index += 1
                group.append(mentions[index])
                slots += [None] * others + list(mentions[index].indicators)
                # (the list ends where a goal in words follows: 财政收入和城乡居民人均可支配收入与地区生产总值同步增长)
                qualitative = _QUALITATIVE.match(text, group[-1].end)
            index += 1
            # Names inside a qualitative goal (与全区生产总值基本同步) are its reference, not facts.
            while qualitative and index < len(mentions) and mentions[index].start < qualitative.end():
                index += 1
            limit = mentions[index].start if index < len(mentions) else len(text)
            indicators = [ind for ind in slots if ind is not None]
            surface = text[group[0].start : group[-1].end]
            listed = self._listed(text, group[0].start, group[-1].end, limit)
            if group[0].start < part_end:
                reading.ledger.drop(listed[2].level_span, FigureReason.PART_OF_YEAR)
                reading.ledger.drop(listed[2].growth_span, FigureReason.PART_OF_YEAR)
                covered.append((group[0].start, max(listed[2].end, group[-1].end)))
                continue
            found = self._facts_for(reading, group[0].start, group[-1].end, limit, listed, slots, surface)
            if named and _CLAUSE_START.search(text, named[-1][1], group[0].start):
                # a name of an earlier clause shares no growths of this one (生产总值…增长13.3%;财政总收入150.7亿元,
                # 其中地方财政收入81.45亿元,分别增长21.2%和19.7%)
                named.clear()
            if len(slots) == 1 and indicators:
                named.append((indicators[0], group[0].start, surface, found))
            else:
                named.clear()
            if named and DISTRIBUTIVE in text[group[-1].end : limit]:
                found += self._shared_back(reading, named, group[-1].end, limit)
            elif (
                len(named) >= 2
                and text.count("%", group[-1].end, limit) >= 2  # (as many growths as names, or no sharing)
                and (shared := self._shared_back(reading, named, group[-1].end, limit))
            ):
                # the growths were listed for all the names: the last one took only the first of them
                found = [fact for fact in found if fact.measure is not Measure.GROWTH] + shared
            elif len(named) >= 2 and listed[2].alike:
                # 财政总收入52.01亿元,其中公共财政预算收入27.03亿元,均增长9.8%: the names before took their levels only
                found += self._shared_back(reading, named, group[-1].end, limit)
            facts.extend(found)
            # the name and the figures read after it: a name of no indicator may follow them in the same
            # sentence (规模以上工业增加值增长3%,无人机产量增长39%)
            covered.append((group[0].start, max(listed[2].end, group[-1].end)))
        facts.extend(self._open_facts(reading, covered))
        return facts

    # --- figures -----------------------------------------------------------------------

    def _listed(self, text: str, start: int, end: int, limit: int) -> tuple[int, int, Figures]:
        """The figures after a name, and how many names of no known indicator stand in its list
        before and after it when the figures are shared out (一产、二产、三产增加值分别增长5.5%、6%、5%;
        规上工业增加值、规上服务业营收分别增长6.5%和7%): their values are theirs, not this name's. One
        figure all of them take is this name's too (财政总收入、地方财政收入均增长7%)."""
        trailing = _SIBLINGS_AFTER.match(text, end, limit)
        figures = read_figures(text, trailing.end() if trailing else end, limit)
        if not figures.distributive:
            alike = trailing is None or text.startswith(_ALIKE, trailing.end())
            return 0, 0, figures if alike else read_figures(text, end, limit)
        leading = _SIBLINGS_BEFORE.search(text, 0, start)
        count = len(_LIST_MARK.findall(leading.group(0))) if leading else 0
        return count, len(_LIST_MARK.findall(trailing.group(0))) if trailing else 0, figures

    def _facts_for(
        self,
        reading: _Reading,
        start: int,
        end: int,
        limit: int,
        listed: tuple[int, int, Figures],
        slots: list[Indicator | None],
        surface: str,
    ) -> list[IndicatorFact]:
        """The facts of one name (or list of names) from the figures ``_listed`` read after it; a slot of
        None is a name of no indicator inside the list, which takes its figure's place."""
        text, kind = reading.text, reading.kind
        before, after, figures = listed
        all_sectors = ALL_SECTORS.match(text, start)  # (in the text: 一、二、三产业分别 looks ahead to 增长)
        if all_sectors and all_sectors.end() == end:  # 三次产业增加值分别增长9%、30%和37%: the third is the tertiary's
            # (or three figures without 分别: 一二三产业增加值实现79.7亿元、139.1亿元和104.9亿元)
            shared = figures.distributive or all_sectors.group("shared")
            if not (shared or _SECTORS in (len(figures.levels), len(figures.growth))):
                return []
            before = _SECTORS - 1
        # 五年来/年均/累计/十四五 in the clause that carries the name: a multi-year figure. In a five-year
        # section every sentence is of five years: only the words of the name's own part count there
        # (城镇新增就业年均超过70万人,全体居民人均可支配收入达到41580元).
        # (where the sentence names the year, words of five years reach over its whole clause, as in
        # tests/test_facts.py test_a_five_year_sentence_that_names_the_year_but_compares_with_the_plans_start)
        named_year = f"{reading.year}{YEAR_MARK}" in text
        clause = _PART_START if reading.levels_only and not named_year else _CLAUSE_START
        clause_start = max((m.end() for m in clause.finditer(text, 0, start)), default=0)
        # words of several years before the year named at the name do not reach it (五年累计新增规模以上工业企业
        # 224家,2011年规模以上工业增加值增长14%)
        # (or in words: 根据“十五”计划纲要…提出的…目标任务,今年,国内生产总值增长8.5%)
        in_words = _NAMED_PLAN_YEAR if kind is FactKind.TARGET else _NAMED_REVIEW_YEAR
        named_at = max((m.start() for m in in_words.finditer(text, clause_start, start)), default=-1)
        clause_start = max(clause_start, text.rfind(f"{reading.year}{YEAR_MARK}", clause_start, start), named_at)
        # (but not a level the sentence gives the year after them: 年均增长12.2%,2016年达到1156.49亿元)
        own_year_level = figures.level_year == reading.year and (not figures.growth or figures.growth_of_level_year)
        if not own_year_level and years_words_reach(text, clause_start, max(figures.end, end), reading.year):
            reading.ledger.drop(figures.level_span, FigureReason.MULTI_YEAR)
            reading.ledger.drop(figures.growth_span, FigureReason.MULTI_YEAR)
            return []
        # a goal's level with a growth of several years right after it is the plan's end, not the year's
        # (主要目标是,地区生产总值达1220亿元,年均增长6.5%)
        if kind is FactKind.TARGET and figures.levels and GROWTH_OF_YEARS.match(text, figures.end):
            reading.ledger.drop(figures.level_span, FigureReason.MULTI_YEAR)
            figures = replace(figures, levels=[], level_span=None)
        basis = _OTHER_BASIS.search(text, clause_start, start)
        # 扣除房地产开发投资后,固定资产投资增长2.7%: right before the name, not further back
        # (地方一般公共预算收入(扣除留抵退税因素)增长7.2%,固定资产投资增长8.1%)
        if basis and basis.end() >= start - 1:
            reading.ledger.drop(figures.level_span, FigureReason.OTHER_BASIS)
            reading.ledger.drop(figures.growth_span, FigureReason.OTHER_BASIS)
            return []
        # 比2012年(下同)增长47.7%;固定资产投资353.7亿元,增长125.1%: the growths after it are over 2012
        if over_another_base(reading.text, figures.growth_span, reading.year):
            reading.ledger.drop(figures.growth_span, FigureReason.OTHER_YEAR)
            figures.growth = []
        task = _TASK.search(text, 0, start)
        if not figures.levels and not figures.growth and not figures.qualitative:
            state = _QUALITATIVE_STATE.match(text, past_unknown_sibling(text, figures.end))  # (see there)
            if task and _TASK_NOUN in text[end : limit + 30]:
                figures.qualitative, figures.qualitative_kind = _TASK_VERB + task.group("who") + _TASK_WORDING, "task"
            elif (
                state
                and kind is FactKind.TARGET
                and not DIGIT.search(text[end : state.start()])  # (its own may: 增速高于全市1个百分点)
                and not _TASK_OBJECT.search(text, max(0, start - 4), start)
            ):
                figures.qualitative, figures.qualitative_kind = state.group(0), "state"
            else:
                return []
        prior_estimate = reading.estimated_before(start)
        known = [indicator for indicator in slots if indicator is not None]
        if len(known) == len(slots):
            slots = [*self.names.as_one(known, surface, len(figures.levels), figures.distributive)]
        facts = []
        for position, indicator in enumerate(slots):
            if indicator is None:
                continue
            facts.extend(
                facts_from_figures(
                    figures,
                    indicator,
                    before + position,
                    before + len(slots) + after,
                    kind,
                    reading.year,
                    prior_estimate,
                    surface,
                    reading.sentence,
                    self.catalogue,
                )
            )
        return _settled(reading, figures, facts)

    def _shared_back(self, reading: _Reading, named: list[Named], end: int, limit: int) -> list[IndicatorFact]:
        """Growths after the last name shared out over it and the names before it (see growths_shared_back)."""
        figures = read_figures(reading.text, end, limit)
        if not figures.growth and (at := reading.text.find(DISTRIBUTIVE, end, limit)) >= 0:
            # the list goes on with a name of no indicator and ends with the growths of all its items, in
            # a clause of their own, read from that clause's start (not growths of five years: 年均分别增长):
            # 财政总收入183.2亿元,其中,地方财政收入50.5亿元,同比分别增长24.8%和18.4%
            if OTHER_YEAR_WORDS.search(reading.text, end, at):  # (一般公共预算收入、税收收入年均分别增长4.5%、3%)
                return []
            figures = read_figures(reading.text, reading.text.rfind(",", end, at) + 1 or at, limit)

        if over_another_base(reading.text, figures.growth_span, reading.year):  # 分别比2005年增长97%和67%
            reading.ledger.drop(figures.growth_span, FigureReason.OTHER_YEAR)
            return []
        # the levels of the list the names stand in, for names of no indicator among them
        # (kg.extract.fact_making._places_by_levels)
        clause_start = max((m.end() for m in _CLAUSE_START.finditer(reading.text, 0, named[0][1])), default=0)
        listed = level_starts(reading.text, clause_start, figures.growth_span[0]) if figures.growth_span else []
        shared = growths_shared_back(
            figures,
            named,
            reading.kind,
            reading.year,
            reading.estimated_before,
            reading.sentence,
            self.catalogue,
            listed,
        )
        record_fates(reading.ledger, figures, shared)
        return shared

    def _open_facts(self, reading: _Reading, covered: list[tuple[int, int]]) -> list[IndicatorFact]:
        text = reading.text
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
            if OTHER_YEAR_WORDS.search(text, clause_start, end):
                continue
            figures = read_figures(text, end, len(text))
            figures.qualitative = None
            if figures.end < len(text) and text[figures.end] == _RELATIVE:  # 投资2.1亿元的某项目: a project's amount
                continue
            figures.levels = [v for v in figures.levels if v.unit in _OPEN_AMOUNT_UNITS]
            if not figures.growth and not figures.levels:
                reading.ledger.drop(figures.level_span, FigureReason.NOT_FITTING)
                continue
            prior_estimate = reading.estimated_before(start)
            found = facts_from_figures(
                figures,
                mint_indicator(name),
                0,
                1,
                reading.kind,
                reading.year,
                prior_estimate,
                name,
                reading.sentence,
                self.catalogue,
            )
            facts.extend(_settled(reading, figures, found))
        return facts


def _shares_out(text: str, start: int) -> bool:
    """Whether the figures after a list's name are shared out over the list (分别增长, in its clause)."""
    end = _CLAUSE_START.search(text, start)
    return DISTRIBUTIVE in text[start : end.start() if end else len(text)]


def _settled(reading: _Reading, figures: Figures, facts: list[IndicatorFact]) -> list[IndicatorFact]:
    """The facts of one name's figures as they stand (in a five-year review, its levels only), with
    each figure's fate recorded."""
    if reading.levels_only:
        facts = _five_year_levels(reading, figures, facts)
    record_fates(reading.ledger, figures, facts)
    return facts


def _five_year_levels(reading: _Reading, figures: Figures, facts: list[IndicatorFact]) -> list[IndicatorFact]:
    """Of the facts a five-year review gives, the levels reached; not the growth of five years, nor
    the sum of five years of an indicator of additions (城镇新增就业124万人)."""
    reading.ledger.drop(figures.growth_span, FigureReason.MULTI_YEAR)
    kept = [f for f in facts if f.measure is Measure.LEVEL and not _FIVE_YEAR_CUMULATIVE.search(f.indicator.label)]
    if not kept:
        reading.ledger.drop(figures.level_span, FigureReason.MULTI_YEAR)
    return kept
