"""Extension point of the station's linkage page: other apps (the camera registry, the alarms) register a panel, a
function returning the template and context of their section (its cameras, its recent alarms). The page shows
every registered panel in the order registered, so this app never imports theirs. The integrator registers the
cameras and alarms panels here (e.g. from the linkage app's ``AppConfig.ready``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

StationPanel = Callable[[Any, Any], tuple[str, dict[str, Any]] | None]  # (request, PolicePost) -> (template, ctx)
_panels: dict[str, StationPanel] = {}


def register_station_panel(key: str, panel: StationPanel) -> None:
    _panels[key] = panel


def station_panels(request: Any, station: Any) -> list[tuple[str, dict[str, Any]]]:
    return [shown for panel in _panels.values() if (shown := panel(request, station)) is not None]
