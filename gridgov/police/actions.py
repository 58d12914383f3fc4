"""Every write of the police app: a case handed over from 110 (the report and its transfer record in one
transaction). The liaison's information and the report back to the station are case-action hooks (``hooks``)."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gridgov.audit.actions import record_event
from gridgov.cases.actions import ActionError, Forbidden, Reported, report_case, staff_of
from gridgov.cases.models import Case, Category, Channel
from gridgov.cases.rules import DESK
from gridgov.org.models import Role, Unit

from .linkage import station_for

INCIDENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{5,31}$")  # e.g. J4116032026112300123


def record_transfer(user: Any, *, incident_number: str, category: Category, description: str, lon: float,
                    lat: float, crs: str = "wgs84", urgency: str = "normal", citizen_name: str = "",
                    citizen_phone: str = "", confirm_location: bool = False, now: Any = None) -> tuple[Reported, Unit]:
    """A non-police matter handed over from 110: a case on the ``110 transfer`` channel that remembers the police
    incident number and the township police station it came from, which hears back when the case closes."""
    staff = staff_of(user)
    if not getattr(user, "is_superuser", False) and (
            staff is None or (staff.role != Role.ADMINISTRATOR and staff.role not in DESK)):
        raise Forbidden(_("only the desk (intake operators and dispatchers) takes matters handed over from 110"))
    if not INCIDENT_NUMBER.match(incident_number or ""):
        raise ActionError(_("the police incident number is 6 to 32 letters, digits or hyphens"))
    from .models import Transfer110

    with transaction.atomic():
        # the same incident handed over again (a double submit, a second call from 110) is the case already made
        again = (Transfer110.objects.select_for_update().filter(incident_number=incident_number,
                                                                case__in=Case.objects.visible_to(user))
                 .select_related("case", "station").first())
        if again is not None:
            return Reported(case=again.case, created=False, duplicates=[]), again.station
        reported = report_case(user, category=category, description=description, lon=lon, lat=lat, crs=crs,
                               channel=Channel.POLICE_110, urgency=urgency, citizen_name=citizen_name,
                               citizen_phone=citizen_phone, confirm_location=confirm_location, now=now)
        case = reported.case
        station = station_for(case.area_path)
        if station is None:
            raise ActionError(_("no police station serves this place: the transfer cannot report back"))
        Transfer110.objects.create(case=case, incident_number=incident_number, station=station)
        record_event(user, "police.transfer_110", case, {"incident_number": incident_number, "station": station.pk})
    return reported, station
