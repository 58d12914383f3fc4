"""Request bodies larger than ``GRIDGOV_MAX_REQUEST_BYTES`` are refused from their Content-Length header, before
anything reads them: 413 with a JSON ``detail`` under /api/, a short page elsewhere.

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


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = (request.META.get("CONTENT_LENGTH") or "").strip()
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if length.isdigit() and int(length) <= settings.GRIDGOV_MAX_REQUEST_BYTES or not (length or chunked):
            return self.get_response(request)
        with translation.override(translation.get_language_from_request(request)):
            return self.refusal(request, length)

    @staticmethod
    def refusal(request: HttpRequest, length: str) -> HttpResponse:
        limit = settings.GRIDGOV_MAX_REQUEST_BYTES
        if not length:
            status, title, message = 411, _("Length required"), _(
                "send the request with a Content-Length header (chunked bodies are not accepted)")
        elif not length.isdigit():
            status, title, message = 400, _("Bad request"), _("the Content-Length header is not a number")
        else:
            status, title, message = 413, _("Too large"), _(
                "the request is larger than %(mb)s MB; send fewer or smaller files at a time") % {
                "mb": f"{limit / 2**20:.0f}"}
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
