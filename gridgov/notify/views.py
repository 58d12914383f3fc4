"""The reader's notifications as pages: the list (unread first; the desk's layout or the phone's), mark one or all
read, and open one (marked read, then its link). Only the reader's own inbox is ever read or changed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .actions import inbox, mark_all_read, mark_read, unread
from .models import Notification

PAGE_SIZE = 30
TEMPLATES = {"desk": "notify/list.html", "field": "field/notifications.html"}


def listing(request: HttpRequest, layout: str = "desk") -> HttpResponse:
    rows = inbox(request.user).order_by("is_read", "-at", "-id")  # unread first, then read; newest first in each
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, TEMPLATES[layout], {"page": page, "unread_count": unread(request.user).count(),
                                               "layout": layout})


@login_required
def desk_list(request: HttpRequest) -> HttpResponse:
    return listing(request, "desk")


@login_required
def field_list(request: HttpRequest) -> HttpResponse:
    return listing(request, "field")


def _own(request: HttpRequest, pk: int) -> Notification:
    """One of the reader's notifications; anyone else's is "not found", never "forbidden"."""
    found = inbox(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such notification")
    return found


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "notify:list"


@login_required
def open_one(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link from the list: it is read from now on."""
    n = _own(request, pk)
    mark_read(request.user, [n.pk])
    local = url_has_allowed_host_and_scheme(n.url, {request.get_host()}, require_https=request.is_secure())
    return redirect(n.url if local else "notify:list")


@login_required
@require_POST
def read_one(request: HttpRequest, pk: int) -> HttpResponse:
    mark_read(request.user, [_own(request, pk).pk])
    return redirect(_back(request))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    mark_all_read(request.user)
    return redirect(_back(request))
