"""The hand-written statements of the action path read and write exactly what the ORM would."""

import pytest

from gridgov import rows
from gridgov.cases.models import Case, TimelineEntry
from gridgov.cases.store import case_by_id, history

from .conftest import at

pytestmark = pytest.mark.django_db


def test_a_case_read_by_id_equals_the_orm_read_field_by_field(town, report):
    case = report().case
    mine, orm = case_by_id(case.pk, lock=False), Case.objects.get(pk=case.pk)
    for f in Case._meta.concrete_fields:
        assert getattr(mine, f.attname) == getattr(orm, f.attname), f.name
    assert case_by_id(case.pk + 1000) is None


def test_an_inserted_entry_reads_back_with_its_time_json_and_actor(town, report):
    case = report().case
    entry = TimelineEntry(case=case, at=at(2026, 11, 23, 10, 0), actor=town.people.worker, actor_label="甲",
                          action="comment", from_status="reported", to_status="reported", note="备注",
                          data={"nested": {"a": [1, 2]}, "text": "中文"})
    rows.insert(entry)
    stored = TimelineEntry.objects.get(pk=entry.pk)
    assert (stored.at, stored.actor, stored.data, stored.note) == (
        at(2026, 11, 23, 10, 0), town.people.worker, {"nested": {"a": [1, 2]}, "text": "中文"}, "备注")
    assert [e.pk for e in history(case.pk)][-1] == entry.pk and history(case.pk)[-1].data == stored.data


def test_update_writes_only_the_named_fields_and_stamps_auto_now(town, report):
    case = report().case
    before = Case.objects.get(pk=case.pk)
    case.description, case.escalations, case.handling_unit = "改过", 3, town.units.station
    rows.update(case, ["escalations", "handling_unit_id", "updated_at"])
    stored = Case.objects.get(pk=case.pk)
    assert stored.escalations == 3 and stored.handling_unit == town.units.station
    assert stored.description == before.description  # not named, not written
    assert stored.updated_at > before.updated_at
