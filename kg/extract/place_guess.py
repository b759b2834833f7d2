"""The place of a text that no speaker line, session or title names: from the place names the text
keeps mentioning (an excerpt with no heading still says 智造洛江, 洛江篇章 and 我区), from the counties of
a place it names while it speaks as that place's level (瑞丽、陇川 with 全州 → 德宏傣族景颇族自治州), or
from the townships it names (罗溪镇、马甲镇 → 洛江区)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from functools import lru_cache

from kg.extract.entities.words import LONGEST_WORD, PROPER_TAGS, WORD_TAGS, common_words_among
from kg.lexicon import LEXICON as LEX
from kg.model import PlaceKind
from kg.places import Gazetteer, Place
from kg.townships import townships

# How a report of each kind of place speaks of its own level (我区, 区委, 县政府 ...): patterns.tsv level_cue_*.
_LEVEL_CUES = {
    kind: LEX.pattern("level_cue_" + name)
    for kind, name in (
        (PlaceKind.DISTRICT, "district"),
        (PlaceKind.COUNTY, "county"),
        (PlaceKind.COUNTY_LEVEL_CITY, "city"),
        (PlaceKind.PREFECTURE_CITY, "city"),
        (PlaceKind.PROVINCE, "province"),
        (PlaceKind.MUNICIPALITY, "city"),
        (PlaceKind.AUTONOMOUS_REGION, "autonomous_region"),
    )
}
# the dictionary's tag of a place's name (jieba's ns), not of a common word
_PLACE_TAGS = frozenset(LEX.word_list("place_name_tags"))
# ... and by the last character of its place's name, which tells a 州 or a 盟 from a 市 (全州, 州委)
_OWN_LEVEL_SUFFIX = LEX.pattern("own_level_suffix")
# ... and only of its own level (全市, 我县; not 市委, which a county's text says of its city)
_SELF_LEVEL_SUFFIX = LEX.pattern("self_level_suffix")
_QUANTITY_BEFORE_NAME = LEX.pattern("quantity_before_name")
_PROVINCE_SUFFIX = LEX.word_list("province_suffix")[0]  # 省: how a text speaks of the province above it
_LEADERSHIP_OWN_LEVEL = LEX.pattern("leadership_own_level")
_OWN_PLACE_IN_HISTORY = LEX.pattern("own_place_in_history")
_COUNTY_LEVEL_MARKS = frozenset(LEX.word_list("county_level_marks"))
_COUNTY_MARK = LEX.word_list("county_level_marks")[0]  # 县, which a county may have left for 区 or 市 since
_PROVINCE_KINDS = frozenset({PlaceKind.PROVINCE, PlaceKind.MUNICIPALITY, PlaceKind.AUTONOMOUS_REGION})


def _not_of_level(place: Place, mark: str) -> bool:
    """Whether a place cannot be the one whose own organ a report thanks (``_above_level``), or is a
    county of another kind than a district's or a banner's organ: 区委 with 长沙北站 is no text of 长沙县.
    Counties became districts and cities, not the other way: 县委 in 徐水县's text of 2010 is 徐水区's."""
    if _above_level(place, mark):
        return True
    return mark in _COUNTY_LEVEL_MARKS and mark != _COUNTY_MARK and place.name[-1] != mark


def _above_level(place: Place, mark: str) -> bool:
    """Whether a place is of a level above any a report's own organ may be of: 县委, 区委 and 旗委 are a
    county's level, 市委 a county-level city's, a prefecture's or a municipality's, 州委 and 盟委 a
    prefecture's, 省委 a province's. (A county renamed a district since keeps its level: 县委 in 徐水县's
    text of 2010 is 徐水区's.)"""
    if mark == _PROVINCE_SUFFIX:
        return False
    if mark in _COUNTY_LEVEL_MARKS:
        return place.kind in _PROVINCE_KINDS or place.kind is PlaceKind.PREFECTURE_CITY
    return place.kind in (PlaceKind.PROVINCE, PlaceKind.AUTONOMOUS_REGION)


def _places_named(gazetteer: Gazetteer, word: str) -> list[Place]:
    """The places of today whose full or short name ``word`` is (合肥市, 合肥)."""
    return gazetteer.by_name.get(word, []) + gazetteer.by_short_name.get(word, [])


def place_mentions(text: str, gazetteer: Gazetteer, strict: bool = False) -> Counter[str]:
    """How often a text names each place name (full, short or abbreviated), a name inside a longer
    one or inside a common word not counted. ``strict``: nor a name inside any word that is not a
    place's (富裕 of 共同富裕), nor a whole name of two characters whose last starts its level's
    organ (和县 of 会议和县委), nor a name after a quantity (大关 of 突破1000亿元大关)."""
    # Only where two characters start some name (of any length: 察哈尔右翼中旗), and for the lengths
    # such names have; counted in order of length, then of position. A name that lies inside one
    # found further left is part of it, not a mention (龙江(县) in 黑龙江, 城区 in 上城区), while one
    # that only overlaps it may be (北仑 of 新北仑, where 新北 is a name too); so is a name inside a
    # common word that starts before it (范县 in 示范县, 城区 in 主城区). Names found at one position
    # are all kept (宁安 and 宁安市).
    found: list[tuple[int, int, str]] = []
    lengths_from = gazetteer.name_lengths_from
    covered_to = 0  # where the names found at earlier positions end
    for i in range(len(text) - 1):
        ends_here = 0
        for length in lengths_from.get(text[i : i + 2], ()):
            word = text[i : i + length]
            if (
                i + length > covered_to
                and len(word) == length
                and (word in gazetteer.by_short_name or word in gazetteer.by_name or word in gazetteer.by_abbreviation)
                and _is_mention(text, i, length, strict)
            ):
                found.append((length, i, word))
                ends_here = max(ends_here, i + length)
        covered_to = max(covered_to, ends_here)
    return Counter(word for _, _, word in sorted(found))


def _is_mention(text: str, start: int, length: int, strict: bool) -> bool:
    """Whether the name at ``text[start:start + length]`` is a mention of its place (``place_mentions``)."""
    return not _inside_a_word(text, start, length, _PLACE_TAGS if strict else PROPER_TAGS) and not (
        strict and _no_mention_strictly(text, start, length)
    )


def guess_place_from_mentions(text: str, gazetteer: Gazetteer, minimum: int = 3) -> Place | None:
    """The place a text keeps naming, weighted by how it refers to itself (我区, 全县...)."""
    counts = place_mentions(text, gazetteer)
    level_hits = {kind: len(cue.findall(text)) for kind, cue in _LEVEL_CUES.items()}
    spoken_as = Counter(cue.group(0) for cue in _OWN_LEVEL_SUFFIX.finditer(text))
    children = _children_named(counts, gazetteer)
    named_places = {place for word in counts for place in _places_named(gazetteer, word)}
    # (the level whose leadership it thanks last is its own, or one below it: 在市委、市政府和区委的坚强领导下
    # is no text of 长沙市, however often it names 长沙北站 and 长沙新港)
    leadership = _LEADERSHIP_OWN_LEVEL.search(text)
    best, best_score = None, 0.0
    for word in counts:
        by_any_name = _places_named(gazetteer, word)
        for place in by_any_name + gazetteer.by_abbreviation.get(word, []):
            if leadership and _not_of_level(place, leadership.group(1)):
                continue
            # 察右后旗 names 察哈尔右翼后旗 as fully as its whole name does
            abbreviation = place.abbreviation
            full = counts.get(place.name, 0) + (counts.get(abbreviation, 0) if abbreviation else 0)
            short = counts.get(place.short_name, 0)
            hits = max(full, short)
            parent_hits = _parents_named(place, counts)
            # A short name alone may be a common word (合作, 新安): ask for the full name or a parent
            # too. So may a district's whole name of one character and 区 (城区 of 中心城区, 矿区, 郊区),
            # not a county's (沛县, 易县). Or ask for a text that speaks as the place's level and
            # names a county of it, or a short name of three characters (黔东南 with 全州 and 凯里).
            named_in_full = 0 if len(place.name) == 2 and place.kind is PlaceKind.DISTRICT else full
            own_level = spoken_as[place.name[-1]]
            its_children = len(children.get(place, ()))
            # (a city's short name of two characters that the dictionary knows as a place's counts as one
            # of three: 盐城 and 莆田 do, not 大同 or 长治, which are words; not a county's, which a word
            # may hold as well: 大关 of 突破百亿大关, 和县 of 城乡融合和县域经济)
            distinctive = len(place.short_name) >= 3 or (
                place.kind is PlaceKind.PREFECTURE_CITY and WORD_TAGS.get(place.short_name) in _PLACE_TAGS
            )
            # (a province's short name, where the text speaks only as a province and names no place
            # under it: see province_alone. A city's news says 省委、省政府 of the province above it and
            # names itself: 漳州 with 在福建考察 and 按照中央和省委、省政府的决策部署 is no province's text)
            province_alone = (
                place.kind is PlaceKind.PROVINCE
                and set(spoken_as) == {place.name[-1]}
                and not any(place in other.chain[:-1] for other in named_places)
            )
            spoken_for = own_level and (its_children or distinctive or province_alone)
            # A whole name of three characters or more the text gives once is enough where it speaks as
            # that level (黑龙江省科学谋划, with 我省 and 全省); not one of two, which a slogan may hold
            # (和谐兴县 is no mention of 兴县). So is a short name of three given twice (攀枝花会展中心,
            # 攀枝花日报, with 全市 and 市委).
            # So is a province's short name given once where the text speaks only as a province (山西走出
            # 经济困难局面, with 省委 and 全省 and no 市, 县 or 区 of its own): a county's text says 省委 too,
            # but also 县委.
            distinct = named_in_full and len(place.name) >= 3 or hits >= 2 and distinctive or province_alone
            # (but not where a place under it that speaks the same way is named too: 荥阳市 with 郑州 and
            # 全市 may be either city's text)
            rival = any(other.name[-1] == place.name[-1] and place in other.chain[:-1] for other in named_places)
            # (and a place named once or never in full whose counties the text names, two or more, while it
            # speaks as the place's level: 新海东 with 乐都、民和、互助 and 全市 is 海东市, not 无锡市 of 与无锡市…)
            # (or named twice with two of its counties, where the text speaks as no level below it: 六安大学科技园
            # and 六安 with 金寨、舒城、金安、裕安, a news summary that never says 全市)
            with_children = hits >= 2 and its_children >= 2 and set(spoken_as) <= {place.name[-1], _PROVINCE_SUFFIX}
            if hits < minimum and not (
                own_level >= 2 and (distinct and not rival or its_children >= 2) or with_children and not rival
            ):
                continue
            if not (named_in_full or parent_hits or spoken_for or with_children):
                continue
            if _no_work_report(place, gazetteer):
                continue  # 香港特别行政区 of a national report's paragraph on 香港、澳门
            cues = max(level_hits.get(place.kind, 0), own_level)
            score = hits * (1 + cues / 10) + min(parent_hits, 5) + min(its_children, 5)
            if score > best_score or (score == best_score and best and (place.adcode or "") < (best.adcode or "")):
                best, best_score = place, score
    return best


def place_from_subdivisions(text: str, gazetteer: Gazetteer) -> Place | None:
    """The place whose counties a text names while it speaks as that place's level and never names
    it (瑞丽 and 陇川 with 全州 and 州人民政府 → 德宏傣族景颇族自治州): two of its counties, and no other
    place's two."""
    spoken_as = Counter(cue.group(0) for cue in _OWN_LEVEL_SUFFIX.finditer(text))
    parents = [
        parent
        for parent, named in _children_named(place_mentions(text, gazetteer), gazetteer).items()
        if len(named) >= 2 and spoken_as[parent.name[-1]] >= 2 and parent.kind is not PlaceKind.COUNTRY
    ]
    return parents[0] if len(parents) == 1 else None


def _parents_named(place: Place, counts: Counter[str]) -> int:
    """How often a text names the places above this one by their short names (a parent that shares the
    place's short name is no second mention: 大理 of 大理市 and 大理州)."""
    return sum(counts.get(p.short_name, 0) for p in place.chain[1:-1] if p.short_name != place.short_name)


def _no_work_report(place: Place, gazetteer: Gazetteer) -> bool:
    """A province-level region with no work report of its own to place a text on (香港, 澳门: not
    subdivided in the gazetteer)."""
    return place.kind is PlaceKind.PROVINCE and place.adcode not in gazetteer.subdivided


def _children_named(counts: Counter[str], gazetteer: Gazetteer) -> dict[Place, set[str]]:
    """The places a text names by a name no other place has, by their parent (瑞丽 and 陇川 under
    德宏傣族景颇族自治州)."""
    children: dict[Place, set[str]] = {}
    for word in counts:
        named = _places_named(gazetteer, word)
        if len({place.adcode for place in named}) == 1 and named[0].parent is not None:
            children.setdefault(named[0].parent, set()).add(named[0].name)
    return children


# A name that is also a word seen this often in jieba's dictionary is no evidence alone: 资源 (资源县) and 合作
# (合作市) are said in every report, 保定 (v, 739) and 大连 (d, 1,034) too rarely to tell apart from 振兴 (v, 659)
_EVERYDAY_WORD_FREQUENCY = 100


@lru_cache(maxsize=1)
def _everyday_names(gazetteer: Gazetteer) -> frozenset[str]:
    """The places' short names that are everyday words too (资源, 合作, 振兴, 平安; of the divisions merged
    away since, 四方 of 四方区, 小河 of 小河区), read once."""
    former = (place.short_name for places in gazetteer.former_by_name.values() for place in places)
    return common_words_among([*gazetteer.by_short_name, *former], _EVERYDAY_WORD_FREQUENCY)


def _no_mention_strictly(text: str, start: int, length: int) -> bool:
    """Whether a name that may be read as a mention is none on a closer look: a whole name of two
    characters whose last starts its level's organ (和县 of 会议和县委), a name after a quantity (大关 of
    突破1000亿元大关), or one that starts a longer word or ends inside one (合作 of 合作社, 和政 of
    和政府, 惠民 of 惠民生) that is not a place's."""
    if length == 2 and _OWN_LEVEL_SUFFIX.match(text, start + 1):
        return True
    if start and _QUANTITY_BEFORE_NAME.match(text, start - 1):
        return True
    end = start + length
    for word_start in range(start, end):
        for word_end in range(end + 1, min(len(text), word_start + LONGEST_WORD) + 1):
            tag = WORD_TAGS.get(text[word_start:word_end])
            if tag is not None and tag not in _PLACE_TAGS:
                return True
    return False


def _inside_a_word(text: str, start: int, length: int, proper: Collection[str] = PROPER_TAGS) -> bool:
    """Whether a common word of the dictionary that starts before ``text[start:start + length]``
    holds all of it (示范县 holds 范县, 主城区 holds 城区; 苏南 of 江苏南京 does not hold 南京). A proper
    name that holds it (of a tag in ``proper``) is a mention of the place: 中共上海市委, 辽宁大连, 新北仑."""
    for word_start in range(max(0, start - LONGEST_WORD + length), start):
        for word_end in range(start + length, min(len(text), word_start + LONGEST_WORD) + 1):
            tag = WORD_TAGS.get(text[word_start:word_end])
            if tag is not None and tag not in proper:
                return True
    return False


def place_from_townships(text: str, gazetteer: Gazetteer) -> Place | None:
    """The county whose townships an excerpt names (罗溪镇、马甲镇、河市镇 → 洛江区), when nothing else
    says its place: several townships of one county, most of those it names, and never one alone."""
    found = townships().place_of_text(text)
    if found is None:
        return None
    return next((p for p in gazetteer.named(found.name) if p.adcode == found.adcode), None)


def told_apart(candidates: list[Place], text: str, gazetteer: Gazetteer) -> list[Place]:
    """Those of same-named places, which the names above them did not tell apart, whose townships
    and neighbours of the same city the text names most: 南山区 with 粤海街道、蛇口街道 or 福田区 is
    深圳's, not 鹤岗's. All of them where the text names none."""
    if len(candidates) <= 1:
        return candidates
    table = townships()
    named_townships = table.names_in(text)

    def evidence(place: Place) -> int:
        towns = sum(1 for town in table.within(place) if town.name in named_townships)
        neighbours = sum(
            1 for other in gazetteer if other.parent == place.parent and other != place and other.name in text
        )
        return towns + neighbours

    scores = {place: evidence(place) for place in candidates}
    best = max(scores.values())
    return [place for place in candidates if scores[place] == best]


def place_named_weakly(text: str, gazetteer: Gazetteer) -> Place | None:
    """The place of an excerpt that names itself only once or twice, when nothing else tells it: of
    the level the text speaks as most (全市, 我县), the one place it names most, twice or once beside
    its province or one of its counties (河南省委、省政府的坚强领导下,平顶山全力以赴稳增长 with 全市 →
    平顶山市); none where two are named as often, or the text speaks as two levels as often.

    A cut of a report's middle (2,000 characters of a web page) may name its place once: 龙游加快建设
    with 全县 and 县委. Once alone is not enough (学习深圳经验 in a county's text that says 全市 of its
    city more than 全县), nor a name inside a word that is not a place's (富裕 of 共同富裕), nor one
    that is an everyday word as well (资源 of 资源县; also 大连, which jieba's dictionary holds as one).
    On 2,000-character windows of ``../shared/corpus`` that no other rule places, it answers 101 times
    and is right 82 (the mentions guess on the same windows: 824 of 934; ``place_in_own_history``, asked
    before both: 44 of 44; bench/place_windows.py). Where no place of today
    qualifies, a division merged away since may (现代宣武、人文宣武 with 全区 → 宣武区, before 2010)."""
    spoken = Counter(match.group(0) for match in _SELF_LEVEL_SUFFIX.finditer(text)).most_common(2)
    if not spoken:
        # (a text that never says 全市 or 我县 may still speak of its own organs only: 市委五届六次全会)
        organs = Counter(match.group(0) for match in _OWN_LEVEL_SUFFIX.finditer(text))
        spoken = Counter({level: n for level, n in organs.items() if level != _PROVINCE_SUFFIX}).most_common(2)
    if not spoken or len(spoken) == 2 and spoken[0][1] == spoken[1][1]:
        return None
    level = spoken[0][0]
    # (the organ it thanks last for its leadership is its own: 在市委、市政府和区委的坚强领导下 speaks as a
    # district, though it says 全市 of its city more often than 全区)
    leadership = _LEADERSHIP_OWN_LEVEL.search(text)
    if leadership and leadership.group(1) in _COUNTY_LEVEL_MARKS:
        level = leadership.group(1)
    counts = place_mentions(text, gazetteer, strict=True)
    everyday = _everyday_names(gazetteer)
    counts = Counter({word: n for word, n in counts.items() if word not in everyday})
    children = _children_named(counts, gazetteer)
    named: dict[Place, int] = {}
    for word in counts:
        for place in _places_named(gazetteer, word):
            if place.name[-1] != level or place.kind is PlaceKind.COUNTRY:
                continue
            if _no_work_report(place, gazetteer):
                continue  # 澳门特别行政区 of 特区政府依法施政
            hits = max(counts.get(place.name, 0), counts.get(place.short_name, 0))
            related = children.get(place) or _parents_named(place, counts)
            if hits >= 2 or related:
                named[place] = hits
    if not named:
        former = _former_places_named(text, gazetteer)
        named = {place: hits for place, hits in former.items() if place.name[-1] == level}
    most = max(named.values(), default=0)
    places = [place for place, hits in named.items() if hits == most]
    return places[0] if len(places) == 1 else None


def place_in_own_history(text: str, gazetteer: Gazetteer) -> Place | None:
    """The one place a text calls the year one of the history of (2022年,是泽州发展历程中极不平凡的一年),
    of a level it speaks as (县委, 全县): its own, though named nowhere else, and though it says 全市 more
    often, of the city it ranks itself in (增速居全市第一), and though it names another place in full
    (也是君山历史上极具挑战、极不平凡的一年 with 平安区 of 平安区域). In ../shared/corpus every place the
    words name is the report's own (35 reports)."""
    levels = {match.group(0) for match in _OWN_LEVEL_SUFFIX.finditer(text)}
    # (nor above the organ it thanks for its leadership: 全省 and 省委 are in a county's text too)
    leadership = _LEADERSHIP_OWN_LEVEL.search(text)
    found = {
        place
        for match in _OWN_PLACE_IN_HISTORY.finditer(text)
        for place in _places_named(gazetteer, match.group(1))
        if place.name[-1] in levels
        and not (leadership and _not_of_level(place, leadership.group(1)))
        and not _no_work_report(place, gazetteer)
    }
    return found.pop() if len(found) == 1 else None


def place_under_named(place: Place, text: str, gazetteer: Gazetteer) -> Place | None:
    """The place under ``place`` that a text speaks as, where it speaks only as a level below it: the
    one place of that level under it the text names (五华在争先, with 我代表区人民政府 and 区委, in a copy
    titled 昆明市2023年政府工作报告, is 五华区's text). None where it speaks as ``place``'s level too, or
    names no such place or several."""
    marks = {match.group(0) for match in _OWN_LEVEL_SUFFIX.finditer(text)} - {_PROVINCE_SUFFIX}
    if len(marks) != 1 or not _above_level(place, mark := marks.pop()):
        return None
    found = {
        under
        for word in place_mentions(text, gazetteer)
        for under in _places_named(gazetteer, word)
        if under.name[-1] == mark and place in under.chain[:-1]
    }
    return found.pop() if len(found) == 1 else None


def _former_places_named(text: str, gazetteer: Gazetteer) -> dict[Place, int]:
    """The divisions merged away since (``Gazetteer.add_former``) that a text names twice or more, by
    full or short name, each name a mention as ``place_mentions(strict=True)`` counts one: 现代宣武、
    人文宣武、和谐宣武 with 全区 is 宣武区's text of 2008, before it became part of 西城区."""
    everyday = _everyday_names(gazetteer)
    named = {}
    for places in gazetteer.former_by_name.values():
        for place in places:
            # (宣武区 holds 宣武: the more often of the two is the count, as for today's places; a short
            # name that is an everyday word, or today's place's, is none: 四方 of 四方区, 襄阳 of 襄阳区)
            short = place.short_name
            names = [place.name]
            if short not in everyday and short not in gazetteer.by_short_name and short not in gazetteer.by_name:
                names.append(short)
            hits = max(_strict_mentions(text, name) for name in names)
            if hits >= 2:
                named[place] = hits
    return named


def _strict_mentions(text: str, name: str) -> int:
    found, start = 0, text.find(name)
    while start >= 0:
        found += _is_mention(text, start, len(name), strict=True)
        start = text.find(name, start + len(name))
    return found
