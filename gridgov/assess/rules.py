"""Who may take which assessment action: declared once (roles and the unit they act for), checked by every action
in ``actions.py`` together with the reader's scope (the target must lie in the actor's jurisdiction)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from gridgov.geo.scoping import jurisdiction_of
from gridgov.org.models import Role, UnitKind

D, L, GL, ADMIN = Role.DISPATCHER, Role.LEADER, Role.GRID_LEADER, Role.ADMINISTRATOR
TOWNSHIP, DISTRICT = 2, 1  # the level of the centre an action is taken for


@dataclass(frozen=True)
class Permission:
    roles: frozenset[str]
    centre_level: int | None = None  # the actor's unit must be the governance centre of this level
    label: Any = ""


PERMISSIONS: dict[str, Permission] = {
    "compute_month": Permission(frozenset({D, L, ADMIN}), None, _("compute a month's scores")),
    "confirm_month": Permission(frozenset({D, L}), TOWNSHIP, _("confirm the township's month")),
    "correct_score": Permission(frozenset({D, L}), TOWNSHIP, _("correct a confirmed score")),
    "enter_adjustment": Permission(frozenset({GL, D}), None, _("enter a bonus or penalty")),
    "decide_adjustment": Permission(frozenset({D, L}), None, _("approve a bonus or penalty")),
    "record_training": Permission(frozenset({GL, D}), None, _("record a training")),
    "nominate": Permission(frozenset({D, L}), TOWNSHIP, _("nominate for the gold medal")),
    "decide_nomination": Permission(frozenset({D, L}), DISTRICT, _("approve or reject a gold medal nomination")),
    "revise_template": Permission(frozenset({ADMIN}), None, _("edit assessment templates")),
}


def refusal(user: Any, action: str, area_code: str) -> tuple[str, int] | None:
    """Why ``user`` may not take ``action`` on something located at ``area_code`` (message, HTTP status), or None.
    Outside the jurisdiction is 404: what one may not see is not said to exist."""
    p = PERMISSIONS[action]
    if getattr(user, "is_superuser", False) and ADMIN in p.roles:
        return None  # a superuser installs the site: templates and computing, nothing of a centre's decisions
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    if staff is None or not staff.active:
        return str(_("only active staff take assessment actions")), 403
    from gridgov.cases.models import sees_area_figures

    if not jurisdiction_of(user).covers(area_code) or not sees_area_figures(user):
        return str(_("not found")), 404
    if staff.role not in p.roles:
        return str(_("your role may not %(what)s") % {"what": p.label}), 403
    if p.centre_level is not None:
        unit = staff.unit
        if unit is None or unit.kind != UnitKind.CENTRE or unit.area.level != p.centre_level:
            where = _("a township centre") if p.centre_level == TOWNSHIP else _("the district centre")
            return str(_("only %(who)s may %(what)s") % {"who": where, "what": p.label}), 403
    return None


def may(user: Any, action: str, area_code: str) -> bool:
    return refusal(user, action, area_code) is None
