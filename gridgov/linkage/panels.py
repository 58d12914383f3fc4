"""The case page's alarm panel: for a case opened by alarms, how many came, from which camera, and their pictures'
links (as text the browser may follow; the server never fetches them)."""

from __future__ import annotations

from typing import Any

from gridgov.cases.models import Channel

from .events import event_types
from .models import Alarm


def alarm_panel(request: Any, case: Any) -> tuple[str, dict[str, Any]] | None:
    if case.channel != Channel.ALARM:
        return None
    alarms = list(Alarm.objects.filter(case=case).select_related("camera").order_by("occurred_at", "id"))
    if not alarms:
        return None
    types = event_types()
    first = alarms[0]
    return "linkage/_alarm_panel.html", {
        "alarm_count": len(alarms), "alarm_first": first, "alarm_last": alarms[-1], "alarm_camera": first.camera,
        "alarm_event": types[first.event_type].label if first.event_type in types else first.event_type,
        "alarm_links": [a.snapshot_url for a in alarms if a.snapshot_url][-10:],
    }


STATION_ALARM_DAYS = 7
STATION_LIST_LIMIT = 50


def station_panel(request: Any, station: Any) -> tuple[str, dict[str, Any]] | None:
    """The station's linkage page: the cameras in the villages it and its rooms serve (its township when none is
    listed) and the alarms of the last week there, read through the reader's scope like every list."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from gridgov.geo.models import Area

    from .models import Camera

    served = Area.objects.filter(Q(police_posts=station) | Q(police_posts__station=station))
    codes = sorted(set(served.values_list("code", flat=True))) or [station.unit.area.code]
    where = Q()
    for code in codes:
        where |= Q(area_code__startswith=code)
    cameras = Camera.objects.visible_to(request.user).filter(where)
    since = timezone.now() - timedelta(days=STATION_ALARM_DAYS)
    alarms = Alarm.objects.filter(camera__in=cameras, received_at__gte=since).select_related("camera", "case")
    types = event_types()
    recent = list(alarms.order_by("-received_at", "-id")[:STATION_LIST_LIMIT])
    for a in recent:
        a.event_label = types[a.event_type].label if a.event_type in types else a.event_type
    return "linkage/_station_panel.html", {
        "camera_count": cameras.count(), "cameras": list(cameras.order_by("area_code", "name")[:STATION_LIST_LIMIT]),
        "alarm_count": alarms.count(), "alarms": recent, "alarm_days": STATION_ALARM_DAYS,
        "list_limit": STATION_LIST_LIMIT}
