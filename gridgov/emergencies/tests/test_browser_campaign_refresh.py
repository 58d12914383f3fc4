"""In the browser: the campaign page reads its figures again by itself (every 30 s; the test sets the interval to one
second through its data attribute) and when asked, and shows visits recorded meanwhile without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import shot
from gridgov.cases.tests.conftest import LEAF, VILLAGE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cell(page, code: str, column: int) -> str:
    return page.locator(f"#progress tr[data-code='{code}'] td").nth(column).text_content().strip()


def test_the_campaign_page_shows_new_visits_without_a_reload(town, open_page):
    from gridgov.emergencies.actions import record_visits, switch_on
    from gridgov.emergencies.models import GridTask

    e, _ = switch_on(town.people.dispatcher, area_code="110101001", plan_code="flood", reason="暴雨")
    task = GridTask.objects.get(emergency=e, area_code=LEAF)
    page = open_page(town.people.town_dispatcher.username)
    page.goto(page.url_of(f"/emergencies/{e.pk}/?area={VILLAGE}"))
    assert page.locator("#emergency").get_attribute("data-refresh-seconds") == "30"
    assert cell(page, LEAF, 4) == "0"
    missing = int(page.locator("#missing-count").text_content())

    record_visits(town.people.worker, task_id=task.pk, place="3号楼", visited=12, idempotency_key="browser-refresh-1")
    assert page.evaluate("window.gridgovCampaignPage.refresh()") is True  # the same as the timer and the focus do
    assert cell(page, LEAF, 4) == "12" and cell(page, VILLAGE, 4) == "12"
    assert int(page.locator("#missing-count").text_content()) == missing - 1
    assert LEAF not in page.locator("#missing").text_content()

    record_visits(town.people.worker, task_id=task.pk, place="4号楼", visited=5, idempotency_key="browser-refresh-2")
    page.evaluate("document.getElementById('emergency').dataset.refreshSeconds = '1'")
    expect(page.locator(f"#progress tr[data-code='{LEAF}'] td").nth(4)).to_have_text("17", timeout=10000)  # timer
    assert cell(page, VILLAGE, 4) == "17"
    shot(page, "campaign-refresh")
