"""T-3 routing: exactly one station, none, or the candidates — never a guess; the 200+ address table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.factories import ServiceAreaFactory, StationFactory
from tickets.addresses import address_key, parse_building, place_stem
from tickets.choices import RouteOutcome
from tickets.routing import route_address

TABLE = Path(__file__).with_name("routing_table.csv")


def _rows():
    with TABLE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _answer(route) -> str:
    if route.outcome == RouteOutcome.EXACT:
        return route.station.name
    if route.outcome == RouteOutcome.NONE:
        return "NONE"
    return "AMBIGUOUS:" + "|".join(sorted(s.name for s in route.candidate_stations))


def test_t3_routing_table_has_200_addresses_covering_every_demo_station(demo_areas):
    rows = _rows()
    expected_stations = {row["expected"] for row in rows}

    assert len(rows) >= 200
    assert set(demo_areas) <= expected_stations
    assert "NONE" in expected_stations
    assert any(e.startswith("AMBIGUOUS:") for e in expected_stations)


def test_t3_routing_table_routes_every_address_right_with_zero_misroutes(demo_areas):
    rows = _rows()

    wrong = [(row["address"], row["expected"], _answer(route_address(row["address"]))) for row in rows]
    wrong = [w for w in wrong if w[1] != w[2]]

    assert wrong == []


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("北京市 顺义区 站前街小区 ３号楼", "北京市顺义区站前街小区3号楼"),
        ("站前街小区三号楼", "站前街小区3号楼"),
        ("站前街小区十二栋", "站前街小区12栋"),
        ("澜西园三区5号", "澜西园三区5号"),
    ],
)
def test_address_key_folds_width_spaces_and_chinese_building_numerals(typed, key):
    assert address_key(typed) == key


@pytest.mark.parametrize(
    ("tail", "building"),
    [
        ("3号楼2单元501", 3),
        ("3栋", 3),
        ("3幢", 3),
        ("3号", 3),
        ("3#楼", 3),
        ("3-2-501", 3),
        ("第3栋", 3),
        ("12", 12),
        ("301室", None),
        ("3单元501", None),
        ("", None),
    ],
)
def test_building_number_is_read_in_every_common_notation(tail, building):
    assert parse_building(tail) == building


def test_place_stems_drop_administrative_suffixes():
    assert [place_stem(p) for p in ("顺义区", "胜利街道", "马坡镇", "北京市", "区")] == [
        "顺义",
        "胜利",
        "马坡",
        "北京",
        "区",
    ]


def test_t3_building_at_range_edges_goes_to_the_right_station(demo_areas):
    assert route_address("站前街小区12号楼").station == demo_areas["宏城"]
    assert route_address("站前街小区13号楼").station == demo_areas["裕龙"]
    assert route_address("站前街小区31号楼").outcome == RouteOutcome.NONE


def test_t3_split_community_without_building_is_ambiguous_with_both_candidates(demo_areas):
    route = route_address("顺义区秀水花园")

    assert route.outcome == RouteOutcome.AMBIGUOUS
    assert {s.name for s in route.candidate_stations} == {"马坡", "怡馨"}
    assert "秀水花园" in route.message


def test_t3_same_community_in_two_districts_needs_the_district(demo_areas):
    assert route_address("光明小区5号楼").outcome == RouteOutcome.AMBIGUOUS
    assert route_address("昌平区光明小区5号楼").station.name == "东兴"
    assert route_address("顺义光明小区5号楼").station.name == "三师"


def test_t3_overlapping_areas_of_two_stations_are_shown_not_guessed(db):
    first, second = StationFactory(name="甲站"), StationFactory(name="乙站")
    ServiceAreaFactory(station=first, community="重叠小区", building_from=1, building_to=10)
    ServiceAreaFactory(station=second, community="重叠小区", building_from=8, building_to=20)

    route = route_address("重叠小区9号楼")

    assert route.outcome == RouteOutcome.AMBIGUOUS
    assert {s.name for s in route.candidate_stations} == {"甲站", "乙站"}
    assert route_address("重叠小区7号楼").station == first


def test_t3_inactive_areas_and_stations_never_route(db):
    closed = StationFactory(name="停用站", is_active=False)
    ServiceAreaFactory(station=closed, community="停用小区")
    ServiceAreaFactory(community="撤销小区", is_active=False)

    assert route_address("停用小区1号楼").outcome == RouteOutcome.NONE
    assert route_address("撤销小区1号楼").outcome == RouteOutcome.NONE


def test_t3_area_keys_are_kept_when_a_supervisor_renames_a_community(db):
    area = ServiceAreaFactory(community="旧名小区")
    area.community = "新 名 小 区"
    area.save()

    assert route_address("新名小区2号楼").station == area.station
    assert route_address("旧名小区2号楼").outcome == RouteOutcome.NONE


def test_t3_routing_one_address_costs_one_query(demo_areas, django_assert_num_queries):
    with django_assert_num_queries(1):
        route_address("北京市顺义区站前街小区3号楼2单元501")
