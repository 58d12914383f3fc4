"""API logins: POST /api/v1/auth/token exchanges a user name and password for a bearer token; the holder lists and
revokes their tokens, logs out (revoking the token presented) and changes their password (revoking all of them).
Lifetimes and revocation: org/tokens.py."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from django.contrib.auth import authenticate, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError
from ninja.security import HttpBearer

from gridgov.geo.models import Area
from gridgov.rows import Columns, fetch_one
from gridgov.types import Text

from . import directory, tokens
from .models import ApiToken, Staff
from .tokens import digest

router = Router(tags=["auth"])

__all__ = ["BearerAuth", "digest", "router", "user_for_token"]


@cache
def _lookup() -> tuple[str, list[Columns]]:
    """One statement for token → user → staff → jurisdiction area (its boundary left out), run on every call: only
    a token neither expired nor idle, of an active login whose staff record (if any) is active."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    parts = [Columns(ApiToken, "t"), Columns(User, "u"), Columns(Staff, "s"), Columns(Area, "a", exclude=["geometry"])]
    t, u, s, a = (p.model._meta.db_table for p in parts)
    sql = (f"SELECT {', '.join(p.sql for p in parts)} FROM {t} t JOIN {u} u ON u.id = t.user_id "
           f"LEFT JOIN {s} s ON s.user_id = u.id LEFT JOIN {a} a ON a.id = s.area_id "
           f"WHERE t.digest = %s AND t.expires_at > %s AND t.last_used > %s AND u.is_active "
           f"AND (s.id IS NULL OR s.active)")
    return sql, parts


def holder_of(token: str, now: datetime | None = None) -> tuple[ApiToken, Any] | None:
    """The token's row and its holder (staff record and area already loaded), or None if it is not accepted."""
    now = now or timezone.now()
    sql, parts = _lookup()
    adapt = connection.ops.adapt_datetimefield_value
    row = fetch_one(sql, [digest(token), adapt(now), adapt(now - tokens.idle_lifetime())])
    if row is None:
        return None
    found, start = [], 0
    for part in parts:
        found.append(part.build(row, start))
        start += part.width
    api_token, user, staff, area = found
    if staff is not None:
        staff._state.fields_cache.update(area=area, user=user)
    user._state.fields_cache["staff"] = staff  # None: user.staff raises Staff.DoesNotExist, as the ORM would
    if api_token.last_used <= now - tokens.touch_interval():  # written at most once per interval (org/tokens.py)
        ApiToken.objects.filter(pk=api_token.pk).update(last_used=now)
    return api_token, user


def user_for_token(token: str, now: datetime | None = None) -> Any:
    """The active user holding ``token``, with their staff record and area already loaded; None if there is none."""
    found = holder_of(token, now)
    return found[1] if found else None


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = holder_of(token)
        if found is None:
            return None
        request.api_token, request.user = found
        return found[1]


class MeOut(Schema):
    username: str
    name: str | None
    role: str | None
    unit: str | None
    area_code: str | None
    area_name: str | None


@router.get("/me", response=MeOut, summary="Who the token (or session) belongs to: name, role, unit, jurisdiction")
def me(request: HttpRequest) -> dict:
    try:
        staff = request.user.staff
    except Staff.DoesNotExist:
        staff = None
    unit = directory.unit(staff.unit_id) if staff else None
    return {"username": request.user.get_username(), "name": staff.name if staff else None,
            "role": staff.role if staff else None, "unit": unit.name if unit else None,
            "area_code": staff.area.code if staff else None, "area_name": staff.area.name if staff else None}


class Credentials(Schema):
    username: Text(150, min_length=1)
    password: Text(4096, min_length=1)
    name: Text(100) = Field("", description="What the token is for (e.g. the phone's name)")


class TokenOut(Schema):
    token: str
    id: int
    name: str
    expires_at: datetime


@router.post("/token", auth=None, response=TokenOut,
             summary="Exchange a user name and password for a token (shown once; it expires, see /auth/tokens)")
def issue_token(request: HttpRequest, body: Credentials) -> dict:
    user = authenticate(request, username=body.username, password=body.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise HttpError(429, _("too many failed attempts: the account is locked for 15 minutes"))
        raise HttpError(401, _("wrong user name or password, or the account is deactivated"))
    user_logged_in.send(sender=user.__class__, request=request, user=user)  # audited, last login, lockout reset
    secret, token = tokens.issue(user, body.name.strip())
    return {"token": secret, "id": token.pk, "name": token.name, "expires_at": timezone.localtime(token.expires_at)}


class TokenInfo(Schema):
    id: int
    name: str
    created_at: datetime
    last_used: datetime | None
    expires_at: datetime
    current: bool = Field(description="the token this request was made with")


@router.get("/tokens", response=list[TokenInfo], summary="My live tokens (never their secrets)")
def my_tokens(request: HttpRequest) -> list[dict]:
    current = getattr(getattr(request, "api_token", None), "pk", None)
    local = timezone.localtime
    return [{"id": t.pk, "name": t.name, "created_at": local(t.created_at), "expires_at": local(t.expires_at),
             "last_used": local(t.last_used) if t.last_used else None, "current": t.pk == current}
            for t in tokens.live(request.user).order_by("-created_at", "-id")]


@router.delete("/tokens/{int:token_id}", response={204: None}, summary="Revoke one of my tokens")
def revoke_token(request: HttpRequest, token_id: int) -> HttpStatus:
    found = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if found is None:
        raise HttpError(404, _("you hold no token with this id"))
    tokens.revoke([found], request.user, "revoked_by_holder")
    return HttpStatus(204, None)


@router.post("/logout", response={204: None},
             summary="Log out: revokes the token presented (or ends the browser session)")
def api_logout(request: HttpRequest) -> HttpStatus:
    token = getattr(request, "api_token", None)
    if token is not None:
        from gridgov.audit.actions import record_event

        record_event(request.user, "logout", request.user, {"channel": "api"})
        tokens.revoke([token], request.user, "logout")
    else:
        logout(request)  # sends user_logged_out: audited
    return HttpStatus(204, None)


class PasswordChange(Schema):
    old_password: str = Field(..., min_length=1, max_length=1024)
    new_password: str = Field(..., min_length=1, max_length=1024)


@router.post("/password", response={204: None},
             summary="Change my password: every token of mine is revoked (log in again), other sessions end")
def change_password(request: HttpRequest, body: PasswordChange) -> HttpStatus:
    user = request.user
    if not user.check_password(body.old_password):
        raise HttpError(400, _("the current password is wrong"))
    try:
        validate_password(body.new_password, user)
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    user.set_password(body.new_password)
    user.save()  # org/accounts.py audits the change and revokes the tokens
    if getattr(request, "api_token", None) is None:
        update_session_auth_hash(request, user)  # keeps this browser session, ends the others
    return HttpStatus(204, None)
