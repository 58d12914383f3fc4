"""The police app's reactions to case actions (``cases.hooks``), inside the action's transaction:

* a public-security clue, once registered and routed, is made known to its village's liaison officers;
* a case handed over from 110 reports back to its police station when it closes: the incident number and outcome.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gridgov.cases import hooks
from gridgov.cases.notices import notify_case
from gridgov.notify.models import Kind

from .linkage import PUBLIC_SECURITY_CLASS, village_code
from .models import Liaison, Transfer110

OUTCOME_CHARS = 200


def on_action(action: str, ctx: Any) -> None:
    case = ctx.case
    if action == "register" and case.category.code.startswith(PUBLIC_SECURITY_CLASS):
        village = village_code(case.area_path)
        routed = case.routed_unit.name if case.routed_unit_id else "-"
        for liaison in Liaison.objects.filter(village__code=village, auxiliary=False).select_related("staff__user"):
            notify_case(case, Kind.POLICE, f"{case.number}: public-security clue routed to {routed}",
                        user=liaison.staff.user, at=ctx.now)
    elif action == "close":
        transfer = Transfer110.objects.filter(case_id=case.pk, reported_back_at__isnull=True) \
            .select_related("station").first()
        if transfer is not None:
            outcome = (ctx.note or last_feedback(case) or "closed")[:OUTCOME_CHARS]
            notify_case(case, Kind.POLICE, f"110 {transfer.incident_number}: {case.number} closed. {outcome}",
                        unit=transfer.station, at=ctx.now)
            transfer.reported_back_at = ctx.now or timezone.now()
            transfer.save(update_fields=["reported_back_at"])


def last_feedback(case: Any) -> str:
    from gridgov.cases.models import TimelineEntry

    entry = TimelineEntry.objects.filter(case_id=case.pk, action="submit_feedback").order_by("-at", "-id").first()
    return entry.note if entry else ""


hooks.register(on_action)
