"""A volunteer's approved hours become points and a redemption spends them; hours count in half-hour steps up to
the activity's cap; the threshold and the balance cap hold; the ledger cannot be changed or deleted."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from gridgov.audit.models import AuditEvent
from gridgov.cases.tests.conftest import POINT
from gridgov.volunteers import actions
from gridgov.volunteers.actions import VolunteerError
from gridgov.volunteers.ledger import balance_of
from gridgov.volunteers.models import Attendance, LedgerEntry, LedgerIsAppendOnly

pytestmark = pytest.mark.django_db


def attend(vol, minutes_in: int, minutes_out: int, member=None):
    """Sign the volunteer in and out of the morning patrol at these minutes after its start."""
    login = (member or vol.member).user
    actions.sign_in(login, vol.patrol.pk, lon=POINT[0], lat=POINT[1], now=vol.start + timedelta(minutes=minutes_in))
    return actions.sign_out(login, vol.patrol.pk, lon=POINT[0], lat=POINT[1],
                            now=vol.start + timedelta(minutes=minutes_out))


def test_approved_hours_become_points_and_a_redemption_spends_them(vol, station_officer, town):
    vol.rules.redemption_threshold = Decimal("1")
    vol.rules.save()
    attendance = attend(vol, 0, 90)
    assert attendance.hours == Decimal("1.5")
    assert balance_of(vol.member) == 0  # not before the leader approves
    actions.decide_attendance(station_officer, attendance.pk, approve=True)
    assert balance_of(vol.member) == Decimal("1.5")
    entry = LedgerEntry.objects.get(attendance=attendance)
    assert (entry.kind, entry.points, entry.balance) == ("hours", Decimal("1.5"), Decimal("1.5"))

    vol.service.points = Decimal("1")
    vol.service.save()
    spent = actions.redeem(town.people.town_dispatcher, vol.member.pk, vol.service.pk)
    assert (spent.points, spent.balance) == (Decimal("-1"), Decimal("0.5"))
    assert balance_of(vol.member) == Decimal("0.5")
    assert AuditEvent.objects.filter(verb__in=["volunteers.approve", "volunteers.redeem"]).count() == 2


@pytest.mark.parametrize(("minutes", "hours"), [(29, "0"), (30, "0.5"), (59, "0.5"), (75, "1"), (119, "1.5"),
                                                (120, "2"), (170, "2")])
def test_hours_count_in_half_hour_steps_up_to_the_cap(vol, minutes, hours):
    assert attend(vol, 0, minutes).hours == Decimal(hours)


def test_time_before_the_activity_starts_does_not_count(vol):
    actions.sign_in(vol.login, vol.patrol.pk, lon=POINT[0], lat=POINT[1], now=vol.start - timedelta(minutes=40))
    out = actions.sign_out(vol.login, vol.patrol.pk, lon=POINT[0], lat=POINT[1],
                           now=vol.start + timedelta(minutes=45))
    assert out.hours == Decimal("0.5")


def test_a_redemption_needs_the_threshold_and_enough_points(vol, station_officer, town):
    vol.rules.redemption_threshold = Decimal("10")
    vol.rules.save()
    actions.decide_attendance(station_officer, attend(vol, 0, 120).pk, approve=True)
    with pytest.raises(VolunteerError, match="at least 10") as refused:
        actions.redeem(town.people.town_dispatcher, vol.member.pk, vol.service.pk)
    assert refused.value.status_code == 409
    actions.award_public_points(town.people.town_dispatcher, vol.member.pk, points=Decimal("9"), reason="见义勇为")
    with pytest.raises(VolunteerError, match="costs 20"):
        actions.redeem(town.people.town_dispatcher, vol.member.pk, vol.service.pk)
    assert balance_of(vol.member) == Decimal("11")
    assert not LedgerEntry.objects.filter(kind="redemption").exists()


def test_the_balance_never_passes_its_cap(vol, station_officer, town):
    vol.rules.balance_cap = Decimal("3")
    vol.rules.save()
    actions.award_public_points(town.people.town_dispatcher, vol.member.pk, points=Decimal("2"), reason="上报隐患")
    actions.decide_attendance(station_officer, attend(vol, 0, 120).pk, approve=True)
    entry = LedgerEntry.objects.filter(member=vol.member).order_by("-pk").first()
    assert (entry.points, entry.balance) == (Decimal("1"), Decimal("3"))


def test_the_ledger_cannot_be_changed_or_deleted(vol, town, admin_client):
    entry = actions.award_public_points(town.people.town_dispatcher, vol.resident.pk, points=Decimal("5"),
                                        reason="上报路灯损坏")
    entry.points = Decimal("500")
    with pytest.raises(LedgerIsAppendOnly):
        entry.save()
    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()
    with pytest.raises(LedgerIsAppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).update(points=Decimal("500"))
    with pytest.raises(LedgerIsAppendOnly):
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.get(pk=entry.pk).points == Decimal("5")
    change = f"/admin/volunteers/ledgerentry/{entry.pk}/change/"
    assert admin_client.post(change, {"points": "500"}).status_code == 403
    assert admin_client.post(f"/admin/volunteers/ledgerentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get("/admin/volunteers/ledgerentry/add/").status_code == 403
    assert LedgerEntry.objects.get(pk=entry.pk).points == Decimal("5")


def test_rejected_hours_earn_nothing_and_need_a_reason(vol, station_officer):
    attendance = attend(vol, 0, 120)
    with pytest.raises(VolunteerError, match="say why"):
        actions.decide_attendance(station_officer, attendance.pk, approve=False)
    actions.decide_attendance(station_officer, attendance.pk, approve=False, note="未在岗")
    assert Attendance.objects.get(pk=attendance.pk).status == "rejected"
    assert balance_of(vol.member) == 0
    with pytest.raises(VolunteerError) as again:
        actions.decide_attendance(station_officer, attendance.pk, approve=True)
    assert again.value.status_code == 409


def test_only_the_leading_unit_approves(vol, town):
    attendance = attend(vol, 0, 60)
    with pytest.raises(VolunteerError) as refused:
        actions.decide_attendance(town.people.worker, attendance.pk, approve=True)
    assert refused.value.status_code == 403
    assert balance_of(vol.member) == 0


def test_public_points_for_a_report_need_its_case_closed_and_come_once(vol, town, report):
    from gridgov.cases.models import Case

    case = report().case
    dispatcher = town.people.town_dispatcher
    with pytest.raises(VolunteerError, match="closed"):
        actions.award_public_points(dispatcher, vol.resident.pk, points=Decimal("5"), reason="报告垃圾堆放",
                                    case_id=case.pk)
    Case.objects.filter(pk=case.pk).update(status="closed")
    actions.award_public_points(dispatcher, vol.resident.pk, points=Decimal("5"), reason="报告垃圾堆放",
                                case_id=case.pk)
    with pytest.raises(VolunteerError, match="already"):
        actions.award_public_points(dispatcher, vol.resident.pk, points=Decimal("5"), reason="再次", case_id=case.pk)
    assert balance_of(vol.resident) == Decimal("5")


def test_public_points_at_the_cap_are_refused_and_nothing_is_stored(vol, town, client):
    vol.rules.balance_cap = Decimal("5")
    vol.rules.save()
    actions.award_public_points(town.people.town_dispatcher, vol.resident.pk, points=Decimal("5"), reason="上报隐患")
    client.force_login(town.people.town_dispatcher)
    answer = client.post(f"/api/v1/volunteers/members/{vol.resident.pk}/public-points",
                         {"points": 3, "reason": "再次上报"}, content_type="application/json",
                         HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 409
    assert answer.json()["detail"] == "此人的积分已达上限 5，本次未发放"
    assert LedgerEntry.objects.filter(member=vol.resident).count() == 1
    assert AuditEvent.objects.filter(verb="volunteers.public_points").count() == 1
