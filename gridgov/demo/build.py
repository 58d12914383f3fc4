"""Build the demo district from scratch: the five-level grid on the real boundary, its units and its people."""

from __future__ import annotations

import json
import string
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from gridgov.audit.models import AuditEvent
from gridgov.geo.actions import grid_changed
from gridgov.geo.io import check_topology, convert_geometry, polygonal_part
from gridgov.geo.models import Area, AreaKind
from gridgov.linkage.demo import place_cameras
from gridgov.org import directory
from gridgov.org.models import ADMIN_ROLES, Department, Role, Staff, Unit, UnitKind
from gridgov.partitions import onboard_county
from gridgov.police.demo import build as build_police
from gridgov.volunteers.models import LedgerEntry

from .partition import Cell, allocate, reading_order, split
from .plans import BOUNDARY_CRS, PLANS, boundary_file, plan_of

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
# The centre's specialised mediation rooms and the lawyer on duty, beside the departments stationed there.
MEDIATION_ROOMS = [
    ("family", "婚姻家庭纠纷调解室", Department.MEDIATION), ("medical", "医疗纠纷调解室", Department.MEDIATION),
    ("traffic", "交通事故纠纷调解室", Department.MEDIATION), ("labour", "劳动争议调解室", Department.MEDIATION),
    ("counselling", "心理咨询室", Department.MEDIATION), ("lawyer", "律师值班室", Department.LEGAL_AID),
]
STATIONED = {Department.LETTERS_VISITS, Department.JUSTICE, Department.HUMAN_RESOURCES, Department.COURT,
             Department.LEGAL_AID, Department.MEDIATION, Department.CIVIL_AFFAIRS}
CN_DEPT = {
    Department.PUBLIC_SECURITY: "公安局", Department.JUSTICE: "司法局", Department.LETTERS_VISITS: "信访局",
    Department.CIVIL_AFFAIRS: "民政局", Department.HUMAN_RESOURCES: "人力资源和社会保障局",
    Department.URBAN_MANAGEMENT: "城市管理局", Department.WATER: "水利局", Department.HOUSING: "住房和城乡建设局",
    Department.HEALTH: "卫生健康委员会", Department.MARKET: "市场监督管理局", Department.EMERGENCY: "应急管理局",
    Department.COURT: "法院诉讼服务中心", Department.LEGAL_AID: "法律援助中心", Department.MEDIATION: "人民调解委员会",
}


@dataclass
class DemoResult:
    adcode: str
    district: str
    counts: dict[int, int]
    problems: list[Any]
    logins: list[dict[str, str]]
    staff: int
    units: int
    seconds: dict[str, float] = field(default_factory=dict)


def load_boundary(adcode: str) -> tuple[str, shapely.Geometry]:
    data = json.loads(boundary_file(adcode).read_text(encoding="utf-8"))
    feat = data["features"][0]
    geom = polygonal_part(shapely.make_valid(shapely.from_geojson(json.dumps(feat["geometry"]))))
    return feat["properties"]["name"], convert_geometry(geom, BOUNDARY_CRS)


def plan_grid(adcode: str, seed: int) -> Cell:
    """The whole tree in memory (no database): codes per GB/T 2260 + 3 digits a level, numbered in reading order."""
    plan = plan_of(adcode)
    rng = np.random.default_rng(seed)
    name, boundary = load_boundary(adcode)
    root = Cell(adcode, name, 1, boundary)
    n_town, n_village, n_l4, n_l5 = plan.counts

    towns = reading_order(split(boundary, n_town, rng), boundary)
    centre = boundary.centroid
    urban = set(sorted(range(n_town), key=lambda i: towns[i].centroid.distance(centre))[: plan.streets])
    street_no = town_no = 0
    for i, geom in enumerate(towns):
        if i in urban:
            street_no += 1
            root.children.append(Cell(f"{adcode}{street_no:03d}", f"示例{street_no}街道", 2, geom, root))
        else:
            town_no += 1
            root.children.append(Cell(f"{adcode}{100 + town_no:03d}", f"示例{town_no:02d}镇", 2, geom, root))

    def divide(parents: list[Cell], total: int, make: Callable[[Cell, int, shapely.Geometry], Cell]) -> list[Cell]:
        shares = allocate(total, [p.geom.area for p in parents])
        out: list[Cell] = []
        for parent, k in zip(parents, shares, strict=True):
            for n, geom in enumerate(reading_order(split(parent.geom, k, rng), parent.geom), start=1):
                child = make(parent, n, geom)
                parent.children.append(child)
                out.append(child)
        return out

    def village(parent: Cell, n: int, geom: shapely.Geometry) -> Cell:
        if int(parent.code[-3:]) < 100:  # sub-district: residents' committees 001-199
            return Cell(f"{parent.code}{n:03d}", f"{parent.name}示例{n}社区", 3, geom, parent)
        return Cell(f"{parent.code}{200 + n:03d}", f"{parent.name}示例{n}村", 3, geom, parent)

    villages = divide(root.children, n_village, village)
    l4 = divide(villages, n_l4, lambda p, n, g: Cell(f"{p.code}{n:03d}", f"{p.name}第{n}网格", 4, g, p))
    l5 = divide(l4, n_l5, lambda p, n, g: Cell(f"{p.code}{n:03d}", f"{p.name}{n}号微网格", 5, g, p))

    # Residents spread by area with some variation; a few dedicated grids (schools, hospitals, parks).
    weights = np.array([c.geom.area for c in l5]) * rng.lognormal(0, 0.35, len(l5))
    residents = allocate(plan.residents, list(weights))
    for cell, r in zip(l5, residents, strict=True):
        cell.residents = r
        cell.households = max(1, round(r / rng.uniform(2.6, 3.4)))
        if rng.random() < 0.04:
            cell.kind = AreaKind.DEDICATED
            cell.name += "（专属）"
    for level_cells in (l4, villages, root.children, [root]):
        for c in level_cells:
            c.residents = sum(k.residents or 0 for k in c.children)
            c.households = sum(k.households or 0 for k in c.children)
    return root


def walk(root: Cell) -> list[Cell]:
    out, stack = [], [root]
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed(c.children))
    return out


def topology_problems(root: Cell) -> list[Any]:
    cells = walk(root)
    children = {c.code: [(k.code, k.geom) for k in c.children] for c in cells if c.children}
    return check_topology(children, {c.code: c.geom for c in cells})


# What the demo's builders and its simulation make (alarms and cameras, police, emergencies, assessment, notifications,
# cases and their rollups, patrols), children
# first; their configuration (plans, scenario and assessment templates, alarm sources, channels) stays.
DEMO_ROWS = ["linkage.Alarm", "linkage.AlarmStream", "linkage.Camera", "police.Road", "police.Transfer110",
             "police.Liaison", "police.PolicePost", "emergencies.ScenarioCase", "emergencies.ScenarioTask",
             "emergencies.Scenario", "emergencies.NeedCase", "emergencies.DailyReport", "emergencies.VisitBatch",
             "emergencies.GridTask", "emergencies.Emergency", "assess.Nomination", "assess.Score",
             "assess.AssessmentMonth", "assess.MonthlyRun", "assess.Adjustment", "assess.Training",
             "notify.Attempt", "notify.Delivery", "notify.Receipt", "notify.Notification", "cases.Case",
             "cases.KpiRollup", "cases.KpiMonth", "cases.CaseCounter", "field.Patrol", "disputes.Screening",
             "petitions.TourVisit"]


def clear_all() -> None:
    """Remove everything the demo builds, so that it can be built again from scratch."""
    from django.apps import apps

    LedgerEntry.objects.purge_for_rebuild()  # the volunteers' ledger (append-only) and all of that app
    for label in DEMO_ROWS:
        apps.get_model(label).objects.all().delete()
    Staff.objects.all().delete()
    Unit.objects.update(parent=None)
    Unit.objects.all().delete()
    for level in range(9, -2, -1):  # down to the city (0) and the province (-1) of the city demo
        Area.objects.filter(level=level).delete()
    get_user_model().objects.all().delete()
    AuditEvent.objects.purge_for_rebuild()


def save_grid(root: Cell, above: Area | None = None) -> dict[str, Area]:
    """The tree in bulk; ``above``: the city the district belongs to (the city demo)."""
    by_code: dict[str, Area] = {}
    cells = walk(root)
    for level in sorted({c.level for c in cells}):
        batch = []
        for c in (c for c in cells if c.level == level):
            a = Area(code=c.code, name=c.name, level=c.level, kind=c.kind, households=c.households,
                     residents=c.residents, parent=by_code[c.parent.code] if c.parent else above)
            a.set_shape(c.geom)
            batch.append(a)
        for a in Area.objects.bulk_create(batch, batch_size=1000):
            by_code[a.code] = a
    return by_code


_hashing: list[tuple[Any, Future[str]]] = []  # listed logins whose hashes are being made (``People.save``)
_hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-passwords")  # the other core; no thread until used


def store_passwords() -> int:
    """Wait for the listed logins' hashes and store them; how many."""
    done = [(u, f.result()) for u, f in _hashing]
    _hashing.clear()
    for u, hashed in done:
        u.password = hashed
    get_user_model().objects.bulk_update([u for u, _ in done], ["password"], batch_size=500)
    return len(done)


class People:
    """Creates logins and staff records in bulk; only the listed demo logins get a (hashed) password."""

    def __init__(self, rng: np.random.Generator, phone_prefix: str) -> None:
        self.rng, self.phone_prefix = rng, phone_prefix
        self.users: list[Any] = []
        self.staff: list[Staff] = []
        self.logins: list[dict[str, str]] = []
        self.serial = 0

    def name(self) -> str:
        self.serial += 1
        return f"{SURNAMES[int(self.rng.integers(len(SURNAMES)))]}示例{self.serial:04d}"

    def add(self, username: str, role: str, area: Area, unit: Unit | None, *, login: bool = False) -> None:
        User = get_user_model()
        user = User(username=username, is_staff=role in ADMIN_ROLES)  # no superuser: three separate administrators
        if login:
            alphabet = string.ascii_letters + string.digits
            password = "".join(alphabet[int(i)] for i in self.rng.integers(len(alphabet), size=14))
            validate_password(password)  # 14 random letters and digits: passes the site's rules (settings.py)
            self.logins.append({"role": role, "username": username, "password": password, "area_code": area.code})
            user.password = password  # hashed below, in parallel
        else:
            user.set_unusable_password()
        self.users.append(user)
        phone = f"{self.phone_prefix}-{int(self.rng.integers(10**7)):07d}（示例）"
        self.staff.append(Staff(name=self.name(), role=role, area=area, unit=unit, work_phone=phone))

    def save(self) -> None:
        """The logins and staff in bulk. The listed logins' passwords are hashed in the background (Argon2, about a
        quarter of a second each, releases the GIL): they get their hashes from ``store_passwords``. The single
        county's 43 waited for 5.8 s here; hashed beside the rest of the build, they cost no time."""
        for u in (u for u in self.users if not u.password.startswith("!")):
            _hashing.append((u, _hasher.submit(make_password, u.password)))
            u.set_unusable_password()  # until ``store_passwords``
        saved = get_user_model().objects.bulk_create(self.users, batch_size=2000)
        for s, u in zip(self.staff, saved, strict=True):
            s.user = u
        Staff.objects.bulk_create(self.staff, batch_size=2000)


def build_org(areas: dict[str, Area], district: str, adcode: str, rng: np.random.Generator,
              above: Unit | None = None, first_county: bool = True) -> tuple[int, People]:
    """The district's units and people. In the city demo ``above`` is the city's centre, and only the ``first_county``
    district brings the three administrators; the others' department handlers are named with their code."""
    plan = plan_of(adcode)
    root = areas[adcode]
    towns = sorted((a for a in areas.values() if a.level == 2), key=lambda a: a.code)
    by_level: dict[int, list[Area]] = {}
    for a in areas.values():
        by_level.setdefault(a.level, []).append(a)
    for lst in by_level.values():
        lst.sort(key=lambda a: a.code)

    def unit(code: str, name: str, kind: str, area: Area, **kw: Any) -> Unit:
        return Unit(code=code, name=name, kind=kind, area=area, phone=f"{plan.area_phone_prefix}-12345", **kw)

    centre = unit(f"{adcode}-centre", f"{district}社会治理综合服务中心", UnitKind.CENTRE, root, parent=above)
    centre.save()
    depts = {d: unit(f"{adcode}-{d.value}", f"{district}{CN_DEPT[d]}", UnitKind.DEPARTMENT, root, department=d,
                     parent=centre, stationed_in_centre=d in STATIONED) for d in Department}
    Unit.objects.bulk_create(depts.values())
    rooms = [unit(f"{adcode}-room-{key}", f"{district}{name}", UnitKind.DEPARTMENT, root, department=dept,
                  parent=depts[Department.MEDIATION], stationed_in_centre=True) for key, name, dept in MEDIATION_ROOMS]
    Unit.objects.bulk_create(rooms)
    town_centres = {t.code: unit(f"{t.code}-centre", f"{t.name}综治中心", UnitKind.CENTRE, t, parent=centre)
                    for t in towns}
    Unit.objects.bulk_create(town_centres.values())
    police = {t.code: unit(f"{t.code}-police", f"{t.name}派出所", UnitKind.DEPARTMENT, t,
                           department=Department.PUBLIC_SECURITY, parent=depts[Department.PUBLIC_SECURITY])
              for t in towns}
    justice = {t.code: unit(f"{t.code}-justice", f"{t.name}司法所", UnitKind.DEPARTMENT, t,
                            department=Department.JUSTICE, parent=depts[Department.JUSTICE]) for t in towns}
    Unit.objects.bulk_create([*police.values(), *justice.values()])
    stations = {v.code: unit(f"{v.code}-station", f"{v.name}综治站", UnitKind.STATION, v,
                             parent=town_centres[v.code[:9]]) for v in by_level[3]}
    Unit.objects.bulk_create(stations.values())

    p = People(rng, plan.area_phone_prefix)
    if first_county:
        p.add("admin", Role.ADMINISTRATOR, root, centre, login=True)
    tag = "" if first_county else f"{adcode}-"
    p.add(f"leader-{adcode}", Role.LEADER, root, centre, login=True)
    p.add(f"dispatch-{adcode}", Role.DISPATCHER, root, centre, login=True)
    p.add(f"dispatch-{adcode}-2", Role.DISPATCHER, root, centre)
    p.add(f"intake-{adcode}", Role.INTAKE_OPERATOR, root, centre, login=True)
    p.add(f"intake-{adcode}-2", Role.INTAKE_OPERATOR, root, centre)
    p.add(f"gridleader-{adcode}", Role.GRID_LEADER, root, centre)
    listed_depts = {Department.URBAN_MANAGEMENT, Department.HUMAN_RESOURCES, Department.JUSTICE,
                    Department.PUBLIC_SECURITY, Department.LETTERS_VISITS, Department.MEDIATION}
    for d, u in depts.items():
        for n in (1, 2):
            p.add(f"handler-{tag}{d.value.replace('_', '')}-{n}", Role.DEPARTMENT_HANDLER, root, u,
                  login=n == 1 and d in listed_depts)
    for room in rooms:
        p.add(f"handler-{tag}{room.code.rsplit('-', 1)[-1]}-1", Role.DEPARTMENT_HANDLER, root, room)
    for i, t in enumerate(towns):
        c = town_centres[t.code]
        p.add(f"dispatch-{t.code}", Role.DISPATCHER, t, c, login=True)
        p.add(f"intake-{t.code}", Role.INTAKE_OPERATOR, t, c, login=i == 0)
        p.add(f"leader-{t.code}", Role.LEADER, t, c, login=i == 0)
        p.add(f"gridleader-{t.code}", Role.GRID_LEADER, t, c)
        p.add(f"police-{t.code}", Role.DEPARTMENT_HANDLER, t, police[t.code])
        p.add(f"justice-{t.code}", Role.DEPARTMENT_HANDLER, t, justice[t.code])
    first_in_town: set[str] = set()
    for v in by_level[3]:
        first = v.code[:9] not in first_in_town and len(first_in_town) < 2
        first_in_town.add(v.code[:9]) if first else None
        p.add(f"gridleader-{v.code}", Role.GRID_LEADER, v, stations[v.code], login=first)
        p.add(f"police-{v.code}", Role.POLICE_LIAISON, v, police[v.code[:9]], login=first)
    for g in by_level.get(4, []):
        p.add(f"gridleader-{g.code}", Role.GRID_LEADER, g, stations[g.code[:12]])
    listed_gw: set[str] = set()
    for g in by_level.get(5, []):
        town = g.code[:9]
        first = town not in listed_gw and len(listed_gw) < 3
        listed_gw.add(town) if first else None
        p.add(f"gw-{g.code}", Role.GRID_WORKER, g, stations[g.code[:12]], login=first)
    if first_county:
        p.add("secadmin", Role.SECURITY_ADMIN, root, centre, login=True)  # last: the others' draws unchanged
        p.add("auditor", Role.AUDIT_ADMIN, root, centre, login=True)
    p.save()
    return Unit.objects.count(), p


def build_demo(adcode: str = "411603", seed: int = 1, data_dir: Path | None = None,
               log: Callable[[str], None] = print, after_grid: Callable[[], None] | None = None,
               passwords_later: bool = False) -> DemoResult:
    """The demo district from scratch. ``after_grid`` is called once the grid is committed and before the
    organisation is built (the demo command starts building the locate index then, beside it).
    ``passwords_later``: the demo logins' passwords are stored when the caller calls ``store_passwords`` (the demo
    command, after the simulated history), not before this returns."""
    if adcode not in PLANS:
        raise ValueError(f"no shipped boundary for {adcode}; choose one of {', '.join(sorted(PLANS))}")
    t0 = time.perf_counter()
    seconds: dict[str, float] = {}
    root = plan_grid(adcode, seed)
    seconds["grid"] = time.perf_counter() - t0
    problems = topology_problems(root)
    seconds["checks"] = time.perf_counter() - t0 - seconds["grid"]
    log(f"grid planned in {seconds['grid']:.1f}s, checked in {seconds['checks']:.1f}s: {len(problems)} problems")
    rng = np.random.default_rng(seed + 1)
    t1 = time.perf_counter()
    with transaction.atomic():
        clear_all()
        areas = save_grid(root)
        onboard_county(adcode)  # its partitions on PostgreSQL (gridgov.partitions)
        grid_changed()
    if after_grid is not None:
        after_grid()
    with transaction.atomic():
        units, people = build_org(areas, root.name, adcode, rng)
        build_police(areas, seed, log)
        place_cameras(areas, adcode, seed)  # gridgov.linkage: the demo's cameras
    directory.forget()  # units were bulk-created: no signal told the cache
    seconds["database"] = time.perf_counter() - t1
    counts: dict[int, int] = {}
    for c in walk(root):
        counts[c.level] = counts.get(c.level, 0) + 1
    if not passwords_later:
        store_passwords()
    result = DemoResult(adcode, root.name, counts, problems, people.logins, len(people.staff), units, seconds)
    if data_dir is not None:
        (data_dir / "demo-logins.json").write_text(json.dumps(people.logins, ensure_ascii=False, indent=1))
    return result


def level_summary(counts: dict[int, int]) -> str:
    return " / ".join(f"{counts[k]:,}" for k in sorted(counts))

