"""The KPI definitions changed (cohort facts on the day a case was received; the disputes' and petitions' figures
became cohorts; the facts of cases due in a period were dropped): recompute every rollup from the timelines.

Reads the historical models (not the live ones) so that later changes to the case table cannot break it; the facts
and scopes come from ``kpis`` (pure functions of a timeline)."""

from __future__ import annotations

from itertools import groupby

from django.db import migrations


def rebuild(apps, schema_editor) -> None:
    from gridgov.cases import kpis

    Case = apps.get_model("cases", "Case")
    TimelineEntry = apps.get_model("cases", "TimelineEntry")
    apps.get_model("cases", "KpiRollup").objects.all().delete()
    # the rollups gained a county (partition key) in 0012; this function is also run on today's schema (a test)
    with_county = any(f.name == "county" for f in apps.get_model("cases", "KpiRollup")._meta.fields)
    classes = dict(apps.get_model("cases", "Category").objects.values_list("pk", "code"))
    cases = Case.objects.order_by("pk").values_list("pk", "kind", "area_code", "handling_unit_id", "reporter_id",
                                                    "channel", "category_id").iterator(2000)
    entries = (TimelineEntry.objects.order_by("case_id", "at", "id")
               .values_list("case_id", "at", "action", "to_status", "data").iterator(5000))
    timelines = groupby(entries, key=lambda e: e[0])
    pending = next(timelines, None)
    for pk, kind, area_code, unit_id, reporter_id, channel, category_id in cases:
        while pending is not None and pending[0] < pk:
            pending = next(timelines, None)
        if pending is None or pending[0] != pk:
            continue
        events = [kpis.Event(at, action, to_status, data) for _, at, action, to_status, data in pending[1]]
        worker = reporter_id if channel == "grid_app" else None
        scopes = kpis.scopes_of(area_code, unit_id, worker, classes[category_id][:2], kind)
        kpis.apply_delta(kpis.NOTHING, (scopes, kpis.facts(events)), area_code[:6] if with_county else None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_kinds_and_parties")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
