"""The grid worker's phone pages: my grid and my tasks, report a case (works offline), patrol; installable (PWA)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gridgov.cases.actions import ActionError, allowed_actions, staff_of
from gridgov.cases.models import Attachment, Case, Category
from gridgov.cases.queries import inbox_order, readable_case, waiting_for, with_due
from gridgov.cases.rules import ACTION_LABELS
from gridgov.cases.serialize import case_dict
from gridgov.disputes.actions import record_screening
from gridgov.disputes.models import Screening
from gridgov.emergencies.views import campaign_tasks

from .models import Patrol
from .tasks import PHONE_ACTIONS, ask

# What the service worker keeps for offline use (pages are refreshed from the network whenever it answers).
OFFLINE_PAGES = ("/field/", "/field/report/", "/field/patrol/", "/field/campaign/")
OFFLINE_STATIC = ("gridgov/base.css", "gridgov/field.js", "gridgov/maps.js", "gridgov/desk.js",
                  "gridgov/field-icon.png", "gridgov/campaign.js", "vendor/leaflet/leaflet.css",
                  "vendor/leaflet/leaflet.js")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    tasks = inbox_order(Case.objects.visible_to(request.user).filter(waiting_for(request.user)))[:50]
    mine = Case.objects.filter(reporter=request.user).order_by("-created_at")[:10]
    staff = staff_of(request.user)
    return render(request, "field/home.html", {
        "staff": staff, "campaigns": campaign_tasks(request.user),
        "tasks": [case_dict(c) | {"due": c.due, "ask": ask(c)} for c in tasks],
        "mine": [case_dict(c) for c in mine],
        "patrols": Patrol.objects.filter(worker=staff).order_by("-started_at")[:5] if staff else [],
    })


@login_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A task on the phone: the case, its photos and the one or two things the worker may do, thumb-sized."""
    case = readable_case(request.user, pk)
    if case is None:
        raise Http404(_("no such case in your jurisdiction"))
    actions = [a for a in allowed_actions(request.user, case) if a in PHONE_ACTIONS]
    actions.sort(key=PHONE_ACTIONS.index)
    return render(request, "field/case.html", {
        "case": case, "c": case_dict(case, request.user), "ask": ask(case),
        "actions": [(a, ACTION_LABELS[a]) for a in actions], "due": with_due(Case.objects.filter(pk=case.pk))[0].due,
        "photos": Attachment.objects.filter(case=case, content_type__startswith="image/"),
    })


@login_required
def report(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request.user)
    return render(request, "field/report.html", {
        "categories": Category.objects.filter(active=True).exclude(parent=None).select_related("parent"),
        "can_self_handle": bool(staff and staff.role == "grid_worker"),
    })


@login_required
def patrol(request: HttpRequest) -> HttpResponse:
    return render(request, "field/patrol.html", {"staff": staff_of(request.user)})


def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse({
        "name": _("Grid worker"), "short_name": _("Grid"), "start_url": "/field/", "scope": "/field/",
        "display": "standalone", "background_color": "#f4f6f8", "theme_color": "#1d3557", "lang": "zh-CN",
        "icons": [{"src": static("gridgov/field-icon.png"), "sizes": "512x512", "type": "image/png",
                   "purpose": "any maskable"}],
    }, content_type="application/manifest+json")


@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(request, "field/sw.js", {
        "pages": OFFLINE_PAGES, "assets": [static(p) for p in OFFLINE_STATIC],
    }, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/field/"
    return response


@login_required
def screening(request: HttpRequest) -> HttpResponse:
    """Today's dispute screening of my grid: something found (then record the dispute) or nothing."""
    staff = staff_of(request.user)
    if request.method == "POST":
        try:
            s, created = record_screening(request.user, found=request.POST.get("found") == "1",
                                          note=request.POST.get("note", ""))
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Screening recorded") if created else _("Already recorded today"))
            if s.found:
                return redirect("disputes:new")
        return redirect("field:screening")
    recent = Screening.objects.filter(worker=staff).order_by("-day")[:10] if staff else []
    return render(request, "field/screening.html", {"staff": staff, "recent": recent})
