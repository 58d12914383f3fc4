"""Printable documents of a petition: the notice of acceptance with the statutory time limits."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from gridgov.cases.models import Case
from gridgov.cases.parties import masked
from gridgov.fonts import reportlab_font
from gridgov.pdf import para


def acceptance_notice_pdf(case: Case) -> bytes:
    font = reportlab_font()

    def style(size: float, align: int = 0) -> ParagraphStyle:
        return ParagraphStyle(f"s{size}{align}", fontName=font, fontSize=size, leading=size * 1.7, alignment=align,
                              wordWrap="CJK")

    accepted = case.timeline.filter(action="register").order_by("at").first()
    names = "、".join(masked(p)["name"] for p in case.parties.all()) or "—"
    reply_by = (timezone.localtime(case.handle_due).strftime("%Y-%m-%d") if case.handle_due
                else _("60 days after acceptance"))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=30 * mm,
                            title=_("Notice of acceptance"), author="gridgov")
    doc.build([
        para(_("Notice of acceptance of a petition"), style(18, 1)),
        para(_("No. %(number)s") % {"number": case.number}, style(10, 1)), Spacer(1, 10 * mm),
        para(_("To: %(names)s") % {"names": names}, style(12)), Spacer(1, 4 * mm),
        para(_("Your petition received on %(received)s about: %(request)s") % {
            "received": timezone.localtime(case.created_at).strftime("%Y-%m-%d"), "request": case.description},
            style(12)),
        para(_("was accepted on %(accepted)s. Under the Regulations on Letters and Visits a written reply will "
                    "be given within 60 days of acceptance (by %(reply_by)s); the period may be extended by at most "
                    "30 days, of which you will be told. If you disagree with the reply you may ask for a review "
                    "within 30 days of receiving it.") % {
            "accepted": timezone.localtime(accepted.at).strftime("%Y-%m-%d") if accepted else "—",
            "reply_by": reply_by}, style(12)),
        Spacer(1, 6 * mm),
        para(_("Follow the progress with tracking code %(code)s.") % {"code": case.tracking_code}, style(12)),
        Spacer(1, 20 * mm),
        para(case.owner_unit.name if case.owner_unit else "", style(12, 2)),
        para(timezone.localdate().strftime("%Y-%m-%d"), style(12, 2)),
    ])
    return out.getvalue()
