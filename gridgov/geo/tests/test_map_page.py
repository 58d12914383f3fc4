"""The grid map in a real headless Chromium: log in, see the district, switch levels, click a grid."""

import pytest

from conftest import shot, small_grid_features

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_shows_the_grid_levels_and_the_people_of_a_clicked_grid(open_page, make_staff):
    from gridgov.geo.actions import import_areas

    import_areas(small_grid_features(), "wgs84")
    make_staff("grid_leader", "110101001201", username="leader")
    make_staff("grid_worker", "110101001201001001")
    make_staff("police_liaison", "110101001201")

    page = open_page("leader")
    page.goto(page.url_of("/map/"))
    page.wait_for_selector("#map[data-loaded-count]", state="attached")
    assert page.locator("#map").get_attribute("data-loaded-count") == "2"  # level 4 under the village: 2 grids
    assert "登录" not in page.title()

    page.select_option("#level", "5")
    page.wait_for_selector("#map[data-loaded-level='5']", state="attached")
    assert page.locator("#map").get_attribute("data-loaded-count") == "4"
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)  # north-west grid
    page.wait_for_selector("#info-people li")
    people = page.locator("#info-people").inner_text()
    assert "网格员" in people and "驻村" in people
    shot(page, "map-page")
