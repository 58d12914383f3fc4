"""The rollups' keys in the order the figures read them: scope, metric, then the day (or month), then the county.
A figure sums a few facts of many scopes over a range of days; with the day before the metric each (scope, day) held
every fact, and a city's 30-day table by category read 133,802 index entries for 517 sums (docs/SCALING.md).
On PostgreSQL the key's index still carries the value (INCLUDE) and still includes the partition key."""

from django.db import migrations, models


def covering(table: str, name: str, columns: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE ({columns}) INCLUDE (value)")
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0015_went_overdue'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='kpirollup', name='kpi_rollup_key'),
        migrations.AddConstraint(
            model_name='kpirollup',
            constraint=models.UniqueConstraint(fields=('scope', 'metric', 'day', 'county'), name='kpi_rollup_key'),
        ),
        migrations.RemoveConstraint(model_name='kpimonth', name='kpi_month_key'),
        migrations.AddConstraint(
            model_name='kpimonth',
            constraint=models.UniqueConstraint(fields=('scope', 'metric', 'month', 'county'), name='kpi_month_key'),
        ),
        migrations.RunPython(covering("cases_kpirollup", "kpi_rollup_key", "scope, metric, day, county"),
                             migrations.RunPython.noop),
        migrations.RunPython(covering("cases_kpimonth", "kpi_month_key", "scope, metric, month, county"),
                             migrations.RunPython.noop),
    ]
