"""The people of an area (scoped to the caller's jurisdiction)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Router, Schema

from .models import ADMIN_ROLES, Staff

router = Router(tags=["org"])


class StaffOut(Schema):
    name: str
    role: str
    role_label: str
    area_code: str
    unit: str | None
    work_phone: str


@router.get("/areas/{code}/staff", response=list[StaffOut], summary="Who works in an area and the areas above it")
def area_staff(request: HttpRequest, code: Annotated[str, Path(..., pattern=r"^\d{6,30}$")]) -> list[dict]:
    from gridgov.geo.scoping import ancestor_codes

    codes = ancestor_codes({code}) | {code}
    qs = (Staff.objects.visible_to(request.user).filter(area__code__in=codes, active=True)
          .exclude(role__in=ADMIN_ROLES)  # the back office's administrators are nobody's contact
          .select_related("area", "unit").order_by("-area__level", "role"))
    return [{"name": s.name, "role": s.role, "role_label": str(s.get_role_display()), "area_code": s.area.code,
             "unit": s.unit.name if s.unit else None, "work_phone": s.work_phone} for s in qs]
