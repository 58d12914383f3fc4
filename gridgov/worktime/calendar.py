"""Working days and working hours on the official calendar, and ``deadline_for``.

Deadline specs are ``"<n><unit>"``: ``m`` minutes and ``h`` hours (calendar time), ``wh`` working hours (office hours
on working days only), ``wd`` working days (the end of office hours on the n-th working day after the start's day).
Office hours come from the setting ``GRIDGOV_OFFICE_HOURS`` ("08:30-12:00,13:30-17:30" by default), in Asia/Shanghai.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from gridgov.revisions.cache import Cached, bump

from .models import CalendarYear, SpecialDay

_SPEC = re.compile(r"^(\d{1,4})(m|h|wh|wd|d)$")


class BadSpec(ValueError):
    pass


def _read() -> tuple[dict[date, bool], set[int]]:
    return (dict(SpecialDay.objects.values_list("date", "workday")),
            set(CalendarYear.objects.values_list("year", flat=True)))


# The calendar in this process, read again when another process (or this one) changes a special day or a year.
_calendar = Cached(_read, SpecialDay, CalendarYear)


def forget(*args: Any, **kwargs: Any) -> None:
    """The calendar was written without the ORM's signals (seeded after a flush): every process reads it again."""
    bump(SpecialDay._meta.db_table, CalendarYear._meta.db_table)


def _load() -> tuple[dict[date, bool], set[int]]:
    return _calendar.get()


def is_workday(d: date) -> bool:
    special, _years = _load()
    if d in special:
        return special[d]
    return d.weekday() < 5


def missing_years(years: range | list[int]) -> list[int]:
    """Years asked about that have no holiday data (Monday–Friday is assumed for them)."""
    _special, known = _load()
    return [y for y in years if y not in known]


def office_hours() -> list[tuple[time, time]]:
    spec = getattr(settings, "GRIDGOV_OFFICE_HOURS", "08:30-12:00,13:30-17:30")
    out = []
    for part in spec.split(","):
        a, b = part.strip().split("-")
        out.append((time.fromisoformat(a), time.fromisoformat(b)))
    return out


def parse_spec(spec: str) -> tuple[int, str]:
    m = _SPEC.match(spec.strip())
    if not m:
        raise BadSpec(f"{spec!r} is not a deadline: use a number and m, h, wh, wd or d (e.g. 30m, 4wh, 5wd, 15d)")
    return int(m.group(1)), m.group(2)


def deadline_for(start: datetime, spec: str) -> datetime:
    """When something that starts at ``start`` (aware) and may take ``spec`` is due; returned in UTC."""
    n, unit = parse_spec(spec)
    if unit == "m":
        return start + timedelta(minutes=n)
    if unit == "h":
        return start + timedelta(hours=n)
    tz = timezone.get_default_timezone()
    local = timezone.localtime(start, tz)
    if unit == "d":  # statutory periods in days: the end of the last day, moved past a holiday it falls on
        d = local.date() + timedelta(days=n)
        while not is_workday(d):
            d += timedelta(days=1)
        return datetime.combine(d, time(23, 59, 59), tz).astimezone(UTC)
    hours = office_hours()
    if unit == "wd":
        d, left = local.date(), n
        while left > 0:
            d += timedelta(days=1)
            if is_workday(d):
                left -= 1
        if n == 0:
            while not is_workday(d):
                d += timedelta(days=1)
        return datetime.combine(d, hours[-1][1], tz).astimezone(UTC)
    remaining = timedelta(hours=n)
    d, t = local.date(), local.timetz().replace(tzinfo=None)
    for _ in range(3660):  # ten years of days: far beyond any deadline
        if is_workday(d):
            for a, b in hours:
                begin = max(t, a)
                if begin >= b:
                    continue
                span = datetime.combine(d, b) - datetime.combine(d, begin)
                if remaining <= span:
                    return datetime.combine(d, begin, tz).astimezone(UTC) + remaining
                remaining -= span
        d, t = d + timedelta(days=1), time(0, 0)
    raise BadSpec(f"{spec!r} ends more than ten years ahead")
