"""The audit trail of a scripted session reads back complete: logins (web and API, success and failure), a
lockout, an administrator's role change, a password change, an unmasking, tokens issued and revoked, logouts;
each with who, when, from where and the values before and after, and never a password, hash or token."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict
from django.test import Client

from gridgov.audit.models import AuditEvent
from gridgov.cases.tests.conftest import POINT, at
from gridgov.org.models import Staff
from gridgov.org.tests.clock import START, clock_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"
NEW_PASSWORD = "Marble-kettle-77-Owl"
DESK, PHONE, ATTACKER, SECURITY = "203.0.113.7", "198.51.100.23", "198.51.100.66", "192.0.2.10"


def dispute(town):
    from gridgov.disputes import actions

    return actions.record_dispute(
        town.people.worker, dispute_type="neighbourhood", found_by="screening", description="边界争执",
        lon=POINT[0], lat=POINT[1], parties=[{"role": "申请人", "name": "张大山", "id_number": "410101199001011234",
                                             "phone": "13800001111"}],
        people_involved=1, risk="low", now=at(2026, 3, 2, 8, 0)).case


def test_the_audit_trail_of_a_session_is_complete(town, make_staff, clock):
    p = town.people
    for user in (p.dispatcher, p.worker):
        user.set_password(PASSWORD)
        user.save()
    security = make_staff("security_admin", "110101", username="sec", password=PASSWORD)
    get_user_model().objects.filter(pk=security.pk).update(is_staff=True)
    case = dispute(town)
    party = case.parties.get()
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    desk, phone, attacker, admin = (Client(REMOTE_ADDR=a) for a in (DESK, PHONE, ATTACKER, SECURITY))
    disp = p.dispatcher.username
    steps: dict[str, object] = {}

    def step(name: str) -> None:
        steps[name] = clock.advance(minutes=1)

    step("web login")
    assert desk.post("/accounts/login/", {"username": disp, "password": "wrong-password"}).status_code == 200
    assert desk.post("/accounts/login/", {"username": disp, "password": PASSWORD}).status_code == 302
    step("api login")
    tokens = [phone.post("/api/v1/auth/token", {"username": disp, "password": PASSWORD, "name": name},
                         content_type="application/json").json() for name in ("phone", "laptop")]
    step("lockout")
    for _ in range(5):
        attacker.post("/api/v1/auth/token", {"username": p.worker.username, "password": "guess"},
                      content_type="application/json")
    step("role change")
    admin.post("/accounts/login/", {"username": "sec", "password": PASSWORD})
    staff = Staff.objects.get(user=p.worker2)
    form = {"user": staff.user_id, "name": staff.name, "role": "grid_leader", "area": staff.area_id,
            "unit": staff.unit_id, "work_phone": staff.work_phone, "active": "on"}
    assert admin.post(f"/admin/org/staff/{staff.pk}/change/", form).status_code == 302
    step("unmasking")
    assert desk.post(f"/desk/cases/{case.pk}/parties/{party.pk}/reveal").status_code == 200
    step("token revoked")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {tokens[0]['token']}"}
    assert phone.delete(f"/api/v1/auth/tokens/{tokens[1]['id']}", **bearer).status_code == 204
    step("api logout")
    assert phone.post("/api/v1/auth/logout", **bearer).status_code == 204
    step("password change")
    r = desk.post("/account/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                         "new_password2": NEW_PASSWORD})
    assert r.status_code == 302
    step("web logout")
    assert desk.post("/accounts/logout/").status_code == 302

    events = list(AuditEvent.objects.filter(id__gt=start).order_by("id"))
    trail = [(e.verb, e.actor_name, e.ip_address, e.at) for e in events]
    expected = [
        ("login.failure", disp, DESK, steps["web login"]),
        ("login.success", disp, DESK, steps["web login"]),
        ("login.success", disp, PHONE, steps["api login"]),
        ("token.issue", disp, PHONE, steps["api login"]),
        ("login.success", disp, PHONE, steps["api login"]),
        ("token.issue", disp, PHONE, steps["api login"]),
        *[("login.failure", p.worker.username, ATTACKER, steps["lockout"])] * 4,
        ("login.lockout", p.worker.username, ATTACKER, steps["lockout"]),  # the fifth failure locks the account
        ("login.failure", p.worker.username, ATTACKER, steps["lockout"]),
        ("login.success", "sec", SECURITY, steps["role change"]),
        ("account.role_change", "sec", SECURITY, steps["role change"]),
        ("admin.change", "sec", SECURITY, steps["role change"]),
        ("reveal_party", disp, DESK, steps["unmasking"]),
        ("token.revoke", disp, PHONE, steps["token revoked"]),
        ("logout", disp, PHONE, steps["api logout"]),
        ("token.revoke", disp, PHONE, steps["api logout"]),
        ("password.change", disp, DESK, steps["password change"]),
        ("logout", disp, DESK, steps["web logout"]),
    ]
    assert trail == expected

    by_verb = {e.verb: e for e in events}
    assert by_verb["account.role_change"].changes == {"role": ["grid_worker", "grid_leader"]}
    assert by_verb["account.role_change"].object_id == str(staff.pk)
    assert by_verb["admin.change"].changes["role"] == ["grid_worker", "grid_leader"]
    assert by_verb["login.lockout"].object_id == str(p.worker.pk)
    assert [e.changes["locked_out"] for e in events if e.verb == "login.failure"] == [False] * 5 + [True]
    assert events[-2].changes == {"by": disp} and events[0].changes == {"channel": "web", "locked_out": False}
    assert [e.changes["channel"] for e in events if e.verb == "login.success"] == ["web", "api", "api", "web"]
    assert by_verb["reveal_party"].object_id == str(party.pk) and by_verb["reveal_party"].changes["case"]
    revoked = [e.changes["reason"] for e in events if e.verb == "token.revoke"]
    assert revoked == ["revoked_by_holder", "logout"]

    dumped = json.dumps([model_to_dict(e) for e in events], cls=DjangoJSONEncoder, ensure_ascii=False)
    secrets = [PASSWORD, NEW_PASSWORD, "wrong-password", "guess", "argon2", "pbkdf2", *(t["token"] for t in tokens),
               "410101199001011234", "13800001111"]
    assert [s for s in secrets if s in dumped] == []


def test_privilege_changes_are_audited_from_the_back_office_and_from_code(make_staff, small_grid, clock):
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    target = make_staff("dispatcher", "110101", username="disp", password=PASSWORD)
    created = AuditEvent.objects.get(verb="account.create", object_id=str(target.pk))
    assert created.changes["is_superuser"] == [None, False]
    admin = Client(REMOTE_ADDR=SECURITY)
    admin.force_login(root)
    form = {"username": "disp", "is_active": "on", "is_staff": "on", "is_superuser": "on",
            "date_joined_0": "2026-03-02", "date_joined_1": "09:00:00", "initial-date_joined_0": "2026-03-02",
            "initial-date_joined_1": "09:00:00"}
    assert admin.post(f"/admin/auth/user/{target.pk}/change/", form).status_code == 302
    event = AuditEvent.objects.get(verb="account.role_change", object_id=str(target.pk))
    assert (event.actor, event.ip_address) == (root, SECURITY)
    assert event.changes == {"is_staff": [False, True], "is_superuser": [False, True]}
    target.refresh_from_db()
    target.is_active = False
    target.save()  # from code (a shell, a command): still audited, with no actor
    event = AuditEvent.objects.filter(verb="account.role_change").order_by("-id").first()
    assert event.actor is None and event.changes == {"is_active": [True, False]}
    assert "argon2" not in json.dumps([e.changes for e in AuditEvent.objects.all()])


def test_behind_a_proxy_lockouts_and_the_audit_log_name_the_client_not_the_proxy(make_staff, small_grid, settings):
    settings.GRIDGOV_PROXY_COUNT = 1
    make_staff("dispatcher", "110101001", username="disp", password=PASSWORD)
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    client.post("/accounts/login/", {"username": "disp", "password": "wrong-password"})
    event = AuditEvent.objects.get(verb="login.failure")
    assert event.ip_address == "203.0.113.7"
