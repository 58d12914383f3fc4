"""A repeat petition is linked across the district (the leaders see both), but the clerk registering it is told only
what their jurisdiction allows: another township's petition number never reaches them."""

from __future__ import annotations

import pytest

from gridgov.cases.tests.conftest import OTHER_POINT, POINT, at
from gridgov.notify.models import Notification
from gridgov.petitions import actions
from gridgov.petitions.models import Petition

pytestmark = pytest.mark.django_db
ZHANG = {"name": "张三", "id_number": "410101197001010011", "phone": "13600000001"}
BODY = {"category": "1502", "request": "拖欠工资", "channel": "visit", "lon": OTHER_POINT[0], "lat": OTHER_POINT[1],
        "petitioners": [ZHANG]}


@pytest.fixture
def first(town):
    """Zhang's first petition, in township 001."""
    return actions.record_petition(town.people.intake, category="1502", request="拖欠工资三个月", lon=POINT[0],
                                   lat=POINT[1], channel="visit", petitioners=[ZHANG], now=at(2026, 11, 2, 10, 0)).case


@pytest.fixture
def clerk(town, make_staff):
    """The petition clerk of township 101."""
    return make_staff("intake_operator", "110101101", "clerk-101", unit=town.units.town2)


def test_the_api_tells_the_other_townships_clerk_only_that_it_is_a_repeat(town, first, clerk, client):
    client.force_login(clerk)
    r = client.post("/api/v1/petitions", BODY, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 201, r.content
    answer = r.json()
    assert answer["repeat"] is True and answer["repeat_of"] is None
    assert "outside your jurisdiction" in answer["repeat_note"] and first.number not in r.content.decode()
    p = Petition.objects.get(case_id=answer["id"])
    assert p.repeat_of_id == first.pk  # the link is made
    for path in (f"/api/v1/petitions/{p.pk}", f"/api/v1/cases/{p.pk}"):  # nor when read back, timeline included
        got = client.get(path)
        assert got.status_code == 200 and first.number not in got.content.decode()


def test_the_page_and_its_message_tell_the_clerk_only_that_it_is_a_repeat(town, first, clerk, client):
    client.force_login(clerk)
    form = {"category": "1502", "request": "拖欠工资", "channel": "visit", "people": "1", "lon": OTHER_POINT[0],
            "lat": OTHER_POINT[1], "p0_name": ZHANG["name"], "p0_phone": ZHANG["phone"]}
    page = client.post("/petitions/new/", form, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="repeat-flag"' in page and "outside your jurisdiction" in page
    assert first.number not in page and f"/desk/cases/{first.pk}/" not in page


def test_the_leader_over_both_sees_the_repeat_with_its_number(town, first, clerk, client):
    client.force_login(clerk)
    created = client.post("/api/v1/petitions", BODY, content_type="application/json").json()
    reminder = Notification.objects.get(kind="repeat")
    assert reminder.unit == town.units.district and first.number in reminder.message  # the centre over both
    client.force_login(town.people.leader)
    assert client.get(f"/api/v1/petitions/{created['id']}").json()["repeat_of"] == first.number
    page = client.get(f"/desk/cases/{created['id']}/").content.decode()
    assert first.number in page and 'id="repeat-flag"' in page


def test_a_repeat_within_the_clerks_own_township_is_answered_with_its_number(town, first, make_staff, client):
    client.force_login(make_staff("intake_operator", "110101001", "clerk-001", unit=town.units.town))
    r = client.post("/api/v1/petitions", {**BODY, "lon": POINT[0], "lat": POINT[1]}, content_type="application/json")
    assert r.status_code == 201 and r.json()["repeat_of"] == first.number
    assert Notification.objects.get(kind="repeat").unit == town.units.town


def test_the_township_leaders_dashboard_lists_the_repeat_without_the_other_townships_number(town, clerk, make_staff,
                                                                                          client):
    from django.utils import timezone

    now = timezone.now()  # the dashboard shows the current period
    first = actions.record_petition(town.people.intake, category="1502", request="欠薪", lon=POINT[0], lat=POINT[1],
                                    channel="visit", petitioners=[ZHANG], now=now - timezone.timedelta(hours=2)).case
    again = actions.record_petition(clerk, **{**BODY, "now": now - timezone.timedelta(hours=1)}).case
    client.force_login(make_staff("leader", "110101101", "leader-101", unit=town.units.town2))
    html = client.get("/command/dashboard/").content.decode()
    assert again.number in html and first.number not in html
