"""The case API: report, read, act, list, KPIs; and the citizen's tracking by code (no login)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import File, Query, Router, Schema, UploadedFile
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from gridgov.geo.models import Area
from gridgov.geo.scoping import jurisdiction_of
from gridgov.org.models import Staff, Unit
from gridgov.worktime.calendar import missing_years

from . import kpis
from .actions import ActionError, allowed_actions, category_by_code, report_case, take_action
from .models import Attachment, Case, Category, Status
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
    return {**case_dict(case), "timeline": timeline(case), "allowed_actions": allowed_actions(request.user, case)}


@router.post("", response={200: Created, 201: Created}, summary="Report a case (idempotent with idempotency_key)")
def create_case(request: HttpRequest, body: CaseIn):
    category = category_by_code(body.category)
    if category is None or not category.active:
        raise HttpError(400, f"unknown category {body.category!r}: use a code from /api/v1/categories")
    try:
        r = report_case(request.user, category=category, description=body.description, lon=body.lon, lat=body.lat,
                        crs=body.crs, channel=body.channel, urgency=body.urgency,
                        idempotency_key=body.idempotency_key, citizen_name=body.citizen_name,
                        citizen_phone=body.citizen_phone, self_handle=body.self_handle)
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    out = {**case_dict(r.case), "possible_duplicates": [case_dict(d) for d in r.duplicates]}
    return HttpStatus(201 if r.created else 200, out)


@router.get("/{int:case_id}", response=CaseDetail, summary="A case with its timeline and what the caller may do")
def get_case(request: HttpRequest, case_id: int) -> dict:
    case = _visible(request).filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, "no such case in your jurisdiction")
    return _detail(request, case)


@router.post("/{int:case_id}/actions", response=CaseDetail, summary="Take an action on a case")
def act(request: HttpRequest, case_id: int, body: ActionIn) -> dict:
    try:
        case = take_action(request.user, case_id, body.action, note=body.note, fields=body.fields(),
                           attachments=body.attachments)
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    return _detail(request, case)


@router.post("/{int:case_id}/attachments", response={201: AttachmentOut},
             summary="Upload a photo or document; name its id in the next action's 'attachments'")
def upload_attachment(request: HttpRequest, case_id: int, file: File[UploadedFile]):
    case = _visible(request).filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, "no such case in your jurisdiction")
    if file.size > settings.GRIDGOV_MAX_ATTACHMENT_BYTES:
        raise HttpError(413, f"the file is larger than {settings.GRIDGOV_MAX_ATTACHMENT_BYTES // 2**20} MB")
    head = file.read(12)
    file.seek(0)
    kind = sniff(head)
    if kind not in settings.GRIDGOV_ATTACHMENT_TYPES:
        raise HttpError(415, "only JPEG, PNG or WebP photos and PDF documents can be attached")
    a = Attachment(case=case, content_type=kind)
    a.file.save(f"{case.number}-{file.name[-60:]}", file, save=True)
    return HttpStatus(201, attachment_dict(a))


@router.get("/{int:case_id}/attachments/{int:attachment_id}", summary="Download an attachment (scoped)")
def download_attachment(request: HttpRequest, case_id: int, attachment_id: int) -> FileResponse:
    a = Attachment.objects.filter(pk=attachment_id, case__in=_visible(request).filter(pk=case_id)).first()
    if a is None:
        raise HttpError(404, "no such attachment in your jurisdiction")
    return FileResponse(a.file.open("rb"), content_type=a.content_type)


def sniff(head: bytes) -> str:
    """The file's real type from its first bytes (the declared type is not trusted)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF"):
        return "application/pdf"
    return "application/octet-stream"


@router.get("", response=CasePage, summary="Cases in the caller's jurisdiction, newest first")
def list_cases(request: HttpRequest, f: Query[CaseFilter]) -> dict:
    qs = _visible(request)
    if f.status:
        if f.status not in Status.values:
            raise HttpError(400, f"unknown status {f.status!r}; statuses are: {', '.join(Status.values)}")
        qs = qs.filter(status=f.status)
    if f.area:
        qs = qs.filter(area_code__startswith=f.area)
    if f.category:
        qs = qs.filter(Q(category__code=f.category) | Q(category__parent__code=f.category))
    if f.overdue is not None:
        qs = qs.filter(overdue=f.overdue)
    qs = qs.order_by("-created_at", "-id")
    start = (f.page - 1) * f.page_size
    return {"count": qs.count(), "page": f.page, "page_size": f.page_size,
            "results": [case_dict(c) for c in qs[start : start + f.page_size]]}


@kpi_router.get("", response=KpisOut, summary="KPIs of an area subtree, a unit or a grid worker over a period")
def get_kpis(request: HttpRequest, q: Query[KpiQuery]) -> dict:
    if q.to < q.from_:
        raise HttpError(400, "'to' is before 'from'")
    juris = jurisdiction_of(request.user)
    if q.unit is not None:
        unit = Unit.objects.select_related("area").filter(pk=q.unit).first()
        mine = getattr(getattr(request.user, "staff", None), "unit_id", None) == q.unit
        if unit is None or not (mine or juris.covers(unit.area.code)):
            raise HttpError(404, f"unit {q.unit} is not in your jurisdiction")
        scope = f"unit:{q.unit}"
    elif q.worker is not None:
        worker = Staff.objects.select_related("area").filter(user_id=q.worker).first()
        if worker is None or not (q.worker == request.user.pk or juris.covers(worker.area.code)):
            raise HttpError(404, f"grid worker {q.worker} is not in your jurisdiction")
        scope = f"worker:{q.worker}"
    else:
        code = q.area or (min(juris.codes, key=len) if juris.codes else None)
        if code is None:  # administrators: the district
            code = Area.objects.filter(level=1).values_list("code", flat=True).first() or ""
        if not juris.covers(code):
            raise HttpError(404, f"area {code} is not in your jurisdiction")
        scope = f"area:{code}"
    return {"scope": scope, "from": q.from_, "to": q.to, "kpis": kpis.compute(scope, q.from_, q.to),
            "missing_calendar_years": missing_years(list(range(q.from_.year, q.to.year + 1)))}


# -- citizens -----------------------------------------------------------------------------------------------------

PLAIN = {
    "report": "您的反映已收到", "self_handle": "网格员已现场解决", "register": "已受理立案",
    "dispatch": "已派给{unit}办理", "accept": "承办单位已签收", "return": "正在重新派单",
    "escalate": "已提级至{unit}办理", "submit_feedback": "承办单位已处理完毕", "check": "已现场核查",
    "rework": "核查未通过，正在返工", "close": "已办结", "reopen": "已重新办理", "rate": "您已评价",
    "suspend": "暂缓办理（等待相关程序）", "resume": "恢复办理", "merge": "已与同一问题合并办理",
    "void": "经核实不予受理", "approve_extension": "办理期限已延长", "overdue": "办理已超期，已督促",
}


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
    rating: int


class ReopenIn(Schema):
    note: str


def _tracked(code: str) -> tuple[Case, Case]:
    """The case behind a tracking code, and the case that carries the outcome (the one it was merged into)."""
    case = Case.objects.select_related("category").filter(tracking_code=code.upper()).first()
    if case is None:
        raise HttpError(404, "no case has this tracking code")
    outcome = case
    while outcome.merged_into_id:
        outcome = Case.objects.select_related("category").get(pk=outcome.merged_into_id)
    return case, outcome


def _track(code: str) -> dict:
    case, outcome = _tracked(code)
    steps = []
    for e in outcome.timeline.all():
        if e.action in PLAIN:
            steps.append({"at": timezone.localtime(e.at), "text": PLAIN[e.action].format(unit=e.data.get("unit_name",
                                                                                                          ""))})
    limit = outcome.closed_at and timezone.now() <= outcome.closed_at + timedelta(days=settings.GRIDGOV_REOPEN_DAYS)
    return {"number": outcome.number, "status": outcome.status, "status_label": str(Status(outcome.status).label),
            "category": outcome.category.name, "created_at": timezone.localtime(case.created_at),
            "closed_at": timezone.localtime(outcome.closed_at) if outcome.closed_at else None,
            "rating": outcome.rating, "can_rate": outcome.status == Status.CLOSED and outcome.rating is None,
            "can_reopen": bool(outcome.status == Status.CLOSED and limit), "progress": steps}


@public.get("/{code}", response=TrackOut, auth=None, summary="Progress of a case by its tracking code, in plain words")
def track(request: HttpRequest, code: str) -> dict:
    return _track(code)


def _citizen_action(code: str, action: str, note: str = "", **fields) -> dict:
    _case, outcome = _tracked(code)
    try:
        take_action(None, outcome.pk, action, note=note, fields=fields)
    except ActionError as exc:
        raise HttpError(exc.status_code, exc.message) from exc
    return _track(code)


@public.post("/{code}/rate", response=TrackOut, auth=None, summary="Rate a closed case (1–5)")
def rate(request: HttpRequest, code: str, body: RateIn) -> dict:
    return _citizen_action(code, "rate", rating=body.rating)


@public.post("/{code}/reopen", response=TrackOut, auth=None, summary="Reopen a closed case that is not solved")
def reopen(request: HttpRequest, code: str, body: ReopenIn) -> dict:
    if not body.note.strip():
        raise HttpError(400, "say what is still wrong (note)")
    return _citizen_action(code, "reopen", note=body.note)

