"""Special scenarios over HTTP, for the command map: the scenarios in force or starting within a week over or inside
the reader's jurisdiction, with their area and the routes and points drawn on their map (read only)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from .models import Scenario

router = Router(tags=["emergencies"])
COMING = timedelta(days=7)


class ScenarioOut(Schema):
    id: int
    name: str
    template: str
    area: str
    starts_at: datetime
    ends_at: datetime
    boundary: dict
    features: dict


@router.get("", response=list[ScenarioOut],
            summary="Scenarios in force or starting within a week, with their area, routes and points (at most 50)")
def list_scenarios(request: HttpRequest) -> list[dict]:
    now = timezone.now()
    qs = (Scenario.objects.visible_to(request.user).filter(ends_at__gt=now, starts_at__lt=now + COMING)
          .select_related("template").order_by("starts_at")[:50])
    return [{"id": s.pk, "name": s.name, "template": s.template.code, "area": s.area_code, "starts_at": s.starts_at,
             "ends_at": s.ends_at, "boundary": s.boundary, "features": s.features or {}} for s in qs]
