"""Every write to the grid goes through here: one function, one transaction, one audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gridgov.audit.actions import record_event

from .io import ImportReport, Problem, check_topology, parse_features
from .models import COUNTY, Area, GridRevision, codes_above, scope_prefix, upper_code


class ImportRefused(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{len(report.problems)} problems; nothing imported")
        self.report = report


def import_areas(
    data: dict[str, Any] | str, crs: str, actor: Any = None, *, strict: bool = False, dry_run: bool = False
) -> ImportReport:
    """Import (or update, by code) areas from a GeoJSON FeatureCollection in coordinate system ``crs``.

    Features that cannot be used (bad code, unrepairable geometry, unknown parent) are rejected and reported; invalid
    but repairable polygons are repaired and reported; children outside their parent, overlapping a sibling or
    leaving a gap are reported by code. With ``strict`` any problem other than a repair refuses the whole import.
    """
    report = parse_features(data, crs)
    incoming = {a.code: a for a in report.accepted}
    upper = {a.code: up for a in report.accepted
             if a.level <= COUNTY and not a.parent_code and (up := upper_code(a.code))}
    known = incoming.keys() | set(Area.objects.filter(code__in=upper.values()).values_list("code", flat=True))
    for a in report.accepted:  # a county under its city, a city under its province, when they are in the grid
        if upper.get(a.code) in known:
            a.parent_code = upper[a.code]
    wanted = [a.parent_code for a in report.accepted if a.parent_code]
    existing = {a.code: a for a in Area.objects.filter(code__in=wanted)}
    ordered = sorted(report.accepted, key=lambda a: a.level)
    accepted: list = []
    for a in ordered:  # parents first, so a child of a rejected parent is rejected too
        if a.parent_code and a.parent_code not in incoming and a.parent_code not in existing:
            report.problems.append(Problem("missing_parent", a.code, f"parent {a.parent_code} is neither in the file "
                                           "nor in the grid", feature=a.feature))
            incoming.pop(a.code)
            continue
        accepted.append(a)
    report.accepted = accepted
    report.problems.extend(_topology(accepted))
    if dry_run:
        return report
    if strict and any(p.kind != "repaired" for p in report.problems):
        raise ImportRefused(report)
    with transaction.atomic():
        by_code: dict[str, Area] = {a.code: a for a in Area.objects.filter(code__in=list(incoming))}
        parents: dict[str, Area] = dict(existing)
        for pa in accepted:
            area = by_code.get(pa.code) or Area(code=pa.code)
            area.name, area.level, area.kind = pa.name, pa.level, pa.kind
            area.households, area.residents = pa.households, pa.residents
            area.parent = parents.get(pa.parent_code) if pa.parent_code else None
            area.set_shape(pa.geom)
            area.save()
            parents[pa.code] = area
        for pa in sorted(accepted, key=lambda a: -a.level):  # a city takes its counties before its province
            if pa.level < COUNTY:
                adopt(parents[pa.code])
        GridRevision.bump()
        if accepted:  # one entry per import, on its outermost area
            record_event(actor, "geo.import_areas", parents[accepted[0].code],
                         {"crs": crs, "accepted": len(accepted), "problems": len(report.problems)})
    return report


def adopt(area: Area) -> int:
    """A province or city imported after the areas below it: the stored areas of its codes that have no parent yet
    (its counties, a province's cities) are put under it."""
    orphans = Area.objects.filter(parent=None, level__gt=area.level, level__lte=COUNTY,
                                  code__startswith=scope_prefix(area.code)).exclude(pk=area.pk)
    return orphans.update(parent=area)


class _Adopter:
    def __init__(self, code: str) -> None:
        self.code, self.child_shapes = code, {}


def _adoptions(accepted: list) -> dict[str, _Adopter]:
    """Stored areas without a parent that an imported province or city will take (``adopt``): the nearest of them
    above each one."""
    uppers = {a.code for a in accepted if a.level < COUNTY}
    if not uppers:
        return {}
    incoming = {a.code for a in accepted}
    adopters = {c: _Adopter(c) for c in uppers}
    out: dict[str, _Adopter] = {}
    stored = set(Area.objects.filter(level__lt=COUNTY).values_list("code", flat=True))
    for area in Area.objects.filter(parent=None, level__lte=COUNTY).exclude(code__in=incoming):
        up = next((c for c in reversed(codes_above(area.code)) if c in uppers or c in stored), None)
        if up in adopters:
            adopters[up].child_shapes[area.code] = area.shape
            out[area.code] = adopters[up]
    return out


def _topology(accepted: list) -> list[Problem]:
    """Check every parent touched by the import against all of its children (imported or already stored)."""
    parent_codes = {a.parent_code for a in accepted if a.parent_code}
    parent_codes |= {a.code for a in accepted}
    geoms = {a.code: a.geom for a in accepted}
    for area in Area.objects.filter(code__in=parent_codes - set(geoms)):
        geoms[area.code] = area.shape
    children: dict[str, dict[str, Any]] = {}
    for area in Area.objects.filter(parent__code__in=parent_codes).only("code", "geometry", "parent__code"):
        children.setdefault(area.parent.code, {})[area.code] = area.shape
    for a in accepted:
        if a.parent_code:
            children.setdefault(a.parent_code, {})[a.code] = a.geom
    for code, up in _adoptions(accepted).items():  # stored counties (cities) that a new city (province) takes
        children.setdefault(up.code, {})[code] = up.child_shapes[code]
    return check_topology({p: sorted(k.items()) for p, k in children.items()}, geoms)


def grid_changed() -> str:
    """Call after writing areas outside :func:`import_areas` (e.g. bulk loads) so that indexes rebuild."""
    return GridRevision.bump()
