"""What a police station's linkage page reads: its villages, their police officers and grid workers, the open cases
of the public-security and dispute classes, the gaps, and the police circle. Who may read it: the station's own
staff (the station and its rooms), the governance centres above it (township, district) and administrators."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q

from gridgov.cases.models import OPEN_STATUSES, Case
from gridgov.geo.models import Area, code_length
from gridgov.org.models import Department, Role, Staff, Unit, UnitKind

from .models import Liaison, PolicePost, PostKind

PUBLIC_SECURITY_CLASS = "12"  # the catalogue's public-security clues
DISPUTE_CLASS = "10"  # contradictions and disputes
VILLAGE_LEVEL = 3
MAX_CASES = 200


def village_code(path: list[dict]) -> str:
    return next((s["code"] for s in path if s["level"] == VILLAGE_LEVEL), "")


def station_for(path: list[dict]) -> Unit | None:
    """The police station of the township on ``path`` (a ``PolicePost`` station, else the township's public
    security unit), walking up when the township has none."""
    for step in reversed(path):
        if step["level"] > 2:
            continue
        post = PolicePost.objects.filter(kind=PostKind.STATION, unit__area__code=step["code"]) \
            .select_related("unit").first()
        if post is not None:
            return post.unit
        unit = Unit.objects.filter(area__code=step["code"], kind=UnitKind.DEPARTMENT,
                                   department=Department.PUBLIC_SECURITY).order_by("code").first()
        if unit is not None:
            return unit
    return None


def may_view(user: Any, station: PolicePost) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    staff = getattr(user, "staff", None)
    if staff is None or not staff.active:
        return False
    if staff.role == Role.ADMINISTRATOR:
        return True
    if staff.role in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN) or staff.unit_id is None:
        return False
    own = {station.unit_id, *station.rooms.values_list("unit_id", flat=True)}
    if staff.unit_id in own:
        return True
    unit = staff.unit
    return unit.kind == UnitKind.CENTRE and station.unit.area.code.startswith(unit.area.code)


def visible_stations(user: Any) -> list[PolicePost]:
    posts = PolicePost.objects.visible_to(user).filter(kind=PostKind.STATION).select_related("unit__area")
    return [p for p in posts if may_view(user, p)]


@dataclass
class VillageRow:
    area: Area
    liaisons: list[Staff] = field(default_factory=list)
    auxiliaries: list[Staff] = field(default_factory=list)
    grid_workers: int = 0
    rooms: list[str] = field(default_factory=list)
    reach: dict[str, float] = field(default_factory=dict)


@dataclass
class Linkage:
    station: PolicePost
    rooms: list[PolicePost]
    villages: list[VillageRow]
    cases: list[Case]
    without_liaison: list[Area]
    overloaded: list[tuple[Staff, int]]
    limit: int
    coverage: dict[str, Any] | None


def villages_of(station: PolicePost, rooms: list[PolicePost]) -> list[Area]:
    """The villages its rooms serve, its own, and every village of its township."""
    township = station.unit.area
    served = Area.objects.filter(Q(police_posts__in=[station, *rooms]) | Q(level=VILLAGE_LEVEL,
                                                                         code__startswith=township.code))
    return list(served.filter(level=VILLAGE_LEVEL).distinct().order_by("code"))


def linkage(station: PolicePost, coverage: dict[str, Any] | None = None) -> Linkage:
    rooms = list(station.rooms.select_related("unit").prefetch_related("villages").order_by("unit__code"))
    villages = villages_of(station, rooms)
    rows = {v.code: VillageRow(v) for v in villages}
    for room in rooms:
        for v in room.villages.all():
            if v.code in rows:
                rows[v.code].rooms.append(room.unit.name)
    officers = Liaison.objects.filter(village__in=villages).select_related("staff", "village")
    for o in officers:
        (rows[o.village.code].auxiliaries if o.auxiliary else rows[o.village.code].liaisons).append(o.staff)
    township = station.unit.area.code
    in_town = Staff.objects.filter(role=Role.GRID_WORKER, active=True, area__code__startswith=township)
    workers = Counter(code[:code_length(VILLAGE_LEVEL)] for code in in_town.values_list("area__code", flat=True))
    for code, row in rows.items():
        row.grid_workers = workers[code]
        if coverage:
            row.reach = next((a["share_households"] for a in coverage["areas"] if a["code"] == code), {})
    limit = settings.GRIDGOV_POLICE_MAX_VILLAGES_PER_LIAISON
    ours = {s.pk for r in rows.values() for s in r.liaisons}
    served = Counter(Liaison.objects.filter(auxiliary=False, staff_id__in=ours).values_list("staff_id", flat=True))
    heavy = {s.pk: s for s in Staff.objects.filter(pk__in=[pk for pk, n in served.items() if n > limit])}
    classes = Q(category__code__startswith=PUBLIC_SECURITY_CLASS) | Q(category__code__startswith=DISPUTE_CLASS)
    cases = list(Case.objects.filter(classes, area_code__startswith=township, status__in=OPEN_STATUSES)
                 .select_related("category").order_by("-created_at")[:MAX_CASES])
    return Linkage(station, rooms, list(rows.values()), cases,
                   [r.area for r in rows.values() if not r.liaisons],
                   sorted(((heavy[pk], served[pk]) for pk in heavy), key=lambda x: (-x[1], x[0].name)), limit,
                   coverage)
