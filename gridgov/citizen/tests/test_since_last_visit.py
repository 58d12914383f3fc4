"""The tracking page shows a citizen what changed since they last opened it: the steps added since then are
highlighted and counted. The browser remembers the last step it saw in a signed cookie for that tracking code alone;
nothing about the visit is kept on the server."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from gridgov.cases.actions import report_case, take_action
from gridgov.cases.tests.conftest import POINT, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(town):
    return report_case(None, category=town.cat["0102"], description="路灯不亮", lon=POINT[0], lat=POINT[1],
                       channel="public_web", now=at(2026, 11, 23, 9, 0)).case


def test_the_first_visit_highlights_nothing_and_the_next_one_what_changed_since(town, case, client):
    url = f"/track/{case.tracking_code}/"
    first = client.get(url).content.decode()
    assert 'class="new"' not in first and 'id="since-last"' not in first
    take_action(town.people.dispatcher, case.pk, "register", now=at(2026, 11, 23, 9, 5))
    take_action(town.people.dispatcher, case.pk, "dispatch", now=at(2026, 11, 23, 9, 6))
    second = client.get(url).content.decode()
    assert second.count('<li class="new">') == 2 and 'id="since-last"' in second
    third = client.get(url).content.decode()
    assert 'class="new"' not in third  # seen now


def test_the_cookie_belongs_to_one_tracking_code_and_stays_in_the_browser(town, case, client):
    client.get(f"/track/{case.tracking_code}/")
    cookie = client.cookies[f"seen-{case.tracking_code}"]
    assert cookie["path"] == f"/track/{case.tracking_code}/" and cookie["httponly"]
    assert not Session.objects.exists()  # nothing kept on the server for it


def test_a_forged_cookie_is_ignored(town, case, client):
    client.cookies[f"seen-{case.tracking_code}"] = "0"  # unsigned: as if never visited
    take_action(town.people.dispatcher, case.pk, "register", now=at(2026, 11, 23, 9, 5))
    page = client.get(f"/track/{case.tracking_code}/")
    assert page.status_code == 200 and 'class="new"' not in page.content.decode()
