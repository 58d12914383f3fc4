"""Which unit handles a case: the category names a unit per level; take the lowest level that has one."""

from __future__ import annotations

from gridgov.geo.models import Area
from gridgov.org.models import Unit, UnitKind

from .models import Category


def matches(unit: Unit, spec: str) -> bool:
    """``station`` / ``centre`` / ``department:<name>``."""
    if spec in (UnitKind.STATION, UnitKind.CENTRE):
        return unit.kind == spec
    return spec.startswith("department:") and unit.kind == UnitKind.DEPARTMENT and \
        unit.department == spec.split(":", 1)[1]


def units_serving(path: list[Area]) -> dict[int, list[Unit]]:
    """The units serving each area of a path, in one query."""
    out: dict[int, list[Unit]] = {a.pk: [] for a in path}
    for u in Unit.objects.filter(area_id__in=list(out)).select_related("area").order_by("code"):
        out[u.area_id].append(u)
    return out


def find_unit(area: Area, spec: str, serving: dict[int, list[Unit]] | None = None) -> Unit | None:
    units = (serving or units_serving([area])).get(area.pk, [])
    return next((u for u in units if matches(u, spec)), None)


def path_up(area: Area) -> list[Area]:
    """The area and its ancestors, deepest first."""
    return [area, *reversed(area.ancestors())]


def route(category: Category, area: Area, path: list[Area] | None = None) -> Unit | None:
    """The unit the category names for the lowest level covering the location, walking up the tree; failing
    that, the nearest governance centre above the location."""
    path = path or path_up(area)
    serving = units_serving(path)
    for a in path:
        spec = category.routing.get(str(a.level))
        if spec and (unit := find_unit(a, spec, serving)):
            return unit
    return nearest_centre(path, serving)


def nearest_centre(path: list[Area], serving: dict[int, list[Unit]] | None = None) -> Unit | None:
    serving = serving or units_serving(path)
    return next((u for a in path for u in serving[a.pk] if u.kind == UnitKind.CENTRE), None)


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
