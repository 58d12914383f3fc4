"""A confirmed month is frozen and corrected only as a new version with a reason; the gold medal goes from the
township's nomination to the district's decision; the monthly run computes a month once."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from gridgov.assess.actions import (
    AssessError,
    compute_month,
    confirm_month,
    correct_score,
    decide_adjustment,
    decide_nomination,
    enter_adjustment,
    nominate,
    save_template,
)
from gridgov.assess.models import MonthlyRun, Score, Template
from gridgov.assess.monthly import run_if_due
from gridgov.assess.tests.conftest import OCTOBER
from gridgov.audit.models import AuditEvent
from gridgov.cases.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.fixed_clock]  # month ends, quiet hours, retry times
TOWN = "110101001"


def worker_score(town) -> Score:
    return Score.objects.get(worker=town.people.worker.staff, current=True)


@pytest.fixture
def lenient(town):
    """A published template for the district with a low bar, so the worker's October is eligible."""
    t = Template.objects.get(code="town-100", status="published")
    return Template.objects.create(code="district-lenient", name="宽松", status="published", area_code="110101",
                                   items=t.items, bonus_cap=10, eligibility={
                                       "min_score": 30, "min_patrol_coverage": 0.95, "no_confirmed_complaint": True,
                                       "nominate_from_top": 1})


def test_a_confirmed_month_is_frozen_and_a_correction_is_a_new_version_with_its_reason(town, october):
    p = town.people
    compute_month(OCTOBER)
    confirm_month(p.town_dispatcher, TOWN, OCTOBER)
    frozen = worker_score(town)
    penalty = enter_adjustment(p.village_leader, p.worker.staff.pk, OCTOBER, kind="penalty", points=3,
                               reason="巡查记录造假", complaint=True)
    decide_adjustment(p.town_dispatcher, penalty.pk, approve=True)
    compute_month(OCTOBER)  # the monthly run or the command again: nothing moves
    assert worker_score(town).items == frozen.items and worker_score(town).version == 1
    with pytest.raises(AssessError):
        correct_score(p.town_dispatcher, frozen.pk, "  ")
    corrected = correct_score(p.town_dispatcher, frozen.pk, "群众投诉属实，扣3分")
    assert (corrected.version, corrected.reason, corrected.total) == (2, "群众投诉属实，扣3分", frozen.total - 3)
    assert "no_confirmed_complaint" in corrected.ineligible_because
    old = Score.objects.get(pk=frozen.pk)
    assert (old.current, old.total, old.items) == (False, frozen.total, frozen.items)
    assert AuditEvent.objects.filter(verb="correct_assessment_score").count() == 1
    with pytest.raises(AssessError) as twice:
        confirm_month(p.town_dispatcher, TOWN, OCTOBER)
    assert twice.value.status_code == 409


def test_only_the_township_centre_confirms_and_only_after_the_month(town, october):
    p = town.people
    for who, status in ((p.dispatcher, 403), (p.village_leader, 404), (p.worker, 404)):  # a village does not
        with pytest.raises(AssessError) as refused:                                     # see the whole township
            confirm_month(who, TOWN, OCTOBER)
        assert refused.value.status_code == status
    with pytest.raises(AssessError) as other_town:
        confirm_month(p.town_dispatcher, "110101101", OCTOBER)
    assert other_town.value.status_code == 404
    with pytest.raises(AssessError) as early:
        confirm_month(p.town_dispatcher, TOWN, OCTOBER.replace(month=11))
    assert early.value.status_code == 409


def test_a_gold_medal_goes_from_the_townships_nomination_to_the_districts_approval(town, october, lenient):
    p = town.people
    compute_month(OCTOBER)
    score = worker_score(town)
    assert score.template == lenient and score.eligible, score.ineligible_because
    with pytest.raises(AssessError) as unconfirmed:
        nominate(p.town_dispatcher, score.pk, "全月巡查无缺勤")
    assert unconfirmed.value.status_code == 409
    confirm_month(p.town_dispatcher, TOWN, OCTOBER)
    other = Score.objects.get(worker=p.worker2.staff, current=True)
    with pytest.raises(AssessError):
        nominate(p.town_dispatcher, other.pk, "第二名")  # not eligible (no patrols), nor first
    with pytest.raises(AssessError) as district:
        nominate(p.dispatcher, score.pk, "全月巡查无缺勤")
    assert district.value.status_code == 403
    n = nominate(p.town_dispatcher, score.pk, "全月巡查无缺勤")
    with pytest.raises(AssessError) as township_decides:
        decide_nomination(p.town_dispatcher, n.pk, approve=True)
    assert township_decides.value.status_code == 403
    with pytest.raises(AssessError):
        decide_nomination(p.dispatcher, n.pk, approve=False)  # a rejection needs its reason
    decide_nomination(p.dispatcher, n.pk, approve=True)
    n.refresh_from_db()
    assert (n.status, n.decided_by) == ("approved", p.dispatcher)
    assert set(AuditEvent.objects.filter(verb__in=["nominate_gold_medal", "decide_gold_medal"])
               .values_list("verb", flat=True)) == {"nominate_gold_medal", "decide_gold_medal"}
    from gridgov.notify.models import Notification

    assert Notification.objects.filter(unit=town.units.district, object_id=n.pk).exists()


def test_the_monthly_run_computes_last_month_once_from_the_workers_scan(town, october):
    from gridgov.cases import scan

    assert run_if_due in scan._hooks  # run after every scan of `gridgov worker` (and of `serve`'s scan thread)
    assert run_if_due(at(2026, 11, 1, 0, 5)) == 2
    assert run_if_due(at(2026, 11, 2, 0, 5)) is None
    assert MonthlyRun.objects.get().month == OCTOBER and Score.objects.filter(month=OCTOBER).count() == 2


def test_editing_a_published_template_makes_a_new_version_and_scores_keep_theirs(town, october):
    p = town.people
    compute_month(OCTOBER)
    t = Template.objects.get(code="town-100", status="published")
    t.bonus_cap = 5
    new = save_template(p.admin, t)
    assert (new.version, new.status) == (2, "published")
    assert Template.objects.get(code="town-100", version=1).status == "retired"
    assert worker_score(town).template.version == 1
    assert {s.template.version for s in compute_month(OCTOBER)} == {2}
    with pytest.raises(AssessError):
        save_template(p.town_dispatcher, new)


def test_the_command_prints_each_worker_with_their_items_and_event_counts(town, october):
    out = StringIO()
    call_command("assess", month="2026-10", area="110101001201", stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["username"] for r in rows] == [p.username for p in (town.people.worker,)]
    (row,) = rows
    assert set(row) >= {"username", "area_code", "score", "items"} and row["area_code"] == "110101001201001001"
    assert all(set(i) == {"code", "score", "max", "events"} for i in row["items"])
    items = {i["code"]: i for i in row["items"]}
    assert (items["reports"]["events"], items["reports"]["max"], items["reports"]["score"]) == (3, 12.0, 1.8)
    assert row["score"] == pytest.approx(sum(i["score"] for i in row["items"]))
    again = StringIO()
    call_command("assess", month="2026-10", area="110101001201", stdout=again)
    assert json.loads(again.getvalue()) == rows
