"""Sign-in and sign-out where the activity is (located through the grid, refused far away), calls recorded from
call to coming, scoping of every read, and dashboard figures that equal the lists behind them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from gridgov.cases.tests.conftest import LEAF, OTHER_POINT, POINT
from gridgov.org import tokens
from gridgov.volunteers import actions, figures
from gridgov.volunteers.actions import VolunteerError
from gridgov.volunteers.models import Attendance, Call

pytestmark = [pytest.mark.django_db, pytest.mark.fixed_clock]  # month ends, quiet hours, retry times


def test_a_sign_in_far_from_the_activity_is_refused_with_the_distance(vol):
    with pytest.raises(VolunteerError, match=r"about \d+\.\d km from 微网格001") as refused:
        actions.sign_in(vol.login, vol.patrol.pk, lon=OTHER_POINT[0], lat=OTHER_POINT[1], now=vol.start)
    assert refused.value.status_code == 409
    assert not Attendance.objects.exists()


def test_a_sign_in_records_the_grid_where_the_phone_stands(vol):
    a = actions.sign_in(vol.login, vol.patrol.pk, lon=POINT[0], lat=POINT[1], now=vol.start)
    assert a.in_area_code == LEAF
    with pytest.raises(VolunteerError, match="already signed in"):
        actions.sign_in(vol.login, vol.patrol.pk, lon=POINT[0], lat=POINT[1], now=vol.start)


def test_sign_in_only_around_the_activitys_time_and_only_to_ones_own_team(vol):
    with pytest.raises(VolunteerError, match="not started"):
        actions.sign_in(vol.login, vol.patrol.pk, lon=POINT[0], lat=POINT[1], now=vol.start - timedelta(hours=2))
    with pytest.raises(VolunteerError, match="ended"):
        actions.sign_in(vol.login, vol.patrol.pk, lon=POINT[0], lat=POINT[1], now=vol.start + timedelta(hours=3))
    with pytest.raises(VolunteerError) as other_team:
        actions.sign_in(vol.login, vol.far_patrol.pk, lon=OTHER_POINT[0], lat=OTHER_POINT[1], now=vol.start)
    assert other_team.value.status_code == 404


def test_a_login_that_is_not_a_volunteer_cannot_sign_in(vol, town):
    with pytest.raises(VolunteerError) as refused:
        actions.sign_in(town.people.worker, vol.patrol.pk, lon=POINT[0], lat=POINT[1], now=vol.start)
    assert refused.value.status_code == 403


def test_a_call_records_who_was_called_who_answered_and_who_came(vol, station_officer):
    from gridgov.notify.actions import unread

    calls = actions.call_volunteers(station_officer, vol.patrol.pk, now=vol.start - timedelta(hours=2))
    assert {c.member_id for c in calls} == {vol.member.pk, vol.other.pk}
    assert [n.subject for n in unread(vol.login)] == ["上午巡逻"]  # the one with a login is told
    assert actions.call_volunteers(station_officer, vol.patrol.pk) == []  # nobody is called twice
    mine = Call.objects.get(member=vol.member)
    actions.answer_call(vol.login, mine.pk, coming=True)
    actions.sign_in(vol.login, vol.patrol.pk, lon=POINT[0], lat=POINT[1], now=vol.start)
    rows = {c.member_id: (c.answer, c.came) for c in Call.objects.all()}
    assert rows == {vol.member.pk: ("yes", True), vol.other.pk: ("", False)}


def test_only_the_leading_unit_calls_and_only_in_its_jurisdiction(vol, town):
    with pytest.raises(VolunteerError) as refused:
        actions.call_volunteers(town.people.worker, vol.patrol.pk)
    assert refused.value.status_code == 403
    with pytest.raises(VolunteerError) as hidden:
        actions.call_volunteers(town.people.village_leader, vol.far_patrol.pk)
    assert hidden.value.status_code == 404


def approve_hours(vol, officer, member, day: date, hours: int) -> None:
    """``hours`` approved hours for ``member`` on ``day`` (an activity that day, one attendance)."""
    from gridgov.cases.tests.conftest import at
    from gridgov.volunteers.models import Activity, AttendanceStatus
    start = at(day.year, day.month, day.day, 9, 0)
    a = Activity.objects.create(team=vol.team, kind="service", title="服务", area=vol.patrol.area, starts_at=start,
                                ends_at=start + timedelta(hours=hours), cap_hours=Decimal(hours))
    Attendance.objects.create(activity=a, member=member, status=AttendanceStatus.APPROVED, signed_in_at=start,
                              signed_out_at=a.ends_at, hours=Decimal(hours))


def test_active_volunteers_follow_the_rule_and_the_page_shows_the_list_behind_the_figure(vol, station_officer,
                                                                                          town, client):
    approve_hours(vol, station_officer, vol.member, date(2026, 9, 1), 20)
    approve_hours(vol, station_officer, vol.member, date(2026, 11, 2), 4)  # 24 h in 3 months: active
    approve_hours(vol, station_officer, vol.other, date(2026, 11, 3), 23)  # 23 h: not yet
    approve_hours(vol, station_officer, vol.other, date(2026, 8, 20), 10)  # before the 3 months
    period = figures.Period("110101001", date(2026, 11, 1), date(2026, 11, 30))
    d = figures.dashboard(town.people.town_dispatcher, period)
    assert d["active_volunteers"] == len(d["active"]) == 1
    assert d["active"][0]["member_id"] == vol.member.pk and d["active"][0]["name"] == "王**"
    assert d["hours"] == Decimal(27) == sum(r["hours"] for r in d["hours_by_area"])

    client.force_login(town.people.town_dispatcher)
    page = client.get("/volunteers/?area=110101001&from=2026-11-01&to=2026-11-30").content.decode()
    assert '<strong id="fig-active">1</strong>' in page
    assert page.count("<tr><td>王**</td>") == 1 and "王小明" not in page
    api = client.get("/api/v1/volunteers/dashboard?area=110101001&from=2026-11-01&to=2026-11-30").json()
    assert api["active_volunteers"] == len(api["active"]) == 1
    assert Decimal(api["hours"]) == 27


def test_points_issued_and_redeemed_are_sums_of_the_ledger(vol, town):
    vol.rules.redemption_threshold = Decimal("0")
    vol.rules.save()
    d = town.people.town_dispatcher
    actions.award_public_points(d, vol.resident.pk, points=Decimal("30"), reason="劝阻高空抛物")
    actions.redeem(d, vol.resident.pk, vol.service.pk)
    p = figures.points(d, figures.Period("110101001", date(2026, 11, 1), date(2026, 11, 30)))
    assert p == {"issued": Decimal("30"), "redeemed": Decimal("20")}


def test_reads_are_scoped_and_personal_data_masked(vol, town, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(town.people.village_leader)[0]}"}
    members = client.get("/api/v1/volunteers/members", **headers).json()
    assert {m["id"] for m in members} == {vol.member.pk, vol.other.pk, vol.resident.pk}
    assert {m["phone"] for m in members} == {"*******5678", "*******1111", "*******2222"}
    assert all("*" in m["name"] for m in members)
    assert [a["id"] for a in client.get("/api/v1/volunteers/activities", **headers).json()] == [vol.patrol.pk]
    far = client.get(f"/api/v1/volunteers/members/{vol.far_member.pk}/ledger", **headers)
    assert far.status_code == 404 and "辖区" in far.json()["detail"]  # the API answers in Chinese
    dash = client.get("/api/v1/volunteers/dashboard?area=110101101&from=2026-11-01&to=2026-11-30", **headers)
    assert dash.status_code == 404


def test_the_api_signs_in_and_refuses_far_positions_in_json(vol, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(vol.login)[0]}"}
    url = f"/api/v1/volunteers/activities/{vol.patrol.pk}/sign-in"
    far = client.post(url, {"lon": OTHER_POINT[0], "lat": OTHER_POINT[1]}, content_type="application/json", **headers)
    assert far.status_code == 409 and "公里" in far.json()["detail"]
    bad = client.post(url, {"lon": 200, "lat": 0}, content_type="application/json", **headers)
    assert bad.status_code == 422
    ok = client.post(url, {"lon": POINT[0], "lat": POINT[1]}, content_type="application/json", **headers)
    assert ok.status_code == 201 and ok.json()["status"] == "signed_in"


def test_the_demo_builds_a_yi_police_team_with_approved_hours_points_and_a_redemption(town):
    from gridgov.volunteers.demo import build_volunteers
    from gridgov.volunteers.models import LedgerEntry, Team

    counts = build_volunteers(seed=1)
    team = Team.objects.get()
    assert team.unit == town.units.police and counts["members"] >= 24
    assert Attendance.objects.filter(status="approved").count() == counts["attendances"] > 0
    assert LedgerEntry.objects.filter(kind="redemption").count() == 1
    assert all(e.balance >= 0 for e in LedgerEntry.objects.all())


def test_the_demo_lists_a_volunteer_login_that_opens_the_phone_page(town, client):
    from gridgov.volunteers.demo import build_volunteers, volunteer_login

    build_volunteers(seed=1)
    login = volunteer_login(seed=1)
    assert login is not None and login["role"] == "volunteer"
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=login["username"])
    assert user.check_password(login["password"])
    client.force_login(user)
    page = client.get("/volunteers/phone/")
    assert page.status_code == 200 and "夜间巡逻" in page.content.decode()


def test_rebuilding_the_demo_clears_the_volunteers_first(town):
    from gridgov.demo.build import clear_all
    from gridgov.volunteers.demo import build_volunteers
    from gridgov.volunteers.models import LedgerEntry, Member

    build_volunteers(seed=1)
    clear_all()  # units, areas and logins go: nothing of the volunteers holds them back
    assert not LedgerEntry.objects.exists() and not Member.objects.exists()


def test_a_department_handler_sees_only_the_members_of_the_teams_its_unit_leads(town, client, make_staff):
    from gridgov.volunteers.tests.matrix import volunteer_places

    places = volunteer_places(town)  # the township's team is led by its police station
    station_handler = make_staff("department_handler", "110101001", "station-handler", unit=town.units.police)
    for who, members, ledger in ((station_handler, 1, 200), (town.people.urban_handler, 0, 404)):
        client.force_login(who)
        assert len(client.get("/api/v1/volunteers/members").json()) == members
        assert client.get(f"/api/v1/volunteers/members/{places['in']['vmember']}/ledger").status_code == ledger
