"""A month's score: every item traces to the recorded events behind it, and computing again gives the same."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gridgov.assess.actions import AssessError, compute_month, decide_adjustment, enter_adjustment
from gridgov.assess.models import Score, Template
from gridgov.assess.tests.conftest import OCTOBER
from gridgov.cases.kpis import compute

pytestmark = pytest.mark.django_db


def items_of(score: Score) -> dict[str, dict]:
    return {i["code"]: i for i in score.items}


def test_the_shipped_default_template_is_100_points_50_30_20_with_the_bonus_capped_at_10():
    t = Template.objects.get(code="town-100", status="published")
    groups: dict[str, int] = {}
    for i in t.items:
        groups[i["group"]] = groups.get(i["group"], 0) + i["max"]
    assert t.total == 100 and sorted(groups.values()) == [20, 30, 50] and t.bonus_cap == 10
    other = Template.objects.get(code="service-quality")
    assert other.total == 100 and [i["code"] for i in other.items] != [i["code"] for i in t.items]


def test_each_item_counts_the_events_behind_it_as_the_kpis_do(town, october):
    score = next(s for s in compute_month(OCTOBER) if s.worker.user == town.people.worker)
    items = items_of(score)
    assert items["reports"]["events"] == [f"case:{c.pk}" for c in october.cases]
    assert items["self_handled"]["events"] == [f"case:{october.cases[2].pk}"]
    kpi = compute(f"worker:{town.people.worker.pk}", date(2026, 10, 1), date(2026, 10, 31))
    assert Decimal(items["reports"]["n"]) == kpi["reported_count"]["value"]
    assert items["patrol_coverage"]["events"] == [f"patrol:{p.pk}" for p in october.patrols]
    assert items["patrol_coverage"]["n"] == items["patrol_coverage"]["of"]  # every working day
    assert items["patrol_coverage"]["score"] == "12"
    assert len(items["screenings"]["events"]) == 1 and items["training_hours"]["n"] == "3.5"
    assert items["training_hours"]["score"] == "3.5"  # 4 points for 4 hours
    assert items["bonus"]["events"] == [f"adjustment:{october.bonus.pk}"] and items["bonus"]["score"] == "4"
    assert items["reports"]["score"] == "1.8"  # 12 × 3/20
    assert score.total == sum(Decimal(i["score"]) for i in score.items)


def test_computing_again_gives_identical_scores_in_the_same_rows(town, october):
    first = {s.worker_id: (s.pk, s.total, s.items, s.version) for s in compute_month(OCTOBER)}
    again = {s.worker_id: (s.pk, s.total, s.items, s.version) for s in compute_month(OCTOBER)}
    assert first == again and len(first) == 2
    assert Score.objects.count() == 2


def test_a_bonus_counts_once_someone_else_approved_it_and_the_bonus_is_capped(town, october):
    p = town.people
    with pytest.raises(AssessError) as refused:
        decide_adjustment(p.town_dispatcher, enter_adjustment(p.town_dispatcher, p.worker.staff.pk, OCTOBER,
                                                              kind="bonus", points=8, reason="省级采纳").pk,
                          approve=True)  # by who entered it
    assert refused.value.status_code == 403
    pending = enter_adjustment(p.village_leader, p.worker.staff.pk, OCTOBER, kind="bonus", points=10,
                               reason="省级采纳")
    before = items_of(next(s for s in compute_month(OCTOBER) if s.worker.user == p.worker))["bonus"]["score"]
    decide_adjustment(p.dispatcher, pending.pk, approve=True)
    after = items_of(next(s for s in compute_month(OCTOBER) if s.worker.user == p.worker))["bonus"]
    assert (before, after["score"], after["n"]) == ("4", "10", "14")


def test_a_bonus_needs_a_reason_and_positive_points(town):
    p = town.people
    for kw in ({"points": 2, "reason": " "}, {"points": 0, "reason": "x"}, {"points": "abc", "reason": "x"}):
        with pytest.raises(AssessError):
            enter_adjustment(p.village_leader, p.worker.staff.pk, OCTOBER, kind="bonus", **kw)


def test_a_template_that_names_an_unknown_fact_or_rule_is_refused(town):
    from gridgov.assess.scoring import template_problems

    assert template_problems([{"code": "x", "fact": "bribes", "rule": "target", "max": 5, "target": 1}], {})
    assert template_problems([{"code": "x", "fact": "reports", "rule": "guess", "max": 5}], {})
    assert not template_problems(Template.objects.get(code="town-100").items, {"min_score": 80})
