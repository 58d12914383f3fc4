"""The demo's volunteers: one "Yi police" team of the first town, led by its police station, with some dozens of
members, 90 days of evening patrols and a few other activities with approved hours, their points, a call for the
latest patrol, public points for two residents and one redemption. Bulk writes: well under a second."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from gridgov.geo.models import Area
from gridgov.org.models import Department, Unit

from .models import (
    Activity,
    ActivityKind,
    Attendance,
    AttendanceStatus,
    Call,
    CallAnswer,
    EntryKind,
    LedgerEntry,
    Member,
    MemberKind,
    PointRules,
    Service,
    Team,
)

SH = ZoneInfo("Asia/Shanghai")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华"
SKILLS = ["巡逻", "调解", "急救", "驾驶", "摄影", "法律", "心理疏导"]
SERVICES = [("理发一次", "20"), ("家电维修一次", "40"), ("居家保洁两小时", "60"), ("体检套餐", "100")]
DAYS, MEMBERS, PER_PATROL = 90, 40, 10


def build_volunteers(seed: int = 1, now: datetime | None = None) -> dict[str, int]:
    """Builds the demo's team in the first town that has a police station; returns counts of what it made."""
    rng = random.Random(seed)
    police = (Unit.objects.filter(department=Department.PUBLIC_SECURITY, area__level=2).select_related("area")
              .order_by("area__code").first())
    if police is None:
        return {}
    town = police.area
    villages = list(Area.objects.filter(parent=town).order_by("code")[:6]) or [town]
    now = now or timezone.now()
    today = now.astimezone(SH).date()
    rules = PointRules.current()
    with transaction.atomic():
        team = Team.objects.create(name=f"{town.name}义警队", unit=police, area=town)
        members = Member.objects.bulk_create([Member(
            team=team, area=rng.choice(villages), name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
            phone=f"13{rng.randrange(10**9):09d}", skills="，".join(rng.sample(SKILLS, 2)),
            availability=rng.choice(["工作日晚上", "周末", "全天"])) for _ in range(MEMBERS)])
        residents = Member.objects.bulk_create([Member(
            kind=MemberKind.RESIDENT, area=villages[0], name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            phone=f"15{rng.randrange(10**9):09d}") for _ in range(2)])
        activities = []
        for d in range(DAYS, 0, -1):
            day = today - timedelta(days=d)
            kind, title, start, length = ActivityKind.PATROL, "夜间巡逻", time(19), 2
            if d % 15 == 0:
                kind, title, start, length = ActivityKind.MEDIATION, "协助调解邻里纠纷", time(9), 3
            elif d % 20 == 7:
                kind, title, start, length = ActivityKind.STEWARDING, "集市秩序维护", time(8), 4
            starts = datetime.combine(day, start, SH)
            activities.append(Activity(team=team, kind=kind, title=title, area=villages[d % len(villages)],
                                       starts_at=starts, ends_at=starts + timedelta(hours=length),
                                       cap_hours=rules.default_cap_hours))
        tonight = datetime.combine(today, time(19), SH)
        activities.append(Activity(team=team, kind=ActivityKind.PATROL, title="夜间巡逻", area=villages[0],
                                   starts_at=tonight, ends_at=tonight + timedelta(hours=2),
                                   cap_hours=rules.default_cap_hours))
        activities = Activity.objects.bulk_create(activities)
        attendances = []
        for a in activities[:-1]:
            for m in [members[0], *rng.sample(members[1:], PER_PATROL - 1)]:
                late = timedelta(minutes=rng.choice([0, 0, 10, 35]))
                signed_in = a.starts_at + late
                hours = min(a.cap_hours, Decimal(int((a.ends_at - signed_in).total_seconds() // 1800)) / 2)
                attendances.append(Attendance(
                    activity=a, member=m, status=AttendanceStatus.APPROVED, signed_in_at=signed_in,
                    in_area_code=a.area.code, signed_out_at=a.ends_at, out_area_code=a.area.code, hours=hours,
                    decided_at=a.ends_at + timedelta(hours=12)))
        attendances = Attendance.objects.bulk_create(attendances)
        balances: dict[int, Decimal] = {}
        entries = []
        for t in attendances:
            held = balances.get(t.member_id, Decimal(0))
            earned = max(Decimal(0), min(t.hours * rules.points_per_hour, rules.balance_cap - held))
            balances[t.member_id] = held + earned
            entries.append(LedgerEntry(member_id=t.member_id, at=t.decided_at, kind=EntryKind.HOURS, points=earned,
                                       balance=balances[t.member_id], reason=f"{t.activity.title} · {t.hours} h",
                                       attendance=t))
        for i, r in enumerate(residents):
            entries.append(LedgerEntry(member=r, at=now - timedelta(days=10 - i), kind=EntryKind.CIVIC,
                                       points=Decimal(5), balance=Decimal(5), reason="上报路灯损坏，已修复"))
        services = Service.objects.bulk_create([Service(name=n, points=Decimal(p)) for n, p in SERVICES])
        veteran = members[0]
        if balances[veteran.pk] >= max(rules.redemption_threshold, services[-1].points):
            balances[veteran.pk] -= services[-1].points
            entries.append(LedgerEntry(member=veteran, at=now - timedelta(days=1), kind=EntryKind.REDEMPTION,
                                       points=-services[-1].points, balance=balances[veteran.pk],
                                       reason=services[-1].name, service=services[-1]))
        LedgerEntry.objects.bulk_create(entries)
        called = members[:15]
        Call.objects.bulk_create([Call(activity=activities[-1], member=m, called_at=now - timedelta(hours=3),
                                       answer=CallAnswer.YES if i < 10 else CallAnswer.NO if i < 12 else "",
                                       answered_at=now - timedelta(hours=2) if i < 12 else None)
                                  for i, m in enumerate(called)])
    return {"members": len(members), "activities": len(activities), "attendances": len(attendances),
            "ledger": len(entries)}


def volunteer_login(seed: int = 1) -> dict[str, str] | None:
    """A login for the demo team's longest-serving member, so the volunteer's phone page (sign-in and sign-out at
    tonight's patrol) can be tried: a random password that passes the site's rules, listed with the other demo
    logins."""
    import string

    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    member = Member.objects.filter(kind=MemberKind.VOLUNTEER, user__isnull=True).order_by("team_id", "id") \
        .select_related("area").first()
    if member is None:
        return None
    rng = random.Random(seed + 7)
    alphabet = string.ascii_letters + string.digits
    password = "".join(rng.choice(alphabet) for _ in range(14))
    validate_password(password)
    user = get_user_model().objects.create_user(username=f"volunteer-{member.team_id}-{member.pk}", password=password)
    member.user = user
    member.save(update_fields=["user"])
    return {"role": "volunteer", "username": user.username, "password": password, "area_code": member.area.code}
