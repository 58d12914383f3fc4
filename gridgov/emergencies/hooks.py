"""What the emergencies and scenarios change in every case, through the hooks of ``cases.actions``: the plan's
shorter periods for a case reported in an area under an emergency, and the tag of a live scenario for a case reported
inside its area and period. Both read a per-process copy of the (few) emergencies and scenarios, read again when
their tables change (``gridgov.revisions``), so a report pays no query for them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import shapely

from gridgov.cases.models import Case
from gridgov.revisions.cache import Cached

from .models import Emergency, Plan, Scenario, ScenarioCase


@dataclass(frozen=True)
class Span:
    pk: int
    area_code: str
    start: datetime
    end: datetime | None
    what: Any  # the plan's periods, or the scenario's prepared boundary
    label: str = ""

    def covers(self, code: str, at: datetime) -> bool:
        return code.startswith(self.area_code) and self.start <= at and (self.end is None or at < self.end)


def _emergencies() -> list[Span]:
    return [Span(e.pk, e.area_code, e.started_at, e.ended_at, e.plan.deadlines, f"{e.plan.name} · {e.area.name}")
            for e in Emergency.objects.select_related("plan", "area").order_by("started_at")]


def _scenarios() -> list[Span]:
    out = []
    for s in Scenario.objects.order_by("starts_at"):
        shape = shapely.from_geojson(json.dumps(s.boundary))
        shapely.prepare(shape)
        out.append(Span(s.pk, s.area_code, s.starts_at, s.ends_at, shape))
    return out


emergencies = Cached(_emergencies, Emergency, Plan)
scenarios = Cached(_scenarios, Scenario)


def emergency_at(code: str, at: datetime) -> Span | None:
    return next((e for e in emergencies.get() if e.covers(code, at)), None)


def emergency_period(case: Case, step: str) -> str | None:
    """The plan's period for ``step`` when the case was reported in an area under an emergency."""
    e = emergency_at(case.area_code or "", case.created_at)
    return (e.what.get(case.urgency) or {}).get(step) if e else None


def tag_scenarios(case: Case) -> None:
    for s in scenarios.get():
        if s.covers(case.area_code or "", case.created_at) and shapely.intersects_xy(s.what, case.lon, case.lat):
            ScenarioCase.objects.create(scenario_id=s.pk, case_id=case.pk)


def active_for(user: Any) -> list[Span]:
    """The emergencies in force over or inside the user's jurisdiction (the banner on every staff page)."""
    from gridgov.geo.scoping import jurisdiction_of

    j = jurisdiction_of(user)
    if not j.everything and not j.codes:
        return []
    return [e for e in emergencies.get() if e.end is None
            and (j.everything or any(e.area_code.startswith(c) or c.startswith(e.area_code) for c in j.codes))]
