"""Outbound notifications: channels as data, each person's choices and quiet hours, deliveries on the job queue
with every attempt logged, retries with backoff, and nothing personal in any message. Deliveries go to a local HTTP
receiver the test starts; time comes from the fixed clock (moved forward, never slept)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import time, timedelta
from urllib.parse import unquote_plus

import pytest
from django.core import mail

from gridgov.cases.actions import take_action
from gridgov.cases.notices import notify_case
from gridgov.cases.scan import scan
from gridgov.cases.tests.conftest import at
from gridgov.notify import channels, deliveries
from gridgov.notify.actions import notify
from gridgov.notify.models import Attempt, Channel, ChannelKind, Delivery, Notification, Preference
from gridgov.notify.tasks import run_pending

from .receiver import Receiver

pytestmark = [pytest.mark.django_db, pytest.mark.fixed_clock]  # month ends, quiet hours, retry times
NOWHERE = type("Nowhere", (), {"url": "http://127.0.0.1:9"})()  # for tests that only plan deliveries


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run every due job, committing as the worker would (jobs queued on commit are run too); returns how many."""

    def run() -> int:
        total = 0
        while True:
            with django_capture_on_commit_callbacks(execute=True):
                ran = run_pending()
            total += ran
            if not ran:
                return total

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose transaction 'commits' at its end: what it queued on commit is queued then."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def robot(kind, unit, receiver, **kw):
    return Channel.objects.create(name=f"{kind} robot", kind=kind, unit=unit,
                                  url=f"{receiver.url}/cgi-bin/webhook/send?key=K1", **kw)


def sms_gateway(receiver, **kw):
    return Channel.objects.create(name="SMS", kind=ChannelKind.SMS, url=f"{receiver.url}/sms",
                                  body_template='{"mobile": "$phone", "content": "$text", "sign": "gridgov"}',
                                  auth_header="X-Api-Key", secret="s3cret", **kw)


def test_escalation_reaches_the_target_units_robot_after_one_failure_and_a_retry(town, report, receiver, run_jobs,
                                                                                  committed, fixed_clock, settings):
    settings.GRIDGOV_PUBLIC_URL = "https://grid.example.gov.cn"
    p, u = town.people, town.units
    robot(ChannelKind.WECOM, u.town, receiver)
    receiver.answers = [500]
    case = report().case
    take_action(p.dispatcher, case.pk, "register", now=at(2026, 11, 23, 9, 5))
    take_action(p.dispatcher, case.pk, "dispatch", now=at(2026, 11, 23, 9, 6))
    with committed():
        assert scan(at(2026, 11, 23, 15, 0)).escalated == 1
    run_jobs()
    d = Delivery.objects.get(notification__kind="escalated")
    assert len(receiver.requests) == 1 and d.status == "pending" and d.attempts == 1
    assert [(a.ok, a.status_code) for a in d.attempt_log.all()] == [(False, 500)]
    assert run_jobs() == 0  # the retry waits for its time
    fixed_clock.shift(timedelta(seconds=61))
    run_jobs()
    d.refresh_from_db()
    assert d.status == "sent" and len(receiver.requests) == 2
    assert [(a.ok, a.status_code) for a in d.attempt_log.all()] == [(False, 500), (True, 200)]
    sent = receiver.requests[-1]
    assert sent["path"] == "/cgi-bin/webhook/send" and sent["query"] == {"key": ["K1"]}
    assert sent["json"] == {"msgtype": "text", "text": {"content": d.text}}
    assert case.number in d.text and f"https://grid.example.gov.cn/desk/cases/{case.pk}/" in d.text


def test_failures_back_off_doubling_from_the_clock_then_the_delivery_is_failed_in_the_back_office(
        town, receiver, run_jobs, committed, fixed_clock, settings, client):
    settings.GRIDGOV_DELIVERY_MAX_ATTEMPTS = 3
    settings.GRIDGOV_DELIVERY_RETRY_SECONDS = 60
    robot(ChannelKind.DINGTALK, town.units.station, receiver)
    receiver.answers = [503, 503, 503]
    with committed():
        notify("dispatched", subject="C-1", url="/desk/cases/1/", unit=town.units.station)
    run_jobs()
    d = Delivery.objects.get()
    waits = []
    for _ in range(2):
        d.refresh_from_db()
        last = d.attempt_log.last().at
        waits.append(round((d.due_at - last).total_seconds()))
        fixed_clock.move_to(d.due_at + timedelta(seconds=1))
        run_jobs()
    d.refresh_from_db()
    assert waits == [60, 120]
    assert d.status == "failed" and d.attempts == 3 and d.last_error == "HTTP 503"
    assert len(receiver.requests) == 3
    client.force_login(town.people.admin)
    page = client.get("/admin/notify/delivery/?status__exact=failed")
    assert page.status_code == 200 and "C-1" in page.content.decode()


def test_backoff_is_capped():
    assert deliveries.backoff(1) == timedelta(seconds=60)
    assert deliveries.backoff(3) == timedelta(seconds=240)
    assert deliveries.backoff(20) == timedelta(hours=1)


def test_quiet_hours_hold_a_message_until_they_end_except_alarms_and_emergencies(town, settings):
    night = at(2026, 11, 23, 23, 30)
    assert deliveries.release(night, time(22), time(7)) == at(2026, 11, 24, 7, 0)
    assert deliveries.release(at(2026, 11, 24, 6, 0), time(22), time(7)) == at(2026, 11, 24, 7, 0)
    assert deliveries.release(at(2026, 11, 24, 12, 0), time(22), time(7)) == at(2026, 11, 24, 12, 0)
    assert deliveries.release(at(2026, 11, 24, 13, 0), time(12), time(14)) == at(2026, 11, 24, 14, 0)
    assert deliveries.release(night, None, None) == night
    sms_gateway(NOWHERE)
    worker = town.people.worker
    overdue = notify("overdue", subject="C-2", url="/x/", user=worker)
    alarm = notify("alarm", subject="A-1", url="/y/", user=worker)
    assert [d.due_at for d in deliveries.plan(overdue.pk, now=night)] == [at(2026, 11, 24, 7, 0)]
    assert [d.due_at for d in deliveries.plan(alarm.pk, now=night)] == [night]


def test_each_person_chooses_their_channels_per_kind_on_their_page(town, client):
    sms_gateway(NOWHERE)
    Channel.objects.create(name="mail", kind=ChannelKind.EMAIL)
    worker = town.people.worker
    worker.email = "worker@example.org"
    worker.save()
    escalated = notify("escalated", subject="C-3", url="/x/", user=worker)
    assert sorted(d.channel.kind for d in deliveries.plan(escalated.pk)) == ["email", "sms"]  # the defaults
    client.force_login(worker)
    assert client.get("/account/notifications/").status_code == 200
    form = {"email-escalated": "1", "sms-alarm": "1", "quiet_start": "21:00", "quiet_end": "06:30"}
    assert client.post("/account/notifications/", form).status_code == 302
    assert Preference.objects.get(user=worker, kind="escalated").sms is False
    again = notify("escalated", subject="C-4", url="/x/", user=worker)
    assert [d.channel.kind for d in deliveries.plan(again.pk)] == ["email"]
    assert deliveries.quiet_hours_of(worker.pk) == (time(21), time(6, 30))
    bad = client.post("/account/notifications/", {"quiet_start": "21:00"})
    assert bad.status_code == 400 and deliveries.quiet_hours_of(worker.pk) == (time(21), time(6, 30))


def test_no_message_carries_the_notifications_words_only_the_kind_the_number_and_a_link(
        town, receiver, run_jobs, committed, settings):
    settings.GRIDGOV_PUBLIC_URL = "https://grid.example.gov.cn/"
    sms_gateway(receiver)
    robot(ChannelKind.WECOM, town.units.station, receiver)
    case = type("C", (), {"number": "110101-20261123-0007", "pk": 7, "area_code": "110101"})()
    with committed():
        notify_case(case, "escalated", "张三 13912345678 在村口打人", unit=town.units.station)
    run_jobs()
    bodies = [json.dumps(r["json"], ensure_ascii=False) for r in receiver.requests]
    assert len(bodies) == 3  # two members' phones (SMS) and the unit's group robot
    for body in bodies:
        assert "张三" not in body and "13912345678" not in body and "打人" not in body
        assert "110101-20261123-0007" in body and "https://grid.example.gov.cn/desk/cases/7/" in body
    sms = [r for r in receiver.requests if r["path"] == "/sms"]
    assert {r["json"]["mobile"] for r in sms} == {"0000-1234567"}  # the address: the person's own work phone
    assert all(r["headers"]["X-Api-Key"] == "s3cret" and r["json"]["sign"] == "gridgov" for r in sms)
    assert set(Delivery.objects.values_list("text", flat=True)) == {
        deliveries.text_of("escalated", "110101-20261123-0007", "/desk/cases/7/")}


def test_wecom_and_dingtalk_bodies_and_the_dingtalk_signature(town, receiver, run_jobs, committed):
    secret = "SECtest0123456789"
    robot(ChannelKind.DINGTALK, town.units.station, receiver, secret=secret)
    assert channels.robot_body("hi") == {"msgtype": "text", "text": {"content": "hi"}}
    url = channels.dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=T", secret, now_ms=1700000000000)
    expected = base64.b64encode(hmac.new(secret.encode(), f"1700000000000\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000&sign=")
    assert unquote_plus(url.rsplit("sign=", 1)[1]) == expected
    with committed():
        notify("emergency", subject="E-1", url="/e/", unit=town.units.station)
    run_jobs()
    [sent] = receiver.requests
    stamp = sent["query"]["timestamp"][0]
    digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    assert sent["query"]["sign"] == [base64.b64encode(digest).decode()]  # what DingTalk checks
    assert sent["json"]["msgtype"] == "text" and "E-1" in sent["json"]["text"]["content"]


def test_a_robot_that_answers_an_error_code_is_a_failed_attempt(town, run_jobs, committed):
    refusing = Receiver(body={"errcode": 93000, "errmsg": "invalid webhook url"})
    try:
        robot(ChannelKind.WECOM, town.units.station, refusing)
        with committed():
            notify("dispatched", subject="C-5", url="/x/", unit=town.units.station)
        run_jobs()
    finally:
        refusing.close()
    a = Attempt.objects.get()
    assert (a.ok, a.status_code, a.error) == (False, 200, "robot refused: errcode 93000")
    assert "93000" in a.answer


def test_e_mail_goes_through_the_django_mail_backend(town, run_jobs, committed):
    Channel.objects.create(name="mail", kind=ChannelKind.EMAIL)
    worker = town.people.worker
    worker.email = "worker@example.org"
    worker.save()
    with committed():
        notify("new_task", subject="C-6", url="/desk/cases/6/", user=worker, message="王五家门口")
    run_jobs()
    [message] = mail.outbox
    assert message.to == ["worker@example.org"] and "C-6" in message.subject
    assert "王五" not in message.body and "/desk/cases/6/" in message.body
    assert Delivery.objects.get().status == "sent"


def test_no_channel_enabled_means_no_job_at_all(town, committed):
    from django_tasks_db.models import DBTaskResult

    with committed():
        notify("dispatched", subject="C-7", url="/x/", unit=town.units.station)
    assert Notification.objects.count() == 1 and DBTaskResult.objects.count() == 0


def test_jobs_are_queued_only_when_the_notifications_transaction_commits(town, receiver):
    from django_tasks_db.models import DBTaskResult

    robot(ChannelKind.WECOM, town.units.station, receiver)
    notify("dispatched", subject="C-8", url="/x/", unit=town.units.station)  # inside the test's open transaction
    assert DBTaskResult.objects.count() == 0


def test_a_channel_with_bad_settings_is_refused_with_what_to_fix(town):
    bad = Channel(name="x", kind=ChannelKind.SMS, url="ftp://x", body_template="not json", kinds="escalated")
    problems = channels.check_channel(bad)
    assert set(problems) == {"url", "body_template", "kinds"}
    assert "unit" in channels.check_channel(Channel(name="r", kind=ChannelKind.WECOM, url="https://q/x"))
