"""Signed alarms from cameras become located cases: snapshot attached, the grid worker, the village police liaison and
the centre told; replays and storms of repeats make no extra cases; unsigned, stale, unknown alarms store nothing."""

from __future__ import annotations

import time

import pytest

from gridgov.cases.models import Attachment, Case, TimelineEntry
from gridgov.cases.tests.conftest import LEAF, POINT
from gridgov.linkage.models import Alarm
from gridgov.notify.models import Notification

from .conftest import alarm, png

pytestmark = pytest.mark.django_db


def stored() -> tuple[int, int, int, int]:
    return Case.objects.count(), Alarm.objects.count(), Attachment.objects.count(), Notification.objects.count()


def test_a_signed_alarm_becomes_a_located_case_with_its_snapshot_and_notifications(linked, post):
    r = post(alarm(snapshot=png(), description="有人翻越围墙"))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["created"] is True
    case = Case.objects.get(pk=body["case"]["id"])
    assert body["case"]["number"] == case.number
    assert (case.channel, case.category.code, case.urgency, case.area_code) == ("alarm", "1201", "urgent", LEAF)
    assert (round(case.lon, 6), round(case.lat, 6)) == (round(POINT[0], 6), round(POINT[1], 6))
    assert "有人翻越围墙" in case.description and linked.camera.device_id in case.description
    photo = Attachment.objects.get(case=case)
    assert photo.content_type == "image/png" and photo.entry.action == "report"
    told = Notification.objects.filter(kind="alarm", subject=case.number)
    assert {n.user for n in told if n.user} == {linked.town.people.worker, linked.liaison}
    assert {n.unit for n in told if n.unit} == {case.owner_unit} and case.owner_unit is not None


def test_an_alarm_with_its_own_point_is_located_there_converted_to_wgs84(linked, post):
    from gridgov.geo.coords import from_wgs84

    x, y = from_wgs84(POINT[0] + 0.2, POINT[1], "gcj02")  # another grid of the same village
    case = Case.objects.get(pk=post(alarm(lon=x, lat=y, crs="gcj02")).json()["case"]["id"])
    assert abs(case.lon - (POINT[0] + 0.2)) < 1e-6 and case.area_code != LEAF and case.area_code.startswith(LEAF[:12])


def test_the_same_webhook_id_again_answers_with_the_same_case_and_stores_nothing_new(linked, post):
    first = post(alarm(snapshot=png()), msg_id="msg_replayed")
    before = stored()
    again = post(alarm(snapshot=png()), msg_id="msg_replayed")
    assert again.status_code == 200 and again.json() == {**first.json(), "created": False}
    assert stored() == before


def test_a_storm_of_repeats_joins_the_open_case_and_counts_them(linked, post, client):
    ids = {post(alarm(occurred_at=f"2026-11-23T09:{50 + i:02d}:00+08:00")).json()["case"]["id"] for i in range(6)}
    assert len(ids) == 1 and Case.objects.count() == 1
    case = Case.objects.get()
    assert Alarm.objects.filter(case=case).count() == 6
    assert TimelineEntry.objects.filter(case=case, action="alarm_repeat").count() == 5
    assert Notification.objects.filter(subject=case.number).count() == 3  # told once, not at every repeat
    later = post(alarm(occurred_at="2026-11-23T09:59:00+08:00", event_type="fire_smoke")).json()
    assert later["created"] is True  # another event type is another matter
    client.force_login(linked.town.people.dispatcher)
    page = client.get(f"/desk/cases/{case.pk}/").content.decode()
    assert 'data-alarm-count="6"' in page


def test_a_repeat_after_the_window_opens_a_new_case(linked, post, settings):
    settings.GRIDGOV_ALARM_WINDOW_MINUTES = 10
    first = post(alarm(occurred_at="2026-11-23T09:30:00+08:00")).json()
    second = post(alarm(occurred_at="2026-11-23T09:45:00+08:00")).json()
    assert first["case"]["id"] != second["case"]["id"] and second["created"] is True


@pytest.mark.parametrize("how", ["wrong secret", "tampered body", "no signature", "no headers", "old timestamp",
                                 "future timestamp", "unknown source"])
def test_an_alarm_not_signed_right_or_in_time_is_refused_401_and_nothing_is_stored(linked, post, how):
    from gridgov.linkage.signatures import new_secret, sign

    before = stored()
    now = int(time.time())
    if how == "wrong secret":
        r = post(alarm(), secret=new_secret())
    elif how == "tampered body":
        r = post(alarm(), signature=sign(linked.secret, "msg_1", now, b'{"device_id": "x"}'), msg_id="msg_1")
    elif how == "no signature":
        r = post(alarm(), signature="")
    elif how == "no headers":
        r = post(alarm(), headers={})
    elif how == "old timestamp":
        r = post(alarm(), timestamp=now - 6 * 60)
    elif how == "future timestamp":
        r = post(alarm(), timestamp=now + 6 * 60)
    else:
        r = post(alarm(), source="no-such-platform")
    assert r.status_code == 401, r.content
    assert r.json()["code"] == "bad_signature" and r.json()["message"]
    assert stored() == before


def test_several_signatures_are_accepted_when_one_matches(linked, post):
    from gridgov.linkage.signatures import new_secret, sign

    body = alarm()
    import json

    raw, now = json.dumps(body).encode(), int(time.time())
    sigs = f"{sign(new_secret(), 'msg_2', now, raw)} v1,bm90LWEtc2ln {sign(linked.secret, 'msg_2', now, raw)}"
    assert post(body, msg_id="msg_2", timestamp=now, signature=sigs).status_code == 201


@pytest.mark.parametrize(("change", "code"), [
    ({"device_id": "11010100001321000099"}, "unknown_device"),
    ({"event_type": "alien_landing"}, "unknown_event_type"),
    ({"snapshot": "aGVsbG8gd29ybGQ="}, "bad_snapshot"),  # "hello world": base64, but no image
    ({"lon": POINT[0]}, "invalid_input"),  # lon without lat
    ({"snapshot_url": "javascript:alert(1)"}, "invalid_input"),
])
def test_an_unknown_device_or_event_type_or_bad_body_is_refused_422_and_nothing_is_stored(linked, post, change,
                                                                                          code):
    before = stored()
    r = post(alarm(**change))
    assert r.status_code == 422, r.content
    assert r.json()["code"] == code and r.json()["message"]
    assert stored() == before


def test_a_rotated_secret_keeps_the_old_one_valid_for_the_overlap_only(linked, post, settings):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from gridgov.linkage.sources import rotate

    settings.GRIDGOV_ALARM_SECRET_OVERLAP_MINUTES = 60
    old = linked.secret
    new = rotate(linked.source)
    assert post(alarm(), secret=old).status_code == 201
    assert post(alarm(event_type="fire_smoke"), secret=new).status_code == 201
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert post(alarm(occurred_at="2026-11-23T11:00:00+08:00"), secret=old).status_code == 401
        assert post(alarm(occurred_at="2026-11-23T11:00:00+08:00"), secret=new).status_code in (200, 201)


@pytest.mark.parametrize("raw", [b"{bad json", b"", b"[]", b'"text"'])
def test_a_signed_body_that_is_not_an_alarm_object_is_refused_422_in_json(linked, client, raw):
    from gridgov.linkage.signatures import sign

    before, ts = stored(), int(time.time())
    headers = {"webhook-id": "msg_broken", "webhook-timestamp": str(ts),
               "webhook-signature": sign(linked.secret, "msg_broken", ts, raw)}
    r = client.post("/api/v1/alarms/snow-light", raw, content_type="application/json", headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "invalid_input" and r.json()["message"]
    assert "input" not in str(r.json()["detail"]) and stored() == before
