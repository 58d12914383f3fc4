"""A person's own choices: per kind of notification, SMS and e-mail on or off; and their quiet hours. Saved in one
transaction and audited (``audit.record_event``)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.db import transaction

from gridgov.audit.actions import record_event

from .deliveries import DEFAULTS, quiet_hours_of
from .models import ChannelKind, Kind, Preference, QuietHours


def current(user: Any) -> dict[str, Any]:
    """What the person receives now: ``{"kinds": [(kind, label, sms, email)], "quiet": (start, end)}``."""
    rows = {p.kind: p for p in Preference.objects.filter(user_id=user.pk)}
    kinds = []
    for kind, label in Kind.choices:
        p = rows.get(kind)
        sms = p.sms if p else kind in DEFAULTS[ChannelKind.SMS]
        email = p.email if p else kind in DEFAULTS[ChannelKind.EMAIL]
        kinds.append((kind, label, sms, email))
    return {"kinds": kinds, "quiet": quiet_hours_of(user.pk)}


def save(user: Any, chosen: dict[str, tuple[bool, bool]], start: time | None, end: time | None) -> None:
    """Store every kind's choice (kinds not in ``chosen``: both off) and the quiet hours (both None: none)."""
    before = current(user)
    with transaction.atomic():
        for kind in Kind.values:
            sms, email = chosen.get(kind, (False, False))
            Preference.objects.update_or_create(user_id=user.pk, kind=kind, defaults={"sms": sms, "email": email})
        QuietHours.objects.update_or_create(user_id=user.pk, defaults={"start": start, "end": end})
        after = current(user)
        changes = {k: [b, a] for (k, _l, *b), (_k, _l2, *a) in zip(before["kinds"], after["kinds"], strict=True)
                   if b != a}
        if before["quiet"] != after["quiet"]:
            changes["quiet"] = [[str(t) for t in before["quiet"]], [str(t) for t in after["quiet"]]]
        record_event(user, "notify.preferences", user, changes)
