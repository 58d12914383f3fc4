"""The intake desk in a real headless Chromium: a hotline call placed by searching the village's name, recorded,
and the earlier report of the same problem offered for merging; then the public report page from a grid card."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import shot
from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import LEAF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_places_a_call_by_name_and_is_offered_the_duplicate(town, report, open_page):
    spot = town.areas[LEAF].shape.representative_point()  # where the place search puts "微网格001"
    earlier = report(who=town.people.intake, channel="hotline", point=(spot.x, spot.y), now=timezone.now()).case
    page = open_page(town.people.intake.username)
    page.goto(page.url_of("/desk/intake/"))
    page.wait_for_selector("#pick-map[data-ready]", state="attached")
    page.select_option("select[name=channel]", "petition_window")
    page.select_option("select[name=category]", "0102")
    page.fill("textarea[name=description]", "来访反映：村口垃圾堆放多日")
    page.fill("#place", "微网格001")  # the first match is LEAF (matches come by level, then code)
    page.click("#places button >> nth=0")
    page.wait_for_function("() => document.getElementById('lon').value !== ''")
    page.click("#intake-form button[type=submit]")
    page.wait_for_selector(".messages .msg-success")
    case = Case.objects.exclude(pk=earlier.pk).get()
    assert (case.channel, case.area_code) == ("petition_window", LEAF)
    assert page.locator(f".duplicates a:has-text('{earlier.number}')").count() == 1
    shot(page, "intake-recorded")


def test_a_citizen_reports_from_the_grid_card_link_by_tapping_the_map(town, open_page):
    page = open_page(phone=True)
    page.goto(page.url_of(f"/report/?grid={LEAF}"))
    page.wait_for_selector("#report-map[data-ready]", state="attached")
    page.select_option("select[name=category]", "0102")
    page.fill("textarea[name=description]", "路灯坏了")
    box = page.locator("#report-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the middle of the grid
    page.click("#public-report button[type=submit]")
    page.wait_for_selector("#progress")
    case = Case.objects.get()
    assert (case.area_code, case.channel) == (LEAF, "public_web")
    assert page.locator("#code").inner_text() == case.tracking_code
    shot(page, "citizen-report-tracking")
