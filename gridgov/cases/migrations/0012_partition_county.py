"""The county (partition key, ``gridgov.partitions``) on the tables that grow with cases, filled for the rows an
install already has; keys that include it; foreign keys into cases no longer enforced by the database. On PostgreSQL
the tables become partitioned after ``migrate`` (``cases.apps.partition_after_migrate``), rows moved into their
counties' partitions."""

import django.db.models.deletion
import gridgov.partitions
from django.conf import settings
from django.db import migrations, models


def fill_counties(apps, schema_editor) -> None:
    """A case's county is its area code's first six digits; its rows' are the case's. A rollup row's is its area
    scope's county, or for a unit's or a grid worker's scope the county of the unit's or the worker's area."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Substr

    Case = apps.get_model("cases", "Case")
    Case.objects.filter(county="").update(county=Substr("area_code", 1, 6))
    of_case = Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("county")[:1])
    for name in ("TimelineEntry", "Attachment", "Party"):
        apps.get_model("cases", name).objects.filter(county="").update(county=of_case)
    Rollup = apps.get_model("cases", "KpiRollup")
    Rollup.objects.filter(county="", scope__startswith="area:").update(county=Substr("scope", 6, 6))
    areas = {
        "unit": dict(apps.get_model("org", "Unit").objects.values_list("pk", "area__code")),
        "worker": dict(apps.get_model("org", "Staff").objects.values_list("user_id", "area__code")),
    }
    for scope in Rollup.objects.filter(county="").exclude(scope__startswith="area:").values_list(
            "scope", flat=True).distinct():
        kind, _, pk = scope.partition(":")
        code = areas.get(kind, {}).get(int(pk) if pk.isdigit() else None) or ""
        Rollup.objects.filter(county="", scope=scope).update(county=code[:6])


def covering_key(apps, schema_editor) -> None:
    """PostgreSQL: the rollup key's index also carries the value (as migration 0002 did for the old key)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE cases_kpirollup DROP CONSTRAINT kpi_rollup_key")
    schema_editor.execute("ALTER TABLE cases_kpirollup ADD CONSTRAINT kpi_rollup_key UNIQUE (scope, day, metric, "
                          "county) INCLUDE (value)")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_notifyweb_deadline_warning'),
        ('geo', '0002_default_levels'),
        ('org', '0003_accounts_token_lifetimes_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='case',
            name='case_key_per_reporter',
        ),
        migrations.RemoveConstraint(
            model_name='case',
            name='case_key_per_submission',
        ),
        migrations.RemoveConstraint(
            model_name='kpirollup',
            name='kpi_rollup_key',
        ),
        migrations.AddField(
            model_name='attachment',
            name='county',
            field=gridgov.partitions.CountyField(source='case.county'),
        ),
        migrations.AddField(
            model_name='case',
            name='county',
            field=gridgov.partitions.CountyField(source='area_code'),
        ),
        migrations.AddField(
            model_name='kpirollup',
            name='county',
            field=gridgov.partitions.CountyField(source=''),
        ),
        migrations.AddField(
            model_name='party',
            name='county',
            field=gridgov.partitions.CountyField(source='case.county'),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='county',
            field=gridgov.partitions.CountyField(source='case.county'),
        ),
        migrations.RunPython(fill_counties, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='attachment',
            name='case',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='cases.case'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='entry',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='attachments', to='cases.timelineentry'),
        ),
        migrations.AlterField(
            model_name='case',
            name='involved_units',
            field=models.ManyToManyField(blank=True, db_constraint=False, related_name='+', to='org.unit', verbose_name='units involved'),
        ),
        migrations.AlterField(
            model_name='case',
            name='merged_into',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_cases', to='cases.case', verbose_name='merged into'),
        ),
        migrations.AlterField(
            model_name='case',
            name='number',
            field=models.CharField(max_length=30, verbose_name='number'),
        ),
        migrations.AlterField(
            model_name='case',
            name='tracking_code',
            field=models.CharField(max_length=16, verbose_name='tracking code'),
        ),
        migrations.AlterField(
            model_name='party',
            name='case',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='cases.case', verbose_name='case'),
        ),
        migrations.AlterField(
            model_name='timelineentry',
            name='case',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='timeline', to='cases.case', verbose_name='case'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(fields=('number', 'county'), name='case_number_key'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(fields=('tracking_code', 'county'), name='case_tracking_code_key'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(fields=('reporter', 'idempotency_key', 'county'), name='case_key_per_reporter'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(condition=models.Q(('idempotency_key__startswith', 'anon:'), ('reporter__isnull', True)), fields=('idempotency_key', 'county'), name='case_key_per_submission'),
        ),
        migrations.AddConstraint(
            model_name='kpirollup',
            constraint=models.UniqueConstraint(fields=('scope', 'day', 'metric', 'county'), name='kpi_rollup_key'),
        ),
        migrations.RunPython(covering_key, migrations.RunPython.noop),
    ]
