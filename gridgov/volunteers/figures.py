"""The volunteers' dashboard figures, each formula written once here (docs/VOLUNTEERS.md says them in words).

Every figure reads through the reader's scope (``visible_to``) and an area (its code prefixes the rows' area
codes); a figure is computed from the same list the page shows behind it, so the two always agree.

- hours: approved attendances, counted at the activity's start, by the activity's team and area;
- active volunteers: members whose approved hours in the ``active_months`` months up to the period's end reach
  ``active_months × active_hours_per_month`` (e.g. 3 × 8 = 24 h);
- points issued: the sum of positive ledger entries in the period; redeemed: the sum of redemptions (as positive).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet, Sum

from gridgov.geo.models import scope_prefix

from .models import Attendance, AttendanceStatus, EntryKind, LedgerEntry, PointRules

SH = ZoneInfo("Asia/Shanghai")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Period:
    area_code: str
    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), SH)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), SH)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    for d in range(day.day, 0, -1):
        try:
            return date(y, m, d)
        except ValueError:
            continue
    raise ValueError(day)


def approved(user: Any, area_code: str, start: datetime, end: datetime) -> QuerySet[Attendance]:
    return Attendance.objects.visible_to(user).filter(
        status=AttendanceStatus.APPROVED, activity__area__code__startswith=scope_prefix(area_code),
        activity__starts_at__gte=start, activity__starts_at__lt=end)


def hours_by(user: Any, p: Period, field: str, label: str) -> list[dict[str, Any]]:
    rows = (approved(user, p.area_code, p.start, p.end).values(field, label).annotate(hours=Sum("hours"))
            .order_by(field))
    return [{"key": r[field], "name": r[label], "hours": r["hours"]} for r in rows]


def active_volunteers(user: Any, p: Period, rules: PointRules) -> list[dict[str, Any]]:
    """The active volunteers (the list behind the figure), most hours first."""
    end = p.end
    start = datetime.combine(months_before(p.last + timedelta(days=1), rules.active_months), time(), SH)
    need = rules.active_hours_per_month * rules.active_months
    rows = (approved(user, p.area_code, start, end).values("member_id", "member__name", "member__team__name")
            .annotate(hours=Sum("hours")).filter(hours__gte=need).order_by("-hours", "member_id"))
    from gridgov.org.models import mask_name

    return [{"member_id": r["member_id"], "name": mask_name(r["member__name"]), "team": r["member__team__name"] or "",
             "hours": r["hours"]} for r in rows]


def points(user: Any, p: Period) -> dict[str, Decimal]:
    entries = LedgerEntry.objects.visible_to(user).filter(member__area__code__startswith=p.area_code,
                                                          at__gte=p.start, at__lt=p.end)
    sums = entries.aggregate(issued=Sum("points", filter=Q(points__gt=0)),
                             redeemed=Sum("points", filter=Q(kind=EntryKind.REDEMPTION)))
    return {"issued": sums["issued"] or ZERO, "redeemed": -(sums["redeemed"] or ZERO)}


def dashboard(user: Any, p: Period) -> dict[str, Any]:
    rules = PointRules.current()
    active = active_volunteers(user, p, rules)
    by_team = hours_by(user, p, "activity__team_id", "activity__team__name")
    by_area = hours_by(user, p, "activity__area__code", "activity__area__name")
    return {
        "area": p.area_code, "from": p.first, "to": p.last,
        "rule": {"active_hours_per_month": rules.active_hours_per_month, "active_months": rules.active_months},
        "active_volunteers": len(active), "active": active,
        "hours": sum((r["hours"] for r in by_team), ZERO), "hours_by_team": by_team, "hours_by_area": by_area,
        **{f"points_{k}": v for k, v in points(user, p).items()},
    }
