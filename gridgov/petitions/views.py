"""The petition desk: register a petition (petitioners, departments concerned, tour visit), its panel on the case
page (repeats, counters, statutory limits), the acceptance notice, and the leaders' tour visits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError

from gridgov.cases.actions import ActionError, intake_refusal
from gridgov.cases.explain import why_not
from gridgov.cases.models import Case, Category
from gridgov.cases.parties import masked, may_reveal
from gridgov.cases.rules import REOPEN_DAYS
from gridgov.cases.serialize import tracking_code_for
from gridgov.org.models import Unit

from . import actions
from .documents import acceptance_notice_pdf
from .models import Petition, PetitionChannel, TourVisit
from .schemas import MAX_PETITIONERS, PetitionIn


def counters(user: Any) -> Any:
    """The departments stationed in the centre: each has a counter in the petition hall."""
    return Unit.objects.visible_to(user).filter(stationed_in_centre=True).order_by("name")


@login_required
def new_petition(request: HttpRequest) -> HttpResponse:
    values = request.POST if request.method == "POST" else {"channel": "visit", "people": "1"}
    status = 200
    if (refused := intake_refusal(request.user, "petition")) is not None:  # rules.INTAKE_ROLES
        messages.error(request, refused.message)
        status = 403
    elif request.method == "POST":
        petitioners = [{k: values.get(f"p{i}_{k}", "").strip() for k in ("name", "id_number", "phone")}
                       for i in range(MAX_PETITIONERS) if values.get(f"p{i}_name", "").strip()]
        try:
            body = PetitionIn(category=values.get("category", ""), request=values.get("request", ""),
                              channel=values.get("channel", ""), people=values.get("people") or 1,
                              lon=values.get("lon") or "nan", lat=values.get("lat") or "nan",
                              departments=[d for d in values.getlist("departments") if d.isdigit()],
                              tour_visit=values.get("tour_visit") or None,
                              idempotency_key=values.get("idempotency_key") or None, petitioners=petitioners)
            case = actions.record_petition(request.user, **body.model_dump(exclude={"petitioners"}),
                                           petitioners=[p.model_dump() for p in body.petitioners]).case
        except (ValidationError, ActionError) as exc:
            messages.error(request, _("Not saved: %(why)s") % {"why": why_not(exc)})
        else:
            messages.success(request, _("Petition %(number)s registered") % {"number": case.number})
            repeat = actions.repeat_answer(request.user, Petition.objects.filter(case=case).first())
            if repeat["repeat"]:
                messages.warning(request, repeat["repeat_note"])
            return redirect("workbench:case", pk=case.pk)
    today = timezone.localdate()
    return render(request, "petitions/new.html", {
        "values": values, "channels": PetitionChannel.choices, "slots": range(MAX_PETITIONERS),
        "categories": Category.objects.filter(code__startswith="15", active=True).exclude(parent=None),
        "counters": counters(request.user),
        "visits": TourVisit.objects.visible_to(request.user).filter(day__gte=today - timedelta(days=1),
                                                                     day__lte=today + timedelta(days=30)),
    }, status=status)


def petition_panel(request: HttpRequest, case: Case) -> tuple[str, dict[str, Any]]:
    petition = Petition.objects.filter(case=case).select_related("repeat_of", "tour_visit").first()
    review_days = REOPEN_DAYS.get("petition", settings.GRIDGOV_REOPEN_DAYS)
    return "petitions/_panel.html", {
        "petition": petition, "repeat": actions.repeat_answer(request.user, petition),
        "parties": [masked(p) for p in case.parties.all()],
        "can_reveal": may_reveal(request.user, case),
        "departments": list(petition.departments.all()) if petition else [],
        "repeats": list(Case.objects.visible_to(request.user).filter(petition__repeat_of=case)),
        "joint": list(case.involved_units.exclude(pk=case.handling_unit_id)) if case.handling_unit_id else [],
        "review_until": case.closed_at + timedelta(days=review_days) if case.closed_at else None,
    }


@login_required
def acceptance_notice(request: HttpRequest, pk: int) -> HttpResponse:
    case = Case.objects.visible_to(request.user).filter(pk=pk, kind="petition").first()
    if case is None or not case.timeline.filter(action="register").exists():
        raise Http404(_("no accepted petition with this number in your jurisdiction"))
    case.tracking_code = tracking_code_for(case, request.user)  # the petitioner's code: printed by its clerk only
    response = HttpResponse(acceptance_notice_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="acceptance-{case.number}.pdf"'
    return response


@login_required
def tour_visits(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            day = date.fromisoformat(request.POST.get("day", ""))
            actions.schedule_tour_visit(request.user, area_code=request.POST.get("area", ""), day=day,
                                        place=request.POST.get("place", "").strip() or "—",
                                        note=request.POST.get("note", ""))
        except ValueError:
            messages.error(request, _("the date must look like 2026-11-23"))
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Tour visit scheduled"))
        return redirect("petitions:tours")
    visits = TourVisit.objects.visible_to(request.user).select_related("area", "leader")[:100]
    return render(request, "petitions/tours.html", {"visits": visits})
