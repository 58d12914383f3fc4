"""Wrong input is refused with a 4xx and a reason a person can act on, never a server error (on both databases)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from .conftest import POINT

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"
NUL = "\x00"
HUGE = 10**20  # beyond 64 bits


@pytest.fixture
def api(client, town):
    """A logged-in phone: ``api(user)`` gives the headers carrying its token."""

    def login(user) -> dict:
        user.set_password(PASSWORD)
        user.save()
        r = client.post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                        content_type="application/json")
        return {"HTTP_AUTHORIZATION": f"Bearer {r.json()['token']}", "HTTP_ACCEPT_LANGUAGE": "en"}

    return login


def post(client, path, body, headers=None):
    return client.post(path, json.dumps(body), content_type="application/json", **(headers or {}))


def refused(r, status=None, field=None) -> dict:
    assert 400 <= r.status_code < 500, (r.status_code, r.content[:300])
    if status is not None:
        assert r.status_code == status, (r.status_code, r.content[:300])
    out = r.json()
    assert out["message"], out
    if field is not None:
        assert field in out["message"], out
    return out


def new_case(**over):
    return {"category": "0102", "description": "路边垃圾", "lon": POINT[0], "lat": POINT[1]} | over


# -- NUL characters (PostgreSQL refuses them in text: once a server error) -------------------------------------

@pytest.mark.parametrize("field", ["description", "citizen_name", "idempotency_key", "category"])
def test_a_nul_in_any_text_field_of_a_report_is_refused(client, api, town, field):
    body = new_case(idempotency_key="phone-key-0001") | {field: "bad\x00text" if field != "category" else "01\x00"}
    out = refused(post(client, "/api/v1/cases", body, api(town.people.worker)), 400)
    assert out["code"] == "nul_character"
    assert not town.people.worker.reported_cases.exists()


def test_a_nul_in_an_action_note_is_refused(client, api, town, report):
    case = report().case
    refused(post(client, f"/api/v1/cases/{case.pk}/actions", {"action": "comment", "note": "a\x00b"},
                 api(town.people.dispatcher)), 400)


def test_a_nul_in_anonymous_tracking_is_refused(client, town, report):
    case = report().case
    refused(client.get(f"/api/v1/track/{case.tracking_code}%00"), 400)
    refused(post(client, f"/api/v1/track/{case.tracking_code}/reopen", {"note": "still\x00wrong"}), 400)
    assert client.get(f"/track/{case.tracking_code}%00/").status_code == 400


def test_a_nul_in_a_login_is_refused(client, town):
    refused(post(client, "/api/v1/auth/token", {"username": "grid\x00worker", "password": "x" * 12}), 400)
    r = client.post("/accounts/login/", {"username": "grid\x00worker", "password": "x"})
    assert r.status_code == 400 and b"NUL" in r.content


def test_a_nul_in_a_query_string_or_a_form_is_refused(client, api, town):
    refused(client.get("/api/v1/cases", {"category": "01\x00"}, **api(town.people.dispatcher)), 400)
    assert client.post("/report/", {"description": "a\x00", "category": "0102"}).status_code == 400
    client.force_login(town.people.intake)
    assert client.post("/desk/intake/", {"description": "a\x00", "category": "0102"}).status_code == 400
    assert client.get("/desk/", {"q": "x\x00"}).status_code == 400


# -- numbers and dates out of range -------------------------------------------------------------------------------

def test_ids_and_page_numbers_beyond_64_bits_are_refused(client, api, town):
    h = api(town.people.dispatcher)
    refused(client.get(f"/api/v1/cases/{HUGE}", **h), 422, "case_id")
    refused(client.get("/api/v1/cases", {"page": HUGE}, **h), 422, "page")
    refused(client.get(f"/api/v1/disputes/{HUGE}", **h), 422)
    refused(client.get(f"/api/v1/petitions/{HUGE}", **h), 422)
    refused(client.get("/api/v1/kpis", {"unit": HUGE, "from": "2026-11-01", "to": "2026-11-30"}, **h), 422, "unit")
    refused(post(client, "/api/v1/cases/1/actions", {"action": "dispatch", "unit": HUGE}, h), 422, "unit")
    refused(post(client, "/api/v1/cases/1/actions", {"action": "comment", "note": "x", "attachments": [-1]}, h), 422)
    client.force_login(town.people.dispatcher)
    assert client.get(f"/desk/cases/{HUGE}/").status_code == 404


def test_a_patrol_track_with_nan_or_a_time_out_of_range_is_refused(client, api, town):
    h = api(town.people.worker)
    nan_track = [[POINT[0], POINT[1], float("nan")], [POINT[0], POINT[1], 1_795_000_000]]
    r = client.post("/api/v1/field/patrols", json.dumps({"track": nan_track, "idempotency_key": "patrol-0001"}),
                    content_type="application/json", **h)
    refused(r, 422, "track")
    far = [[POINT[0], POINT[1], 1e300], [POINT[0], POINT[1], 1e301]]
    refused(post(client, "/api/v1/field/patrols", {"track": far, "idempotency_key": "patrol-0002"}, h), 422)


def test_a_two_million_character_reopen_note_is_refused(client, town, report):
    case = report(self_handle=True).case
    refused(post(client, f"/api/v1/track/{case.tracking_code}/reopen", {"note": "x" * 2_000_000}), 422, "note")


def test_whitespace_only_notes_and_descriptions_are_refused_like_empty_ones(client, api, town, report):
    case = report(self_handle=True).case
    refused(post(client, f"/api/v1/track/{case.tracking_code}/reopen", {"note": "   "}), 422, "note")
    refused(post(client, "/api/v1/cases", new_case(description=" \n\t "), api(town.people.worker)), 422,
            "description")


def test_dates_outside_a_sane_window_are_refused(client, api, town):
    worker = api(town.people.worker)
    refused(post(client, "/api/v1/disputes/screenings", {"found": False, "day": "2100-01-01"}, worker), 422, "day")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused(post(client, "/api/v1/disputes/screenings", {"found": False, "day": tomorrow}, worker), 422, "day")
    leader = api(town.people.leader)
    refused(post(client, "/api/v1/petitions/tour-visits", {"area": "110101", "day": "1900-01-01", "place": "村委会"},
                 leader), 422, "day")
    refused(client.get("/api/v1/kpis", {"from": "1900-01-01", "to": "2026-11-30"}, **leader), 422, "from")
    refused(client.get("/api/v1/command/changes", {"since": "9999-01-01T00:00:00Z"}, **leader), 422, "since")


def test_a_refused_schema_names_the_field_and_what_it_accepts(client, api, town):
    out = refused(post(client, "/api/v1/cases", new_case(lat=91), api(town.people.worker)), 422)
    assert out["fields"] == ["lat"] and out["message"].startswith("lat:") and "90" in out["message"]
    assert out["code"] == "invalid_input" and out["detail"][0]["loc"][-1] == "lat"


def test_a_bulk_dispatch_of_ids_beyond_64_bits_dispatches_nothing(client, town):
    client.force_login(town.people.dispatcher)
    r = client.post("/desk/dispatch", {"case": str(HUGE), "unit": str(HUGE)})
    assert r.status_code == 302
    assert client.post("/desk/dispatch", {"case": str(HUGE)}).status_code == 302


def test_a_form_body_without_its_multipart_boundary_is_refused_400_not_500(client, town):
    r = client.generic("POST", "/api/v1/auth/token", b'{"username": "u", "password": "p"}',
                       content_type="multipart/form-data")
    assert r.status_code == 400 and r.json()["code"] == "unreadable_body"
