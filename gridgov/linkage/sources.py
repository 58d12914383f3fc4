"""Alarm sources: registered with a fresh Standard Webhooks secret, shown once; a rotation keeps the previous secret
valid for ``GRIDGOV_ALARM_SECRET_OVERLAP_MINUTES`` so the platform can switch over without losing alarms."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gridgov.audit.actions import record_event

from .models import AlarmSource
from .signatures import new_secret


class SourceError(ValueError):
    pass


def add_source(name: str, actor: Any = None) -> tuple[AlarmSource, str]:
    """Register a source; returns it and its secret (shown once: print it, hand it to the platform)."""
    slug = slugify(name)[:50]
    if not slug or slug != name:
        raise SourceError(_("a source name is lower-case letters, digits and hyphens, e.g. snow-light"))
    if AlarmSource.objects.filter(name=slug).exists():
        raise SourceError(_("there is already a source named %(name)s") % {"name": slug})
    secret = new_secret()
    with transaction.atomic():
        source = AlarmSource.objects.create(name=slug, secret=secret)
        record_event(actor, "alarm_source.add", source)
    return source, secret


def rotate(source: AlarmSource, actor: Any = None, now: datetime | None = None) -> str:
    """A new secret for ``source``; the old one is still accepted for the overlap."""
    now = now or timezone.now()
    secret = new_secret()
    with transaction.atomic():
        source.previous_secret, source.secret = source.secret, secret
        source.previous_until = now + timedelta(minutes=settings.GRIDGOV_ALARM_SECRET_OVERLAP_MINUTES)
        source.rotated_at = now
        source.save(update_fields=["secret", "previous_secret", "previous_until", "rotated_at"])
        record_event(actor, "alarm_source.rotate", source,
                     {"previous_until": source.previous_until.isoformat()})
    return secret
