"""The overdue and escalation scan: state in the database, idempotent, safe to run from several processes.

For every open case whose handling deadline is near (GRIDGOV_DEADLINE_WARNING of its period left): tell the handling
unit, once. For every open case whose handling deadline has passed and that is not yet marked overdue for that
deadline: mark it overdue (timeline ``overdue``), remind the handling unit, and escalate it one level up (village →
township → district) with a new deadline for the new unit; at the top level it stays overdue with the reminder.
Kinds whose acceptance itself has a statutory limit (petitions: decide within 15 days) are also marked overdue, and
their owner centre reminded, when that limit passes before they are registered.

Several scans at once (``gridgov serve`` on several nodes, ``gridgov worker`` processes) share the work: each case
is claimed by one of them (``claim``) and marked and escalated in that one transaction, so none acts on a case
twice and none waits for another's case.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gridgov.revisions.cache import check_at_next_use

from .actions import SYSTEM, ActionError, take_action
from .models import Case, Status
from .notices import warn_deadline

log = logging.getLogger(__name__)
STATUTORY_ACCEPTANCE = ("petition",)  # kinds whose registration deadline is a legal limit, watched by the scan


@dataclass
class ScanResult:
    overdue: int = 0
    escalated: int = 0
    warned: int = 0


def scan(now: datetime | None = None) -> ScanResult:
    now = now or timezone.now()
    result = ScanResult()
    near = (Case.objects.filter(status__in=[Status.DISPATCHED, Status.IN_PROGRESS], deadline_warn_at__lte=now,
                                handle_due__gt=now, overdue=False)
            .values_list("pk", "deadline_warn_at").order_by("handle_due"))
    for pk, warn_at in list(near):  # "deadline approaching", once per case and deadline (``notices.warn_deadline``)
        result.warned += int(warn_deadline(pk, warn_at, now))
    due = Case.objects.filter(status__in=[Status.DISPATCHED, Status.IN_PROGRESS], handle_due__lt=now, overdue=False)
    for pk in list(due.values_list("pk", flat=True).order_by("handle_due")):
        with transaction.atomic():  # marked and escalated together, or neither (a scan that dies leaves it due)
            if not claim(due, pk) or not mark_overdue(pk, "handle_due", now):
                continue  # another scan holds it, or got there first
            result.overdue += 1
            try:
                take_action(SYSTEM, pk, "escalate", note="overdue: escalated by the scan", now=now)
                result.escalated += 1
            except ActionError:
                pass  # already at the top: it stays overdue, and reminded
    late = Case.objects.filter(kind__in=STATUTORY_ACCEPTANCE, status=Status.REPORTED, register_due__lt=now,
                               overdue=False)
    for pk in list(late.values_list("pk", flat=True).order_by("register_due")):
        with transaction.atomic():
            result.overdue += int(claim(late, pk) and mark_overdue(pk, "register_due", now))
    unreplied = Case.objects.filter(kind__in=STATUTORY_ACCEPTANCE, status=Status.REGISTERED, handle_due__lt=now,
                                    overdue=False)  # accepted, never handed on
    for pk in list(unreplied.values_list("pk", flat=True)):
        with transaction.atomic():
            result.overdue += int(claim(unreplied, pk) and mark_overdue(pk, "handle_due", now))
    return result


def claim(still_due: QuerySet[Case], pk: int) -> bool:
    """Take the case for this scan, inside the caller's transaction: True when it is still due and no other scan
    holds it. On PostgreSQL ``SELECT … FOR UPDATE SKIP LOCKED`` locks it until the transaction ends, and a case
    another scan (another thread, process or node) has locked is skipped at once instead of waited for and then
    found done; on SQLite the transaction itself holds the database's write lock. The actions' own checks
    (``mark_overdue`` refuses a case already marked) stay behind it."""
    return still_due.filter(pk=pk).select_for_update(skip_locked=True).values_list("pk", flat=True).first() is not None


def mark_overdue(pk: int, due_field: str, now: datetime) -> bool:
    """Mark the case overdue for the deadline in ``due_field`` and remind whoever holds it: the system's action
    ``overdue`` (declared in ``rules.py``); False if the case is not (or no longer) overdue."""
    try:
        take_action(SYSTEM, pk, "overdue", fields={"due": due_field}, now=now)
    except ActionError:
        return False
    return True


_hooks: list[Callable[[datetime], object]] = []


def add_hook(hook: Callable[[datetime], object]) -> None:
    """Run ``hook(now)`` after every scan of the worker loop (e.g. the monthly assessment); each hook is
    idempotent and safe to run from several processes."""
    if hook not in _hooks:
        _hooks.append(hook)


def run_forever(interval: float, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            check_at_next_use()  # categories, calendar and units changed by the web processes are read again
            r = scan()
            for hook in _hooks:
                hook(timezone.now())
            if r.overdue:
                log.warning("scan: %d overdue, %d escalated", r.overdue, r.escalated)
        except Exception:  # noqa: BLE001 - the loop must survive a failed scan; it is logged and retried
            log.exception("scan failed")
        stop.wait(interval)
