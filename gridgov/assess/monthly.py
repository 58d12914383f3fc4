"""The monthly run: after a month ends, the worker's scan computes every grid worker's score for it once. Whichever
process inserts the month's ``MonthlyRun`` row computes; another racing it meets the unique month and does nothing."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from gridgov.cases.kpis import local_day

from .actions import compute_month
from .models import MonthlyRun

log = logging.getLogger(__name__)


def run_if_due(now: datetime | None = None) -> int | None:
    """Compute last month's scores if nobody has yet: the number of workers scored, or None (done before)."""
    now = now or timezone.now()
    month = (local_day(now).replace(day=1) - timedelta(days=1)).replace(day=1)
    if MonthlyRun.objects.filter(month=month).exists():
        return None
    try:
        with transaction.atomic():
            run = MonthlyRun.objects.create(month=month, started_at=now)
            run.workers = len(compute_month(month, now=now))
            run.save(update_fields=["workers"])
    except IntegrityError:
        return None  # another process got there first
    log.warning("assessment: %d grid workers scored for %s", run.workers, f"{month:%Y-%m}")
    return run.workers
