"""API logins: POST /api/v1/auth/token exchanges a user name and password for a bearer token."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .models import ApiToken

router = Router(tags=["auth"])


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.select_related("user__staff__area").filter(digest=digest(token)).first()
        if row is None or not row.user.is_active:
            return None
        if row.last_used is None or (timezone.now() - row.last_used).total_seconds() > 3600:
            ApiToken.objects.filter(pk=row.pk).update(last_used=timezone.now())
        request.user = row.user
        return row.user


class Credentials(Schema):
    username: str
    password: str


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
