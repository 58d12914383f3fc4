"""The citizen's pages, no login: report a problem (from the QR code on a grid card, or anywhere), follow it by its
tracking code, rate or reopen it. Reports are throttled per address; personal data is optional and kept masked."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from pydantic import ValidationError

from gridgov.cases import guessing, tracking
from gridgov.cases.actions import ActionError, category_by_code, report_case
from gridgov.cases.attachments import discard_files, save_attachment
from gridgov.cases.models import Case, Category, Channel
from gridgov.cases.schemas import CaseIn
from gridgov.geo.io import areas_geojson
from gridgov.geo.models import Area
from gridgov.throttle.counters import client_address, hit

MAX_PHOTOS = 3
FIELD_WORDS = {  # what a citizen reads for a field the form refused
    "lon": gettext_lazy("the place (tap the map or use your position)"),
    "lat": gettext_lazy("the place (tap the map or use your position)"),
    "category": gettext_lazy("the kind of problem"), "description": gettext_lazy("what happened"),
    "citizen_name": gettext_lazy("your name"), "citizen_phone": gettext_lazy("your phone (digits only)"),
}


def _throttled(request: HttpRequest) -> bool:
    """One more report from this address; True when it goes over the hourly limit (counted in the database, so the
    limit holds across worker processes and restarts)."""
    return not hit(f"public-report:{client_address(request)}", settings.GRIDGOV_PUBLIC_REPORTS_PER_HOUR)


def _grid(code: str) -> Area | None:
    return Area.objects.filter(code=code).only("code", "name", "level").first() if code.isdigit() else None


@require_GET
def outline(request: HttpRequest) -> JsonResponse:
    """The outline a citizen places the report in: the grid of the card, or the district (public boundaries)."""
    grid = _grid(request.GET.get("grid", ""))
    qs = Area.objects.filter(code=grid.code) if grid else Area.objects.filter(level=1)
    return JsonResponse(areas_geojson(qs))


def report(request: HttpRequest) -> HttpResponse:
    grid = _grid(request.GET.get("grid", ""))
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        photos = request.FILES.getlist("photos")[:MAX_PHOTOS]
        saved: list[Any] = []
        try:
            if _throttled(request):
                raise ActionError(_("too many reports from this address; please try again in an hour or call the "
                                    "hotline"))
            body = CaseIn(category=values.get("category", ""), description=values.get("description", ""),
                          lon=values.get("lon") or "nan", lat=values.get("lat") or "nan", crs="wgs84",
                          channel=Channel.PUBLIC_WEB, citizen_name=values.get("citizen_name", ""),
                          citizen_phone=values.get("citizen_phone", ""),
                          idempotency_key=values.get("idempotency_key") or None)
            sms = values.get("sms_updates") == "1"
            if sms and not body.citizen_phone.strip():
                raise ActionError(_("leave your phone number to receive the SMS, or untick the box"))
            category = category_by_code(body.category)
            if category is None or not category.active:
                raise ActionError(_("pick what kind of problem it is"))
            with transaction.atomic():
                r = report_case(None, category=category, description=body.description, lon=body.lon, lat=body.lat,
                                channel=Channel.PUBLIC_WEB, citizen_name=body.citizen_name,
                                citizen_phone=body.citizen_phone, idempotency_key=body.idempotency_key)
                if r.created and sms:  # the opt-in: a flag beside the phone, nothing more
                    Case.objects.filter(pk=r.case.pk).update(citizen_sms=True)
                if r.created:
                    for p in photos:
                        saved.append(save_attachment(r.case, p))
        except ValidationError as exc:
            fields = sorted({str(FIELD_WORDS.get(str(e["loc"][0]), e["loc"][0])) for e in exc.errors()})
            messages.error(request, _("Please check: %(fields)s") % {"fields": ", ".join(fields)})
        except ActionError as exc:
            discard_files(saved)
            messages.error(request, exc.message)
        else:
            code = r.case.tracking_code
            messages.success(request, _("Thank you. Keep your tracking code: %(code)s") % {"code": code})
            return redirect("citizen:track_case", code=r.case.tracking_code)
    return render(request, "citizen/report.html", {
        "grid": grid, "values": values,
        "categories": Category.objects.filter(active=True).exclude(parent=None).select_related("parent"),
    })


def track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().upper()
    if code:
        return redirect("citizen:track_case", code=code)
    return render(request, "citizen/track.html", {"info": None})


def track_case(request: HttpRequest, code: str) -> HttpResponse:
    address = client_address(request)  # unknown codes are counted per address (guessing them is throttled)
    try:
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "rate":
                rating = request.POST.get("rating", "")
                if not rating.isdigit():
                    raise ActionError(_("choose 1 to 5 stars"))
                guessing.looked_up(address, tracking.citizen_action, code, "rate", rating=int(rating), address=address,
                                   user=request.user)
                messages.success(request, _("Thank you for your rating."))
            elif action == "reopen":
                note = request.POST.get("note", "").strip()
                if not note:
                    raise ActionError(_("say what is still wrong"))
                guessing.looked_up(address, tracking.citizen_action, code, "reopen", note=note)
                messages.success(request, _("Your case is being handled again."))
            return redirect("citizen:track_case", code=code)
        info = guessing.looked_up(address, tracking.progress, code)
    except guessing.TooManyGuesses as exc:
        messages.error(request, exc.message)
        return render(request, "citizen/track.html", {"info": None}, status=429)
    except ActionError as exc:
        if exc.status_code == 404:
            return render(request, "citizen/track.html", {"info": None, "missing": code}, status=404)
        messages.error(request, exc.message)
        return redirect("citizen:track_case", code=code)
    code = code.upper()
    since_last_visit(request, code, info)
    response = render(request, "citizen/track.html", {"info": info, "code": code})
    if info["progress"]:
        response.set_signed_cookie(f"seen-{code}", str(max(s["id"] for s in info["progress"])), salt=SEEN_SALT,
                                   max_age=SEEN_DAYS * 86400, path=f"/track/{code}/", httponly=True, samesite="Lax",
                                   secure=settings.SESSION_COOKIE_SECURE)
    return response


SEEN_SALT, SEEN_DAYS = "track-seen", 180


def since_last_visit(request: HttpRequest, code: str, info: dict[str, Any]) -> int | None:
    """Mark the steps added since this browser last opened the page (``new``) and count them (``new_count``). The
    browser keeps the last step it saw in a signed cookie for this tracking code only; nothing is kept on the server.
    Returns that step's id (None at the first visit: then nothing is marked)."""
    raw = request.get_signed_cookie(f"seen-{code}", default="", salt=SEEN_SALT, max_age=SEEN_DAYS * 86400)
    last = int(raw) if raw.isdigit() else None
    for step in info["progress"]:
        step["new"] = last is not None and step["id"] > last
    info["new_count"] = sum(step["new"] for step in info["progress"])
    return last
