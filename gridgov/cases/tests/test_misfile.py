"""Wrong input does not silently misfile: a staff report far from where the reporter works is questioned before it
is stored, a reporter can always open their own report, and a description of only spaces is refused like an empty
one."""

import json

import numpy as np
import pytest
from django.core.cache import cache
from django.utils import translation

from gridgov.cases.actions import ActionError, LocationUnconfirmed, report_case
from gridgov.cases.models import Case
from gridgov.geo.coords import wgs84_to_gcj02

from .conftest import LEAF, OTHER_POINT, POINT

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"
NEIGHBOUR = "110101001201002001"  # the grid east of LEAF
TRUE_SPOT = (116.197, 40.3)  # inside LEAF, 300 m from its eastern edge


def gcj02(lon, lat):
    x, y = wgs84_to_gcj02(np.array([lon]), np.array([lat]))
    return float(x[0]), float(y[0])


@pytest.fixture
def phone(client, town):
    user = town.people.worker
    user.set_password(PASSWORD)
    user.save()
    token = client.post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                        content_type="application/json").json()["token"]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}

    def call(method, path, body=None):
        if method == "get":
            return client.get(path, **headers)
        return client.post(path, json.dumps(body), content_type="application/json", **headers)

    return call


def report_body(lon, lat, **over):
    return {"category": "0102", "description": "井盖缺失", "lon": lon, "lat": lat, "idempotency_key": "phone-misfile-1"
            } | over


def test_a_gcj02_point_sent_as_wgs84_is_questioned_before_it_is_stored(phone, town):
    lon, lat = gcj02(*TRUE_SPOT)  # what a Chinese map SDK returns: some 540 m east, in the neighbouring grid
    r = phone("post", "/api/v1/cases", report_body(lon, lat))
    assert r.status_code == 409, r.content
    out = r.json()
    assert out["code"] == "outside_jurisdiction" and out["area_code"] == NEIGHBOUR and 200 < out["metres"] < 600
    assert "GCJ-02" in out["message"] and "confirm" in out["message"]
    assert not Case.objects.exists()  # nothing stored, nothing numbered
    r = phone("post", "/api/v1/cases", report_body(lon, lat, crs="gcj02"))  # the worker names the system
    assert r.status_code == 201 and r.json()["area_path"][-1]["code"] == LEAF


def test_a_confirmed_point_outside_the_jurisdiction_is_stored_and_its_reporter_can_open_it(phone, town, client):
    r = phone("post", "/api/v1/cases", report_body(*OTHER_POINT, confirm_location=True))
    assert r.status_code == 201, r.content
    case = r.json()
    assert not case["area_path"][-1]["code"].startswith(LEAF)
    assert phone("get", f"/api/v1/cases/{case['id']}").status_code == 200  # once a 404 on their own report
    client.force_login(town.people.worker)
    assert client.get(f"/desk/cases/{case['id']}/").status_code == 200
    client.force_login(town.people.worker2)  # another worker of that township's neighbour still does not see it
    assert client.get(f"/desk/cases/{case['id']}/").status_code == 404


def test_the_reporter_may_comment_on_their_own_report_outside_their_jurisdiction(phone, town):
    case = report_case(town.people.worker, category=town.cat["0102"], description="垃圾", lon=OTHER_POINT[0],
                       lat=OTHER_POINT[1]).case
    r = phone("post", f"/api/v1/cases/{case.pk}/actions", {"action": "comment", "note": "补充：在路口"})
    assert r.status_code == 200, r.content


def test_a_desk_that_reported_a_case_in_another_township_cannot_handle_it_there(town):
    from gridgov.cases.actions import NotFound, allowed_actions, take_action

    desk = town.people.town_dispatcher  # township 001; the point lies in township 101
    case = report_case(desk, category=town.cat["0102"], description="路灯不亮", lon=OTHER_POINT[0],
                       lat=OTHER_POINT[1], channel="hotline").case
    assert allowed_actions(desk, case) == ["comment"]
    elsewhere = {"unit": town.units.town2.pk}
    for action, fields in (("register", {}), ("void", {}), ("supervise", {}), ("dispatch", elsewhere)):
        with pytest.raises(NotFound):
            take_action(desk, case.pk, action, note="越权", fields=fields)
    take_action(desk, case.pk, "comment", note="补充：在路口")
    assert Case.objects.get(pk=case.pk).status == "reported"


def test_a_point_a_little_outside_the_grid_needs_no_confirmation_beyond_the_set_distance_it_does(
        town, make_staff, settings):
    settings.GRIDGOV_REPORT_OUTSIDE_GRID_METRES = 300
    roamer = make_staff("grid_worker", LEAF, "roamer")  # sees everything, works in LEAF
    roamer.is_superuser = True
    roamer.save()

    def send(lon):
        return report_case(roamer, category=town.cat["0102"], description="垃圾", lon=lon, lat=40.3,
                           confirm_location=False)

    assert send(116.2015).case.area_code == NEIGHBOUR  # ~130 m east of the grid's edge: filed as sent
    with pytest.raises(LocationUnconfirmed) as refused:
        send(116.21)  # ~850 m east
    assert refused.value.code == "far_from_grid" and refused.value.status_code == 409


def test_reports_inside_the_reporters_grid_and_the_engines_own_callers_are_not_questioned(town, phone):
    assert phone("post", "/api/v1/cases", report_body(*POINT)).status_code == 201
    case = report_case(town.people.worker, category=town.cat["0102"], description="垃圾", lon=OTHER_POINT[0],
                       lat=OTHER_POINT[1]).case  # the desk and the kinds' forms confirm by default
    assert case.pk


@pytest.mark.parametrize("blank", ["   ", "\n\t ", "\u3000"])
def test_a_description_of_only_spaces_is_refused_everywhere(town, client, phone, blank):
    with translation.override("en"), pytest.raises(ActionError, match="description"):
        report_case(town.people.worker, category=town.cat["0102"], description=blank, lon=POINT[0], lat=POINT[1])
    assert phone("post", "/api/v1/cases", report_body(*POINT, description=blank)).status_code == 422
    cache.clear()
    page = client.post("/report/", {"category": "0102", "description": blank, "lon": POINT[0], "lat": POINT[1]})
    assert b"msg-error" in page.content
    client.force_login(town.people.intake)
    desk = client.post("/desk/intake/", {"channel": "hotline", "category": "0102", "urgency": "normal",
                                         "description": blank, "lon": POINT[0], "lat": POINT[1]})
    assert b"msg-error" in desk.content
    assert not Case.objects.exists()
