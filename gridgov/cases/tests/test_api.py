"""The case API over HTTP, as a phone or another system uses it."""

import pytest
from django.utils import timezone

from .conftest import OTHER_POINT, POINT, at

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"


class Api:
    """A phone or another system: logs in for a token, then calls with it."""

    def __init__(self, client):
        self.client = client

    def login(self, user) -> dict:
        user.set_password(PASSWORD)
        user.save()
        token = self.client.post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                                 content_type="application/json").json()["token"]
        return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}  # reasons read in English

    def post(self, headers, path, body):
        return self.client.post(path, body, content_type="application/json", **headers)

    def get(self, headers, path, params=None):
        return self.client.get(path, params or {}, **headers)


@pytest.fixture
def api(client, town):
    return Api(client)


def new_case(**over):
    body = {"category": "0102", "description": "路边垃圾", "lon": POINT[0], "lat": POINT[1], "crs": "wgs84",
            "channel": "grid_app", "urgency": "normal", "idempotency_key": "phone-1-0001"}
    return body | over


def test_a_grid_workers_report_flows_through_every_step_over_the_api(api, town):
    p = town.people
    worker, desk, station = api.login(p.worker), api.login(p.town_dispatcher), api.login(p.village_leader)
    r = api.post(worker, "/api/v1/cases", new_case())
    assert r.status_code == 201, r.content
    case = r.json()
    assert case["status"] == "reported" and case["area_path"][-1]["code"].endswith("001001")
    assert [s["level"] for s in case["area_path"]] == [1, 2, 3, 4, 5]
    assert case["owner_unit"]["name"] == "town-001-centre" and len(case["tracking_code"]) == 10
    url = f"/api/v1/cases/{case['id']}/actions"
    assert "register" in api.get(desk, f"/api/v1/cases/{case['id']}").json()["allowed_actions"]
    for who, body in [(desk, {"action": "register"}), (desk, {"action": "dispatch"}),
                      (station, {"action": "accept"}), (station, {"action": "submit_feedback", "note": "已清理"}),
                      (worker, {"action": "check", "passed": True}), (desk, {"action": "close"})]:
        r = api.post(who, url, body)
        assert r.status_code == 200, (body, r.content)
    detail = api.get(worker, f"/api/v1/cases/{case['id']}").json()
    assert detail["status"] == "closed"
    assert [e["action"] for e in detail["timeline"]] == ["report", "register", "dispatch", "accept",
                                                         "submit_feedback", "check", "close"]
    assert detail["timeline"][4]["note"] == "已清理" and detail["deadlines"]["handle_by"].endswith("+08:00")
    assert detail["allowed_actions"] == ["reopen", "comment"]  # staff never rate, not even their own report


def test_the_same_idempotency_key_returns_the_same_case_with_200(api, town):
    worker = api.login(town.people.worker)
    first = api.post(worker, "/api/v1/cases", new_case())
    again = api.post(worker, "/api/v1/cases", new_case())
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]


def test_bad_input_gets_a_clear_4xx_and_creates_nothing(api, town):
    from gridgov.cases.models import Case

    worker = api.login(town.people.worker)
    assert api.post(worker, "/api/v1/cases", new_case(lon=500)).status_code == 422
    r = api.post(worker, "/api/v1/cases", new_case(category="9999"))
    assert r.status_code == 400 and "unknown category" in r.json()["detail"]
    codes = [c["code"] for c in api.get(worker, "/api/v1/categories").json()]
    assert "0102" in codes and "01" not in codes  # the classes group; reports use the small classes
    r = api.post(worker, "/api/v1/cases", new_case(lon=100.0, lat=30.0))
    assert r.status_code == 400 and "outside the jurisdiction" in r.json()["detail"]
    assert api.post(worker, "/api/v1/cases", new_case(crs="mercator")).status_code == 422
    assert api.post(worker, "/api/v1/cases", new_case(description="")).status_code == 422
    assert Case.objects.count() == 0


def test_illegal_and_unknown_actions_are_refused_with_reasons(api, town):
    worker, desk = api.login(town.people.worker), api.login(town.people.town_dispatcher)
    case = api.post(worker, "/api/v1/cases", new_case()).json()
    url = f"/api/v1/cases/{case['id']}/actions"
    r = api.post(desk, url, {"action": "close"})
    assert r.status_code == 409 and "“Close” is not possible" in r.json()["detail"]
    r = api.post(worker, url, {"action": "register"})
    assert r.status_code == 403
    assert api.post(desk, url, {"action": "fly"}).status_code == 422
    assert api.post(desk, url, {"action": "rate", "rating": 9}).status_code == 422
    assert api.get(desk, f"/api/v1/cases/{case['id']}").json()["status"] == "reported"


def test_lists_are_scoped_filtered_and_paginated(api, town):
    worker, desk = api.login(town.people.worker), api.login(town.people.dispatcher)
    for i in range(3):
        api.post(worker, "/api/v1/cases", new_case(idempotency_key=f"phone-1-{i:04d}x"))
    api.post(desk, "/api/v1/cases", new_case(idempotency_key="desk-0000001", lon=OTHER_POINT[0],
                                             lat=OTHER_POINT[1], channel="hotline"))
    assert api.get(worker, "/api/v1/cases").json()["count"] == 3  # not the other township's case
    everything = api.get(desk, "/api/v1/cases", {"page_size": 2}).json()
    assert everything["count"] == 4 and len(everything["results"]) == 2
    assert api.get(desk, "/api/v1/cases", {"area": "110101101"}).json()["count"] == 1
    assert api.get(desk, "/api/v1/cases", {"status": "reported", "category": "01"}).json()["count"] == 4
    assert api.get(desk, "/api/v1/cases", {"status": "nonsense"}).status_code == 400
    other = api.get(desk, "/api/v1/cases", {"area": "110101101"}).json()["results"][0]["id"]
    assert api.get(worker, f"/api/v1/cases/{other}").status_code == 404


def test_kpis_come_with_numerators_and_denominators_and_respect_scope(api, town):
    worker, desk = api.login(town.people.worker), api.login(town.people.dispatcher)
    api.post(worker, "/api/v1/cases", new_case(self_handle=True, idempotency_key="phone-1-self-01"))
    today = timezone.localdate().isoformat()
    r = api.get(desk, "/api/v1/kpis", {"area": "110101", "from": today, "to": today})
    assert r.status_code == 200
    k = r.json()
    assert k["kpis"]["self_handled_count"] == {"value": 1, "numerator": 1, "denominator": None, "basis": "cohort",
                                               "definition": k["kpis"]["self_handled_count"]["definition"]}
    assert k["kpis"]["closure_rate"]["denominator"] == 1 and k["kpis"]["closure_rate"]["value"] == 1.0
    assert api.get(worker, "/api/v1/kpis", {"area": "110101101", "from": today, "to": today}).status_code == 404
    missing = api.get(desk, "/api/v1/kpis", {"area": "110101", "from": "2027-01-01", "to": "2027-02-01"}).json()
    assert missing["missing_calendar_years"] == [2027]


def test_a_citizen_tracks_rates_and_reopens_by_code(api, town, client):
    p = town.people
    desk, station, worker = api.login(p.dispatcher), api.login(p.village_leader), api.login(p.worker)
    case = api.post(desk, "/api/v1/cases", new_case(channel="hotline", citizen_name="张三",
                                                    citizen_phone="13812345678")).json()
    assert case["citizen_phone"] == "*******5678" and case["citizen_name"] == "张*"
    url = f"/api/v1/cases/{case['id']}/actions"
    for who, body in [(desk, {"action": "register"}), (desk, {"action": "dispatch"}),
                      (station, {"action": "accept"}), (station, {"action": "submit_feedback", "note": "ok"}),
                      (worker, {"action": "check", "passed": True}), (desk, {"action": "close"})]:
        assert api.post(who, url, body).status_code == 200
    client.logout()
    track = client.get(f"/api/v1/track/{case['tracking_code']}").json()
    assert track["status"] == "closed" and track["can_rate"] and "已办结" in [s["text"] for s in track["progress"]]
    rated = client.post(f"/api/v1/track/{case['tracking_code']}/rate", {"rating": 4},
                        content_type="application/json")
    assert rated.status_code == 200 and rated.json()["rating"] == 4
    again = client.post(f"/api/v1/track/{case['tracking_code']}/rate", {"rating": 5},
                        content_type="application/json")
    assert again.status_code == 409
    reopened = client.post(f"/api/v1/track/{case['tracking_code']}/reopen", {"note": "又堆上了"},
                           content_type="application/json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "registered"
    assert client.get("/api/v1/track/NOSUCHCODE").status_code == 404


def test_tokens_require_the_right_password_and_are_throttled(api, town, client):
    user = town.people.worker
    user.set_password(PASSWORD)
    user.save()
    for _ in range(5):
        r = client.post("/api/v1/auth/token", {"username": user.username, "password": "wrong"},
                        content_type="application/json")
    assert r.status_code in (401, 429)
    r = client.post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                    content_type="application/json")
    assert r.status_code == 429
    assert client.get("/api/v1/cases", HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401


def test_openapi_document_is_served(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/cases/{case_id}/actions" in doc["paths"]


def test_photos_are_uploaded_attached_to_an_action_and_served_only_within_scope(api, town, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    worker, desk = api.login(town.people.worker), api.login(town.people.dispatcher)
    other = api.login(town.people.worker2)
    case = api.post(worker, "/api/v1/cases", new_case()).json()
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 100
    r = client.post(f"/api/v1/cases/{case['id']}/attachments",
                    {"file": SimpleUploadedFile("scene.jpg", jpeg, content_type="image/jpeg")}, **worker)
    assert r.status_code == 201, r.content
    photo = r.json()
    fake = client.post(f"/api/v1/cases/{case['id']}/attachments",
                       {"file": SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")},
                       **worker)
    assert fake.status_code == 415
    r = api.post(worker, f"/api/v1/cases/{case['id']}/actions",
                 {"action": "comment", "note": "现场照片", "attachments": [photo["id"]]})
    assert r.status_code == 200
    assert r.json()["timeline"][-1]["attachments"][0]["id"] == photo["id"]
    again = api.post(worker, f"/api/v1/cases/{case['id']}/actions",
                     {"action": "comment", "note": "again", "attachments": [photo["id"]]})
    assert again.status_code == 400  # a file belongs to one timeline entry
    assert api.get(desk, f"/api/v1/cases/{case['id']}").json()["timeline"] == r.json()["timeline"]
    got = client.get(photo["url"], **desk)
    assert got.status_code == 200 and b"".join(got.streaming_content) == jpeg
    assert client.get(photo["url"], **other).status_code == 404


def test_the_timeline_an_action_answers_with_is_the_one_read_back_later(api, town, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    worker, desk = api.login(town.people.worker), api.login(town.people.dispatcher)
    case = api.post(worker, "/api/v1/cases", new_case()).json()
    url = f"/api/v1/cases/{case['id']}"
    photos = [client.post(f"{url}/attachments", {"file": SimpleUploadedFile(f"{i}.jpg", b"\xff\xd8\xff\xe0" + bytes(
        [i]) * 50, content_type="image/jpeg")}, **worker).json()["id"] for i in range(3)]
    api.post(worker, f"{url}/actions", {"action": "comment", "note": "两张", "attachments": photos[:2]})
    api.post(desk, f"{url}/actions", {"action": "register"})
    last = api.post(worker, f"{url}/actions", {"action": "comment", "note": "一张", "attachments": photos[2:]}).json()
    read = api.get(desk, url).json()
    assert read["timeline"] == last["timeline"] and read["status"] == last["status"] == "registered"
    assert [(e["action"], [a["id"] for a in e["attachments"]]) for e in read["timeline"]] == [
        ("report", []), ("comment", photos[:2]), ("register", []), ("comment", photos[2:])]


def test_cases_filter_by_kind_and_every_item_says_its_kind(api, town, monkeypatch):
    from decimal import Decimal

    from gridgov.disputes.actions import record_dispute

    monkeypatch.setattr(timezone, "now", lambda: at(2026, 11, 23, 9, 0))
    worker, desk = api.login(town.people.worker), api.login(town.people.dispatcher)
    event = api.post(worker, "/api/v1/cases", new_case()).json()
    dispute = record_dispute(town.people.worker, dispute_type="neighbourhood", found_by="screening",
                             description="边界争执", lon=POINT[0], lat=POINT[1], parties=[{"name": "李四"}],
                             amount=Decimal("100")).case
    everything = api.get(desk, "/api/v1/cases").json()
    assert {(c["id"], c["kind"]) for c in everything["results"]} == {(event["id"], "event"), (dispute.pk, "dispute")}
    only = api.get(desk, "/api/v1/cases", {"kind": "dispute"}).json()
    assert only["count"] == 1 and [c["id"] for c in only["results"]] == [dispute.pk]
    assert api.get(desk, "/api/v1/cases", {"kind": "petition"}).json()["count"] == 0
    assert api.get(desk, "/api/v1/cases", {"kind": "parcel"}).status_code in (400, 422)


def test_kpis_give_the_dispute_and_petition_figures_beside_the_event_kpis(api, town, monkeypatch):
    from gridgov.petitions.actions import record_petition

    monkeypatch.setattr(timezone, "now", lambda: at(2026, 11, 23, 9, 0))
    record_petition(town.people.intake, category="1502", request="拖欠工资", lon=POINT[0], lat=POINT[1],
                    channel="visit", petitioners=[{"name": "张三", "phone": "13800001111"}])
    desk = api.login(town.people.dispatcher)
    k = api.get(desk, "/api/v1/kpis", {"area": "110101", "from": "2026-11-01", "to": "2026-11-30"}).json()
    assert k["kpis"]["reported_count"]["value"] == 1
    assert k["petitions"]["petitions_received"] == {"value": 1, "numerator": 1, "denominator": None,
                                                    "basis": "cohort",
                                                    "definition": k["petitions"]["petitions_received"]["definition"]}
    assert k["disputes"]["disputes_received"]["value"] == 0 and k["disputes"]["resolution_rate"]["value"] is None
    unit = api.get(desk, "/api/v1/kpis", {"unit": town.units.district.pk, "from": "2026-11-01", "to": "2026-11-30"})
    assert unit.json()["disputes"] is None  # disputes and petitions are counted by area
