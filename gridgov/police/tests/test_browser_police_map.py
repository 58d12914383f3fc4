"""In Chromium: the command map draws the police circle (every grid coloured by its minutes, the gaps highlighted) and
the police stations and rooms, suggests places for new rooms, and the dashboard shows the coverage card and its list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_command_map_draws_the_reach_and_the_posts_and_the_dashboard_shows_the_coverage(town, police, open_page):
    page = open_page(town.people.leader.username)
    page.goto(page.url_of("/command/"))
    page.wait_for_selector("#map[data-police-posts]", state="attached")
    assert page.locator("#map").get_attribute("data-police-posts") == "4"  # the two stations and the two rooms
    page.check("#show-reach")
    page.wait_for_selector("#map[data-reach-grids]", state="attached")
    assert page.locator("#map").get_attribute("data-reach-grids") == "16"
    assert page.locator("#map").get_attribute("data-reach-gaps") == "15"  # only the station's own grid within 5 min
    assert page.locator("#reach-legend li").count() == 4  # ≤ 1, ≤ 3, ≤ 5 minutes and the gap
    assert page.locator("#reach-gaps li").count() == 4  # every village below the target share
    page.fill("#reach-minutes", "2,4")
    page.click("#reach-form button")
    expect(page.locator("#reach-legend li")).to_have_count(3)  # ≤ 2, ≤ 4 minutes and the gap
    page.fill("#reach-minutes", "5,60")  # planning places rooms for the longest time asked
    page.fill("#plan-rooms", "2")
    page.click("#plan-form button")
    page.wait_for_selector("#map[data-planned]", state="attached")
    assert page.locator("#plan-result li").count() == 2
    assert "6.3% → 18.8%" in page.locator("#plan-result p").inner_text()
    assert page.locator("#plan-result table.plan-townships tbody tr").count() == 2  # each township says why
    assert page.locator('#plan-result tr[data-reason="suggested"]').count() >= 1
    shot(page, "police-circle-map")

    page.goto(page.url_of("/command/dashboard/?area=110101&from=2026-11-01&to=2026-11-30"))
    card = page.locator('[data-kpi="police_circle_share"]')
    assert "100 / 1600" in card.inner_text()
    assert page.locator("#table-police_coverage tbody tr").count() == 4
