"""Reads the pages share: what waits for whom, and which deadline a case runs against now."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q, QuerySet, When

from gridgov.org.models import Role

from .actions import staff_of, visible
from .models import OPEN_STATUSES, Case, Status
from .rules import DESK, FIELD, UNIT_ROLES

# The deadline that matters in each status (the countdown the inbox shows).
DUE_FIELD = {Status.REPORTED: "register_due", Status.REGISTERED: "dispatch_due", Status.DISPATCHED: "handle_due",
             Status.IN_PROGRESS: "handle_due", Status.FEEDBACK: "check_due"}


def waiting_for(user: Any) -> Q:
    """Cases whose next step is this user's, by role (the rules in ``rules.py`` decide what they may then do)."""
    if getattr(user, "is_superuser", False):
        return Q(status__in=OPEN_STATUSES)
    staff = staff_of(user)
    if staff is None:
        return Q(pk__in=[])
    role, q = staff.role, Q(pk__in=[])
    if role == Role.ADMINISTRATOR:
        return Q(status__in=OPEN_STATUSES)
    if role in DESK:
        q |= Q(status__in=[Status.REPORTED, Status.CHECKED])
    if role == Role.DISPATCHER:
        q |= Q(status__in=[Status.REGISTERED, Status.CHECK_FAILED, Status.SUSPENDED])
        q |= Q(status=Status.IN_PROGRESS) & ~Q(pending_extension="")
    if role in UNIT_ROLES and staff.unit_id:
        q |= Q(handling_unit=staff.unit_id, status__in=[Status.DISPATCHED, Status.IN_PROGRESS])
    if role in FIELD:
        q |= Q(status=Status.REPORTED, verified=False) | Q(status=Status.FEEDBACK)
    if role == Role.LEADER:
        q |= Q(overdue=True, status__in=OPEN_STATUSES)
    return q


def readable_case(user: Any, pk: int, **filters: Any) -> Case | None:
    """The case ``pk`` if ``user`` may open it (``actions.visible``: in their jurisdiction, handled by their unit,
    or reported by them), else None. Every page and API call that opens one case by its id goes through here."""
    case = Case.objects.filter(pk=pk, **filters).select_related("category").first()
    return case if case is not None and visible(user, case) else None


def with_due(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate ``due``: the deadline of the case's current step (null when none runs)."""
    return qs.annotate(due=models.Case(*(When(status=s, then=F(f)) for s, f in DUE_FIELD.items()),
                                       default=None, output_field=models.DateTimeField()))


def inbox_order(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Overdue first, then the nearest deadline, then the newest."""
    return with_due(qs).order_by("-overdue", F("due").asc(nulls_last=True), "-created_at", "-id")
