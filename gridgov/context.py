"""What every page's template may use: the basemap setting and the top area of the user's jurisdiction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def top_area(user: Any) -> Any:
    from gridgov.geo.models import Area

    return Area.objects.visible_to(user).order_by("level", "code").only("code", "name", "level").first()


def site(request: HttpRequest) -> dict[str, Any]:
    return {"tile_url": settings.GRIDGOV_TILE_URL, "tile_attribution": settings.GRIDGOV_TILE_ATTRIBUTION,
            "top_area": SimpleLazyObject(lambda: top_area(request.user)),
            "active_emergencies": SimpleLazyObject(lambda: _emergencies(request.user))}


def _emergencies(user: Any) -> list[Any]:
    from gridgov.emergencies.hooks import active_for

    return active_for(user)
