"""In the browser: a dispatcher of the unit a case was escalated to sees the bell count it, opens the list, follows
the notification to the case, and the count drops."""

from __future__ import annotations

import pytest

from gridgov.cases.actions import report_case, take_action
from gridgov.cases.scan import scan
from gridgov.cases.tests.conftest import POINT, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dispatcher_of_the_unit_a_case_is_escalated_to_follows_the_bell_to_it(town, open_page):
    p = town.people
    case = report_case(p.worker, category=town.cat["0102"], description="垃圾堆放", lon=POINT[0], lat=POINT[1],
                       now=at(2026, 11, 23, 9, 0)).case
    take_action(p.dispatcher, case.pk, "register", now=at(2026, 11, 23, 9, 5))
    take_action(p.dispatcher, case.pk, "dispatch", now=at(2026, 11, 23, 9, 6))  # the village station
    scan(at(2026, 11, 23, 15, 0))  # overdue: escalated to the township's centre
    page = open_page(p.town_dispatcher.username)
    page.goto(page.url_of("/desk/"))
    assert page.locator("#bell-count").text_content() == "1"
    page.click("#bell")
    item = page.locator("#notifications li.unread")
    assert item.count() == 1 and case.number in item.text_content()
    item.locator("a").click()
    page.wait_for_url(f"**/desk/cases/{case.pk}/")
    assert page.locator("#bell-count").text_content() == "0"
    page.goto(page.url_of("/notifications/"))
    assert page.locator("#notifications li.read").count() == 1 and page.locator("#read-all").count() == 0
