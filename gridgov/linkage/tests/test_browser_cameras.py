"""The command map's camera layer in a real Chromium: the cameras of the reader's jurisdiction clustered on the map,
a clicked grid's cameras listed (names as text), the grids without a camera counted."""

from __future__ import annotations

import pytest

from conftest import shot
from gridgov.cases.tests.conftest import LEAF, OTHER_POINT, POINT
from gridgov.linkage.cameras import import_cameras

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
GOOD = "1101010000132100000"


def test_the_command_map_shows_the_cameras_as_a_clustered_layer_and_lists_a_grids_cameras(town, open_page):
    rows = [f"{GOOD}1,<b>村口</b>路口,{POINT[0]},{POINT[1]},wgs84,traffic",
            f"{GOOD}2,村口东,{POINT[0] + 0.001},{POINT[1]},wgs84,public_video",
            f"{GOOD}3,东镇学校,{OTHER_POINT[0]},{OTHER_POINT[1]},wgs84,school"]
    assert not import_cameras("device_id,name,lon,lat,crs,kind\n" + "\n".join(rows)).problems
    page = open_page(town.people.town_dispatcher.username)  # township 001: two of the three cameras
    page.goto(page.url_of("/command/"))
    page.wait_for_selector("#map[data-cameras-loaded]", state="attached")
    assert page.locator("#camera-count").inner_text() == "2"
    assert page.locator("#camera-gap-count").inner_text() == "7 / 8"
    page.check("#show-cameras")
    assert page.evaluate("window.gridgovMap.hasLayer(window.gridgovCameras)")
    assert page.evaluate("window.gridgovCameras.getLayers().length") == 2
    page.wait_for_selector(".marker-cluster")  # the two close cameras drawn as one cluster
    page.evaluate(f"""document.getElementById("map").dispatchEvent(
        new CustomEvent("area", {{detail: {{code: "{LEAF}", name: "网格", level: 5}}}}))""")
    page.wait_for_selector("#info-cameras li", state="attached")
    assert "<b>村口</b>路口" in page.locator("#info-cameras").text_content()
    assert page.locator("#info-cameras b").count() == 0
    shot(page, "command-map-cameras")
