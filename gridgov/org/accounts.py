"""Changes to logins and staff records, wherever they are made (back office, API, commands): each is audited with
the values before and after, and the holder's API tokens are revoked when the password changes or the login or
staff record is deactivated. Model signals, so no path can skip them; bulk writes (the demo builder) send none."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db.models.signals import post_delete, post_save, pre_save

from gridgov.audit.actions import record_event
from gridgov.audit.context import current_actor

from . import tokens
from .models import Staff

USER_FIELDS = ("is_active", "is_staff", "is_superuser")  # the login's privileges
STAFF_FIELDS = ("role", "active", "area_id", "unit_id")  # what the person may do and see


def _remember(sender: Any, instance: Any, update_fields: Any, names: tuple[str, ...]) -> None:
    """Keeps the stored values of ``names`` on the instance for the post_save receiver (one query, skipped for
    saves that touch none of them, such as the last-login update)."""
    instance._gridgov_before = None
    if instance._state.adding or instance.pk is None:
        return
    watched = set(names) | {n.removesuffix("_id") for n in names}
    if update_fields is not None and not set(update_fields) & watched:
        return
    instance._gridgov_before = sender._default_manager.filter(pk=instance.pk).values(*names).first()


def _changes(before: dict[str, Any] | None, instance: Any, names: tuple[str, ...]) -> dict[str, list[Any]]:
    return {n: [before.get(n) if before else None, getattr(instance, n)] for n in names
            if before is None or before.get(n) != getattr(instance, n)}


def user_before(sender: Any, instance: Any, update_fields: Any = None, **kw: Any) -> None:
    _remember(sender, instance, update_fields, (*USER_FIELDS, "password"))
    instance._gridgov_update_fields = update_fields


def user_after(sender: Any, instance: Any, created: bool, **kw: Any) -> None:
    actor = current_actor()
    before = getattr(instance, "_gridgov_before", None)
    if created:
        record_event(actor, "account.create", instance, _changes(None, instance, USER_FIELDS))
        return
    if before is None:
        return
    if changes := _changes(before, instance, USER_FIELDS):
        record_event(actor, "account.role_change", instance, changes)
    if before["password"] != instance.password and not _rehashed(instance, before["password"]):
        record_event(actor, "password.change", instance, {"by": actor.get_username() if actor else "system"})
        tokens.revoke_all(instance, actor, "password_change")
    elif before["is_active"] and not instance.is_active:
        tokens.revoke_all(instance, actor, "login_deactivated")


def _rehashed(user: Any, old_hash: str) -> bool:
    """True when Django only re-hashed the same password at login (a newer hasher or parameters): it saves the
    password field alone; a change of password saves the whole user."""
    raw = getattr(user, "_password", None)
    fields = getattr(user, "_gridgov_update_fields", None)
    return fields is not None and set(fields) == {"password"} and raw is not None and check_password(raw, old_hash)


def user_deleted(sender: Any, instance: Any, **kw: Any) -> None:
    record_event(current_actor(), "account.delete", instance, {f: [getattr(instance, f), None] for f in USER_FIELDS})


def staff_before(sender: Any, instance: Any, update_fields: Any = None, **kw: Any) -> None:
    _remember(sender, instance, update_fields, STAFF_FIELDS)


def staff_after(sender: Any, instance: Any, created: bool, **kw: Any) -> None:
    before = getattr(instance, "_gridgov_before", None)
    if not created and before is None:
        return
    actor = current_actor()
    if changes := _changes(before, instance, STAFF_FIELDS):
        record_event(actor, "account.role_change", instance, changes)
    if before is not None and before["active"] and not instance.active:
        tokens.revoke_all(instance.user_id, actor, "staff_deactivated")


def connect() -> None:
    User = get_user_model()
    pre_save.connect(user_before, sender=User, dispatch_uid="gridgov-user-before")
    post_save.connect(user_after, sender=User, dispatch_uid="gridgov-user-after")
    post_delete.connect(user_deleted, sender=User, dispatch_uid="gridgov-user-deleted")
    pre_save.connect(staff_before, sender=Staff, dispatch_uid="gridgov-staff-before")
    post_save.connect(staff_after, sender=Staff, dispatch_uid="gridgov-staff-after")
