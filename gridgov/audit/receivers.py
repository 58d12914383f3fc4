"""Logins, logouts and lockouts into the audit log: Django's login signals (the login page, the back office and
the API's token exchange all send them) and django-axes's lockout signal."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from .actions import record_event


def channel(request: HttpRequest | None) -> str:
    path = getattr(request, "path", "") or ""
    return "api" if path.startswith("/api/") else "admin" if path.startswith("/admin/") else "web"


def logged_in(sender: Any, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    record_event(user, "login.success", user, {"channel": channel(request)}, request=request)


def logged_out(sender: Any, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    if user is not None:
        record_event(user, "logout", user, {"channel": channel(request)}, request=request)


def login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any) -> None:
    """Who tried (the name typed, and the login if it exists), how, and whether the account is now locked."""
    name = str(credentials.get(get_user_model().USERNAME_FIELD, credentials.get("username", "")))[:150]
    user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: name}).first()
    record_event(None, "login.failure", user, {"channel": channel(request),
                                               "locked_out": bool(getattr(request, "axes_locked_out", False))},
                 object_type="auth.User", object_repr=name, actor_name=name, request=request)


def locked_out(sender: Any, request: HttpRequest | None = None, username: str = "", ip_address: str = "",
               **kw: Any) -> None:
    name = str(username or "")[:150]
    user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: name}).first()
    record_event(None, "login.lockout", user, {"channel": channel(request)}, object_type="auth.User",
                 object_repr=name, actor_name=name, request=request)


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(logged_in, dispatch_uid="gridgov-audit-login")
    user_logged_out.connect(logged_out, dispatch_uid="gridgov-audit-logout")
    user_login_failed.connect(login_failed, dispatch_uid="gridgov-audit-login-failed")
    user_locked_out.connect(locked_out, dispatch_uid="gridgov-audit-lockout")
