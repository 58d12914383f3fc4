"""A scenario's area drawn on the map, and the routes and points of its extra layers: the server checks what was drawn
(a valid polygon, finite WGS-84 coordinates, bounded vertices, inside the reader's areas; labels short, without
control characters), stores nothing it refuses, and tags the cases reported inside the drawn area during the period."""

from __future__ import annotations

import json

import pytest

from gridgov.cases.tests.conftest import LEAF, POINT, VILLAGE, at

pytestmark = pytest.mark.django_db
T = at(2026, 11, 23, 7, 0)
X, Y = POINT  # inside LEAF (116.0–116.2, 40.2–40.4), township 001
AROUND = {"type": "Polygon", "coordinates": [[[X - 0.03, Y - 0.05], [X + 0.05, Y - 0.05], [X + 0.05, Y + 0.03],
                                              [X - 0.03, Y + 0.03], [X - 0.03, Y - 0.05]]]}
BESIDE = (X + 0.1, Y - 0.1)  # same grid, outside the drawn area
EAST = {"type": "Polygon", "coordinates": [[[116.6, 39.7], [116.7, 39.7], [116.7, 39.8], [116.6, 39.7]]]}  # 101
ROUTE = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[X, Y], [X + 0.02, Y - 0.02]]},
         "properties": {"layer": "routes", "label": "疏散路线"}}
AID = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [X, Y]},
       "properties": {"layer": "first_aid_points", "label": "急救点"}}


@pytest.fixture(autouse=True)
def english():
    """The actions' messages are read in English here; the page answers in the reader's language."""
    from django.utils import translation

    with translation.override("en"):
        yield


def fc(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def new_scenario(client, user, **form):
    client.force_login(user)
    data = {"template": "large_event", "name": "广场活动", "starts_at": "2026-11-23T07:00",
            "ends_at": "2026-11-23T17:00", **form}
    return client.post("/emergencies/scenarios/new", data, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_an_area_drawn_on_the_page_tags_a_case_inside_it_and_not_one_beside_it(town, report, client):
    from gridgov.emergencies.models import Scenario, ScenarioCase

    r = new_scenario(client, town.people.leader, boundary=json.dumps(AROUND), features=json.dumps(fc(ROUTE, AID)))
    s = Scenario.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/emergencies/scenarios/{s.pk}/"
    assert s.area_code == VILLAGE and s.boundary["type"] == "Polygon"  # the smallest village holding the drawing
    assert [f["properties"] for f in s.features["features"]] == [
        {"layer": "routes", "label": "疏散路线"}, {"layer": "first_aid_points", "label": "急救点"}]
    inside = report(now=at(2026, 11, 23, 9, 0)).case
    report(point=BESIDE, now=at(2026, 11, 23, 9, 5))
    report(now=at(2026, 11, 23, 18, 0))  # after the period
    assert list(ScenarioCase.objects.filter(scenario=s).values_list("case_id", flat=True)) == [inside.pk]
    page = client.get(f"/emergencies/scenarios/{s.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "路线 (1)" in page and "急救点 (1)" in page and 'id="scenario-map"' in page


def test_a_polygon_reaching_outside_the_readers_areas_is_refused_in_chinese_and_nothing_is_stored(
        town, client, make_staff):
    from gridgov.emergencies.models import Scenario

    township_leader = make_staff("leader", "110101001", "town-leader")
    r = new_scenario(client, township_leader, boundary=json.dumps(EAST))
    assert r.status_code == 400 and "该区域在您的辖区之外" in r.content.decode()
    assert json.dumps(EAST) in r.content.decode().replace("&quot;", '"')  # the drawing comes back with the message
    assert not Scenario.objects.exists()


BOWTIE = [[116.1, 40.3], [116.15, 40.35], [116.15, 40.3], [116.1, 40.35], [116.1, 40.3]]
MANY = [[116.1 + 0.05 * (i / 600), 40.3 + 0.001 * (i % 2)] for i in range(600)]


@pytest.mark.parametrize(("boundary", "message"), [
    ({"type": "Polygon", "coordinates": [BOWTIE]}, "edges must not cross"),
    ({"type": "Polygon", "coordinates": [[*MANY, MANY[0]]]}, "too many points"),
    ('{"type": "Polygon", "coordinates": [[[116.1, 40.3], [NaN, 40.3], [116.15, 40.35], [116.1, 40.3]]]}',
     "not a finite number"),
    ({"type": "Polygon", "coordinates": [[[116.1, 40.3], [200, 40.3], [116.15, 40.35], [116.1, 40.3]]]},
     "outside longitude"),
    ({"type": "Polygon", "coordinates": [[[115.9, 40.3], [116.1, 40.3], [116.1, 40.35], [115.9, 40.3]]]},
     "outside your jurisdiction"),  # across the district's western edge
    ({"type": "Polygon", "coordinates": [[[116.1, 40.3], [116.15, 40.3], [116.1, 40.3]]]}, "three corners"),
    ({"type": "Point", "coordinates": [116.1, 40.3]}, "not a GeoJSON polygon"),
    ("{not json", "not GeoJSON"),
])
def test_a_drawn_area_that_is_not_a_sane_polygon_in_the_jurisdiction_is_refused(town, boundary, message):
    from gridgov.cases.actions import ActionError
    from gridgov.emergencies.actions import instantiate
    from gridgov.emergencies.models import Scenario

    with pytest.raises(ActionError, match=message):
        instantiate(town.people.dispatcher, template_code="large_event", name="活动", boundary=boundary,
                    starts_at=T, now=T)
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(("feature", "message"), [
    ({**AID, "properties": {"layer": "first_aid_points", "label": "急救\x00点"}}, "without control characters"),
    ({**AID, "properties": {"layer": "first_aid_points", "label": "急" * 61}}, "at most 60"),
    ({**AID, "properties": {"layer": "first_aid_points", "label": "  "}}, "give each route and point a label"),
    ({**AID, "properties": {"layer": "routes", "label": "路线"}}, "drawn as lines"),
    ({**AID, "properties": {"layer": "cameras", "label": "摄像机"}}, "belongs to one of these layers"),
    ({**ROUTE, "geometry": {"type": "LineString", "coordinates": [[X, Y], [117.5, Y]]}}, "outside your jurisdiction"),
    ({**ROUTE, "geometry": {"type": "LineString", "coordinates": [[X, Y], [X, float("inf")]]}}, "not a finite"),
])
def test_routes_and_points_are_checked_like_the_area_and_nothing_is_stored(town, feature, message):
    from gridgov.cases.actions import ActionError
    from gridgov.emergencies.actions import draw_layers, instantiate
    from gridgov.emergencies.models import Scenario

    with pytest.raises(ActionError, match=message):
        instantiate(town.people.dispatcher, template_code="large_event", name="活动", grids=[LEAF],
                    features=fc(feature), starts_at=T, now=T)
    assert not Scenario.objects.exists()
    s = instantiate(town.people.dispatcher, template_code="large_event", name="活动", grids=[LEAF],
                    features=fc(ROUTE), starts_at=T, now=T)
    with pytest.raises(ActionError, match=message):
        draw_layers(town.people.dispatcher, s.pk, fc(AID, feature))
    s.refresh_from_db()
    assert [f["properties"]["label"] for f in s.features["features"]] == ["疏散路线"]


def test_too_many_routes_and_points_are_refused(town):
    from gridgov.cases.actions import ActionError
    from gridgov.emergencies.actions import instantiate

    with pytest.raises(ActionError, match="at most 100"):
        instantiate(town.people.dispatcher, template_code="large_event", name="活动", grids=[LEAF],
                    features=fc(*[AID] * 101), starts_at=T, now=T)


def test_a_commander_redraws_the_routes_and_points_on_the_scenario_page_and_others_cannot(town, client):
    from gridgov.emergencies.actions import instantiate
    from gridgov.emergencies.models import Scenario

    s = instantiate(town.people.dispatcher, template_code="large_event", name="活动", grids=[LEAF], starts_at=T,
                    now=T)
    client.force_login(town.people.worker)
    client.post(f"/emergencies/scenarios/{s.pk}/", {"features": json.dumps(fc(AID))})
    assert Scenario.objects.get().features == {}
    client.force_login(town.people.dispatcher)
    r = client.post(f"/emergencies/scenarios/{s.pk}/", {"features": json.dumps(fc(AID, ROUTE))})
    assert r.status_code == 302
    assert [f["geometry"]["type"] for f in Scenario.objects.get().features["features"]] == ["Point", "LineString"]


def test_the_command_map_reads_the_scenarios_in_force_with_their_routes_and_points(town, client):
    from django.utils import timezone

    from gridgov.emergencies.actions import instantiate
    from gridgov.emergencies.tests.test_emergencies import bearer

    now = timezone.now()  # the list is of scenarios in force now, whatever the clock
    instantiate(town.people.dispatcher, template_code="large_event", name="活动", grids=[LEAF], features=fc(AID),
                starts_at=now, now=now)
    mine = client.get("/api/v1/emergencies/scenarios", **bearer(client, town.people.worker)).json()
    assert [(s["name"], s["features"]["features"][0]["properties"]["label"]) for s in mine] == [("活动", "急救点")]
    elsewhere = client.get("/api/v1/emergencies/scenarios", **bearer(client, town.people.worker2)).json()
    assert elsewhere == []


@pytest.mark.parametrize(("field", "value"), [
    ("boundary", "[" * 3000 + "]" * 3000),  # nested deeper than Python reads
    ("features", "[" * 3000 + "]" * 3000),
    ("features", json.dumps(fc({**AID, "properties": {"layer": {"a": 1}, "label": "x"}}))),  # a layer not a name
    ("features", json.dumps(fc({**AID, "properties": {"layer": ["routes"], "label": "x"}}))),
    ("features", json.dumps(fc({**AID, "properties": {"layer": "first_aid_points", "label": "急救\u202e点"}}))),
    ("features", json.dumps(fc({**AID, "properties": {"layer": "first_aid_points", "label": "急救\x7f点"}}))),
    ("boundary", json.dumps({"type": "Polygon", "coordinates": [5]})),
])
def test_a_drawing_the_server_cannot_take_is_a_message_on_the_page_never_a_500(town, client, field, value):
    from gridgov.emergencies.models import Scenario

    form = {"boundary": json.dumps(AROUND), field: value}
    r = new_scenario(client, town.people.leader, **form)
    assert r.status_code == 400 and "text/html" in r["Content-Type"]
    assert not Scenario.objects.exists()


def test_a_ring_that_is_not_a_list_of_points_says_so():
    from gridgov.cases.actions import ActionError
    from gridgov.emergencies import drawing

    with pytest.raises(ActionError, match="not a list of"):
        drawing.area({"type": "Polygon", "coordinates": [5]})


@pytest.mark.parametrize(("starts", "ends"), [("1900-01-01T00:00", ""), ("2026-11-23T07:00", "2200-01-01T00:00"),
                                              ("2026-11-23T07:00", "garbage")])
def test_a_scenario_period_outside_2000_to_2099_or_unreadable_is_refused(town, client, starts, ends):
    from gridgov.emergencies.models import Scenario

    r = new_scenario(client, town.people.leader, boundary=json.dumps(AROUND), starts_at=starts, ends_at=ends)
    assert r.status_code == 400 and not Scenario.objects.exists()
    assert ("2000" in r.content.decode()) or ("结束" in r.content.decode())


def test_routes_and_points_are_redrawn_only_by_a_commander_covering_the_scenario_and_all_of_them(town, make_staff):
    from gridgov.cases.actions import Forbidden
    from gridgov.emergencies.actions import draw_layers, instantiate

    far = {**AID, "geometry": {"type": "Point", "coordinates": [116.65, 39.75]}}  # in township 101
    s = instantiate(town.people.leader, template_code="large_event", name="活动", grids=[LEAF],
                    features=fc(AID, far), starts_at=T, now=T)
    township_leader = make_staff("leader", "110101001", "town-leader-2")
    with pytest.raises(Forbidden, match="outside your jurisdiction"):  # it would delete the point in township 101
        draw_layers(township_leader, s.pk, fc())
    village_leader = town.people.village_leader
    with pytest.raises(Forbidden):
        draw_layers(village_leader, s.pk, fc(AID))
    s.refresh_from_db()
    assert len(s.features["features"]) == 2
    draw_layers(town.people.leader, s.pk, fc(AID))
    s.refresh_from_db()
    assert len(s.features["features"]) == 1
