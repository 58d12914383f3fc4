"""The unit picker of the desk: one list for the case page's dispatch form and the bulk dispatch, the units grouped
by level (village stations, the township's centre and offices, the district's centre and departments), the unit the
category's routing suggests first with the reason. The template renders a plain <select> (it works without
JavaScript); ``desk.js`` adds a box that narrows it to the units whose name holds what is typed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridgov.cases.models import Case
from gridgov.cases.routing import matches
from gridgov.org.models import Department, Unit, UnitKind

LEVEL_GROUPS = {  # the area level a unit serves → the group it is listed in
    1: gettext_lazy("District: centre and departments"),
    2: gettext_lazy("Township: centre and offices"),
    3: gettext_lazy("Village stations"),
}
OTHER_LEVELS = gettext_lazy("Other units")


@dataclass
class Group:
    label: str
    units: list[Unit] = field(default_factory=list)


@dataclass
class Picker:
    groups: list[Group]
    suggested: Unit | None = None
    reason: str = ""
    default_label: str = ""  # a first option with an empty value (the bulk form: each case's own suggestion)


def _spec_label(spec: str) -> str:
    if spec == UnitKind.STATION:
        return str(UnitKind.STATION.label)
    if spec == UnitKind.CENTRE:
        return str(UnitKind.CENTRE.label)
    dept = spec.split(":", 1)[-1]
    return str(Department(dept).label) if dept in Department.values else dept


def suggestion_reason(case: Case, unit: Unit) -> str:
    """Why routing proposed ``unit`` for ``case``: the category names it at the unit's level, or nothing was
    named there and the nearest governance centre takes the case."""
    spec = case.category.routing.get(str(unit.area.level), "")
    if spec and matches(unit, spec):
        return _("the category “%(category)s” goes to the %(unit)s at this level") % {
            "category": case.category.name, "unit": _spec_label(spec)}
    return _("the category “%(category)s” names no unit here: the nearest governance centre") % {
        "category": case.category.name}


def grouped(units: Iterable[Unit], suggested: Unit | None = None) -> list[Group]:
    """The units by level, the lowest level first (the village, then the township, then the district), by name
    within a level; the suggested unit is left out (it is listed first, on its own)."""
    by_level: dict[int, Group] = {}
    for u in units:
        if suggested is not None and u.pk == suggested.pk:
            continue
        level = u.area.level
        group = by_level.setdefault(level, Group(str(LEVEL_GROUPS.get(level, OTHER_LEVELS))))
        group.units.append(u)
    for g in by_level.values():
        g.units.sort(key=lambda u: (u.kind != UnitKind.CENTRE, u.name))
    return [by_level[k] for k in sorted(by_level, reverse=True)]


def for_case(case: Case, units: list[Unit]) -> Picker:
    """The picker of one case's dispatch form: ``units`` are ``routing.dispatch_targets(case)``."""
    suggested = next((u for u in units if u.pk == case.routed_unit_id), None)
    reason = suggestion_reason(case, suggested) if suggested else ""
    return Picker(grouped(units, suggested), suggested, reason)


def for_bulk(units: Iterable[Unit]) -> Picker:
    """The bulk form's picker: first, each case to the unit its own category's routing suggests."""
    return Picker(grouped(units), default_label=_("each case to the unit its category's routing suggests"))
