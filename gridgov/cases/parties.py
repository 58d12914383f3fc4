"""The people and organisations in a case, masked by default. Unmasking is for the roles whose work needs it
(the dispatchers and the unit handling the case) and is written to the audit log every time."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gridgov.audit.actions import record_event
from gridgov.org.models import Role, mask_name, mask_number, mask_phone

from .actions import Forbidden, NotFound, staff_of, visible
from .models import Case, Party


def mask_id(number: str) -> str:
    """**************1234: the last four at most, as for phones (``mask_number``)."""
    return mask_number(number)


def masked(p: Party) -> dict[str, Any]:
    return {"id": p.pk, "kind": p.kind, "role": p.role, "name": mask_name(p.name) if p.kind == "person" else p.name,
            "id_number": mask_id(p.id_number) if p.id_number else "",
            "phone": mask_phone(p.phone) if p.phone else ""}


def may_reveal(user: Any, case: Case) -> bool:
    """Only the dispatchers and the mediating unit (the one handling the case): not the administrators, whose
    work is the system, not the people in it (a superuser without a staff record sees masked values too)."""
    staff = staff_of(user)
    if staff is None or not visible(user, case):
        return False
    handles_it = staff.unit_id is not None and staff.unit_id == case.handling_unit_id
    return staff.role == Role.DISPATCHER or (
        handles_it and staff.role in (Role.DEPARTMENT_HANDLER, Role.GRID_LEADER))  # the mediators, not all staff


def reveal_party(user: Any, party_id: int) -> dict[str, Any]:
    """The party in full, for a user whose role needs it; the unmasking is audited."""
    party = Party.objects.select_related("case").filter(pk=party_id).first()
    if party is None or not visible(user, party.case):
        raise NotFound(_("no such party in your jurisdiction"))
    if not may_reveal(user, party.case):
        raise Forbidden(_("only the dispatchers and the unit handling the case may see a party's full details"))
    record_event(user, "reveal_party", party, {"case": party.case.number, "fields": ["name", "id_number", "phone"]})
    return {"id": party.pk, "kind": party.kind, "role": party.role, "name": party.name,
            "id_number": party.id_number, "phone": party.phone}
