"""Disputes over HTTP: record one with its parties, read its mediation chain, record the day's screening. The
steps of the chain are case actions (`POST /api/v1/cases/{id}/actions` with `record_session`, `submit_feedback`
with `outcome`, `refer` with `stage`, `follow_up` with `held`)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError
from pydantic import field_validator

from gridgov.cases.actions import ActionError, LocationUnconfirmed
from gridgov.cases.api import location_refusal
from gridgov.cases.models import Case
from gridgov.cases.parties import masked
from gridgov.types import Day, Id, Text

from . import actions
from .chain import chain
from .schemas import DisputeIn

router = Router(tags=["disputes"])


class CreatedOut(Schema):
    id: int
    number: str
    tracking_code: str


class StageOut(Schema):
    kind: str
    unit: str
    started: datetime
    due: datetime | None
    outcome: str
    sessions: list[dict]


class DisputeOut(Schema):
    id: int
    number: str
    status: str
    dispute_type: str
    found_by: str
    risk: str
    people_involved: int
    amount: str | None
    parties: list[dict]
    chain: list[StageOut]


class ScreeningIn(Schema):
    found: bool
    note: Text(500) = ""
    day: Day | None = None

    @field_validator("day")
    @classmethod
    def not_ahead(cls, day: date | None) -> date | None:
        if day is not None and day > timezone.localdate():
            raise ValueError(_("a screening is recorded on its day or later, not ahead"))
        return day


@router.post("", response={200: CreatedOut, 201: CreatedOut}, summary="Record a dispute with its parties")
def create_dispute(request: HttpRequest, body: DisputeIn):
    try:
        r = actions.record_dispute(request.user, **body.model_dump(exclude={"parties"}),
                                   parties=[p.model_dump() for p in body.parties])
    except LocationUnconfirmed as exc:  # nothing stored: check the point, then confirm_location
        raise location_refusal(exc) from exc
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    return HttpStatus(201 if r.created else 200, {"id": r.case.pk, "number": r.case.number,
                                                  "tracking_code": r.case.tracking_code})


@router.get("/{int:case_id}", response=DisputeOut, summary="A dispute, its parties (masked) and its chain")
def get_dispute(request: HttpRequest, case_id: Id) -> dict:
    case = Case.objects.visible_to(request.user).filter(pk=case_id, kind="dispute").select_related("dispute").first()
    if case is None:
        raise HttpError(404, "no such dispute in your jurisdiction")
    d = case.dispute
    return {"id": case.pk, "number": case.number, "status": case.status, "dispute_type": d.dispute_type,
            "found_by": d.found_by, "risk": d.risk, "people_involved": d.people_involved,
            "amount": str(d.amount) if d.amount is not None else None,
            "parties": [masked(p) for p in case.parties.all()],
            "chain": [vars(s) for s in chain(list(case.timeline.order_by("at", "id")))]}


@router.post("/screenings", response={200: dict, 201: dict}, summary="Today's dispute screening of my grid")
def create_screening(request: HttpRequest, body: ScreeningIn):
    try:
        s, created = actions.record_screening(request.user, found=body.found, note=body.note, day=body.day)
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    return HttpStatus(201 if created else 200, {"id": s.pk, "area_code": s.area.code, "day": s.day.isoformat(),
                                                "found": s.found})
