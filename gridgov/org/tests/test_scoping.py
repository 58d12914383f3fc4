import pytest

from gridgov.geo.models import Area
from gridgov.org.models import Staff, Unit, UnitKind, mask_phone

pytestmark = pytest.mark.django_db

VILLAGE_A = "110101001201"  # township 001, north village
VILLAGE_B = "110101001202"  # township 001, south village: the next village
TOWN_1, TOWN_2 = "110101001", "110101101"


def test_village_grid_worker_cannot_see_the_next_village(small_grid, make_staff):
    worker = make_staff("grid_worker", VILLAGE_A + "001001")
    make_staff("grid_worker", VILLAGE_B + "001001")
    visible = set(Area.objects.visible_to(worker).values_list("code", flat=True))
    assert visible == {VILLAGE_A + "001001"}
    staff = set(Staff.objects.visible_to(worker).values_list("area__code", flat=True))
    assert VILLAGE_B + "001001" not in staff


def test_village_grid_leader_sees_the_whole_village_and_nothing_beside_it(small_grid, make_staff):
    leader = make_staff("grid_leader", VILLAGE_A)
    codes = set(Area.objects.visible_to(leader).values_list("code", flat=True))
    assert len(codes) == 7 and all(c.startswith(VILLAGE_A) for c in codes)


def test_township_dispatcher_cannot_see_another_township(small_grid, make_staff):
    dispatcher = make_staff("dispatcher", TOWN_1)
    make_staff("dispatcher", TOWN_2)
    codes = set(Area.objects.visible_to(dispatcher).values_list("code", flat=True))
    assert codes and all(c.startswith(TOWN_1) for c in codes) and len(codes) == 15
    people = set(Staff.objects.visible_to(dispatcher).values_list("area__code", flat=True))
    assert TOWN_2 not in people and TOWN_1 in people


def test_units_serving_my_area_are_visible_but_not_the_next_townships(small_grid, make_staff):
    centre = Unit.objects.create(code="c", name="区中心", kind=UnitKind.CENTRE, area=small_grid["110101"])
    mine = Unit.objects.create(code="t1", name="镇一中心", kind=UnitKind.CENTRE, area=small_grid[TOWN_1])
    Unit.objects.create(code="t2", name="镇二中心", kind=UnitKind.CENTRE, area=small_grid[TOWN_2])
    worker = make_staff("grid_worker", VILLAGE_A + "001001")
    assert set(Unit.objects.visible_to(worker)) == {centre, mine}


def test_administrator_sees_everything_and_strangers_nothing(small_grid, make_staff, django_user_model):
    admin = make_staff("administrator", VILLAGE_A)  # the role, not the area, gives the whole grid
    assert Area.objects.visible_to(admin).count() == 31
    stranger = django_user_model.objects.create_user("nobody", password="x" * 12)
    assert Area.objects.visible_to(stranger).count() == 0


def test_inactive_staff_see_nothing(small_grid, make_staff):
    user = make_staff("dispatcher", TOWN_1)
    Staff.objects.filter(user=user).update(active=False)
    user.refresh_from_db()
    assert Area.objects.visible_to(user).count() == 0


def test_area_api_is_scoped_to_the_caller(small_grid, make_staff, client):
    client.force_login(make_staff("dispatcher", TOWN_2))
    fc = client.get("/api/v1/geo/areas", {"level": 3}).json()
    assert {f["properties"]["code"] for f in fc["features"]} == {TOWN_2 + "201", TOWN_2 + "202"}
    fc = client.get("/api/v1/geo/areas", {"level": 3, "within": TOWN_1}).json()
    assert fc["features"] == []


def test_staff_api_shows_the_people_of_a_grid_and_above_it_within_scope(small_grid, make_staff, client):
    grid = VILLAGE_A + "001001"
    worker = make_staff("grid_worker", grid)
    make_staff("police_liaison", VILLAGE_A)
    make_staff("grid_worker", VILLAGE_B + "001001")
    client.force_login(worker)
    people = client.get(f"/api/v1/org/areas/{grid}/staff").json()
    assert {p["role"] for p in people} == {"grid_worker", "police_liaison"}
    assert client.get(f"/api/v1/org/areas/{VILLAGE_B}001001/staff").json() == []


def test_anonymous_api_calls_are_refused(small_grid, client):
    assert client.get("/api/v1/geo/areas", {"level": 2}).status_code == 401


def test_phone_masking_keeps_only_the_last_four():
    assert mask_phone("13812345678") == "*******5678"
    assert mask_phone("12345") == "****5"
