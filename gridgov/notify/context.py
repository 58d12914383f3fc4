"""The bell on every staff page: the reader's unread count, counted only when a page shows the bell."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _staff_reader(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    staff = getattr(user, "staff", None)  # None when the login has no staff record
    return user.is_superuser or (staff is not None and staff.active)


def bell(request: HttpRequest) -> dict[str, Any]:
    from .actions import unread

    user = request.user
    return {"bell_shown": SimpleLazyObject(lambda: _staff_reader(user)),
            "bell_count": lambda: unread(user).count()}  # a template calls it where the bell is drawn
