"""A grid's team during an emergency, the plan's "1+3+N": the grid's staff (its grid leader and grid workers: the
staff whose jurisdiction is the grid itself or an area above it down from its village) plus the volunteers who said
they come, or came, to the emergency's call-ups covering the grid. Everyone is shown masked (``mask_name``) with a
role or a team, nothing more: no phone numbers, no other personal data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from gridgov.geo.models import Area, codes_above, level_of_code
from gridgov.org.models import Role, Staff, mask_name
from gridgov.volunteers.models import Activity, Call, CallAnswer

from .models import Emergency

VILLAGE = 3


def _chain(code: str, top: int) -> list[str]:
    """The codes of the area itself and of the areas above it down from level ``top``."""
    return [c for c in [*codes_above(code), code] if (level_of_code(c) or 0) >= top]


def grid_team(e: Emergency, grid: Area) -> dict[str, Any]:
    """{"leaders", "workers", "volunteers": [{name, …}], "size"} for one grid of the emergency's area."""
    staff = (Staff.objects.filter(active=True, role__in=(Role.GRID_LEADER, Role.GRID_WORKER),
                                  area__code__in=_chain(grid.code, VILLAGE))
             .order_by("area__code", "pk").values_list("role", "name", "area__code"))
    people = [{"name": mask_name(name), "role": role, "area": code} for role, name, code in staff]
    calls = (Call.objects.filter(activity__emergency=e, activity__area__code__in=_chain(grid.code, e.area.level))
             .filter(Q(answer=CallAnswer.YES) | Q(came=True))
             .order_by("member_id", "-came", "pk").values_list("member_id", "member__name", "member__team__name",
                                                               "came"))
    volunteers: dict[int, dict[str, Any]] = {}
    for member_id, name, team, came in calls:
        volunteers.setdefault(member_id, {"name": mask_name(name), "team": team or "", "came": came})
    leaders = [p for p in people if p["role"] == Role.GRID_LEADER]
    workers = [p for p in people if p["role"] == Role.GRID_WORKER]
    return {"leaders": leaders, "workers": workers, "volunteers": list(volunteers.values()),
            "size": len(leaders) + len(workers) + len(volunteers)}


def names(team: dict[str, Any]) -> list[str]:
    """The masked names of the whole team, leaders first (the phone's card)."""
    return [p["name"] for key in ("leaders", "workers", "volunteers") for p in team[key]]


def callups(e: Emergency, user: Any) -> list[Activity]:
    """The emergency's call-ups inside the reader's jurisdiction, with how many were called, said they come, and
    came (counts only)."""
    return list(Activity.objects.visible_to(user).filter(emergency=e).select_related("team", "area")
                .annotate(called=Count("calls"), coming=Count("calls", filter=Q(calls__answer=CallAnswer.YES)),
                          arrived=Count("calls", filter=Q(calls__came=True)))
                .order_by("starts_at", "pk")[:100])
