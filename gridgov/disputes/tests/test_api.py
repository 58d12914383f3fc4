"""Disputes and petitions over the API: created once per idempotency key, read masked, refused with reasons."""

from __future__ import annotations

import json

import pytest

from gridgov.cases.tests.conftest import POINT

pytestmark = pytest.mark.django_db


def post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers)


DISPUTE = {"dispute_type": "family", "found_by": "walk_in", "description": "夫妻争吵", "lon": POINT[0], "lat": POINT[1],
           "idempotency_key": "dispute-api-0001",
           "parties": [{"name": "周一", "phone": "13300001111", "id_number": "410101199001011234"}]}


def test_a_dispute_over_the_api_is_created_once_read_masked_and_its_chain_follows_actions(town, client):
    client.force_login(town.people.dispatcher)
    first = post(client, "/api/v1/disputes", DISPUTE)
    again = post(client, "/api/v1/disputes", DISPUTE)
    assert first.status_code == 201 and again.status_code == 200 and again.json()["id"] == first.json()["id"]
    case_id = first.json()["id"]
    for body in ({"action": "register"}, {"action": "dispatch"}):
        assert post(client, f"/api/v1/cases/{case_id}/actions", body).status_code == 200
    got = client.get(f"/api/v1/disputes/{case_id}").json()
    assert got["parties"][0]["phone"] == "*******1111" and got["parties"][0]["id_number"] == "**************1234"
    assert [s["kind"] for s in got["chain"]] == ["mediation"]
    bad = post(client, "/api/v1/disputes", {**DISPUTE, "dispute_type": "gossip", "idempotency_key": "dispute-api-2"})
    assert bad.status_code == 422
    client.force_login(town.people.worker2)  # another village
    assert client.get(f"/api/v1/disputes/{case_id}").status_code == 404


def test_a_petition_over_the_api_links_its_repeat_and_tour_visits_are_for_leaders(town, client):
    client.force_login(town.people.intake)
    body = {"category": "1502", "request": "欠薪", "channel": "visit", "lon": POINT[0], "lat": POINT[1],
            "petitioners": [{"name": "钱二", "phone": "13200002222"}]}
    first = post(client, "/api/v1/petitions", body)
    second = post(client, "/api/v1/petitions", {**body, "request": "还是欠薪"})
    assert first.status_code == 201 and second.json()["repeat_of"] == first.json()["number"]
    got = client.get(f"/api/v1/petitions/{second.json()['id']}").json()
    assert got["repeat_of"] == first.json()["number"] and got["petitioners"][0]["phone"] == "*******2222"
    keyed = post(client, "/api/v1/petitions", {**body, "idempotency_key": "petition-api-1"})
    resent = post(client, "/api/v1/petitions", {**body, "idempotency_key": "petition-api-1"})
    assert (keyed.status_code, resent.status_code) == (201, 200) and resent.json()["id"] == keyed.json()["id"]
    visit = {"area": "110101001", "day": "2026-11-30", "place": "镇政府"}
    refused = post(client, "/api/v1/petitions/tour-visits", visit)
    assert refused.status_code == 403 and "leaders" in refused.json()["detail"]
    client.force_login(town.people.leader)
    assert post(client, "/api/v1/petitions/tour-visits", visit).status_code == 201
    assert post(client, "/api/v1/petitions", {**body, "category": "0102"}).status_code == 422


def test_a_grid_worker_records_a_screening_over_the_api(town, client):
    client.force_login(town.people.worker)
    first = post(client, "/api/v1/disputes/screenings", {"found": False, "day": "2026-11-23"})
    again = post(client, "/api/v1/disputes/screenings", {"found": True, "day": "2026-11-23"})
    assert (first.status_code, again.status_code) == (201, 200) and again.json()["found"] is False
