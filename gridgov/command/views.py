"""The command centre: the governance map, the dashboard, its exports and situation report, and grid cards."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, ValidationError, model_validator

from gridgov import exports
from gridgov.context import top_area
from gridgov.geo.models import Area, Level
from gridgov.worktime.calendar import missing_years

from . import cards, report
from .figures import figures, kpi_cards

MAX_DAYS = 3 * 366


class Period(BaseModel):
    area: str = Field("", pattern=r"^\d{0,30}$")
    start: date | None = Field(None, alias="from")
    end: date | None = Field(None, alias="to")

    @model_validator(mode="after")
    def _defaults(self) -> Period:
        self.end = self.end or timezone.localdate()
        self.start = self.start or self.end - timedelta(days=29)
        if self.start > self.end:
            raise ValueError("'from' must not be after 'to'")
        if (self.end - self.start).days > MAX_DAYS:
            raise ValueError(f"a period is at most {MAX_DAYS} days")
        return self


def _area(request: HttpRequest, code: str) -> Area:
    area = (Area.objects.visible_to(request.user).filter(code=code).first() if code else top_area(request.user))
    if area is None:
        raise Http404(_("no such area in your jurisdiction"))
    return area


def _period(request: HttpRequest) -> Period:
    return Period.model_validate({k: v for k, v in request.GET.items() if k in ("area", "from", "to") and v})


def bad_request(exc: ValidationError) -> HttpResponse:
    why = "; ".join(e["msg"] for e in exc.errors())
    return HttpResponseBadRequest(_("Check the period and area: %(why)s") % {"why": why})


@login_required
def map_page(request: HttpRequest) -> HttpResponse:
    area = top_area(request.user)
    levels = list(Level.objects.filter(depth__gte=area.level)) if area else []
    poll = request.GET.get("poll", "")  # live-update interval in ms (tests use a short one)
    poll_ms = int(poll) if poll.isdigit() and int(poll) >= 1000 else 15000
    return render(request, "command/map.html", {"levels": levels, "top": area, "poll_ms": poll_ms})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        p = _period(request)
    except ValidationError as exc:
        return bad_request(exc)
    area = _area(request, p.area)
    f = figures(request.user, area, p.start, p.end)
    years = missing_years(range(p.start.year, p.end.year + 1))
    return render(request, "command/dashboard.html", {
        "f": f, "cards": kpi_cards(f.kpis), "area": area, "path": [*area.ancestors(), area],
        "missing_years": years, "query": request.GET.urlencode(),
        "trend": f.trend, "categories": [[r[0], r[1]] for r in f.tables["categories"].rows],
    })


@login_required
def export_table(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404(_("exports are csv or xlsx"))
    try:
        p = _period(request)
    except ValidationError as exc:
        return bad_request(exc)
    f = figures(request.user, _area(request, p.area), p.start, p.end)
    if table not in f.tables:
        raise Http404(_("no such table"))
    return exports.render(f.tables[table], fmt)


@login_required
def situation_report(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in report.PERIODS:
        raise Http404(_("reports are daily, weekly or monthly"))
    try:
        day = date.fromisoformat(request.GET["date"]) if request.GET.get("date") else timezone.localdate()
    except ValueError:
        return HttpResponseBadRequest(_("the date must look like 2026-11-23"))
    start, end = report.period_of(kind, day)
    area = _area(request, request.GET.get("area", ""))
    labels = {"daily": _("daily report"), "weekly": _("weekly report"), "monthly": _("monthly report")}
    pdf = report.situation_report(figures(request.user, area, start, end), labels[kind])
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
