"""axe-core's WCAG 2 A/AA rules (colour contrast among them) pass on the citizen pages, the dashboard and the maps,
as the people who use them see them (the desk and the phone pages are checked in their own walks)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gridgov.cases.actions import take_action
from gridgov.tests.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_citizen_pages_the_dashboard_and_the_maps_pass_axe(town, report, open_page):
    case = report(now=timezone.now(), channel="hotline", urgency="urgent").case
    take_action(town.people.dispatcher, case.pk, "register")
    found = {}
    citizen = open_page(phone=True)
    for path in ("/report/", "/track/", f"/track/{case.tracking_code}/"):
        citizen.goto(citizen.url_of(path))
        found[path] = violations(citizen)
    leader = open_page(town.people.leader.username)
    for path, ready in (("/command/dashboard/", "#dashboard"), ("/command/", "#map[data-cases-loaded]"),
                        ("/map/", "#map")):
        leader.goto(leader.url_of(path))
        leader.wait_for_selector(ready, state="attached")
        found[path] = violations(leader)
    assert found == {path: [] for path in found}
