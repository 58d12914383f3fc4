"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from gridgov.partitions import county_of

from .context import client_ip, current_request
from .models import AuditEvent

# Never written to the log, whatever the event: a password (or its hash), a token's digest, a session key.
SECRET_FIELDS = frozenset({"password", "digest", "session_key", "secret", "token"})
HIDDEN = "***"


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Field values of a model instance as JSON-friendly strings (binary fields summarised, secrets hidden)."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.name in SECRET_FIELDS:
            value = HIDDEN
        elif isinstance(value, bytes | memoryview):
            value = f"<{len(bytes(value))} bytes>"
        elif value is not None and not isinstance(value, bool | int | float | str):
            value = str(value)
        out[field.name] = value
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def scrub(value: Any) -> Any:
    """``value`` with every secret-looking key's value replaced (in nested dicts and lists too)."""
    if isinstance(value, dict):
        return {k: HIDDEN if str(k).lower() in SECRET_FIELDS or "password" in str(k).lower() else scrub(v)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def record_event(actor: Any, verb: str, obj: models.Model | None = None, changes: dict[str, Any] | None = None, *,
                 object_type: str = "", object_id: str = "", object_repr: str = "", actor_name: str = "",
                 request: HttpRequest | None = None) -> AuditEvent:
    """Writes one event: who (``actor``, or ``actor_name`` for a name tried at a failed login), what (``verb`` on
    ``obj`` or the given type/id/repr), the values before and after (``changes``; secrets never kept) and from
    where (the address of ``request``, by default the request being served)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    request = request if request is not None else current_request()
    if obj is not None:
        object_type, object_id, object_repr = obj._meta.label, str(obj.pk or ""), str(obj)
    return AuditEvent.objects.create(
        actor=user,
        actor_name=(user.get_username() if user is not None else actor_name)[:150],
        ip_address=client_ip(request),
        verb=verb,
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_repr=object_repr[:200],
        changes=scrub(changes or {}),
        county=county_of(getattr(obj, "county", "") or getattr(obj, "area_code", "")),
    )
