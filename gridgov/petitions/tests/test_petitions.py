"""Petitions on the case engine: statutory limits drive overdue marks, repeats are linked and flagged, counters take
them jointly, tour visits carry them, and the figures come from the timeline."""

from __future__ import annotations

from datetime import date

import pytest

from gridgov.cases import kpis
from gridgov.cases.actions import ActionError, Conflict, take_action
from gridgov.cases.models import Case
from gridgov.cases.scan import scan
from gridgov.cases.tests.conftest import OTHER_POINT, POINT, at
from gridgov.notify.models import Notification
from gridgov.org.models import Unit, UnitKind
from gridgov.petitions import actions
from gridgov.petitions.models import Petition

pytestmark = pytest.mark.django_db
ZHANG = {"name": "张三", "id_number": "410101197001010011", "phone": "13600000001"}


@pytest.fixture
def counters(town):
    """Departments stationed in the centre, each with a counter in the petition hall."""
    def unit(code, department):
        return Unit.objects.create(code=code, name=code, kind=UnitKind.DEPARTMENT, department=department,
                                   area=town.areas["110101"], stationed_in_centre=True)
    return {"letters": unit("letters-visits", "letters_visits"), "hr": unit("hr", "human_resources"),
            "housing": unit("housing", "housing")}


def petition(town, now, who=None, petitioner=ZHANG, point=POINT, category="1502", **kw):
    return actions.record_petition(who or town.people.intake, category=category, request="拖欠工资三个月",
                                   lon=point[0], lat=point[1], channel="visit", petitioners=[petitioner], now=now,
                                   **kw).case


def test_a_petition_gets_the_statutory_time_limits(town):
    case = petition(town, at(2026, 11, 2, 10, 0))
    assert (case.kind, case.status) == ("petition", "reported")
    assert case.register_due == at(2026, 11, 17, 23, 59, 59)  # decide on acceptance within 15 days
    take_action(town.people.dispatcher, case.pk, "register", now=at(2026, 11, 3, 9, 0))
    case.refresh_from_db()
    assert case.handle_due == at(2027, 1, 4, 23, 59, 59)  # 60 days from acceptance: Sat 2 January → Mon 4th
    take_action(town.people.dispatcher, case.pk, "dispatch", fields={"unit": town.units.urban.pk},
                now=at(2026, 11, 10, 10, 0))  # handed to a counter a week later: the legal period does not restart
    case.refresh_from_db()
    assert case.handle_due == at(2027, 1, 4, 23, 59, 59)
    take_action(town.people.urban_handler, case.pk, "accept", now=at(2026, 11, 4, 9, 0))
    with pytest.raises(ActionError, match="30d"):
        take_action(town.people.urban_handler, case.pk, "request_extension", fields={"extension": "45d"},
                    now=at(2026, 11, 4, 9, 0))
    take_action(town.people.urban_handler, case.pk, "request_extension", fields={"extension": "30d"},
                now=at(2026, 11, 4, 9, 0))


def test_the_statutory_limits_drive_overdue_and_escalation(town):
    late = petition(town, at(2026, 11, 2, 10, 0))
    assert scan(at(2026, 11, 17, 12, 0)).overdue == 0
    assert scan(at(2026, 11, 18, 0, 30)).overdue == 1  # not decided within 15 days
    late.refresh_from_db()
    assert late.overdue and Notification.objects.filter(object_id=late.pk, kind="overdue").exists()
    assert scan(at(2026, 11, 19, 0, 30)).overdue == 0  # once
    replied_late = petition(town, at(2026, 11, 2, 11, 0), petitioner={"name": "李四"}, point=OTHER_POINT)
    take_action(town.people.dispatcher, replied_late.pk, "register", now=at(2026, 11, 3, 9, 0))
    take_action(town.people.dispatcher, replied_late.pk, "dispatch", fields={"unit": town.units.town2.pk},
                now=at(2026, 11, 3, 9, 0))
    result = scan(at(2027, 1, 5, 9, 0))  # the 60-day reply limit passed: overdue, escalated one level up
    replied_late.refresh_from_db()
    assert result.escalated == 1 and replied_late.escalations == 1
    assert replied_late.handling_unit_id == town.units.district.pk
    stuck = petition(town, at(2026, 11, 2, 12, 0), petitioner={"name": "周八"}, point=OTHER_POINT, category="1505")
    take_action(town.people.dispatcher, stuck.pk, "register", now=at(2026, 11, 3, 9, 0))  # accepted, never handed on
    assert scan(at(2027, 1, 5, 10, 0)).overdue == 1 and Case.objects.get(pk=stuck.pk).overdue


def test_a_repeat_petition_is_linked_to_the_first_and_flagged_for_the_leader(town):
    first = petition(town, at(2026, 11, 2, 10, 0))
    again = petition(town, at(2026, 11, 20, 10, 0), petitioner={**ZHANG, "id_number": "", "phone": "13600000001"},
                     point=OTHER_POINT, category="1501")  # same person (by phone), another matter and place
    same_matter = petition(town, at(2026, 11, 21, 10, 0), petitioner={"name": "王五"})  # same category and grid
    stranger = petition(town, at(2026, 11, 22, 10, 0), petitioner={"name": "赵六"}, point=OTHER_POINT,
                        category="1505")
    assert Petition.objects.get(case=again).repeat_of == first
    assert Petition.objects.get(case=same_matter).repeat_of == first
    assert Petition.objects.get(case=stranger).repeat_of is None
    assert again.timeline.get(action="report").data["repeat"] is True  # counted; the number is not in its timeline
    assert Notification.objects.filter(kind="repeat").count() == 2
    figures = kpis.compute_kind("petition", "110101", date(2026, 11, 1), date(2026, 11, 30))
    assert (figures["repeat_rate"]["numerator"], figures["repeat_rate"]["denominator"]) == (2, 4)


def test_counters_take_a_petition_jointly_and_solve_it_at_the_first_visit(town, counters, make_staff):
    p = town.people
    case = petition(town, at(2026, 11, 23, 9, 0), departments=[counters["hr"].pk, counters["housing"].pk])
    take_action(p.dispatcher, case.pk, "register", now=at(2026, 11, 23, 9, 5))
    actions.hand_to_counters(p.dispatcher, case.pk, counters["hr"].pk, [counters["housing"].pk],
                             now=at(2026, 11, 23, 9, 10))
    case.refresh_from_db()
    assert case.handling_unit_id == counters["hr"].pk
    assert set(case.involved_units.values_list("pk", flat=True)) == {counters["hr"].pk, counters["housing"].pk}
    housing_clerk = make_staff("department_handler", "110101", "housing-clerk", unit=counters["housing"])
    assert Case.objects.visible_to(housing_clerk).filter(pk=case.pk).exists()
    clerk = make_staff("department_handler", "110101", "hr-clerk", unit=counters["hr"])
    take_action(clerk, case.pk, "accept", now=at(2026, 11, 23, 9, 20))
    take_action(clerk, case.pk, "submit_feedback", note="当场协调企业支付", fields={"first_visit": True},
                now=at(2026, 11, 23, 10, 0))
    take_action(p.dispatcher, case.pk, "check", fields={"passed": True}, now=at(2026, 11, 23, 10, 5))
    take_action(p.dispatcher, case.pk, "close", now=at(2026, 11, 23, 10, 10))
    take_action(None, case.pk, "rate", fields={"rating": 5}, now=at(2026, 11, 23, 11, 0))
    figures = kpis.compute_kind("petition", "110101", date(2026, 11, 1), date(2026, 11, 30))
    got = {k: (v["numerator"], v["denominator"]) for k, v in figures.items()}
    assert got["petitions_received"] == (1, None) and got["petitions_accepted"] == (1, None)
    assert got["one_time_resolution_rate"] == (1, 1) and got["on_time_reply_rate"] == (1, 1)
    assert got["satisfaction_rate"] == (1, 1)


def test_the_petitioner_may_ask_for_a_review_within_30_days_of_the_reply(town):
    p = town.people
    case = petition(town, at(2026, 10, 1, 9, 0))  # the reporter (the clerk, for the petitioner) may reopen
    take_action(p.dispatcher, case.pk, "register", now=at(2026, 10, 8, 9, 0))
    take_action(p.dispatcher, case.pk, "dispatch", fields={"unit": town.units.urban.pk}, now=at(2026, 10, 8, 9, 0))
    take_action(p.urban_handler, case.pk, "accept", now=at(2026, 10, 8, 10, 0))
    take_action(p.urban_handler, case.pk, "submit_feedback", note="答复意见", now=at(2026, 10, 20, 10, 0))
    take_action(p.dispatcher, case.pk, "check", fields={"passed": True}, now=at(2026, 10, 20, 11, 0))
    take_action(p.dispatcher, case.pk, "close", now=at(2026, 10, 20, 12, 0))
    with pytest.raises(Conflict):
        take_action(p.intake, case.pk, "reopen", note="不服", now=at(2026, 11, 20, 12, 1))  # 31 days on
    take_action(p.intake, case.pk, "reopen", note="不服", now=at(2026, 11, 19, 12, 0))  # within 30 days


def test_a_tour_visit_carries_the_petitions_received_there(town, client):
    visit = actions.schedule_tour_visit(town.people.leader, area_code="110101001", day=date(2026, 11, 25),
                                        place="镇政府")
    case = petition(town, at(2026, 11, 25, 10, 0), tour_visit=visit.pk)
    assert Petition.objects.get(case=case).tour_visit == visit
    with pytest.raises(ActionError):
        actions.schedule_tour_visit(town.people.dispatcher, area_code="110101001", day=date(2026, 11, 25),
                                    place="x")
    client.force_login(town.people.leader)
    assert "镇政府" in client.get("/petitions/tours/").content.decode()


def test_the_petition_desk_registers_and_prints_the_acceptance_notice(town, counters, client):
    client.force_login(town.people.dispatcher)
    response = client.post("/petitions/new/", {
        "channel": "letter", "category": "1501", "request": "小区违建影响采光", "people": "6", "lon": POINT[0],
        "lat": POINT[1], "departments": [counters["housing"].pk], "p0_name": "孙七", "p0_phone": "13500005555"},
        follow=True)
    case = Case.objects.get(kind="petition")
    html = response.content.decode()
    assert "petition-panel" in html and "*******5555" in html and Petition.objects.get(case=case).is_group
    take_action(town.people.dispatcher, case.pk, "register")
    pdf = client.get(f"/petitions/{case.pk}/acceptance.pdf")
    assert pdf.content.startswith(b"%PDF") and b"/FontFile2" in pdf.content
    bad = client.post("/petitions/new/", {"channel": "pigeon", "category": "1501", "request": "x"})
    assert "msg-error" in bad.content.decode()


def test_the_case_page_hands_a_petition_to_several_counters(town, counters, client):
    case = petition(town, at(2026, 11, 23, 9, 0))
    take_action(town.people.dispatcher, case.pk, "register", now=at(2026, 11, 23, 9, 5))
    client.force_login(town.people.dispatcher)
    html = client.get(f"/desk/cases/{case.pk}/").content.decode()
    assert 'name="also"' in html and 'value="30d"' not in html  # the extension choice appears once in progress
    client.post(f"/desk/cases/{case.pk}/act", {"action": "dispatch", "unit": counters["hr"].pk,
                                               "also": [counters["housing"].pk], "note": ""})
    case.refresh_from_db()
    assert case.handling_unit_id == counters["hr"].pk
    assert counters["housing"].pk in set(case.involved_units.values_list("pk", flat=True))
    assert case.timeline.get(action="dispatch").data["also"] == [counters["housing"].pk]


def test_the_leaders_dashboard_lists_the_repeat_petitions(town, client):
    from django.utils import timezone

    now = timezone.now()
    first = petition(town, now - timezone.timedelta(hours=2))
    again = petition(town, now - timezone.timedelta(hours=1))
    client.force_login(town.people.leader)
    html = client.get("/command/dashboard/").content.decode()
    assert again.number in html and first.number in html and "table-repeat_petitions" in html


@pytest.mark.parametrize("day, place", [("1900-01-01", "镇政府"), ("9999-12-31", "镇政府"), ("2026-12-01", "地" * 201)])
def test_the_tour_page_refuses_a_day_outside_2000_to_2099_or_an_overlong_place(town, client, day, place):
    from gridgov.petitions.models import TourVisit

    client.force_login(town.people.leader)
    client.post("/petitions/tours/", {"area": "110101001", "day": day, "place": place})
    assert not TourVisit.objects.exists()
