"""The police circle beside the other figures: the dashboard's card "households within 5 minutes of police" is the
sum of the per-village list behind it and says what the circle's API says; departments are refused the circle's area
figures as they are the dashboard; the map's reach layer carries the police posts the reader may see."""

from __future__ import annotations

from datetime import date

import pytest

from gridgov.cases.tests.conftest import LEAF, VILLAGE
from gridgov.org import tokens
from gridgov.police.coverage import coverage
from gridgov.police.tests.conftest import VILLAGE2

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(user)[0]}"}


def test_the_dashboard_card_is_the_sum_of_its_village_list_and_agrees_with_the_circle(town, police):
    from gridgov.command.figures import build

    d = build(town.people.leader, town.areas["110101"], date(2026, 11, 1), date(2026, 11, 30))
    card, table = d.card("police_circle_share", "now"), d.tables["police_coverage"]
    assert card.table == "police_coverage" and card.basis == "now" and card.kind == "rate"
    assert (card.numerator, card.denominator) == (100, 1600) and card.value == 100 / 1600  # the station's own grid
    assert card.numerator == sum(row[3] for row in table.rows) and card.denominator == sum(row[2] for row in table.rows)
    assert [row[0] for row in table.rows] == [VILLAGE, VILLAGE2, "110101101201", "110101101202"]
    assert table.rows[0][3] == 100 and table.rows[0][4] == 0.25
    circle = coverage("110101", (5,), 15.0)["areas"]
    assert {a["code"]: a["reached"]["5"] for a in circle if a["level"] == 3} == {r[0]: r[3] for r in table.rows}
    assert "police_circle_share" in [c["name"] for c in d.as_json()["cards"]["now"]]
    village = build(town.people.leader, town.areas[VILLAGE], date(2026, 11, 1), date(2026, 11, 30))
    assert village.card("police_circle_share").numerator == 100 and len(village.tables["police_coverage"].rows) == 1


def test_the_dashboard_page_shows_the_card_and_its_list(client, town, police):
    client.force_login(town.people.leader)
    page = client.get("/command/dashboard/?area=110101&from=2026-11-01&to=2026-11-30").content.decode()
    assert 'data-kpi="police_circle_share"' in page and 'id="table-police_coverage"' in page
    assert "100 / 1600" in page


def test_departments_are_refused_the_circles_figures_as_they_are_the_dashboards(client, town, police):
    handler = bearer(police.handler)
    for url in ("/api/v1/police/coverage?area=110101001", "/api/v1/police/plan?area=110101001&rooms=1",
                "/api/v1/police/reach?area=110101001", "/api/v1/cameras?within=110101001",
                "/api/v1/cameras/gaps?within=110101001"):
        r = client.get(url, **handler)
        assert r.status_code == 403 and "unit" in r.json()["detail"], url
        assert client.get(url, **bearer(town.people.town_dispatcher)).status_code == 200, url
    assert client.get("/api/v1/command/dashboard?area=110101001", **handler).status_code == 403


def test_the_reach_layer_carries_the_police_posts_the_reader_may_see(client, town, police):
    r = client.get(f"/api/v1/police/reach?area={LEAF}", **bearer(town.people.worker))
    posts = r.json()["posts"]
    assert [(p["kind"], p["name"]) for p in posts] == [("station", "police-001"), ("room", "测试警务室1")]  # not room 2
    assert all(p["lat"] and p["lon"] for p in posts)
    district = client.get("/api/v1/police/reach?area=110101", **bearer(town.people.leader)).json()["posts"]
    assert "police-101" in {p["name"] for p in district} and "police-101" not in {p["name"] for p in posts}


def test_a_departments_map_has_no_camera_layer_nor_police_circle(client, town, police):
    client.force_login(police.handler)
    page = client.get("/command/").content.decode()
    assert 'id="map"' in page
    assert "cameras.js" not in page and 'id="show-cameras"' not in page and 'id="police-layers"' not in page
    client.force_login(town.people.town_dispatcher)
    page = client.get("/command/").content.decode()
    assert "cameras.js" in page and 'id="show-cameras"' in page and 'id="police-layers"' in page
