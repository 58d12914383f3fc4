"""On the grid worker's phone (390×844): from My grid to "my month", the score fits the screen and tapping an item
shows the recorded events behind it, each case a link to its page."""

from __future__ import annotations

import pytest

from conftest import shot
from gridgov.assess.actions import compute_month
from gridgov.assess.tests.conftest import OCTOBER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_month_on_the_phone_shows_why_each_item_scored_what_it_did(town, october, open_page):
    compute_month(OCTOBER)
    phone = open_page(town.people.worker.username, phone=True)
    phone.goto(phone.url_of("/field/"))
    phone.click("#field-home a[href='/assess/me/']")
    phone.wait_for_selector("#my-month")
    phone.goto(phone.url_of("/assess/me/?month=2026-10"))
    assert phone.locator("#score").get_attribute("data-total")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    reports = phone.locator("details[data-item=reports]")
    assert not reports.locator("a").first.is_visible()
    reports.locator("summary").tap()
    links = reports.locator("a")
    assert links.count() == 3 and links.first.is_visible()
    assert october.cases[0].number in links.first.inner_text()
    assert phone.locator("#ledger h3").count() >= 5  # the work ledger, day by day
    shot(phone, "assess-my-month-phone")
    links.first.tap()
    phone.wait_for_url(f"**/desk/cases/{october.cases[0].pk}/")
