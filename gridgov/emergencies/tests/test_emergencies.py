"""Emergencies: the switch, the door-to-door campaign and its progress, the daily reports, the way back to peacetime,
and special scenarios tagging the cases inside them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gridgov.cases.tests.conftest import LEAF, OTHER_POINT, VILLAGE, at

pytestmark = pytest.mark.django_db
TOWN = "110101001"
T = at(2026, 11, 23, 8, 0)


def switch(town, area=TOWN, plan="epidemic", now=T):
    from gridgov.emergencies.actions import switch_on

    return switch_on(town.people.dispatcher, area_code=area, plan_code=plan, reason="疫情防控需要", now=now)


def bearer(client, user):
    from gridgov.org import tokens

    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(user)[0]}"}


def visits(client, town, who=None, key="batch-key-0001", **body):
    from gridgov.emergencies.models import GridTask

    worker = who or town.people.worker
    task = GridTask.objects.visible_to(worker).get()
    payload = {"task": task.pk, "place": "3号楼", "visited": 20, "nobody_home": 2, "needs": {"relief": 2},
               "needs_met": 1, "idempotency_key": key, **body}
    return client.post("/api/v1/emergencies/visits", payload, content_type="application/json",
                       **bearer(client, worker))


def test_switching_a_township_creates_one_task_per_finest_grid_notifies_its_staff_and_shortens_deadlines(
        town, report):
    from gridgov.audit.models import AuditEvent
    from gridgov.emergencies.models import GridTask
    from gridgov.notify.actions import unread

    peacetime = report(now=at(2026, 11, 23, 7, 0)).case
    e, made = switch(town)
    assert made == 8 and GridTask.objects.filter(emergency=e).count() == 8  # 2 villages × 2 grids × 2 fifth-level
    assert sorted(GridTask.objects.values_list("area_code", flat=True))[0] == "110101001201001001"
    assert sum(GridTask.objects.values_list("target", flat=True)) == 800  # the grids' households
    assert AuditEvent.objects.filter(verb="switch_emergency_on").count() == 1
    for person in (town.people.worker, town.people.worker2, town.people.village_leader, town.people.town_dispatcher):
        assert unread(person).filter(kind="emergency").count() == 1, person
    assert not unread(town.people.leader).filter(kind="emergency").exists()  # the district's staff: not of the area
    wartime = report(now=at(2026, 11, 23, 9, 0)).case
    assert wartime.register_due == at(2026, 11, 23, 9, 10)  # the plan's 10 minutes
    assert peacetime.register_due == at(2026, 11, 23, 7, 30)  # the peacetime 30 minutes
    elsewhere = report(point=OTHER_POINT, who=town.people.dispatcher, now=at(2026, 11, 23, 9, 0)).case
    assert elsewhere.register_due == at(2026, 11, 23, 9, 30)  # township 101 is not in the emergency


def test_only_leaders_and_district_dispatchers_switch_and_an_area_switches_once(town, make_staff):
    from gridgov.cases.actions import Conflict, Forbidden, NotFound
    from gridgov.emergencies.actions import switch_on

    with pytest.raises(Forbidden):
        switch_on(town.people.town_dispatcher, area_code=TOWN, plan_code="flood", reason="暴雨")
    with pytest.raises(Forbidden):
        switch_on(town.people.village_leader, area_code=VILLAGE, plan_code="flood", reason="暴雨")  # a grid leader
    with pytest.raises(NotFound):
        switch_on(make_staff("leader", VILLAGE), area_code=TOWN, plan_code="flood", reason="暴雨")
    switch(town)
    with pytest.raises(Conflict):
        switch(town, area=VILLAGE)


def test_visits_online_and_resent_offline_raise_progress_consistently_at_every_level(town, client):
    from gridgov.emergencies import progress

    e, _ = switch(town, area="110101")
    assert visits(client, town).status_code == 201
    assert visits(client, town).status_code == 200  # the outbox sent it again: counted once
    assert visits(client, town, who=town.people.worker2, key="batch-key-0002", visited=5, needs={},
                  needs_met=0).status_code == 201
    assert visits(client, town, key="batch-key-0003", visited=1, needs={"nope": 1}).status_code == 400
    answer = client.get(f"/api/v1/emergencies/{e.pk}", **bearer(client, town.people.dispatcher)).json()
    levels = {p["level"]: p["areas"] for p in answer["progress"]}
    assert [a["code"] for a in levels[1]] == ["110101"] and len(levels[2]) == 2 and len(levels[3]) == 4
    assert levels[1][0]["visited"] == 25 and levels[1][0]["needs_found"] == 2 and levels[1][0]["needs_met"] == 1
    grids = progress.by_level(e, at(2026, 11, 23, 12).date(), deepest=5)
    for upper, lower in ((1, 2), (2, 3), (3, 4), (4, 5)):  # every level is the sum of the level below
        for area in grids[upper]:
            below = [a for a in grids[lower] if a["code"].startswith(area["code"])]
            for figure in progress.FIGURES:
                assert area[figure] == sum(a[figure] for a in below), (area["code"], figure)
    village = {a["code"]: a for a in levels[3]}
    assert village[VILLAGE]["visited"] == 20 and village["110101001202"]["visited"] == 5
    assert levels[1][0]["target"] == 1600 and levels[1][0]["grids"] == 16


def test_a_grid_that_does_not_report_is_listed_and_nothing_to_report_counts(town, client):
    e, _ = switch(town)
    visits(client, town)
    from gridgov.emergencies.models import GridTask

    other = GridTask.objects.visible_to(town.people.worker2).get()
    r = client.post("/api/v1/emergencies/reports", {"task": other.pk}, content_type="application/json",
                    **bearer(client, town.people.worker2))
    assert r.status_code == 201
    answer = client.get(f"/api/v1/emergencies/{e.pk}", **bearer(client, town.people.town_dispatcher)).json()
    missing = {m["code"] for m in answer["not_reporting"]}
    assert len(missing) == 6 and LEAF not in missing and other.area_code not in missing
    assert answer["progress"][0]["areas"][0]["not_reporting"] == 6


def test_ending_restores_peacetime_and_writes_the_summary(town, report, client):
    from gridgov.audit.models import AuditEvent
    from gridgov.notify.actions import unread

    e, _ = switch(town)
    visits(client, town)
    r = client.post(f"/api/v1/emergencies/{e.pk}/end", {"summary": "疫情平稳"}, content_type="application/json",
                    **bearer(client, town.people.leader))
    assert r.status_code == 200 and r.json()["status"] == "ended"
    e.refresh_from_db()
    assert e.summary.startswith("疫情平稳\n") and "20" in e.summary
    assert AuditEvent.objects.filter(verb="switch_emergency_off").count() == 1
    assert unread(town.people.worker).filter(kind="emergency").count() == 2
    after = report(now=e.ended_at + timedelta(minutes=5)).case
    assert after.register_due == after.created_at + timedelta(minutes=30)  # peacetime periods again
    assert client.post(f"/api/v1/emergencies/{e.pk}/end", {"summary": "x"}, content_type="application/json",
                       **bearer(client, town.people.leader)).status_code == 409
    assert visits(client, town, key="batch-key-late").status_code == 409  # no visits after the end


def test_the_api_lists_plans_switches_and_refuses_in_json(town, client):
    h = bearer(client, town.people.dispatcher)
    plans = client.get("/api/v1/emergencies/plans", **h).json()
    assert {"epidemic", "flood", "other"} <= {p["code"] for p in plans}
    r = client.post("/api/v1/emergencies", {"area": TOWN, "plan": "flood", "reason": "暴雨"},
                    content_type="application/json", **h)
    assert r.status_code == 201 and r.json()["tasks_created"] == 8
    bad = client.post("/api/v1/emergencies", {"area": LEAF, "plan": "flood", "reason": "暴雨"},
                      content_type="application/json", **h)
    assert bad.status_code == 400 and any(w in bad.json()["detail"] for w in ("grid", "网格"))
    assert client.get("/api/v1/emergencies/999999", **h).status_code == 404
    assert client.get(f"/api/v1/emergencies/{r.json()['id']}", **bearer(client, town.people.worker)).status_code == 200


def test_a_need_found_on_a_visit_becomes_a_case_in_its_grid_with_one_tap(town, client):
    from gridgov.emergencies.models import NeedCase

    e, _ = switch(town)
    visits(client, town, needs_met=0)
    from gridgov.emergencies.models import GridTask

    task = GridTask.objects.visible_to(town.people.worker).get()
    r = client.post("/api/v1/emergencies/needs", {"task": task.pk, "need": "relief"}, content_type="application/json",
                    **bearer(client, town.people.worker))
    assert r.status_code == 201
    need = NeedCase.objects.get()
    assert need.case.area_code == LEAF and need.case.category.code == "1302"


def test_pages_banner_report_pdf_and_excel(town, client):
    e, _ = switch(town)
    client.force_login(town.people.worker)
    page = client.get("/field/").content.decode()
    assert 'id="emergency-banner"' in page and "campaign-card" in page
    assert 'data-task="' in client.get("/field/campaign/").content.decode()
    client.force_login(town.people.town_dispatcher)
    assert "id=\"progress\"" in client.get(f"/emergencies/{e.pk}/").content.decode()
    pdf = client.get(f"/emergencies/{e.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/emergencies/{e.pk}/report.xlsx?area={VILLAGE}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    client.force_login(town.people.dispatcher)  # the district above the township sees it too
    assert 'id="emergency-banner"' in client.get("/emergencies/").content.decode()


def test_a_scenario_from_a_template_tags_the_cases_inside_its_area_and_period(town, report):
    from gridgov.emergencies.actions import instantiate
    from gridgov.emergencies.models import ScenarioCase
    from gridgov.emergencies.scenarios import after_action

    s = instantiate(town.people.leader, template_code="safe_campus", name="第一小学平安校园", grids=[LEAF],
                    starts_at=at(2026, 11, 23, 7, 0), ends_at=at(2026, 11, 23, 17, 0),
                    units=[town.units.police.pk, town.units.urban.pk])
    assert s.area_code == LEAF and s.tasks.count() == 3
    assert s.tasks.get(title__startswith="上学").unit == town.units.police
    inside = report(now=at(2026, 11, 23, 9, 0)).case
    report(now=at(2026, 11, 23, 18, 0))  # after the period
    report(point=OTHER_POINT, who=town.people.dispatcher, now=at(2026, 11, 23, 9, 0))  # outside the area
    assert list(ScenarioCase.objects.values_list("case_id", flat=True)) == [inside.pk]
    summary = after_action(s, town.people.leader)
    assert summary["cases"] == 1 and summary["tasks"] == 3 and summary["done"] == 0


def test_the_bench_runs_on_a_tiny_input(town):
    from gridgov.emergencies.bench import run_here

    out = run_here(town.people.dispatcher, "110101")
    assert out["grids"] == 16 and out["tasks_created"] == 16 and out["ours_s"] > 0 and out["naive_s"] > 0


def test_the_demo_has_a_past_flood_with_its_campaign_and_two_scenarios(town):
    from gridgov.emergencies import progress
    from gridgov.emergencies.demo import build
    from gridgov.emergencies.models import Emergency, Scenario

    out = build("110101")
    e = Emergency.objects.get()
    assert out["tasks"] == 8 and not e.active and e.summary and out["visit_batches"] > 0
    from gridgov.emergencies.models import VisitBatch

    assert progress.totals(e)["visited"] == sum(VisitBatch.objects.values_list("visited", flat=True)) > 0
    assert sorted(Scenario.objects.values_list("template__code", flat=True)) == ["large_event", "safe_campus"]
    event = Scenario.objects.get(template__code="large_event")  # its routes and first-aid points layers show data
    assert sorted(f["properties"]["layer"] for f in event.features["features"]) == ["first_aid_points", "routes"]


def test_a_township_leader_cannot_end_the_districts_emergency(town, client, make_staff):
    from gridgov.emergencies.models import Emergency

    e, _ = switch(town, area="110101")  # the whole district, seen from every township below it
    township_leader = make_staff("leader", TOWN, "town-leader", unit=town.units.town)
    r = client.post(f"/api/v1/emergencies/{e.pk}/end", {"summary": "镇里说结束了"}, content_type="application/json",
                    **bearer(client, township_leader))
    assert r.status_code == 403 and r.json()["detail"]
    assert Emergency.objects.get(pk=e.pk).active
