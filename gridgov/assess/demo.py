"""The demo's assessment: after the simulation, last month's records of one township's grid workers are completed
(a patrol of two hours every working day, weekly dispute screenings, a training course; the simulation walks few
patrols), one innovation bonus is entered and approved, every grid worker's month is computed, the township
confirms it, nominates its first eligible worker and the district approves the gold medal. Through the real
actions, with the bulk rows written in a few statements: a few seconds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from gridgov.cases.models import Case
from gridgov.disputes.models import Screening
from gridgov.field.models import Patrol
from gridgov.org.models import Role, Staff, UnitKind
from gridgov.worktime.calendar import is_workday

from . import actions
from .facts import month_bounds, month_days
from .models import MonthlyRun, Training

GROUP = 40  # grid workers of the chosen township whose records are completed


def _person(role: str, area_code: str, centre: bool = True) -> Any:
    qs = Staff.objects.filter(role=role, area__code=area_code, active=True).select_related("user")
    return (qs.filter(unit__kind=UnitKind.CENTRE) if centre else qs).order_by("pk").first()


def build(log: Callable[[str], None] = print, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    month = (timezone.localtime(now).date().replace(day=1) - timedelta(days=1)).replace(day=1)
    start, end = month_bounds(month)
    busiest = (Case.objects.filter(channel="grid_app", created_at__gte=start, created_at__lt=end,
                                   reporter__staff__role=Role.GRID_WORKER)
               .values("reporter").annotate(n=Count("pk")).order_by("-n", "reporter").first())
    if busiest is None:
        log("assessment: no grid worker reported anything last month; nothing to assess")
        return {}
    star = Staff.objects.select_related("area").get(user_id=busiest["reporter"])
    township = star.area.code[:9]  # the township of the busiest reporter: its workers' records are completed
    group = [star, *Staff.objects.filter(role=Role.GRID_WORKER, active=True, area__code__startswith=township)
             .exclude(pk=star.pk).select_related("area").order_by("area__code")[:GROUP - 1]]
    _complete_records(group, month)
    _disputes_found(star, month)
    scores = actions.compute_month(month, now=now)
    MonthlyRun.objects.get_or_create(month=month, defaults={"started_at": now, "workers": len(scores)})
    town = _person(Role.DISPATCHER, township)
    district = _person(Role.DISPATCHER, township[:6])
    best = next(s for s in actions.ranking(month, township) if s.worker_id == star.pk)  # the busiest reporter
    leader = _person(Role.GRID_LEADER, best.area_code[:12], centre=False)
    if leader and town:  # innovations of the township's best worker adopted at prefecture and county level: the
        for points, reason in ((8, "“网格夜话”做法被市级采纳推广"), (4, "“一户一码”走访台账被县级采纳")):  # cap: 10
            bonus = actions.enter_adjustment(leader.user, best.worker_id, month, kind="bonus", points=points,
                                             reason=reason, now=now)
            actions.decide_adjustment(town.user, bonus.pk, approve=True, now=now)
        actions.compute_month(month, area_code=township, now=now)
    out: dict[str, Any] = {"month": f"{month:%Y-%m}", "scored": len(scores), "township": township}
    if town is None or district is None:
        return out
    actions.confirm_month(town.user, township, month, now=now)
    board = actions.ranking(month, township)
    nominee = next((s for s in board[:3] if s.eligible), None)
    if nominee is None:
        log(f"assessment {month:%Y-%m}: {len(scores)} grid workers scored; none of {township}'s first three eligible")
        return out
    n = actions.nominate(town.user, nominee.pk, "全月每个工作日巡查、按时核查，群众满意度高", now=now)
    actions.decide_nomination(district.user, n.pk, approve=True, now=now)
    log(f"assessment {month:%Y-%m}: {len(scores)} grid workers scored; gold medal {nominee.worker.user.username} "
        f"({nominee.total} points)")
    return out | {"gold_medal": nominee.worker.user.username}


def _disputes_found(worker: Staff, month: Any) -> None:
    """The busiest reporter's screenings found two neighbourhood disputes that month, recorded through the real
    action (the simulation's disputes go to its few screening grids, so the template's "disputes found" item would
    otherwise stay at 0 for everyone)."""
    from gridgov.disputes.actions import record_dispute

    point = worker.area.shape.representative_point()
    working = [d for d in month_days(month) if is_workday(d)]
    for n, d in enumerate(working[3:5]):
        when = timezone.make_aware(datetime.combine(d, time(10, 0)))
        record_dispute(worker.user, dispute_type="neighbourhood", found_by="screening", lon=point.x, lat=point.y,
                       description="入户排查发现邻里纠纷（演示）", now=when,
                       parties=[{"role": "申请人", "name": f"演示甲{n}"}, {"role": "被申请人", "name": f"演示乙{n}"}])


def _complete_records(group: list[Staff], month: Any) -> None:
    patrols, screenings, trainings = [], [], []
    working = [d for d in month_days(month) if is_workday(d)]
    for w in group:
        point = w.area.shape.representative_point()
        for d in working:
            t0 = timezone.make_aware(datetime.combine(d, time(8, 30))).astimezone(UTC)
            t1 = t0 + timedelta(hours=2, minutes=5)
            patrols.append(Patrol(worker=w, area=w.area, started_at=t0, ended_at=t1, points=2, length_m=2400,
                                  inside_share=1, idempotency_key=f"demo-assess-{d}",
                                  track=[[point.x, point.y, t0.timestamp()], [point.x, point.y, t1.timestamp()]]))
        screenings += [Screening(area=w.area, worker=w, day=d, found=False, note="") for d in working[::5]]
        trainings.append(Training(worker=w, course="矛盾纠纷排查化解实务", day=working[len(working) // 2], hours=4))
    Patrol.objects.bulk_create(patrols, batch_size=1000, ignore_conflicts=True)
    Screening.objects.bulk_create(screenings, batch_size=1000, ignore_conflicts=True)
    Training.objects.bulk_create(trainings)
