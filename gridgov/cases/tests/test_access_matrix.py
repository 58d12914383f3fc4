"""Who may do what, where: every API operation and every page, for every role and for an anonymous caller, against a
case (and an area) in the actor's jurisdiction and one outside it. The expected answers are written out below as a
table a reviewer can read; a new API operation or page fails the test until it is added to the table.

Actors work in township 110101001 (the grid worker in one 5th-level grid of village 201, the grid leader and the
police liaison in that village, the intake operator, dispatcher and leader at the township's centre); the department
handler belongs to the district's urban management department, and "in" for it is the case its unit handles; the
three administrators sit at the district. "in" cases lie in the grid worker's grid; "out" cases in township 101.
Each call runs in a savepoint that is rolled back, so every cell starts from the same data.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import transaction

from gridgov.cases.actions import report_case, take_action
from gridgov.cases.models import Attachment
from gridgov.cases.tests.conftest import LEAF, OTHER_POINT, POINT, VILLAGE, at
from gridgov.disputes.actions import record_dispute
from gridgov.org import tokens
from gridgov.petitions.actions import record_petition

pytestmark = pytest.mark.django_db
ROLES = ("gw", "gl", "pl", "intake", "disp", "dept", "leader", "admin", "secadm", "audadm", "anon")
T = at(2026, 11, 23, 9, 0)


@pytest.fixture
def world(town, make_staff):
    from gridgov.org.models import Role

    p, u = town.people, town.units
    people = {
        "gw": p.worker, "gl": p.village_leader,
        "pl": make_staff(Role.POLICE_LIAISON, VILLAGE, "police-liaison", unit=u.police),
        "intake": make_staff(Role.INTAKE_OPERATOR, "110101001", "town-intake", unit=u.town),
        "disp": p.town_dispatcher, "dept": p.urban_handler,
        "leader": make_staff(Role.LEADER, "110101001", "town-leader", unit=u.town),
        "admin": p.admin, "secadm": make_staff(Role.SECURITY_ADMIN, "110101", "secadm"),
        "audadm": make_staff(Role.AUDIT_ADMIN, "110101", "audadm"),
    }
    citizen = {"channel": "public_web", "now": T}
    cases = {}
    for side, point, unit in (("in", POINT, u.urban), ("out", OTHER_POINT, u.town2)):
        case = report_case(None, category=town.cat["0102"], description="垃圾堆放", lon=point[0], lat=point[1],
                           **citizen).case
        take_action(p.dispatcher, case.pk, "register", now=T)
        take_action(p.dispatcher, case.pk, "dispatch", fields={"unit": unit.pk}, now=T)
        cases[f"event_{side}"] = case
        cases[f"dispute_{side}"] = record_dispute(
            p.intake, dispute_type="neighbourhood", found_by="walk_in", description="宅基地边界", lon=point[0],
            lat=point[1], amount=Decimal("5000"), now=T, parties=[{"role": "申请人", "name": "张大山"}]).case
        cases[f"petition_{side}"] = record_petition(
            p.intake, category="1502", request="拖欠工资", lon=point[0], lat=point[1], channel="visit",
            petitioners=[{"name": "李四"}], now=T).case
        cases[f"photo_{side}"] = Attachment.objects.create(case=case, content_type="image/png", file=_file(case.pk))
    bearer = {role: tokens.issue(user)[0] for role, user in people.items()}
    return {"people": people, "cases": cases, "bearer": bearer, "town": town}


def _file(pk: int):
    from django.core.files.base import ContentFile

    return ContentFile(b"\x89PNG\r\n\x1a\n", name=f"case-{pk}.png")


# -- the operations: (method, path, body); {…} filled from the side's case, area and codes ----------------------

def places(world: dict, side: str) -> dict:
    c = world["cases"]
    return {"event": c[f"event_{side}"].pk, "dispute": c[f"dispute_{side}"].pk, "petition": c[f"petition_{side}"].pk,
            "photo": c[f"photo_{side}"].pk, "area": LEAF if side == "in" else "110101101",
            "tracking": c[f"event_{side}"].tracking_code, "lon": (POINT if side == "in" else OTHER_POINT)[0],
            "lat": (POINT if side == "in" else OTHER_POINT)[1]}


def report_body(f: dict) -> dict:
    return {"category": "0102", "description": "路灯不亮", "lon": f["lon"], "lat": f["lat"], "channel": "hotline"}


API = {  # operation (as the OpenAPI names it) → (path with placeholders, JSON body or None, compared in/out)
    "GET /api/v1/auth/me": ("/api/v1/auth/me", None, False),
    "POST /api/v1/auth/token": ("/api/v1/auth/token", lambda f: {"username": "nobody", "password": "wrong-password"},
                                False),
    "GET /api/v1/auth/tokens": ("/api/v1/auth/tokens", None, False),
    "DELETE /api/v1/auth/tokens/{token_id}": ("/api/v1/auth/tokens/999999", None, False),
    "POST /api/v1/auth/logout": ("/api/v1/auth/logout", lambda f: {}, False),
    "POST /api/v1/auth/password": ("/api/v1/auth/password", lambda f: {"old_password": "x", "new_password": "y"},
                                   False),
    "GET /api/v1/geo/areas": ("/api/v1/geo/areas?level=5", None, False),
    "GET /api/v1/geo/locate": ("/api/v1/geo/locate?lon={lon}&lat={lat}", None, True),
    "POST /api/v1/geo/locate/bulk": ("/api/v1/geo/locate/bulk", lambda f: {"lons": [f["lon"]], "lats": [f["lat"]]}, True),
    "GET /api/v1/geo/search": ("/api/v1/geo/search?q=测试", None, False),
    "GET /api/v1/org/areas/{code}/staff": ("/api/v1/org/areas/{area}/staff", None, True),
    "POST /api/v1/cases": ("/api/v1/cases", report_body, True),
    "GET /api/v1/cases": ("/api/v1/cases", None, False),
    "GET /api/v1/cases/{case_id}": ("/api/v1/cases/{event}", None, True),
    "POST /api/v1/cases/{case_id}/actions": ("/api/v1/cases/{event}/actions",
                                             lambda f: {"action": "comment", "note": "看过了"}, True),
    "POST /api/v1/cases/{case_id}/actions accept": ("/api/v1/cases/{event}/actions",
                                                    lambda f: {"action": "accept", "note": ""}, True),
    "POST /api/v1/cases/{case_id}/actions escalate": ("/api/v1/cases/{event}/actions",
                                                      lambda f: {"action": "escalate", "note": "超出能力"}, True),
    "POST /api/v1/cases/{case_id}/actions supervise": ("/api/v1/cases/{event}/actions",
                                                       lambda f: {"action": "supervise", "note": "请抓紧"}, True),
    "POST /api/v1/cases/{case_id}/attachments": ("/api/v1/cases/{event}/attachments", "file", True),
    "GET /api/v1/cases/{case_id}/attachments/{attachment_id}": ("/api/v1/cases/{event}/attachments/{photo}", None,
                                                                True),
    "GET /api/v1/kpis": ("/api/v1/kpis?area={area}&from=2026-11-01&to=2026-11-30", None, True),
    "GET /api/v1/categories": ("/api/v1/categories", None, False),
    "GET /api/v1/track/{code}": ("/api/v1/track/{tracking}", None, False),
    "POST /api/v1/track/{code}/rate": ("/api/v1/track/{tracking}/rate", lambda f: {"rating": 5}, False),
    "POST /api/v1/track/{code}/reopen": ("/api/v1/track/{tracking}/reopen", lambda f: {"note": "没修好"}, False),
    "POST /api/v1/field/patrols": ("/api/v1/field/patrols", lambda f: {
        "track": [[POINT[0], POINT[1], 1795395600], [POINT[0] + 0.001, POINT[1], 1795396200]],
        "idempotency_key": "patrol-key-1"}, False),
    "GET /api/v1/command/points": ("/api/v1/command/points", None, False),
    "GET /api/v1/command/changes": ("/api/v1/command/changes?since=2026-11-01T00:00:00%2B08:00", None, False),
    "GET /api/v1/command/grid/{code}/cases": ("/api/v1/command/grid/{area}/cases", None, True),
    "GET /api/v1/command/dashboard": ("/api/v1/command/dashboard?area={area}&from=2026-11-01&to=2026-11-30", None,
                                      True),
    "POST /api/v1/disputes": ("/api/v1/disputes", lambda f: {
        "dispute_type": "neighbourhood", "found_by": "walk_in", "description": "邻里纠纷", "lon": f["lon"],
        "lat": f["lat"], "parties": [{"name": "王五"}]}, True),
    "GET /api/v1/disputes/{case_id}": ("/api/v1/disputes/{dispute}", None, True),
    "POST /api/v1/disputes/screenings": ("/api/v1/disputes/screenings", lambda f: {"found": False}, False),
    "POST /api/v1/petitions": ("/api/v1/petitions", lambda f: {
        "category": "1502", "request": "讨薪", "channel": "visit", "lon": f["lon"], "lat": f["lat"],
        "petitioners": [{"name": "赵六"}]}, True),
    "GET /api/v1/petitions/{case_id}": ("/api/v1/petitions/{petition}", None, True),
    "POST /api/v1/petitions/tour-visits": ("/api/v1/petitions/tour-visits", lambda f: {
        "area": f["area"][:9], "day": "2026-11-30", "place": "镇政府"}, True),
}


def call_api(client, world: dict, role: str, op: str, side: str) -> int:
    path, body, _ = API[op]
    f = places(world, side)
    method = op.split()[0]
    url = path.format(**f)
    headers = {} if role == "anon" else {"HTTP_AUTHORIZATION": f"Bearer {world['bearer'][role]}"}
    if body == "file":
        upload = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
        upload.name = "photo.png"
        return client.post(url, {"file": upload}, **headers).status_code
    if method == "GET":
        return client.get(url, **headers).status_code
    if method == "DELETE":
        return client.delete(url, **headers).status_code
    return client.post(url, body(f), content_type="application/json", **headers).status_code


def answers(client, world: dict, call, ops: dict) -> dict[str, list[int]]:
    """{"operation side": [status for each role]}, each call in a savepoint rolled back afterwards."""
    out = {}
    for op, spec in ops.items():
        for side in (("in", "out") if spec[-1] else ("in",)):
            row = []
            for role in ROLES:
                client.logout()
                with transaction.atomic():
                    row.append(call(client, world, role, op, side))
                    transaction.set_rollback(True)
            out[f"{op} {side}" if spec[-1] else op] = row
    return out


def render(table: dict[str, list[int]]) -> str:
    width = max(len(k) for k in table)
    lines = [" " * width + "  " + " ".join(f"{r:>6}" for r in ROLES)]
    lines += [f"{k:<{width}}  " + " ".join(f"{v:>6}" for v in row) for k, row in table.items()]
    return "\n".join(lines)


def test_print_the_api_matrix(world, client):
    print(render(answers(client, world, call_api, API)))
    assert 0
