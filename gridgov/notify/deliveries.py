"""Deliveries: who gets a notification through which channel and when, and one attempt at sending.

Planning (``plan``, run by the queue after the notification's transaction committed): every active recipient (the
person, or every active member of the unit) gets one delivery per person channel their preferences ask for (no
preference row: ``DEFAULTS``), when they have an address for it; the unit's enabled group robots get one each. The
text is the kind, the subject (a case number) and an absolute link — never the notification's message, which may
name people.

Timing: a person's delivery falling in their quiet hours (Asia/Shanghai; default GRIDGOV_QUIET_HOURS) waits until
they end, except the urgent kinds (alarms, emergencies: someone must act now, at any hour). Group robots post at
once (a group chat has no night; its members mute it themselves).

Attempts (``attempt``): a delivery is claimed by one conditional update (pending and due → sending), so two workers
never send it twice; the answer is logged as an ``Attempt``; a failure is tried again after
GRIDGOV_DELIVERY_RETRY_SECONDS × 2^(attempts − 1) (capped), from ``timezone.now()``, until
GRIDGOV_DELIVERY_MAX_ATTEMPTS, then the delivery is ``failed`` (the back office lists them).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gridgov.revisions.cache import Cached

from . import channels
from .models import (
    Attempt,
    Channel,
    ChannelKind,
    Delivery,
    DeliveryStatus,
    Kind,
    Notification,
    Preference,
    QuietHours,
)

LOCAL = ZoneInfo("Asia/Shanghai")
URGENT = frozenset({Kind.ALARM, Kind.EMERGENCY})  # delivered in quiet hours too
DEFAULTS: dict[str, frozenset[str]] = {  # person channels by kind when the person chose nothing
    ChannelKind.SMS: frozenset({Kind.ALARM, Kind.EMERGENCY, Kind.ESCALATED, Kind.OVERDUE}),
    ChannelKind.EMAIL: frozenset(Kind.values) - {Kind.OTHER},
}

enabled_channels: Cached[list[Channel]] = Cached(
    lambda: list(Channel.objects.filter(enabled=True).order_by("id")), Channel)


def person_channel(kind: str) -> Channel | None:
    """The channel that carries person messages of ``kind`` (sms, email): the first enabled one."""
    return next((c for c in enabled_channels.get() if c.kind == kind), None)


def link(url: str) -> str:
    return settings.GRIDGOV_PUBLIC_URL.rstrip("/") + "/" + url.lstrip("/")


def text_of(kind: str, subject: str, url: str) -> str:
    """What goes out: the kind, the subject (a case number) and a link, in the site's language. Nothing else."""
    with translation.override(settings.LANGUAGE_CODE):
        label = Kind(kind).label if kind in Kind.values else kind
        return _("[gridgov] %(kind)s: %(subject)s %(link)s") % {"kind": label, "subject": subject, "link": link(url)}


# -- quiet hours and backoff -----------------------------------------------------------------------------------------

def parse_quiet(text: str) -> tuple[time | None, time | None]:
    """``"22:00-07:00"`` → (22:00, 07:00); empty → no quiet hours."""
    if not text.strip():
        return None, None
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    return start, end


def quiet_hours_of(user_id: int | None) -> tuple[time | None, time | None]:
    row = QuietHours.objects.filter(user_id=user_id).first() if user_id else None
    return (row.start, row.end) if row else parse_quiet(settings.GRIDGOV_QUIET_HOURS)


def release(now: datetime, start: time | None, end: time | None) -> datetime:
    """``now``, or the end of the quiet hours (local time) when ``now`` falls in them; windows may span midnight."""
    if start is None or end is None or start == end:
        return now
    local = now.astimezone(LOCAL)
    t = local.time()
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return now
    day = local.date() if t < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=LOCAL).astimezone(now.tzinfo)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: base × 2^(attempts − 1), at most the cap."""
    seconds = settings.GRIDGOV_DELIVERY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.GRIDGOV_DELIVERY_RETRY_MAX_SECONDS))


# -- planning --------------------------------------------------------------------------------------------------------

def recipients(n: Notification) -> list[Any]:
    """The active people a notification reaches: its person, or every active member of its unit."""
    users = get_user_model().objects.filter(is_active=True).select_related("staff")
    if n.user_id:
        return list(users.filter(pk=n.user_id))
    return list(users.filter(staff__unit_id=n.unit_id, staff__active=True).order_by("pk"))


def address(kind: str, user: Any) -> str:
    """A person's address for a channel kind: the work phone for SMS, the account's e-mail for e-mail."""
    if kind == ChannelKind.SMS:
        staff = getattr(user, "staff", None)
        return (staff.work_phone if staff is not None else "").strip()
    return (user.email or "").strip()


def wanted(user_ids: Iterable[int], kind: str) -> dict[int, set[str]]:
    """Per person, the person channel kinds they receive for ``kind``."""
    chosen = {p.user_id: p for p in Preference.objects.filter(user_id__in=list(user_ids), kind=kind)}
    out: dict[int, set[str]] = {}
    for uid in user_ids:
        p = chosen.get(uid)
        if p is not None:
            out[uid] = {k for k, on in ((ChannelKind.SMS, p.sms), (ChannelKind.EMAIL, p.email)) if on}
        else:
            out[uid] = {k for k, kinds in DEFAULTS.items() if kind in kinds}
    return out


def plan(notification_id: int, now: datetime | None = None) -> list[Delivery]:
    """The deliveries of one notification (none twice: a notification already planned is left alone)."""
    now = now or timezone.now()
    n = Notification.objects.filter(pk=notification_id).first()
    if n is None or Delivery.objects.filter(notification=n).exists():
        return []
    text = text_of(n.kind, n.subject, n.url)
    made: list[Delivery] = []
    people = recipients(n)
    choice = wanted([u.pk for u in people], n.kind)
    for user in people:
        due = now if n.kind in URGENT else release(now, *quiet_hours_of(user.pk))
        for kind in sorted(choice[user.pk]):
            channel = person_channel(kind)
            if channel is not None and address(kind, user):
                made.append(Delivery(channel=channel, notification=n, user=user, kind=n.kind, text=text,
                                     created_at=now, due_at=due))
    if n.unit_id:
        for robot in enabled_channels.get():
            if robot.unit_id == n.unit_id and (not robot.kinds or n.kind in robot.kinds):
                made.append(Delivery(channel=robot, notification=n, kind=n.kind, text=text, created_at=now,
                                     due_at=now))
    with transaction.atomic():
        Delivery.objects.bulk_create(made)
        for d in made:
            enqueue_on_commit(d)
    return made


def enqueue_on_commit(d: Delivery) -> None:
    """Queue the delivery's attempt once the current transaction commits (at its due time)."""
    from .tasks import deliver

    due, pk = d.due_at, d.pk
    transaction.on_commit(lambda: deliver.using(run_after=due).enqueue(pk))


# -- one attempt -----------------------------------------------------------------------------------------------------

def resolve(d: Delivery) -> str | None:
    """The address to send to, read now (None: there is none any more, the delivery is dropped)."""
    if d.channel.kind not in (ChannelKind.SMS, ChannelKind.EMAIL):
        return ""
    if d.case_id is not None:  # a citizen who opted in: the phone on their case
        case = apps.get_model("cases", "Case").objects.filter(pk=d.case_id, citizen_sms=True).first()
        return (case.citizen_phone.strip() or None) if case else None
    user = get_user_model().objects.filter(pk=d.user_id, is_active=True).select_related("staff").first()
    return (address(d.channel.kind, user) or None) if user else None


def attempt(delivery_id: int, now: datetime | None = None) -> str:
    """Try one delivery once, if it is waiting and due; returns its status afterwards ("" when not ours to try)."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING, due_at__lte=now).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, due_at=now)  # due_at: when claimed
    if not claimed:
        return ""  # sent, failed, not yet due, or another worker has it
    d = Delivery.objects.select_related("channel").get(pk=delivery_id)
    to = resolve(d)
    if to is None or not d.channel.enabled:
        error = _("no address any more") if to is None else _("the channel was disabled")
        Attempt.objects.create(delivery=d, at=now, ok=False, error=error)
        Delivery.objects.filter(pk=d.pk).update(status=DeliveryStatus.DROPPED, last_error=error)
        return DeliveryStatus.DROPPED
    answer = channels.send(d.channel, d.text, to)
    done = timezone.now()
    with transaction.atomic():
        Attempt.objects.create(delivery=d, at=done, ok=answer.ok, status_code=answer.status_code,
                               answer=answer.answer[:300], error=answer.error[:300])
        if answer.ok:
            d.status, d.sent_at, d.last_error = DeliveryStatus.SENT, done, ""
        elif d.attempts >= settings.GRIDGOV_DELIVERY_MAX_ATTEMPTS:
            d.status, d.last_error = DeliveryStatus.FAILED, answer.error[:300]
        else:
            d.status, d.due_at, d.last_error = DeliveryStatus.PENDING, done + backoff(d.attempts), answer.error[:300]
            enqueue_on_commit(d)
        d.save(update_fields=["status", "sent_at", "last_error", "due_at"])
    return d.status
