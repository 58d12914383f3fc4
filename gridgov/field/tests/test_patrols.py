"""Patrols from the phone, and the pieces that make the field pages installable."""

from __future__ import annotations

import json

import pytest

from gridgov.cases.tests.conftest import POINT
from gridgov.field.models import Patrol

pytestmark = pytest.mark.django_db

TRACK = [[POINT[0], POINT[1], 1_790_000_000], [POINT[0] + 0.001, POINT[1], 1_790_000_060],
         [POINT[0] + 0.001, POINT[1] + 0.001, 1_790_000_120]]


def post(client, body):
    return client.post("/api/v1/field/patrols", json.dumps(body), content_type="application/json")


def test_a_grid_worker_records_a_patrol_once_however_often_the_phone_sends_it(town, client):
    client.force_login(town.people.worker)
    body = {"track": TRACK, "idempotency_key": "patrol-0001"}
    first = post(client, body)
    assert first.status_code == 201
    out = first.json()
    assert out["points"] == 3 and out["inside_share"] == 1.0
    assert 150 < out["length_m"] < 215  # ~85 m east + ~111 m north at latitude 40
    again = post(client, body)
    assert again.status_code == 200 and again.json()["id"] == out["id"]
    assert Patrol.objects.count() == 1


def test_another_workers_equal_key_records_their_own_patrol_and_never_returns_the_first(town, client):
    client.force_login(town.people.worker)
    first = post(client, {"track": TRACK, "idempotency_key": "patrol-0001"}).json()
    client.force_login(town.people.worker2)
    theirs = post(client, {"track": [[x + 0.4, y - 0.4, t] for x, y, t in TRACK], "idempotency_key": "patrol-0001"})
    assert theirs.status_code == 201 and theirs.json()["id"] != first["id"]
    assert Patrol.objects.count() == 2


def test_only_grid_workers_record_patrols_and_tracks_must_make_sense(town, client):
    client.force_login(town.people.dispatcher)
    assert post(client, {"track": TRACK, "idempotency_key": "patrol-0002"}).status_code == 403
    client.force_login(town.people.worker)
    backwards = [TRACK[1], TRACK[0]]
    response = post(client, {"track": backwards, "idempotency_key": "patrol-0003"})
    assert response.status_code == 400 and "时间顺序" in response.json()["detail"]  # Chinese unless asked otherwise
    response = client.post("/api/v1/field/patrols", json.dumps({"track": backwards, "idempotency_key": "patrol-0003"}),
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "time order" in response.json()["detail"]
    assert post(client, {"track": TRACK[:1], "idempotency_key": "patrol-0004"}).status_code == 422
    assert Patrol.objects.count() == 0


def test_patrols_are_scoped_like_everything_else(town, client):
    client.force_login(town.people.worker)
    post(client, {"track": TRACK, "idempotency_key": "patrol-0005"})
    assert Patrol.objects.visible_to(town.people.worker2).count() == 0
    assert Patrol.objects.visible_to(town.people.dispatcher).count() == 1


def test_the_field_pages_are_installable_and_cached_for_offline_use(town, client):
    manifest = client.get("/field/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest.json()["start_url"] == "/field/" and manifest.json()["icons"]
    sw = client.get("/field/sw.js")
    assert sw["Content-Type"].startswith("text/javascript") and sw["Service-Worker-Allowed"] == "/field/"
    body = sw.content.decode()
    assert '"/field/report/"' in body and "leaflet.js" in body


def test_a_grid_worker_records_the_days_dispute_screening_from_the_phone(town, client):
    from gridgov.disputes.models import Screening

    client.force_login(town.people.worker)
    client.post("/field/screening/", {"found": "0", "note": "走访10户"})
    found = client.post("/field/screening/", {"found": "1"})  # the same day again: the first one stands
    assert found.status_code == 302 and Screening.objects.get().found is False
    client.force_login(town.people.dispatcher)
    assert client.post("/field/screening/", {"found": "0"}, follow=True).status_code == 200
    assert Screening.objects.count() == 1
