"""The grid worker's phone pages: each task says what is asked and by when, tasks come before the grid map, and a
task opens the phone's case page with the action the worker may take."""

from __future__ import annotations

import pytest

from gridgov.cases.actions import take_action

pytestmark = pytest.mark.django_db


def back_for_check(town, report):
    case = report().case
    take_action(town.people.town_dispatcher, case.pk, "register")
    take_action(town.people.town_dispatcher, case.pk, "dispatch", fields={"unit": town.units.urban.pk})
    take_action(town.people.urban_handler, case.pk, "accept")
    return take_action(town.people.urban_handler, case.pk, "submit_feedback", note="已清运")


def test_a_task_says_what_is_asked_and_by_when_before_the_map(town, report, client):
    case = back_for_check(town, report)
    client.force_login(town.people.worker)
    html = client.get("/field/").content.decode()
    assert html.index('id="tasks"') < html.index('id="grid-map"')
    task = html[html.index('id="tasks"'):html.index('id="grid-map"')]
    assert f'href="/field/cases/{case.pk}/"' in task and "现场核查办理结果" in task
    assert f'datetime="{case.check_due.isoformat()}"' in task


def test_the_phone_case_page_offers_the_check_as_two_buttons(town, report, client):
    case = back_for_check(town, report)
    client.force_login(town.people.worker)
    html = client.get(f"/field/cases/{case.pk}/").content.decode()
    assert 'data-action="check"' in html and html.count('name="passed"') == 2
    assert f'name="next" value="/field/cases/{case.pk}/"' in html
    assert 'class="top compact"' in html  # the compact header


def test_the_phone_case_page_is_not_shown_outside_the_workers_jurisdiction(town, report, client):
    case = back_for_check(town, report)
    client.force_login(town.people.worker2)
    assert client.get(f"/field/cases/{case.pk}/").status_code == 404
