"""The townships a report's names may mean: those of the reporting county (or city), from the
township table (``kg.townships``), by full name and by short name.

A short name is accepted only where it cannot mean much else: in the report's own county (or
its city), of two characters at least, not a common word (新城, 胜利, 朝阳: lexicon list
``township_stems_not_names`` and jieba's dictionary), a region, a road nor a place's name, shared
by no other township of the scope, and standing as a word of its own at the start of a name that
is no road (罗溪第一水厂 in a report of 洛江区 lies in 罗溪镇; 新华书店 is not in 新华街道).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from kg.extract.entities.nearby import PlaceIndex, ReportContext
from kg.extract.entities.vocabulary import REGION_WORDS, ROUTE_HEADS, STREET_ENDINGS
from kg.extract.entities.words import PROPER_TAGS, final_head, is_generic, names_route, split_words
from kg.lexicon import LEXICON as LEX
from kg.model import PlaceKind
from kg.places import Place
from kg.townships import Township, township_short_name, townships

_STEMS_NOT_NAMES = frozenset(LEX.word_list("township_stems_not_names"))
# reports of these places name their townships; a province's report names too many places to tell
_SCOPED_KINDS = frozenset(
    {PlaceKind.DISTRICT, PlaceKind.COUNTY, PlaceKind.COUNTY_LEVEL_CITY, PlaceKind.PREFECTURE_CITY}
)


@dataclass(frozen=True)
class TownshipScope:
    """Townships of a report's county or city: full name → (county, adcode), short name → full name."""

    by_name: dict[str, tuple[Place, str]] = field(default_factory=dict)
    by_short_name: dict[str, str] = field(default_factory=dict)

    def knows(self, label: str) -> bool:
        return label in self.by_name

    def county_of(self, label: str) -> tuple[Place | None, str | None]:
        """The county-level place a township of this name lies in, and its adcode; a township
        named with the suffix it had before (东落堡乡, today 东落堡镇) by its short name."""
        found = self.by_name.get(label) or self.by_name.get(self.by_short_name.get(township_short_name(label), ""))
        return found if found else (None, None)

    def township_opening(self, label: str) -> str | None:
        """The township whose short name opens a name as a word (罗溪第一水厂 → 罗溪镇), if any."""
        if not self.by_short_name or names_route(label) or final_head(label) in ROUTE_HEADS:
            return None  # 台峪-白石台-上寺公路, 何桥公路: a road runs through several townships
        ends = set(accumulate(len(word) for word, _ in split_words(label)))
        for length in sorted(ends, reverse=True):
            township = self.by_short_name.get(label[:length])
            if township and len(label) > length + 1 and not label.startswith(STREET_ENDINGS, length):
                return township  # not 锦华街北延: a street named for 锦华, which may run out of its 街道
        return None


_EMPTY = TownshipScope()


def township_scope(context: ReportContext) -> TownshipScope:
    """The townships of the reporting county (or city); none for other reports, whose table is then not read."""
    place = context.place
    if place is None or place.kind not in _SCOPED_KINDS or place.adcode is None:
        return _EMPTY
    return _scope(place, context.places)


@lru_cache(maxsize=64)
def _scope(place: Place, index: PlaceIndex) -> TownshipScope:
    table = townships()
    counties = {p.adcode: p for _, p in index.places if p.adcode}
    own = table.within(place)
    # only the report's own townships: one the table has in the county next door may have lain in
    # this county in the report's year (boundaries move), and a report names its own far more
    by_name = _unique_by_name(own, counties)
    short_names: dict[str, list[Township]] = {}
    for town in own:
        short_names.setdefault(town.short_name, []).append(town)
    by_short_name = {
        short: towns[0].name
        for short, towns in short_names.items()
        if len(towns) == 1 and towns[0].name in by_name and _short_name_usable(short, index)
    }
    return TownshipScope(by_name, by_short_name)


def _unique_by_name(towns: tuple[Township, ...], counties: dict[str, Place]) -> dict[str, tuple[Place, str]]:
    """Townships whose name only one of them has (two 城关镇 of one city stay unplaced), with their county."""
    seen: dict[str, list[Township]] = {}
    for town in towns:
        seen.setdefault(town.name, []).append(town)
    return {
        name: (counties[found[0].county], found[0].adcode)
        for name, found in seen.items()
        if len(found) == 1 and found[0].county in counties
    }


def _short_name_usable(short: str, index: PlaceIndex) -> bool:
    """A short name of two characters or more that is no common word (胜利, 新城), region (江南), road
    (东风路街道 is named for 东风路) nor a place's name."""
    if len(short) < 2 or short in _STEMS_NOT_NAMES or short in REGION_WORDS or short in index.by_name:
        return False
    if short.endswith(STREET_ENDINGS) or is_generic(short):
        return False
    words = split_words(short)
    return not (len(words) == 1 and words[0][1] not in PROPER_TAGS)
