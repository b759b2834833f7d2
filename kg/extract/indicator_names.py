"""Indicator names in a sentence: the catalogue's names and altLabels (地区生产总值, 规上工业增加值),
the urban and rural pair written once (城乡居民人均可支配收入), and a sibling's name completed from the
one after it (城镇和农村居民人均可支配收入; 第一、第三产业增加值), leftmost and longest first.

A name counts only where nothing before it modifies it: after a boundary (、,;: and the like), a
scope (全市, 全州, 本级), a list's bullet (●), or the report's own place's name; a short name (出口)
only where a clause starts. The words are data (kg/lexicon/zh/patterns.tsv, words.tsv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.notations import mint_indicator
from kg.lexicon import LEXICON as LEX
from kg.lexicon import alternation
from kg.model import Indicator
from kg.ontology import IndicatorCatalogue

P = LEX.pattern
_SIBLING_PREFIX = P("sibling_prefix")
_ORDINAL = P("ordinal")
# Characters that may stand right before an indicator name without modifying it.
_BOUNDARY_BEFORE = P("indicator_boundary_before")
_CLAUSE_HEAD_BEFORE = P("clause_head_before")
_SCOPE_BEFORE = P("scope_before")
_URBAN, _RURAL = (LEX.word_list(name)[0] for name in ("urban", "rural"))
_URBAN_AND_RURAL = LEX.word_list("urban_and_rural")  # 城乡, 城、乡
_REVENUE, _EXPENDITURE, _BOTH_BUDGET_SIDES = LEX.word_list("revenue_expenditure")  # 收入, 支出, 收支
# the three industries named together, the verb inside (三次产业实现增加值分别为…): the catalogue's name for it
ALL_SECTORS = P("all_sectors_name")
_ALL_SECTORS_SURFACE = LEX.word_list("all_sectors_names")[0]
_ELIDED_TAIL, _MEMBER_START = P("elided_name_tail"), P("elided_member_start")
_VERB_INSIDE = P("verb_inside_tail")
_CLAUSE_HEAD_TAIL = P("clause_head_tail")
_ELIDED_HEAD = P("elided_name_head")
_CLAUSE_STOP = re.compile(r"[;。]")
# words the two patterns above need, looked for first: most sentences have neither (a regex tried at
# every position of every sentence cost a tenth of finding the names)
_ALL_SECTORS_HINT = LEX.word_list("all_sectors_hint")[0]
_ELIDED_TAIL_HINTS = tuple(LEX.word_list("elided_tail_hint"))
_ELIDED_HEAD_HINT = LEX.word_list("elided_head_hint")[0]


@dataclass
class Mention:
    start: int
    end: int
    indicators: list[Indicator]
    surface: str


class IndicatorNames:
    """The names of a catalogue's indicators, found in sentences; one instance serves many reports."""

    def __init__(self, catalogue: IndicatorCatalogue):
        self.catalogue = catalogue
        self.groups: dict[str, list[str]] = {}
        self.wholes: dict[str, str] = {}  # a pair's name: the indicator of all residents (居民人均可支配收入)
        self._heads: dict[str, list[str]] = {}  # a tail's heads (kg.extract.indicator_names._heads_of)
        # 城乡居民人均可支配收入 = 城镇… and 农村…
        for surface, notation in catalogue.surfaces.items():
            if surface.startswith(_URBAN):
                tail = surface[len(_URBAN) :]
                rural = catalogue.surfaces.get(_RURAL + tail)
                if rural and rural != notation:
                    for both in _URBAN_AND_RURAL:
                        self.groups[both + tail] = [notation, rural]
                        if tail in catalogue.surfaces:
                            self.wholes[both + tail] = catalogue.surfaces[tail]
            # 一般公共预算收支 = 一般公共预算收入 and 一般公共预算支出
            if surface.endswith(_REVENUE):
                stem = surface[: -len(_REVENUE)]
                spending = catalogue.surfaces.get(stem + _EXPENDITURE)
                if spending and spending != notation:
                    self.groups.setdefault(stem + _BOTH_BUDGET_SIDES, [notation, spending])
        # a trie of the names, the longest at a position first (kg.lexicon.alternation)
        self.pattern = re.compile(alternation([*catalogue.surfaces, *self.groups]))

    def find(self, text: str, own_names: tuple[str, ...] = ()) -> list[Mention]:
        """Headline indicator names in a sentence, leftmost-longest, with list siblings; a name may
        follow the report's own place's (2023年广东地区生产总值达到13.57万亿元), not another's."""
        mentions: list[Mention] = []
        for match in self.pattern.finditer(text):
            start, end = match.span()
            surface = match.group(0)
            if not (
                _may_start(text, start)
                or sibling_prefix(text, start)
                or any(text.endswith(name, 0, start) for name in own_names)
            ):
                continue
            # A bare short name (出口, 进出口) may belong to a subject before it (“新三样”出口, 猕猴桃…、出口):
            # take it only where a clause starts. An abbreviation in Latin letters names the indicator
            # wherever it stands (全县GDP增长6%, 实现GDP 300亿元).
            if (
                len(surface) <= 3
                and not surface.isascii()
                and start > 0
                and not _CLAUSE_HEAD_BEFORE.search(text, max(0, start - 4), start)
            ):
                continue
            indicators = [self.catalogue[n] for n in self.groups.get(surface) or [self.catalogue.surfaces[surface]]]
            sibling = self._sibling(text, start, surface)
            if sibling:
                indicators = [sibling] + indicators
                start = start - len(sibling_prefix(text, start) or "") - 1
            mentions.append(Mention(start, end, indicators, surface))
        if len(mentions) > 1:
            mentions = _glosses_merged(text, mentions)
        if _ALL_SECTORS_HINT in text:
            mentions = self._with_all_sectors(text, mentions)
        if any(hint in text for hint in _ELIDED_TAIL_HINTS):
            mentions = self._with_clause_head(text, self._with_verb_inside(text, self._with_elided(text, mentions)))
        if _ELIDED_HEAD_HINT in text:
            mentions = self._with_elided_head(text, mentions)
        return mentions

    def _with_verb_inside(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """全部工业实现增加值56.4亿元: a verb between a name's head and its tail; the longest head of the
        catalogue right before the verb, where a name may start (after a boundary or a scope). It takes
        the place of the head where that is a name of the same indicator (第三产业实现增加值26.94亿元)."""
        added, replaced = [], []
        for found in _VERB_INSIDE.finditer(text):
            tail = found.group("tail")
            heads = [head for head in self._heads_of(tail) if text.endswith(head, 0, found.start())]
            if not heads:
                continue
            head = max(heads, key=len)
            start, end = found.start() - len(head), found.end("tail")
            indicator = self._of_longest_head(heads, tail)
            overlapping = [m for m in mentions if m.start < end and start < m.end]
            if not _may_start(text, start) or any(
                (m.start, m.end) != (start, found.start()) or m.indicators != [indicator] for m in overlapping
            ):
                continue
            replaced += overlapping
            added.append(Mention(start, end, [indicator], text[start:end]))
        kept = [m for m in mentions if m not in replaced]
        return sorted(kept + added, key=lambda m: m.start) if added else mentions

    def _with_elided(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """规模以上工业总产值390亿元、增加值98亿元: a tail alone after 、 names the indicator of the longest head
        the list member before it holds (规模以上工业 + 增加值), where the catalogue has that name."""
        added = []
        for found in _ELIDED_TAIL.finditer(text):
            start, end = found.span("tail")
            if any(m.start <= start < m.end for m in mentions):
                continue
            # (the member before the comma that precedes the tail: 一般公共预算收入37.52亿元、增长3.02%,支出80.35亿元)
            before = found.start() - 1 if text.startswith(",", found.start() - 1) else found.start()
            member_start = max((m.end() for m in _MEMBER_START.finditer(text, 0, before)), default=0)
            member = text[member_start : found.start()]
            tail = found.group("tail")
            held = [head for head in self._heads_of(tail) if head in member]
            if held:
                added.append(Mention(start, end, [self._of_longest_head(held, tail)], tail))
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _with_clause_head(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """工业回暖明显,增加值增长8.6%: a tail alone at a clause's start names the indicator of the head that
        opens the clause before (the longest of the catalogue's heads of that tail), where no name is in it."""
        added = []
        for found in _CLAUSE_HEAD_TAIL.finditer(text):
            start, end = found.span("tail")
            clause_start, tail = found.start("clause"), found.group("tail")
            if any(clause_start <= m.start < end for m in mentions):
                continue
            heads = [head for head in self._heads_of(tail) if text.startswith(head, clause_start)]
            if heads:
                added.append(Mention(start, end, [self._of_longest_head(heads, tail)], tail))
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _with_elided_head(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """…地方生产总值25.23亿元,同比增长8.5%,人均达到5.62万元: a head alone at a clause's start names the
        indicator of that head and the name before it in the sentence (人均 + 地区生产总值), with no stop between."""
        added = []
        for found in _ELIDED_HEAD.finditer(text):
            start, end = found.span("head")
            before = [m for m in mentions if m.end <= start and not _CLAUSE_STOP.search(text, m.end, start)]
            if not before or len(before[-1].indicators) != 1:
                continue
            notation = self.catalogue.surfaces.get(found.group("head") + before[-1].indicators[0].label)
            if notation is not None:
                added.append(Mention(start, end, [self.catalogue[notation]], found.group("head")))
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _of_longest_head(self, heads: list[str], tail: str) -> Indicator:
        """The catalogue's indicator of the longest of ``heads`` and ``tail`` (规模以上工业 + 增加值)."""
        return self.catalogue[self.catalogue.surfaces[max(heads, key=len) + tail]]

    def _heads_of(self, tail: str) -> list[str]:
        """The heads the catalogue's names with this tail have (规模以上工业, 工业, 服务业 of 增加值)."""
        heads = self._heads.get(tail)
        if heads is None:
            surfaces = self.catalogue.surfaces
            heads = self._heads[tail] = [
                s[: -len(tail)] for s in surfaces if s.endswith(tail) and len(s) > len(tail) + 1
            ]
        return heads

    def _with_all_sectors(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """三次产业实现增加值, 一二三产业增加值: one name of the three industries (kg.extract.facts reads its
        third figure as the tertiary's) in place of any name inside it (三产业增加值)."""
        notation = self.catalogue.surfaces.get(_ALL_SECTORS_SURFACE)
        found = [m.span() for m in ALL_SECTORS.finditer(text)]
        if not found or notation is None:
            return mentions
        indicator = self.catalogue[notation]
        kept = [m for m in mentions if not any(s < m.end and m.start < e for s, e in found)]
        kept += [Mention(s, e, [indicator], text[s:e]) for s, e in found]
        return sorted(kept, key=lambda m: m.start)

    def as_one(self, indicators: list[Indicator], surface: str, levels: int, shared_out: bool) -> list[Indicator]:
        """A pair's name with one level and nothing shared out (城乡居民人均可支配收入53740元、增长4.2%) is
        all residents' indicator: one sum of yuan is not both the town's and the country's."""
        whole = self.wholes.get(surface)
        if whole and levels == 1 and not shared_out:
            return [self.catalogue[whole]]
        return indicators

    def _sibling(self, text: str, start: int, surface: str) -> Indicator | None:
        """城镇和农村居民人均可支配收入, 第一、第三产业增加值: the name before 和/、 completes with this one's tail."""
        prefix = sibling_prefix(text, start)
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


def _may_start(text: str, start: int) -> bool:
    """Whether a name may start here: at the text's start, after a boundary or after a scope (全部)."""
    return start == 0 or bool(
        _BOUNDARY_BEFORE.fullmatch(text[start - 1]) or _SCOPE_BEFORE.search(text, max(0, start - 3), start)
    )


def _glosses_merged(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name glossed in parentheses by another of the same indicator (地区生产总值(GDP)860亿元) is one
    name: its figures follow the gloss."""
    merged: list[Mention] = []
    for mention in mentions:
        last = merged[-1] if merged else None
        if (
            last is not None
            and mention.start == last.end + 1
            and text[last.end] == "("
            and text.startswith(")", mention.end)
            and mention.indicators == last.indicators
        ):
            merged[-1] = Mention(last.start, mention.end + 1, last.indicators, last.surface)
            continue
        merged.append(mention)
    return merged


def sibling_prefix(text: str, start: int) -> str | None:
    """The first part of a sibling's name before 和/、 and this name (城镇 of 城镇和农村居民…)."""
    match = _SIBLING_PREFIX.search(text, max(0, start - 5), start)
    return match.group(1) if match else None
