"""Who sees what: a staff member sees the subtree of their jurisdiction area; administrators see everything."""

from __future__ import annotations

from typing import Any

from gridgov.geo.scoping import EVERYTHING, NOBODY, Jurisdiction

from .models import Role, Staff


def jurisdiction_for_user(user: Any) -> Jurisdiction:
    cached = getattr(user, "_gridgov_jurisdiction", None)
    if cached is not None:
        return cached
    try:
        staff = user.staff  # loaded with the user by the token lookup, or one query here
    except Staff.DoesNotExist:
        staff = None
    if staff is not None and not staff.active:
        staff = None
    if staff is None or staff.role in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        result = NOBODY  # accounts and the audit log are not a jurisdiction: neither sees cases
    elif staff.role == Role.ADMINISTRATOR:
        result = EVERYTHING
    else:
        result = Jurisdiction(codes=frozenset({staff.area.code}))
    user._gridgov_jurisdiction = result
    return result
