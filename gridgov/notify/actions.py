"""Every write of notifications: ``notify`` (called by the actions of other apps inside their transaction) and
the reader's ``mark_read`` / ``mark_all_read``. ``inbox`` is the one read: what is addressed to the person or to
their unit, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gridgov.org.models import Unit

from .models import Kind, Notification, Receipt
from .tasks import after_notify


def notify(kind: str, *, subject: str, url: str, message: str = "", user: Any = None, unit: Unit | None = None,
           object_type: str = "", object_id: int | None = None, area_code: str = "",
           at: datetime | None = None) -> Notification:
    """Address a notification to a person or a unit. ``subject`` names the object (a case number), ``url`` links to
    it; neither may carry personal data. Runs inside the caller's transaction: it exists only if the action did."""
    if user is None and unit is None:
        raise ValueError("a notification needs a person or a unit")
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    n = Notification.objects.create(
        kind=kind, at=at or timezone.now(), user=user, unit=unit, subject=subject[:80], message=message[:300],
        url=url[:300], object_type=object_type, object_id=object_id, area_code=area_code)
    after_notify(n)  # outbound channels: planned and queued once the transaction commits
    return n


def addressed_to(user: Any) -> Q:
    """The notifications a person receives: theirs, and their unit's while they are an active member of it."""
    q = Q(user_id=user.pk)
    staff = getattr(user, "staff", None)
    if staff is not None and staff.active and staff.unit_id:
        q |= Q(unit_id=staff.unit_id)
    return q


def inbox(user: Any) -> QuerySet[Notification]:
    """The person's notifications, each annotated ``is_read``, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    read = Receipt.objects.filter(notification=OuterRef("pk"), user_id=user.pk)
    return Notification.objects.filter(addressed_to(user)).annotate(is_read=Exists(read))


def unread(user: Any) -> QuerySet[Notification]:
    return inbox(user).filter(is_read=False)


def mark_read(user: Any, ids: Iterable[int]) -> int:
    """Mark the person's own notifications read; ids outside their inbox are ignored. Returns how many were new."""
    now = timezone.now()
    wanted = list(unread(user).filter(pk__in=list(ids)).values_list("pk", flat=True))
    made = 0
    for pk in wanted:
        try:
            with transaction.atomic():
                Receipt.objects.create(notification_id=pk, user_id=user.pk, read_at=now)
                made += 1
        except IntegrityError:  # read at the same moment from another tab
            pass
    return made


def mark_all_read(user: Any) -> int:
    return mark_read(user, unread(user).values_list("pk", flat=True))
