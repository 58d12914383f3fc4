"""What every page's template may use: the basemap setting, the top area of the user's jurisdiction and whether
the dashboard is theirs to open."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def top_area(user: Any) -> Any:
    from gridgov.geo.models import Area

    return Area.objects.visible_to(user).order_by("level", "code").only("code", "name", "level").first()


def sees_dashboard(user: Any) -> bool:
    """Whether the header links the dashboard: the roles that may read an area's figures (not a department)."""
    from gridgov.cases.models import sees_area_figures

    return bool(getattr(user, "is_authenticated", False)) and sees_area_figures(user)


def site(request: HttpRequest) -> dict[str, Any]:
    return {"tile_url": settings.GRIDGOV_TILE_URL, "tile_attribution": settings.GRIDGOV_TILE_ATTRIBUTION,
            "top_area": SimpleLazyObject(lambda: top_area(request.user)),
            "sees_dashboard": SimpleLazyObject(lambda: sees_dashboard(request.user)),
            "active_emergencies": SimpleLazyObject(lambda: _emergencies(request.user))}


def _emergencies(user: Any) -> list[Any]:
    from gridgov.emergencies.hooks import active_for

    return active_for(user)
