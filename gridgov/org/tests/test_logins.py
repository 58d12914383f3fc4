import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from gridgov.audit.models import AuditEvent
from gridgov.geo.models import Area

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"


def test_passwords_are_stored_with_argon2(make_staff, small_grid):
    user = make_staff("dispatcher", "110101", password=PASSWORD)
    assert user.password.startswith("argon2$")
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_login_page_logs_in_with_the_right_password(make_staff, small_grid, client):
    make_staff("dispatcher", "110101", username="disp", password=PASSWORD)
    r = client.post("/accounts/login/", {"username": "disp", "password": PASSWORD})
    assert r.status_code == 302 and r.url == "/"


def test_repeated_failed_logins_lock_the_account_even_with_the_right_password(make_staff, small_grid, client):
    make_staff("dispatcher", "110101", username="disp", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        r = client.post("/accounts/login/", {"username": "disp", "password": "wrong-password"})
    assert r.status_code == 429
    r = client.post("/accounts/login/", {"username": "disp", "password": PASSWORD})
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_out_api_login_is_answered_429_in_json(make_staff, small_grid, client):
    make_staff("dispatcher", "110101", username="disp", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        r = client.post("/api/v1/auth/token", {"username": "disp", "password": "wrong-password"},
                        content_type="application/json")
    r = client.post("/api/v1/auth/token", {"username": "disp", "password": PASSWORD}, content_type="application/json")
    assert r.status_code == 429 and r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "locked_out" and "15" in r.json()["message"]
    page = client.post("/accounts/login/", {"username": "disp", "password": PASSWORD})
    assert page.status_code == 429 and page["Content-Type"].startswith("text/html")


def test_admin_changes_are_audited_with_before_and_after(small_grid, client):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.force_login(get_user_model().objects.get(username="root"))
    area = Area.objects.get(code="110101001")
    r = client.post(f"/admin/geo/area/{area.pk}/change/", {"name": "新名字", "kind": "comprehensive",
                                                             "households": "", "residents": ""})
    assert r.status_code == 302, r.content[:2000]
    event = AuditEvent.objects.get(verb="admin.change")
    assert event.actor.username == "root"
    assert event.changes["name"] == ["测试镇001", "新名字"]


def test_back_office_speaks_chinese_by_default_and_english_on_request(small_grid, client):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.force_login(get_user_model().objects.get(username="root"))
    assert "区域" in client.get("/admin/geo/area/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert "Areas" in client.get("/admin/geo/area/").content.decode()


def test_the_back_office_covers_every_model_in_both_languages(small_grid, client):
    from django.apps import apps
    from django.contrib import admin

    ours = [m for m in apps.get_models() if m.__module__.startswith("gridgov.")]
    assert ours and [m.__name__ for m in ours if m not in admin.site._registry] == []
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.force_login(get_user_model().objects.get(username="root"))
    for model in ours:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url


def _token(client, username: str) -> str:
    r = client.post("/api/v1/auth/token", {"username": username, "password": PASSWORD},
                    content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()["token"]


def test_a_token_names_its_holder_with_role_unit_and_jurisdiction(make_staff, small_grid, client):
    from gridgov.org.models import Unit

    station = Unit.objects.create(code="110101001-s", name="测试镇001综治中心", kind="centre",
                                  area=small_grid["110101001"])
    make_staff("dispatcher", "110101001", username="disp", unit=station, password=PASSWORD)
    r = client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {_token(client, 'disp')}")
    assert r.status_code == 200
    assert r.json() == {"username": "disp", "name": "测试disp", "role": "dispatcher", "unit": "测试镇001综治中心",
                        "area_code": "110101001", "area_name": "测试镇001"}


def test_a_token_of_a_deactivated_login_is_refused(make_staff, small_grid, client):
    user = make_staff("dispatcher", "110101", username="disp", password=PASSWORD)
    token = _token(client, "disp")
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401


def test_a_token_loads_the_holder_as_the_orm_would(make_staff, small_grid, client):
    from gridgov.org.auth import user_for_token
    from gridgov.org.models import ApiToken, Staff

    user = make_staff("grid_worker", "110101001201001001", username="gw", password=PASSWORD)
    token = _token(client, "gw")
    found = user_for_token(token)
    assert found == user and found.last_login == get_user_model().objects.get(pk=user.pk).last_login
    assert found.staff == Staff.objects.get(user=user) and found.staff.area.code == "110101001201001001"
    assert found.staff.area.shape.area > 0  # the boundary, left out of the lookup, still loads when asked for
    assert ApiToken.objects.get(user=user).last_used is not None
    get_user_model().objects.create_user("nostaff", password=PASSWORD)
    holder = user_for_token(_token(client, "nostaff"))
    with pytest.raises(Staff.DoesNotExist):
        assert holder.staff is None
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {_token(client, 'nostaff')}").json() == {
        "username": "nostaff", "name": None, "role": None, "unit": None, "area_code": None, "area_name": None}
