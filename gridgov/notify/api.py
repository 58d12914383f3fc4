"""The reader's notifications over the API: the list (``unread=1``: only the unread) with the unread count, mark
one read, mark all read. Only the caller's own inbox: another person's id answers 404, as one that never existed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from gridgov.types import Id, Page

from .actions import inbox, mark_all_read, mark_read, unread
from .models import Notification

router = Router(tags=["notifications"])


class NotificationFilter(Schema):
    unread: bool = Field(False, description="only the unread ones")
    page: Page = 1
    page_size: int = Field(50, ge=1, le=200)


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    subject: str = Field(description="the case number or the object's name")
    message: str
    url: str = Field(description="the page of the case or object")
    at: datetime
    read: bool


class NotificationPage(Schema):
    count: int
    unread: int = Field(description="the caller's unread notifications, all pages")
    page: int
    page_size: int
    results: list[NotificationOut]


class ReadOut(Schema):
    marked: int = Field(description="how many were unread until now")
    unread: int


def _out(n: Notification) -> dict[str, Any]:
    return {"id": n.pk, "kind": n.kind, "kind_label": str(n.get_kind_display()), "subject": n.subject,
            "message": n.message, "url": n.url, "at": n.at, "read": n.is_read}


@router.get("", response=NotificationPage, summary="My notifications, unread first, newest first in each")
def list_notifications(request: HttpRequest, f: Query[NotificationFilter]) -> dict:
    qs = (unread(request.user) if f.unread else inbox(request.user)).order_by("is_read", "-at", "-id")
    start = (f.page - 1) * f.page_size
    return {"count": qs.count(), "unread": qs.count() if f.unread else unread(request.user).count(),
            "page": f.page, "page_size": f.page_size, "results": [_out(n) for n in qs[start: start + f.page_size]]}


@router.post("/read-all", response=ReadOut, summary="Mark all my notifications read")
def read_all(request: HttpRequest) -> dict:
    return {"marked": mark_all_read(request.user), "unread": unread(request.user).count()}


@router.post("/{int:notification_id}/read", response=ReadOut, summary="Mark one of my notifications read")
def read_one(request: HttpRequest, notification_id: Id) -> dict:
    if not inbox(request.user).filter(pk=notification_id).exists():
        raise HttpError(404, _("no such notification among yours"))
    return {"marked": mark_read(request.user, [notification_id]), "unread": unread(request.user).count()}
