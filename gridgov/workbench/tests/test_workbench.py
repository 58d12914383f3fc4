"""The workbench: inboxes per role, actions from the case page, intake of calls, exports, scoping."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gridgov.cases.actions import take_action
from gridgov.cases.models import Case
from gridgov.cases.tests.conftest import OTHER_POINT, POINT, at

pytestmark = pytest.mark.django_db


def inbox_numbers(client, user, **params) -> list[str]:
    client.force_login(user)
    html = client.get("/desk/", params).content.decode()
    return [c.number for c in Case.objects.all() if c.number in html]


def test_each_role_finds_in_its_inbox_what_waits_for_it(town, report, client):
    p = town.people
    c = report(who=p.intake, channel="hotline").case  # a call: nobody has verified it on site
    assert inbox_numbers(client, p.intake) == [c.number]
    assert inbox_numbers(client, p.worker) == [c.number]  # to verify on site, in the worker's grid
    assert inbox_numbers(client, p.worker2) == []  # another village
    assert inbox_numbers(client, p.urban_handler) == []
    take_action(p.dispatcher, c.pk, "register")
    take_action(p.dispatcher, c.pk, "dispatch", fields={"unit": town.units.urban.pk})
    assert inbox_numbers(client, p.urban_handler) == [c.number]
    assert inbox_numbers(client, p.intake) == []
    assert inbox_numbers(client, p.urban_handler, view="all") == [c.number]


def test_overdue_cases_come_first_in_the_inbox(town, report, client):
    first = report(now=at(2026, 11, 23, 9, 0)).case
    second = report(now=at(2026, 11, 23, 9, 5), point=(POINT[0] + 0.01, POINT[1])).case
    Case.objects.filter(pk=second.pk).update(overdue=True)
    client.force_login(town.people.intake)
    html = client.get("/desk/").content.decode()
    assert html.index(second.number) < html.index(first.number)


def test_a_refused_action_on_the_case_page_explains_and_changes_nothing(town, report, client):
    c = report().case
    client.force_login(town.people.worker2)
    assert client.post(f"/desk/cases/{c.pk}/act", {"action": "comment", "note": "x"}).status_code == 404  # elsewhere
    client.force_login(town.people.town_dispatcher)
    response = client.post(f"/desk/cases/{c.pk}/act", {"action": "close"}, follow=True)
    assert "案件当前“已上报”，不能“结案”" in response.content.decode()  # the reason, in the user's language
    client.cookies["django_language"] = "en"
    response = client.post(f"/desk/cases/{c.pk}/act", {"action": "close"}, follow=True)
    assert "“Close” is not possible while the case is reported" in response.content.decode()
    response = client.post(f"/desk/cases/{c.pk}/act", {"action": "void", "note": ""}, follow=True)
    assert "msg-error" in response.content.decode()
    response = client.post(f"/desk/cases/{c.pk}/act", {"action": "check", "passed": "maybe"}, follow=True)
    assert "msg-error" in response.content.decode()
    c.refresh_from_db()
    assert c.status == "reported" and c.timeline.count() == 1


def test_the_case_page_offers_only_the_actions_the_user_may_take(town, report, client):
    c = report().case
    client.force_login(town.people.town_dispatcher)
    html = client.get(f"/desk/cases/{c.pk}/").content.decode()
    assert 'data-action="register"' in html and 'data-action="close"' not in html
    client.force_login(town.people.leader)
    html = client.get(f"/desk/cases/{c.pk}/").content.decode()
    assert 'data-action="register"' not in html and 'data-action="supervise"' in html


def test_intake_records_a_call_and_offers_the_duplicate_nearby(town, report, client):
    earlier = report(who=town.people.intake, channel="hotline", now=timezone.now()).case  # the page takes the clock
    client.force_login(town.people.intake)
    response = client.post("/desk/intake/", {
        "channel": "hotline", "category": "0102", "urgency": "normal", "description": "楼下垃圾没人清",
        "citizen_name": "王小明", "citizen_phone": "13812345678", "lon": POINT[0] + 0.0001, "lat": POINT[1],
        "idempotency_key": "intake-test-0001"}, follow=True)
    case = Case.objects.get(idempotency_key="intake-test-0001")
    html = response.content.decode()
    assert case.channel == "hotline" and case.citizen_phone == "13812345678"
    assert "138****5678" in html and "13812345678" not in html  # masked on the page
    assert earlier.number in html and 'name="into"' in html  # offered for merging


def test_intake_with_a_missing_location_says_why_and_records_nothing(town, client):
    client.force_login(town.people.intake)
    response = client.post("/desk/intake/", {"channel": "hotline", "category": "0102", "description": "x"})
    assert response.status_code == 200 and "msg-error" in response.content.decode()
    assert Case.objects.count() == 0


def test_bulk_dispatch_sends_the_selected_cases_and_reports_the_refused(town, report, client):
    a = report().case
    b = report(point=(POINT[0] + 0.01, POINT[1])).case
    take_action(town.people.dispatcher, a.pk, "register")
    client.force_login(town.people.dispatcher)
    response = client.post("/desk/dispatch", {"case": [a.pk, b.pk], "unit": town.units.urban.pk}, follow=True)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.handling_unit_id) == ("dispatched", town.units.urban.pk)
    assert b.status == "reported" and "msg-error" in response.content.decode()


def test_case_exports_are_scoped_and_open_in_a_spreadsheet(town, report, client):
    mine = report().case
    theirs = report(point=OTHER_POINT, who=town.people.intake, channel="hotline").case
    client.force_login(town.people.town_dispatcher)  # township 001 only
    rows = list(csv.reader(io.StringIO(client.get("/desk/cases.csv", {"view": "all"}).content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [mine.number]
    book = load_workbook(io.BytesIO(client.get("/desk/cases.xlsx", {"view": "all"}).content))
    numbers = [r[0] for r in book.active.iter_rows(min_row=2, values_only=True)]
    assert numbers == [mine.number] and theirs.number not in numbers
    client.force_login(town.people.dispatcher)  # the district sees both
    rows = list(csv.reader(io.StringIO(client.get("/desk/cases.csv", {"view": "all"}).content.decode("utf-8-sig"))))
    assert {r[0] for r in rows[1:]} == {mine.number, theirs.number}
    assert client.get("/desk/cases.pdf").status_code == 404


def test_a_case_outside_the_jurisdiction_is_not_found(town, report, client):
    c = report().case
    client.force_login(town.people.worker2)
    assert client.get(f"/desk/cases/{c.pk}/").status_code == 404


def test_a_refused_action_keeps_no_uploaded_photo(town, report, client, settings, tmp_path):
    import io as _io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    c = report().case
    photo = _io.BytesIO()
    Image.new("RGB", (10, 10)).save(photo, "PNG")
    photo.seek(0)
    photo.name = "x.png"
    client.force_login(town.people.town_dispatcher)
    client.post(f"/desk/cases/{c.pk}/act", {"action": "close", "photos": [photo]})  # refused: still reported
    assert c.attachments.count() == 0 and not any(p.is_file() for p in tmp_path.rglob("*"))
    response = client.post("/desk/dispatch", {"case": [c.pk], "unit": "urban"}, follow=True)
    assert response.status_code == 200 and "msg-error" in response.content.decode()
