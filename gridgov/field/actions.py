"""Field writes: recording a patrol (idempotent, so a phone that re-sends after losing signal records it once)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import shapely
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gridgov.audit.actions import record_event
from gridgov.geo.coords import metres_between
from gridgov.org.models import Role

from .models import Patrol

MAX_POINTS = 20_000


class PatrolError(Exception):
    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.message, self.status_code = message, status_code


def record_patrol(user: Any, *, track: list[list[float]], idempotency_key: str, note: str = "") -> tuple[Patrol, bool]:
    """The patrol, and whether it is new (False: this worker recorded this idempotency key before; another worker's
    equal key is another patrol)."""
    staff = getattr(user, "staff", None)
    if staff is None or staff.role != Role.GRID_WORKER or not staff.active:
        raise PatrolError(_("only a grid worker records patrols"), 403)
    if existing := Patrol.objects.filter(worker=staff, idempotency_key=idempotency_key).first():
        return existing, False
    if len(track) < 2 or len(track) > MAX_POINTS:
        raise PatrolError(_("a patrol needs between 2 and %(n)d GPS points") % {"n": MAX_POINTS})
    times = [p[2] for p in track]
    if times != sorted(times):
        raise PatrolError(_("the track's points must be in time order"))
    length = sum(metres_between(a[0], a[1], b[0], b[1]) for a, b in zip(track, track[1:], strict=False))
    grid = staff.area.shape
    inside = sum(bool(shapely.intersects_xy(grid, p[0], p[1])) for p in track) / len(track)
    try:
        with transaction.atomic():
            patrol = Patrol.objects.create(
                worker=staff, area=staff.area, track=track, points=len(track), length_m=round(length, 1),
                inside_share=round(inside, 3), note=note, idempotency_key=idempotency_key,
                started_at=datetime.fromtimestamp(times[0], UTC), ended_at=datetime.fromtimestamp(times[-1], UTC))
            record_event(user, "record_patrol", patrol, {"points": len(track), "length_m": patrol.length_m})
    except IntegrityError:
        return Patrol.objects.get(worker=staff, idempotency_key=idempotency_key), False
    return patrol, True
