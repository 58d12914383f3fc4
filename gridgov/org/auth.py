"""API logins: POST /api/v1/auth/token exchanges a user name and password for a bearer token."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from gridgov.geo.models import Area
from gridgov.rows import Columns, fetch_one
from gridgov.types import Text

from . import directory
from .models import ApiToken, Staff

router = Router(tags=["auth"])


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@cache
def _lookup() -> tuple[str, list[Columns]]:
    """One statement for token → user → staff → jurisdiction area (its boundary left out), run on every call."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    parts = [Columns(ApiToken, "t"), Columns(User, "u"), Columns(Staff, "s"), Columns(Area, "a", exclude=["geometry"])]
    t, u, s, a = (p.model._meta.db_table for p in parts)
    sql = (f"SELECT {', '.join(p.sql for p in parts)} FROM {t} t JOIN {u} u ON u.id = t.user_id "
           f"LEFT JOIN {s} s ON s.user_id = u.id LEFT JOIN {a} a ON a.id = s.area_id WHERE t.digest = %s")
    return sql, parts


def user_for_token(token: str) -> Any:
    """The active user holding ``token``, with their staff record and area already loaded; None if there is none."""
    sql, parts = _lookup()
    row = fetch_one(sql, [digest(token)])
    if row is None:
        return None
    found, start = [], 0
    for part in parts:
        found.append(part.build(row, start))
        start += part.width
    api_token, user, staff, area = found
    if not user.is_active:
        return None
    if staff is not None:
        staff._state.fields_cache.update(area=area, user=user)
    user._state.fields_cache["staff"] = staff  # None: user.staff raises Staff.DoesNotExist, as the ORM would
    if api_token.last_used is None or (timezone.now() - api_token.last_used).total_seconds() > 3600:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used=timezone.now())
    return user


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


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


class TokenOut(Schema):
    token: str


@router.post("/token", auth=None, response=TokenOut, summary="Exchange a user name and password for a token")
def issue_token(request: HttpRequest, body: Credentials) -> dict:
    user = authenticate(request, username=body.username, password=body.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise HttpError(429, "too many failed attempts: the account is locked for 15 minutes")
        raise HttpError(401, "wrong user name or password")
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=digest(token))
    return {"token": token}
