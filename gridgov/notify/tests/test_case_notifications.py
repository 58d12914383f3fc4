"""Every step of a case that needs someone writes one notification, in the step's own transaction, to the right
people: the grid worker of the case's grid for work on site, every active member of the unit for the unit's work, and
nobody else; the scan's "deadline approaching" is written once per case and deadline, however often it runs."""

from __future__ import annotations

from collections import Counter

import pytest

from gridgov.cases.actions import ActionError, take_action
from gridgov.cases.models import Case
from gridgov.cases.notices import warn_deadline
from gridgov.cases.scan import scan
from gridgov.cases.tests.conftest import POINT, at
from gridgov.notify.actions import inbox, unread
from gridgov.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen_report(town):
    """A citizen's report from the public page, in the grid worker's grid."""
    from gridgov.cases.actions import report_case

    def make(when=None):
        return report_case(None, category=town.cat["0102"], description="垃圾堆放", lon=POINT[0], lat=POINT[1],
                           channel="public_web", now=when or at(2026, 11, 23, 9, 0)).case
    return make


def act(actor, case, action, when, **fields):
    note = fields.pop("note", "")
    return take_action(actor, case.pk, action, note=note, fields=fields, now=when)


def kinds(case) -> Counter:
    return Counter(Notification.objects.filter(object_type="case", object_id=case.pk).values_list("kind", flat=True))


@pytest.fixture
def dispatched(town, citizen_report):
    """A citizen's report, registered and dispatched to the village station at 9:06 (due 14:36)."""
    p = town.people
    case = citizen_report()
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    return Case.objects.get(pk=case.pk)


def test_a_citizens_report_asks_the_grid_worker_of_its_grid_and_nobody_else_to_verify_it(town, report,
                                                                                        citizen_report):
    p = town.people
    case = citizen_report()
    told = Notification.objects.get(object_id=case.pk, kind="new_task")
    assert told.user == p.worker and told.subject == case.number and told.url == f"/desk/cases/{case.pk}/"
    assert list(inbox(p.worker2)) == [] and list(inbox(p.village_leader)) == []
    assert kinds(report().case) == Counter()  # the grid worker's own report is verified already: no task


def test_dispatch_reaches_every_active_member_of_the_unit_and_no_other_unit(town, citizen_report):
    p = town.people
    p.village_leader.staff.active = False
    p.village_leader.staff.save(update_fields=["active"])
    case = citizen_report()
    act(p.dispatcher, case, "register", at(2026, 11, 23, 9, 5))
    act(p.dispatcher, case, "dispatch", at(2026, 11, 23, 9, 6))
    told = Notification.objects.get(object_id=case.pk, kind="dispatched")
    assert told.unit == town.units.station and case.number in told.message
    assert told in unread(p.worker)  # an active member of the station
    assert told not in inbox(p.village_leader)  # a member no longer active
    assert told not in inbox(p.worker2) and told not in inbox(p.town_dispatcher)  # other units


def test_escalating_a_case_makes_the_target_units_dispatchers_see_it_within_one_scan(town, dispatched):
    p = town.people
    assert not unread(p.town_dispatcher).filter(kind="escalated").exists()
    scan(at(2026, 11, 23, 15, 0))  # past 14:36: overdue, escalated from the station to the township's centre
    seen = unread(p.town_dispatcher).get(kind="escalated")
    assert seen.subject == dispatched.number and seen.url == f"/desk/cases/{dispatched.pk}/"
    assert not inbox(p.dispatcher).filter(kind="escalated").exists()  # the district's centre is not the target
    assert unread(p.worker).filter(kind="overdue").count() == 1  # the station that let it pass is reminded


def test_the_deadline_warning_is_written_once_however_often_the_scan_runs(town, dispatched):
    # handling runs 9:06 → 14:36; a quarter of it is left from 13:13:30
    assert scan(at(2026, 11, 23, 13, 0)).warned == 0
    assert scan(at(2026, 11, 23, 13, 14)).warned == 1
    assert scan(at(2026, 11, 23, 13, 15)).warned == 0 and scan(at(2026, 11, 23, 14, 0)).warned == 0
    warning = Notification.objects.get(object_id=dispatched.pk, kind="deadline")
    assert warning.unit == town.units.station and "14:36" in warning.message


def test_a_scan_that_read_the_case_before_another_scan_warned_writes_nothing(town, dispatched):
    """Two scans in two processes read the same candidate; only the one whose UPDATE clears the moment writes."""
    when = Case.objects.get(pk=dispatched.pk).deadline_warn_at
    assert warn_deadline(dispatched.pk, when, at(2026, 11, 23, 13, 20)) is True
    assert warn_deadline(dispatched.pk, when, at(2026, 11, 23, 13, 20)) is False  # the slower scan
    assert kinds(dispatched)["deadline"] == 1


def test_a_new_deadline_is_warned_of_again_and_the_unit_hears_the_extension_decided(town, dispatched):
    p = town.people
    scan(at(2026, 11, 23, 13, 14))
    act(p.village_leader, dispatched, "accept", at(2026, 11, 23, 13, 20))
    act(p.village_leader, dispatched, "request_extension", at(2026, 11, 23, 13, 25), extension="1wd")
    act(p.dispatcher, dispatched, "approve_extension", at(2026, 11, 23, 13, 30))
    decided = Notification.objects.get(object_id=dispatched.pk, kind="extension")
    assert decided.unit == town.units.station and "1wd" in decided.message
    case = Case.objects.get(pk=dispatched.pk)
    assert scan(case.deadline_warn_at).warned == 1  # the new deadline's own warning
    assert kinds(dispatched)["deadline"] == 2


def test_every_step_of_the_loop_writes_its_kind_once_to_those_it_concerns(town, dispatched):
    p, u = town.people, town.units
    act(p.village_leader, dispatched, "accept", at(2026, 11, 23, 9, 30))
    act(p.village_leader, dispatched, "request_extension", at(2026, 11, 23, 9, 35), extension="1wd")
    act(p.dispatcher, dispatched, "reject_extension", at(2026, 11, 23, 9, 40))
    act(p.leader, dispatched, "supervise", at(2026, 11, 23, 9, 45), note="请抓紧处理")
    act(p.village_leader, dispatched, "submit_feedback", at(2026, 11, 23, 10, 0), note="已清理")
    act(p.worker, dispatched, "check", at(2026, 11, 23, 10, 30), passed=True)
    act(p.dispatcher, dispatched, "close", at(2026, 11, 23, 10, 40))
    take_action(None, dispatched.pk, "rate", fields={"rating": 5}, now=at(2026, 11, 23, 11, 0))
    assert kinds(dispatched) == Counter({"new_task": 1, "dispatched": 1, "extension": 1, "supervised": 1,
                                         "check": 1, "rating": 1})
    by_kind = {n.kind: n for n in Notification.objects.filter(object_id=dispatched.pk)}
    assert by_kind["check"].user == p.worker and by_kind["new_task"].user == p.worker
    assert {by_kind[k].unit for k in ("dispatched", "extension", "supervised", "rating")} == {u.station}
    assert "请抓紧处理" in by_kind["supervised"].message and "5" in by_kind["rating"].message
    assert all(n.subject == dispatched.number and n.url == f"/desk/cases/{dispatched.pk}/"
               for n in by_kind.values())


def test_an_action_refused_after_its_notification_was_written_leaves_none(town, dispatched):
    with pytest.raises(ActionError):  # refused at the end: the attachment is not this case's
        take_action(town.people.leader, dispatched.pk, "supervise", note="请抓紧", attachments=[999999],
                    now=at(2026, 11, 23, 9, 30))
    assert kinds(dispatched)["supervised"] == 0
