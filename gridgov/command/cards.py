"""Grid cards "on the wall": for one grid, its name and code, its grid worker, grid leader and police liaison with
their work phones, the centre's phone, and a QR code that opens the public report page for that grid.
Drawn with Pillow at 300 dpi (A6 portrait); the PDF embeds the same image at print size."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import qrcode
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from gridgov.fonts import any_cjk
from gridgov.geo.models import Area
from gridgov.geo.scoping import ancestor_codes
from gridgov.org.models import Role, Staff, Unit, UnitKind

WIDTH, HEIGHT, DPI = 1240, 1748, 300  # A6 at 300 dpi
NAVY, TEAL, GREY = "#1d3557", "#457b9d", "#52606d"
ROLES = (Role.GRID_WORKER, Role.GRID_LEADER, Role.POLICE_LIAISON)


@dataclass
class CardPerson:
    role: str
    name: str
    phone: str


def report_url(area: Area) -> str:
    return f"{settings.GRIDGOV_PUBLIC_URL.rstrip('/')}/report/?grid={area.code}"


def people(area: Area) -> list[CardPerson]:
    """The nearest person of each role at or above the grid (a grid's leader and police liaison serve the village)."""
    codes = ancestor_codes({area.code}) | {area.code}
    staff = (Staff.objects.filter(area__code__in=codes, role__in=ROLES, active=True).select_related("area")
             .order_by("-area__level", "name"))
    out: dict[str, CardPerson] = {}
    for s in staff:
        out.setdefault(s.role, CardPerson(str(s.get_role_display()), s.name, s.work_phone))
    return [out[r] for r in ROLES if r in out]


def centre_phone(area: Area) -> str:
    codes = ancestor_codes({area.code}) | {area.code}
    unit = (Unit.objects.filter(area__code__in=codes, kind=UnitKind.CENTRE).exclude(phone="")
            .order_by("-area__level").first())
    return unit.phone if unit else ""


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    path, index = any_cjk()
    return ImageFont.truetype(path, size, index=index)


def fitted(d: ImageDraw.ImageDraw, text: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The largest font up to ``size`` at which the text fits the width (long names get smaller, never cut)."""
    while size > 24 and d.textlength(text, font=_font(size)) > width:
        size -= 4
    return _font(size)


def draw_card(area: Area) -> Image.Image:
    img = Image.new("RGB", (WIDTH, HEIGHT), "white")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, WIDTH, 250], fill=NAVY)
    d.text((70, 50), _("Grid card"), font=_font(56), fill="white")
    d.text((70, 130), area.name, font=fitted(d, area.name, 80, WIDTH - 140), fill="white")
    d.text((70, 290), _("Grid code %(code)s") % {"code": area.code}, font=_font(40), fill=GREY)
    y = 380
    for p in people(area):
        d.text((70, y), p.role, font=_font(40), fill=TEAL)
        d.text((70, y + 55), p.name, font=fitted(d, p.name, 64, 420), fill=NAVY)
        if p.phone:
            d.text((520, y + 65), p.phone, font=fitted(d, p.phone, 54, WIDTH - 590), fill=NAVY)
        y += 170
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=14, border=2)
    qr.add_data(report_url(area))
    qr.make(fit=True)
    code = qr.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    side = min(560, HEIGHT - y - 260)
    code = code.resize((side, side), Image.NEAREST)
    img.paste(code, ((WIDTH - side) // 2, y + 20))
    y += side + 40
    caption = _("Scan to report a problem in this grid")
    w = d.textlength(caption, font=_font(44))
    d.text(((WIDTH - w) / 2, y), caption, font=_font(44), fill=NAVY)
    if phone := centre_phone(area):
        line = _("Governance centre %(phone)s") % {"phone": phone}
        w = d.textlength(line, font=_font(40))
        d.text(((WIDTH - w) / 2, y + 70), line, font=_font(40), fill=GREY)
    d.rectangle([0, HEIGHT - 30, WIDTH, HEIGHT], fill=TEAL)
    return img


def card_bytes(area: Area, fmt: str) -> bytes:
    out = io.BytesIO()
    img = draw_card(area)
    if fmt == "pdf":
        img.save(out, "PDF", resolution=DPI, title=f"{area.name} {area.code}", author="gridgov")
    else:
        img.save(out, "PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()
