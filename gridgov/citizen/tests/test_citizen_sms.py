"""A citizen who left a phone number and ticked the box gets an SMS when the report is registered and when it is
closed: the case number and the tracking link, never their name."""

from __future__ import annotations

import json

import pytest

from gridgov.cases.actions import take_action
from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import LEAF, POINT, at
from gridgov.notify.models import Channel, ChannelKind, Delivery
from gridgov.notify.tasks import run_pending
from gridgov.notify.tests.receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    r = Receiver()
    Channel.objects.create(name="SMS", kind=ChannelKind.SMS, url=f"{r.url}/sms",
                           body_template='{"to": "$phone", "text": "$text"}')
    yield r
    r.close()


def send(client, **overrides):
    data = {"category": "0102", "description": "路灯不亮", "lon": POINT[0], "lat": POINT[1],
            "citizen_name": "李四", "citizen_phone": "13900001111", **overrides}
    return client.post("/report/?grid=" + LEAF, data, follow=True)


def close(case, p, commit):
    """Register, dispatch, handle, check and close the case, each action committed."""
    steps = [(p.dispatcher, "register", {}), (p.dispatcher, "dispatch", {}), (p.village_leader, "accept", {}),
             (p.village_leader, "submit_feedback", {"outcome": "solved"}), (p.worker, "check", {"passed": True}),
             (p.dispatcher, "close", {})]
    for minute, (who, action, fields) in enumerate(steps):
        with commit(execute=True):
            take_action(who, case.pk, action, fields=fields, note="ok", now=at(2026, 11, 23, 9, 10 + minute))


def run_jobs(commit):
    while True:
        with commit(execute=True):
            if not run_pending():
                return


def test_a_citizen_who_opted_in_gets_an_sms_at_registration_and_at_closure(
        town, client, gateway, django_capture_on_commit_callbacks, settings):
    settings.GRIDGOV_PUBLIC_URL = "https://grid.example.gov.cn"
    assert 'name="sms_updates"' in client.get("/report/?grid=" + LEAF).content.decode()
    send(client, sms_updates="1")
    case = Case.objects.get()
    assert case.citizen_sms is True
    close(case, town.people, django_capture_on_commit_callbacks)
    run_jobs(django_capture_on_commit_callbacks)
    assert [d.kind for d in Delivery.objects.order_by("id")] == ["citizen_registered", "citizen_closed"]
    assert len(gateway.requests) == 2
    for r in gateway.requests:
        body = json.dumps(r["json"], ensure_ascii=False)
        assert r["json"]["to"] == "13900001111"
        assert case.number in body and f"https://grid.example.gov.cn/track/{case.tracking_code}/" in body
        assert "李四" not in body and "路灯" not in body
    assert "13900001111" not in json.dumps(list(Delivery.objects.values()), default=str)  # the log keeps no phone


def test_without_the_tick_or_without_a_phone_no_sms_is_sent(town, client, gateway,
                                                            django_capture_on_commit_callbacks):
    send(client)  # the box is off by default
    case = Case.objects.get()
    assert case.citizen_sms is False
    close(case, town.people, django_capture_on_commit_callbacks)
    assert Delivery.objects.count() == 0
    html = send(client, citizen_phone="", sms_updates="1", description="另一处路灯").content.decode()
    assert "msg-error" in html and Case.objects.count() == 1
