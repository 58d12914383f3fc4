"""The citizen's throttles hold whatever process answers: the hourly report limit survives a process that forgets
everything it kept in memory, and guessing tracking codes is cut off per address, on the page and in the API."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import LEAF, POINT

pytestmark = pytest.mark.django_db


def send(client):
    data = {"category": "0102", "description": "路灯不亮", "lon": POINT[0], "lat": POINT[1]}
    return client.post("/report/?grid=" + LEAF, data, follow=True)


def test_the_report_limit_holds_when_another_process_or_a_restart_answers(town, client, settings):
    settings.GRIDGOV_PUBLIC_REPORTS_PER_HOUR = 2
    for _ in range(2):
        send(client)
    cache.clear()  # what another worker process, or this one after a restart, would have in memory: nothing
    html = send(client).content.decode()
    assert Case.objects.count() == 2 and "msg-error" in html and "过多" in html


def test_guessing_tracking_codes_is_cut_off_per_address(town, report, client, settings):
    settings.GRIDGOV_TRACKING_FAILURES_PER_HOUR = 3
    code = report().case.tracking_code
    for _ in range(5):  # lookups that find the case are not counted
        assert client.get(f"/track/{code}/").status_code == 200
    for guess in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC"):
        assert client.get(f"/track/{guess}/").status_code == 404
    page = client.get(f"/track/{code}/")  # now even a right code is refused, or a hit would still show
    html = page.content.decode()
    assert page.status_code == 429 and "一小时后" in html and 'id="progress"' not in html
    api = client.get(f"/api/v1/track/{code}")
    assert api.status_code == 429 and "不存在的查询码" in api.json()["detail"]
    assert client.post(f"/api/v1/track/{code}/rate", {"rating": 5}, content_type="application/json").status_code == 429
    assert client.get(f"/track/{code}/", REMOTE_ADDR="198.51.100.20").status_code == 200  # another address


def test_guesses_through_the_api_count_as_well(town, report, client, settings):
    settings.GRIDGOV_TRACKING_FAILURES_PER_HOUR = 2
    for guess in ("AAAAAAAA", "BBBBBBBB"):
        assert client.get(f"/api/v1/track/{guess}").status_code == 404
    assert client.get("/track/CCCCCCCC/").status_code == 429
