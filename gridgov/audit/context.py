"""The request being served, for the audit log's "who" and "from where" wherever an event is written (model
signals, actions called from views) without passing the request down. Set by ``AuditContextMiddleware``."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_request: ContextVar[HttpRequest | None] = ContextVar("gridgov_audit_request", default=None)


class AuditContextMiddleware:
    """Remembers the request for the audit log while it is served (a context variable: per thread and task)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_request() -> HttpRequest | None:
    return _request.get()


def current_actor() -> Any:
    """The logged-in user of the request being served, or None (a command, the scan, an anonymous caller)."""
    request = current_request()
    user = getattr(request, "user", None) if request is not None else None
    return user if getattr(user, "is_authenticated", False) else None


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address as django-axes sees it (``throttle.counters.ip_address``, the one lockouts and
    throttles count too), or None when it is not one."""
    if request is None:
        return None
    address = getattr(request, "axes_ip_address", None)
    if not address:
        from axes.helpers import get_client_ip_address

        address = get_client_ip_address(request)
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None
