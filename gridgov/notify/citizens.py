"""Text messages to a citizen who left a phone number and asked for them (off unless they ticked the box): when
their report is registered and when it is closed, through the enabled SMS channel. The text holds the case number
and the tracking link only; the phone stays on the case (read when sending, never copied into the delivery log)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .deliveries import enqueue_on_commit, link, parse_quiet, person_channel, release
from .models import ChannelKind, Delivery


def text_for(event: str, number: str, tracking_code: str) -> str:
    url = link(reverse("citizen:track_case", args=[tracking_code]))
    with translation.override(settings.LANGUAGE_CODE):
        if event == "registered":
            return _("[gridgov] Your report %(number)s has been registered. Follow it: %(link)s") % {
                "number": number, "link": url}
        return _("[gridgov] Your report %(number)s has been closed. Rate it: %(link)s") % {
            "number": number, "link": url}


def text_citizen(case: Any, event: str, now: datetime) -> Delivery | None:
    """Queue the citizen's SMS for ``event`` ("registered" or "closed") once the action commits; None when they did
    not opt in, left no phone, or no SMS channel is enabled. Quiet hours: GRIDGOV_QUIET_HOURS."""
    if not getattr(case, "citizen_sms", False) or not case.citizen_phone.strip():
        return None
    channel = person_channel(ChannelKind.SMS)
    if channel is None:
        return None
    d = Delivery.objects.create(channel=channel, case_id=case.pk, kind=f"citizen_{event}",
                                text=text_for(event, case.number, case.tracking_code), created_at=now,
                                due_at=release(now, *parse_quiet(settings.GRIDGOV_QUIET_HOURS)))
    enqueue_on_commit(d)
    return d
