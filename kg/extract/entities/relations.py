"""Relations the text states between names and places: the zone a clause is about (topic), the
place a clause sets things up in (site), the place or zone that builds a thing (加快张家口建设…),
and the zone, township or administrative unit a name carries (泉州五中洛江校区 → 洛江区, 罗溪第一水厂 → 罗溪镇
in a report of 洛江区)."""

from __future__ import annotations

from kg.extract.entities.filters import acceptable
from kg.extract.entities.nearby import COUNTY_KINDS, PROVINCE_KINDS, ReportContext
from kg.extract.entities.records import Builder, Mention, Site
from kg.extract.entities.township_scope import township_scope
from kg.extract.entities.trimming import only_governing, trim_leading
from kg.extract.entities.vocabulary import (
    AROUND,
    BRANCH_AFTER,
    HEAD_KIND,
    HEAD_RE,
    LANDFORM_AFTER,
    LINE_SUFFIX,
    MODALS,
    NOT_A_TOWNSHIP_AFTER,
    NOT_INSIDE_VERB,
    NOT_PLACE_AFTER,
    OWN_PROJECT,
    PLACE_BUILDS,
    PLACE_LIST_JOINERS,
    REGION_AROUND,
    REGION_WORDS,
    SITE,
    SITE_MARK,
    TOPIC_CLAUSE_REST,
    TOPIC_TAIL,
)
from kg.extract.entities.words import final_head, names_route, names_something, township_name
from kg.model import EntityKind
from kg.places import Place

_NOT_CARRIED = (EntityKind.PERSON, EntityKind.INITIATIVE)
_CONTAINER_KINDS = (EntityKind.AREA, EntityKind.TOWNSHIP)
_BUILDER_KINDS = (EntityKind.ORGANIZATION, EntityKind.AREA)


def site(context: ReportContext, text: str, start: int, end: int) -> Site | None:
    """Where a clause says things are set up (在曹妃甸建立…): the end of that phrase and the place."""
    if SITE_MARK not in text[start:end]:
        return None
    found = SITE.search(text, start, end)
    places = context.places.by_name.get(found.group("place")) if found else None
    return Site(found.end(), context.likeliest(places).name) if found and places else None


def topic(text: str, start: int, end: int, mentions: list[Mention]) -> str | None:
    """An area a clause is about (加快三江口片区建设), so later projects of the sentence lie in it."""
    areas = [m for m in mentions if m.kind is EntityKind.AREA and not m.counted]
    if len(areas) != 1 or any(m.kind is EntityKind.PROJECT for m in mentions if m.container != areas[0].label):
        return None
    area = areas[0]
    if not names_something(area.label):
        return None  # 推进数据产业集聚区建设: a kind of zone, which the report may have several of
    after = text[area.end : end].strip()
    before = text[start : area.start]
    if (
        only_governing(before)
        and not NOT_INSIDE_VERB.search(before)
        and (TOPIC_CLAUSE_REST.match(after) or TOPIC_TAIL.match(after))
    ):
        return area.label
    return None


def place_that_builds(context: ReportContext, label: str, text_before: str = "") -> Builder | None:
    """支持张家口建设国家冰雪产业基地, 支持中关村科学城建设人工智能集聚区: a place or a zone and what
    it is to build, read as one run; returns the builder's name (None when it is one of a list
    of places) and the thing built."""
    verb = PLACE_BUILDS.search(label, 2)
    if verb is None or len(label) - verb.end() < 3:
        return None
    builder = label[: verb.start()]
    by_name = context.places.by_name
    if builder.endswith(MODALS) and builder[:-1] in by_name:
        builder = builder[:-1]  # 安国要建设…: a modal between the place and its verb
    places = by_name.get(builder)
    if places and text_before.endswith(PLACE_LIST_JOINERS):
        return Builder(None, label[verb.end() :])  # 在涞源、涞水、易县建设康养基地: in each of several places
    if places:
        return Builder(places[0].name, label[verb.end() :])
    head = final_head(builder)
    if (
        head
        and HEAD_KIND[head] is EntityKind.AREA
        and acceptable(builder, head)
        and (names_something(builder) or context.places.inside(builder))
    ):
        return Builder(builder, label[verb.end() :])
    if head and HEAD_KIND[head] in _BUILDER_KINDS and acceptable(builder, head):
        # 兰州大学建设中国特色世界一流大学, 依托绿谷小镇建设乡村振兴示范区: two names, and no place is said
        return Builder(None, label[verb.end() :])
    return None


def carried_container(context: ReportContext, label: str, kind: EntityKind) -> str | None:
    """An area, township or administrative unit named at the start of, or inside, a name."""
    # It depends on the reporting place alone, whose index remembers it, since names recur.
    # The place object counts, not only its name: one written under a former name is a copy
    # that no other place lies in (see likeliest).
    key = (label, kind, id(context.place))
    containers = context.places.containers
    if key not in containers:
        containers[key] = _find_carried_container(context, label, kind)
    return containers[key]


def _find_carried_container(context: ReportContext, label: str, kind: EntityKind) -> str | None:
    if kind in _NOT_CARRIED:
        return None
    # a route between two places (临河至哈密铁路, 保静线新区至保定段) lies in neither
    if kind is EntityKind.TOWNSHIP or names_route(label):
        return None
    inner = _inner_zone(context, label)
    if inner is not None:
        return inner or None
    # 罗溪第一水厂 in a report of 洛江区, which has 罗溪镇: a township the name opens with, without its suffix
    return _carried_unit(context, label) or township_scope(context).township_opening(label)


def _inner_zone(context: ReportContext, label: str) -> str | None:
    """An area or township spelled out inside the name (江南片区大型垃圾转运站, 东海街道社区卫生服务中心);
    "" when the name says it lies in none, None when it names no zone."""
    for match in HEAD_RE.finditer(label):
        head = match.group(0)
        inner_kind = HEAD_KIND[head]
        if inner_kind not in _CONTAINER_KINDS or match.end() >= len(label) - 1:
            continue
        prefix = label[: match.end()]
        if inner_kind is EntityKind.TOWNSHIP and (
            NOT_A_TOWNSHIP_AFTER.match(label, match.end())
            or not township_name(trim_leading(prefix), head)
            or prefix[-2:] in context.places.by_name
            or context.is_place(prefix)
        ):
            continue  # 长沙宁乡圣钘科技: 宁乡 is a county, not a township
        if inner_kind is EntityKind.AREA and not acceptable(prefix, head):
            continue
        if AROUND.match(label, match.end()):
            return ""  # 雄安新区周边重要物流枢纽: around the zone, not in it
        if OWN_PROJECT.fullmatch(label[match.end() :]):
            return None  # 河北物流集团物流园项目 is the park's own project: not placed in the park itself
        return prefix
    return None


def _carried_unit(context: ReportContext, label: str) -> str | None:
    """An administrative unit a name carries: 洛江区第五实验小学, 泉州五中洛江校区, 鲤城万达广场."""
    best: Place | None = None
    candidates: list[Place] = []
    named = context.places.inside(label)
    sharing: dict[str, list[Place]] = {}
    for name, place in named:
        sharing.setdefault(name, []).append(place)
    for name, place in named:
        if len(sharing[name]) > 1 and place is not context.likeliest(sharing[name]):
            continue  # 海南: the province, not 海南区 of 乌海, unless the report is about 乌海
        if not _names_unit(context, label, name, place, named):
            continue
        candidates.append(place)
        if best is None or len(place.chain) > len(best.chain):
            best = place
    if best is None or context.place is None or best in context.place.chain[:-1]:
        return None
    if any(
        other is not best
        and other not in best.chain
        and best not in other.chain
        and (other in candidates or (other.kind == best.kind and name not in REGION_WORDS))
        for name, other in named
    ):
        return None  # 西安咸阳国际机场: named by two places of a rank, it lies in neither by its name
    if any(
        place is not best and place not in best.chain and place.name in label and place.kind in COUNTY_KINDS
        for _, place in named
    ):
        return None  # 西和县礼县西汉水人饮: a work of two counties lies in neither alone
    return best.name


def _names_unit(context: ReportContext, label: str, name: str, place: Place, named: list[tuple[str, Place]]) -> bool:
    """Whether a place's name inside a label says the thing lies in that place."""
    at = label.find(name)
    after = label[at + len(name) :]
    if any(
        len(other) > len(name) and other in label and label.find(other) <= at < label.find(other) + len(other)
        for other, _ in named
    ):
        return False  # 防城港跨境电商综合试验区: 防城港 (the city), not 防城 (its district)
    # a short name at the start is this place's or its parts' (鲤城万达广场); other places'
    # short names count only as a branch (泉州五中洛江校区), since rivers share them (晋江防洪工程)
    if (
        REGION_AROUND.match(after)
        or (after == LINE_SUFFIX and at == 0)
        or (LANDFORM_AFTER.match(after) and place.kind not in PROVINCE_KINDS)
    ):
        return False  # 沈阳都市圈一体化发展工程, 崇明线: a region around the place, a line that reaches it
    own = context.place is not None and context.place in place.chain
    if name in REGION_WORDS:
        return False
    return (
        name == place.name or (at == 0 and own and not NOT_PLACE_AFTER.match(after)) or bool(BRANCH_AFTER.match(after))
    )
