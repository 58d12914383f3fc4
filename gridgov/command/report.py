"""The situation report (daily, weekly, monthly) as a PDF of the dashboard (``figures.build``): key figures, the
trend (a bar chart and the day-by-day table), reports by category, figures by sub-area, disputes and petitions, and
the lists of cases behind the cards. Chinese text uses an embedded CJK font (``gridgov.fonts``)."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from gridgov.exports import Table
from gridgov.fonts import reportlab_font
from gridgov.pdf import para

from .figures import Dashboard

PERIODS = ("daily", "weekly", "monthly")
SERIES_COLOURS = (colors.HexColor("#457b9d"), colors.HexColor("#2a9d8f"), colors.HexColor("#e63946"))


def period_of(kind: str, day: date) -> tuple[date, date]:
    if kind == "daily":
        return day, day
    if kind == "weekly":
        return day - timedelta(days=6), day
    return day.replace(day=1), day


def _cell(v: Any) -> str:
    if isinstance(v, datetime) and timezone.is_aware(v):
        return timezone.localtime(v).strftime("%m-%d %H:%M")
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    return "" if v is None else str(v)


def _table(t: Table, font: str, widths: list[float] | None = None, limit: int = 40) -> list[Any]:
    body = [[para(h, _style(font, 8, bold=True)) for h in t.headers]]
    body += [[para(_cell(v), _style(font, 8)) for v in row] for row in list(t.rows)[:limit]]
    table = PdfTable(body, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [para(t.title, _style(font, 12, bold=True)), Spacer(1, 2 * mm), table, Spacer(1, 5 * mm)]


def _style(font: str, size: float, bold: bool = False) -> ParagraphStyle:
    return ParagraphStyle(f"s{size}{bold}", fontName=font, fontSize=size, leading=size * 1.35,
                          textColor=colors.HexColor("#1d3557") if bold else colors.black, wordWrap="CJK")


def _trend(d: Dashboard, font: str) -> Drawing:
    """Reported, closed and went overdue per day as grouped bars: drawn for a single day too (a line of one point
    is invisible), with an axis of at least 0–1 when nothing happened."""
    drawing = Drawing(170 * mm, 60 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, 150 * mm, 40 * mm
    chart.data = [d.trend["reported"], d.trend["closed"], d.trend["overdue_cases"]]
    days = d.trend["days"]
    step = max(1, len(days) // 10)
    chart.categoryAxis.categoryNames = [day[5:] if i % step == 0 else "" for i, day in enumerate(days)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1, *(max(series, default=0) for series in chart.data))
    chart.groupSpacing = 1 if len(days) > 20 else 4
    for i, c in enumerate(SERIES_COLOURS):
        chart.bars[i].fillColor = c
        chart.bars[i].strokeColor = None
    legend = Legend()
    legend.x, legend.y, legend.fontName, legend.fontSize = 120 * mm, 58 * mm, font, 7
    legend.colorNamePairs = list(zip(SERIES_COLOURS, [_("reported"), _("closed"), _("went overdue")], strict=True))
    drawing.add(chart)
    drawing.add(legend)
    drawing.add(String(12 * mm, 56 * mm, _("Trend"), fontName=font, fontSize=9))
    return drawing


def _categories(d: Dashboard, font: str) -> Drawing | None:
    rows = list(d.tables["categories"].rows)
    if not rows:
        return None
    d = Drawing(170 * mm, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 18 * mm, 150 * mm, 38 * mm
    chart.data = [[r[1] for r in rows]]
    chart.categoryAxis.categoryNames = [str(r[0])[:6] for r in rows]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = SERIES_COLOURS[0]
    d.add(chart)
    d.add(String(12 * mm, 58 * mm, _("Cases received by category"), fontName=font, fontSize=9))
    return d


def situation_report(d: Dashboard, kind_label: str) -> bytes:
    font = reportlab_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{d.area.name} {kind_label}", author="gridgov")
    story: list[Any] = [
        para(_("%(area)s: governance situation, %(kind)s") % {"area": d.area.name, "kind": kind_label},
                  _style(font, 16, bold=True)),
        para(_("Period %(start)s to %(end)s · generated %(now)s") % {
            "start": d.start.isoformat(), "end": d.end.isoformat(),
            "now": timezone.localtime().strftime("%Y-%m-%d %H:%M")}, _style(font, 9)),
        Spacer(1, 5 * mm),
    ]
    key_widths = [62 * mm, 20 * mm, 34 * mm, 32 * mm, 32 * mm]
    story += _table(d.tables["kpis"].export(), font, key_widths)
    story.append(_trend(d, font))
    story += _table(d.tables["trend"].export(), font, limit=31)
    if (bars := _categories(d, font)) is not None:
        story.append(bars)
    for key in ("subareas", "disputes", "dispute_types", "petitions"):
        story += _table(d.tables[key].export(), font, key_widths if key in ("disputes", "petitions") else None)
    for key in ("overdue", "escalated", "overdue_now"):
        story += _table(d.tables[key].export(), font, limit=30)
        if len(d.tables[key].rows) > 30:
            story.append(para(_("The first %(shown)d of %(n)d; the dashboard's export lists them all.")
                                   % {"shown": 30, "n": len(d.tables[key].rows)}, _style(font, 8)))
    doc.build(story)
    return out.getvalue()
