"""A town's "Yi police" team led by the town's police station, with one volunteer who has a login, one without,
a resident, and a morning patrol in the grid worker's grid; a second team in the other town."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from gridgov.cases.tests.conftest import LEAF, at


@pytest.fixture
def vol(town, db):
    from django.contrib.auth import get_user_model

    from gridgov.volunteers.models import Activity, Member, MemberKind, PointRules, Service, Team

    a, u = town.areas, town.units
    rules = PointRules.current()
    team = Team.objects.create(name="测试镇义警队", unit=u.police, area=a["110101001"])
    far_team = Team.objects.create(name="东镇义警队", unit=u.town2, area=a["110101101"])
    login = get_user_model().objects.create_user(username="volunteer-1", password=None)
    member = Member.objects.create(team=team, area=a[LEAF], name="王小明", phone="13812345678", skills="巡逻，急救",
                                   user=login)
    other = Member.objects.create(team=team, area=a[LEAF], name="李四", phone="13900001111", skills="调解")
    resident = Member.objects.create(kind=MemberKind.RESIDENT, area=a[LEAF], name="赵六", phone="15000002222")
    far_member = Member.objects.create(team=far_team, area=a["110101101201001001"], name="钱七")
    start = at(2026, 11, 23, 9, 0)
    patrol = Activity.objects.create(team=team, kind="patrol", title="上午巡逻", area=a[LEAF], starts_at=start,
                                     ends_at=start + timedelta(hours=3), cap_hours=Decimal("2"))
    far_patrol = Activity.objects.create(team=far_team, kind="patrol", title="东镇巡逻",
                                         area=a["110101101201001001"], starts_at=start,
                                         ends_at=start + timedelta(hours=3), cap_hours=Decimal("2"))
    service = Service.objects.create(name="理发一次", points=Decimal("20"))
    return SimpleNamespace(rules=rules, team=team, far_team=far_team, login=login, member=member, other=other,
                           resident=resident, far_member=far_member, patrol=patrol, far_patrol=far_patrol,
                           service=service, start=start, leader=None)


@pytest.fixture
def station_officer(town, make_staff):
    """A police liaison of the town's police station: the team's leading unit."""
    return make_staff("police_liaison", "110101001201", "station-officer", unit=town.units.police)


@pytest.fixture(autouse=True)
def english():
    """These tests read the messages in English (the pages answer in the user's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
