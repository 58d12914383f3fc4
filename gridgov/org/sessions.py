"""Browser sessions end after ``GRIDGOV_SESSION_IDLE_MINUTES`` without a request (SESSION_COOKIE_AGE is that idle
time) and when the browser closes (SESSION_EXPIRE_AT_BROWSER_CLOSE). Instead of saving the session on every
request (SESSION_SAVE_EVERY_REQUEST, a write per page and API call), a logged-in session is marked as seen at most
once a minute, which saves it with a fresh expiry: a session therefore ends at the latest the idle time after its
last request, possibly up to a minute sooner."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

RENEW_SECONDS = 60


class SessionIdleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        bearer = request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer ")  # a token's call: no session read
        if session is not None and not bearer and SESSION_KEY in session:
            now = int(timezone.now().timestamp())
            if now - session.get("_gridgov_seen", 0) >= RENEW_SECONDS:
                session["_gridgov_seen"] = now  # modified: saved with a new expiry when the response goes out
        return self.get_response(request)
