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

from conftest import url_patterns
from gridgov.cases.actions import report_case, take_action
from gridgov.cases.models import Attachment
from gridgov.cases.tests.conftest import LEAF, OTHER_POINT, POINT, VILLAGE, at
from gridgov.disputes.actions import record_dispute
from gridgov.org import tokens
from gridgov.petitions.actions import record_petition
from gridgov.volunteers.tests.matrix import volunteer_places

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
    far_worker = make_staff(Role.GRID_WORKER, "110101101201001001", "far-worker", unit=u.town2)
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
        take_action(p.dispatcher, cases[f"petition_{side}"].pk, "register", now=T)  # accepted: its notice exists
    for role in ("secadm", "audadm"):  # the back office is theirs (the demo's logins are made so)
        people[role].is_staff = True
        people[role].save(update_fields=["is_staff"])
    bearer = {role: tokens.issue(user)[0] for role, user in people.items()}
    units = {"in": u.urban.pk, "out": u.justice.pk}
    stations = _police_stations(town)
    from gridgov.emergencies.actions import instantiate, switch_on
    from gridgov.emergencies.models import GridTask

    for side, code in (("in", "110101001"), ("out", "110101101")):  # one emergency and one scenario on each side
        e, _n = switch_on(p.dispatcher, area_code=code, plan_code="epidemic", reason="演练", now=T)
        cases[f"emergency_{side}"] = e
        cases[f"grid_task_{side}"] = GridTask.objects.filter(emergency=e).order_by("area_code").first()
        cases[f"scenario_{side}"] = instantiate(p.dispatcher, template_code="large_event", name="活动",
                                                grids=[cases[f"grid_task_{side}"].area_code], starts_at=T, now=T)
    workers = {"in": p.worker.pk, "out": far_worker.pk}
    from datetime import date

    from gridgov.assess.actions import compute_month

    scores = {s.worker.user_id: s.pk for s in compute_month(date(2026, 10, 1))}
    return {"people": people, "cases": cases, "bearer": bearer, "town": town, "units": units, "workers": workers,
            "stations": stations, "vol": volunteer_places(town),
            "scores": {side: scores[user] for side, user in workers.items()},
            "staff": {"in": p.worker.staff.pk, "out": far_worker.staff.pk}}


def _police_stations(town) -> dict:
    from gridgov.org.models import Unit
    from gridgov.police.models import PolicePost

    other = Unit.objects.create(code="police-101", name="police-101", kind="department", department="public_security",
                                area=town.areas["110101101"])
    return {side: PolicePost.objects.create(unit=unit, kind="station", lon=point[0], lat=point[1]).pk
            for side, unit, point in (("in", town.units.police, POINT), ("out", other, OTHER_POINT))}


def _file(pk: int):
    from django.core.files.base import ContentFile

    return ContentFile(b"\x89PNG\r\n\x1a\n", name=f"case-{pk}.png")


# -- the operations: (method, path, body); {…} filled from the side's case, area and codes ----------------------

def places(world: dict, side: str) -> dict:
    c = world["cases"]
    return {"unit": world["units"][side], "worker": world["workers"][side], "station": world["stations"][side],
            "score": world["scores"][side], "staff": world["staff"][side],
            "party": c[f"dispute_{side}"].parties.first().pk, "town": "110101001" if side == "in" else "110101101",
            "event": c[f"event_{side}"].pk, "dispute": c[f"dispute_{side}"].pk, "petition": c[f"petition_{side}"].pk,
            "photo": c[f"photo_{side}"].pk, "area": LEAF if side == "in" else "110101101",
            "tracking": c[f"event_{side}"].tracking_code, "notice": _dispatch_notice(c[f"event_{side}"]),
            "lon": (POINT if side == "in" else OTHER_POINT)[0], "lat": (POINT if side == "in" else OTHER_POINT)[1],
            "emergency": c[f"emergency_{side}"].pk, "grid_task": c[f"grid_task_{side}"].pk,
            "grid": c[f"grid_task_{side}"].area_code,
            "scenario": c[f"scenario_{side}"].pk, **world["vol"][side]}


def _dispatch_notice(case) -> int:
    """The notification that the case was dispatched: addressed to the urban department ("in") or township 101."""
    from gridgov.notify.models import Notification

    return Notification.objects.get(object_id=case.pk, kind="dispatched").pk


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
    "POST /api/v1/geo/locate/bulk": ("/api/v1/geo/locate/bulk", lambda f: {"lons": [f["lon"]], "lats": [f["lat"]]},
                                     True),
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
    "GET /api/v1/kpis unit": ("/api/v1/kpis?unit={unit}&from=2026-11-01&to=2026-11-30", None, True),
    "GET /api/v1/kpis worker": ("/api/v1/kpis?worker={worker}&from=2026-11-01&to=2026-11-30", None, True),
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
    "GET /api/v1/notifications": ("/api/v1/notifications?unread=1", None, False),
    "POST /api/v1/notifications/read-all": ("/api/v1/notifications/read-all", lambda f: {}, False),
    "POST /api/v1/notifications/{notification_id}/read": ("/api/v1/notifications/{notice}/read", lambda f: {}, True),
    "GET /api/v1/petitions/{case_id}": ("/api/v1/petitions/{petition}", None, True),
    "POST /api/v1/petitions/tour-visits": ("/api/v1/petitions/tour-visits", lambda f: {
        "area": f["area"][:9], "day": "2026-11-30", "place": "镇政府"}, True),
    "GET /api/v1/police/coverage": ("/api/v1/police/coverage?area={area}&minutes=1,3,5", None, True),
    "GET /api/v1/police/reach": ("/api/v1/police/reach?area={area}", None, True),
    "GET /api/v1/police/plan": ("/api/v1/police/plan?area={area}&rooms=1", None, True),
    "POST /api/v1/police/transfers": ("/api/v1/police/transfers", lambda f: {
        "incident_number": "J4116032026112300123", "category": "0102", "description": "110转来", "lon": f["lon"],
        "lat": f["lat"]}, True),
    "GET /api/v1/cameras": ("/api/v1/cameras?within={town}", None, True),
    "GET /api/v1/cameras/gaps": ("/api/v1/cameras/gaps?within={town}", None, True),
    # authenticated by its Standard Webhooks signature, never by a login: a bearer token or session without the
    # webhook-* headers is 401 for everyone (gridgov/linkage/tests/test_alarms.py signs and gets 201)
    "POST /api/v1/alarms/{source}": ("/api/v1/alarms/snow-light", lambda f: {
        "device_id": "11010100001321000001", "event_type": "fire_smoke", "occurred_at": "2026-11-23T09:00:00+08:00"},
                                     False),
    "GET /api/v1/volunteers/teams": ("/api/v1/volunteers/teams", None, False),
    "GET /api/v1/volunteers/members": ("/api/v1/volunteers/members", None, False),
    "GET /api/v1/volunteers/activities": ("/api/v1/volunteers/activities", None, False),
    "POST /api/v1/volunteers/activities": ("/api/v1/volunteers/activities", lambda f: {
        "team": f["vteam"], "kind": "patrol", "title": "夜巡", "area": f["area"], "starts_at": "2026-11-23T19:00+08:00",
        "ends_at": "2026-11-23T21:00+08:00"}, True),
    "POST /api/v1/volunteers/activities/{activity_id}/sign-in": ("/api/v1/volunteers/activities/{vactivity}/sign-in",
                                                                 lambda f: {"lon": f["lon"], "lat": f["lat"]}, False),
    "POST /api/v1/volunteers/activities/{activity_id}/sign-out": (
        "/api/v1/volunteers/activities/{vactivity}/sign-out", lambda f: {"lon": f["lon"], "lat": f["lat"]}, False),
    "POST /api/v1/volunteers/attendances/{attendance_id}/decision": (
        "/api/v1/volunteers/attendances/{vattendance}/decision", lambda f: {"approve": True}, True),
    "POST /api/v1/volunteers/activities/{activity_id}/calls": ("/api/v1/volunteers/activities/{vactivity}/calls",
                                                               lambda f: {}, True),
    "POST /api/v1/volunteers/calls/{call_id}/answer": ("/api/v1/volunteers/calls/{vcall}/answer",
                                                       lambda f: {"coming": True}, False),
    "GET /api/v1/volunteers/members/{member_id}/ledger": ("/api/v1/volunteers/members/{vmember}/ledger", None, True),
    "POST /api/v1/volunteers/members/{member_id}/public-points": (
        "/api/v1/volunteers/members/{vmember}/public-points", lambda f: {"points": 5, "reason": "上报隐患"}, True),
    "POST /api/v1/volunteers/members/{member_id}/redemptions": ("/api/v1/volunteers/members/{vmember}/redemptions",
                                                                lambda f: {"service": f["vservice"]}, True),
    "GET /api/v1/volunteers/services": ("/api/v1/volunteers/services", None, False),
    "GET /api/v1/volunteers/dashboard": ("/api/v1/volunteers/dashboard?area={vtown}&from=2026-11-01&to=2026-11-30",
                                         None, True),
    "GET /api/v1/assess/scores": ("/api/v1/assess/scores?month=2026-10", None, False),
    "GET /api/v1/assess/scores/{score_id}": ("/api/v1/assess/scores/{score}", None, True),
    "POST /api/v1/assess/nominations": ("/api/v1/assess/nominations", lambda f: {"score": f["score"], "note": "优秀"},
                                        True),
    "POST /api/v1/assess/nominations/{nomination_id}/decision": (
        "/api/v1/assess/nominations/999999/decision", lambda f: {"approve": True}, False),
    "GET /api/v1/emergencies/plans": ("/api/v1/emergencies/plans", None, False),
    "GET /api/v1/emergencies": ("/api/v1/emergencies", None, False),
    "GET /api/v1/emergencies/scenarios": ("/api/v1/emergencies/scenarios", None, False),
    "POST /api/v1/emergencies": ("/api/v1/emergencies", lambda f: {"area": f["town"], "plan": "flood",
                                                                   "reason": "暴雨"}, True),
    "GET /api/v1/emergencies/{emergency_id}": ("/api/v1/emergencies/{emergency}", None, True),
    "POST /api/v1/emergencies/{emergency_id}/end": ("/api/v1/emergencies/{emergency}/end",
                                                    lambda f: {"summary": "平稳"}, True),
    "POST /api/v1/emergencies/visits": ("/api/v1/emergencies/visits", lambda f: {
        "task": f["grid_task"], "place": "3号楼", "visited": 3, "idempotency_key": "visit-key-1"}, True),
    "POST /api/v1/emergencies/reports": ("/api/v1/emergencies/reports", lambda f: {"task": f["grid_task"]}, True),
    "POST /api/v1/emergencies/needs": ("/api/v1/emergencies/needs", lambda f: {"task": f["grid_task"],
                                                                              "need": "relief"}, True),
    "GET /api/v1/emergencies/{emergency_id}/team": ("/api/v1/emergencies/{emergency}/team?grid={grid}", None, True),
    "POST /api/v1/emergencies/{emergency_id}/callups": ("/api/v1/emergencies/{emergency}/callups",
                                                        lambda f: {"team": f["vteam"]}, True),
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


ROW_NAME = 66  # the width of a table's first column


def render(table: dict[str, list[int]]) -> str:
    lines = [" " * ROW_NAME + "".join(f"{r:>7}" for r in ROLES)]
    lines += [f"{k:<{ROW_NAME}}" + "".join(f"{v:>7}" for v in row) for k, row in table.items()]
    return "\n".join(lines)




PAGES = {  # URL pattern → (method, path with placeholders, form or None, compared in/out)
    "": ("GET", "/", None, False),
    "map/": ("GET", "/map/", None, False),
    "desk/": ("GET", "/desk/?view=all", None, False),
    "desk/cases.<str:fmt>": ("GET", "/desk/cases.csv", None, False),
    "desk/cases/<int:pk>/": ("GET", "/desk/cases/{event}/", None, True),
    "desk/cases/<int:pk>/act": ("POST", "/desk/cases/{event}/act", {"action": "comment", "note": "看过了"}, True),
    "desk/cases/<int:pk>/parties/<int:party_id>/reveal": ("POST", "/desk/cases/{dispute}/parties/{party}/reveal", {},
                                                          True),
    "desk/dispatch": ("POST", "/desk/dispatch", {"case": ["{event}"]}, True),
    "desk/intake/": ("GET", "/desk/intake/", None, False),
    "field/": ("GET", "/field/", None, False),
    "field/cases/<int:pk>/": ("GET", "/field/cases/{event}/", None, True),
    "field/report/": ("GET", "/field/report/", None, False),
    "field/patrol/": ("GET", "/field/patrol/", None, False),
    "field/screening/": ("GET", "/field/screening/", None, False),
    "field/notifications/": ("GET", "/field/notifications/", None, False),
    "notifications/": ("GET", "/notifications/", None, False),
    "notifications/read-all": ("POST", "/notifications/read-all", {}, False),
    "notifications/<int:pk>/": ("GET", "/notifications/{notice}/", None, True),
    "notifications/<int:pk>/read": ("POST", "/notifications/{notice}/read", {}, True),
    "field/manifest.webmanifest": ("GET", "/field/manifest.webmanifest", None, False),
    "field/sw.js": ("GET", "/field/sw.js", None, False),
    "disputes/new/": ("GET", "/disputes/new/", None, False),
    "disputes/<int:pk>/agreement.pdf": ("GET", "/disputes/{dispute}/agreement.pdf", None, True),
    "petitions/new/": ("GET", "/petitions/new/", None, False),
    "petitions/tours/": ("GET", "/petitions/tours/", None, False),
    "petitions/<int:pk>/acceptance.pdf": ("GET", "/petitions/{petition}/acceptance.pdf", None, True),
    "command/": ("GET", "/command/", None, False),
    "command/dashboard/": ("GET", "/command/dashboard/?area={town}&from=2026-11-01&to=2026-11-30", None, True),
    "command/dashboard/<slug:table>.<str:fmt>": ("GET", "/command/dashboard/kpis.csv?area={town}&from=2026-11-01"
                                                 "&to=2026-11-30", None, True),
    "command/report/<str:kind>.pdf": ("GET", "/command/report/daily.pdf?area={town}&to=2026-11-23", None, True),
    "command/cards/<str:code>.<str:fmt>": ("GET", "/command/cards/{area}.png", None, True),
    "report/": ("GET", "/report/", None, False),
    "report/outline.geojson": ("GET", "/report/outline.geojson", None, False),
    "track/": ("GET", "/track/", None, False),
    "track/<str:code>/": ("GET", "/track/{tracking}/", None, False),
    "accounts/login/": ("GET", "/accounts/login/", None, False),
    "accounts/logout/": ("POST", "/accounts/logout/", {}, False),
    "account/password/": ("GET", "/account/password/", None, False),
    "account/password/done/": ("GET", "/account/password/done/", None, False),
    "account/notifications/": ("GET", "/account/notifications/", None, False),
    "favicon.ico": ("GET", "/favicon.ico", None, False),
    "i18n/setlang/": ("POST", "/i18n/setlang/", {"language": "en", "next": "/"}, False),
    "admin/": ("GET", "/admin/", None, False),
    "police/": ("GET", "/police/", None, False),
    "police/stations/<int:pk>/": ("GET", "/police/stations/{station}/", None, True),
    "volunteers/": ("GET", "/volunteers/?area={vtown}", None, True),
    "volunteers/approvals/": ("GET", "/volunteers/approvals/", None, False),
    "volunteers/phone/": ("GET", "/volunteers/phone/", None, False),
    "volunteers/phone/sign": ("POST", "/volunteers/phone/sign", {"activity": "{vactivity}", "lon": "{lon}",
                                                                 "lat": "{lat}", "what": "in"}, False),
    "volunteers/phone/answer": ("POST", "/volunteers/phone/answer", {"call": "{vcall}", "coming": "1"}, False),
    "assess/": ("GET", "/assess/", None, False),
    "assess/rankings/": ("GET", "/assess/rankings/?area={town}&month=2026-10", None, True),
    "assess/rankings.<str:fmt>": ("GET", "/assess/rankings.csv?area={town}&month=2026-10", None, True),
    "assess/me/": ("GET", "/assess/me/?month=2026-10", None, False),
    "assess/workers/<int:pk>/": ("GET", "/assess/workers/{staff}/?month=2026-10", None, True),
    "assess/workers/<int:pk>/ledger.<str:fmt>": ("GET", "/assess/workers/{staff}/ledger.csv?month=2026-10", None,
                                                 True),
    "assess/nominations/": ("GET", "/assess/nominations/", None, False),
    "assess/act": ("POST", "/assess/act", {"action": "compute", "area": ["{town}"], "month": "2026-10"}, True),
    "field/campaign/": ("GET", "/field/campaign/", None, False),
    "emergencies/": ("GET", "/emergencies/", None, False),
    "emergencies/<int:pk>/": ("GET", "/emergencies/{emergency}/", None, True),
    "emergencies/<int:pk>/end": ("POST", "/emergencies/{emergency}/end", {"summary": "平稳"}, True),
    "emergencies/<int:pk>/report.<str:fmt>": ("GET", "/emergencies/{emergency}/report.xlsx", None, True),
    "emergencies/<int:pk>/data.json": ("GET", "/emergencies/{emergency}/data.json", None, True),
    "emergencies/<int:pk>/callup": ("POST", "/emergencies/{emergency}/callup", {"team": "{vteam}"}, True),
    "emergencies/scenarios/new": ("POST", "/emergencies/scenarios/new", {"template": "safe_campus", "name": "校园",
                                  "grids": ["{area}"], "starts_at": "2026-11-23T08:00"}, True),
    "emergencies/scenarios/<int:pk>/": ("GET", "/emergencies/scenarios/{scenario}/", None, True),
}


def call_page(client, world: dict, role: str, pattern: str, side: str) -> int:
    method, path, form, _ = PAGES[pattern]
    f = places(world, side)
    if role != "anon":
        client.force_login(world["people"][role])
    url = path.format(**f)
    if method == "GET":
        return client.get(url).status_code
    data = {k: [x.format(**f) for x in v] if isinstance(v, list) else v.format(**f) if isinstance(v, str) else v
            for k, v in (form or {}).items()}
    return client.post(url, data).status_code


def parse(table: str) -> dict[str, list[int]]:
    rows = [line for line in table.strip().splitlines()[1:] if line.strip()]
    out = {}
    for line in rows:
        name, cells = line[:ROW_NAME], line[ROW_NAME:].split()
        assert len(cells) == len(ROLES), line
        out[name.strip()] = [int(c) for c in cells]
    return out


def api_operations() -> set[str]:
    from gridgov.api import api

    schema = api.get_openapi_schema()
    return {f"{m.upper()} {p}" for p, ops in schema["paths"].items() for m in ops}


def page_patterns() -> set[str]:
    return {p for p in url_patterns() if not p.startswith(("admin/", "api/v1"))} | {"admin/"}


def test_every_api_operation_and_every_page_is_in_the_matrix():
    assert api_operations() == {" ".join(op.split()[:2]) for op in API}, "a new API operation: add it to API"
    assert page_patterns() == set(PAGES), "a new page: add it to PAGES"


def test_every_role_gets_the_expected_answer_from_every_api_operation(world, client):
    assert render(answers(client, world, call_api, API)) == render(parse(EXPECTED_API))


def test_every_role_gets_the_expected_answer_from_every_page(world, client):
    assert render(answers(client, world, call_page, PAGES)) == render(parse(EXPECTED_PAGES))


LISTS = ["/api/v1/cases?page_size=100", "/api/v1/command/points", "/api/v1/command/grid/110101101/cases",
         "/api/v1/command/changes?since=2026-11-01T00:00:00%2B08:00", "/api/v1/org/areas/110101101/staff"]


def test_no_list_carries_a_case_outside_the_readers_jurisdiction(world, client):
    outside = [world["cases"][f"{k}_out"] for k in ("event", "dispute", "petition")]
    for role in ROLES[:-1]:
        if role == "admin":
            continue
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world['bearer'][role]}"}
        for url in LISTS:
            body = client.get(url, **headers).content.decode()
            assert not any(c.number in body for c in outside), (role, url)
        client.force_login(world["people"][role])
        for url in ("/desk/?view=all", "/desk/cases.csv"):
            body = client.get(url).content.decode()
            assert not any(c.number in body for c in outside), (role, url)



# -- what every role gets: the status of each call ------------------------------------------------------------------
# 200/201/204 done; 302 (pages) a redirect, to the login page for the anonymous, back to the page with a message
# after a form; 400/409 refused as it stands (a wrong password, a case that cannot take the action now, a point
# outside the reporter's jurisdiction to be confirmed first); 401 no login; 403 the role may not; 404 not in the
# reader's jurisdiction (what one may not see is not said to exist).
EXPECTED_API = """
                                                                       gw     gl     pl intake   disp   dept leader  admin secadm audadm   anon
GET /api/v1/auth/me                                                   200    200    200    200    200    200    200    200    200    200    401
POST /api/v1/auth/token                                               401    401    401    401    401    401    401    401    401    401    401
GET /api/v1/auth/tokens                                               200    200    200    200    200    200    200    200    200    200    401
DELETE /api/v1/auth/tokens/{token_id}                                 404    404    404    404    404    404    404    404    404    404    401
POST /api/v1/auth/logout                                              204    204    204    204    204    204    204    204    204    204    401
POST /api/v1/auth/password                                            400    400    400    400    400    400    400    400    400    400    401
GET /api/v1/geo/areas                                                 200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/geo/locate in                                             200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/geo/locate out                                            200    200    200    200    200    200    200    200    200    200    401
POST /api/v1/geo/locate/bulk in                                       200    200    200    200    200    200    200    200    200    200    401
POST /api/v1/geo/locate/bulk out                                      200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/geo/search                                                200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/org/areas/{code}/staff in                                 200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/org/areas/{code}/staff out                                200    200    200    200    200    200    200    200    200    200    401
POST /api/v1/cases in                                                 201    201    403    201    201    403    403    201    403    403    401
POST /api/v1/cases out                                                409    409    403    409    409    403    403    201    403    403    401
GET /api/v1/cases                                                     200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/cases/{case_id} in                                        200    200    200    200    200    200    200    200    404    404    401
GET /api/v1/cases/{case_id} out                                       404    404    404    404    404    404    404    200    404    404    401
POST /api/v1/cases/{case_id}/actions in                               200    200    200    200    200    200    200    200    404    404    401
POST /api/v1/cases/{case_id}/actions out                              404    404    404    404    404    404    404    200    404    404    401
POST /api/v1/cases/{case_id}/actions accept in                        403    403    403    403    403    200    403    200    404    404    401
POST /api/v1/cases/{case_id}/actions accept out                       404    404    404    404    404    404    404    200    404    404    401
POST /api/v1/cases/{case_id}/actions escalate in                      403    403    403    403    409    409    403    409    404    404    401
POST /api/v1/cases/{case_id}/actions escalate out                     404    404    404    404    404    404    404    200    404    404    401
POST /api/v1/cases/{case_id}/actions supervise in                     403    403    403    403    200    403    200    200    404    404    401
POST /api/v1/cases/{case_id}/actions supervise out                    404    404    404    404    404    404    404    200    404    404    401
POST /api/v1/cases/{case_id}/attachments in                           201    201    201    201    201    201    201    201    404    404    401
POST /api/v1/cases/{case_id}/attachments out                          404    404    404    404    404    404    404    201    404    404    401
GET /api/v1/cases/{case_id}/attachments/{attachment_id} in            200    200    200    200    200    200    200    200    404    404    401
GET /api/v1/cases/{case_id}/attachments/{attachment_id} out           404    404    404    404    404    404    404    200    404    404    401
GET /api/v1/kpis in                                                   200    200    200    200    200    403    200    200    404    404    401
GET /api/v1/kpis out                                                  404    404    404    404    404    403    404    200    404    404    401
GET /api/v1/kpis unit in                                              404    404    404    404    404    200    404    200    404    404    401
GET /api/v1/kpis unit out                                             404    404    404    404    404    404    404    200    404    404    401
GET /api/v1/kpis worker in                                            200    200    200    200    200    404    200    200    404    404    401
GET /api/v1/kpis worker out                                           404    404    404    404    404    404    404    200    404    404    401
GET /api/v1/categories                                                200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/track/{code}                                              200    200    200    200    200    200    200    200    200    200    200
POST /api/v1/track/{code}/rate                                        403    403    403    403    403    403    403    403    403    403    409
POST /api/v1/track/{code}/reopen                                      409    409    409    409    409    409    409    409    409    409    409
POST /api/v1/field/patrols                                            201    403    403    403    403    403    403    403    403    403    401
GET /api/v1/command/points                                            200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/command/changes                                           200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/command/grid/{code}/cases in                              200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/command/grid/{code}/cases out                             200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/command/dashboard in                                      200    200    200    200    200    403    200    200    404    404    401
GET /api/v1/command/dashboard out                                     404    404    404    404    404    403    404    200    404    404    401
POST /api/v1/disputes in                                              201    201    201    201    201    403    403    201    403    403    401
POST /api/v1/disputes out                                             409    409    409    409    409    403    403    201    403    403    401
GET /api/v1/disputes/{case_id} in                                     200    200    200    200    200    404    200    200    404    404    401
GET /api/v1/disputes/{case_id} out                                    404    404    404    404    404    404    404    200    404    404    401
POST /api/v1/disputes/screenings                                      201    403    403    403    403    403    403    403    403    403    401
POST /api/v1/petitions in                                             403    403    403    201    201    403    403    201    403    403    401
POST /api/v1/petitions out                                            403    403    403    409    409    403    403    201    403    403    401
GET /api/v1/notifications                                             200    200    200    200    200    200    200    200    200    200    401
POST /api/v1/notifications/read-all                                   200    200    200    200    200    200    200    200    200    200    401
POST /api/v1/notifications/{notification_id}/read in                  404    404    404    404    404    200    404    404    404    404    401
POST /api/v1/notifications/{notification_id}/read out                 404    404    404    404    404    404    404    404    404    404    401
GET /api/v1/petitions/{case_id} in                                    200    200    200    200    200    404    200    200    404    404    401
GET /api/v1/petitions/{case_id} out                                   404    404    404    404    404    404    404    200    404    404    401
POST /api/v1/petitions/tour-visits in                                 403    403    403    403    403    403    201    201    403    403    401
POST /api/v1/petitions/tour-visits out                                403    403    403    403    403    403    400    201    403    403    401
GET /api/v1/police/coverage in                                        200    200    200    200    200    403    200    200    404    404    401
GET /api/v1/police/coverage out                                       404    404    404    404    404    403    404    200    404    404    401
GET /api/v1/police/reach in                                           200    200    200    200    200    403    200    200    404    404    401
GET /api/v1/police/reach out                                          404    404    404    404    404    403    404    200    404    404    401
GET /api/v1/police/plan in                                            200    200    200    200    200    403    200    200    404    404    401
GET /api/v1/police/plan out                                           404    404    404    404    404    403    404    200    404    404    401
POST /api/v1/police/transfers in                                      403    403    403    201    201    403    403    201    403    403    401
POST /api/v1/police/transfers out                                     403    403    403    409    409    403    403    201    403    403    401
GET /api/v1/cameras in                                                200    200    200    200    200    403    200    200    200    200    401
GET /api/v1/cameras out                                               200    200    200    200    200    403    200    200    200    200    401
GET /api/v1/cameras/gaps in                                           200    200    200    200    200    403    200    200    200    200    401
GET /api/v1/cameras/gaps out                                          200    200    200    200    200    403    200    200    200    200    401
POST /api/v1/alarms/{source}                                          401    401    401    401    401    401    401    401    401    401    401
GET /api/v1/volunteers/teams                                          200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/volunteers/members                                        200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/volunteers/activities                                     200    200    200    200    200    200    200    200    200    200    401
POST /api/v1/volunteers/activities in                                 403    403    201    403    403    403    403    201    404    404    401
POST /api/v1/volunteers/activities out                                404    404    404    404    404    403    404    201    404    404    401
POST /api/v1/volunteers/activities/{activity_id}/sign-in              403    403    403    403    403    403    403    403    403    403    401
POST /api/v1/volunteers/activities/{activity_id}/sign-out             403    403    403    403    403    403    403    403    403    403    401
POST /api/v1/volunteers/attendances/{attendance_id}/decision in       403    403    200    403    403    403    403    200    404    404    401
POST /api/v1/volunteers/attendances/{attendance_id}/decision out      404    404    404    404    404    403    404    200    404    404    401
POST /api/v1/volunteers/activities/{activity_id}/calls in             403    403    201    403    403    403    403    201    404    404    401
POST /api/v1/volunteers/activities/{activity_id}/calls out            404    404    404    404    404    403    404    201    404    404    401
POST /api/v1/volunteers/calls/{call_id}/answer                        403    403    403    403    403    403    403    403    403    403    401
GET /api/v1/volunteers/members/{member_id}/ledger in                  200    200    200    200    200    404    200    200    404    404    401
GET /api/v1/volunteers/members/{member_id}/ledger out                 404    404    404    404    404    404    404    200    404    404    401
POST /api/v1/volunteers/members/{member_id}/public-points in          403    403    403    201    201    403    403    201    403    403    401
POST /api/v1/volunteers/members/{member_id}/public-points out         403    403    403    404    404    403    403    201    403    403    401
POST /api/v1/volunteers/members/{member_id}/redemptions in            403    403    403    409    409    403    403    409    403    403    401
POST /api/v1/volunteers/members/{member_id}/redemptions out           403    403    403    404    404    403    403    409    403    403    401
GET /api/v1/volunteers/services                                       200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/volunteers/dashboard in                                   404    404    404    200    200    403    200    200    404    404    401
GET /api/v1/volunteers/dashboard out                                  404    404    404    404    404    403    404    200    404    404    401
GET /api/v1/assess/scores                                             200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/assess/scores/{score_id} in                               200    200    200    200    200    404    200    200    404    404    401
GET /api/v1/assess/scores/{score_id} out                              404    404    404    404    404    404    404    200    404    404    401
POST /api/v1/assess/nominations in                                    403    403    403    403    409    404    409    403    404    404    401
POST /api/v1/assess/nominations out                                   404    404    404    404    404    404    404    403    404    404    401
POST /api/v1/assess/nominations/{nomination_id}/decision              404    404    404    404    404    404    404    404    404    404    401
GET /api/v1/emergencies/plans                                         200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/emergencies                                               200    200    200    200    200    200    200    200    200    200    401
GET /api/v1/emergencies/scenarios                                     200    200    200    200    200    200    200    200    200    200    401
POST /api/v1/emergencies in                                           403    403    403    403    403    403    409    409    403    403    401
POST /api/v1/emergencies out                                          403    403    403    403    403    403    404    409    403    403    401
GET /api/v1/emergencies/{emergency_id} in                             200    200    200    200    200    403    200    200    404    404    401
GET /api/v1/emergencies/{emergency_id} out                            404    404    404    404    404    403    404    200    404    404    401
POST /api/v1/emergencies/{emergency_id}/end in                        403    403    403    403    403    403    200    200    404    404    401
POST /api/v1/emergencies/{emergency_id}/end out                       404    404    404    404    404    403    404    200    404    404    401
POST /api/v1/emergencies/visits in                                    201    201    403    403    403    403    403    403    403    403    401
POST /api/v1/emergencies/visits out                                   404    404    403    403    403    403    403    403    403    403    401
POST /api/v1/emergencies/reports in                                   201    201    403    403    403    403    403    403    403    403    401
POST /api/v1/emergencies/reports out                                  404    404    403    403    403    403    403    403    403    403    401
POST /api/v1/emergencies/needs in                                     201    201    403    403    403    403    403    403    403    403    401
POST /api/v1/emergencies/needs out                                    404    404    403    403    403    403    403    403    403    403    401
GET /api/v1/emergencies/{emergency_id}/team in                        200    200    200    200    200    403    200    200    404    404    401
GET /api/v1/emergencies/{emergency_id}/team out                       404    404    404    404    404    403    404    200    404    404    401
POST /api/v1/emergencies/{emergency_id}/callups in                    403    403    400    403    201    403    201    403    404    404    401
POST /api/v1/emergencies/{emergency_id}/callups out                   404    404    404    404    404    403    404    403    404    404    401
"""

EXPECTED_PAGES = """
                                                                       gw     gl     pl intake   disp   dept leader  admin secadm audadm   anon
                                                                      302    302    302    302    302    302    302    302    302    302    302
map/                                                                  200    200    200    200    200    200    200    200    200    200    302
desk/                                                                 200    200    200    200    200    200    200    200    200    200    302
desk/cases.<str:fmt>                                                  200    200    200    200    200    200    200    200    200    200    302
desk/cases/<int:pk>/ in                                               200    200    200    200    200    200    200    200    404    404    302
desk/cases/<int:pk>/ out                                              404    404    404    404    404    404    404    200    404    404    302
desk/cases/<int:pk>/act in                                            302    302    302    302    302    302    302    302    404    404    302
desk/cases/<int:pk>/act out                                           404    404    404    404    404    404    404    302    404    404    302
desk/cases/<int:pk>/parties/<int:party_id>/reveal in                  302    302    302    302    200    404    302    302    404    404    302
desk/cases/<int:pk>/parties/<int:party_id>/reveal out                 404    404    404    404    404    404    404    302    404    404    302
desk/dispatch in                                                      302    302    302    302    302    302    302    302    302    302    302
desk/dispatch out                                                     302    302    302    302    302    302    302    302    302    302    302
desk/intake/                                                          200    200    403    200    200    403    403    200    403    403    302
field/                                                                200    200    200    200    200    200    200    200    200    200    302
field/cases/<int:pk>/ in                                              200    200    200    200    200    200    200    200    404    404    302
field/cases/<int:pk>/ out                                             404    404    404    404    404    404    404    200    404    404    302
field/report/                                                         200    200    200    200    200    200    200    200    200    200    302
field/patrol/                                                         200    200    200    200    200    200    200    200    200    200    302
field/screening/                                                      200    200    200    200    200    200    200    200    200    200    302
field/notifications/                                                  200    200    200    200    200    200    200    200    200    200    302
notifications/                                                        200    200    200    200    200    200    200    200    200    200    302
notifications/read-all                                                302    302    302    302    302    302    302    302    302    302    302
notifications/<int:pk>/ in                                            404    404    404    404    404    302    404    404    404    404    302
notifications/<int:pk>/ out                                           404    404    404    404    404    404    404    404    404    404    302
notifications/<int:pk>/read in                                        404    404    404    404    404    302    404    404    404    404    302
notifications/<int:pk>/read out                                       404    404    404    404    404    404    404    404    404    404    302
field/manifest.webmanifest                                            200    200    200    200    200    200    200    200    200    200    200
field/sw.js                                                           200    200    200    200    200    200    200    200    200    200    200
disputes/new/                                                         200    200    200    200    200    403    403    200    403    403    302
disputes/<int:pk>/agreement.pdf in                                    404    404    404    404    404    404    404    404    404    404    302
disputes/<int:pk>/agreement.pdf out                                   404    404    404    404    404    404    404    404    404    404    302
petitions/new/                                                        403    403    403    200    200    403    403    200    403    403    302
petitions/tours/                                                      200    200    200    200    200    200    200    200    200    200    302
petitions/<int:pk>/acceptance.pdf in                                  200    200    200    200    200    404    200    200    404    404    302
petitions/<int:pk>/acceptance.pdf out                                 404    404    404    404    404    404    404    200    404    404    302
command/                                                              200    200    200    200    200    200    200    200    200    200    302
command/dashboard/ in                                                 404    404    404    200    200    403    200    200    404    404    302
command/dashboard/ out                                                404    404    404    404    404    403    404    200    404    404    302
command/dashboard/<slug:table>.<str:fmt> in                           404    404    404    200    200    403    200    200    404    404    302
command/dashboard/<slug:table>.<str:fmt> out                          404    404    404    404    404    403    404    200    404    404    302
command/report/<str:kind>.pdf in                                      404    404    404    200    200    403    200    200    404    404    302
command/report/<str:kind>.pdf out                                     404    404    404    404    404    403    404    200    404    404    302
command/cards/<str:code>.<str:fmt> in                                 200    200    200    200    200    403    200    200    404    404    302
command/cards/<str:code>.<str:fmt> out                                404    404    404    404    404    403    404    200    404    404    302
report/                                                               200    200    200    200    200    200    200    200    200    200    200
report/outline.geojson                                                200    200    200    200    200    200    200    200    200    200    200
track/                                                                200    200    200    200    200    200    200    200    200    200    200
track/<str:code>/                                                     200    200    200    200    200    200    200    200    200    200    200
accounts/login/                                                       200    200    200    200    200    200    200    200    200    200    200
accounts/logout/                                                      302    302    302    302    302    302    302    302    302    302    302
account/password/                                                     200    200    200    200    200    200    200    200    200    200    302
account/password/done/                                                200    200    200    200    200    200    200    200    200    200    302
account/notifications/                                                200    200    200    200    200    200    200    200    200    200    302
favicon.ico                                                           302    302    302    302    302    302    302    302    302    302    302
i18n/setlang/                                                         302    302    302    302    302    302    302    302    302    302    302
admin/                                                                302    302    302    302    302    302    302    200    200    200    302
police/                                                               200    200    200    200    200    200    200    200    200    200    302
police/stations/<int:pk>/ in                                          404    404    200    200    200    404    200    200    404    404    302
police/stations/<int:pk>/ out                                         404    404    404    404    404    404    404    200    404    404    302
volunteers/ in                                                        404    404    404    200    200    403    200    200    404    404    302
volunteers/ out                                                       404    404    404    404    404    403    404    200    404    404    302
volunteers/approvals/                                                 200    200    200    200    200    200    200    200    200    200    302
volunteers/phone/                                                     200    200    200    200    200    200    200    200    200    200    302
volunteers/phone/sign                                                 302    302    302    302    302    302    302    302    302    302    302
volunteers/phone/answer                                               302    302    302    302    302    302    302    302    302    302    302
assess/                                                               302    302    302    302    302    302    302    302    302    302    302
assess/rankings/ in                                                   302    404    404    200    200    404    200    200    404    404    302
assess/rankings/ out                                                  302    404    404    404    404    404    404    200    404    404    302
assess/rankings.<str:fmt> in                                          404    404    404    200    200    404    200    200    404    404    302
assess/rankings.<str:fmt> out                                         404    404    404    404    404    404    404    200    404    404    302
assess/me/                                                            200    302    302    302    302    302    302    302    302    302    302
assess/workers/<int:pk>/ in                                           200    200    200    200    200    404    200    200    404    404    302
assess/workers/<int:pk>/ out                                          404    404    404    404    404    404    404    200    404    404    302
assess/workers/<int:pk>/ledger.<str:fmt> in                           200    200    200    200    200    404    200    200    404    404    302
assess/workers/<int:pk>/ledger.<str:fmt> out                          404    404    404    404    404    404    404    200    404    404    302
assess/nominations/                                                   200    200    200    200    200    200    200    200    200    200    302
assess/act in                                                         404    404    404    302    302    404    302    302    404    404    302
assess/act out                                                        404    404    404    404    404    404    404    302    404    404    302
field/campaign/                                                       200    200    200    200    200    200    200    200    200    200    302
emergencies/                                                          200    200    200    200    200    200    200    200    200    200    302
emergencies/<int:pk>/ in                                              200    200    200    200    200    403    200    200    404    404    302
emergencies/<int:pk>/ out                                             404    404    404    404    404    403    404    200    404    404    302
emergencies/<int:pk>/end in                                           302    302    302    302    302    302    302    302    404    404    302
emergencies/<int:pk>/end out                                          404    404    404    404    404    302    404    302    404    404    302
emergencies/<int:pk>/report.<str:fmt> in                              200    200    200    200    200    403    200    200    404    404    302
emergencies/<int:pk>/report.<str:fmt> out                             404    404    404    404    404    403    404    200    404    404    302
emergencies/<int:pk>/data.json in                                     200    200    200    200    200    403    200    200    404    404    302
emergencies/<int:pk>/data.json out                                    404    404    404    404    404    403    404    200    404    404    302
emergencies/<int:pk>/callup in                                        302    302    302    302    302    302    302    302    404    404    302
emergencies/<int:pk>/callup out                                       404    404    404    404    404    302    404    302    404    404    302
emergencies/scenarios/new in                                          302    302    302    302    302    302    302    302    302    302    302
emergencies/scenarios/new out                                         302    302    302    302    302    302    302    302    302    302    302
emergencies/scenarios/<int:pk>/ in                                    200    200    200    200    200    200    200    200    404    404    302
emergencies/scenarios/<int:pk>/ out                                   404    404    404    404    404    200    404    200    404    404    302
"""

