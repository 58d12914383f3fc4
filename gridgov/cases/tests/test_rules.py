"""Every action: allowed for the right person in the right status, refused otherwise, and a refusal changes nothing."""

from datetime import timedelta

import pytest

from gridgov.cases.actions import Conflict, Forbidden, NotFound, allowed_actions, take_action
from gridgov.cases.models import Case
from gridgov.cases.rules import RULES, SYSTEM

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
    "rate": ("closed", [], "citizen", "", {"rating": 5}, "intake", "checked"),  # intake recorded the call
    "comment": ("reported", [], "leader", "noted", {}, "worker2", "voided"),
    "record_session": ("in_progress", [], "village_leader", "both sides heard",
                       {"held_on": "2026-11-23", "participants": "张某, 李某, 调解员"}, "dispatcher", "feedback"),
    "refer": ("in_progress", [], "village_leader", "mediation failed", {"stage": "administrative_mediation"},
              "worker", "dispatched"),
    "follow_up": ("closed", [], "worker", "visited", {"held": True}, "leader", "checked"),
    "overdue": ("dispatched", [], SYSTEM, "", {"due": "handle_due"}, "admin", "closed"),
}
KIND = {"record_session": "dispute", "refer": "dispute", "follow_up": "dispute"}  # the rest: events
FROM_A_CALL = {"rate"}  # a citizen's call, recorded by the intake operator: rated by the citizen with the code
LATER = {"overdue": T + timedelta(days=30)}  # taken when its deadline has passed


def person(town, who: str):
    if who == SYSTEM:
        return SYSTEM
    return None if who == "citizen" else getattr(town.people, who)  # None: the holder of the tracking code


def test_every_declared_action_is_covered_here():
    assert set(CASES) == set(RULES)


def drive(town, report, stage: str, extra: list, kind: str = "event", call: bool = False) -> Case:
    by = {"who": town.people.intake, "channel": "hotline"} if call else {}
    case = report(now=T, kind=kind, **({"category": "1001"} if kind == "dispute" else {}), **by).case
    for action, who, note, fields in PATH[: STAGE[stage]] + extra:
        if action == "submit_feedback" and kind == "dispute":
            fields = {**fields, "outcome": "agreement"}
        take_action(getattr(town.people, who), case.pk, action, note=note, fields=fields, now=T)
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize("action", sorted(CASES))
def test_action_is_allowed_for_the_right_person_and_refused_for_others(town, report, action):
    stage, extra, allowed, note, fields, refused, _wrong = CASES[action]
    case = drive(town, report, stage, extra, KIND.get(action, "event"), action in FROM_A_CALL)
    if fields.get("into") == "OTHER":
        fields = {"into": report(now=T).case.pk}
    entries = case.timeline.count()
    with pytest.raises((Forbidden, NotFound)):
        take_action(person(town, refused), case.pk, action, note=note, fields=fields, now=LATER.get(action, T))
    same = Case.objects.get(pk=case.pk)
    assert (same.status, same.timeline.count()) == (case.status, entries)
    assert action in allowed_actions(person(town, allowed), case)
    take_action(person(town, allowed), case.pk, action, note=note, fields=fields, now=LATER.get(action, T))
    assert Case.objects.get(pk=case.pk).timeline.count() == entries + 1


@pytest.mark.parametrize("action", sorted(CASES))
def test_action_in_the_wrong_status_is_a_conflict_that_changes_nothing(town, report, action):
    stage, extra, allowed, note, fields, _refused, wrong = CASES[action]
    if wrong == "voided":
        case = report(now=T).case
        take_action(town.people.dispatcher, case.pk, "void", note="dup", now=T)
    else:
        case = drive(town, report, wrong, [], KIND.get(action, "event"))
    case = Case.objects.get(pk=case.pk)
    entries = case.timeline.count()
    with pytest.raises(Conflict):
        take_action(town.people.admin, case.pk, action, note=note or "x", fields=fields, now=T)
    same = Case.objects.get(pk=case.pk)
    assert (same.status, same.timeline.count()) == (case.status, entries)


@pytest.mark.parametrize("action", sorted(KIND))
def test_a_kinds_own_action_does_not_apply_to_other_kinds(town, report, action):
    stage, extra, allowed, note, fields, _refused, _wrong = CASES[action]
    case = drive(town, report, stage, extra)  # an event
    with pytest.raises(Conflict, match="does not apply"):
        take_action(getattr(town.people, allowed), case.pk, action, note=note, fields=fields, now=T)
    assert action not in allowed_actions(getattr(town.people, allowed), case)
