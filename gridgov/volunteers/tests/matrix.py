"""The volunteers' part of the access matrix (cases/tests/test_access_matrix.py): a team, member, activity, signed-out
attendance and call in the actors' town ("in", led by the town's police station) and in the other town ("out")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from gridgov.cases.tests.conftest import LEAF, at


def volunteer_places(town: Any) -> dict[str, dict[str, int]]:
    from gridgov.volunteers.models import Activity, Attendance, Call, Member, Service, Team

    a, u = town.areas, town.units
    service = Service.objects.create(name="理发一次", points=Decimal("20"))
    out = {}
    start = at(2026, 11, 23, 9, 0)
    for side, town_code, leaf, unit in (("in", "110101001", LEAF, u.police),
                                        ("out", "110101101", "110101101201001001", u.town2)):
        team = Team.objects.create(name=f"义警队{side}", unit=unit, area=a[town_code])
        member = Member.objects.create(team=team, area=a[leaf], name="王小明", phone="13812345678")
        activity = Activity.objects.create(team=team, kind="patrol", title="巡逻", area=a[leaf], starts_at=start,
                                           ends_at=start + timedelta(hours=2), cap_hours=Decimal("2"))
        attendance = Attendance.objects.create(activity=activity, member=member, status="signed_out",
                                               signed_in_at=start, signed_out_at=start + timedelta(hours=1),
                                               hours=Decimal("1"))
        call = Call.objects.create(activity=activity, member=member, called_at=start)
        out[side] = {"vteam": team.pk, "vmember": member.pk, "vactivity": activity.pk, "vattendance": attendance.pk,
                     "vcall": call.pk, "vservice": service.pk, "vtown": town_code}
    return out
