"""``gridgov bench emergency``: how long switching a whole district into an emergency takes (one task per finest
grid, bulk-inserted in one transaction, its staff notified), beside a naive baseline in the same run (one INSERT and
one savepoint per grid). Both run in transactions that are rolled back, so the database is left as it was."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from .actions import leaves, switch_on
from .models import Emergency, GridTask, Plan


class _Rollback(Exception):
    pass


def _timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    out = None
    try:
        with transaction.atomic():
            out = fn()
            raise _Rollback
    except _Rollback:
        pass
    return time.perf_counter() - started, out


def run_here(user: Any, area_code: str, plan_code: str = "flood") -> dict[str, Any]:
    grids = leaves(area_code).count()

    def ours() -> int:
        return switch_on(user, area_code=area_code, plan_code=plan_code, reason="bench")[1]

    def naive() -> int:
        from gridgov.geo.models import Area

        area = Area.objects.get(code=area_code)
        e = Emergency.objects.create(plan=Plan.objects.get(code=plan_code), area=area, area_code=area_code,
                                     reason="bench", started_at=time_now())
        n = 0
        for grid in leaves(area_code):
            with transaction.atomic():
                GridTask.objects.create(emergency=e, area=grid, area_code=grid.code, target=grid.households or 0)
            n += 1
        return n

    naive_s, naive_n = _timed(naive)
    ours_s, made = _timed(ours)
    assert made == naive_n == grids, (made, naive_n, grids)
    return {"area": area_code, "grids": grids, "tasks_created": made, "ours_s": round(ours_s, 3),
            "naive_s": round(naive_s, 3), "speedup": round(naive_s / ours_s, 1) if ours_s else None,
            "database": connection.vendor}


def time_now() -> Any:
    from django.utils import timezone

    return timezone.now()


def run(district: str) -> dict[str, Any]:
    """On the current database, which must hold the district (``gridgov demo --no-serve`` builds it)."""
    from gridgov.geo.models import Area

    if not Area.objects.filter(code=district, level=1).exists():
        raise ValueError(f"district {district} is not in the database: build it first (gridgov demo --no-serve)")
    with transaction.atomic():
        user = get_user_model().objects.create(username="bench-emergency", is_superuser=True, is_active=True)
        try:
            return run_here(user, district)
        finally:
            transaction.set_rollback(True)
