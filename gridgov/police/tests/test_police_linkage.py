"""Police on the grid: the station's linkage page and who sees it, the gaps, public-security clues reaching the
station with the village liaison informed, and a 110 transfer reporting back to the station when it closes."""

from __future__ import annotations

import pytest

from gridgov.cases.actions import take_action
from gridgov.cases.tests.conftest import POINT, VILLAGE, at
from gridgov.notify.models import Notification
from gridgov.org import tokens
from gridgov.police.tests.conftest import VILLAGE2

pytestmark = pytest.mark.django_db
T = at(2026, 11, 23, 9, 0)


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(user)[0]}"}


def test_the_linkage_page_shows_villages_officers_grid_workers_open_clues_and_reach(client, town, police, report):
    clue = report("1201", who=town.people.worker).case
    garbage = report("0102", who=town.people.worker).case
    client.force_login(police.handler)
    page = client.get(f"/police/stations/{police.station.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "测试村201" in body and "测试村202" in body
    assert "测试liaison-201" in body and "测试auxiliary-201" in body and "测试警务室1" in body
    assert clue.number in body and garbage.number not in body  # public-security and dispute classes only
    assert 'id="coverage"' in body and "%" in body


def test_the_linkage_page_is_for_the_station_and_the_centres_above_it(client, town, police, make_staff):
    from gridgov.org.models import Role

    url = f"/police/stations/{police.station.pk}/"
    room_officer = make_staff(Role.DEPARTMENT_HANDLER, VILLAGE, "room-officer", unit=police.rooms[0].unit)
    other_centre = make_staff(Role.DISPATCHER, "110101101", "centre-101", unit=town.units.town2)
    answers = {}
    for name, user in [("station", police.handler), ("room", room_officer), ("township", town.people.town_dispatcher),
                       ("district", town.people.dispatcher), ("admin", town.people.admin),
                       ("other township", other_centre), ("grid worker", town.people.worker),
                       ("urban department", town.people.urban_handler)]:
        client.force_login(user)
        answers[name] = client.get(url).status_code
    assert answers == {"station": 200, "room": 200, "township": 200, "district": 200, "admin": 200,
                       "other township": 404, "grid worker": 404, "urban department": 404}
    client.force_login(town.people.town_dispatcher)
    listed = client.get("/police/").content.decode()
    assert url in listed and f"/police/stations/{police.other.pk}/" not in listed


def test_gaps_list_villages_without_a_liaison_and_liaisons_serving_too_many(client, town, police, settings):
    from gridgov.police.linkage import linkage
    from gridgov.police.models import Liaison

    data = linkage(police.station)
    assert [v.code for v in data.without_liaison] == [VILLAGE2] and data.overloaded == []
    settings.GRIDGOV_POLICE_MAX_VILLAGES_PER_LIAISON = 1
    Liaison.objects.create(village=town.areas[VILLAGE2], staff=police.officer.staff, post=police.rooms[1])
    data = linkage(police.station)
    assert data.without_liaison == []
    assert [(s.pk, n) for s, n in data.overloaded] == [(police.officer.staff.pk, 2)]
    client.force_login(police.handler)
    body = client.get(f"/police/stations/{police.station.pk}/").content.decode()
    assert "测试liaison-201: 2" in body


def test_a_public_security_clue_goes_to_the_township_police_station_with_the_liaison_informed(town, police, report):
    case = report("1201", who=town.people.worker).case
    case = take_action(town.people.town_dispatcher, case.pk, "register", now=T)
    assert case.routed_unit_id == town.units.police.pk
    told = Notification.objects.get(object_id=case.pk, user=police.officer)
    assert told.subject == case.number and "public-security clue" in told.message and told.kind == "police"
    assert not Notification.objects.filter(object_id=case.pk, user=police.auxiliary).exists()
    ordinary = report("0102", who=town.people.worker).case
    take_action(town.people.town_dispatcher, ordinary.pk, "register", now=T)
    assert not Notification.objects.filter(object_id=ordinary.pk).exists()


def transfer_body(**over) -> dict:
    return {"incident_number": "J4116032026112300123", "category": "0102", "description": "110转来：路边垃圾堆积",
            "lon": POINT[0], "lat": POINT[1]} | over


def test_a_110_transfer_carries_the_incident_number_and_reports_back_to_the_station_when_closed(client, town,
                                                                                              police):
    from gridgov.police.models import Transfer110

    p = town.people
    r = client.post("/api/v1/police/transfers", transfer_body(), content_type="application/json", **bearer(p.intake))
    assert r.status_code == 201, r.content
    answer = r.json()
    assert answer["case"]["channel"] == "police_110" and answer["station"]["id"] == town.units.police.pk
    case_id = answer["case"]["id"]
    assert Transfer110.objects.get(case_id=case_id).incident_number == "J4116032026112300123"
    for who, action, fields, note in [(p.town_dispatcher, "register", {}, ""),
                                      (p.town_dispatcher, "dispatch", {"unit": town.units.station.pk}, ""),
                                      (p.village_leader, "accept", {}, ""),
                                      (p.village_leader, "submit_feedback", {}, "已清理完毕"),
                                      (p.worker, "check", {"passed": True}, ""), (p.town_dispatcher, "close", {}, "")]:
        assert not Notification.objects.filter(object_id=case_id, unit=town.units.police).exists()
        take_action(who, case_id, action, fields=fields, note=note, now=T)
    back = Notification.objects.get(object_id=case_id, unit=town.units.police)
    assert "J4116032026112300123" in back.message and "已清理完毕" in back.message and back.kind == "police"
    assert Transfer110.objects.get(case_id=case_id).reported_back_at is not None


@pytest.mark.parametrize("number", ["", "12345", "J41<script>", "A" * 33, "-123456"])
def test_a_110_transfer_with_a_bad_incident_number_is_refused_and_stores_nothing(client, town, police, number):
    from gridgov.cases.models import Case

    r = client.post("/api/v1/police/transfers", transfer_body(incident_number=number),
                    content_type="application/json", **bearer(town.people.intake))
    assert r.status_code == 422 and "incident_number" in r.content.decode()
    assert not Case.objects.exists()


def test_the_110_channel_is_not_open_to_ordinary_reports_and_grid_workers_cannot_transfer(client, town, police):
    body = {"category": "0102", "description": "垃圾", "lon": POINT[0], "lat": POINT[1], "channel": "police_110"}
    r = client.post("/api/v1/cases", body, content_type="application/json", **bearer(town.people.intake))
    assert r.status_code == 422
    r = client.post("/api/v1/police/transfers", transfer_body(), content_type="application/json",
                    **bearer(town.people.urban_handler))
    assert r.status_code == 403


def test_the_same_110_incident_handed_over_twice_is_one_case(client, town, police):
    from gridgov.cases.models import Case

    first = client.post("/api/v1/police/transfers", transfer_body(), content_type="application/json",
                        **bearer(town.people.intake))
    again = client.post("/api/v1/police/transfers", transfer_body(), content_type="application/json",
                        **bearer(town.people.dispatcher))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["case"]["id"] == first.json()["case"]["id"] and Case.objects.count() == 1
