"""Alarms arriving at the same moment, each on its own connection (threads; PostgreSQL locks the row of the device
and event type, SQLite serialises writers): one case, every alarm counted once, a doubled webhook-id stored once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from gridgov.cases.models import Case
from gridgov.linkage.models import Alarm

from .conftest import alarm

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(post, bodies_and_ids: list[tuple[dict, str]]) -> list[int]:
    gate = threading.Barrier(len(bodies_and_ids))
    codes: list[int] = []
    failures: list[BaseException] = []

    def send(body: dict, msg_id: str) -> None:
        try:
            c = Client()
            gate.wait(timeout=30)
            codes.append(post(body, msg_id=msg_id, c=c).status_code)
        except BaseException as exc:  # noqa: BLE001 - shown by the assertion below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=pair) for pair in bodies_and_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert failures == []
    return codes


def test_alarms_of_one_camera_posted_at_once_open_one_case(linked, post):
    codes = at_once(post, [(alarm(occurred_at=f"2026-11-23T09:5{i}:00+08:00"), f"msg_{i}") for i in range(6)])
    assert sorted(codes) == [200] * 5 + [201]
    assert Case.objects.count() == 1 and Alarm.objects.filter(case=Case.objects.get()).count() == 6


def test_one_webhook_id_posted_twice_at_once_is_stored_once(linked, post):
    codes = at_once(post, [(alarm(), "msg_same"), (alarm(), "msg_same"), (alarm(), "msg_same")])
    assert sorted(codes) == [200, 200, 201]
    assert Case.objects.count() == 1 and Alarm.objects.count() == 1
