"""The grid worker's day on a 390×844 phone in a real headless Chromium: a report's confirmation (case number,
tracking code, link) at the top of the page; a task before the grid map, opened as a phone-shaped case page whose
check is done without scrolling. axe-core finds no WCAG 2 A/AA violation on these pages."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import shot
from gridgov.cases.actions import take_action
from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import POINT
from gridgov.tests.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEIGHT = 844


def in_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return page.evaluate("window.scrollY") == 0 and box is not None and box["y"] + box["height"] <= HEIGHT


def test_a_report_is_confirmed_at_the_top_with_the_code_for_the_resident(town, open_page):
    phone = open_page(town.people.worker.username, phone=True,
                      geolocation={"longitude": POINT[0], "latitude": POINT[1]}, permissions=["geolocation"])
    phone.goto(phone.url_of("/field/report/"))
    assert violations(phone) == []
    phone.select_option("select[name=category]", "0102")
    phone.fill("textarea[name=description]", "楼道堆放杂物")
    phone.click("#gps")
    phone.wait_for_function("() => document.getElementById('point').textContent.includes(',')")
    phone.click("#field-report button[type=submit]")
    phone.wait_for_selector("#result[data-number]", state="attached", timeout=20000)
    case = Case.objects.get()
    assert in_first_screen(phone, "#result")
    assert phone.locator("#result .number").inner_text() == case.number
    assert phone.locator("#result .code").inner_text() == case.tracking_code
    assert phone.locator("#result a.open-case").get_attribute("href") == f"/field/cases/{case.pk}/"
    shot(phone, "phone-report-confirmed")
    assert violations(phone) == []


def test_a_task_comes_before_the_map_and_opens_a_phone_page_to_check_it(town, report, open_page):
    case = report(now=timezone.now()).case  # handled by the district's urban management, back for the check
    take_action(town.people.town_dispatcher, case.pk, "register")
    take_action(town.people.town_dispatcher, case.pk, "dispatch", fields={"unit": town.units.urban.pk})
    take_action(town.people.urban_handler, case.pk, "accept")
    take_action(town.people.urban_handler, case.pk, "submit_feedback", note="已清运")

    phone = open_page(town.people.worker.username, phone=True)
    phone.goto(phone.url_of("/field/"))
    task = "#tasks li[data-status=feedback] a"
    assert in_first_screen(phone, task)
    assert phone.locator("#tasks").bounding_box()["y"] < phone.locator("#grid-map").bounding_box()["y"]
    assert "核查" in phone.locator(task).inner_text() and "截止" in phone.locator(task).inner_text()
    assert phone.locator("header.top").bounding_box()["height"] < HEIGHT / 10  # the compact header
    shot(phone, "phone-tasks")
    assert violations(phone) == []

    phone.click(task)
    phone.wait_for_selector("#field-case")
    assert phone.url.endswith(f"/field/cases/{case.pk}/")
    passed = "form[data-action=check] button[name=passed][value='1']"
    assert in_first_screen(phone, passed)
    assert phone.locator(passed).bounding_box()["height"] >= 44  # big enough for a thumb
    assert violations(phone) == []
    shot(phone, "phone-task-check")
    phone.click(passed)
    phone.wait_for_selector(".messages .msg-success")
    assert phone.url.endswith(f"/field/cases/{case.pk}/")
    case.refresh_from_db()
    assert case.status == "checked"
