"""三员分立: the system, security and audit administrators are separate roles, each limited to its duty in the back
office; nobody (superusers included) adds, changes or deletes audit events or access logs."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gridgov.audit.models import AuditEvent, AuditLogIsAppendOnly
from gridgov.org.models import ApiToken, Staff

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def admins(make_staff, small_grid):
    def make(role: str, username: str):
        user = make_staff(role, "110101", username=username, password=PASSWORD)
        user.is_staff = True
        user.save()
        return user

    return {"system": make("administrator", "sys"), "security": make("security_admin", "sec"),
            "audit": make("audit_admin", "aud"),
            "dispatcher": make_staff("dispatcher", "110101001", username="disp", password=PASSWORD)}


def as_(client, user):
    client.force_login(user)
    return client


PAGES = {"area": "/admin/geo/area/", "unit": "/admin/org/unit/", "category": "/admin/cases/category/",
         "staff": "/admin/org/staff/", "user": "/admin/auth/user/", "token": "/admin/org/apitoken/",
         "audit": "/admin/audit/auditevent/", "lockouts": "/admin/axes/accessattempt/",
         "access log": "/admin/axes/accesslog/"}
CAN_SEE = {"system": {"area", "unit", "category", "staff"},
           "security": {"unit", "staff", "user", "token", "lockouts", "access log"},
           "audit": {"audit"}}


@pytest.mark.parametrize("role", ["system", "security", "audit"])
def test_each_administrator_sees_only_the_back_office_pages_of_their_duty(admins, client, role):
    as_(client, admins[role])
    seen = {name for name, url in PAGES.items() if client.get(url).status_code == 200}
    assert seen == CAN_SEE[role]
    refused = {client.get(url).status_code for name, url in PAGES.items() if name not in CAN_SEE[role]}
    assert refused == {403}


def test_the_system_administrator_keeps_the_grid_but_not_roles(admins, client, small_grid):
    as_(client, admins["system"])
    area = small_grid["110101001"]
    r = client.post(f"/admin/geo/area/{area.pk}/change/", {"name": "新名字", "kind": "comprehensive",
                                                             "households": "", "residents": ""})
    assert r.status_code == 302
    staff = Staff.objects.get(user=admins["dispatcher"])
    assert client.get(f"/admin/org/staff/{staff.pk}/change/").status_code == 200  # viewed, read-only
    r = client.post(f"/admin/org/staff/{staff.pk}/change/", {"role": "leader"})
    assert r.status_code == 403 and Staff.objects.get(pk=staff.pk).role == "dispatcher"


def staff_form(staff: Staff, **over) -> dict:
    form = {"user": staff.user_id, "name": staff.name, "role": staff.role, "area": staff.area_id,
            "unit": staff.unit_id or "", "work_phone": staff.work_phone, "active": "on" if staff.active else ""}
    return {k: v for k, v in (form | over).items() if v != ""}


def test_the_security_administrator_changes_roles_but_never_their_own(admins, client):
    as_(client, admins["security"])
    staff = Staff.objects.get(user=admins["dispatcher"])
    r = client.post(f"/admin/org/staff/{staff.pk}/change/", staff_form(staff, role="leader"))
    assert r.status_code == 302, r.content[:3000]
    assert Staff.objects.get(pk=staff.pk).role == "leader"
    own = Staff.objects.get(user=admins["security"])
    r = client.post(f"/admin/org/staff/{own.pk}/change/", staff_form(own, role="administrator"))
    assert r.status_code == 403 and Staff.objects.get(pk=own.pk).role == "security_admin"
    assert client.get(f"/admin/auth/user/{admins['security'].pk}/change/").status_code == 200  # view only
    r = client.post(f"/admin/auth/user/{admins['security'].pk}/change/", {"username": "sec", "is_superuser": "on"})
    assert r.status_code == 403


def test_the_security_administrator_appoints_no_administrator_and_cannot_take_over_one(admins, client):
    as_(client, admins["security"])
    staff = Staff.objects.get(user=admins["dispatcher"])
    r = client.post(f"/admin/org/staff/{staff.pk}/change/", staff_form(staff, role="administrator"))
    assert r.status_code == 200 and Staff.objects.get(pk=staff.pk).role == "dispatcher"  # not among the choices
    for who in ("system", "audit"):
        theirs = Staff.objects.get(user=admins[who])
        r = client.post(f"/admin/org/staff/{theirs.pk}/change/", staff_form(theirs, role="dispatcher"))
        assert r.status_code == 403 and Staff.objects.get(pk=theirs.pk).role != "dispatcher"
        r = client.post(f"/admin/auth/user/{admins[who].pk}/password/",
                        {"password1": "a-new-long-passphrase-7", "password2": "a-new-long-passphrase-7"})
        assert r.status_code == 403


def test_the_security_administrator_creates_logins_with_strong_passwords_only(admins, client):
    as_(client, admins["security"])
    form = {"username": "newcomer", "usable_password": "true", "password1": "zhangwei19900101",
            "password2": "zhangwei19900101"}
    assert client.post("/admin/auth/user/add/", form).status_code == 200  # refused: a name and a date
    assert not get_user_model().objects.filter(username="newcomer").exists()
    form |= {"password1": "Marble-kettle-77-Owl", "password2": "Marble-kettle-77-Owl"}
    assert client.post("/admin/auth/user/add/", form).status_code == 302
    created = AuditEvent.objects.get(verb="account.create", object_repr="newcomer")
    assert created.actor == admins["security"] and "Marble" not in str(created.changes)


def test_the_administrators_land_on_their_duty(admins, client):
    assert as_(client, admins["audit"]).get("/").url == "/admin/"
    assert as_(client, admins["security"]).get("/").url == "/admin/"
    assert as_(client, admins["system"]).get("/").url == "/command/"


def test_only_a_superuser_grants_superuser_status(admins, client):
    as_(client, admins["security"])
    target = admins["dispatcher"]
    form = {"username": "disp", "is_active": "on", "is_staff": "on", "is_superuser": "on",
            "date_joined_0": "2026-03-02", "date_joined_1": "09:00:00", "initial-date_joined_0": "2026-03-02",
            "initial-date_joined_1": "09:00:00"}
    r = client.post(f"/admin/auth/user/{target.pk}/change/", form)
    assert r.status_code == 302, r.content[:3000]
    target.refresh_from_db()
    assert target.is_staff and not target.is_superuser  # the field is read-only for them


def test_the_security_administrator_revokes_tokens_audited(admins, client):
    client.post("/api/v1/auth/token", {"username": "disp", "password": PASSWORD}, content_type="application/json")
    token = ApiToken.objects.get(user=admins["dispatcher"])
    as_(client, admins["security"])
    r = client.post(f"/admin/org/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not ApiToken.objects.exists()
    event = AuditEvent.objects.get(verb="token.revoke")
    assert event.actor == admins["security"] and event.changes["reason"] == "revoked_by_security_admin"


def test_the_audit_administrator_only_reads_the_audit_log(admins, client):
    as_(client, admins["audit"])
    index = client.get("/admin/").content.decode()
    assert "/admin/audit/auditevent/" in index and "/admin/org/" not in index and "/admin/geo/" not in index
    event = AuditEvent.objects.first()
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403


def test_nobody_changes_or_deletes_audit_events_or_access_logs_not_even_a_superuser(admins, client):
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    as_(client, root)
    event = AuditEvent.objects.first()
    before = AuditEvent.objects.count()
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post("/admin/audit/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk],
                                             "post": "yes"})
    assert AuditEvent.objects.count() >= before and AuditEvent.objects.filter(pk=event.pk).exists()
    assert client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"verb": "x"}).status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    client.__class__().post("/accounts/login/", {"username": "disp", "password": PASSWORD})  # an access log
    from axes.models import AccessLog

    log = AccessLog.objects.first()
    assert log is not None
    assert client.post(f"/admin/axes/accesslog/{log.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessLog.objects.filter(pk=log.pk).exists()


def test_the_audit_log_refuses_changes_and_deletion_in_code_too(admins):
    event = AuditEvent.objects.first()
    event.verb = "forged"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(verb="forged")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb != "forged"


def test_deleting_a_login_keeps_its_events_and_who_it_was(admins):
    user = admins["dispatcher"]
    events = AuditEvent.objects.filter(actor_name="disp").count() + AuditEvent.objects.filter(
        object_type="auth.User", object_id=str(user.pk)).count()
    user.delete()
    assert events and AuditEvent.objects.filter(verb="account.delete", object_repr="disp").exists()


def test_the_security_and_audit_administrators_see_no_cases(admins):
    from gridgov.geo.scoping import jurisdiction_of

    assert not jurisdiction_of(admins["security"]).codes and not jurisdiction_of(admins["security"]).everything
    assert not jurisdiction_of(admins["audit"]).codes and not jurisdiction_of(admins["audit"]).everything
    assert jurisdiction_of(admins["system"]).everything  # the system administrator keeps the grid


def test_the_staff_directory_lists_no_administrator(admins, client):
    as_(client, admins["dispatcher"])
    listed = {s["name"] for s in client.get("/api/v1/org/areas/110101001/staff").json()}
    assert listed and not listed & {Staff.objects.get(user=admins[w]).name for w in ("system", "security", "audit")}
