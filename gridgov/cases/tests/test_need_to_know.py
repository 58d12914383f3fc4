"""Side paths of the case engine that used to cross jurisdictions: each is closed in the action or read itself, so
the API and the pages refuse alike."""

import pytest
from django.utils import timezone

from gridgov.cases.actions import ActionError, report_case, take_action
from gridgov.cases.models import Case, Status

from .conftest import OTHER_POINT, POINT, at

pytestmark = pytest.mark.django_db
T = at(2026, 11, 23, 9, 0)


def act(user, case, action, note="", when=T, **fields):
    return take_action(user, case.pk, action, note=note, fields=fields, now=when)


def unchanged(case: Case) -> bool:
    now = Case.objects.get(pk=case.pk)
    return now.status == case.status and now.merged_into_id is None and now.timeline.count() == 1


# -- merge ------------------------------------------------------------------------------------------------------

def test_a_case_is_not_merged_into_another_townships_case(town, report):
    mine = report().case
    theirs = report(who=town.people.intake, point=OTHER_POINT).case  # township 101: not the town dispatcher's
    with pytest.raises(ActionError, match="same kind in your jurisdiction"):
        act(town.people.town_dispatcher, mine, "merge", into=theirs.pk)
    assert unchanged(mine)


def test_a_case_is_merged_only_into_an_open_case_of_the_same_kind_and_never_into_itself(town, report):
    p = town.people
    event = report().case
    dispute = report("1001", kind="dispute", now=at(2026, 11, 23, 9, 1)).case
    closed = report(self_handle=True, now=at(2026, 11, 23, 9, 2)).case
    for into in (dispute.pk, closed.pk, event.pk, 999_999):
        with pytest.raises(ActionError):
            act(p.dispatcher, event, "merge", into=into)
    assert unchanged(event)
    other = report(now=at(2026, 11, 23, 9, 3)).case
    assert act(p.dispatcher, event, "merge", into=other.pk).merged_into_id == other.pk


# -- dispatch ---------------------------------------------------------------------------------------------------

def registered(town, report, **kw) -> Case:
    case = report(**kw).case
    act(town.people.town_dispatcher, case, "register")
    return Case.objects.get(pk=case.pk)


def test_dispatch_goes_only_to_a_unit_serving_the_cases_area_the_same_list_the_desk_offers(town, report):
    from gridgov.cases.routing import dispatch_targets

    u = town.units
    case = registered(town, report)
    offered = dispatch_targets(case)
    assert {x.pk for x in offered} == {u.station.pk, u.town.pk, u.police.pk, u.district.pk, u.urban.pk, u.justice.pk}
    assert offered[0].pk == case.routed_unit_id  # routing's proposal first
    for foreign in (u.town2.pk, u.station2.pk, 999_999):
        with pytest.raises(ActionError, match="does not serve this case's area"):
            act(town.people.town_dispatcher, case, "dispatch", unit=foreign)
        with pytest.raises(ActionError, match="does not serve"):  # nor as a unit joining the reception
            act(town.people.town_dispatcher, case, "dispatch", unit=u.station.pk, also=[foreign])
    assert Case.objects.get(pk=case.pk).status == Status.REGISTERED and not case.involved_units.exists()
    done = act(town.people.town_dispatcher, case, "dispatch", unit=u.urban.pk)
    assert done.handling_unit_id == u.urban.pk


def test_the_api_refuses_a_dispatch_to_another_townships_unit_and_the_page_offers_only_the_cases_units(
        town, report, client):
    u = town.units
    case = registered(town, report)
    client.force_login(town.people.town_dispatcher)
    r = client.post(f"/api/v1/cases/{case.pk}/actions", {"action": "dispatch", "unit": u.town2.pk},
                    content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "does not serve" in r.json()["detail"]
    page = client.get(f"/desk/cases/{case.pk}/").content.decode()
    assert f'value="{u.station.pk}"' in page and f'value="{u.town2.pk}"' not in page
    assert Case.objects.get(pk=case.pk).handling_unit_id is None


def test_a_dispute_is_referred_only_to_a_unit_serving_its_area(town, report):
    p, u = town.people, town.units
    case = registered(town, report, category="1001", kind="dispute")
    act(p.town_dispatcher, case, "dispatch", unit=u.station.pk)
    act(p.village_leader, case, "accept")
    with pytest.raises(ActionError, match="does not serve"):
        act(p.village_leader, case, "refer", note="调解不成", stage="court", unit=u.town2.pk)
    done = act(p.village_leader, case, "refer", note="调解不成", stage="administrative_mediation", unit=u.justice.pk)
    assert done.handling_unit_id == u.justice.pk


# -- duplicate suggestions --------------------------------------------------------------------------------------

BORDER_WEST, BORDER_EAST = (116.3997, 40.15), (116.4003, 40.15)  # 51 m apart, township 001 | township 101


def test_duplicates_near_a_border_are_only_those_the_reporter_may_see(town, report):
    p = town.people
    east = report(who=p.intake, point=BORDER_EAST).case
    assert east.area_code.startswith("110101101")
    by_town = report(who=p.town_dispatcher, point=BORDER_WEST, now=at(2026, 11, 23, 9, 5), channel="hotline")
    assert by_town.case.area_code.startswith("110101001") and by_town.duplicates == []
    by_district = report(who=p.dispatcher, point=BORDER_WEST, now=at(2026, 11, 23, 9, 6), channel="hotline")
    assert east.pk in [d.pk for d in by_district.duplicates]


def test_a_citizen_is_offered_no_duplicates(town, report):
    report(who=town.people.intake)
    citizen = report_case(None, category=town.cat["0102"], description="垃圾", lon=POINT[0], lat=POINT[1],
                          channel="public_web", now=at(2026, 11, 23, 9, 5))
    assert citizen.created and citizen.duplicates == []


def test_the_case_page_offers_to_merge_only_into_cases_the_reader_may_see(town, report, client):
    p = town.people
    east = report(who=p.intake, point=BORDER_EAST).case
    west = report(who=p.town_dispatcher, point=BORDER_WEST, now=at(2026, 11, 23, 9, 5), channel="hotline").case
    client.force_login(p.town_dispatcher)
    page = client.get(f"/desk/cases/{west.pk}/").content.decode()
    assert east.number not in page and east.description not in page.replace(west.description, "")
    client.force_login(p.dispatcher)
    assert east.number in client.get(f"/desk/cases/{west.pk}/").content.decode()


def test_the_api_answers_a_report_with_the_duplicates_the_reporter_may_see(town, report, client):
    east = report(who=town.people.intake, point=BORDER_EAST, now=timezone.now()).case  # the API takes the clock
    client.force_login(town.people.town_dispatcher)
    r = client.post("/api/v1/cases", {"category": "0102", "description": "垃圾", "lon": BORDER_WEST[0],
                                      "lat": BORDER_WEST[1], "channel": "hotline"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["possible_duplicates"] == [] and east.number not in r.content.decode()


# -- idempotency keys -------------------------------------------------------------------------------------------

def test_another_users_report_with_the_same_key_is_a_report_of_its_own(town, report):
    mine = report(who=town.people.worker, idempotency_key="phone-1-0001")
    theirs = report(who=town.people.intake, idempotency_key="phone-1-0001", channel="hotline")
    assert mine.created and theirs.created and theirs.case.pk != mine.case.pk
    again = report(who=town.people.worker, idempotency_key="phone-1-0001")
    assert not again.created and again.case.pk == mine.case.pk


def test_over_the_api_the_same_key_from_another_user_never_returns_the_first_users_case(town, client):
    body = {"category": "0102", "description": "路边垃圾", "lon": POINT[0], "lat": POINT[1], "channel": "hotline",
            "idempotency_key": "shared-key-0001"}
    client.force_login(town.people.dispatcher)
    first = client.post("/api/v1/cases", body, content_type="application/json")
    client.force_login(town.people.intake)
    other = client.post("/api/v1/cases", body, content_type="application/json")
    assert (first.status_code, other.status_code) == (201, 201)
    assert other.json()["id"] != first.json()["id"]
    assert other.json()["tracking_code"] != Case.objects.get(pk=first.json()["id"]).tracking_code
    assert client.post("/api/v1/cases", body, content_type="application/json").json()["id"] == other.json()["id"]


def test_a_citizens_key_finds_only_the_same_submission_sent_again(town, client):
    form = {"category": "0102", "description": "路灯不亮", "lon": POINT[0], "lat": POINT[1],
            "idempotency_key": "browser-key-0001"}
    first = client.post("/report/", form)
    assert client.post("/report/", form)["Location"] == first["Location"]  # a double tap: the same case
    other = client.post("/report/", {**form, "description": "井盖丢了"})  # someone else, the same key
    assert other.status_code == 302 and other["Location"] != first["Location"]
    assert Case.objects.count() == 2
    assert all(k.startswith("anon:") for k in Case.objects.values_list("idempotency_key", flat=True))


# -- administrators ---------------------------------------------------------------------------------------------

def test_an_administrator_with_a_unit_sees_every_case_in_lists_and_the_api(town, report, make_staff, client):
    from gridgov.cases.actions import visible

    cases = [report().case, report(who=town.people.intake, point=OTHER_POINT, now=at(2026, 11, 23, 9, 1)).case]
    admin = make_staff("administrator", "110101", "admin-with-unit", unit=town.units.district)
    root = make_staff("leader", "110101001201", "root", unit=town.units.station)
    root.is_superuser = True
    root.save()
    for user in (admin, root):
        assert set(Case.objects.visible_to(user)) == set(cases)
        assert all(visible(user, c) for c in cases)
        client.force_login(user)
        assert client.get("/api/v1/cases").json()["count"] == 2
        assert client.get(f"/api/v1/cases/{cases[1].pk}").status_code == 200
        assert client.get("/desk/?view=all").content.decode().count("/desk/cases/") >= 2


# -- departments see and act on their unit's cases --------------------------------------------------------------

def listed(client, user) -> dict[str, set]:
    """What every reading path shows ``user``: the case list API, the desk's full list, its CSV export."""
    client.force_login(user)
    api = {c["number"] for c in client.get("/api/v1/cases").json()["results"]}
    desk = client.get("/desk/?view=all").content.decode()
    csv = client.get("/desk/cases.csv?view=all").content.decode()
    return {"api": api, "desk": {n for n in Case.objects.values_list("number", flat=True) if n in desk},
            "csv": {n for n in Case.objects.values_list("number", flat=True) if n in csv}}


def test_a_department_sees_only_the_cases_its_unit_handles_or_handled(town, report, client):
    p, u = town.people, town.units
    mine, other, returned = (registered(town, report, now=at(2026, 11, 23, 9, i)) for i in range(3))
    act(p.town_dispatcher, mine, "dispatch", unit=u.urban.pk)
    act(p.town_dispatcher, other, "dispatch", unit=u.station.pk)
    act(p.town_dispatcher, returned, "dispatch", unit=u.urban.pk)
    act(p.urban_handler, returned, "return", note="不属于本部门")  # handled once: still its business
    for path, seen in listed(client, p.urban_handler).items():
        assert seen == {mine.number, returned.number}, path
    for path, seen in listed(client, p.justice_handler).items():
        assert seen == set(), path
    assert client.get(f"/api/v1/cases/{other.pk}").status_code == 404
    assert client.get(f"/desk/cases/{other.pk}/").status_code == 404


def test_a_department_sees_the_disputes_and_petitions_of_its_unit_only(town, report, client):
    from gridgov.petitions.actions import record_petition

    p, u = town.people, town.units
    dispute = registered(town, report, category="1001", kind="dispute")
    from gridgov.disputes.models import Dispute

    Dispute.objects.create(case=dispute, dispute_type="neighbour", found_by="screening")
    petition = record_petition(p.intake, category="1502", request="欠薪", lon=POINT[0], lat=POINT[1],
                               channel="visit", petitioners=[{"name": "张三"}], now=T).case
    act(p.dispatcher, petition, "register")
    client.force_login(p.justice_handler)
    assert client.get(f"/api/v1/disputes/{dispute.pk}").status_code == 404
    assert client.get(f"/api/v1/petitions/{petition.pk}").status_code == 404
    act(p.dispatcher, dispute, "dispatch", unit=u.justice.pk)
    act(p.dispatcher, petition, "dispatch", unit=u.urban.pk, also=[u.justice.pk])  # a joint reception
    assert client.get(f"/api/v1/disputes/{dispute.pk}").status_code == 200
    assert client.get(f"/api/v1/petitions/{petition.pk}").status_code == 200


def test_a_department_cannot_escalate_a_case_its_unit_is_not_handling(town, report):
    from gridgov.cases.actions import Forbidden, NotFound

    p, u = town.people, town.units
    village = registered(town, report, category="1001", kind="dispute")
    act(p.town_dispatcher, village, "dispatch", unit=u.station.pk)
    with pytest.raises(NotFound):  # not its business: it does not even see it
        act(p.justice_handler, village, "escalate", note="越级")
    passed_on = registered(town, report, category="1001", kind="dispute", now=at(2026, 11, 23, 9, 1))
    act(p.town_dispatcher, passed_on, "dispatch", unit=u.justice.pk)
    act(p.justice_handler, passed_on, "return", note="先由村调解")
    act(p.town_dispatcher, passed_on, "dispatch", unit=u.station.pk)
    with pytest.raises(Forbidden, match="only the unit handling the case"):  # seen (handled before), not its now
        act(p.justice_handler, passed_on, "escalate", note="越级")
    assert Case.objects.get(pk=passed_on.pk).handling_unit_id == u.station.pk
    assert act(p.village_leader, passed_on, "escalate", note="本级无法解决").handling_unit_id != u.station.pk


def test_every_action_a_department_may_take_needs_its_unit_to_be_handling_the_case():
    from gridgov.cases.rules import RULES

    for rule in RULES.values():
        if "department_handler" in rule.roles and rule.name != "comment":  # a comment needs only sight of the case
            assert "department_handler" in rule.unit_bound, rule.name
    assert {"department_handler", "grid_leader"} <= RULES["escalate"].unit_bound
    assert "dispatcher" not in RULES["escalate"].unit_bound  # the desk escalates the cases of its area


# -- roles gate intake ------------------------------------------------------------------------------------------

EVENT = {"category": "0102", "description": "路边垃圾", "lon": POINT[0], "lat": POINT[1], "channel": "hotline"}
DISPUTE = {"dispute_type": "family", "found_by": "walk_in", "description": "夫妻争吵", "lon": POINT[0],
           "lat": POINT[1], "parties": [{"name": "周一"}]}
PETITION = {"category": "1502", "request": "欠薪", "channel": "visit", "lon": POINT[0], "lat": POINT[1],
            "petitioners": [{"name": "钱二"}]}
INTAKES = {"event": ("/api/v1/cases", EVENT), "dispute": ("/api/v1/disputes", DISPUTE),
           "petition": ("/api/v1/petitions", PETITION)}
MAY = {  # role: the intakes it may use (rules.INTAKE_ROLES)
    "worker": {"event", "dispute"}, "village_leader": {"event", "dispute"}, "police": {"dispute"},
    "intake": {"event", "dispute", "petition"}, "town_dispatcher": {"event", "dispute", "petition"},
    "urban_handler": set(), "leader": set(), "admin": {"event", "dispute", "petition"},
}


@pytest.mark.parametrize("who", sorted(MAY))
def test_each_role_may_use_only_its_intakes_over_the_api(town, make_staff, client, who):
    user = (make_staff("police_liaison", "110101001201", unit=town.units.police) if who == "police"
            else getattr(town.people, who))
    client.force_login(user)
    for intake, (path, body) in INTAKES.items():
        r = client.post(path, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
        if intake in MAY[who]:
            assert r.status_code == 201, (intake, r.content)
        else:
            assert r.status_code == 403 and "may not" in r.json()["detail"], (intake, r.content)
    assert Case.objects.count() == len(MAY[who])


@pytest.mark.parametrize(("path", "who"), [("/desk/intake/", "urban_handler"), ("/disputes/new/", "leader"),
                                           ("/petitions/new/", "worker")])
def test_the_intake_pages_refuse_a_role_that_may_not_use_them(town, client, path, who):
    client.force_login(getattr(town.people, who))
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403 and "may not" in page.content.decode()
    form = {**EVENT, **DISPUTE, **PETITION, "people": "1", "p0_name": "钱二", "party0_name": "周一"}
    assert client.post(path, form, HTTP_ACCEPT_LANGUAGE="en").status_code == 403
    assert Case.objects.count() == 0


def test_a_citizen_without_a_login_reports_events_through_the_public_page_only(town):
    from gridgov.cases.actions import Forbidden

    with pytest.raises(Forbidden):
        report_case(None, category=town.cat["0102"], description="x", lon=POINT[0], lat=POINT[1], channel="hotline")
    with pytest.raises(Forbidden):
        report_case(None, category=town.cat["1001"], description="x", lon=POINT[0], lat=POINT[1],
                    channel="public_web", kind="dispute")


# -- ratings ----------------------------------------------------------------------------------------------------

def closed_call(town, report, minute: int = 0) -> Case:
    """A citizen's call recorded by the intake operator, handled and closed: the citizen may rate it."""
    p = town.people
    case = report(who=p.intake, channel="hotline", now=at(2026, 11, 23, 9, minute)).case
    for who, action, fields in [(p.dispatcher, "register", {}), (p.dispatcher, "dispatch", {}),
                                (p.village_leader, "accept", {}), (p.village_leader, "submit_feedback", {}),
                                (p.worker, "check", {"passed": True}), (p.dispatcher, "close", {})]:
        act(who, case, action, note="ok", when=at(2026, 11, 23, 10, minute), **fields)
    return Case.objects.get(pk=case.pk)


def test_a_grid_worker_cannot_rate_their_own_report_solved_on_the_spot(town, report):
    from gridgov.cases import tracking
    from gridgov.cases.actions import Forbidden

    case = report(self_handle=True).case
    with pytest.raises(Forbidden, match="staff never"):
        act(town.people.worker, case, "rate", rating=5)
    with pytest.raises(Forbidden, match="not brought by a citizen"):  # nor with its tracking code
        tracking.citizen_action(case.tracking_code, "rate", rating=5, now=T)
    assert Case.objects.get(pk=case.pk).rating is None


def test_only_a_case_a_citizen_brought_is_rated_with_its_tracking_code(town, report):
    from gridgov.cases.rules import rated_by_citizen

    own = report().case  # the grid worker's own finding
    told = report(citizen_phone="13800000000", now=at(2026, 11, 23, 9, 1)).case  # what a resident told them
    alarm = report(who=town.people.intake, channel="alarm", now=at(2026, 11, 23, 9, 2)).case
    assert [rated_by_citizen(c) for c in (own, told, alarm)] == [False, True, False]
    assert rated_by_citizen(closed_call(town, report, minute=3))


def test_staff_never_rate_not_even_the_administrator_nor_with_a_tracking_code(town, report, client):
    case = closed_call(town, report)
    for who in ("intake", "admin"):
        with pytest.raises(ActionError, match="staff never"):
            act(getattr(town.people, who), case, "rate", rating=5)
    client.force_login(town.people.intake)  # logged in, using the public endpoint with the code
    r = client.post(f"/api/v1/track/{case.tracking_code}/rate", {"rating": 5}, content_type="application/json")
    assert r.status_code == 403
    client.post(f"/track/{case.tracking_code}/", {"action": "rate", "rating": "5"})
    assert Case.objects.get(pk=case.pk).rating is None
    client.logout()
    from gridgov.org.tokens import issue

    token, _ = issue(town.people.intake)  # a staff token sent to the public endpoint, which takes no login
    r = client.post(f"/api/v1/track/{case.tracking_code}/rate", {"rating": 1}, content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 403 and Case.objects.get(pk=case.pk).rating is None
    r = client.post(f"/api/v1/track/{case.tracking_code}/rate", {"rating": 4}, content_type="application/json")
    assert r.status_code == 200 and Case.objects.get(pk=case.pk).rating == 4


def test_ratings_from_one_address_are_limited_per_day_and_the_address_is_not_shown(town, report, client):
    from gridgov.cases.rules import RATINGS_PER_ADDRESS

    cases = [closed_call(town, report, minute=i) for i in range(RATINGS_PER_ADDRESS + 2)]

    def rate(case, address):
        return client.post(f"/api/v1/track/{case.tracking_code}/rate", {"rating": 5},
                           content_type="application/json", REMOTE_ADDR=address)

    for case in cases[:RATINGS_PER_ADDRESS]:
        assert rate(case, "203.0.113.9").status_code == 200
    assert rate(cases[-2], "203.0.113.9").status_code == 429
    assert Case.objects.get(pk=cases[-2].pk).rating is None
    assert rate(cases[-1], "198.51.100.4").status_code == 200  # another address
    client.force_login(town.people.dispatcher)
    shown = client.get(f"/api/v1/cases/{cases[0].pk}").content.decode()
    assert '"rating": 5' in shown and "source" not in shown and "203.0.113.9" not in shown


def test_a_tracking_code_shows_in_full_only_to_the_one_who_recorded_the_case(town, report, client):
    case = report(who=town.people.intake, channel="hotline").case
    client.force_login(town.people.dispatcher)
    for path in (f"/api/v1/cases/{case.pk}", "/api/v1/cases", f"/desk/cases/{case.pk}/", "/desk/?view=all"):
        assert case.tracking_code not in client.get(path).content.decode(), path
    client.force_login(town.people.intake)
    assert client.get(f"/api/v1/cases/{case.pk}").json()["tracking_code"] == case.tracking_code
    assert case.tracking_code in client.get(f"/desk/cases/{case.pk}/").content.decode()
    r = client.post("/api/v1/cases", {**EVENT, "lon": POINT[0] + 0.0001}, content_type="application/json")
    assert r.status_code == 201 and case.tracking_code not in r.content.decode()  # its duplicates: masked


@pytest.mark.django_db(transaction=True)
def test_two_ratings_of_one_case_at_the_same_moment_make_one_rating(town, report):
    import threading

    from django.db import DatabaseError, connection

    from gridgov.cases import tracking

    case = closed_call(town, report)
    barrier, outcomes = threading.Barrier(2), []

    def rate(stars: int) -> None:
        try:
            barrier.wait()
            tracking.citizen_action(case.tracking_code, "rate", rating=stars, now=T)
            outcomes.append("rated")
        except (ActionError, DatabaseError) as exc:  # PostgreSQL: the second waits for the lock, then 409
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=rate, args=(s,)) for s in (5, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("rated") == 1, outcomes
    assert Case.objects.get(pk=case.pk).timeline.filter(action="rate").count() == 1
