"""API tokens: issued at login, listed and revoked by their holder, revoked with the holder's password or staff
record. Every issue and revocation is audited (never the token or its digest). The per-request check is
``org.auth.user_for_token``.

Lifetimes (settings): a token is refused ``GRIDGOV_TOKEN_MAX_DAYS`` after it was issued (default 7 days) and once
unused for ``GRIDGOV_TOKEN_IDLE_MINUTES`` (default 480, a working day). ``last_used`` is written at most every
``touch_interval()`` (a quarter of the idle lifetime, at most an hour) to keep the check cheap, so it can lag the
last real use by up to that interval: a token is refused *at the latest* after the idle lifetime without use,
possibly up to one interval earlier (never later).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gridgov.audit.actions import record_event

from .models import ApiToken


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_lifetime() -> timedelta:
    return timedelta(minutes=settings.GRIDGOV_TOKEN_IDLE_MINUTES)


def max_lifetime() -> timedelta:
    return timedelta(days=settings.GRIDGOV_TOKEN_MAX_DAYS)


def touch_interval() -> timedelta:
    return min(timedelta(hours=1), idle_lifetime() / 4)


def live(user: Any, now: datetime | None = None) -> Any:
    """The user's tokens that would still be accepted at ``now``."""
    now = now or timezone.now()
    return ApiToken.objects.filter(user=user, expires_at__gt=now, last_used__gt=now - idle_lifetime())


def issue(user: Any, name: str = "", now: datetime | None = None) -> tuple[str, ApiToken]:
    """A new token for ``user`` (the secret, shown once, and its row). Their dead tokens are dropped, and the
    oldest live ones revoked beyond ``GRIDGOV_TOKEN_MAX_PER_USER``."""
    now = now or timezone.now()
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        dead = ApiToken.objects.filter(user=user).exclude(pk__in=live(user, now).values("pk"))
        dead.delete()  # expired: their issue is in the log with the expiry, nothing more to keep
        token = ApiToken.objects.create(user=user, name=name, digest=digest(secret), last_used=now,
                                        expires_at=now + max_lifetime())
        record_event(user, "token.issue", token, {"name": [None, name],
                                                  "expires_at": [None, token.expires_at.isoformat()]})
        surplus = list(live(user, now).order_by("-created_at", "-id")[settings.GRIDGOV_TOKEN_MAX_PER_USER:])
        revoke(surplus, user, "too_many_tokens")
    return secret, token


def revoke(tokens: Iterable[ApiToken], actor: Any, reason: str) -> int:
    """Deletes ``tokens``, auditing each with who revoked it and why (logout, holder, password_change, …)."""
    tokens = list(tokens)
    with transaction.atomic():
        for t in tokens:
            record_event(actor, "token.revoke", t, {"holder": str(t.user_id), "name": t.name, "reason": reason})
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).delete()
    return len(tokens)


def revoke_all(user: Any, actor: Any, reason: str) -> int:
    return revoke(ApiToken.objects.filter(user=user), actor, reason)
