"""The situation report (daily, weekly, monthly) as a PDF: key figures, the trend and category charts, figures by
sub-area, and the overdue and escalated cases. Chinese text uses an embedded CJK font (``gridgov.fonts``)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
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

from .figures import Figures

PERIODS = ("daily", "weekly", "monthly")
SERIES_COLOURS = (colors.HexColor("#457b9d"), colors.HexColor("#2a9d8f"), colors.HexColor("#e63946"))


def period_of(kind: str, day: date) -> tuple[date, date]:
    if kind == "daily":
        return day, day
    if kind == "weekly":
        return day - timedelta(days=6), day
    return day.replace(day=1), day


def _cell(v: Any) -> str:
    if hasattr(v, "strftime"):
        return timezone.localtime(v).strftime("%m-%d %H:%M") if timezone.is_aware(v) else v.strftime("%Y-%m-%d")
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


def _trend(f: Figures, font: str) -> Drawing:
    d = Drawing(170 * mm, 60 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, 150 * mm, 40 * mm
    chart.data = [f.trend["reported"], f.trend["closed"], f.trend["overdue_cases"]]
    days = f.trend["days"]
    step = max(1, len(days) // 10)
    chart.categoryAxis.categoryNames = [d[5:] if i % step == 0 else "" for i, d in enumerate(days)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    for i, c in enumerate(SERIES_COLOURS):
        chart.lines[i].strokeColor = c
        chart.lines[i].strokeWidth = 1.2
    legend = Legend()
    legend.x, legend.y, legend.fontName, legend.fontSize = 120 * mm, 58 * mm, font, 7
    legend.colorNamePairs = list(zip(SERIES_COLOURS, [_("reported"), _("closed"), _("went overdue")], strict=True))
    d.add(chart)
    d.add(legend)
    d.add(String(12 * mm, 56 * mm, _("Trend"), fontName=font, fontSize=9))
    return d


def _categories(f: Figures, font: str) -> Drawing | None:
    rows = list(f.tables["categories"].rows)
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
    d.add(String(12 * mm, 58 * mm, _("Reports by category"), fontName=font, fontSize=9))
    return d


def situation_report(f: Figures, kind_label: str) -> bytes:
    font = reportlab_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{f.area.name} {kind_label}", author="gridgov")
    story: list[Any] = [
        para(_("%(area)s: governance situation, %(kind)s") % {"area": f.area.name, "kind": kind_label},
             _style(font, 16, bold=True)),
        para(_("Period %(start)s to %(end)s · generated %(now)s") % {
            "start": f.start.isoformat(), "end": f.end.isoformat(),
            "now": timezone.localtime().strftime("%Y-%m-%d %H:%M")}, _style(font, 9)),
        Spacer(1, 5 * mm),
    ]
    story += _table(f.tables["kpis"], font, [70 * mm, 35 * mm, 35 * mm, 35 * mm])
    story.append(_trend(f, font))
    if (bars := _categories(f, font)) is not None:
        story.append(bars)
    story += _table(f.tables["subareas"], font)
    story += _table(f.tables["disputes"], font, [70 * mm, 35 * mm, 35 * mm, 35 * mm])
    story += _table(f.tables["petitions"], font, [70 * mm, 35 * mm, 35 * mm, 35 * mm])
    story += _table(f.tables["overdue"], font, limit=30)
    story += _table(f.tables["escalated"], font, limit=30)
    doc.build(story)
    return out.getvalue()
