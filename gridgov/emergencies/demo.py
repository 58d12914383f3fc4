"""The demo's emergencies and scenarios: a past flood in one township with its door-to-door campaign (visit batches in
bulk) and the volunteer team of the township called in (most say they come, some came), back to peacetime with its
summary; a safe-campus scenario around a school grid and a large event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gridgov.geo.models import Area
from gridgov.org.models import Role, Staff, Unit
from gridgov.revisions.cache import bump
from gridgov.volunteers.models import Call, CallAnswer, Team

from .actions import call_up, instantiate, switch_off, switch_on
from .models import DailyReport, GridTask, VisitBatch


def event_layers(grids: Any) -> dict:
    """The large event's evacuation route (along the edge of its grids) and a first-aid point inside them."""
    area = shapely.union_all([g.shape for g in grids])
    ring = max(getattr(area, "geoms", [area]), key=lambda p: p.area).exterior.coords
    aid = shapely.point_on_surface(area)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [list(c) for c in ring[:4]]},
         "properties": {"layer": "routes", "label": "散场疏散路线"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [aid.x, aid.y]},
         "properties": {"layer": "first_aid_points", "label": "广场急救点"}}]}


def build(district: str, seed: int = 1) -> dict[str, int]:
    """Needs the district's grid, units and a district leader (the demo builder's)."""
    leader = Staff.objects.filter(role=Role.LEADER, area__code=district).select_related("user").first()
    town = Area.objects.filter(parent__code=district).order_by("code").first()
    if leader is None or town is None:
        return {}
    rng = np.random.default_rng(seed)
    now = timezone.now()
    start = now - timedelta(days=40)
    e, made = switch_on(leader.user, area_code=town.code, plan_code="flood", reason="汛期强降雨，启动防汛应急响应",
                        now=start)
    tasks = list(GridTask.objects.filter(emergency=e))
    workers = {s.area_id: s for s in Staff.objects.filter(role=Role.GRID_WORKER, area__code__startswith=town.code)}
    fallback = next(iter(workers.values()), leader)
    morning = timezone.localtime(start).replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=1)
    batches, reports = [], []
    with transaction.atomic():
        for t in tasks:
            worker = workers.get(t.area_id, fallback)
            left = t.target
            for day in range(3):
                if left <= 0 or rng.random() < 0.08:
                    continue
                n = int(min(left, rng.integers(20, 80)))
                left -= n
                found = int(rng.binomial(n, 0.03))
                at = morning + timedelta(days=day, hours=int(rng.integers(0, 9)))  # 08:00–16:00, one a day
                batches.append(VisitBatch(task=t, worker=worker, place=f"{day + 1}号片区", visited=n,
                                          nobody_home=int(rng.binomial(n, 0.1)), needs_found=found,
                                          needs_met=int(rng.binomial(found, 0.7)), needs={"flood": found} if found
                                          else {}, recorded_at=at, idempotency_key=f"demo-{t.pk}-{day}"))
                reports.append(DailyReport(task=t, day=timezone.localtime(at).date(), by=worker, at=at))
        VisitBatch.objects.bulk_create(batches, batch_size=2000)
        DailyReport.objects.bulk_create(reports, batch_size=2000)
        sums: dict[int, list[int]] = {}
        for b in batches:
            acc = sums.setdefault(b.task_id, [0, 0, 0, 0])
            for i, v in enumerate((b.visited, b.nobody_home, b.needs_found, b.needs_met)):
                acc[i] += v
        for task_id, (v, nh, nf, nm) in sums.items():
            GridTask.objects.filter(pk=task_id).update(visited=F("visited") + v, nobody_home=F("nobody_home") + nh,
                                                       needs_found=F("needs_found") + nf, needs_met=F("needs_met") + nm)
        bump(GridTask._meta.db_table)
    called = _call_volunteers(leader.user, e.pk, town.code, morning, rng)
    switch_off(leader.user, e.pk, summary="降雨过程结束，转入常态", now=morning + timedelta(days=3))
    grids = list(Area.objects.filter(code__startswith=town.code, level=5).order_by("code").values_list("code",
                                                                                                       flat=True))
    police = list(Unit.objects.filter(area__code=town.code, department="public_security").values_list("pk",
                                                                                                      flat=True))
    day = timezone.localtime(now).replace(hour=7, minute=0, second=0, microsecond=0)
    instantiate(leader.user, template_code="safe_campus", name=f"{town.name}中心小学平安校园", grids=grids[:2],
                starts_at=day, ends_at=day + timedelta(hours=10), units=police, now=now)
    event = Area.objects.filter(code__in=grids[2:6])
    instantiate(leader.user, template_code="large_event", name=f"{town.name}文化广场大型活动", grids=grids[2:6],
                starts_at=day + timedelta(days=2, hours=11), units=police, features=event_layers(event), now=now)
    return {"tasks": made, "visit_batches": len(batches), "volunteers_called": called, "scenarios": 2}


def _call_volunteers(user: object, emergency_id: int, town: str, at: object, rng: np.random.Generator) -> int:
    """The township's volunteer team (the volunteers demo's, when it serves this township) called in on the first
    morning: four in five answer that they come, and half of those come. Answers in two bulk updates."""
    team = (Team.objects.filter(active=True, area__code__startswith=town[:6]).select_related("area")
            .order_by("area__code").first())
    if team is None or not (town.startswith(team.area.code) or team.area.code.startswith(town)):
        return 0
    _activity, calls = call_up(user, emergency_id, team_id=team.pk, title="防汛志愿者集结", hours=12, now=at)
    coming = [c.pk for c in calls if rng.random() < 0.8]
    Call.objects.filter(pk__in=coming).update(answer=CallAnswer.YES, answered_at=at)
    Call.objects.filter(pk__in=coming[::2]).update(came=True)
    return len(calls)
