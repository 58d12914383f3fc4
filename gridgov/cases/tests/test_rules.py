"""Every action: allowed for the right person in the right status, refused otherwise, and a refusal changes nothing."""

import pytest

from gridgov.cases.actions import Conflict, Forbidden, NotFound, allowed_actions, take_action
from gridgov.cases.models import Case
from gridgov.cases.rules import RULES

from .conftest import at

pytestmark = pytest.mark.django_db

T = at(2026, 11, 23, 9, 0)
PATH = [  # (action, actor, note, fields) leading through the statuses
    ("register", "dispatcher", "", {}),
    ("dispatch", "dispatcher", "", {}),
    ("accept", "village_leader", "", {}),
    ("submit_feedback", "village_leader", "done", {}),
    ("check", "worker", "", {"passed": True}),
    ("close", "dispatcher", "", {}),
]
STAGE = {"reported": 0, "registered": 1, "dispatched": 2, "in_progress": 3, "feedback": 4, "checked": 5, "closed": 6}

# action: (stage to reach first, extra steps, allowed actor, note, fields, refused actor, wrong status)
CASES = {
    "register": ("reported", [], "intake", "", {}, "worker", "registered"),
    "verify": ("reported", [], "worker", "", {}, "urban_handler", "dispatched"),
    "void": ("reported", [], "dispatcher", "false report", {}, "leader", "dispatched"),
    "merge": ("reported", [], "dispatcher", "", {"into": "OTHER"}, "worker", "closed"),
    "dispatch": ("registered", [], "dispatcher", "", {}, "intake", "reported"),
    "accept": ("dispatched", [], "village_leader", "", {}, "urban_handler", "in_progress"),
    "return": ("dispatched", [], "village_leader", "not ours", {}, "worker", "registered"),
    "request_extension": ("in_progress", [], "village_leader", "", {"extension": "2wd"}, "leader", "dispatched"),
    "approve_extension": ("in_progress", [("request_extension", "village_leader", "", {"extension": "2wd"})],
                          "dispatcher", "", {}, "village_leader", "feedback"),
    "reject_extension": ("in_progress", [("request_extension", "village_leader", "", {"extension": "2wd"})],
                         "dispatcher", "", {}, "worker", "checked"),
    "submit_feedback": ("in_progress", [], "village_leader", "cleaned", {}, "dispatcher", "dispatched"),
    "check": ("feedback", [], "worker", "", {"passed": False}, "urban_handler", "in_progress"),
    "rework": ("feedback", [("check", "worker", "", {"passed": False})], "dispatcher", "", {}, "worker",
               "in_progress"),
    "close": ("checked", [], "dispatcher", "", {}, "worker", "feedback"),
    "escalate": ("in_progress", [], "village_leader", "cannot solve", {}, "worker", "reported"),
    "supervise": ("in_progress", [], "leader", "speed up", {}, "worker", "closed"),
    "suspend": ("in_progress", [], "dispatcher", "waiting for court", {}, "village_leader", "reported"),
    "resume": ("in_progress", [("suspend", "dispatcher", "court", {})], "dispatcher", "", {}, "leader",
               "in_progress"),
    "reopen": ("closed", [], "worker", "not fixed", {}, "urban_handler", "checked"),
    "rate": ("closed", [], "worker", "", {"rating": 5}, "dispatcher", "checked"),
    "comment": ("reported", [], "leader", "noted", {}, "worker2", "voided"),
}


def test_every_declared_action_is_covered_here():
    assert set(CASES) == set(RULES)


def drive(town, report, stage: str, extra: list) -> Case:
    case = report(now=T).case
    for action, who, note, fields in PATH[: STAGE[stage]] + extra:
        take_action(getattr(town.people, who), case.pk, action, note=note, fields=fields, now=T)
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize("action", sorted(CASES))
def test_action_is_allowed_for_the_right_person_and_refused_for_others(town, report, action):
    stage, extra, allowed, note, fields, refused, _wrong = CASES[action]
    case = drive(town, report, stage, extra)
    if fields.get("into") == "OTHER":
        fields = {"into": report(now=T).case.pk}
    entries = case.timeline.count()
    with pytest.raises((Forbidden, NotFound)):
        take_action(getattr(town.people, refused), case.pk, action, note=note, fields=fields, now=T)
    same = Case.objects.get(pk=case.pk)
    assert (same.status, same.timeline.count()) == (case.status, entries)
    assert action in allowed_actions(getattr(town.people, allowed), case)
    take_action(getattr(town.people, allowed), case.pk, action, note=note, fields=fields, now=T)
    assert Case.objects.get(pk=case.pk).timeline.count() == entries + 1


@pytest.mark.parametrize("action", sorted(CASES))
def test_action_in_the_wrong_status_is_a_conflict_that_changes_nothing(town, report, action):
    stage, extra, allowed, note, fields, _refused, wrong = CASES[action]
    if wrong == "voided":
        case = report(now=T).case
        take_action(town.people.dispatcher, case.pk, "void", note="dup", now=T)
    else:
        case = drive(town, report, wrong, [])
    case = Case.objects.get(pk=case.pk)
    entries = case.timeline.count()
    with pytest.raises(Conflict):
        take_action(town.people.admin, case.pk, action, note=note or "x", fields=fields, now=T)
    same = Case.objects.get(pk=case.pk)
    assert (same.status, same.timeline.count()) == (case.status, entries)
