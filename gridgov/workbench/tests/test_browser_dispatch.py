"""The dispatcher's morning in a real headless Chromium: from a filtered desk list to a registered case, dispatched
there to a department found by typing part of its name, without leaving the case page; the page then says who has
the case and by when, and the way back to the list keeps its filters. axe-core finds no WCAG 2 A/AA violation."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from conftest import shot
from gridgov.cases.actions import take_action
from gridgov.cases.models import Case
from gridgov.tests.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def named(unit, name: str):
    unit.name = name
    unit.save()  # through the ORM: the units kept in each process follow
    return unit


def test_a_dispatcher_sends_a_case_to_a_department_typed_by_name_from_the_case_page(town, report, open_page):
    justice = named(town.units.justice, "区司法局")
    named(town.units.urban, "区城市管理局")
    named(town.units.town, "测试镇综治中心")
    dispatcher = town.people.town_dispatcher
    case = report(now=timezone.now()).case
    case = take_action(dispatcher, case.pk, "register")
    urgent = report(now=timezone.now(), urgency="urgent").case  # tags on the list, checked by axe too
    take_action(dispatcher, urgent.pk, "register")
    Case.objects.filter(pk=urgent.pk).update(overdue=True)

    page = open_page(dispatcher.username)
    page.goto(page.url_of("/desk/?view=all&status=registered&category=01"))
    assert violations(page) == []
    page.click(f"#cases a:has-text('{case.number}')")
    page.wait_for_selector("#case")
    case_url = page.url
    assert violations(page) == []

    first = page.locator("#actions details.action").first  # the dispatch form: the first action, open
    assert first.get_attribute("data-action") == "dispatch" and first.get_attribute("open") is not None
    assert first.locator("select[name=unit] option").first.get_attribute("value") == str(case.routed_unit_id)
    assert case.category.name in first.locator(".why-suggested").inner_text()  # suggested first, and why
    first.locator(".unit-filter").fill("司法")
    assert first.locator("select[name=unit]").input_value() == str(justice.pk)
    shot(page, "dispatch-typed")
    first.locator("button[type=submit]").click()
    page.wait_for_selector(".messages .msg-success")

    assert page.url == case_url  # still on the case page
    said = page.locator(".messages .msg-success").inner_text()
    case.refresh_from_db()
    assert case.handling_unit_id == justice.pk and case.status == "dispatched"
    assert "区司法局" in said and timezone.localtime(case.handle_due).strftime("%Y-%m-%d %H:%M") in said
    assert violations(page) == []

    page.click("#back-to-list")
    page.wait_for_selector("#cases")
    kept = parse_qs(urlparse(page.url).query)
    assert kept == {"view": ["all"], "status": ["registered"], "category": ["01"]}
    assert page.locator("select[name=category]").input_value() == "01"
