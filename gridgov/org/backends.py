"""Logins for the people of the grid: the password check of Django's ModelBackend, refusing inactive logins and
deactivated staff (at login and on every request of a session), and back-office permissions by role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .duties import permissions_for
from .models import Staff


def staff_active(user: Any) -> bool:
    """False for a login whose staff record is deactivated; logins without a staff record are judged by their own
    ``is_active`` alone (installers' superusers)."""
    try:
        return user.staff.active
    except Staff.DoesNotExist:
        return True


class StaffBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and staff_active(user)

    def get_user(self, user_id: Any) -> Any:
        """The session's user with their staff record and area (what every page asks next, in the same query), or
        None when the login or the staff record has been deactivated since: the session then ends."""
        try:
            user = (get_user_model()._default_manager.select_related("staff__area")
                    .defer("staff__area__geometry").get(pk=user_id))  # the boundary loads only when asked for
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        granted = super().get_all_permissions(user_obj, obj)
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return granted
        try:
            staff = user_obj.staff
        except Staff.DoesNotExist:
            return granted
        return (granted | permissions_for(staff.role)) if staff.active else granted
