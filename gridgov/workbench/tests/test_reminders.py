"""Reminders are seen: until notifications exist, the desk shows the open reminders of the user's unit and the case
page those of the case."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gridgov.cases.actions import take_action
from gridgov.cases.scan import scan
from gridgov.cases.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 11, 24, 18, 0))


@pytest.fixture
def late(town, report):
    """Dispatched to the village station, overdue that afternoon, escalated to the township centre."""
    case = report(now=at(2026, 11, 24, 9, 0)).case
    take_action(town.people.dispatcher, case.pk, "register", now=at(2026, 11, 24, 9, 5))
    take_action(town.people.dispatcher, case.pk, "dispatch", now=at(2026, 11, 24, 9, 10))
    scan(at(2026, 11, 24, 16, 0))
    take_action(town.people.leader, case.pk, "supervise", note="请今天处理完毕", now=at(2026, 11, 24, 16, 30))
    return case


def test_the_desk_shows_the_open_reminders_of_the_users_unit(town, late, client, make_staff):
    client.force_login(town.people.town_dispatcher)  # the township centre, where the case was escalated to
    html = client.get("/desk/").content.decode()
    assert 'id="reminders"' in html and late.number in html and "请今天处理完毕" in html
    client.force_login(town.people.village_leader)  # the station was reminded that it went overdue
    assert late.number in client.get("/desk/").content.decode().split('id="reminders"')[1]
    other = make_staff("dispatcher", "110101101", "other-town", unit=town.units.town2)
    client.force_login(other)
    assert 'id="reminders"' not in client.get("/desk/").content.decode()


def test_the_case_page_shows_its_open_reminders_until_the_case_is_closed(town, late, client):
    client.force_login(town.people.dispatcher)
    html = client.get(f"/desk/cases/{late.pk}/").content.decode()
    section = html.split('id="reminders"')[1].split("</section>")[0]
    assert section.count("<li>") == 4  # dispatched, overdue (station), escalated and supervised (township centre)
    assert "station-201" in section and "town-001-centre" in section
    p = town.people
    for who, action, fields in ((p.town_dispatcher, "accept", {}), (p.town_dispatcher, "submit_feedback", {}),
                                (p.worker, "check", {"passed": True}), (p.dispatcher, "close", {})):
        take_action(who, late.pk, action, note="ok", fields=fields, now=at(2026, 11, 24, 17, 0))
    assert 'id="reminders"' not in client.get(f"/desk/cases/{late.pk}/").content.decode()
