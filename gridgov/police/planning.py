"""Planning help: where N new police rooms would add the most households reached within the circle's minutes.

Greedy maximum coverage over candidate sites (the villages' seats, a point on each village's surface): each step
takes the site whose circle reaches the most households not yet reached (ties: the lower village code). Greedy is
within 1 - 1/e of the best choice for this problem, and explains itself step by step."""

from __future__ import annotations

from typing import Any

import numpy as np

from gridgov.geo.models import scope_prefix

from .coverage import cache, grid_minutes, node_minutes

MAX_ROOMS = 20


def suggest(code: str, rooms: int, minutes: int, speed: float) -> dict[str, Any]:
    net, _ = cache.network()
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
    for _ in range(min(rooms, len(seats))):
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
            "share_after": round(after / total, 4) if total else 0.0, "suggested": picked}
