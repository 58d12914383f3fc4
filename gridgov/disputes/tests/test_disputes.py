"""Disputes on the case engine: recorded with parties, mediated, referred along the chain, followed up; figures
from the timeline; parties masked unless the role needs them, and every unmasking audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gridgov.audit.models import AuditEvent
from gridgov.cases import kpis
from gridgov.cases.actions import ActionError, Forbidden, take_action
from gridgov.cases.parties import reveal_party
from gridgov.cases.tests.conftest import POINT, at
from gridgov.disputes import actions
from gridgov.disputes.chain import chain
from gridgov.disputes.models import Screening
from gridgov.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db
PARTIES = [{"role": "申请人", "name": "张大山", "id_number": "410101199001011234", "phone": "13800001111"},
           {"role": "被申请人", "name": "李小河", "id_number": "410101198505052345", "phone": "13900002222"}]


@pytest.fixture
def bodies(town):
    """The chain's bodies in the district: labour arbitration and the court's litigation service."""
    return {"labour": Unit.objects.create(code="arbitration", name="劳动人事争议仲裁院", kind=UnitKind.DEPARTMENT,
                                          department="human_resources", area=town.areas["110101"]),
            "court": Unit.objects.create(code="court", name="法院诉讼服务中心", kind=UnitKind.DEPARTMENT,
                                         department="court", area=town.areas["110101"])}


def new(town, now, dispute_type="neighbourhood", **kw):
    return actions.record_dispute(town.people.worker, dispute_type=dispute_type, found_by="screening",
                                  description="两户因宅基地边界争执", lon=POINT[0], lat=POINT[1], parties=PARTIES,
                                  amount=Decimal("5000"), people_involved=2, risk="medium", now=now, **kw).case


def mediate(town, case, now, outcome, unit_actor=None):
    p = town.people
    take_action(p.dispatcher, case.pk, "register", now=now)
    take_action(p.dispatcher, case.pk, "dispatch", now=now)
    actor = unit_actor or p.village_leader
    take_action(actor, case.pk, "accept", now=now)
    actions.record_session(actor, case.pk, held_on=now.date(), participants="张大山, 李小河, 调解员王",
                           notes="双方陈述", now=now)
    if outcome != "refer":
        actions.record_outcome(actor, case.pk, outcome=outcome, notes="双方同意以现有围墙为界", now=now)


def close(town, case, now):
    take_action(town.people.worker, case.pk, "check", fields={"passed": True}, now=now)
    take_action(town.people.dispatcher, case.pk, "close", now=now)


def test_a_dispute_is_a_case_with_its_details_and_parties(town):
    case = new(town, at(2026, 11, 23, 9, 0))
    assert (case.kind, case.category.code, case.status) == ("dispute", "1001", "reported")
    assert case.dispute.amount == Decimal("5000") and case.dispute.found_by == "screening"
    assert [p.name for p in case.parties.all()] == ["张大山", "李小河"]
    assert case.timeline.get().data["dispute_type"] == "neighbourhood"


def test_a_failed_mediation_reaches_arbitration_then_court_with_every_step_on_the_timeline(town, bodies, make_staff):
    p = town.people
    t = at(2026, 11, 23, 9, 0)
    case = new(town, t)  # mediated first by the village station
    mediate(town, case, t, "refer")
    actions.refer_dispute(p.village_leader, case.pk, stage="labour_arbitration", notes="调解不成，申请仲裁", now=t)
    case.refresh_from_db()
    assert (case.status, case.handling_unit_id) == ("dispatched", bodies["labour"].pk)
    assert case.handle_due.date() == date(2027, 1, 7)  # 45 days
    arbitrator = make_staff("department_handler", "110101", "arbitrator", unit=bodies["labour"])
    take_action(arbitrator, case.pk, "accept", now=t)
    actions.refer_dispute(arbitrator, case.pk, stage="court", notes="仲裁后当事人起诉", now=t)
    case.refresh_from_db()
    assert case.handling_unit_id == bodies["court"].pk
    steps = list(case.timeline.values_list("action", flat=True))
    assert steps == ["report", "register", "dispatch", "accept", "record_session", "refer", "accept", "refer"]
    stages = chain(list(case.timeline.all()))
    assert [(s.kind, s.outcome) for s in stages] == [("mediation", "failed"), ("labour_arbitration", "failed"),
                                                      ("court", "")]
    assert stages[0].sessions[0]["participants"] == "张大山, 李小河, 调解员王"


def test_the_dispute_figures_come_from_the_timeline(town, bodies):
    t = at(2026, 11, 23, 9, 0)
    a = new(town, t)
    mediate(town, a, t, "agreement")  # resolved by the village station
    close(town, a, at(2026, 11, 25, 9, 0))
    actions.record_follow_up(town.people.worker, a.pk, held=True, notes="协议已履行", now=at(2026, 11, 26, 9, 0))
    b = new(town, t, dispute_type="family")
    mediate(town, b, t, "failed")
    close(town, b, at(2026, 11, 24, 9, 0))
    new(town, t, dispute_type="other")  # not yet handled
    take_action(town.people.dispatcher, a.pk, "comment", note="归档", now=at(2026, 11, 26, 10, 0))
    figures = kpis.compute_kind("dispute", "110101", date(2026, 11, 1), date(2026, 11, 30))
    got = {k: (v["numerator"], v["denominator"]) for k, v in figures.items()}
    assert got["disputes_received"] == (3, None) and got["disputes_accepted"] == (2, None)
    assert got["disputes_resolved"] == (1, None) and got["resolution_rate"] == (1, 2)
    assert got["resolved_at_village"] == (1, None) and got["resolved_at_township"] == (0, None)
    assert got["average_days_to_resolution"] == (2 * 86400, 1)
    assert figures["average_days_to_resolution"]["value"] == 2.0
    assert got["agreements_held_rate"] == (1, 1)
    before = sorted(kpis.KpiRollup.objects.exclude(value=0).values_list("scope", "day", "metric", "value"))
    kpis.rebuild_rollups()
    assert sorted(kpis.KpiRollup.objects.exclude(value=0).values_list("scope", "day", "metric", "value")) == before


def test_a_dispute_needs_its_outcome_and_an_agreement_can_be_printed(town, client):
    t = at(2026, 11, 23, 9, 0)
    case = new(town, t)
    mediate(town, case, t, "refer")
    with pytest.raises(ActionError):
        take_action(town.people.village_leader, case.pk, "submit_feedback", note="谈了", now=t)
    actions.record_outcome(town.people.village_leader, case.pk, outcome="agreement", notes="以围墙为界", now=t)
    client.force_login(town.people.village_leader)  # the mediating unit: sees the parties in full, audited
    pdf = client.get(f"/disputes/{case.pk}/agreement.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and b"/FontFile2" in pdf.content
    assert AuditEvent.objects.filter(verb="print_agreement").count() == 1
    client.force_login(town.people.worker)  # sees it masked, nothing to audit
    assert client.get(f"/disputes/{case.pk}/agreement.pdf").status_code == 200
    assert AuditEvent.objects.filter(verb="print_agreement").count() == 1


def test_parties_are_masked_and_unmasking_is_for_the_roles_that_need_it_and_audited(town, client):
    case = new(town, at(2026, 11, 23, 9, 0))
    party = case.parties.first()
    client.force_login(town.people.worker)
    html = client.get(f"/desk/cases/{case.pk}/").content.decode()
    assert "张**" in html and "**************1234" in html and "*******1111" in html
    assert "410101199001011234" not in html and "13800001111" not in html and "/reveal" not in html
    with pytest.raises(Forbidden):
        reveal_party(town.people.worker, party.pk)
    client.force_login(town.people.dispatcher)
    html = client.post(f"/desk/cases/{case.pk}/parties/{party.pk}/reveal", follow=True).content.decode()
    assert "410101199001011234" in html
    event = AuditEvent.objects.get(verb="reveal_party")
    assert event.actor == town.people.dispatcher and event.object_id == str(party.pk)


def test_a_grid_worker_screens_the_grid_once_a_day(town):
    s, created = actions.record_screening(town.people.worker, found=False, day=date(2026, 11, 23))
    again, created_again = actions.record_screening(town.people.worker, found=True, day=date(2026, 11, 23))
    assert created and not created_again and again.pk == s.pk and not again.found
    with pytest.raises(Forbidden):
        actions.record_screening(town.people.dispatcher, found=False)
    assert Screening.objects.visible_to(town.people.worker2).count() == 0


def test_the_dispute_desk_records_a_dispute_with_its_parties(town, client):
    client.force_login(town.people.intake)
    response = client.post("/disputes/new/", {
        "dispute_type": "consumer", "found_by": "walk_in", "risk": "low", "description": "买到假货", "lon": POINT[0],
        "lat": POINT[1], "people_involved": "1", "amount": "300", "party0_kind": "person", "party0_role": "申请人",
        "party0_name": "王五", "party0_phone": "13700003333", "party1_kind": "organisation",
        "party1_role": "被申请人", "party1_name": "某某超市"}, follow=True)
    from gridgov.cases.models import Case

    case = Case.objects.get(kind="dispute")
    assert case.dispute.dispute_type == "consumer" and case.parties.count() == 2
    html = response.content.decode()
    assert "dispute-panel" in html and "某某超市" in html and "*******3333" in html
    bad = client.post("/disputes/new/", {"dispute_type": "gossip", "found_by": "walk_in", "description": "x"})
    assert bad.status_code == 200 and "msg-error" in bad.content.decode()
