"""The command centre: the governance map, the dashboard, its exports and situation report, and grid cards."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, ValidationError, model_validator

from gridgov import exports
from gridgov.cases.models import AREA_FIGURES_REFUSED, sees_area_figures
from gridgov.context import top_area
from gridgov.errors import explain
from gridgov.geo.models import Area, Level
from gridgov.replicas import may_lag
from gridgov.worktime.calendar import missing_years

from . import cards, report
from .figures import EARLIEST, LATEST, build, default_period
from .labels import BASIS_HELP, BASIS_LABELS, SECTION_TITLES


class Period(BaseModel):
    area: str = Field("", pattern=r"^\d{0,30}$")
    start: date | None = Field(None, alias="from")
    end: date | None = Field(None, alias="to")

    @model_validator(mode="after")
    def _defaults(self) -> Period:
        self.start, self.end = default_period(self.start, self.end)
        return self


def _area(request: HttpRequest, code: str) -> Area:
    if not sees_area_figures(request.user):
        raise PermissionDenied(AREA_FIGURES_REFUSED)
    area = (Area.objects.visible_to(request.user).filter(code=code).first() if code else top_area(request.user))
    if area is None:
        raise Http404(_("no such area in your jurisdiction"))
    return area


def _period(request: HttpRequest) -> Period:
    return Period.model_validate({k: v for k, v in request.GET.items() if k in ("area", "from", "to") and v})


def bad_request(exc: ValidationError) -> HttpResponse:
    why = explain([dict(e) for e in exc.errors()])  # each field and what it needs, in the reader's language
    return HttpResponseBadRequest(_("Check the period and area: %(why)s") % {"why": why})


@login_required
@may_lag
def map_page(request: HttpRequest) -> HttpResponse:
    area = top_area(request.user)
    levels = list(Level.objects.filter(depth__gte=area.level)) if area else []
    poll = request.GET.get("poll", "")  # live-update interval in ms (tests use a short one)
    poll_ms = int(poll) if poll.isascii() and poll.isdigit() and 1000 <= int(poll[:7]) <= 600_000 else 15000
    return render(request, "command/map.html", {"levels": levels, "top": area, "poll_ms": poll_ms,
                                                "area_figures": sees_area_figures(request.user)})


PAGE_ROWS = 100  # a list on the page shows its first rows; its export has them all


@login_required
@may_lag
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        p = _period(request)
    except ValidationError as exc:
        return bad_request(exc)
    area = _area(request, p.area)
    d = build(request.user, area, p.start, p.end, limit=PAGE_ROWS)
    years = missing_years(range(p.start.year, p.end.year + 1))
    tables = [(key, t, t.shown_rows()[:PAGE_ROWS]) for key, t in d.tables.items()
              if key not in ("kpis", "disputes", "petitions", "trend")]
    return render(request, "command/dashboard.html", {
        "d": d, "area": area, "path": [*area.ancestors(), area], "missing_years": years,
        "query": request.GET.urlencode(), "sections": [(SECTION_TITLES[s], s, cards) for s, cards in d.cards.items()],
        "tables": tables, "page_rows": PAGE_ROWS, "bases": [(BASIS_LABELS[b], BASIS_HELP[b]) for b in BASIS_HELP
                                                            if b != "mixed"],
        "trend": d.trend, "categories": [[str(r[0]), r[1]] for r in d.tables["categories"].rows],
    })


@login_required
def export_table(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404(_("exports are csv or xlsx"))
    try:
        p = _period(request)
    except ValidationError as exc:
        return bad_request(exc)
    d = build(request.user, _area(request, p.area), p.start, p.end)
    if table not in d.tables:
        raise Http404(_("no such table"))
    return exports.render(d.tables[table].export(), fmt)


@login_required
def situation_report(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in report.PERIODS:
        raise Http404(_("reports are daily, weekly or monthly"))
    try:
        day = date.fromisoformat(request.GET["date"]) if request.GET.get("date") else timezone.localdate()
    except ValueError:
        return HttpResponseBadRequest(_("the date must look like 2026-11-23"))
    if not EARLIEST <= day <= LATEST:
        return HttpResponseBadRequest(_("the date must lie between 2000 and 2099"))
    start, end = report.period_of(kind, day)
    area = _area(request, request.GET.get("area", ""))
    labels = {"daily": _("daily report"), "weekly": _("weekly report"), "monthly": _("monthly report")}
    pdf = report.situation_report(build(request.user, area, start, end), labels[kind])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="situation-{kind}-{area.code}-{end.isoformat()}.pdf"'
    return response


@login_required
def grid_card(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in ("png", "pdf"):
        raise Http404(_("cards are png or pdf"))
    area = _area(request, code)
    kind = "application/pdf" if fmt == "pdf" else "image/png"
    response = HttpResponse(cards.card_bytes(area, fmt), content_type=kind)
    response["Content-Disposition"] = f'inline; filename="grid-card-{area.code}.{fmt}"'
    return response
