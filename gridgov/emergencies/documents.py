"""The campaign's daily report by area: one table of progress (the same rows for the page, Excel and the PDF) and
the grids not reporting, as a PDF (every paragraph through ``gridgov.pdf.para``)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from gridgov.exports import Figure, Table, rate
from gridgov.fonts import reportlab_font
from gridgov.pdf import para

from . import progress
from .models import Emergency


def headers() -> list[str]:
    return [_("Code"), _("Area"), _("Grids"), _("Households to visit"), _("Households visited"), _("Share visited"),
            _("Nobody home"), _("Needs found"), _("Needs met"), _("Grids not reporting")]


def row(a: dict) -> list[Any]:
    share: Figure = rate(a["visited"] / a["target"] if a["target"] else None)
    return [a["code"], a["name"], a["grids"], a["target"], a["visited"], share, a["nobody_home"], a["needs_found"],
            a["needs_met"], a["not_reporting"]]


def table(e: Emergency, day: date, reader: Any, within: str = "") -> Table:
    """Every area from the emergency's level down to the villages (with ``within``: down to its grids)."""
    levels = progress.by_level(e, day, reader, deepest=9 if within else 3, within=within)
    rows = [row(a) for level in sorted(levels) for a in levels[level]]
    return Table(f"campaign-{e.pk}-{day:%Y%m%d}", _("Door-to-door progress on %(day)s") % {"day": day.isoformat()},
                 headers(), rows)


def _style(font: str, size: float, bold: bool = False) -> ParagraphStyle:
    return ParagraphStyle(f"e{size}{bold}", fontName=font, fontSize=size, leading=size * 1.35)


def daily_pdf(e: Emergency, day: date, reader: Any, within: str = "") -> bytes:
    font = reportlab_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{e.area.name} {day.isoformat()}", author="gridgov")
    t = table(e, day, reader, within)
    body = [[para(h, _style(font, 7, bold=True)) for h in t.headers]]
    body += [[para(str(v), _style(font, 7)) for v in r] for r in t.rows]
    grid = PdfTable(body, repeatRows=1)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#fde8ea"))]))
    missing = progress.missing(e, day, reader)
    story: list[Any] = [
        para(_("%(plan)s · %(area)s: daily report") % {"plan": e.plan.name, "area": e.area.name},
             _style(font, 15, bold=True)),
        para(_("Reason: %(reason)s") % {"reason": e.reason}, _style(font, 9)),
        para(_("Day %(day)s · generated %(now)s") % {"day": day.isoformat(),
                                                     "now": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
             _style(font, 9)),
        Spacer(1, 4 * mm), para(t.title, _style(font, 12, bold=True)), Spacer(1, 2 * mm), grid, Spacer(1, 4 * mm),
        para(_("Grids not reporting: %(n)d") % {"n": len(missing)}, _style(font, 12, bold=True)),
        para("、".join(f"{m['name']}（{m['code']}）" for m in missing[:300]) or _("none"), _style(font, 8)),
    ]
    if e.summary:
        story += [Spacer(1, 4 * mm), para(_("Summary"), _style(font, 12, bold=True)), para(e.summary, _style(font, 9))]
    doc.build(story)
    return out.getvalue()
