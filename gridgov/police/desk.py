"""The desk's intake form takes a matter handed over from 110 like ``POST /api/v1/police/transfers``: the same
schema (the incident number's pattern included), the same action (``record_transfer``), the same refusals."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gridgov.cases.actions import ActionError, Reported, category_by_code, staff_of
from gridgov.cases.rules import DESK
from gridgov.org.models import Role

from .actions import record_transfer

FIELDS = ("incident_number", "category", "description", "urgency", "citizen_name", "citizen_phone")


def takes_110(user: Any) -> bool:
    """Whether the form offers the 110 transfer: the desk (intake operators, dispatchers) and administrators."""
    if getattr(user, "is_superuser", False):
        return True
    staff = staff_of(user)
    return staff is not None and (staff.role == Role.ADMINISTRATOR or staff.role in DESK)


def intake_110(user: Any, values: Any) -> Reported:
    """Validate the form's values with the API's schema (pydantic ``ValidationError`` on bad input) and record the
    transfer; an unknown category or a refused action raises ``ActionError``."""
    from .api import TransferIn

    body = TransferIn(**{k: values.get(k, "") for k in FIELDS}, lon=values.get("lon") or "nan",
                      lat=values.get("lat") or "nan")
    category = category_by_code(body.category)
    if category is None or not category.active:
        raise ActionError(_("pick a category"))
    reported, _station = record_transfer(
        user, incident_number=body.incident_number, category=category, description=body.description, lon=body.lon,
        lat=body.lat, crs=body.crs, urgency=body.urgency, citizen_name=body.citizen_name,
        citizen_phone=body.citizen_phone)
    return reported
