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
