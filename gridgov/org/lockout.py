"""What a locked-out login is answered (django-axes' ``AXES_LOCKOUT_CALLABLE``): JSON under ``/api/``, like every
other API refusal, and the lockout page elsewhere; 429 for both."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        message = _("too many failed attempts: the account is locked for 15 minutes")
        return JsonResponse({"detail": message, "message": message, "code": "locked_out"}, status=429)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
