"""The dispatcher's desk day to day: the category filter lists the catalogue by class, the list's filters survive a
trip through a case page and an action, the unit picker groups the units by level with the suggestion first and
why, and the page says after an action who has the case now and by when (Beijing time)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from gridgov.cases.actions import take_action
from gridgov.cases.models import Case, Category
from gridgov.cases.routing import dispatch_targets
from gridgov.workbench import picker
from gridgov.workbench.nextstep import next_step
from gridgov.workbench.views import list_query

pytestmark = pytest.mark.django_db


def category_options(html: str) -> list[str]:
    select = re.search(r'<select name="category".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\w+)"', select)


@pytest.mark.parametrize("who", ["town_dispatcher", "dispatcher"])
def test_the_category_filter_lists_the_catalogues_classes_and_their_subclasses(town, client, who):
    client.force_login(getattr(town.people, who))
    html = client.get("/desk/").content.decode()
    classes = Category.objects.filter(parent=None).order_by("code")
    assert set(category_options(html)) == {c.code for c in Category.objects.all()}
    first = classes[0]
    assert f'<optgroup label="{first.code} {first.name}">' in html  # the subclasses grouped under their class


def test_filtering_by_a_class_shows_the_cases_of_its_subclasses(town, report, client):
    report(category="0102")
    client.force_login(town.people.town_dispatcher)
    listed = client.get("/desk/", {"view": "all", "category": "01"}).content.decode()
    other = client.get("/desk/", {"view": "all", "category": "02"}).content.decode()
    number = Case.objects.get().number
    assert number in listed and number not in other
    assert '<option value="01" selected>' in listed


def test_the_case_page_leads_back_to_the_list_with_its_filters(town, report, client):
    case = report().case
    client.force_login(town.people.town_dispatcher)
    listed = client.get("/desk/", {"view": "all", "status": "reported", "category": "01"}).content.decode()
    link = re.search(rf'href="(/desk/cases/{case.pk}/[^"]*)"', listed).group(1).replace("&amp;", "&")
    page = client.get(link).content.decode()
    back = re.search(r'href="([^"]*)" id="back-to-list"', page)
    assert back and back.group(1).replace("&amp;", "&") == "/desk/?view=all&status=reported&category=01"


def test_the_list_keeps_only_its_own_filters(town):
    assert list_query("view=all&next=https://evil.example&q=%E5%9E%83") == "view=all&q=%E5%9E%83"
    assert list_query("") == ""


def test_an_action_on_the_case_page_says_who_has_the_case_and_by_when_and_stays_there(town, report, client):
    case = take_action(town.people.town_dispatcher, report().case.pk, "register")
    client.force_login(town.people.town_dispatcher)
    here = f"/desk/cases/{case.pk}/?back=view%3Dall"
    answer = client.post(f"/desk/cases/{case.pk}/act", {"action": "dispatch", "unit": town.units.urban.pk,
                                                        "next": here}, follow=True)
    assert answer.redirect_chain[-1][0] == here
    case.refresh_from_db()
    shown = timezone.localtime(case.handle_due).strftime("%Y-%m-%d %H:%M")
    said = re.search(r'<p class="msg-success">(.*?)</p>', answer.content.decode(), re.S).group(1)
    assert town.units.urban.name in said and shown in said


def test_the_next_step_is_said_in_beijing_time(town, report):
    from django.utils import translation

    case = take_action(town.people.town_dispatcher, report().case.pk, "register")
    case = take_action(town.people.town_dispatcher, case.pk, "dispatch", fields={"unit": town.units.urban.pk})
    with translation.override("en"):
        said = next_step(Case.objects.select_related("handling_unit").get(pk=case.pk))
    local = case.handle_due.astimezone(timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M")
    assert said == f"Next: {town.units.urban.name} accepts it and handles it, by {local} (Beijing time)."


def test_the_unit_picker_groups_by_level_with_the_suggestion_first_and_why(town, report):
    case = take_action(town.people.town_dispatcher, report().case.pk, "register")
    p = picker.for_case(case, dispatch_targets(case))
    assert p.suggested.pk == case.routed_unit_id and case.category.name in p.reason
    levels = [[u.area.level for u in g.units] for g in p.groups]
    assert [g[0] for g in levels] == sorted((g[0] for g in levels), reverse=True)  # village, township, district
    assert all(len(set(g)) == 1 for g in levels)
    listed = [u.pk for g in p.groups for u in g.units]
    assert case.routed_unit_id not in listed and town.units.justice.pk in listed


def test_the_bulk_form_and_the_case_page_use_the_same_grouped_picker(town, report, client):
    case = take_action(town.people.town_dispatcher, report().case.pk, "register")
    client.force_login(town.people.town_dispatcher)
    for html in (client.get("/desk/").content.decode(), client.get(f"/desk/cases/{case.pk}/").content.decode()):
        picked = re.search(r'<div class="unit-picker".*?</select>', html, re.S).group(0)
        assert picked.count("<optgroup") >= 3 and f'value="{town.units.justice.pk}"' in picked


def test_a_department_sees_no_dashboard_link_and_a_grid_worker_no_link_above_its_grid(town, client):
    client.force_login(town.people.urban_handler)
    assert 'href="/command/dashboard/"' not in client.get("/desk/").content.decode()
    client.force_login(town.people.worker)
    assert 'href="/command/dashboard/"' in client.get("/field/").content.decode()
    dashboard = client.get("/command/dashboard/").content.decode()
    crumbs = re.search(r'<nav class="crumbs">(.*?)</nav>', dashboard, re.S).group(1)
    for code in re.findall(r"area=(\d+)", crumbs):
        assert client.get("/command/dashboard/", {"area": code}).status_code == 200
    assert town.people.worker.staff.area.code in crumbs


def test_the_citizen_form_says_why_name_and_phone_are_asked_and_the_phone_is_optional(client):
    html = client.get("/report/").content.decode()
    assert 'id="privacy"' in html and "系统不会自动删除" in html and "您的电话（选填）" in html
