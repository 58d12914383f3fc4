"""Every assessment write: check the declared permission (``rules.PERMISSIONS``) and the scope, change, audit, in one
transaction. A refused action changes nothing (``AssessError`` with the HTTP status to answer)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridgov.audit.actions import record_event
from gridgov.cases.kpis import local_day
from gridgov.geo.models import scope_prefix
from gridgov.geo.scoping import jurisdiction_of
from gridgov.org.models import Role, Staff
from gridgov.types import FIRST_DAY, LAST_DAY

from .facts import MonthFacts
from .models import (
    Adjustment,
    AdjustmentStatus,
    AssessmentMonth,
    MonthStatus,
    Nomination,
    NominationStatus,
    Score,
    Template,
    TemplateStatus,
    Training,
)
from .rules import refusal
from .scoring import score_worker, template_problems

TOWNSHIP_DIGITS = 9
TOP_DEFAULT = 3  # a township nominates from the first places of its ranking (template: eligibility.nominate_from_top)


class AssessError(Exception):
    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.message, self.status_code = str(message), status_code


def _check(user: Any, action: str, area_code: str) -> None:
    if (why := refusal(user, action, area_code)) is not None:
        raise AssessError(*why)


def parse_month(text: str) -> date:
    """``YYYY-MM`` → the month's first day."""
    try:
        year, month = text.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError(text)
        first = date(int(year), int(month), 1)
    except ValueError as exc:
        raise AssessError(_("a month is written YYYY-MM, e.g. 2026-10")) from exc
    return in_window(first)


def in_window(day: date) -> date:
    """The same window of dates as the API's bounded types (``gridgov.types``)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise AssessError(_("the date must lie between 2000 and 2099"))
    return day


def township_of(area_code: str) -> str:
    return area_code[:TOWNSHIP_DIGITS]


def template_for(area_code: str, templates: list[Template] | None = None) -> Template:
    """The published template whose area is the longest prefix of ``area_code`` (blank: everywhere)."""
    if templates is None:
        templates = list(Template.objects.filter(status=TemplateStatus.PUBLISHED))
    fits = [t for t in templates if area_code.startswith(t.area_code)]
    if not fits:
        raise AssessError(_("no published assessment template applies to %(area)s") % {"area": area_code}, 409)
    return max(fits, key=lambda t: (len(t.area_code), t.pk))


def confirmed(month: date, area_code: str) -> bool:
    return AssessmentMonth.objects.filter(area_code=township_of(area_code), month=month,
                                          status=MonthStatus.CONFIRMED).exists()


def _month_ended(month: date, now: datetime) -> bool:
    return local_day(now).replace(day=1) > month


# -- computing -----------------------------------------------------------------------------------------------------

def compute_month(month: date, *, area_code: str = "", user: Any = None, now: datetime | None = None) -> list[Score]:
    """Every active grid worker's current score for ``month`` under ``area_code``: computed afresh and kept as
    version 1 (changed in place) until the township confirms the month; a confirmed month's scores are left as they
    are (a correction is ``correct_score``). ``user`` None: the system (the worker's monthly run, the command)."""
    now = now or timezone.now()
    month = month.replace(day=1)
    if user is not None:
        area_code = area_code or _top(user)  # a person computes their own jurisdiction, never more
        _check(user, "compute_month", area_code)
    inside = scope_prefix(area_code)
    workers = list(Staff.objects.filter(role=Role.GRID_WORKER, active=True, area__code__startswith=inside)
                   .select_related("area").order_by("area__code", "pk"))
    frozen = set(AssessmentMonth.objects.filter(month=month, status=MonthStatus.CONFIRMED)
                 .values_list("area_code", flat=True))
    with transaction.atomic():
        current = {s.worker_id: s for s in Score.objects.filter(month=month, current=True,
                                                                worker__in=workers).select_for_update()}
        todo = [w for w in workers if not (township_of(w.area.code) in frozen and w.pk in current)]
        fresh = _scores(month, todo, now, user)
        out, created, updated = [], [], []
        for w in workers:
            old, new = current.get(w.pk), fresh.get(w.pk)
            if new is None:
                out.append(old)
            elif old is None:
                created.append(new)
                out.append(new)
            else:
                if (old.total, old.items, old.template_id, old.ineligible_because) != (
                        new.total, new.items, new.template_id, new.ineligible_because):
                    for f in ("total", "items", "template", "eligible", "ineligible_because", "area_code"):
                        setattr(old, f, getattr(new, f))
                    old.computed_at, old.computed_by = now, user
                    updated.append(old)
                out.append(old)
        Score.objects.bulk_create(created, batch_size=500)
        Score.objects.bulk_update(updated, ["total", "items", "template", "eligible", "ineligible_because",
                                            "area_code", "computed_at", "computed_by"], batch_size=500)
        changed = len(created) + len(updated)
        record_event(user, "compute_assessment", None, {"month": f"{month:%Y-%m}", "area": area_code,
                                                        "workers": len(workers), "changed": changed},
                     object_type="assess.Score", object_repr=f"{month:%Y-%m} {area_code}")
    return out


def _top(user: Any) -> str:
    staff = getattr(user, "staff", None)
    return staff.area.code if staff is not None else ""


def _scores(month: date, workers: list[Staff], now: datetime, user: Any) -> dict[int, Score]:
    """Unsaved scores (version 1) for ``workers``: the facts read once for all of them."""
    if not workers:
        return {}
    templates = list(Template.objects.filter(status=TemplateStatus.PUBLISHED))
    mf = MonthFacts(month, workers)
    adjustments: dict[int, list[Adjustment]] = defaultdict(list)
    for a in Adjustment.objects.filter(month=month, worker__in=workers, status=AdjustmentStatus.APPROVED).order_by(
            "pk"):
        adjustments[a.worker_id].append(a)
    out = {}
    for w in workers:
        t = template_for(w.area.code, templates)
        r = score_worker(t, mf, w, adjustments[w.pk])
        out[w.pk] = Score(worker=w, area_code=w.area.code, month=month, template=t, total=r["total"],
                          items=r["items"], eligible=not r["ineligible_because"],
                          ineligible_because=r["ineligible_because"], computed_at=now, computed_by=user)
    return out


def confirm_month(user: Any, township: str, month: date, *, now: datetime | None = None) -> AssessmentMonth:
    """The township confirms its month: its workers' scores are computed a last time and frozen."""
    now = now or timezone.now()
    _check(user, "confirm_month", township)
    if len(township) != TOWNSHIP_DIGITS:
        raise AssessError(_("a month is confirmed by its township: give the township's code"))
    if not _month_ended(month, now):
        raise AssessError(_("a month is confirmed after it ends"), 409)
    with transaction.atomic():
        m, _created = AssessmentMonth.objects.select_for_update().get_or_create(area_code=township, month=month)
        if m.status == MonthStatus.CONFIRMED:
            raise AssessError(_("this month is already confirmed: correct a score with a reason instead"), 409)
        compute_month(month, area_code=township, now=now)
        m.status, m.confirmed_by, m.confirmed_at = MonthStatus.CONFIRMED, user, now
        m.save()
        record_event(user, "confirm_assessment_month", m, {"status": "confirmed"})
    return m


def correct_score(user: Any, score_id: int, reason: str, *, now: datetime | None = None) -> Score:
    """A confirmed score corrected: the worker's month computed afresh as the next version, with the reason; the
    version before stays as it was."""
    now = now or timezone.now()
    score = Score.objects.visible_to(user).filter(pk=score_id, current=True).select_related("worker__area").first()
    if score is None:
        raise AssessError(_("not found"), 404)
    _check(user, "correct_score", score.area_code)
    if not reason.strip():
        raise AssessError(_("a correction needs its reason"))
    if not confirmed(score.month, score.area_code):
        raise AssessError(_("the month is not confirmed yet: its scores are recomputed, not corrected"), 409)
    with transaction.atomic():
        old = Score.objects.select_for_update().get(pk=score.pk)
        if not old.current:
            raise AssessError(_("this score has been corrected since: correct the current version"), 409)
        new = _scores(old.month, [score.worker], now, user)[score.worker_id]
        old.current = False
        old.save(update_fields=["current"])
        new.version, new.reason = old.version + 1, reason.strip()
        new.save()
        record_event(user, "correct_assessment_score", new, {"total": [str(old.total), str(new.total)],
                                                             "version": [old.version, new.version],
                                                             "reason": new.reason})
    return new


# -- bonus, penalty, training ---------------------------------------------------------------------------------------

def _worker(user: Any, worker_id: int) -> Staff:
    """The grid worker, looked up through the reader's scope (outside it: 404)."""
    w = Staff.objects.filter(pk=worker_id, role=Role.GRID_WORKER).select_related("area").first()
    if w is None or not jurisdiction_of(user).covers(w.area.code):
        raise AssessError(_("not found"), 404)
    return w


def _points(value: Any) -> Decimal:
    try:
        p = Decimal(str(value))
        if not p.is_finite():  # NaN and Infinity parse, but compare with nothing
            raise ValueError(value)
        p = p.quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError) as exc:
        raise AssessError(_("points are a number, e.g. 2 or 0.5")) from exc
    if not Decimal(0) < p <= Decimal(100):
        raise AssessError(_("points are more than 0 and at most 100"))
    return p


def enter_adjustment(user: Any, worker_id: int, month: date, *, kind: str, points: Any, reason: str,
                     complaint: bool = False, now: datetime | None = None) -> Adjustment:
    now = now or timezone.now()
    w = _worker(user, worker_id)
    _check(user, "enter_adjustment", w.area.code)
    if kind not in ("bonus", "penalty"):
        raise AssessError(_("kind is bonus or penalty"))
    if not reason.strip():
        raise AssessError(_("a bonus or penalty needs its reason"))
    if complaint and kind != "penalty":
        raise AssessError(_("a confirmed complaint is a penalty"))
    with transaction.atomic():
        a = Adjustment.objects.create(worker=w, month=month.replace(day=1), kind=kind, points=_points(points),
                                      complaint=complaint, reason=reason.strip()[:500], entered_by=user,
                                      entered_at=now)
        record_event(user, "enter_assessment_adjustment", a, {"kind": kind, "points": str(a.points),
                                                               "reason": a.reason})
    return a


def decide_adjustment(user: Any, adjustment_id: int, *, approve: bool, now: datetime | None = None) -> Adjustment:
    """Someone other than the person who entered it approves (or rejects) a bonus or penalty."""
    now = now or timezone.now()
    a = Adjustment.objects.visible_to(user).filter(pk=adjustment_id).select_related("worker__area").first()
    if a is None:
        raise AssessError(_("not found"), 404)
    _check(user, "decide_adjustment", a.worker.area.code)
    if a.entered_by_id == user.pk:
        raise AssessError(_("a bonus or penalty is approved by someone other than who entered it"), 403)
    with transaction.atomic():
        a = Adjustment.objects.select_for_update().get(pk=a.pk)
        if a.status != AdjustmentStatus.PENDING:
            raise AssessError(_("already decided"), 409)
        a.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REJECTED
        a.decided_by, a.decided_at = user, now
        a.save()
        record_event(user, "decide_assessment_adjustment", a, {"status": a.status})
    return a


def record_training(user: Any, worker_id: int, *, course: str, day: date, hours: Any) -> Training:
    w = _worker(user, worker_id)
    _check(user, "record_training", w.area.code)
    if not course.strip():
        raise AssessError(_("name the course"))
    in_window(day)
    h = _points(hours)
    with transaction.atomic():
        t = Training.objects.create(worker=w, course=course.strip()[:200], day=day, hours=h, recorded_by=user)
        record_event(user, "record_training", t, {"course": t.course, "hours": str(h), "day": str(day)})
    return t


# -- the gold medal -------------------------------------------------------------------------------------------------

def ranking(month: date, area_code: str, qs: Any = None) -> list[Score]:
    """The current scores of the month under ``area_code``, best first (ties: the worker's grid code)."""
    return list(ranked(month, area_code, qs))


def ranked(month: date, area_code: str, qs: Any = None) -> Any:
    """``ranking`` as a queryset, for a page of it."""
    qs = Score.objects.all() if qs is None else qs
    return (qs.filter(month=month, current=True, area_code__startswith=scope_prefix(area_code))
            .select_related("worker", "template").order_by("-total", "area_code", "worker_id"))


def nominate(user: Any, score_id: int, note: str, *, now: datetime | None = None) -> Nomination:
    """The township nominates a worker from the top of its confirmed ranking, with a note; the district decides."""
    now = now or timezone.now()
    score = Score.objects.visible_to(user).filter(pk=score_id, current=True).select_related("template",
                                                                                             "worker").first()
    if score is None:
        raise AssessError(_("not found"), 404)
    _check(user, "nominate", score.area_code)
    if not note.strip():
        raise AssessError(_("a nomination needs a note saying why"))
    if not confirmed(score.month, score.area_code):
        raise AssessError(_("confirm the month first: nominations come from a confirmed ranking"), 409)
    if not score.eligible:
        raise AssessError(_("not eligible this month: %(rules)s") % {"rules": "; ".join(score.ineligible_labels)},
                          409)
    top = int(score.template.eligibility.get("nominate_from_top", TOP_DEFAULT))
    board = ranking(score.month, township_of(score.area_code))
    if score.pk not in [s.pk for s in board[:top]]:
        raise AssessError(_("nominate from the first %(n)d of the township's ranking") % {"n": top}, 409)
    with transaction.atomic():
        if Nomination.objects.filter(worker=score.worker, month=score.month).exists():
            raise AssessError(_("this worker is already nominated for this month"), 409)
        n = Nomination.objects.create(score=score, worker=score.worker, area_code=score.area_code, month=score.month,
                                      note=note.strip()[:1000], nominated_by=user, nominated_at=now)
        record_event(user, "nominate_gold_medal", n, {"score": str(score.total), "note": n.note})
        _tell_district(n, now)
    return n


def _tell_district(n: Nomination, now: datetime) -> None:
    from gridgov.notify.actions import notify
    from gridgov.notify.models import Kind
    from gridgov.org.models import Unit, UnitKind

    district = Unit.objects.filter(kind=UnitKind.CENTRE, area__code=n.area_code[:6]).first()
    if district is not None:
        notify(Kind.OTHER, subject=f"{n.month:%Y-%m}", url="/assess/nominations/", unit=district, at=now,
               message=_("a gold medal nomination is waiting for the district"), object_type="assess.Nomination",
               object_id=n.pk, area_code=n.area_code)


def decide_nomination(user: Any, nomination_id: int, *, approve: bool, reason: str = "",
                      now: datetime | None = None) -> Nomination:
    """The district approves the gold medal (published on the dashboard and the worker's page) or rejects it with
    a reason."""
    now = now or timezone.now()
    n = Nomination.objects.visible_to(user).filter(pk=nomination_id).first()
    if n is None:
        raise AssessError(_("not found"), 404)
    _check(user, "decide_nomination", n.area_code)
    if not approve and not reason.strip():
        raise AssessError(_("a rejection needs its reason"))
    with transaction.atomic():
        n = Nomination.objects.select_for_update().get(pk=n.pk)
        if n.status != NominationStatus.NOMINATED:
            raise AssessError(_("already decided"), 409)
        n.status = NominationStatus.APPROVED if approve else NominationStatus.REJECTED
        n.decided_by, n.decided_at, n.decision_reason = user, now, reason.strip()[:1000]
        n.save()
        record_event(user, "decide_gold_medal", n, {"status": n.status, "reason": n.decision_reason})
    return n


# -- templates ------------------------------------------------------------------------------------------------------

def save_template(user: Any, template: Template, *, publish: bool = False) -> Template:
    """Save an edited template. A published version is never changed: the edit becomes the next version
    (published), and the version it replaces is retired; scores keep the version they were computed with."""
    _check(user, "revise_template", _top(user))
    if problems := template_problems(template.items, template.eligibility):
        raise AssessError("; ".join(problems))
    with transaction.atomic():
        if template.pk is not None:
            before = Template.objects.select_for_update().get(pk=template.pk)
            if before.status != TemplateStatus.DRAFT:
                latest = Template.objects.filter(code=before.code).order_by("-version").first()
                Template.objects.filter(code=before.code, status=TemplateStatus.PUBLISHED).update(
                    status=TemplateStatus.RETIRED)
                template.pk, template.version = None, latest.version + 1
                template.code, template.status = before.code, TemplateStatus.PUBLISHED
        if publish and template.status == TemplateStatus.DRAFT:
            Template.objects.filter(code=template.code, status=TemplateStatus.PUBLISHED).update(
                status=TemplateStatus.RETIRED)
            template.status = TemplateStatus.PUBLISHED
        template.save()
        record_event(user, "save_assessment_template", template, {"version": template.version,
                                                                   "status": template.status})
    return template
