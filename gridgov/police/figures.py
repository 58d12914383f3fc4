"""The police circle's figure on the dashboard, defined once: the households within ``CARD_MINUTES`` minutes of a
police station or room along the roads (docs/KPIS.md, ``police_circle_share``), and the per-village list behind it.

Each leaf grid of the area counts its households, and counts them as reached when the circle's minutes to it are at
most ``CARD_MINUTES`` (the same minutes and test as ``coverage``). The card is the sum of the list's rows: reached
households over households."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings

from gridgov.geo.models import Area, code_length, scope_prefix

from .coverage import cache, check_speed, grid_minutes, node_minutes

CARD_MINUTES = 5
VILLAGE_LEVEL = 3


@dataclass(frozen=True)
class VillageReach:
    code: str
    name: str
    households: int
    reached: int

    @property
    def share(self) -> float | None:
        return self.reached / self.households if self.households else None


def _grids(minutes: int, speed: float) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every leaf grid's code, households and whether it is reached within ``minutes`` (kept with the network)."""
    net, answers = cache.network()
    key = ("grids-reached", minutes, speed)
    if key not in answers:
        times = grid_minutes(net, speed, node_minutes(net, speed))
        answers[key] = (net.grid_codes, net.grid_households, times <= minutes)
    return answers[key]


def village_reach(area: Area, minutes: int = CARD_MINUTES, speed: float | None = None) -> list[VillageReach]:
    """One row per village of ``area`` (below a village: the area itself), its households and those reached."""
    speed = check_speed(speed if speed is not None else settings.GRIDGOV_POLICE_SPEED_KMH)
    codes, households, reached = _grids(minutes, speed)
    width = max(code_length(VILLAGE_LEVEL), len(area.code))
    prefix = scope_prefix(area.code)  # a city's or province's counties too
    sums: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        if code.startswith(prefix):
            row = sums.setdefault(code[:width], [0, 0])
            row[0] += int(households[i])
            row[1] += int(households[i]) if reached[i] else 0
    names = dict(Area.objects.filter(code__in=list(sums)).values_list("code", "name"))
    return [VillageReach(code, names.get(code, code), hh, r) for code, (hh, r) in sorted(sums.items())]
