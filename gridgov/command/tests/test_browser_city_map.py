"""The city's command map in a real headless Chromium: the city leader sees the city with its counties' outlines."""

import pytest

from conftest import shot
from gridgov.cases.tests import cities

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
city = cities.city  # the fixture


def test_the_city_leader_sees_the_city_with_its_county_outlines(city, open_page):
    page = open_page(city.people.city_leader.username)
    page.goto(page.url_of("/command/"))
    page.wait_for_selector("#map[data-loaded-count]", state="attached")
    assert page.locator("#map").get_attribute("data-top") == "110100"
    assert page.locator("#map").get_attribute("data-loaded-level") == "1"  # the counties, under the city's outline
    assert page.locator("#map").get_attribute("data-loaded-count") == "2"
    assert page.locator("#level option:checked").inner_text().startswith("1")
    shot(page, "city-map")
