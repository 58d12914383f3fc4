"""The disputes' types became rollup facts (``type_<type>`` and ``type_<type>_closed`` on the day the dispute was
received, from its report entry): add them for the disputes already recorded, so the dashboard's "disputes by type"
reads the rollups instead of every dispute of the period.

Reads the historical models; the facts and scopes come from ``kpis`` (pure functions of a timeline)."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from django.db import migrations

from gridgov.partitions import county_of


def add_type_facts(apps, schema_editor) -> None:
    from gridgov.cases import kpis

    Case = apps.get_model("cases", "Case")
    TimelineEntry = apps.get_model("cases", "TimelineEntry")
    classes = dict(apps.get_model("cases", "Category").objects.values_list("pk", "code"))
    disputes = Case.objects.filter(kind="dispute")
    cases = {pk: rest for pk, *rest in disputes.values_list("pk", "area_code", "handling_unit_id", "reporter_id",
                                                               "channel", "category_id").iterator(2000)}
    entries = (TimelineEntry.objects.filter(case__kind="dispute").order_by("case_id", "at", "id")
               .values_list("case_id", "at", "action", "to_status", "data").iterator(5000))
    for pk, timeline in groupby(entries, key=lambda e: e[0]):
        area_code, unit_id, reporter_id, channel, category_id = cases[pk]
        events = [kpis.Event(at, action, to_status, data) for _, at, action, to_status, data in timeline]
        facts = Counter({k: n for k, n in kpis.facts(events).items() if k[1].startswith("type_")})
        worker = reporter_id if channel == "grid_app" else None
        kpis.apply_delta(kpis.NOTHING, (kpis.scopes_of(area_code, unit_id, worker, classes[category_id][:2],
                                                       "dispute"), facts),
                         county_of(area_code))


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_kpi_months")]
    operations = [migrations.RunPython(add_type_facts, migrations.RunPython.noop)]
