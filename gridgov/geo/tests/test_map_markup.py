"""Names on the map are text: an area renamed to markup shows that markup as characters in its tooltip and the
side panel, and nothing in it runs (a renamed area once ran script in a dispatcher's browser)."""

import pytest

from conftest import small_grid_features

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EVIL = "<img src=x onerror=window.__pwned=1>"


@pytest.mark.parametrize("path", ["/map/", "/command/"])
def test_an_area_named_like_markup_shows_as_text_and_runs_nothing(open_page, make_staff, path):
    from gridgov.geo.actions import import_areas
    from gridgov.geo.models import Area

    import_areas(small_grid_features(), "wgs84")
    Area.objects.filter(code__in=["110101001201001", "110101001201002"]).update(name=EVIL)
    make_staff("grid_leader", "110101001201", username="leader")

    page = open_page("leader")
    page.goto(page.url_of(path))
    page.wait_for_selector("#map[data-loaded-count]", state="attached")
    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    page.mouse.move(box["x"] + box["width"] * 0.31, box["y"] + box["height"] * 0.5)
    tooltip = page.wait_for_selector(".leaflet-tooltip")
    assert tooltip.text_content().startswith(EVIL)
    page.mouse.click(box["x"] + box["width"] * 0.31, box["y"] + box["height"] * 0.5)
    page.wait_for_selector("#info:not([hidden])")
    assert page.locator("#info-name").text_content() == EVIL
    assert page.locator("#map img, #info img").count() == 0
    assert page.evaluate("window.__pwned") is None
