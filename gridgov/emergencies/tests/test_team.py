"""The "1+3+N" team of a grid during an emergency: the grid's leader and workers plus the volunteers called in and
coming; called in by a leader or dispatcher, members told as for any call; shown masked on the campaign page, the
phone's campaign card and the API, scoped through the reader's areas. Department handlers do not read an
emergency's area figures. The demo's flood has its call-up."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gridgov.cases.tests.conftest import LEAF, VILLAGE, at

pytestmark = pytest.mark.django_db
TOWN = "110101001"
T = at(2026, 11, 23, 8, 0)
SIBLING = "110101001201001002"  # the grid next to the worker's, in the same village


def bearer(user) -> dict:
    from gridgov.org import tokens

    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(user)[0]}"}


@pytest.fixture
def crew(town):
    """A flood over the township, and its "Yi police" team (a member with a login, one without, one retired)."""
    from django.contrib.auth import get_user_model

    from gridgov.emergencies.actions import switch_on
    from gridgov.volunteers.models import Member, Team

    a = town.areas
    e, _n = switch_on(town.people.dispatcher, area_code=TOWN, plan_code="flood", reason="暴雨", now=T)
    team = Team.objects.create(name="测试镇义警队", unit=town.units.police, area=a[TOWN])
    far_team = Team.objects.create(name="东镇义警队", unit=town.units.town2, area=a["110101101"])
    login = get_user_model().objects.create_user(username="volunteer-1", password=None)
    member = Member.objects.create(team=team, area=a[LEAF], name="王小明", phone="13812345678", user=login)
    other = Member.objects.create(team=team, area=a[LEAF], name="李四", phone="13900001111", skills="急救")
    Member.objects.create(team=team, area=a[LEAF], name="周退", active=False)
    return SimpleNamespace(e=e, team=team, far_team=far_team, login=login, member=member, other=other)


def test_a_dispatcher_calls_the_team_in_for_the_emergency_and_the_member_with_a_login_is_told(town, crew):
    from gridgov.audit.models import AuditEvent
    from gridgov.emergencies.actions import call_up
    from gridgov.notify.actions import unread
    from gridgov.volunteers.models import Activity

    activity, calls = call_up(town.people.town_dispatcher, crew.e.pk, team_id=crew.team.pk, now=T)
    assert activity.emergency_id == crew.e.pk and activity.kind == "emergency" and activity.area.code == TOWN
    assert {c.member_id for c in calls} == {crew.member.pk, crew.other.pk}  # the retired member is not called
    assert [n.subject for n in unread(crew.login)] == [activity.title]
    assert AuditEvent.objects.filter(verb="emergency_call_up").count() == 1
    assert list(Activity.objects.filter(emergency=crew.e)) == [activity]


def test_only_a_leader_a_dispatcher_or_the_teams_unit_calls_in_within_both_areas_while_it_lasts(town, crew):
    from gridgov.cases.actions import ActionError, Conflict, Forbidden, NotFound
    from gridgov.emergencies.actions import call_up, switch_off
    from gridgov.volunteers.models import Activity, Call

    with pytest.raises(Forbidden):
        call_up(town.people.worker, crew.e.pk, team_id=crew.team.pk, now=T)
    with pytest.raises(Forbidden):
        call_up(town.people.village_leader, crew.e.pk, team_id=crew.team.pk, now=T)
    with pytest.raises(ActionError):  # the other township's team does not serve the flooded township
        call_up(town.people.dispatcher, crew.e.pk, team_id=crew.far_team.pk, now=T)
    with pytest.raises(ActionError):
        call_up(town.people.dispatcher, crew.e.pk, team_id=crew.team.pk, hours=100, now=T)
    with pytest.raises(ActionError):  # nobody matches: nothing is made
        call_up(town.people.dispatcher, crew.e.pk, team_id=crew.team.pk, skill="潜水", now=T)
    with pytest.raises(ActionError):  # the other township: outside the emergency
        call_up(town.people.dispatcher, crew.e.pk, team_id=crew.team.pk, area_code="110101101", now=T)
    with pytest.raises(NotFound):
        call_up(town.people.dispatcher, crew.e.pk + 99, team_id=crew.team.pk, now=T)
    assert not Activity.objects.exists() and not Call.objects.exists()
    switch_off(town.people.dispatcher, crew.e.pk, summary="结束", now=T)
    with pytest.raises(Conflict):
        call_up(town.people.dispatcher, crew.e.pk, team_id=crew.team.pk, now=T)


def test_the_team_of_a_grid_is_its_leader_and_workers_plus_the_volunteers_coming_masked(town, crew, client):
    from gridgov.emergencies.actions import call_up
    from gridgov.volunteers.actions import answer_call

    call_up(town.people.dispatcher, crew.e.pk, team_id=crew.team.pk, area_code=VILLAGE, now=T)
    mine = crew.member.calls.get()
    answer_call(crew.login, mine.pk, coming=True, now=T)  # the other one has not answered: not in the team
    r = client.get(f"/api/v1/emergencies/{crew.e.pk}/team?grid={LEAF}", **bearer(town.people.worker))
    assert r.status_code == 200, r.content
    team = r.json()
    assert [p["name"] for p in team["leaders"]] == ["测" + "*" * (len(town.people.village_leader.staff.name) - 1)]
    assert [p["role"] for p in team["workers"]] == ["grid_worker"]
    assert team["volunteers"] == [{"name": "王**", "role": None, "team": "测试镇义警队", "came": False}]
    assert team["size"] == 3 and "13812345678" not in r.content.decode() and "5678" not in r.content.decode()


def test_the_team_api_is_scoped_to_the_readers_grids_and_refuses_bad_codes_in_chinese(town, crew, client):
    url = f"/api/v1/emergencies/{crew.e.pk}/team?grid="
    worker = bearer(town.people.worker)
    sibling = client.get(url + SIBLING, **worker)
    assert sibling.status_code == 404 and "辖区" in sibling.json()["detail"]
    assert client.get(url + "110101101201001001", **bearer(town.people.dispatcher)).status_code == 404  # no task
    assert client.get(url + SIBLING, **bearer(town.people.village_leader)).status_code == 200
    assert client.get(url + "12ab", **worker).status_code == 422
    assert client.get(url + "1" * 31, **worker).status_code == 422
    assert client.get(f"/api/v1/emergencies/{crew.e.pk}/team", **worker).status_code == 422


def test_the_api_calls_in_and_the_page_and_the_phone_card_show_the_team(town, crew, client):
    from gridgov.volunteers.models import Call

    r = client.post(f"/api/v1/emergencies/{crew.e.pk}/callups", {"team": crew.team.pk, "title": "防汛集结"},
                    content_type="application/json", **bearer(town.people.town_dispatcher))
    assert r.status_code == 201 and r.json()["called"] == 2 and r.json()["area"] == TOWN
    Call.objects.filter(member=crew.member).update(answer="yes", came=True)
    client.force_login(town.people.town_dispatcher)
    page = client.get(f"/emergencies/{crew.e.pk}/?area={LEAF}").content.decode()
    assert 'id="team-size">3<' in page and "王**" in page and "防汛集结" in page
    assert "王小明" not in page and "李四" not in page  # masked, and the one without an answer is not in the team
    client.force_login(town.people.worker)
    card = client.get("/field/").content.decode()
    assert 'data-size="3"' in card and "王**" in card and "王小明" not in card


def test_the_campaign_page_form_calls_the_team_in(town, crew, client):
    from gridgov.volunteers.models import Call

    client.force_login(town.people.dispatcher)
    assert 'id="callup"' in client.get(f"/emergencies/{crew.e.pk}/").content.decode()
    r = client.post(f"/emergencies/{crew.e.pk}/callup", {"team": crew.team.pk, "area": VILLAGE, "hours": "4"})
    assert r.status_code == 302 and Call.objects.count() == 2
    client.force_login(town.people.worker)  # a grid worker reads the page but may not call
    assert 'id="callup"' not in client.get(f"/emergencies/{crew.e.pk}/").content.decode()


def test_department_handlers_do_not_read_an_emergencys_area_figures(town, crew, client):
    handler = town.people.urban_handler
    r = client.get(f"/api/v1/emergencies/{crew.e.pk}", **bearer(handler))
    assert r.status_code == 403 and r.json()["detail"]
    assert client.get(f"/api/v1/emergencies/{crew.e.pk}/team?grid={LEAF}", **bearer(handler)).status_code == 403
    client.force_login(handler)
    for path in ("/", "/report.pdf", "/report.xlsx", "/data.json"):
        assert client.get(f"/emergencies/{crew.e.pk}{path}").status_code == 403, path
    client.force_login(town.people.town_dispatcher)
    assert client.get(f"/emergencies/{crew.e.pk}/").status_code == 200


def test_the_page_data_carries_the_tables_figures_as_text(town, crew, client):
    from gridgov.emergencies.actions import record_visits
    from gridgov.emergencies.models import GridTask

    client.force_login(town.people.town_dispatcher)
    before = client.get(f"/emergencies/{crew.e.pk}/data.json?area={VILLAGE}").json()
    task = GridTask.objects.get(emergency=crew.e, area_code=LEAF)
    record_visits(town.people.worker, task_id=task.pk, place="3号楼", visited=7, idempotency_key="page-data-1")
    after = client.get(f"/emergencies/{crew.e.pk}/data.json?area={VILLAGE}").json()
    row = {r[0]: r for r in after["rows"]}
    assert row[LEAF][4] == "7" and {r[0]: r for r in before["rows"]}[LEAF][4] == "0"
    assert LEAF not in {m["code"] for m in after["missing"]} and len(after["missing"]) == len(before["missing"]) - 1
    assert client.get(f"/emergencies/{crew.e.pk}/data.json?area=999").status_code == 404


def test_the_demos_flood_has_its_volunteers_called_in(town):
    from gridgov.emergencies.demo import build
    from gridgov.emergencies.models import Emergency
    from gridgov.emergencies.team import callups
    from gridgov.volunteers.models import Member, Team

    team = Team.objects.create(name="测试镇义警队", unit=town.units.police, area=town.areas[TOWN])
    Member.objects.bulk_create([Member(team=team, area=town.areas[LEAF], name=f"志愿者{i}") for i in range(10)])
    out = build("110101")
    e = Emergency.objects.get()
    [activity] = callups(e, town.people.leader)
    assert out["volunteers_called"] == activity.called == 10 and 0 < activity.arrived <= activity.coming


def test_the_campaign_page_lists_only_the_call_ups_inside_the_readers_jurisdiction(town, crew, client):
    from gridgov.emergencies.actions import call_up

    call_up(town.people.town_dispatcher, crew.e.pk, team_id=crew.team.pk, area_code=VILLAGE, title="本村召集",
            now=T)
    other_village = next(c for c in town.areas if c.startswith(TOWN) and len(c) == len(VILLAGE) and c != VILLAGE)
    call_up(town.people.town_dispatcher, crew.e.pk, team_id=crew.team.pk, area_code=other_village,
            title="邻村召集-内部", now=T)
    client.force_login(town.people.town_dispatcher)
    page = client.get(f"/emergencies/{crew.e.pk}/").content.decode()
    assert "本村召集" in page and "邻村召集-内部" in page
    client.force_login(town.people.village_leader)
    page = client.get(f"/emergencies/{crew.e.pk}/").content.decode()
    assert "本村召集" in page and "邻村召集-内部" not in page


def test_a_call_up_takes_hours_as_a_whole_number_not_true_and_not_from_the_system_administrator(town, crew, client,
                                                                                              make_staff):
    from gridgov.cases.actions import ActionError, Forbidden
    from gridgov.emergencies.actions import call_up
    from gridgov.volunteers.models import Activity

    with pytest.raises(ActionError):
        call_up(town.people.dispatcher, crew.e.pk, team_id=crew.team.pk, hours=True, now=T)
    admin = make_staff("administrator", "110101", "sysadmin-2")
    with pytest.raises(Forbidden):
        call_up(admin, crew.e.pk, team_id=crew.team.pk, now=T)
    assert not Activity.objects.exists()


def test_a_department_reads_that_an_emergency_is_on_but_not_its_summarys_figures(town, crew, client):
    from gridgov.emergencies.actions import switch_off

    switch_off(town.people.dispatcher, crew.e.pk, summary="已走访100户", now=T)
    handler = town.people.urban_handler
    listed = client.get("/api/v1/emergencies?active=false", **bearer(handler)).json()
    assert [e["id"] for e in listed] == [crew.e.pk] and listed[0]["summary"] == ""
    leader = client.get("/api/v1/emergencies?active=false", **bearer(town.people.leader)).json()
    assert leader[0]["summary"].startswith("已走访100户")
