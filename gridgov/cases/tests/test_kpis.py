"""KPIs on a hand-built history, with every expected figure worked out by hand from the timeline."""

from datetime import date

import pytest

from gridgov.cases import kpis
from gridgov.cases.actions import take_action
from gridgov.cases.models import KpiRollup
from gridgov.cases.scan import scan

from .conftest import POINT, at

pytestmark = pytest.mark.django_db
PERIOD = (date(2026, 11, 1), date(2026, 12, 31))


@pytest.fixture
def history(town, report):
    p, u = town.people, town.units

    def act(who, case, action, when, note="", **fields):
        take_action(who, case.pk, action, note=note, fields=fields, now=when)

    resident = {"citizen_name": "王五", "citizen_phone": "13800000000"}  # told the grid worker; rates with the code
    a = report("0102", now=at(2026, 11, 23, 9, 0), **resident).case  # registered on time, closed on time, rated 5
    act(p.dispatcher, a, "register", at(2026, 11, 23, 9, 10))
    act(p.dispatcher, a, "dispatch", at(2026, 11, 23, 9, 20))  # village station, due 14:50
    act(p.village_leader, a, "accept", at(2026, 11, 23, 9, 30))
    act(p.village_leader, a, "submit_feedback", at(2026, 11, 23, 11, 0), note="done")
    act(p.worker, a, "check", at(2026, 11, 23, 11, 30), passed=True)
    act(p.dispatcher, a, "close", at(2026, 11, 23, 11, 40))
    act(None, a, "rate", at(2026, 11, 23, 12, 0), rating=5)

    b = report("0101", now=at(2026, 11, 23, 10, 0), **resident).case  # late registration, extended, reworked, rated 2
    act(p.dispatcher, b, "register", at(2026, 11, 23, 11, 0))  # due 10:30: late
    act(p.dispatcher, b, "dispatch", at(2026, 11, 23, 11, 5))  # township centre, 7 working days
    act(p.town_dispatcher, b, "accept", at(2026, 11, 23, 11, 10))
    act(p.town_dispatcher, b, "request_extension", at(2026, 11, 24, 9, 0), extension="3wd")
    act(p.dispatcher, b, "approve_extension", at(2026, 11, 24, 9, 30))
    act(p.town_dispatcher, b, "submit_feedback", at(2026, 12, 1, 10, 0), note="stopped")
    act(p.worker, b, "check", at(2026, 12, 1, 10, 30), passed=False)
    act(p.dispatcher, b, "rework", at(2026, 12, 1, 11, 0))
    act(p.town_dispatcher, b, "submit_feedback", at(2026, 12, 2, 10, 0), note="demolished")
    act(p.worker, b, "check", at(2026, 12, 2, 10, 30), passed=True)
    act(p.dispatcher, b, "close", at(2026, 12, 2, 11, 0))
    act(None, b, "rate", at(2026, 12, 2, 12, 0), rating=2)

    c = report("0102", point=(POINT[0] + 0.01, POINT[1]), now=at(2026, 11, 24, 9, 0)).case  # returned, overdue
    act(p.dispatcher, c, "register", at(2026, 11, 24, 9, 5))
    act(p.dispatcher, c, "dispatch", at(2026, 11, 24, 9, 6), unit=u.urban.pk)
    act(p.urban_handler, c, "return", at(2026, 11, 24, 9, 30), note="not ours")
    act(p.dispatcher, c, "dispatch", at(2026, 11, 24, 9, 40))  # station, due 15:10
    act(p.village_leader, c, "accept", at(2026, 11, 24, 9, 50))
    scan(at(2026, 11, 24, 16, 0))  # overdue, escalated to the township, due on the 25th at 11:00

    report("0102", self_handle=True, now=at(2026, 11, 24, 10, 0))  # d: solved on the spot
    e = report("0104", now=at(2026, 11, 24, 11, 0)).case  # e: voided
    act(p.dispatcher, e, "void", at(2026, 11, 24, 11, 5), note="duplicate call")
    return a, b, c


def figures(scope):
    return {k: (v["numerator"], v["denominator"]) for k, v in kpis.compute(scope, *PERIOD).items()}


def test_district_kpis_match_the_hand_computation(history):
    f = figures("area:110101")
    assert f["closure_rate"] == (3, 4)  # received: a, b, c, d (e voided); closed by now: a, b, d
    assert f["on_time_closure_rate"] == (3, 4)  # b's deadline moved to 7 December by the extension
    assert f["cohort_overdue_count"] == (1, None) and f["cohort_escalated_count"] == (1, None)  # c
    assert f["rework_rate"] == (1, 2)  # feedback: a, b; reworked: b
    assert f["extension_rate"] == (1, 3)  # dispatched: a, b, c; extended: b
    assert f["overdue_count"] == (1, None)  # c
    assert f["self_handled_count"] == (1, None)  # d
    assert f["timely_registration_rate"] == (2, 3)  # a and c on time, b late
    assert f["accurate_dispatch_rate"] == (3, 4)  # c's first dispatch was returned
    assert f["satisfaction_rate"] == (1, 2)  # 5 and 2 stars
    hours = kpis.compute("area:110101", *PERIOD)["average_handling_hours"]
    assert hours["numerator"] == 8400 + 777300 and hours["denominator"] == 2  # a: 2h20m, b: 9 days less 5 min
    assert hours["value"] == pytest.approx(109.125)


def test_kpis_for_a_unit_a_grid_worker_and_a_period(history, town):
    town_unit = figures(f"unit:{town.units.town.pk}")  # b and c (c after its escalation)
    assert town_unit["accurate_dispatch_rate"] == (2, 3)
    assert town_unit["overdue_count"] == (1, None)
    worker = figures(f"worker:{town.people.worker.pk}")
    assert worker["self_handled_count"] == (1, None) and worker["closure_rate"] == (3, 4)
    november = {k: (v["numerator"], v["denominator"])
                for k, v in kpis.compute("area:110101", date(2026, 11, 1), date(2026, 11, 30)).items()}
    assert november["rework_rate"] == (0, 1)  # b's first feedback was on 1 December
    assert november["closure_rate"] == (3, 4)  # the November cohort: b, closed in December, counts in it
    assert november["closed_count"] == (2, None)  # the flow: closed in November, a and d


def test_rollups_are_reproducible_from_the_timeline_alone(history):
    before = sorted(KpiRollup.objects.exclude(value=0).values_list("scope", "day", "metric", "value"))
    kpis.rebuild_rollups()
    after = sorted(KpiRollup.objects.exclude(value=0).values_list("scope", "day", "metric", "value"))
    assert before == after and len(after) > 50


def test_reopening_a_closed_case_takes_it_out_of_the_closed_figures(history, town):
    a = history[0]
    take_action(town.people.dispatcher, a.pk, "reopen", note="not fixed", now=at(2026, 11, 25, 9, 0))
    assert figures("area:110101")["closure_rate"] == (2, 4)



def test_category_class_scopes_and_counts_add_up_to_the_area(history):
    area = figures("area:110101")
    assert area["reported_count"] == (5, None) and area["closed_count"] == (3, None)  # a, b and d are closed
    from gridgov.cases.models import Category

    classes = [figures(f"area:110101/class:{c.code[:2]}") for c in Category.objects.filter(parent=None)]
    for name in ("reported_count", "closed_count", "overdue_count", "self_handled_count"):
        assert sum(f[name][0] for f in classes) == area[name][0]
    assert kpis.compute_many(["area:110101", "area:110101/class:01"], *PERIOD)["area:110101"] == \
        kpis.compute("area:110101", *PERIOD)
