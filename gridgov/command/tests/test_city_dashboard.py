"""A city leader's dashboard compares its counties: the county dashboard's own figures, ranked, each county's row
opening that county's dashboard; a city's card is exactly the sum of its counties' cards; drill-down stays in scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from gridgov.cases.actions import take_action
from gridgov.cases.scan import scan
from gridgov.cases.tests import cities
from gridgov.cases.tests.cities import EAST_POINT
from gridgov.cases.tests.conftest import at
from gridgov.command.figures import build
from gridgov.geo.models import Area

pytestmark = pytest.mark.django_db
city = cities.city  # the fixture
CLOCK = at(2026, 11, 27, 18, 0)
START, END = date(2026, 11, 20), date(2026, 11, 27)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: CLOCK)


@pytest.fixture
def story(city, report):
    """West (the test district): two cases, one closed, one overdue and escalated. East: three cases, one closed."""
    town, p = city.town.people, city.people

    def act(who, case, action, when, **fields):
        take_action(who, case.pk, action, note="ok", fields=fields, now=when)

    a = report(now=at(2026, 11, 23, 9, 0)).case
    act(town.dispatcher, a, "register", at(2026, 11, 23, 9, 10))
    act(town.dispatcher, a, "dispatch", at(2026, 11, 23, 9, 20))
    act(town.village_leader, a, "accept", at(2026, 11, 23, 9, 30))
    act(town.village_leader, a, "submit_feedback", at(2026, 11, 23, 11, 0))
    act(town.worker, a, "check", at(2026, 11, 23, 11, 30), passed=True)
    act(town.dispatcher, a, "close", at(2026, 11, 23, 11, 40))
    b = report("1101", now=at(2026, 11, 24, 9, 0)).case
    act(town.dispatcher, b, "register", at(2026, 11, 24, 9, 10))
    act(town.dispatcher, b, "dispatch", at(2026, 11, 24, 9, 20))
    scan(at(2026, 11, 26, 9, 0))
    for i in range(3):
        c = report(who=p.east_dispatcher, point=EAST_POINT, now=at(2026, 11, 25, 9, i)).case
        if i == 0:
            act(p.east_dispatcher, c, "register", at(2026, 11, 25, 10, 0))
            act(p.east_dispatcher, c, "void", at(2026, 11, 25, 10, 5))
    return {"a": a, "b": b}


def test_a_citys_cards_are_the_sums_of_its_counties_cards(city, story):
    leader = city.people.city_leader
    areas = {c: Area.objects.get(code=c) for c in ("110100", "110101", "110102")}
    d = {c: build(leader, a, START, END) for c, a in areas.items()}
    for section, cards in d["110100"].cards.items():
        for card in cards:
            parts = [d[c].card(card.name, section) for c in ("110101", "110102")]
            assert card.numerator == sum(x.numerator for x in parts), card.name
            if card.denominator is not None:
                assert card.denominator == sum(x.denominator for x in parts), card.name
    assert d["110100"].card("reported_count").value == 5
    assert d["110101"].card("reported_count").value == 2 and d["110102"].card("reported_count").value == 3
    assert d["110100"].card("cohort_escalated_count").value == 1
    assert story["b"].number in [r[0] for r in d["110100"].tables["escalated"].rows]  # the city leader sees it


def test_the_city_dashboard_ranks_its_counties_by_on_time_closure(city, story):
    d = build(city.people.city_leader, Area.objects.get(code="110100"), START, END)
    rows = d.tables["ranking"].rows
    assert [(r[0], r[1]) for r in rows] == [(1, "110101"), (2, "110102")]  # west closed one on time, east none
    headers = [str(h) for h in d.tables["ranking"].headers]
    reported = headers.index(str(d.card("reported_count").label))
    assert sum(r[reported] for r in rows) == d.card("reported_count").value
    province = build(city.people.province_leader, Area.objects.get(code="110000"), START, END)
    assert [r[1] for r in province.tables["ranking"].rows] == ["110100"]  # a province ranks its cities
    assert province.card("reported_count").value == 5


def test_the_city_leader_drills_down_and_a_county_leader_stays_in_the_county(city, story, client):
    client.force_login(city.people.city_leader)
    html = client.get("/command/dashboard/", {"from": "2026-11-20", "to": "2026-11-27"}).content.decode()
    assert 'id="table-ranking"' in html and "?area=110102&from=2026-11-20" in html
    assert client.get("/command/dashboard/", {"area": "110102"}).status_code == 200
    assert client.get("/api/v1/command/dashboard", {"area": "110100"}).status_code == 200
    client.force_login(city.town.people.leader)
    for code in ("110100", "110102", "110000"):
        assert client.get("/command/dashboard/", {"area": code}).status_code == 404
        assert client.get("/api/v1/command/dashboard", {"area": code}).status_code == 404
    assert 'id="table-ranking"' not in client.get("/command/dashboard/").content.decode()
    client.force_login(city.people.city_leader)
    assert client.get("/command/dashboard/", {"area": "110000"}).status_code == 404  # not the province's


def test_the_map_of_a_city_shows_its_counties(city, story, client):
    client.force_login(city.people.city_leader)
    fc = client.get("/api/v1/geo/areas", {"level": 1, "within": "110100"}).json()
    assert sorted(f["properties"]["code"] for f in fc["features"]) == ["110101", "110102"]
    points = client.get("/api/v1/command/points", {"within": "110100"}).json()
    assert len(points["open"]) == 3  # b (escalated) and the two open east cases
    client.force_login(city.town.people.dispatcher)
    assert client.get("/api/v1/geo/areas", {"level": 1, "within": "110100"}).json()["features"][0]["properties"][
        "code"] == "110101"
