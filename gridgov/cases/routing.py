"""Which unit handles a case: the category names a unit per level; take the lowest level that has one."""

from __future__ import annotations

from gridgov.geo.models import Area
from gridgov.org.models import Unit, UnitKind

from .models import Category


def find_unit(area: Area, spec: str) -> Unit | None:
    """``station`` / ``centre`` / ``department:<name>`` serving exactly this area."""
    qs = Unit.objects.filter(area=area)
    if spec == "station":
        return qs.filter(kind=UnitKind.STATION).order_by("code").first()
    if spec == "centre":
        return qs.filter(kind=UnitKind.CENTRE).order_by("code").first()
    if spec.startswith("department:"):
        return qs.filter(kind=UnitKind.DEPARTMENT, department=spec.split(":", 1)[1]).order_by("code").first()
    return None


def path_up(area: Area) -> list[Area]:
    """The area and its ancestors, deepest first."""
    return [area, *reversed(area.ancestors())]


def route(category: Category, area: Area) -> Unit | None:
    """The unit the category names for the lowest level covering the location, walking up the tree; failing
    that, the nearest governance centre above the location."""
    path = path_up(area)
    for a in path:
        spec = category.routing.get(str(a.level))
        if spec and (unit := find_unit(a, spec)):
            return unit
    return nearest_centre(path)


def nearest_centre(path: list[Area]) -> Unit | None:
    for a in path:
        if unit := find_unit(a, "centre"):
            return unit
    return None


def escalation_target(category: Category, unit: Unit) -> Unit | None:
    """One level up from the unit now handling the case: what the category names there, else that level's centre."""
    parent = unit.area.parent
    while parent is not None:
        spec = category.routing.get(str(parent.level))
        target = (find_unit(parent, spec) if spec else None) or find_unit(parent, "centre")
        if target and target.pk != unit.pk:
            return target
        parent = parent.parent
    return None
