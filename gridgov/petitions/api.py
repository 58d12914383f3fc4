"""Petitions over HTTP: register one (repeats are linked by the registration), read it, schedule a tour visit.
Handing to counters and replying are case actions (`dispatch` with `unit` and `also`, `submit_feedback` with
`first_visit`)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from gridgov.cases.actions import ActionError, LocationUnconfirmed
from gridgov.cases.api import location_refusal
from gridgov.cases.parties import masked
from gridgov.types import Day, Id, Text

from . import actions
from .models import Petition
from .schemas import PetitionIn

router = Router(tags=["petitions"])


class CreatedOut(Schema):
    id: int
    number: str
    tracking_code: str
    repeat: bool = Field(False, description="the petition repeats an earlier one (same petitioner or same matter)")
    repeat_of: str | None = Field(None, description="the earlier petition's number, when it is in your jurisdiction")
    repeat_note: str = ""


class PetitionOut(Schema):
    id: int
    number: str
    status: str
    channel: str
    people: int
    group: bool
    repeat: bool = False
    repeat_of: str | None = None
    repeat_note: str = ""
    departments: list[str]
    petitioners: list[dict]


class TourVisitIn(Schema):
    area: str = Field(..., pattern=r"^\d{6,30}$")
    day: Day
    place: Text(200, min_length=1)
    note: Text(500) = ""


@router.post("", response={200: CreatedOut, 201: CreatedOut}, summary="Register a petition")
def create_petition(request: HttpRequest, body: PetitionIn):
    try:
        r = actions.record_petition(request.user, **body.model_dump(exclude={"petitioners"}),
                                    petitioners=[p.model_dump() for p in body.petitioners])
    except LocationUnconfirmed as exc:  # nothing stored: check the point, then confirm_location
        raise location_refusal(exc) from exc
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    case = r.case
    p = Petition.objects.select_related("repeat_of").get(case=case)
    answer = actions.repeat_answer(request.user, p)
    return HttpStatus(201 if r.created else 200, {
        "id": case.pk, "number": case.number, "tracking_code": case.tracking_code, **answer})


@router.get("/{int:case_id}", response=PetitionOut, summary="A petition with its petitioners (masked)")
def get_petition(request: HttpRequest, case_id: Id) -> dict:
    p = Petition.objects.visible_to(request.user).filter(case_id=case_id).select_related("case", "repeat_of").first()
    if p is None:
        raise HttpError(404, "no such petition in your jurisdiction")
    return {"id": p.case.pk, "number": p.case.number, "status": p.case.status, "channel": p.channel,
            "people": p.people, "group": p.is_group, **actions.repeat_answer(request.user, p),
            "departments": [u.name for u in p.departments.all()],
            "petitioners": [masked(x) for x in p.case.parties.all()]}


@router.post("/tour-visits", response={201: dict}, summary="A leader schedules a visit to receive petitions on site")
def create_tour_visit(request: HttpRequest, body: TourVisitIn):
    try:
        v = actions.schedule_tour_visit(request.user, area_code=body.area, day=body.day, place=body.place,
                                        note=body.note)
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    return HttpStatus(201, {"id": v.pk, "area_code": v.area.code, "day": v.day.isoformat(), "place": v.place})
