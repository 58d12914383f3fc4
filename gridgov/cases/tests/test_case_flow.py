import pytest

from gridgov.cases.actions import ActionError, Conflict, Forbidden, NotFound, report_case, take_action
from gridgov.cases.models import Case, Status
from gridgov.cases.scan import scan
from gridgov.notify.models import Notification

from .conftest import LEAF, OTHER_POINT, POINT, at

pytestmark = pytest.mark.django_db


def act(user, case, action, when, note="", **fields):
    return take_action(user, case.pk, action, note=note, fields=fields, now=when)


def test_grid_worker_report_flows_through_every_step_and_the_timeline_tells_it(town, report):
    p, u = town.people, town.units
    r = report()
    case = r.case
    assert r.created and case.status == Status.REPORTED and case.area_code == LEAF
    assert case.number.startswith("11010120261123") and case.owner_unit == u.town
    act(p.town_dispatcher, case, "register", at(2026, 11, 23, 9, 10))
    case = act(p.town_dispatcher, case, "dispatch", at(2026, 11, 23, 9, 20))
    assert case.handling_unit == u.station  # exposed garbage stays in the village
    assert case.handle_due == at(2026, 11, 23, 14, 50)  # 4 working hours, over the lunch break
    act(p.village_leader, case, "accept", at(2026, 11, 23, 9, 30))
    act(p.village_leader, case, "submit_feedback", at(2026, 11, 23, 11, 0), note="已清理")
    act(p.worker, case, "check", at(2026, 11, 23, 11, 30), passed=True)
    case = act(p.town_dispatcher, case, "close", at(2026, 11, 23, 11, 40))
    assert case.status == Status.CLOSED and case.closed_at == at(2026, 11, 23, 11, 40)
    story = list(case.timeline.values_list("action", "from_status", "to_status"))
    assert story == [
        ("report", "", "reported"), ("register", "reported", "registered"),
        ("dispatch", "registered", "dispatched"), ("accept", "dispatched", "in_progress"),
        ("submit_feedback", "in_progress", "feedback"), ("check", "feedback", "checked"),
        ("close", "checked", "closed"),
    ]
    assert case.timeline.get(action="submit_feedback").actor == p.village_leader


def test_an_action_stores_every_field_it_changed_and_marks_the_case_updated(town, report):
    p, u = town.people, town.units
    case = report().case
    act(p.town_dispatcher, case, "register", at(2026, 11, 23, 9, 10))
    before = Case.objects.get(pk=case.pk)
    returned = act(p.town_dispatcher, case, "dispatch", at(2026, 11, 23, 9, 20))
    stored = Case.objects.get(pk=case.pk)
    assert stored.updated_at > before.updated_at
    for f in Case._meta.concrete_fields:
        if f.name != "updated_at":
            assert getattr(stored, f.attname) == getattr(returned, f.attname), f.name
    assert stored.status == Status.DISPATCHED and stored.handling_unit == u.station and stored.handle_due
    act(p.village_leader, case, "comment", at(2026, 11, 23, 9, 25), note="收到")
    assert Case.objects.get(pk=case.pk).updated_at > stored.updated_at  # even an action that changes nothing else


def test_routing_walks_up_to_the_level_that_has_the_named_unit(town, report):
    p, u = town.people, town.units
    # 0304 names only the district housing department, which this town lacks: the nearest centre takes it.
    for code, expected in [("0101", u.town), ("0304", u.town), ("1001", u.station), ("0504", u.police),
                           ("1004", u.town), ("0301", u.town), ("1005", u.town)]:
        case = report(code).case
        case = act(p.town_dispatcher, case, "register", at(2026, 11, 23, 9, 5))
        assert case.routed_unit == expected, code


def test_routing_finds_district_departments(town, report, django_user_model):
    from gridgov.cases.routing import route

    def path(code):
        return [{"code": code[:n], "level": (n - 3) // 3} for n in range(6, len(code) + 1, 3)]

    assert route(town.cat["0102"], path("110101101201001001")) == town.units.town2  # no station there
    assert route(town.cat["0301"], path(LEAF)) == town.units.town  # centre named at township level
    assert route(town.cat["0501"], path("110101101201001001")) == town.units.town2


def test_dispatcher_can_send_the_case_to_another_unit(town, report):
    p = town.people
    case = report().case
    act(p.town_dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    case = act(p.town_dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6), unit=town.units.urban.pk)
    assert case.handling_unit == town.units.urban
    assert case.timeline.get(action="dispatch").data["overridden"] is True


def test_a_return_goes_back_to_the_dispatchers_and_must_say_why(town, report):
    p = town.people
    case = report("0101").case
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6), unit=town.units.urban.pk)
    with pytest.raises(ActionError, match="why"):
        act(p.urban_handler, case, "return", at(2026, 11, 23, 9, 7))
    case = act(p.urban_handler, case, "return", at(2026, 11, 23, 9, 8), note="不属于本部门")
    assert case.status == Status.REGISTERED and case.handling_unit is None


def test_an_illegal_action_is_refused_and_changes_nothing(town, report):
    p = town.people
    case = report().case
    with pytest.raises(Conflict, match="“Close” is not possible while the case is reported"):
        act(p.dispatcher, case, "close", at(2026, 11, 23, 9, 5))
    with pytest.raises(Forbidden, match="a grid worker may not “Register” a case"):
        act(p.worker, case, "register", at(2026, 11, 23, 9, 5))
    with pytest.raises(ActionError, match="unknown action"):
        act(p.dispatcher, case, "teleport", at(2026, 11, 23, 9, 5))
    case.refresh_from_db()
    assert case.status == Status.REPORTED and case.timeline.count() == 1


def test_a_failed_handler_action_rolls_back(town, report):
    p = town.people
    case = report().case
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    with pytest.raises(ActionError):
        act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6), unit=999999)
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.handling_unit is None
    assert case.timeline.count() == 2


def test_only_the_handling_unit_may_accept(town, report):
    p = town.people
    case = report().case
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6), unit=town.units.urban.pk)
    with pytest.raises((Forbidden, NotFound)):
        act(p.justice_handler, case, "accept", at(2026, 11, 23, 9, 7))
    assert act(p.urban_handler, case, "accept", at(2026, 11, 23, 9, 7)).status == Status.IN_PROGRESS


def test_cases_are_invisible_outside_the_jurisdiction(town, report):
    case = report(point=OTHER_POINT).case
    with pytest.raises(NotFound):
        act(town.people.town_dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    assert not Case.objects.visible_to(town.people.worker).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(town.people.dispatcher).filter(pk=case.pk).exists()


def test_extension_moves_the_deadline_only_when_approved(town, report):
    p = town.people
    case = report().case
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    act(p.village_leader, case, "accept", at(2026, 11, 23, 9, 7))
    due = Case.objects.get(pk=case.pk).handle_due
    case = act(p.village_leader, case, "request_extension", at(2026, 11, 23, 10, 0), extension="1wd")
    assert case.handle_due == due and case.pending_extension == "1wd"
    case = act(p.dispatcher, case, "reject_extension", at(2026, 11, 23, 10, 5))
    assert case.handle_due == due
    with pytest.raises(Conflict, match="no extension"):
        act(p.dispatcher, case, "approve_extension", at(2026, 11, 23, 10, 6))
    act(p.village_leader, case, "request_extension", at(2026, 11, 23, 10, 10), extension="1wd")
    case = act(p.dispatcher, case, "approve_extension", at(2026, 11, 23, 10, 15))
    assert case.handle_due == at(2026, 11, 24, 17, 30)
    with pytest.raises(ActionError, match="not a deadline"):
        act(p.village_leader, case, "request_extension", at(2026, 11, 23, 10, 20), extension="forever")


def test_a_failed_check_is_reworked_by_the_same_unit(town, report):
    p = town.people
    case = report().case
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    act(p.village_leader, case, "accept", at(2026, 11, 23, 9, 7))
    act(p.village_leader, case, "submit_feedback", at(2026, 11, 23, 9, 30), note="done")
    with pytest.raises(ActionError, match="passed"):
        act(p.worker, case, "check", at(2026, 11, 23, 10, 0))
    case = act(p.worker, case, "check", at(2026, 11, 23, 10, 0), passed=False, note="still there")
    assert case.status == Status.CHECK_FAILED
    case = act(p.dispatcher, case, "rework", at(2026, 11, 23, 10, 5))
    assert case.status == Status.IN_PROGRESS and case.handling_unit == town.units.station


def test_overdue_case_escalates_to_township_then_district_on_scan(town, report):
    p, u = town.people, town.units
    case = report().case
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))  # village station, due 14:36
    assert scan(at(2026, 11, 23, 14, 0)).overdue == 0
    result = scan(at(2026, 11, 23, 15, 0))
    assert (result.overdue, result.escalated) == (1, 1)
    case.refresh_from_db()
    assert case.handling_unit == u.town and case.escalations == 1 and case.status == Status.DISPATCHED
    assert scan(at(2026, 11, 23, 15, 0)).overdue == 0  # idempotent: the same scan again changes nothing
    assert Notification.objects.filter(object_id=case.pk, kind="overdue", unit=u.station).exists()
    scan(at(2026, 11, 25, 9, 0))
    case.refresh_from_db()
    assert case.handling_unit == u.urban and case.escalations == 2  # the department the category names
    scan(at(2026, 11, 30, 9, 0))  # at the top: stays overdue, reminded, not escalated further
    case.refresh_from_db()
    assert case.handling_unit == u.urban and case.overdue
    actions = list(case.timeline.values_list("action", flat=True))
    assert actions.count("overdue") == 3 and actions.count("escalate") == 2
    assert case.timeline.filter(action="escalate").first().actor_label == "system"


def test_a_unit_can_escalate_by_hand_when_it_cannot_solve_the_case(town, report):
    p = town.people
    case = report("1001").case
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    case = act(p.village_leader, case, "escalate", at(2026, 11, 23, 9, 30), note="本级无法解决")
    assert case.handling_unit == town.units.town  # no township justice office in this test town: its centre


def test_duplicates_are_offered_and_merging_keeps_the_reporter_informed(town, report):
    p = town.people
    first = report().case
    second = report(who=p.worker, point=(POINT[0] + 0.0003, POINT[1]), now=at(2026, 11, 23, 10, 0))
    assert [c.pk for c in second.duplicates] == [first.pk]
    far = report(point=(POINT[0] + 0.01, POINT[1]), now=at(2026, 11, 23, 10, 0))
    assert far.duplicates == []
    merged = act(p.dispatcher, second.case, "merge", at(2026, 11, 23, 10, 5), into=first.pk)
    assert merged.status == Status.MERGED and merged.merged_into == first


def test_duplicates_are_only_open_cases_of_the_same_category_within_the_time_window(town, report):
    p = town.people
    old = report(now=at(2026, 11, 19, 9, 0)).case  # 96 hours before: outside the 72-hour window
    recent = report(now=at(2026, 11, 21, 9, 30)).case  # 71.5 hours before
    closed = report(now=at(2026, 11, 23, 8, 0), self_handle=True).case
    other_kind = report("0103", now=at(2026, 11, 23, 8, 30)).case
    offered = report(who=p.worker, now=at(2026, 11, 24, 9, 0)).duplicates
    assert [c.pk for c in offered] == [recent.pk]
    assert {old.pk, closed.pk, other_kind.pk}.isdisjoint(c.pk for c in offered)


def test_the_same_idempotency_key_returns_the_same_case(town, report):
    a = report(idempotency_key="phone-42-report-7")
    b = report(idempotency_key="phone-42-report-7")
    assert a.created and not b.created and a.case.pk == b.case.pk
    assert Case.objects.count() == 1


def test_a_case_solved_on_the_spot_is_closed_and_counted_separately(town, report):
    r = report(self_handle=True)
    assert r.case.status == Status.CLOSED and r.case.self_handled
    with pytest.raises(ActionError, match="cannot be solved on the spot"):
        report("0101", self_handle=True)
    with pytest.raises(Forbidden):
        report(who=town.people.dispatcher, self_handle=True)


def test_a_report_outside_the_jurisdiction_is_refused(town):
    with pytest.raises(ActionError, match="outside"):
        report_case(town.people.worker, category=town.cat["0102"], description="x", lon=100.0, lat=30.0)


def test_suspend_and_resume_return_to_the_previous_status(town, report):
    p = town.people
    case = report().case
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    act(p.village_leader, case, "accept", at(2026, 11, 23, 9, 7))
    case = act(p.dispatcher, case, "suspend", at(2026, 11, 23, 9, 8), note="等待法院判决")
    assert case.status == Status.SUSPENDED
    assert act(p.dispatcher, case, "resume", at(2026, 11, 30, 9, 0)).status == Status.IN_PROGRESS


def test_case_numbers_are_sequential_per_county_and_day(town, report):
    numbers = [report(now=at(2026, 11, 23, 9, i)).case.number for i in range(3)]
    assert numbers == ["1101012026112300001", "1101012026112300002", "1101012026112300003"]
    assert report(now=at(2026, 11, 24, 9, 0)).case.number == "1101012026112400001"
