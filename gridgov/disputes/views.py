"""The dispute desk: record a dispute with its parties, its panel on the case page (parties, the mediation chain,
sessions, follow-ups), the written agreement, and revealing a party's details (audited)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from pydantic import ValidationError

from gridgov.cases.actions import ActionError, intake_refusal
from gridgov.cases.explain import why_not
from gridgov.cases.models import Case
from gridgov.cases.parties import masked, may_reveal
from gridgov.cases.rules import REFERRAL_STAGES

from . import actions
from .chain import STAGE_LABELS, agreement_entry, chain
from .documents import agreement_pdf
from .models import DisputeType, FoundBy, Risk
from .schemas import MAX_PARTIES, DisputeIn


def _parties(post: Any) -> list[dict[str, str]]:
    out = []
    for i in range(MAX_PARTIES):
        name = post.get(f"party{i}_name", "").strip()
        if name:
            out.append({k: post.get(f"party{i}_{k}", "").strip() for k in ("kind", "role", "id_number", "phone")}
                       | {"name": name})
    return out


def _amount(raw: str) -> Decimal | None:
    try:
        return Decimal(raw) if raw.strip() else None
    except InvalidOperation:
        return Decimal("-1")  # refused by the schema with a clear message


@login_required
def new_dispute(request: HttpRequest) -> HttpResponse:
    values = request.POST if request.method == "POST" else {"found_by": "walk_in", "people_involved": "2"}
    status = 200
    if (refused := intake_refusal(request.user, "dispute")) is not None:  # rules.INTAKE_ROLES
        messages.error(request, refused.message)
        status = 403
    elif request.method == "POST":
        try:
            body = DisputeIn(dispute_type=values.get("dispute_type", ""), found_by=values.get("found_by", ""),
                             risk=values.get("risk", "low"), description=values.get("description", ""),
                             lon=values.get("lon") or "nan", lat=values.get("lat") or "nan",
                             people_involved=values.get("people_involved") or 2,
                             amount=_amount(values.get("amount", "")),
                             idempotency_key=values.get("idempotency_key") or None, parties=_parties(values))
            case = actions.record_dispute(request.user, **body.model_dump(exclude={"parties"}),
                                          parties=[p.model_dump() for p in body.parties]).case
        except (ValidationError, ActionError) as exc:
            messages.error(request, _("Not saved: %(why)s") % {"why": why_not(exc)})
        else:
            messages.success(request, _("Dispute %(number)s recorded") % {"number": case.number})
            return redirect("workbench:case", pk=case.pk)
    return render(request, "disputes/new.html", {
        "values": values, "types": DisputeType.choices, "found": FoundBy.choices, "risks": Risk.choices,
        "slots": range(MAX_PARTIES),
    }, status=status)


def dispute_panel(request: HttpRequest, case: Case) -> tuple[str, dict[str, Any]]:
    entries = list(case.timeline.order_by("at", "id"))
    return "disputes/_panel.html", {
        "dispute": getattr(case, "dispute", None), "parties": [masked(p) for p in case.parties.all()],
        "can_reveal": may_reveal(request.user, case), "stages": chain(entries),
        "follow_ups": [e for e in entries if e.action == "follow_up"],
        "has_agreement": agreement_entry(entries) is not None,
        "referral_stages": [(k, STAGE_LABELS[k]) for k in REFERRAL_STAGES],
    }


def _case(request: HttpRequest, pk: int) -> Case:
    case = Case.objects.visible_to(request.user).filter(pk=pk, kind="dispute").first()
    if case is None:
        raise Http404(_("no such dispute in your jurisdiction"))
    return case


@login_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    pdf = agreement_pdf(_case(request, pk), request.user)
    if pdf is None:
        raise Http404(_("this dispute has no agreement yet"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{pk}.pdf"'
    return response
