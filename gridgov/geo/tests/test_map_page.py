"""The grid map in a real headless Chromium: log in, see the district, switch levels, click a grid."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import small_grid_features

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: ./dev test installs the Debian package 'chromium'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield b
        b.close()


def test_map_shows_the_grid_levels_and_the_people_of_a_clicked_grid(live_server, browser, make_staff):
    from gridgov.geo.actions import import_areas

    import_areas(small_grid_features(), "wgs84")
    make_staff("grid_leader", "110101001201", username="leader", password="a-long-password-1")
    make_staff("grid_worker", "110101001201001001")
    make_staff("police_liaison", "110101001201")

    page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    errors, foreign = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    host = urlparse(live_server.url).netloc
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).netloc not in (host, "") else None)

    page.goto(live_server.url + "/map/")
    page.fill("input[name=username]", "leader")
    page.fill("input[name=password]", "a-long-password-1")
    page.click("button[type=submit]")
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
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-page.png"))
    assert errors == [] and foreign == []
