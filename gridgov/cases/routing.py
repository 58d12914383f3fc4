"""Which unit handles a case: the category names a unit per level; take the lowest level that has one."""

from __future__ import annotations

from gridgov.geo.models import COUNTY
from gridgov.org import directory
from gridgov.org.models import Unit, UnitKind

from .models import Case, Category


def matches(unit: Unit, spec: str) -> bool:
    """``station`` / ``centre`` / ``department:<name>``."""
    if spec in (UnitKind.STATION, UnitKind.CENTRE):
        return unit.kind == spec
    return spec.startswith("department:") and unit.kind == UnitKind.DEPARTMENT and \
        unit.department == spec.split(":", 1)[1]


def find_unit(area_code: str, spec: str) -> Unit | None:
    return next((u for u in directory.serving(area_code) if matches(u, spec)), None)


def route(category: Category, path: list[dict]) -> Unit | None:
    """The unit the category names for the lowest level covering the location, walking up the tree; failing
    that, the nearest governance centre above the location. ``path`` is the case's area path, outermost first."""
    for step in reversed(path):
        spec = category.routing.get(str(step["level"]))
        if spec and (unit := find_unit(step["code"], spec)):
            return unit
    return nearest_centre(path)


def nearest_centre(path: list[dict]) -> Unit | None:
    return next((u for step in reversed(path) for u in directory.serving(step["code"]) if u.kind == UnitKind.CENTRE),
                None)


def escalation_target(category: Category, unit: Unit) -> Unit | None:
    """One level up from the unit now handling the case: what the category names there, else that level's centre.
    Above the county (the city, the province) a case goes only where its category's routing names the level."""
    parent = unit.area.parent
    while parent is not None:
        spec = category.routing.get(str(parent.level))
        if parent.level < COUNTY and not spec:
            parent = parent.parent
            continue
        target = (find_unit(parent.code, spec) if spec else None) or find_unit(parent.code, "centre")
        if target and target.pk != unit.pk:
            return target
        parent = parent.parent
    return None


def dispatch_targets(case: Case) -> list[Unit]:
    """The units a case may be handed to (dispatched, handed jointly, referred on): those serving an area on its
    path: its village station, its township's centre and offices, the district's centre and departments (the city's
and the province's only once the case is with them). The unit
    routing proposed comes first, then the lowest level. The desk offers this list and the actions accept only it."""
    top = min(COUNTY, handler.area.level) if (handler := directory.unit(case.handling_unit_id)) else COUNTY
    units = [u for step in case.area_path if step["level"] >= top for u in directory.serving(step["code"])]
    units.sort(key=lambda u: (u.pk != case.routed_unit_id, -u.area.level, u.kind, u.name))
    return units


def serves(case: Case, unit: Unit) -> bool:
    """Whether ``unit`` is one of ``dispatch_targets(case)``."""
    return any(u.pk == unit.pk for u in dispatch_targets(case))
