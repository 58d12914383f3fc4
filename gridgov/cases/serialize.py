"""Cases as the API and pages show them: local times, masked personal data, the area path."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gridgov.org import directory
from gridgov.org.models import Unit, mask_name, mask_phone

from .models import Case, Status
from .store import history


def _unit(u: Unit | None) -> dict | None:
    return {"id": u.pk, "name": u.name} if u else None


def _local(dt: Any) -> Any:
    return timezone.localtime(dt) if dt else None


PRIVATE_DATA = frozenset({"source"})  # timeline details kept for the engine's own checks, never shown


def tracking_code_for(c: Case, reader: Any) -> str:
    """The tracking code lets its holder rate and reopen the case, so it is the citizen's: staff see it masked,
    except the one who recorded the case (to hand it to the citizen on the phone or at the window)."""
    mine = reader is not None and c.reporter_id is not None and c.reporter_id == getattr(reader, "pk", None)
    return c.tracking_code if mine else "*" * len(c.tracking_code)


def case_dict(c: Case, reader: Any = None) -> dict[str, Any]:
    """One query-free view of a case: units and category come from in-process caches, the path from the case. The
    tracking code shows in full only to its ``reader`` who reported the case (``tracking_code_for``)."""
    from .actions import category

    cat = category(c.category_id)
    return {
        "id": c.pk, "number": c.number, "kind": c.kind, "status": c.status, "status_label": str(Status(c.status).label),
        "category": cat.code, "category_name": cat.name, "urgency": c.urgency, "channel": c.channel,
        "description": c.description, "lon": c.lon, "lat": c.lat,
        "area_path": c.area_path,
        "owner_unit": _unit(directory.unit(c.owner_unit_id)),
        "handling_unit": _unit(directory.unit(c.handling_unit_id)),
        "routed_unit": _unit(directory.unit(c.routed_unit_id)),
        "deadlines": {"register_by": _local(c.register_due), "dispatch_by": _local(c.dispatch_due),
                      "handle_by": _local(c.handle_due), "check_by": _local(c.check_due)},
        "overdue": c.overdue, "escalations": c.escalations, "verified": c.verified, "self_handled": c.self_handled,
        "tracking_code": tracking_code_for(c, reader), "citizen_name": mask_name(c.citizen_name),
        "citizen_phone": mask_phone(c.citizen_phone) if c.citizen_phone else "",
        "merged_into": c.merged_into_id, "rating": c.rating, "created_at": _local(c.created_at),
        "closed_at": _local(c.closed_at),
    }


def attachment_dict(a: Any) -> dict[str, Any]:
    return {"id": a.pk, "content_type": a.content_type, "size": a.file.size if a.file else 0,
            "url": f"/api/v1/cases/{a.case_id}/attachments/{a.pk}"}


def timeline(c: Case) -> list[dict[str, Any]]:
    """The timeline as shown; an action hands the case back with ``history`` already read."""
    entries = getattr(c, "history", None) or history(c.pk)
    return [{"at": _local(e.at), "actor": e.actor_label, "action": e.action, "from_status": e.from_status,
             "to_status": e.to_status, "note": e.note,
             "data": {k: v for k, v in e.data.items() if k not in PRIVATE_DATA},
             "attachments": [attachment_dict(a) for a in e.files]}
            for e in entries]
