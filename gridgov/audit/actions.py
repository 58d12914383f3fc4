"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Field values of a model instance as JSON-friendly strings (binary fields summarised)."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, bytes | memoryview):
            value = f"<{len(bytes(value))} bytes>"
        elif value is not None and not isinstance(value, bool | int | float | str):
            value = str(value)
        out[field.name] = value
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record_event(actor: Any, verb: str, obj: models.Model, changes: dict[str, Any] | None = None) -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        verb=verb,
        object_type=obj._meta.label,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:200],
        changes=changes or {},
    )
