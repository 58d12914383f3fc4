"""A month of a grid worker's recorded work in October 2026 (the fixed clock stands in November)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from gridgov.cases.tests.conftest import at

OCTOBER = date(2026, 10, 1)


def patrol_every_working_day(worker_user, month=OCTOBER, hours=2):
    """A patrol of ``hours`` on each working day of the month (recorded rows, as record_patrol leaves them)."""
    from gridgov.assess.facts import month_days
    from gridgov.field.models import Patrol
    from gridgov.worktime.calendar import is_workday

    staff = worker_user.staff
    rows = []
    for d in month_days(month):
        if is_workday(d):
            start = at(d.year, d.month, d.day, 9, 0)
            rows.append(Patrol(worker=staff, area=staff.area, started_at=start,
                               ended_at=start + timedelta(hours=hours), points=2, length_m=1500, inside_share=1,
                               idempotency_key=f"p-{d}"))
    return Patrol.objects.bulk_create(rows)


@pytest.fixture
def october(town, report):
    """The worker's October: three reports (one solved on the spot), a screening, a training, a bonus approved."""
    from gridgov.assess.actions import decide_adjustment, enter_adjustment, record_training
    from gridgov.cases.actions import take_action
    from gridgov.disputes.actions import record_screening

    p = town.people
    cases = [report(now=at(2026, 10, 12, 9, 0)).case, report(now=at(2026, 10, 13, 9, 0)).case,
             report(category="0102", now=at(2026, 10, 14, 9, 0), self_handle=True).case]
    take_action(p.dispatcher, cases[0].pk, "register", now=at(2026, 10, 12, 9, 30))
    report(now=at(2026, 10, 12, 10, 0), who=p.worker2)  # another worker's
    record_screening(p.worker, found=False, day=date(2026, 10, 15))
    record_training(p.village_leader, p.worker.staff.pk, course="矛盾纠纷调解", day=date(2026, 10, 20), hours="3.5")
    bonus = enter_adjustment(p.village_leader, p.worker.staff.pk, OCTOBER, kind="bonus", points=4,
                             reason="创新做法被县级采纳", now=at(2026, 10, 30, 9, 0))
    decide_adjustment(p.town_dispatcher, bonus.pk, approve=True)
    return SimpleNamespace(cases=cases, bonus=bonus, patrols=patrol_every_working_day(p.worker))
