"""The recorded facts a template's items are computed from, read for a month and a set of grid workers at once.

Each fact function answers, per worker, a ``Measure``: a number ``n``, for rates what it is a share ``of``, and the
recorded events behind it (``case:ID``, ``entry:ID`` for one timeline entry, ``patrol:ID``, ``screening:ID``,
``training:ID``). "The worker's cases" are those the worker reported from the grid app: the cases the KPI scope
``worker:ID`` counts, with the same facts (``cases.kpis.facts``), on the same local days (docs/ASSESSMENT.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from gridgov.cases.kpis import event_of, facts, local_day
from gridgov.cases.models import Case, TimelineEntry
from gridgov.disputes.models import Dispute, Screening
from gridgov.field.models import Patrol
from gridgov.org.models import Staff
from gridgov.worktime.calendar import is_workday

from .models import Training

ZERO = Decimal(0)


@dataclass
class Measure:
    n: Decimal = ZERO
    of: Decimal | None = None
    events: list[str] = field(default_factory=list)


def month_days(month: date) -> list[date]:
    first = month.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return [first + timedelta(days=i) for i in range((nxt - first).days)]


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first and next month's first instant, local midnight (settings.TIME_ZONE)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    days = month_days(month)
    return (datetime.combine(days[0], time(), zone),
            datetime.combine(days[-1] + timedelta(days=1), time(), zone))


class MonthFacts:
    """Everything recorded in ``month`` for ``workers``, in a few queries; ``measure(fact, worker)`` answers."""

    def __init__(self, month: date, workers: Iterable[Staff]) -> None:
        self.month = month.replace(day=1)
        self.workers = list(workers)
        self.days = month_days(self.month)
        self.working_days = [d for d in self.days if is_workday(d)]
        self.start, self.end = month_bounds(self.month)
        self._cases = self._read_cases()
        self._patrols = self._by_worker(Patrol.objects.filter(started_at__gte=self.start, started_at__lt=self.end)
                                        .values("id", "worker_id", "started_at", "ended_at").order_by("started_at",
                                                                                                       "id"))
        self._screenings = self._by_worker(Screening.objects.filter(day__in=self.days).values(
            "id", "worker_id", "day", "found").order_by("day", "id"))
        self._trainings = self._by_worker(Training.objects.filter(day__in=self.days).values(
            "id", "worker_id", "day", "hours").order_by("day", "id"))
        self._checks = self._read_checks()
        self._acted: dict[int, set[date]] = defaultdict(set)
        users = {w.user_id: w.pk for w in self.workers}
        for actor, at in TimelineEntry.objects.filter(actor_id__in=users, at__gte=self.start,
                                                      at__lt=self.end).values_list("actor_id", "at"):
            self._acted[users[actor]].add(local_day(at))

    def _by_worker(self, rows: Any) -> dict[int, list[dict[str, Any]]]:
        ids = {w.pk for w in self.workers}
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in rows.filter(worker_id__in=ids):
            out[r["worker_id"]].append(r)
        return out

    def _read_cases(self) -> dict[int, list[tuple[int, str, Any]]]:
        """Per worker: (case id, kind, the case's facts) for every case they reported from the grid app that was
        reported in the month or had a rating, rework, feedback or overdue mark in it."""
        users = {w.user_id: w.pk for w in self.workers}
        moved = TimelineEntry.objects.filter(at__gte=self.start, at__lt=self.end,
                                             action__in=("rate", "rework", "submit_feedback", "overdue", "register",
                                                         "close")).values("case_id")
        cases = list(Case.objects.filter(reporter_id__in=users, channel="grid_app")
                     .filter(Q(created_at__gte=self.start, created_at__lt=self.end) | Q(pk__in=moved))
                     .values_list("pk", "reporter_id", "kind").order_by("pk"))
        entries: dict[int, list[Any]] = defaultdict(list)
        for e in TimelineEntry.objects.filter(case_id__in=[c[0] for c in cases]).order_by("case_id", "at", "id"):
            entries[e.case_id].append(event_of(e))
        self.found_by_screening = set(Dispute.objects.filter(case_id__in=[c[0] for c in cases if c[2] == "dispute"],
                                                             found_by="screening").values_list("case_id", flat=True))
        out: dict[int, list[tuple[int, str, Any]]] = defaultdict(list)
        for pk, reporter, kind in cases:
            out[users[reporter]].append((pk, kind, facts(entries[pk])))
        return out

    def _read_checks(self) -> dict[int, list[tuple[int, bool]]]:
        """Per worker: (entry id, on time) for each on-site check they made in the month; on time when made by the
        check deadline the feedback before it set."""
        users = {w.user_id: w.pk for w in self.workers}
        checks = list(TimelineEntry.objects.filter(action="check", actor_id__in=users, at__gte=self.start,
                                                   at__lt=self.end).values_list("id", "case_id", "at", "actor_id"))
        feedback: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
        for case_id, at, data in (TimelineEntry.objects.filter(case_id__in={c[1] for c in checks},
                                                               action="submit_feedback")
                                  .values_list("case_id", "at", "data").order_by("at", "id")):
            feedback[case_id].append((at, (data or {}).get("check_due", "")))
        out: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for pk, case_id, at, actor in sorted(checks):
            due = next((d for t, d in reversed(feedback[case_id]) if t <= at), "")
            due_at = parse_datetime(due) if due else None
            out[users[actor]].append((pk, due_at is None or at <= due_at))
        return out

    # -- the worker's cases, through the KPI facts -----------------------------------------------------------------

    def _in_month(self, day: date) -> bool:
        return self.days[0] <= day <= self.days[-1]

    def _cases_with(self, worker: Staff, metric: str, kind: str | None = None,
                    only: Callable[[int], bool] | None = None) -> list[str]:
        return [f"case:{pk}" for pk, k, f in self._cases.get(worker.pk, [])
                if (kind is None or k == kind) and (only is None or only(pk))
                and any(m == metric and self._in_month(d) and n > 0 for (d, m), n in f.items())]

    def count(self, worker: Staff, metric: str, kind: str | None = None) -> Measure:
        events = self._cases_with(worker, metric, kind)
        return Measure(Decimal(len(events)), None, events)

    def share(self, worker: Staff, good: str, total: str, kind: str | None = None) -> Measure:
        events = self._cases_with(worker, total, kind)
        return Measure(Decimal(len(self._cases_with(worker, good, kind))), Decimal(len(events)), events)

    # -- the fact functions a template names ---------------------------------------------------------------------

    def reports(self, w: Staff) -> Measure:
        return self.count(w, "reported")

    def self_handled(self, w: Staff) -> Measure:
        return self.count(w, "self_handled")

    def timely_registration(self, w: Staff) -> Measure:
        return self.share(w, "registered_on_time", "registered")

    def timely_handling(self, w: Staff) -> Measure:
        return self.share(w, "cohort_closed_on_time", "cohort_valid")

    def disputes_found(self, w: Staff) -> Measure:
        events = self._cases_with(w, "reported", "dispute", only=self.found_by_screening.__contains__)
        return Measure(Decimal(len(events)), None, events)

    def disputes_resolved(self, w: Staff) -> Measure:
        return self.share(w, "cohort_resolved", "cohort_closed", "dispute")

    def satisfaction(self, w: Staff) -> Measure:
        return self.share(w, "satisfied", "rated")

    def rework(self, w: Staff) -> Measure:
        return self.count(w, "reworked_cases")

    def overdue(self, w: Staff) -> Measure:
        return self.count(w, "overdue_cases")

    def checks_on_time(self, w: Staff) -> Measure:
        checks = self._checks.get(w.pk, [])
        return Measure(Decimal(sum(ok for _, ok in checks)), Decimal(len(checks)), [f"entry:{pk}" for pk, _ in checks])

    def patrol_coverage(self, w: Staff) -> Measure:
        patrols = self._patrols.get(w.pk, [])
        covered = {local_day(p["started_at"]) for p in patrols} & set(self.working_days)
        return Measure(Decimal(len(covered)), Decimal(len(self.working_days)), [f"patrol:{p['id']}" for p in patrols])

    def patrol_hours(self, w: Staff) -> Measure:
        patrols = self._patrols.get(w.pk, [])
        seconds = sum(int((p["ended_at"] - p["started_at"]).total_seconds()) for p in patrols)
        return Measure((Decimal(seconds) / 3600).quantize(Decimal("0.01")), None,
                       [f"patrol:{p['id']}" for p in patrols])

    def screenings(self, w: Staff) -> Measure:
        rows = self._screenings.get(w.pk, [])
        return Measure(Decimal(len(rows)), None, [f"screening:{r['id']}" for r in rows])

    def training_hours(self, w: Staff) -> Measure:
        rows = self._trainings.get(w.pk, [])
        return Measure(sum((r["hours"] for r in rows), ZERO), None, [f"training:{r['id']}" for r in rows])

    def active_days(self, w: Staff) -> set[date]:
        """The days the work ledger shows something: an action on a case, a patrol, a screening."""
        return (self._acted.get(w.pk, set()) | {local_day(p["started_at"]) for p in self._patrols.get(w.pk, [])}
                | {s["day"] for s in self._screenings.get(w.pk, [])})

    def measure(self, fact: str, worker: Staff) -> Measure:
        return getattr(self, fact)(worker)


# fact function → (what it counts, "count" or "rate" or "hours"); docs/ASSESSMENT.md says the same in words
FACTS: dict[str, tuple[Any, str]] = {
    "reports": (_("cases reported from the grid app"), "count"),
    "self_handled": (_("cases solved on the spot"), "count"),
    "timely_registration": (_("of the worker's cases registered in the month, registered by the deadline"), "rate"),
    "timely_handling": (_("of the worker's cases reported in the month, closed on time"), "rate"),
    "patrol_coverage": (_("working days with a patrol, of the month's working days"), "rate"),
    "patrol_hours": (_("hours on patrol"), "hours"),
    "screenings": (_("dispute screenings recorded"), "count"),
    "disputes_found": (_("disputes found by screening and recorded"), "count"),
    "disputes_resolved": (_("of the worker's disputes concluded, resolved with an agreement"), "rate"),
    "checks_on_time": (_("on-site checks made by their deadline, of the checks made"), "rate"),
    "satisfaction": (_("ratings of 4 or 5 stars, of the ratings given"), "rate"),
    "rework": (_("cases sent back for rework"), "count"),
    "overdue": (_("cases that went overdue"), "count"),
    "training_hours": (_("hours of training"), "hours"),
}
