"""Who sees what: a staff member sees the subtree of their jurisdiction area; administrators see everything."""

from __future__ import annotations

from typing import Any

from gridgov.geo.scoping import EVERYTHING, NOBODY, Jurisdiction

from .models import Role, Staff


def jurisdiction_for_user(user: Any) -> Jurisdiction:
    cached = getattr(user, "_gridgov_jurisdiction", None)
    if cached is not None:
        return cached
    staff = Staff.objects.filter(user=user, active=True).select_related("area").first()
    if staff is None:
        result = NOBODY
    elif staff.role == Role.ADMINISTRATOR:
        result = EVERYTHING
    else:
        result = Jurisdiction(codes=frozenset({staff.area.code}))
    user._gridgov_jurisdiction = result
    return result
