"""Assessment API: the month's scores (scoped: a grid worker reads their own), one score with the events behind each
item, and the gold medal's nomination and decision."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from gridgov.types import Id, Page, Text

from . import actions
from .actions import AssessError
from .models import Score
from .present import number, score_view

router = Router(tags=["assess"])


class ScoresQuery(Schema):
    month: Text(7, min_length=7)
    area: Text(30) = ""
    page: Page = 1
    page_size: int = Field(100, ge=1, le=500, description="scores per page (1 … 500)")


class ItemOut(Schema):
    code: str
    score: float | None
    max: float | None
    events: int


class ScoreOut(Schema):
    id: int
    username: str
    area_code: str
    month: date
    version: int
    score: float
    eligible: bool
    items: list[ItemOut]


class ScorePage(Schema):
    count: int = Field(description="the scores on all pages")
    page: int
    page_size: int
    results: list[ScoreOut]


def _out(s: Score) -> dict:
    return {"id": s.pk, "username": s.worker.user.get_username(), "area_code": s.area_code, "month": s.month,
            "version": s.version, "score": float(s.total), "eligible": s.eligible,
            "items": [{"code": i["code"], "score": number(i["score"]), "max": number(i["max"]),
                       "events": len(i["events"])} for i in s.items]}


def _refused(exc: AssessError) -> HttpError:
    return HttpError(exc.status_code, exc.message)


@router.get("/scores", response=ScorePage, summary="The month's current scores under an area, best first, a page")
def list_scores(request: HttpRequest, q: Query[ScoresQuery]) -> dict:
    try:
        month = actions.parse_month(q.month)
    except AssessError as exc:
        raise _refused(exc) from exc
    qs = actions.ranked(month, q.area, Score.objects.visible_to(request.user).select_related("worker__user"))
    start = (q.page - 1) * q.page_size
    return {"count": qs.count(), "page": q.page, "page_size": q.page_size,
            "results": [_out(s) for s in qs[start: start + q.page_size]]}


class EventOut(Schema):
    ref: str
    text: str
    url: str


class ItemDetail(Schema):
    code: str
    label: str
    score: float | None
    max: float | None
    measure: str
    events: list[EventOut]


class ScoreDetail(ScoreOut):
    reason: str
    template: str
    detail: list[ItemDetail]


@router.get("/scores/{score_id}", response=ScoreDetail, summary="One score, each item with the events behind it")
def get_score(request: HttpRequest, score_id: Id):
    s = Score.objects.visible_to(request.user).select_related("worker__user", "template").filter(pk=score_id).first()
    if s is None:
        raise HttpError(404, _("no such score in your jurisdiction"))
    detail = [{"code": i["code"], "label": i["label"], "score": number(i["score"]), "max": number(i["max"]),
               "measure": i["measure"], "events": [{"ref": e["ref"], "text": e["text"], "url": e["url"]}
                                                   for e in i["events"]]} for i in score_view(s)]
    return _out(s) | {"reason": s.reason, "template": str(s.template), "detail": detail}


class NominationIn(Schema):
    score: Id
    note: Text(1000, min_length=1)


class DecisionIn(Schema):
    approve: bool
    reason: Text(1000) = ""


class NominationOut(Schema):
    id: int
    score: int
    month: date
    area_code: str
    status: str
    note: str
    decision_reason: str


def _nomination(n: object) -> dict:
    return {"id": n.pk, "score": n.score_id, "month": n.month, "area_code": n.area_code, "status": n.status,
            "note": n.note, "decision_reason": n.decision_reason}


@router.post("/nominations", response={201: NominationOut},
             summary="The township nominates a worker from the top of its confirmed ranking for the gold medal")
def create_nomination(request: HttpRequest, body: NominationIn):
    try:
        n = actions.nominate(request.user, body.score, body.note)
    except AssessError as exc:
        raise _refused(exc) from exc
    return HttpStatus(201, _nomination(n))


@router.post("/nominations/{nomination_id}/decision", response=NominationOut,
             summary="The district approves the gold medal or rejects the nomination with a reason")
def decide_nomination(request: HttpRequest, nomination_id: Id, body: DecisionIn):
    try:
        n = actions.decide_nomination(request.user, nomination_id, approve=body.approve, reason=body.reason)
    except AssessError as exc:
        raise _refused(exc) from exc
    return _nomination(n)
