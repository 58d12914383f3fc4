"""One write path: the back office cannot change what the timeline and the KPIs read, what it may change is audited,
and the overdue scan changes cases only through an action declared in rules.py."""

from datetime import timedelta
from decimal import Decimal

import pytest

from gridgov.audit.models import AuditEvent
from gridgov.cases.actions import Forbidden, take_action
from gridgov.cases.models import Case, Category, TimelineEntry
from gridgov.cases.rules import RULES, SYSTEM
from gridgov.cases.scan import scan
from gridgov.org import tokens
from gridgov.org.models import ApiToken

from .conftest import POINT, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_office(client, django_user_model, town):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "a-long-password-1")
    client.force_login(admin)
    return client


def test_the_case_admin_page_shows_a_case_but_cannot_save_it(back_office, report):
    case = report().case
    url = f"/admin/cases/case/{case.pk}/change/"
    page = back_office.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert back_office.post(url, {"description": "changed"}).status_code == 403
    after = Case.objects.get(pk=case.pk)
    assert (after.description, after.updated_at) == (case.description, case.updated_at)


def test_revoking_an_api_token_is_audited_without_its_digest(back_office, town):
    _, token = tokens.issue(town.people.worker)
    r = back_office.post(f"/admin/org/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not ApiToken.objects.exists()
    event = AuditEvent.objects.get(verb="token.revoke", object_type="org.ApiToken")
    assert event.changes["reason"] == "revoked_by_security_admin" and event.changes["holder"] == str(
        town.people.worker.pk)
    assert "digest" not in event.changes and token.digest not in str(event.changes)
    assert back_office.post(f"/admin/org/apitoken/{token.pk}/change/", {}).status_code in (403, 302)


def test_what_the_kpis_read_from_the_timeline_is_read_only_in_the_back_office(back_office, town):
    from gridgov.disputes.actions import record_dispute
    from gridgov.petitions.actions import record_petition

    d = record_dispute(town.people.worker, dispute_type="neighbourhood", found_by="screening", description="宅基地",
                       lon=POINT[0], lat=POINT[1], parties=[{"name": "张三"}], amount=Decimal("10")).case
    back_office.post(f"/admin/disputes/dispute/{d.pk}/change/", {
        "dispute_type": "labour", "found_by": "visit", "risk": "high", "people_involved": 3, "amount": "10"})
    d.dispute.refresh_from_db()
    assert (d.dispute.dispute_type, d.dispute.found_by, d.dispute.risk) == ("neighbourhood", "screening", "high")

    first = record_petition(town.people.intake, category="1502", request="欠薪", lon=POINT[0], lat=POINT[1],
                            channel="visit", petitioners=[{"name": "李四", "phone": "13900001111"}]).case
    again = record_petition(town.people.intake, category="1502", request="欠薪", lon=POINT[0], lat=POINT[1],
                            channel="visit", petitioners=[{"name": "李四", "phone": "13900001111"}]).case
    assert again.petition.repeat_of == first
    r = back_office.post(f"/admin/petitions/petition/{again.pk}/change/", {"repeat_of": "", "channel": "letter",
                                                                            "people": 9})
    assert r.status_code == 302, r.content.decode()[:2000]  # saved: what may change, changed (audited)
    again.petition.refresh_from_db()
    assert (again.petition.repeat_of, again.petition.channel, again.petition.people) == (first, "visit", 1)


def test_a_category_code_is_fixed_once_a_case_uses_it(back_office, report, town):
    unused = Category.objects.filter(parent__isnull=False).exclude(code="0102").first()
    report()  # uses 0102
    used = Category.objects.get(code="0102")
    for cat in (used, unused):
        page = back_office.get(f"/admin/cases/category/{cat.pk}/change/").content.decode()
        assert ('name="code"' in page) == (cat is unused)


def test_the_overdue_scan_takes_the_systems_declared_action(town, report):
    assert RULES["overdue"].roles == {SYSTEM}
    case = report().case
    p = town.people
    take_action(p.dispatcher, case.pk, "register", now=at(2026, 11, 23, 9, 5))
    take_action(p.dispatcher, case.pk, "dispatch", now=at(2026, 11, 23, 9, 6))
    for person in (p.dispatcher, p.admin):  # not a person's action, not even an administrator's
        with pytest.raises(Forbidden):
            take_action(person, case.pk, "overdue", fields={"due": "handle_due"}, now=at(2026, 12, 31, 9, 0))
    case.refresh_from_db()
    result = scan(now=case.handle_due + timedelta(minutes=1))
    assert result.overdue == 1
    entry = TimelineEntry.objects.get(case=case, action="overdue")
    assert entry.actor is None and entry.actor_label == "system" and "handle_due" in entry.data
    assert scan(now=case.handle_due + timedelta(minutes=2)).overdue == 0  # marked once


def test_people_cannot_send_the_systems_action_over_the_api(client, town, report):
    case = report().case
    token, _ = tokens.issue(town.people.dispatcher)
    r = client.post(f"/api/v1/cases/{case.pk}/actions", {"action": "overdue"}, content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 422 and "action" in r.json()["message"]
