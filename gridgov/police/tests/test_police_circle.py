"""The police circle: roads in (bad files refused row by row), households reached along the roads within each time
(more at 30 minutes than at 20, more at 20 than at 5), the same answer from the command line and the API, kept
until a police room moves, planning that improves coverage, and the demo's police."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gridgov.cases.tests.conftest import LEAF, VILLAGE
from gridgov.org import tokens
from gridgov.police.coverage import coverage

pytestmark = pytest.mark.django_db
FAST = {"minutes": (5, 20, 30), "speed": 60.0}  # 5, 20 and 30 km of road


def cli(*args: str) -> dict:
    out = StringIO()
    call_command("coverage", *args, stdout=out)
    return json.loads(out.getvalue())


def reached(answer: dict, code: str) -> dict:
    return next(a["reached"] for a in answer["areas"] if a["code"] == code)


def test_import_roads_reports_every_bad_feature_by_number_and_reason_and_imports_nothing(tmp_path, police):
    from gridgov.police.models import Road

    before = Road.objects.count()
    line = {"type": "LineString", "coordinates": [[116.1, 39.7], [116.2, 39.7]]}
    bad = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"class": "main", "speed": 40}, "geometry": line},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [116.1, 39.7]}},
        {"type": "Feature", "properties": {"speed": "fast"}, "geometry": line},
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[116.1, 39.7]]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
                                                          "coordinates": [[316.1, 39.7], [116.2, 39.7]]}}]}
    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps(bad))
    out = StringIO()
    with pytest.raises(CommandError, match="4 bad roads; nothing imported"):
        call_command("import_roads", str(path), "--crs", "wgs84", stdout=out)
    report = json.loads(out.getvalue())
    assert [p["feature"] for p in report["problems"]] == [2, 3, 4, 5]
    assert "Point" in report["problems"][0]["reason"] and "speed" in report["problems"][1]["reason"]
    assert Road.objects.count() == before
    path.write_text(json.dumps({"type": "FeatureCollection", "features": bad["features"][:1]}))
    call_command("import_roads", str(path), "--crs", "gcj02", stdout=StringIO())
    road = Road.objects.get()
    assert road.road_class == "main" and road.speed_kmh == 40 and road.line.coords[0][0] < 116.1  # GCJ-02 converted


def test_reach_grows_with_the_minutes_along_the_roads(police):
    answer = coverage("110101", **FAST)
    district = reached(answer, "110101")
    assert district == {"5": 100, "20": 200, "30": 300}  # own grid; + the next one east; + the next one south
    assert answer["areas"][0]["households"] == 1600
    for area in answer["areas"]:
        r = area["reached"]
        assert r["5"] <= r["20"] <= r["30"] <= area["households"], area
    assert reached(answer, VILLAGE)["5"] == 100 and reached(answer, "110101101")["30"] == 0
    farthest = [g["minutes"] for g in answer["farthest"]]
    assert farthest == sorted(farthest, reverse=True) and farthest[0] > 30
    assert {v["code"] for v in answer["below_target"]} >= {"110101101201", "110101101202"}
    assert next(a for a in answer["areas"] if a["code"] == VILLAGE)["share_households"]["30"] == 0.75


def test_the_command_line_and_the_api_give_the_same_answer(client, town, police):
    by_cli = cli("--minutes", "5,20,30", "--speed-kmh", "60", "--area", "110101001")
    r = client.get("/api/v1/police/coverage?area=110101001&minutes=5,20,30&speed_kmh=60",
                   HTTP_AUTHORIZATION=f"Bearer {tokens.issue(town.people.town_dispatcher)[0]}")
    assert r.status_code == 200
    assert r.json() == by_cli
    assert [a["code"] for a in by_cli["areas"]] == ["110101001", VILLAGE, "110101001202"]


def test_coverage_over_the_api_is_scoped_and_bounded(client, town, police):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(town.people.town_dispatcher)[0]}"}
    assert client.get("/api/v1/police/coverage?area=110101101", **auth).status_code == 404
    assert client.get("/api/v1/police/coverage?minutes=0", **auth).status_code == 400
    assert client.get("/api/v1/police/coverage?minutes=1;3", **auth).status_code == 422
    assert client.get("/api/v1/police/coverage?speed_kmh=900", **auth).status_code == 422
    assert client.get("/api/v1/police/coverage").status_code == 401


def test_the_answer_is_kept_until_a_police_room_moves(police, django_assert_max_num_queries):
    first = coverage("110101", **FAST)
    with django_assert_max_num_queries(2):  # the tokens, the grid revision: nothing recomputed
        assert coverage("110101", **FAST) is not first and coverage("110101", **FAST) == first
    station = police.station
    station.lon, station.lat = police.other.lon, police.other.lat  # moved far off the roads
    station.save()
    room = police.rooms[0]
    room.lon, room.lat = police.other.lon, police.other.lat
    room.save()
    police.rooms[1].delete()
    assert reached(coverage("110101", **FAST), "110101") == {"5": 0, "20": 0, "30": 0}


def test_planning_suggests_rooms_that_reach_more_households(client, town, police):
    from gridgov.police.planning import suggest

    plan = suggest("110101", 2, 30, 60.0)
    assert plan["reached_before"] == 300 and plan["reached_after"] > plan["reached_before"]
    assert len(plan["suggested"]) == 2 and all(s["households_gained"] > 0 for s in plan["suggested"])
    assert plan["suggested"][0]["households_gained"] >= plan["suggested"][1]["households_gained"]
    r = client.get("/api/v1/police/plan?area=110101&rooms=2&minutes=30&speed_kmh=60",
                   HTTP_AUTHORIZATION=f"Bearer {tokens.issue(town.people.dispatcher)[0]}")
    assert r.status_code == 200 and r.json() == plan


def test_the_reach_layer_gives_each_grid_its_minutes(client, town, police):
    client.force_login(town.people.town_dispatcher)
    r = client.get("/api/v1/police/reach?area=110101001&minutes=5,20,30&speed_kmh=60")
    assert r.status_code == 200
    grids = r.json()["grids"]
    assert len(grids) == 8 and grids[LEAF] < 5 and all(c.startswith("110101001") for c in grids)


def test_the_demo_places_a_station_per_township_rooms_liaisons_and_synthetic_roads(town, make_staff):
    from gridgov.geo.models import Area
    from gridgov.org.models import Role
    from gridgov.police.demo import build, room_groups
    from gridgov.police.models import Liaison, PolicePost, Road

    make_staff(Role.POLICE_LIAISON, VILLAGE, "police-" + VILLAGE, unit=town.units.police)
    logged = []
    counts = build({a.code: a for a in Area.objects.all()}, 1, logged.append)
    assert counts["stations"] == 1 and counts["rooms"] == 2  # township 001 is a sub-district: a room per community
    assert "SYNTHETIC" in logged[0]
    assert Liaison.objects.get().village.code == VILLAGE
    assert PolicePost.objects.filter(kind="room", villages__code=VILLAGE).count() == 1
    assert Road.objects.filter(synthetic=True, road_class="local").count() == 16
    assert coverage("110101", (1, 3, 5), 15.0)["synthetic_roads"] is True
    for n in (10, 23, 40, 41):
        sizes = [len(g) for g in room_groups(list(range(n)))]
        assert sum(sizes) == n and all(5 <= s <= 8 for s in sizes) and len(sizes) >= 2, sizes
    assert [len(g) for g in room_groups([1, 2, 3])] == [2, 1]


def test_planning_says_per_township_why_it_suggests_nothing_there(town, police):
    """A sub-district with a police room at every community's seat gets no suggestion (rooms go only to seats), and
    the answer says so instead of staying silent; a township reached everywhere is 'covered'."""
    import shapely
    from django.utils import translation

    from gridgov.org.models import Department, Unit, UnitKind
    from gridgov.police.models import PolicePost, PostKind
    from gridgov.police.planning import suggest

    for n, code in enumerate(("110101001201", "110101001202"), start=1):
        seat = shapely.point_on_surface(town.areas[code].shape)
        unit = Unit.objects.create(code=f"seat-room-{n}", name=f"驻地警务室{n}", kind=UnitKind.DEPARTMENT,
                                   department=Department.PUBLIC_SECURITY, area=town.areas[code],
                                   parent=town.units.police)
        PolicePost.objects.create(unit=unit, kind=PostKind.ROOM, station=police.station, lon=seat.x, lat=seat.y)
    plan = suggest("110101", 2, 30, 60.0)
    by_code = {t["code"]: t for t in plan["townships"]}
    assert set(by_code) == {"110101001", "110101101"}
    street = by_code["110101001"]
    assert (street["suggested"], street["reason"]) == (0, "seats_taken")
    assert street["reached_before"] < street["households"]
    assert by_code["110101101"]["reason"] == "suggested" and by_code["110101101"]["suggested"] == 2
    assert suggest("110101001", 2, 60, 60.0)["townships"][0]["reason"] == "covered"
    with translation.override("zh-hans"):
        assert "每个村（社区）驻地都已设有警务室" in suggest("110101001", 2, 30, 60.0)["townships"][0]["why"]
