"""Wrong input and a database that is down are answered as what they are, never as a server error.

- ``RefuseNul`` (middleware): a request carrying a NUL character in its path, query string, form fields, cookies or
  JSON body is refused with 400 before any view sees it (PostgreSQL cannot store NUL in text, and nobody types one).
- ``DatabaseDown`` (middleware) and ``server_error`` (``handler500``, for failures in other middleware, such as the
  session read): when the database cannot be reached (``OperationalError``/``InterfaceError``), the API answers 503
  JSON with ``Retry-After`` and the pages a short plain page, so clients know to try again.
- ``api_not_found``: any address under /api/v1/ that no operation answers is a 404 in JSON, like the API's own.
- ``install(api)``: the API's handlers: a refused schema names the field and what it accepts (422), a coded refusal
  carries a machine-readable ``code`` beside its message.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

log = logging.getLogger(__name__)
API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30
NUL = "\x00"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _refuse(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": message, "message": message, **extra}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _json_has_nul(request: HttpRequest) -> bool:
    body = request.body
    if b"\\u0000" not in body and b"\x00" not in body:  # the common case: no parsing at all
        return False
    if b"\x00" in body:
        return True
    try:
        return _has_nul(json.loads(body))
    except (ValueError, RecursionError):
        return False  # not JSON after all, or nested too deep to read: the view refuses it


def nul_in(request: HttpRequest) -> bool:
    if NUL in request.path or any(NUL in k or any(NUL in v for v in vs) for k, vs in request.GET.lists()):
        return True
    if any(NUL in k or NUL in v for k, v in request.COOKIES.items()):
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return any(NUL in k or any(NUL in v for v in vs) for k, vs in request.POST.lists())
        if content_type == "application/json":
            return _json_has_nul(request)
    return False


class RefuseNul:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            has_nul = nul_in(request)
        except MultiPartParserError:  # "multipart/form-data" without a boundary, or a body cut short
            return _refuse(request, 400, _("The form data could not be read (multipart body without a valid "
                                           "boundary): send it again as JSON or as a well-formed form."),
                           code="unreadable_body")
        if has_nul:
            return _refuse(request, 400, _("The request contains a NUL character (code 0): remove it and send "
                                           "again."), code="nul_character")
        response = self.get_response(request)
        if response.status_code == 405 and _is_api(request) and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")  # the router's plain-text 405: the same answer as JSON
            response = _refuse(request, 405, _("This address does not take %(method)s; it takes %(allowed)s.")
                               % {"method": request.method, "allowed": allowed}, code="method_not_allowed")
            response["Allow"] = allowed
        return response


def database_down(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.error("database unavailable on %s: %s", request.path, exc)
    response = _refuse(request, 503, _("The database is not reachable right now: nothing was changed. Please try "
                                       "again in a minute."), code="database_unavailable")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@csrf_exempt  # any method: the answer is the same 404, and nothing is changed
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any address under /api/v1/ that no operation answers (``/api/v1/cases/abc``, a typo): 404 JSON, not the
    site's HTML page."""
    return _refuse(request, 404, _("No API operation at %(path)s: check the address (ids are whole numbers); the "
                                   "operations are listed in the API's OpenAPI schema at /api/v1/openapi.json.")
                   % {"path": request.path[:200]}, code="not_found")


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: what a failure outside any view becomes (a session or login read in a middleware while the
    database is down is one): 503 with ``Retry-After`` for a database that cannot be reached, our 500 page else."""
    from django.views.defaults import server_error as default

    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        return database_down(request, exc)
    return default(request)


class DatabaseDown:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, OperationalError | InterfaceError):
            return database_down(request, exc)
        return None


# -- the API's own handlers -------------------------------------------------------------------------------------

class CodedError(HttpError):
    """An API refusal with a machine-readable ``code`` (and any details) beside its message."""

    def __init__(self, status_code: int, message: str, code: str, **details: Any) -> None:
        super().__init__(status_code, message)
        self.code, self.details = code, details


def field_of(error: dict[str, Any]) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] in ("body", "query", "path", "form", "header", "cookie", "file"):
        loc = loc[1:]
    if len(loc) > 1 and loc[0] in ("body", "payload", "filters", "f", "q", "point"):  # the schema's argument name
        loc = loc[1:]
    return ".".join(loc) or "request"


# What each kind of refused input needs, in the request's language (pydantic's own messages are English only); a
# kind not named here (our validators' own messages among them) keeps its message.
PROBLEMS: dict[str, Any] = {
    "missing": gettext_lazy("is required"),
    "string_too_long": gettext_lazy("is at most %(max_length)s characters long"),
    "string_too_short": gettext_lazy("needs at least %(min_length)s characters"),
    "string_type": gettext_lazy("must be text"),
    "string_pattern_mismatch": gettext_lazy("is not in the expected form"),
    "int_parsing": gettext_lazy("must be a whole number"),
    "int_type": gettext_lazy("must be a whole number"),
    "int_from_float": gettext_lazy("must be a whole number"),
    "float_parsing": gettext_lazy("must be a number"),
    "float_type": gettext_lazy("must be a number"),
    "finite_number": gettext_lazy("must be a finite number"),
    "greater_than_equal": gettext_lazy("must be at least %(ge)s"),
    "less_than_equal": gettext_lazy("must be at most %(le)s"),
    "greater_than": gettext_lazy("must be more than %(gt)s"),
    "less_than": gettext_lazy("must be less than %(lt)s"),
    "bool_parsing": gettext_lazy("must be true or false"),
    "bool_type": gettext_lazy("must be true or false"),
    "date_parsing": gettext_lazy("must be a date (YYYY-MM-DD)"),
    "date_type": gettext_lazy("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": gettext_lazy("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": gettext_lazy("must be a date (YYYY-MM-DD)"),
    "datetime_parsing": gettext_lazy("must be a date and time (ISO 8601, such as 2026-11-23T09:00:00+08:00)"),
    "datetime_type": gettext_lazy("must be a date and time (ISO 8601, such as 2026-11-23T09:00:00+08:00)"),
    "datetime_from_date_parsing": gettext_lazy("must be a date and time (ISO 8601, such as 2026-11-23T09:00:00+08:00)"),
    "literal_error": gettext_lazy("must be one of: %(expected)s"),
    "enum": gettext_lazy("must be one of: %(expected)s"),
    "too_long": gettext_lazy("has at most %(max_length)s items"),
    "too_short": gettext_lazy("needs at least %(min_length)s items"),
    "list_type": gettext_lazy("must be a list"),
    "dict_type": gettext_lazy("must be an object"),
    "model_type": gettext_lazy("must be an object"),
    "model_attributes_type": gettext_lazy("must be an object"),
    "extra_forbidden": gettext_lazy("is not a field this operation takes"),
    "json_invalid": gettext_lazy("is not valid JSON"),
}


def problem(error: dict[str, Any]) -> str:
    """What one refused field needs, in the request's language."""
    template = PROBLEMS.get(str(error.get("type", "")))
    if template is not None:
        try:
            ctx = error.get("ctx") if isinstance(error.get("ctx"), dict) else {}
            values = {k: int(v) if isinstance(v, float) and v.is_integer() else v  # 90, not 90.0
                      for k, v in ctx.items()}
            if isinstance(values.get("expected"), str):  # pydantic's "'a', 'b' or 'c'"
                values["expected"] = values["expected"].replace(" or ", ", ")
            return str(template) % values
        except (KeyError, TypeError, ValueError):  # a context without the value the message names
            pass
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")


def explain(errors: list[dict[str, Any]]) -> str:
    """'lat: must be at most 90; note: …' — each refused field with what it accepts."""
    parts = [_("%(field)s: %(problem)s") % {"field": field_of(e), "problem": problem(e)} if e.get("loc")
             else problem(e) for e in errors[:5]]  # a check of the whole request names no field
    more = _(" (and %(n)s more)") % {"n": len(errors) - 5} if len(errors) > 5 else ""
    return _("; ").join(parts) + more


def safe(value: Any) -> Any:
    """A refusal's detail as JSON carries it: lists and objects kept (``loc``, ``ctx``), anything else as text."""
    if isinstance(value, tuple | list):
        return [safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): safe(v) for k, v in value.items()}
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def install(api: NinjaAPI) -> None:
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        # the refused input is not echoed back (it may be a megabyte of base64, or bytes JSON cannot carry)
        errors = [{k: safe(v) for k, v in dict(e).items() if k != "input"} for e in exc.errors]
        fields = sorted({field_of(e) for e in errors})
        return api.create_response(request, {"detail": errors, "message": explain(errors), "fields": fields,
                                             "code": "invalid_input"}, status=422)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if message.startswith("Cannot parse request body"):  # django-ninja's own words, English only
            return coded_error(request, CodedError(400, _("The request body could not be read: send JSON (or the "
                                                          "form) the operation describes, with a matching "
                                                          "Content-Type."), "unreadable_body"))
        if message == "CSRF check Failed":  # the session check runs before it knows whether anybody is signed in
            if not getattr(getattr(request, "user", None), "is_authenticated", False):
                return unauthenticated(request, AuthenticationError())
            return coded_error(request, CodedError(403, _("The session's CSRF token is missing or wrong: send the "
                                                          "csrftoken cookie's value in the X-CSRFToken header, or "
                                                          "use an API token (Authorization: Bearer …)."),
                                                   "csrf_failed"))
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return coded_error(request, CodedError(401, _("Sign in first: this operation needs a signed-in session or an "
                                                      "API token (Authorization: Bearer …)."), "unauthenticated"))

    def coded_error(request: HttpRequest, exc: CodedError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.message, "message": exc.message, "code": exc.code,
                                             **exc.details}, status=exc.status_code)

    def db_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        return database_down(request, exc)

    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(CodedError, coded_error)
    api.add_exception_handler(OperationalError, db_error)
    api.add_exception_handler(InterfaceError, db_error)
