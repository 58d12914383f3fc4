"""Simulate days of work on the demo district by calling the real actions, in time order.

A discrete-event simulation: every case has a plan (who reports it, whether it is solved on the spot, misrouted,
extended, late, reworked, how the citizen rates it); a heap of (time, step) drives it; at each step the case's
current status decides the next action and who takes it; the overdue/escalation scan runs every working evening.
Nothing is ever written as a final state: the timeline and the KPI rollups come from the actions alone.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.utils import timezone

from gridgov.cases.actions import ActionError, report_case, take_action
from gridgov.cases.models import Case, Category, Channel, Status
from gridgov.cases.rules import UNIT_ROLES
from gridgov.cases.scan import scan
from gridgov.cases.store import case_by_id
from gridgov.disputes.actions import record_dispute, record_screening
from gridgov.disputes.models import CATEGORY_OF
from gridgov.field.actions import record_patrol
from gridgov.geo.models import Area
from gridgov.org.models import Role, Staff
from gridgov.petitions.actions import record_petition, schedule_tour_visit

# category code: share of reports (common practice: city appearance and street order dominate)
MIX = {"0102": 18, "0103": 6, "0104": 7, "0108": 3, "0199": 3, "0201": 6, "0301": 3, "0302": 2, "0402": 1,
       "0404": 1, "0501": 6, "0503": 4, "0504": 4, "0506": 2, "1001": 6, "1002": 3, "1003": 2, "1004": 3,
       "1007": 1, "1101": 3, "1102": 1, "1103": 1, "1201": 1, "1301": 4, "1302": 2, "1303": 2, "1401": 5}
RATINGS = ([5, 4, 3, 2, 1], [0.70, 0.23, 0.04, 0.02, 0.01])
PETITION_CATEGORIES = ["1501", "1502", "1503", "1504", "1505", "1599"]
PETITIONS_PER_REPORT = 0.06  # petitions a day, as a share of the day's reports
EVENTS_PER_COMMIT = 200


@dataclass
class Plan:
    channel: str
    self_handle: bool
    misroute: bool
    extension: bool
    late: bool
    fail_check: bool
    rating: int | None
    returned: bool = False  # the misrouted dispatch has been made
    return_done: bool = False  # and answered with a return
    rated: bool = False
    kind: str = "event"
    dispute_type: str = ""
    session_done: bool = False  # disputes: a mediation session has been held
    fail_mediation: bool = False  # and it will fail, so the dispute is referred on
    referred: bool = False
    followed_up: bool = False
    first_visit: bool = False  # petitions: solved at the counter at the first visit


class Simulation:
    def __init__(self, days: int, per_day: float, seed: int, end: date | None = None) -> None:
        self.rng = np.random.default_rng(seed)
        self.days, self.per_day = days, per_day
        self.end = end or timezone.localdate()
        self.heap: list[tuple[datetime, int, int]] = []
        self.seq = itertools.count()
        self.plans: dict[int, Plan] = {}
        self.counts: dict[str, int] = {}
        staff = list(Staff.objects.select_related("user", "unit", "area").defer("area__geometry").filter(active=True))
        self.by_user = {s.user.username: s.user for s in staff}
        self.unit_actor: dict[int, Any] = {}
        for s in sorted(staff, key=lambda s: s.user.username):
            if s.unit_id and s.role in UNIT_ROLES and s.unit_id not in self.unit_actor:
                self.unit_actor[s.unit_id] = s.user
        self.departments = [s.unit_id for s in staff if s.role == Role.DEPARTMENT_HANDLER and s.area.level == 1]
        self.cats = {c.code: c for c in Category.objects.filter(code__in=MIX)}
        codes = list(self.cats)
        w = np.array([MIX[c] for c in codes], dtype=float)
        self.cat_codes, self.cat_p = codes, w / w.sum()
        leaves = list(Area.objects.filter(level=5).only("code", "geometry"))
        self.leaves = [(a.code, shapely.from_wkb(bytes(a.geometry)).representative_point()) for a in leaves]
        weights = self.rng.lognormal(0, 0.6, len(self.leaves))
        hot = self.rng.choice(len(self.leaves), size=max(1, len(self.leaves) // 40), replace=False)
        weights[hot] *= 6  # hotspots: markets, schools, old neighbourhoods
        self.leaf_p = weights / weights.sum()
        self.petitioners: list[dict[str, str]] = []
        self.visits: dict[date, tuple[int, str]] = {}  # the day of a leader's tour visit → its id and county

    def push(self, when: datetime, case_id: int) -> None:
        heapq.heappush(self.heap, (when, next(self.seq), case_id))

    def office_time(self, d: date) -> datetime:
        minutes = int(self.rng.integers(8 * 60, 19 * 60))
        return timezone.make_aware(datetime.combine(d, time(minutes // 60, minutes % 60)))

    def later(self, t: datetime, lo_min: float, hi_min: float) -> datetime:
        return t + timedelta(minutes=float(self.rng.uniform(lo_min, hi_min)))

    def count(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1

    # -- reports ------------------------------------------------------------------------------------------------
    def report(self, when: datetime) -> None:
        rng = self.rng
        code, point = self.leaves[int(rng.choice(len(self.leaves), p=self.leaf_p))]
        cat = self.cats[self.cat_codes[int(rng.choice(len(self.cat_codes), p=self.cat_p))]]
        channel = str(rng.choice([Channel.GRID_APP, Channel.HOTLINE, Channel.PUBLIC_WEB, Channel.ALARM],
                                 p=[0.7, 0.15, 0.1, 0.05]))
        reporter = self.by_user.get(f"gw-{code}") if channel == Channel.GRID_APP else (
            self.by_user.get(f"intake-{code[:9]}") or self.by_user.get(f"intake-{code[:6]}"))
        if channel == Channel.PUBLIC_WEB:
            reporter = None
        if cat.code.startswith("10") and channel in (Channel.GRID_APP, Channel.HOTLINE) and rng.random() < 0.7:
            self.dispute(when, cat.code, point, reporter, channel)
            return
        self_handle = channel == Channel.GRID_APP and cat.self_handle_allowed and rng.random() < 0.35
        jitter = rng.normal(0, 0.0004, 2)
        try:
            r = report_case(reporter, category=cat, description=f"{cat.name}（模拟）", lon=point.x + jitter[0],
                            lat=point.y + jitter[1], channel=channel, self_handle=self_handle, now=when,
                            citizen_name="模拟居民" if reporter is None or channel == Channel.HOTLINE else "",
                            citizen_phone="13800000000" if channel != Channel.GRID_APP else "")
        except ActionError:
            r = report_case(reporter, category=cat, description=f"{cat.name}（模拟）", lon=point.x, lat=point.y,
                            channel=channel, self_handle=self_handle, now=when)
        self.count("reported")
        if self_handle:
            self.count("self_handled")
            return
        rating = int(rng.choice(RATINGS[0], p=RATINGS[1])) if channel != Channel.GRID_APP and rng.random() < 0.8 \
            else None
        self.plans[r.case.pk] = Plan(channel, False, rng.random() < 0.04, rng.random() < 0.07, rng.random() < 0.06,
                                     rng.random() < 0.08, rating)
        late_register = rng.random() < 0.05
        self.push(self.later(when, 31, 90) if late_register else self.later(when, 3, 25), r.case.pk)

    def dispute(self, when: datetime, code: str, point: Any, reporter: Any, channel: str) -> None:
        """A dispute found by a grid worker's screening or brought to the hotline, mediated on the engine."""
        rng = self.rng
        dtype = next((t for t, c in CATEGORY_OF.items() if c == code), "other")
        n = next(self.seq)
        case = record_dispute(reporter, dispute_type=dtype, found_by="screening" if channel == Channel.GRID_APP
                              else "walk_in", description=f"{dtype}纠纷（模拟）", lon=point.x, lat=point.y, now=when,
                              parties=[{"role": "申请人", "name": f"模拟甲{n}", "phone": f"138{n:08d}"},
                                       {"role": "被申请人", "name": f"模拟乙{n}"}],
                              people_involved=int(rng.integers(2, 6)), risk=str(rng.choice(["low", "medium", "high"],
                                                                                           p=[0.7, 0.25, 0.05]))).case
        self.count("disputes")
        rating = int(rng.choice(RATINGS[0], p=RATINGS[1])) if rng.random() < 0.6 else None
        self.plans[case.pk] = Plan(channel, False, False, False, False, False, rating, kind="dispute",
                                   dispute_type=dtype, fail_mediation=rng.random() < 0.1)
        self.push(self.later(when, 3, 25), case.pk)

    def petition(self, when: datetime) -> None:
        """A petition at the hall: some by people who came before (repeats), some at a leader's tour visit."""
        rng = self.rng
        code, point = self.leaves[int(rng.choice(len(self.leaves), p=self.leaf_p))]
        if self.petitioners and rng.random() < 0.08:
            who = self.petitioners[int(rng.integers(len(self.petitioners)))]
        else:
            n = len(self.petitioners) + 1
            who = {"name": f"信访人{n}", "phone": f"139{n:08d}"}
            self.petitioners.append(who)
        intake = self.by_user.get(f"intake-{code[:6]}")
        pk, county = self.visits.get(when.date(), (None, ""))
        visit = pk if rng.random() < 0.5 and county == code[:6] else None  # the city demo: only in its county
        case = record_petition(intake, category=str(rng.choice(PETITION_CATEGORIES)), request="反映诉求（模拟）",
                               lon=point.x, lat=point.y, channel=str(rng.choice(
                                   ["visit", "letter", "phone", "online", "mailbox"], p=[0.6, 0.1, 0.1, 0.15, 0.05])),
                               petitioners=[who], people=int(rng.choice([1, 2, 6], p=[0.8, 0.15, 0.05])),
                               tour_visit=visit, now=when).case
        self.count("petitions")
        rating = int(rng.choice(RATINGS[0], p=[0.72, 0.21, 0.04, 0.02, 0.01])) if rng.random() < 0.8 else None
        self.plans[case.pk] = Plan(Channel.PETITION_WINDOW, False, False, False, False, False, rating,
                                   kind="petition", first_visit=rng.random() < 0.9)
        first_visit = self.plans[case.pk].first_visit
        self.push(self.later(when, 5, 30) if first_visit else self.later(when, 60 * 20, 60 * 24 * 4), case.pk)

    # -- the next step of a case, decided by its status ---------------------------------------------------------
    def step(self, when: datetime, case_id: int) -> None:
        case = case_by_id(case_id)
        plan = self.plans[case_id]
        desk = self.by_user.get(f"dispatch-{case.area_code[:9]}") or self.by_user.get(f"dispatch-{case.area_code[:6]}")
        s = case.status
        nxt: datetime | None = None
        if s == Status.REPORTED:
            self.act(desk, case, "register", when)
            nxt = self.later(when, 3, 25)
        elif s == Status.REGISTERED:
            unit = None
            if plan.misroute and not plan.returned and self.departments:
                unit = int(self.rng.choice(self.departments))
                plan.returned = True
            self.act(desk, case, "dispatch", when, unit=unit) if unit else self.act(desk, case, "dispatch", when)
            nxt = self.later(when, 10, 60)
        elif s == Status.DISPATCHED:
            actor = self.unit_actor.get(case.handling_unit_id)
            if plan.returned and not plan.return_done and case.escalations == 0:
                plan.return_done = True
                self.act(actor, case, "return", when, note="不属于本单位职责（模拟）")
                nxt = self.later(when, 5, 30)
            else:
                self.act(actor, case, "accept", when)
                nxt = self.handling_done(case, when, plan)
        elif s == Status.IN_PROGRESS:
            actor = self.unit_actor.get(case.handling_unit_id)
            if case.pending_extension:
                decision = "approve_extension" if self.rng.random() < 0.8 else "reject_extension"
                nxt = self.handling_done(self.act(desk, case, decision, when) or case, when, plan)
            elif plan.extension:
                plan.extension = False
                self.act(actor, case, "request_extension", when, extension="2wd", note="需协调多部门（模拟）")
                nxt = self.later(when, 20, 120)
            elif plan.kind == "dispute" and not plan.session_done:
                plan.session_done = True
                self.act(actor, case, "record_session", when, note="双方陈述，调解员释法（模拟）",
                         held_on=timezone.localdate(when).isoformat(), participants="双方当事人、调解员")
                nxt = self.later(when, 60, 60 * 24)
            elif plan.kind == "dispute" and plan.fail_mediation and not plan.referred:
                plan.referred = True
                stage = "labour_arbitration" if plan.dispute_type == "labour" else str(
                    self.rng.choice(["administrative_mediation", "court"]))
                self.act(actor, case, "refer", when, note="调解不成，引导至下一程序（模拟）", stage=stage)
                nxt = self.later(when, 60, 60 * 24)
            else:
                fields: dict[str, Any] = {}
                if plan.kind == "dispute":
                    fields["outcome"] = "agreement" if self.rng.random() < 0.93 else "failed"
                if plan.kind == "petition" and plan.first_visit:
                    fields["first_visit"] = True
                self.act(actor, case, "submit_feedback", when, note="已处置完毕（模拟）", **fields)
                nxt = self.later(when, 30, 180)
        elif s == Status.FEEDBACK:
            checker = self.by_user.get(f"gw-{case.area_code}") or desk
            passed = not plan.fail_check
            plan.fail_check = False
            self.act(checker, case, "check", when, passed=passed, note="" if passed else "现场仍未解决（模拟）")
            nxt = self.later(when, 10, 60)
        elif s == Status.CHECK_FAILED:
            nxt = self.handling_done(self.act(desk, case, "rework", when, note="返工（模拟）") or case, when, plan)
        elif s == Status.CHECKED:
            self.act(desk, case, "close", when)
            if plan.rating is not None or plan.kind == "dispute":
                nxt = self.later(when, 60, 60 * 24)
        elif s == Status.CLOSED and plan.rating is not None and not plan.rated:
            plan.rated = True
            self.act(None, case, "rate", when, rating=plan.rating)
            if plan.kind == "dispute":
                nxt = self.later(when, 60 * 24, 60 * 24 * 5)
        elif s == Status.CLOSED and plan.kind == "dispute" and not plan.followed_up:
            plan.followed_up = True  # the follow-up visit: did the agreement hold?
            self.act(self.by_user.get(f"gw-{case.area_code}") or desk, case, "follow_up", when,
                     note="回访（模拟）", held=bool(self.rng.random() < 0.96))
        if nxt is not None:
            self.push(nxt, case_id)

    def handling_done(self, case: Case, when: datetime, plan: Plan) -> datetime:
        if plan.kind == "petition" and plan.first_visit:
            return self.later(when, 20, 90)  # solved at the counter while the petitioner waits
        if plan.kind == "petition":
            return self.later(when, 60 * 24 * 3, 60 * 24 * 20)
        due = case.handle_due or when + timedelta(hours=8)
        if plan.late and case.escalations == 0:
            return due + timedelta(hours=float(self.rng.uniform(2, 48)))
        span = max((due - when).total_seconds(), 1800.0)
        return when + timedelta(seconds=span * float(self.rng.uniform(0.15, 0.9)))

    def act(self, actor: Any, case: Case, action: str, when: datetime, note: str = "", **fields: Any) -> Case | None:
        """Take the action; the case as it is afterwards (None if it was refused, which is counted)."""
        try:
            done = take_action(actor, case.pk, action, note=note, fields=fields, now=when)
        except ActionError:
            self.count(f"refused:{action}")
            return None
        self.count(action)
        return done

    # -- patrols ------------------------------------------------------------------------------------------------
    def patrols(self, d: date, share: float = 0.005) -> None:
        """A share of the grid workers walk their grid this day: a GPS track of ~20 points, one a minute."""
        rng = self.rng
        picks = rng.choice(len(self.leaves), size=max(1, int(len(self.leaves) * share)), replace=False)
        for i in picks:
            code, point = self.leaves[int(i)]
            user = self.by_user.get(f"gw-{code}")
            if user is None:
                continue
            t0 = self.office_time(d).timestamp()
            steps = rng.normal(0, 0.0003, (20, 2)).cumsum(axis=0)
            track = [[point.x + float(dx), point.y + float(dy), t0 + 60 * k] for k, (dx, dy) in enumerate(steps)]
            if t0 + 60 * 20 < timezone.now().timestamp():
                record_patrol(user, track=track, idempotency_key=f"demo-{code}-{d.isoformat()}")
                self.count("patrols")
                record_screening(user, found=bool(rng.random() < 0.05), day=d)  # and screens it for disputes
                self.count("screenings")

    def tour_visit(self, d: date) -> None:
        """Once a week the district leader receives petitions in one township."""
        towns = sorted({code[:9] for code, _ in self.leaves})
        towns = [t for t in towns if t[:6] == towns[0][:6]]  # the city demo: the first county's leader, in it
        leader = self.by_user.get(f"leader-{towns[0][:6]}") if towns else None
        if leader is not None and towns:
            town = towns[int(self.rng.integers(len(towns)))]
            self.visits[d] = (schedule_tour_visit(leader, area_code=town, day=d, place="镇便民服务中心").pk, town[:6])

    # -- the clock ---------------------------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        start = self.end - timedelta(days=self.days - 1)
        stop = timezone.make_aware(datetime.combine(self.end, time(23, 59)))
        for i in range(self.days):
            d = start + timedelta(days=i)
            for _ in range(int(self.rng.poisson(self.per_day * (0.6 if d.weekday() >= 5 else 1.0)))):
                heapq.heappush(self.heap, (self.office_time(d), next(self.seq), -1))
            heapq.heappush(self.heap, (timezone.make_aware(datetime.combine(d, time(17, 45))), next(self.seq), -2))
            for _ in range(int(self.rng.poisson(self.per_day * PETITIONS_PER_REPORT * (d.weekday() < 5)))):
                heapq.heappush(self.heap, (self.office_time(d), next(self.seq), -3))
            if d.weekday() == 2:
                self.tour_visit(d)
            self.patrols(d)
        now = timezone.now()
        while self.heap:
            # Each action keeps its own transaction (nested here as a savepoint, undone alone when refused); the
            # batch of events is committed together because one commit per action is most of a batch job's time.
            with transaction.atomic():
                for _ in range(EVENTS_PER_COMMIT):
                    if not self.heap:
                        break
                    self.event(*heapq.heappop(self.heap), until=min(stop, now))
        return self.counts

    def event(self, when: datetime, _seq: int, case_id: int, until: datetime) -> None:
        if when > until:
            return  # the future has not happened yet: those cases stay open
        if case_id == -1:
            self.report(when)
        elif case_id == -3:
            self.petition(when)
        elif case_id == -2:
            r = scan(when)
            self.counts["overdue"] = self.counts.get("overdue", 0) + r.overdue
            self.counts["escalated"] = self.counts.get("escalated", 0) + r.escalated
        else:
            self.step(when, case_id)
