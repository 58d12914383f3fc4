"""Petition writes, on the case engine: registration (linking repeats and flagging them for the leader), handing to
the counters of the departments stationed in the centre (several for a joint reception), tour visits."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import takewhile
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
    visible,
)
from gridgov.cases.models import Case, Channel, Kind, Party
from gridgov.cases.notices import notify_case, say
from gridgov.cases.routing import nearest_centre
from gridgov.geo.locator import get_locator
from gridgov.geo.models import Area
from gridgov.org.models import Role, Unit
from gridgov.types import FIRST_DAY, LAST_DAY

from .models import Petition, TourVisit

CHANNEL_OF = {"visit": Channel.PETITION_WINDOW, "letter": Channel.PETITION_WINDOW, "phone": Channel.HOTLINE,
              "online": Channel.PUBLIC_WEB, "mailbox": Channel.HIGHER_LEVEL}
SAME_MATTER_DAYS = 365  # the same matter: the same category at the same grid within a year
REPEAT_REASONS = (gettext_noop("same petitioner"), gettext_noop("same matter"))  # stored as is, shown translated


def earlier_petition(petitioners: list[dict[str, str]], category_id: int, area_code: str,
                     now: Any) -> tuple[Case | None, str]:
    """The first petition this one repeats (by the same person, or about the same matter), and why."""
    ids = [p["id_number"] for p in petitioners if p.get("id_number")]
    phones = [p["phone"] for p in petitioners if p.get("phone")]
    petitions = Case.objects.filter(kind=Kind.PETITION, created_at__lt=now)
    if ids or phones:
        same_person = petitions.filter(Q(parties__id_number__in=ids) | Q(parties__phone__in=phones)).distinct()
        if (first := same_person.order_by("created_at").first()) is not None:
            return root(first), "same petitioner"
    since = now - timedelta(days=SAME_MATTER_DAYS)
    same_matter = petitions.filter(category_id=category_id, area_code=area_code, created_at__gte=since)
    if (first := same_matter.order_by("created_at").first()) is not None:
        return root(first), "same matter"
    return None, ""


def root(case: Case) -> Case:
    """Repeats point at the first petition of the matter, not at each other."""
    p = Petition.objects.filter(case=case).select_related("repeat_of").first()
    return p.repeat_of if p is not None and p.repeat_of is not None else case


def record_petition(user: Any, *, category: str, request: str, lon: float, lat: float, channel: str,
                    petitioners: list[dict[str, str]], people: int = 1, departments: list[int] | None = None,
                    tour_visit: int | None = None, idempotency_key: str | None = None, now: Any = None,
                    confirm_location: bool = True) -> Reported:
    """A new petition (``created`` False: the idempotency key was used before, the first one is returned)."""
    check_intake(user, Kind.PETITION, CHANNEL_OF.get(channel, ""))
    now = now or timezone.now()
    cat = category_by_code(category)
    if cat is None or not cat.code.startswith("15"):
        raise ActionError(_("a petition is filed under a letters-and-visits category (15xx)"))
    if not any(p.get("name") for p in petitioners):
        raise ActionError(_("name at least one petitioner"))
    visit = TourVisit.objects.visible_to(user).filter(pk=tour_visit).first() if tour_visit else None
    if tour_visit and visit is None:
        raise ActionError(_("no such tour visit in your jurisdiction"))
    where = get_locator().locate(lon, lat)
    first, why = earlier_petition(petitioners, cat.pk, where.path[-1].code if where.inside else "", now)
    data: dict[str, Any] = {"petition_channel": channel, "people": people}
    if first is not None:  # on the report entry itself, so the KPIs count it; no number (the first may be elsewhere)
        data.update(repeat=True, repeat_reason=why)
    with transaction.atomic():
        located = report_case(user, category=cat, description=request, lon=lon, lat=lat, channel=CHANNEL_OF[channel],
                              idempotency_key=idempotency_key, kind=Kind.PETITION, now=now, data=data,
                              confirm_location=confirm_location)
        case = located.case
        if not located.created:
            return located
        petition = Petition.objects.create(case=case, channel=channel, people=max(1, people), repeat_of=first,
                                           repeat_reason=why, tour_visit=visit)
        petition.departments.set(Unit.objects.visible_to(user).filter(pk__in=departments or []))
        Party.objects.bulk_create([Party(case=case, kind="person", role=_("petitioner"), name=p["name"],
                                         id_number=p.get("id_number", ""), phone=p.get("phone", ""))
                                   for p in petitioners if p.get("name")])
        if first is not None:  # flagged for the leader: solve the matter once rather than receive it many times
            notify_case(case, "repeat", say("repeat", case, first=first.number),
                        unit=centre_over(case, first) or case.owner_unit, at=now)
    return located


def centre_over(case: Case, first: Case) -> Unit | None:
    """The lowest centre whose area holds both petitions: the one whose leaders may see the two numbers together."""
    pairs = zip(case.area_path, first.area_path, strict=False)  # paths may differ in length
    common = [a for a, _b in takewhile(lambda pair: pair[0]["code"] == pair[1]["code"], pairs)]
    return nearest_centre(common) if common else None


def repeat_answer(user: Any, petition: Petition | None) -> dict[str, Any]:
    """What ``user`` is told about the petition this one repeats: its number and link when they may see it, else
    only that it repeats a petition outside their jurisdiction. The link itself is kept for the leaders over both."""
    first = petition.repeat_of if petition is not None else None
    if first is None:
        return {"repeat": False, "repeat_of": None, "repeat_of_id": None, "repeat_note": ""}
    reason = _(petition.repeat_reason) if petition.repeat_reason else _("repeat")
    if visible(user, first):
        return {"repeat": True, "repeat_of": first.number, "repeat_of_id": first.pk,
                "repeat_note": _("a repeat of %(number)s (%(reason)s)") % {"number": first.number, "reason": reason}}
    return {"repeat": True, "repeat_of": None, "repeat_of_id": None,
            "repeat_note": _("a repeat of a petition outside your jurisdiction (%(reason)s)") % {"reason": reason}}


def hand_to_counters(user: Any, case_id: int, lead: int, others: list[int] | None = None, note: str = "",
                     now: Any = None) -> Case:
    """Hand the petition to the counter of the lead department; others join for a joint reception."""
    return take_action(user, case_id, "dispatch", note=note, fields={"unit": lead, "also": others or []}, now=now)


def schedule_tour_visit(user: Any, *, area_code: str, day: date, place: str, note: str = "") -> TourVisit:
    staff = staff_of(user)
    if staff is None or staff.role not in (Role.LEADER, Role.ADMINISTRATOR):
        raise Forbidden(_("tour visits are scheduled by leaders"))
    area = Area.objects.visible_to(user).filter(code=area_code).first()
    if area is None:
        raise ActionError(_("no such area in your jurisdiction"))
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ActionError(_("the date must lie between 2000 and 2099"))
    if len(place) > 200 or len(note) > 500:
        raise ActionError(_("the place is at most 200 characters and the note at most 500"))
    with transaction.atomic():
        visit = TourVisit.objects.create(leader=staff, area=area, day=day, place=place, note=note)
        record_event(user, "schedule_tour_visit", visit, {"area": area.code, "day": day.isoformat()})
    return visit
