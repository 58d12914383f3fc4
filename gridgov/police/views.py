"""The police-grid linkage pages: the stations one may see, and a station's linkage page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .coverage import CoverageError, coverage
from .linkage import linkage, may_view, visible_stations
from .models import PolicePost, PostKind
from .panels import station_panels


@login_required
def stations(request: HttpRequest) -> HttpResponse:
    return render(request, "police/stations.html", {"stations": visible_stations(request.user)})


@login_required
def station(request: HttpRequest, pk: int) -> HttpResponse:
    post = PolicePost.objects.visible_to(request.user).filter(pk=pk, kind=PostKind.STATION) \
        .select_related("unit__area").first()
    if post is None or not may_view(request.user, post):
        raise Http404(_("no such police station in your jurisdiction"))
    try:
        reach = coverage(post.unit.area.code)
    except CoverageError:
        reach = None
    data = linkage(post, reach)
    township = next((a for a in reach["areas"] if a["code"] == post.unit.area.code), None) if reach else None
    return render(request, "police/station.html", {
        "d": data, "post": post, "township": township, "reach": reach, "panels": station_panels(request, post)})
