from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Area, Level


@login_required
def map_page(request: HttpRequest) -> HttpResponse:
    visible = Area.objects.visible_to(request.user)
    levels = list(Level.objects.filter(depth__in=visible.values("level")))
    top = visible.order_by("level", "code").only("code", "name", "level").first()
    return render(request, "geo/map.html", {
        "levels": levels,
        "top": top,
        "tile_url": settings.GRIDGOV_TILE_URL,
        "tile_attribution": settings.GRIDGOV_TILE_ATTRIBUTION,
    })
