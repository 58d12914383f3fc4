"""Side paths of the case engine that used to cross jurisdictions: each is closed in the action or read itself, so
the API and the pages refuse alike."""

import pytest

from gridgov.cases.actions import ActionError, take_action
from gridgov.cases.models import Case, Status

from .conftest import OTHER_POINT, POINT, at

pytestmark = pytest.mark.django_db
T = at(2026, 11, 23, 9, 0)


def act(user, case, action, note="", when=T, **fields):
    return take_action(user, case.pk, action, note=note, fields=fields, now=when)


def unchanged(case: Case) -> bool:
    now = Case.objects.get(pk=case.pk)
    return now.status == case.status and now.merged_into_id is None and now.timeline.count() == 1


# -- merge ------------------------------------------------------------------------------------------------------

def test_a_case_is_not_merged_into_another_townships_case(town, report):
    mine = report().case
    theirs = report(who=town.people.intake, point=OTHER_POINT).case  # township 101: not the town dispatcher's
    with pytest.raises(ActionError, match="same kind in your jurisdiction"):
        act(town.people.town_dispatcher, mine, "merge", into=theirs.pk)
    assert unchanged(mine)


def test_a_case_is_merged_only_into_an_open_case_of_the_same_kind_and_never_into_itself(town, report):
    p = town.people
    event = report().case
    dispute = report("1001", kind="dispute", now=at(2026, 11, 23, 9, 1)).case
    closed = report(self_handle=True, now=at(2026, 11, 23, 9, 2)).case
    for into in (dispute.pk, closed.pk, event.pk, 999_999):
        with pytest.raises(ActionError):
            act(p.dispatcher, event, "merge", into=into)
    assert unchanged(event)
    other = report(now=at(2026, 11, 23, 9, 3)).case
    assert act(p.dispatcher, event, "merge", into=other.pk).merged_into_id == other.pk
