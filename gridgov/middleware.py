"""Request bodies larger than their limit are refused from their Content-Length header, before anything reads them:
413 with a JSON ``detail`` under /api/, a short page elsewhere. Forms with files may reach
``GRIDGOV_MAX_REQUEST_BYTES``, other bodies ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (they are read into memory).

A body sent in chunks has no Content-Length. waitress (``gridgov serve``) reads chunked bodies itself up to the same
bound and then passes on their length; a server that passes a chunked body on without a length (gunicorn) would
give Django an empty body, so such requests are answered 411 (send the length) instead of being half-understood.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

PAGE = ('<!doctype html><html lang="{}"><meta charset="utf-8"><title>{}</title><body><h1>{}</h1><p>{}</p>'
        '<p><a href="/">{}</a></p></body></html>')


def _limit(request: HttpRequest) -> tuple[int, bool]:
    """The largest body this request may have, and whether it carries files: a form with files may be as large as
    GRIDGOV_MAX_REQUEST_BYTES; any other body (JSON, a plain form) is read into memory whole, so it is held to
    Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), which Django would otherwise enforce with a bare 400 page."""
    if request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        return settings.GRIDGOV_MAX_REQUEST_BYTES, True
    most, memory = settings.GRIDGOV_MAX_REQUEST_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return (most if memory is None else min(most, memory)), False


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = (request.META.get("CONTENT_LENGTH") or "").strip()
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if length.isdigit() and int(length) <= _limit(request)[0] or not (length or chunked):
            return self.get_response(request)
        with translation.override(translation.get_language_from_request(request)):
            return self.refusal(request, length)

    @staticmethod
    def refusal(request: HttpRequest, length: str) -> HttpResponse:
        limit, files = _limit(request)
        mb = f"{limit / 2**20:.1f}".removesuffix(".0")
        if not length:
            status, title, message = 411, _("Length required"), _(
                "send the request with a Content-Length header (chunked bodies are not accepted)")
        elif not length.isdigit():
            status, title, message = 400, _("Bad request"), _("the Content-Length header is not a number")
        elif files:
            status, title, message = 413, _("Too large"), _(
                "the request is larger than %(mb)s MB; send fewer or smaller files at a time") % {"mb": mb}
        else:
            status, title, message = 413, _("Too large"), _(
                "the request is larger than %(mb)s MB; send less at a time") % {"mb": mb}
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return HttpResponse(format_html(PAGE, translation.get_language(), title, title, message,
                                        _("Back to the start page")), status=status)


def clears_browser_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The logout answer tells the browser to drop its HTTP cache of this site (``Clear-Site-Data: "cache"``), so the
    back button shows no page of the user who left. Not ``"storage"``: that would also delete the phone's outbox of
    unsent reports (field.js keeps those for the worker who made them); the service worker's cached pages are dropped
    by site.js instead. Browsers honour the header over HTTPS (and on localhost) only."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method == "POST":
            response["Clear-Site-Data"] = '"cache"'
        return response

    return wrapped
