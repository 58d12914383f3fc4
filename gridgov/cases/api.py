"""The case API: report, read, act, list, KPIs; and the citizen's tracking by code (no login)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.db.models import Q
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Query, Router, Schema, UploadedFile
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from gridgov.errors import CodedError
from gridgov.geo.models import Area, scope_prefix
from gridgov.geo.scoping import jurisdiction_of
from gridgov.org.models import Staff, Unit
from gridgov.replicas import may_lag
from gridgov.throttle.counters import client_address
from gridgov.types import Id, Text
from gridgov.worktime.calendar import missing_years

from . import guessing, kpis, tracking
from .actions import ActionError, LocationUnconfirmed, allowed_actions, category_by_code, report_case, take_action
from .attachments import save_attachment
from .models import AREA_FIGURES_REFUSED, Attachment, Case, Category, Status, sees_area_figures
from .queries import readable_case
from .schemas import ActionIn, AttachmentOut, CaseDetail, CaseFilter, CaseIn, CasePage, Created, KpiQuery, KpisOut
from .serialize import attachment_dict, case_dict, timeline

router = Router(tags=["cases"])
kpi_router = Router(tags=["kpis"])
category_router = Router(tags=["cases"])
public = Router(tags=["citizens"])
def _visible(request: HttpRequest):
    return Case.objects.visible_to(request.user)


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    class_code: str | None
    self_handle_allowed: bool


@category_router.get("", response=list[CategoryOut], summary="The categories a report may use")
def list_categories(request: HttpRequest) -> list[dict]:
    return [{"code": c.code, "name": c.name, "name_en": c.name_en, "class_code": c.code[:2],
             "self_handle_allowed": c.self_handle_allowed}
            for c in Category.objects.filter(active=True).order_by("code")]


def _detail(request: HttpRequest, case: Case) -> dict:
    return {**case_dict(case, request.user), "timeline": timeline(case),
            "allowed_actions": allowed_actions(request.user, case)}


def location_refusal(exc: LocationUnconfirmed) -> CodedError:
    """409 for a staff report placed outside the reporter's jurisdiction or far from their area (cases, disputes,
    petitions alike): the caller checks the point, then sends ``confirm_location`` or the right ``crs``."""
    w = exc.where
    return CodedError(409, exc.message, exc.code, metres=w.metres, area_code=w.area_code, area_name=w.area_name)


@router.post("", response={200: Created, 201: Created}, summary="Report a case (idempotent with idempotency_key)")
def create_case(request: HttpRequest, body: CaseIn):
    category = category_by_code(body.category)
    if category is None or not category.active:
        raise HttpError(400, _("unknown category %(code)r: use a code from /api/v1/categories") % {
            "code": body.category})
    try:
        r = report_case(request.user, category=category, description=body.description, lon=body.lon, lat=body.lat,
                        crs=body.crs, channel=body.channel, urgency=body.urgency,
                        idempotency_key=body.idempotency_key, citizen_name=body.citizen_name,
                        citizen_phone=body.citizen_phone, self_handle=body.self_handle,
                        confirm_location=body.confirm_location)
    except LocationUnconfirmed as exc:  # nothing stored: the phone asks, then sends confirm_location or another crs
        raise location_refusal(exc) from exc
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    out = {**case_dict(r.case, request.user), "possible_duplicates": [case_dict(d) for d in r.duplicates]}
    return HttpStatus(201 if r.created else 200, out)


@router.get("/{int:case_id}", response=CaseDetail, summary="A case with its timeline and what the caller may do")
def get_case(request: HttpRequest, case_id: Id) -> dict:
    case = readable_case(request.user, case_id)
    if case is None:
        raise HttpError(404, _("no such case in your jurisdiction"))
    return _detail(request, case)


@router.post("/{int:case_id}/actions", response=CaseDetail, summary="Take an action on a case")
def act(request: HttpRequest, case_id: Id, body: ActionIn) -> dict:
    try:
        case = take_action(request.user, case_id, body.action, note=body.note, fields=body.fields(),
                           attachments=body.attachments)
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    return _detail(request, case)


@router.post("/{int:case_id}/attachments", response={201: AttachmentOut},
             summary="Upload a photo or document; name its id in the next action's 'attachments'")
def upload_attachment(request: HttpRequest, case_id: Id, file: File[UploadedFile]):
    case = readable_case(request.user, case_id)
    if case is None:
        raise HttpError(404, _("no such case in your jurisdiction"))
    try:
        a = save_attachment(case, file)
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    return HttpStatus(201, attachment_dict(a))


@router.get("/{int:case_id}/attachments/{int:attachment_id}", summary="Download an attachment (scoped)")
def download_attachment(request: HttpRequest, case_id: Id, attachment_id: Id) -> FileResponse:
    case = readable_case(request.user, case_id)
    a = Attachment.objects.filter(pk=attachment_id, case=case).first() if case is not None else None
    if a is None:
        raise HttpError(404, "no such attachment in your jurisdiction")
    return FileResponse(a.file.open("rb"), content_type=a.content_type)


@router.get("", response=CasePage, summary="Cases in the caller's jurisdiction, newest first")
@may_lag
def list_cases(request: HttpRequest, f: Query[CaseFilter]) -> dict:
    qs = _visible(request)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        if f.status not in Status.values:
            raise HttpError(400, _("unknown status %(s)r; use one of %(all)s") % {"s": f.status,
                                                                                   "all": ", ".join(Status.values)})
        qs = qs.filter(status=f.status)
    if f.area:
        qs = qs.filter(area_code__startswith=scope_prefix(f.area))
    if f.category:
        qs = qs.filter(Q(category__code=f.category) | Q(category__parent__code=f.category))
    if f.overdue is not None:
        qs = qs.filter(overdue=f.overdue)
    qs = qs.order_by("-created_at", "-id")
    start = (f.page - 1) * f.page_size
    return {"count": qs.count(), "page": f.page, "page_size": f.page_size,
            "results": [case_dict(c, request.user) for c in qs[start : start + f.page_size]]}


@kpi_router.get("", response=KpisOut, summary="KPIs of an area subtree (with its disputes' and petitions' figures), a "
               "unit or a grid worker over a period")
def get_kpis(request: HttpRequest, q: Query[KpiQuery]) -> dict:
    if q.to < q.from_:
        raise HttpError(400, _("'from' must not be after 'to'"))
    juris = jurisdiction_of(request.user)
    by_area = sees_area_figures(request.user)  # a department reads its own unit's figures only
    kinds: dict[str, dict] = {}  # the disputes' and petitions' figures exist for area scopes
    if q.unit is not None:
        unit = Unit.objects.select_related("area").filter(pk=q.unit).first()
        mine = getattr(getattr(request.user, "staff", None), "unit_id", None) == q.unit
        if unit is None or not (mine or (by_area and juris.covers(unit.area.code))):
            raise HttpError(404, f"unit {q.unit} is not in your jurisdiction")
        scope = f"unit:{q.unit}"
    elif q.worker is not None:
        worker = Staff.objects.select_related("area").filter(user_id=q.worker).first()
        if worker is None or not (q.worker == request.user.pk or (by_area and juris.covers(worker.area.code))):
            raise HttpError(404, f"grid worker {q.worker} is not in your jurisdiction")
        scope = f"worker:{q.worker}"
    else:
        if not by_area:
            raise HttpError(403, str(AREA_FIGURES_REFUSED))
        code = q.area or (min(juris.codes, key=len) if juris.codes else None)
        if code is None:  # administrators: the district
            code = Area.objects.filter(level=1).values_list("code", flat=True).first() or ""
        if not juris.covers(code):
            raise HttpError(404, f"area {code} is not in your jurisdiction")
        scope = f"area:{code}"
        kinds = {f"{kind}s": kpis.compute_kind(kind, code, q.from_, q.to) for kind in ("dispute", "petition")}
    return {"scope": scope, "from": q.from_, "to": q.to, "kpis": kpis.compute(scope, q.from_, q.to),
            **kinds,
            "missing_calendar_years": missing_years(list(range(q.from_.year, q.to.year + 1)))}


# -- citizens -----------------------------------------------------------------------------------------------------

class TrackOut(Schema):
    number: str
    status: str
    status_label: str
    category: str
    created_at: datetime
    closed_at: datetime | None
    rating: int | None
    can_rate: bool
    can_reopen: bool
    progress: list[dict]


class RateIn(Schema):
    rating: int = Field(..., ge=1, le=5)


class ReopenIn(Schema):
    note: Text(4000, min_length=1)


TrackingCode = Annotated[str, Path(..., pattern=r"^[0-9A-Za-z]{1,20}$", description="the tracking code")]


@public.get("/{code}", response=TrackOut, auth=None, summary="Progress of a case by its tracking code, in plain words")
def track(request: HttpRequest, code: TrackingCode) -> dict:
    try:
        return guessing.looked_up(client_address(request), tracking.progress, code)
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc


def _caller(request: HttpRequest) -> Any:
    """Who calls a public endpoint: its routes take no login, but a staff token sent anyway still names a staff
    member, who may not rate or reopen as a citizen."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Bearer "):
        from gridgov.org.auth import user_for_token

        return user_for_token(header[len("Bearer "):].strip()) or request.user
    return request.user


def _citizen_action(request: HttpRequest, code: str, action: str, note: str = "", **fields) -> dict:
    try:
        address = client_address(request)
        return guessing.looked_up(address, tracking.citizen_action, code, action, note, address=address,
                                  user=_caller(request), **fields)
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc


@public.post("/{code}/rate", response=TrackOut, auth=None,
             summary="Rate a closed case (1–5): once, by the citizen holding its code; a few a day per address")
def rate(request: HttpRequest, code: TrackingCode, body: RateIn) -> dict:
    return _citizen_action(request, code, "rate", rating=body.rating)


@public.post("/{code}/reopen", response=TrackOut, auth=None, summary="Reopen a closed case that is not solved")
def reopen(request: HttpRequest, code: TrackingCode, body: ReopenIn) -> dict:
    if not body.note.strip():
        raise HttpError(400, "say what is still wrong (note)")
    return _citizen_action(request, code, "reopen", note=body.note)

