"""The assessment pages and API read through the reader's scope: a township sees its own rankings only, a grid
worker only their own month; the dashboard and the worker's page show the gold medal; exports are formula-safe."""

from __future__ import annotations

import pytest

from gridgov.assess.actions import compute_month, confirm_month, enter_adjustment, nominate
from gridgov.assess.models import Score, Template
from gridgov.assess.tests.conftest import OCTOBER
from gridgov.org import tokens

pytestmark = [pytest.mark.django_db, pytest.mark.fixed_clock]  # month ends, quiet hours, retry times


@pytest.fixture
def far(town, make_staff):
    """A worker of the other township, with a score for October."""
    from gridgov.org.models import Role

    user = make_staff(Role.GRID_WORKER, "110101101201001001", "far-worker", unit=town.units.town2)
    compute_month(OCTOBER)
    return Score.objects.get(worker=user.staff)


def test_a_township_sees_its_own_rankings_only(client, town, october, far):
    client.force_login(town.people.town_dispatcher)
    page = client.get("/assess/rankings/?area=110101001&month=2026-10").content.decode()
    assert town.people.worker.staff.name in page and "far-worker" not in page
    assert client.get("/assess/rankings/?area=110101101&month=2026-10").status_code == 404
    assert client.get(f"/assess/workers/{far.worker_id}/?month=2026-10").status_code == 404
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(town.people.town_dispatcher)[0]}"}
    listed = client.get("/api/v1/assess/scores?month=2026-10", **bearer).json()["results"]
    assert {r["username"] for r in listed} == {town.people.worker.username, town.people.worker2.username}
    assert client.get(f"/api/v1/assess/scores/{far.pk}", **bearer).status_code == 404
    district = client.get("/api/v1/assess/scores?month=2026-10", HTTP_AUTHORIZATION=(
        f"Bearer {tokens.issue(town.people.dispatcher)[0]}")).json()["results"]
    assert "far-worker" in {r["username"] for r in district}


def test_a_grid_worker_sees_only_their_own_month(client, town, october, far):
    client.force_login(town.people.worker)
    mine = client.get("/assess/me/?month=2026-10")
    assert mine.status_code == 200 and october.cases[0].number in mine.content.decode()
    other = Score.objects.get(worker=town.people.worker2.staff)
    assert client.get(f"/assess/workers/{other.worker_id}/?month=2026-10").status_code == 404
    assert client.get("/assess/rankings/").status_code == 302
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(town.people.worker)[0]}"}
    assert [r["username"] for r in client.get("/api/v1/assess/scores?month=2026-10", **bearer).json()["results"]] == [
        town.people.worker.username]
    assert client.get(f"/api/v1/assess/scores/{other.pk}", **bearer).status_code == 404
    detail = client.get(f"/api/v1/assess/scores/{Score.objects.get(worker=town.people.worker.staff).pk}",
                        **bearer).json()
    reports = next(i for i in detail["detail"] if i["code"] == "reports")
    assert [e["ref"] for e in reports["events"]] == [f"case:{c.pk}" for c in october.cases]
    assert client.get("/field/").content.decode().count("/assess/me/") == 1


def test_the_gold_medal_is_published_on_the_dashboard_and_the_workers_page(client, town, october):
    p = town.people
    t = Template.objects.get(code="town-100", status="published")
    Template.objects.create(code="low-bar", name="低门槛", status="published", area_code="110101", items=t.items,
                            eligibility={"min_score": 20, "min_patrol_coverage": 0.95})
    compute_month(OCTOBER)
    confirm_month(p.town_dispatcher, "110101001", OCTOBER)
    score = Score.objects.get(worker=p.worker.staff, current=True)
    n = nominate(p.town_dispatcher, score.pk, "全月在岗")
    client.force_login(p.dispatcher)
    assert "gold-medals" not in client.get("/command/dashboard/?area=110101").content.decode()
    answer = client.post(f"/api/v1/assess/nominations/{n.pk}/decision", {"approve": True},
                         content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "approved"
    board = client.get("/command/dashboard/?area=110101").content.decode()
    assert "gold-medals" in board and p.worker.staff.name in board
    client.force_login(p.worker)
    assert 'id="medals"' in client.get("/assess/me/?month=2026-10").content.decode()


def test_a_refused_form_changes_nothing_and_says_why(client, town, october):
    p = town.people
    compute_month(OCTOBER)
    client.force_login(p.town_dispatcher)
    answer = client.post("/assess/act", {"action": "confirm", "area": "110101001", "month": "2026-11",
                                         "next": "/assess/rankings/"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "after it ends" in answer.content.decode()
    assert client.post("/assess/act", {"action": "nominate", "score": "abc"}).status_code == 302
    assert client.post("/assess/act", {"action": "confirm", "area": "110101101", "month": "2026-10"}
                       ).status_code == 404
    answer = client.post("/assess/act", {"action": "confirm", "area": "110101001", "month": "2026-10"})
    assert answer.status_code == 302 and Score.objects.filter(month=OCTOBER).count() == 2


def test_exports_keep_free_text_as_text(client, town, october):
    p = town.people
    enter_adjustment(p.village_leader, p.worker.staff.pk, OCTOBER, kind="bonus", points=1, reason="=HYPERLINK(1)")
    from gridgov.assess.actions import record_training

    record_training(p.village_leader, p.worker.staff.pk, course="=cmd|' /c calc'!A0", day=OCTOBER, hours=1)
    compute_month(OCTOBER)
    client.force_login(p.town_dispatcher)
    ranking = client.get("/assess/rankings.csv?area=110101001&month=2026-10")
    assert ranking.status_code == 200 and p.worker.staff.name in ranking.content.decode("utf-8-sig")
    ledger = client.get(f"/assess/workers/{p.worker.staff.pk}/ledger.csv?month=2026-10").content.decode("utf-8-sig")
    assert "'=cmd" in ledger and "\n=cmd" not in ledger
    assert client.get(f"/assess/workers/{p.worker.staff.pk}/ledger.xlsx?month=2026-10").status_code == 200


def test_decisions_from_the_api_are_refused_in_json(client, town, october):
    client.force_login(town.people.town_dispatcher)
    answer = client.post("/api/v1/assess/nominations", {"score": 999999, "note": "x"},
                         content_type="application/json")
    assert answer.status_code == 404 and "detail" in answer.json()
    assert client.get("/api/v1/assess/scores?month=2026-1x").status_code in (400, 422)


@pytest.mark.parametrize("points", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_points_that_are_not_a_finite_number_are_refused_not_a_server_error(town, october, points):
    from gridgov.assess.actions import AssessError, record_training
    from gridgov.assess.models import Adjustment, Training

    p = town.people
    before = (Adjustment.objects.count(), Training.objects.count())
    with pytest.raises(AssessError):
        enter_adjustment(p.village_leader, p.worker.staff.pk, OCTOBER, kind="bonus", points=points, reason="x")
    with pytest.raises(AssessError):
        record_training(p.village_leader, p.worker.staff.pk, course="急救", day=OCTOBER, hours=points)
    assert (Adjustment.objects.count(), Training.objects.count()) == before


@pytest.mark.parametrize(("field", "value"), [("day", "9999-12-31"), ("day", "1900-01-01")])
def test_a_training_day_outside_the_sane_window_is_refused_with_a_form_error(client, town, field, value):
    from gridgov.assess.models import Training

    p = town.people
    client.force_login(p.village_leader)
    answer = client.post("/assess/act", {"action": "training", "worker": p.worker.staff.pk, "course": "急救",
                                         "hours": "2", field: value, "next": "/assess/"},
                         follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 200 and "日期须在 2000 年至 2099 年之间" in answer.content.decode()
    assert not Training.objects.exists()


def test_a_month_outside_the_sane_window_is_refused(client, town):
    client.force_login(town.people.town_dispatcher)
    answer = client.get("/api/v1/assess/scores?month=9999-12", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 400 and answer.json()["detail"] == "日期须在 2000 年至 2099 年之间"


def test_the_scores_come_in_pages_with_their_total(client, town, october, far):
    client.force_login(town.people.dispatcher)
    first = client.get("/api/v1/assess/scores?month=2026-10&page_size=2").json()
    second = client.get("/api/v1/assess/scores?month=2026-10&page_size=2&page=2").json()
    assert (first["count"], first["page"], first["page_size"], len(first["results"])) == (3, 1, 2, 2)
    assert (second["count"], second["page"], len(second["results"])) == (3, 2, 1)
    everyone = [r["username"] for r in first["results"] + second["results"]]
    assert everyone == [s.worker.user.username for s in Score.objects.filter(current=True).order_by(
        "-total", "area_code", "worker_id")]
    assert client.get("/api/v1/assess/scores?month=2026-10&page_size=501").status_code == 422
    assert client.get("/api/v1/assess/scores?month=2026-10&page=0").status_code == 422
