"""Dispute writes: each is a case action (so the timeline stays the one history and the KPIs stay exact) plus, where
the kind needs it, its detail rows, in one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridgov.audit.actions import record_event
from gridgov.cases.actions import (
    ActionError,
    Forbidden,
    Reported,
    category_by_code,
    check_intake,
    report_case,
    staff_of,
    take_action,
)
from gridgov.cases.models import Case, Channel, Kind, Party
from gridgov.org.models import Role

from .models import CATEGORY_OF, Dispute, Screening

CHANNEL_OF = {"screening": Channel.GRID_APP, "walk_in": Channel.PETITION_WINDOW, "petition": Channel.PETITION_WINDOW,
              "police": Channel.HIGHER_LEVEL, "court": Channel.HIGHER_LEVEL}


def record_dispute(user: Any, *, dispute_type: str, found_by: str, description: str, lon: float, lat: float,
                   parties: list[dict[str, str]], amount: Decimal | None = None, people_involved: int = 2,
                   risk: str = "low", crs: str = "wgs84", urgency: str = "normal",
                   idempotency_key: str | None = None, now: Any = None, confirm_location: bool = True) -> Reported:
    """A new dispute: the case (kind ``dispute``, filed under its type's category), its details and parties;
    ``created`` is False when the idempotency key was used before (the first dispute is returned)."""
    check_intake(user, Kind.DISPUTE, CHANNEL_OF.get(found_by, ""))
    category = category_by_code(CATEGORY_OF[dispute_type])
    if category is None:
        raise ActionError(_("the catalogue has no category %(code)s: run gridgov import-categories") % {
            "code": CATEGORY_OF[dispute_type]})
    if len([p for p in parties if p.get("name")]) < 1:
        raise ActionError(_("name at least one party"))
    with transaction.atomic():
        r = report_case(user, category=category, description=description, lon=lon, lat=lat, crs=crs,
                        channel=CHANNEL_OF[found_by], urgency=urgency, idempotency_key=idempotency_key,
                        kind=Kind.DISPUTE, now=now, data={"dispute_type": dispute_type, "found_by": found_by},
                        confirm_location=confirm_location)
        if not r.created:
            return r
        Dispute.objects.create(case=r.case, dispute_type=dispute_type, found_by=found_by, amount=amount,
                               people_involved=people_involved, risk=risk)
        Party.objects.bulk_create([Party(case=r.case, kind=p.get("kind") or "person", role=p.get("role", ""),
                                         name=p["name"], id_number=p.get("id_number", ""), phone=p.get("phone", ""))
                                   for p in parties if p.get("name")])
    return r


def record_session(user: Any, case_id: int, *, held_on: date, participants: str, notes: str,
                   now: Any = None) -> Case:
    return take_action(user, case_id, "record_session", note=notes,
                       fields={"held_on": held_on.isoformat(), "participants": participants}, now=now)


def record_outcome(user: Any, case_id: int, *, outcome: str, notes: str, now: Any = None) -> Case:
    """The mediation's result: an agreement (its terms in the notes), a partial agreement, or a failure."""
    return take_action(user, case_id, "submit_feedback", note=notes, fields={"outcome": outcome}, now=now)


def refer_dispute(user: Any, case_id: int, *, stage: str, notes: str, unit: int | None = None,
                  now: Any = None) -> Case:
    return take_action(user, case_id, "refer", note=notes, fields={"stage": stage, "unit": unit}, now=now)


def record_follow_up(user: Any, case_id: int, *, held: bool, notes: str, now: Any = None) -> Case:
    return take_action(user, case_id, "follow_up", note=notes, fields={"held": held}, now=now)


def record_screening(user: Any, *, found: bool, note: str = "", day: date | None = None,
                     case: Case | None = None) -> tuple[Screening, bool]:
    """A grid worker's screening of their own grid for the day (once a day; a second call returns the first)."""
    staff = staff_of(user)
    if staff is None or staff.role != Role.GRID_WORKER:
        raise Forbidden(_("only a grid worker records a dispute screening of their grid"))
    day = day or timezone.localdate()
    try:
        with transaction.atomic():
            s = Screening.objects.create(area=staff.area, worker=staff, day=day, found=found, note=note[:500],
                                         case=case)
            record_event(user, "record_screening", s, {"found": found})
    except IntegrityError:
        return Screening.objects.get(area=staff.area, worker=staff, day=day), False
    return s, True
