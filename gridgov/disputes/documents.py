"""Printable documents of a dispute: the written mediation agreement (PDF), from a template in code."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from gridgov.audit.actions import record_event
from gridgov.cases.models import Case
from gridgov.cases.parties import masked, may_reveal
from gridgov.fonts import reportlab_font
from gridgov.pdf import para

from .chain import agreement_entry


def _style(font: str, size: float, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(f"p{size}{kw}", fontName=font, fontSize=size, leading=size * 1.6, wordWrap="CJK", **kw)


def agreement_pdf(case: Case, user: Any) -> bytes | None:
    """The mediation agreement, or None when the dispute has none. Parties appear in full only for users whose
    role needs it (and that is audited); otherwise masked."""
    entries = list(case.timeline.order_by("at", "id"))
    entry = agreement_entry(entries)
    if entry is None:
        return None
    full = may_reveal(user, case)
    parties = list(case.parties.all())
    if full:
        record_event(user, "print_agreement", case, {"parties": [p.pk for p in parties]})
    font = reportlab_font()
    body, small = _style(font, 11), _style(font, 9)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm,
                            bottomMargin=20 * mm, title=_("Mediation agreement"), author="gridgov")
    rows = [[_("Role"), _("Name"), _("ID number"), _("Phone")]]
    for p in parties:
        shown = {"name": p.name, "id_number": p.id_number, "phone": p.phone} if full else masked(p)
        rows.append([p.role or "", shown["name"], shown["id_number"], shown["phone"]])
    table = Table([[para(c, small) for c in r] for r in rows], colWidths=[25 * mm, 40 * mm, 50 * mm, 40 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, "#555555")]))
    unit = case.handling_unit.name if case.handling_unit else ""
    story = [
        para(_("Mediation agreement"), _style(font, 18, alignment=1)),
        para(_("No. %(number)s") % {"number": case.number}, _style(font, 10, alignment=1)),
        Spacer(1, 8 * mm),
        para(_("Parties"), _style(font, 12)), table, Spacer(1, 6 * mm),
        para(_("The dispute"), _style(font, 12)), para(case.description, body), Spacer(1, 4 * mm),
        para(_("Agreed under the mediation of %(unit)s") % {"unit": unit}, _style(font, 12)),
        para(entry.note, body), Spacer(1, 4 * mm),
        para(_("This agreement was reached voluntarily. Each party keeps one copy and the mediation body keeps "
                    "one. The parties shall perform it in good faith."), small),
        Spacer(1, 14 * mm),
        Table([[_("Parties (signature)"), _("Mediator (signature)"), _("Mediation body (seal)")]],
              colWidths=[55 * mm, 55 * mm, 50 * mm], style=[("FONTNAME", (0, 0), (-1, -1), font)]),
        Spacer(1, 10 * mm),
        para(timezone.localtime(entry.at).strftime("%Y-%m-%d"), _style(font, 11, alignment=2)),
    ]
    doc.build(story)
    return out.getvalue()
