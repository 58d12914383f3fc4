"""In the browser: a district dispatcher draws a scenario's area with mouse clicks on the map and places a first-aid
point whose label holds markup; the scenario is saved with the drawn area, its page draws it, and the label shows
as text in the point's tooltip."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LABEL = "<b>急救</b><img src=x>"


def test_a_commander_draws_the_area_and_a_point_and_sees_them_on_the_scenario_page(town, open_page):
    from gridgov.emergencies.models import Scenario

    page = open_page(town.people.dispatcher.username)
    page.goto(page.url_of("/emergencies/scenarios/new"))
    page.wait_for_selector("#scenario-map path", state="attached")  # the district's outline, fitted
    page.wait_for_timeout(400)  # the fitting animation
    page.locator("#scenario-map").evaluate("el => el.scrollIntoView({block: 'center'})")
    box = page.locator("#scenario-map").bounding_box()  # in the viewport: the mouse clicks there

    def at(fx: float, fy: float) -> tuple[float, float]:
        return box["x"] + box["width"] * fx, box["y"] + box["height"] * fy

    page.click(".leaflet-pm-icon-polygon")
    corners = [at(0.42, 0.38), at(0.58, 0.38), at(0.58, 0.6), at(0.42, 0.6)]
    for x, y in corners:
        page.mouse.click(x, y)
    page.mouse.click(*corners[0])  # back on the first corner closes the area
    page.select_option("#draw-layer", "first_aid_points")
    page.fill("#draw-label", LABEL)
    page.click(".leaflet-pm-icon-circle-marker")
    page.mouse.move(*at(0.5, 0.7))
    page.mouse.click(*at(0.5, 0.72))  # a first-aid point beside the area
    page.wait_for_selector("#drawn-list li")
    page.fill("input[name=name]", "广场活动")
    started = timezone.localtime() - timedelta(hours=1)  # in force now, so the command map draws it too
    page.fill("input[name=starts_at]", f"{started:%Y-%m-%dT%H:%M}")
    shot(page, "scenario-draw-1-drawn")
    page.click("#scenario-form button[type=submit]")
    page.wait_for_url("**/emergencies/scenarios/*/")

    s = Scenario.objects.get()
    assert s.starts_at == started.replace(second=0, microsecond=0)
    assert s.boundary["type"] == "Polygon" and len(s.boundary["coordinates"][0]) == 5
    assert s.area_code == "110101"  # across the four townships' corner: the district holds it
    assert [f["properties"] for f in s.features["features"]] == [{"layer": "first_aid_points", "label": LABEL}]
    page.wait_for_selector("#scenario-map path.leaflet-interactive", state="attached")  # the stored area, drawn
    tip = page.locator("#scenario-map .leaflet-tooltip")
    tip.first.wait_for()
    assert tip.first.text_content() == LABEL  # the markup as text
    assert page.locator("#scenario-map .leaflet-tooltip b, #scenario-map .leaflet-tooltip img").count() == 0
    shot(page, "scenario-draw-2-saved")
    page.goto(page.url_of("/command/"))
    page.wait_for_selector(".leaflet-tooltip.drawn-label", state="attached")
    assert page.locator(".leaflet-tooltip.drawn-label").first.text_content() == LABEL
