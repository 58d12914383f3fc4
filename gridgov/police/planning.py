"""Planning help: where N new police rooms would add the most households reached within the circle's minutes.

Greedy maximum coverage over candidate sites (the villages' seats, a point on each village's surface): each step
takes the site whose circle reaches the most households not yet reached (ties: the lower village code). Greedy is
within 1 - 1/e of the best choice for this problem, and explains itself step by step.

Each township of the area gets a ``reason`` for what was (or was not) suggested there. The common surprise is a
sub-district (街道): it has a police room at every community's seat already, and since rooms are only placed at
seats, a new one there would reach nobody new even when many of its households are beyond the minutes."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from scipy.spatial import cKDTree

from gridgov.geo.models import scope_prefix

from .coverage import Network, cache, grid_minutes, node_minutes

MAX_ROOMS = 20
TAKEN_M = 50.0  # a seat with a police post within this many metres already has one
TOWNSHIP = 2


def suggest(code: str, rooms: int, minutes: int, speed: float) -> dict[str, Any]:
    net, _cached = cache.network()
    inside = np.fromiter((c.startswith(scope_prefix(code)) for c in net.grid_codes), bool, len(net.grid_codes))
    hh = net.grid_households * inside
    now = grid_minutes(net, speed, node_minutes(net, speed)) <= minutes
    before = int(hh[now].sum())
    seats = [v for v in net.villages if v[0].startswith(scope_prefix(code))]
    reach = []
    for seat in seats:  # each circle stops at the minutes asked (Dijkstra's limit): ~1 ms a site
        xy = net.project(np.array([seat[2]]), np.array([seat[3]]))
        reach.append(grid_minutes(net, speed, node_minutes(net, speed, xy, limit=minutes)) <= minutes)
    covered, picked = now.copy(), []
    for _step in range(min(rooms, len(seats))):
        gains = [int(hh[r & ~covered].sum()) for r in reach]
        best = int(np.argmax(gains)) if gains else -1
        if best < 0 or gains[best] <= 0:
            break
        covered |= reach[best]
        code_, name, lon, lat = seats[best]
        picked.append({"village": code_, "name": name, "lon": round(lon, 6), "lat": round(lat, 6),
                       "households_gained": gains[best]})
    total = int(hh.sum())
    after = int(hh[covered].sum())
    return {"area": code, "minutes": minutes, "speed_kmh": speed, "rooms": rooms, "households": total,
            "reached_before": before, "reached_after": after,
            "share_before": round(before / total, 4) if total else 0.0,
            "share_after": round(after / total, 4) if total else 0.0, "suggested": picked,
            "townships": townships(net, code, hh, now, seats, reach, picked, minutes)}


def _taken(net: Network, seats: list[tuple[str, str, float, float]]) -> np.ndarray:
    """Whether each seat already has a police station or room on it."""
    if not seats or not len(net.posts):
        return np.zeros(len(seats), bool)
    xy = net.project(np.array([s[2] for s in seats]), np.array([s[3] for s in seats]))
    dist, _i = cKDTree(net.posts).query(xy)
    return dist <= TAKEN_M


def townships(net: Network, code: str, hh: np.ndarray, now: np.ndarray, seats: list, reach: list,
              picked: list[dict[str, Any]], minutes: int) -> list[dict[str, Any]]:
    """Each township of (or around) the area: its households, how many are reached now, the rooms suggested in it,
    and why (``reason``: suggested, covered, no_households, no_roads, no_sites, seats_taken, no_gain, outranked)."""
    prefix = scope_prefix(code)
    taken = _taken(net, seats)
    out = []
    for t_code, level, name in net.areas:
        if level != TOWNSHIP or not (t_code.startswith(prefix) or prefix.startswith(t_code)):
            continue
        mine = np.fromiter((c.startswith(t_code) for c in net.grid_codes), bool, len(net.grid_codes))
        total, reached = int(hh[mine].sum()), int(hh[mine & now].sum())
        idx = [i for i, s in enumerate(seats) if s[0].startswith(t_code)]
        n = sum(1 for p in picked if p["village"].startswith(t_code))
        if n:
            reason = "suggested"
        elif total == 0:
            reason = "no_households"
        elif net.roads == 0 or not len(net.xy):
            reason = "no_roads"
        elif reached >= total:
            reason = "covered"
        elif not idx:
            reason = "no_sites"
        elif all(taken[i] for i in idx):
            reason = "seats_taken"
        elif not any(int(hh[reach[i] & mine & ~now].sum()) for i in idx if not taken[i]):
            reason = "no_gain"
        else:
            reason = "outranked"
        out.append({"code": t_code, "name": name, "households": total, "reached_before": reached,
                    "share_before": round(reached / total, 4) if total else 0.0, "suggested": n,
                    "reason": reason, "why": why(reason, minutes)})
    return out


def why(reason: str, minutes: int) -> str:
    """The reason in words a planner can act on."""
    return {
        "suggested": _("new police rooms suggested here"),
        "no_households": _("no households recorded in its grids"),
        "no_roads": _("no road data: import the roads (gridgov import-roads) first"),
        "covered": _("already covered: every household is reached within %(m)d minutes") % {"m": minutes},
        "no_sites": _("no village or community seat to place a room at"),
        "seats_taken": _("every village or community seat here already has a police room, and rooms are only "
                         "suggested at seats: the households beyond %(m)d minutes need a site between them")
        % {"m": minutes},
        "no_gain": _("no free village seat here reaches more households within %(m)d minutes") % {"m": minutes},
        "outranked": _("sites elsewhere reach more households with the rooms asked: ask for more rooms"),
    }[reason]
