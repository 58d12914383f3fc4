"""Assessment pages: rankings (village, township, district), a worker's month with the events behind each item and
their work ledger, "my month" on the phone, the gold medal nominations, exports. Writes go through ``actions``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridgov import exports
from gridgov.cases.models import sees_area_figures
from gridgov.geo.models import Area, scope_prefix
from gridgov.org.models import Role, Staff

from . import actions
from .actions import AssessError, parse_month, township_of
from .models import Adjustment, AssessmentMonth, MonthStatus, Nomination, Score, Training
from .present import ledger, score_view
from .rules import may


def last_month() -> date:
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def _month(request: HttpRequest) -> date:
    text = request.GET.get("month", "")[:7]
    if not text:
        return last_month()
    try:
        return parse_month(text)
    except AssessError as exc:
        raise Http404(exc.message) from exc


def _staff(request: HttpRequest) -> Staff | None:
    staff = getattr(request.user, "staff", None)
    return staff if staff is not None and staff.active else None


def _is_worker(request: HttpRequest) -> bool:
    staff = _staff(request)
    return staff is not None and staff.role == Role.GRID_WORKER


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return redirect("assess:me" if _is_worker(request) else "assess:rankings")


def _area(request: HttpRequest) -> Area:
    staff = _staff(request)
    code = request.GET.get("area", "")[:30] or (staff.area.code if staff else "")
    qs = Area.objects.visible_to(request.user)
    area = qs.filter(code=code).first() if code else qs.order_by("level", "code").first()
    if area is None:
        raise Http404(_("no such area"))
    return area


@login_required
def rankings(request: HttpRequest) -> HttpResponse:
    """The month's ranking under an area (district, township, village), scoped to the reader."""
    if _is_worker(request):
        return redirect("assess:me")
    if not sees_area_figures(request.user):
        raise Http404(_("a department sees the figures of its own unit, not of an area"))
    month, area = _month(request), _area(request)
    board = actions.ranking(month, area.code, Score.objects.visible_to(request.user))
    township = area.code if area.level == 2 else ""
    status = (AssessmentMonth.objects.filter(area_code=township, month=month).values_list("status", flat=True)
              .first() if township else None)
    nominated = set(Nomination.objects.filter(month=month, score__in=board).values_list("score_id", flat=True))
    return render(request, "assess/rankings.html", {
        "month": month, "area": area, "board": board, "path": [*area.ancestors(), area],
        "children": Area.objects.visible_to(request.user).filter(parent=area, level__lte=3).order_by("code"),
        "township": township, "confirmed": status == MonthStatus.CONFIRMED, "nominated": nominated,
        "may_confirm": bool(township) and may(request.user, "confirm_month", township),
        "may_nominate": bool(township) and may(request.user, "nominate", township),
        "may_compute": may(request.user, "compute_month", area.code),
        "medals": Nomination.objects.visible_to(request.user).filter(month=month, status="approved",
                                                                     area_code__startswith=scope_prefix(area.code)),
    })


@login_required
def rankings_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS or _is_worker(request) or not sees_area_figures(request.user):
        raise Http404(_("exports are csv or xlsx"))
    month, area = _month(request), _area(request)
    board = actions.ranking(month, area.code, Score.objects.visible_to(request.user))
    codes = [i["code"] for i in board[0].items] if board else []
    rows = [[n, s.worker.name, s.area_code, s.total, s.version, s.eligible,
             *[exports.Figure(i["score"], float(i["score"])) for i in s.items]] for n, s in enumerate(board, 1)]
    return exports.render(exports.Table(f"assessment-{month:%Y-%m}-{area.code}", _("Assessment ranking"),
                                        [_("Rank"), _("Grid worker"), _("Grid code"), _("Score"), _("Version"),
                                         _("Eligible"), *codes], rows), fmt)


def _worker_page(request: HttpRequest, worker: Staff, template: str) -> HttpResponse:
    month = _month(request)
    versions = list(Score.objects.visible_to(request.user).filter(worker=worker, month=month)
                    .select_related("template").order_by("-version"))
    score = next((s for s in versions if s.current), None)
    area = worker.area.code
    return render(request, template, {
        "worker": worker, "month": month, "score": score, "versions": versions,
        "items": score_view(score) if score else [], "ledger": ledger(worker, month),
        "prev": (month - timedelta(days=1)).replace(day=1), "next": (month + timedelta(days=32)).replace(day=1),
        "medals": Nomination.objects.filter(worker=worker, status="approved").order_by("-month")[:12],
        "adjustments": Adjustment.objects.filter(worker=worker, month=month).order_by("entered_at"),
        "trainings": Training.objects.filter(worker=worker).order_by("-day")[:10],
        "confirmed": actions.confirmed(month, area), "township": township_of(area),
        "may_adjust": may(request.user, "enter_adjustment", area),
        "may_decide": may(request.user, "decide_adjustment", area),
        "may_train": may(request.user, "record_training", area),
        "may_correct": may(request.user, "correct_score", area),
    })


@login_required
def my_month(request: HttpRequest) -> HttpResponse:
    """The grid worker's own month on the phone: the score, why each item scored what it did, the ledger."""
    staff = _staff(request)
    if staff is None or staff.role != Role.GRID_WORKER:
        return redirect("assess:rankings")
    return _worker_page(request, staff, "assess/my_month.html")


def _visible_worker(request: HttpRequest, pk: int) -> Staff:
    worker = (Staff.objects.visible_to(request.user).filter(pk=pk, role=Role.GRID_WORKER)
              .select_related("area", "user").first())
    if worker is None or (_is_worker(request) and worker.user_id != request.user.pk) or not sees_area_figures(
            request.user):
        raise Http404(_("no such grid worker"))
    if not worker.area.code.startswith(tuple(_codes(request))):
        raise Http404(_("no such grid worker"))  # the staff scope also shows the people above one's area
    return worker


def _codes(request: HttpRequest) -> list[str]:
    from gridgov.geo.scoping import jurisdiction_of

    j = jurisdiction_of(request.user)
    return [""] if j.everything else sorted(j.codes)


@login_required
def worker_month(request: HttpRequest, pk: int) -> HttpResponse:
    return _worker_page(request, _visible_worker(request, pk), "assess/worker.html")


@login_required
def ledger_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404(_("exports are csv or xlsx"))
    worker, month = _visible_worker(request, pk), _month(request)
    rows = [[day, r["time"], r["what"], r["detail"]] for day, entries in ledger(worker, month) for r in entries]
    return exports.render(exports.Table(f"ledger-{month:%Y-%m}-{worker.pk}", _("Work ledger"),
                                        [_("Day"), _("Time"), _("What"), _("Detail")], rows), fmt)


@login_required
def nominations(request: HttpRequest) -> HttpResponse:
    qs = (Nomination.objects.visible_to(request.user).select_related("worker", "score", "nominated_by")
          .order_by("-month", "status", "area_code"))[:200]
    return render(request, "assess/nominations.html", {
        "nominations": [(n, n.status == "nominated" and may(request.user, "decide_nomination", n.area_code))
                        for n in qs]})


def _back(request: HttpRequest) -> HttpResponse:
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = "/assess/"
    return redirect(nxt)


def _int(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise AssessError(_("%(name)s: a number") % {"name": name})
    return int(value)


def _act(request: HttpRequest, action: str) -> Any:
    p = request.POST
    month = parse_month(p.get("month", "")[:7]) if action in ("compute", "confirm", "adjust") else None
    if action == "compute":
        return actions.compute_month(month, area_code=p.get("area", "")[:30], user=request.user)
    if action == "confirm":
        return actions.confirm_month(request.user, p.get("area", "")[:30], month)
    if action == "nominate":
        return actions.nominate(request.user, _int(request, "score"), p.get("note", "")[:1000])
    if action == "decide":
        return actions.decide_nomination(request.user, _int(request, "nomination"), approve=p.get("approve") == "1",
                                         reason=p.get("reason", "")[:1000])
    if action == "correct":
        return actions.correct_score(request.user, _int(request, "score"), p.get("reason", "")[:500])
    if action == "adjust":
        return actions.enter_adjustment(request.user, _int(request, "worker"), month, kind=p.get("kind", ""),
                                        points=p.get("points", "")[:10], reason=p.get("reason", "")[:500],
                                        complaint=p.get("complaint") == "1")
    if action == "decide_adjustment":
        return actions.decide_adjustment(request.user, _int(request, "adjustment"), approve=p.get("approve") == "1")
    if action == "training":
        try:
            day = date.fromisoformat(p.get("day", "")[:10])
        except ValueError as exc:
            raise AssessError(_("day: a date")) from exc
        return actions.record_training(request.user, _int(request, "worker"), course=p.get("course", "")[:200],
                                       day=day, hours=p.get("hours", "")[:10])
    raise AssessError(_("no such action"))


@login_required
@require_POST
def act(request: HttpRequest) -> HttpResponse:
    """Every assessment form posts here (``action``: compute, confirm, nominate, decide, correct, adjust,
    decide_adjustment, training); refused, it changes nothing and says why."""
    try:
        _act(request, request.POST.get("action", ""))
    except AssessError as exc:
        if exc.status_code == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done"))
    return _back(request)


