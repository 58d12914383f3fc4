"""KPI rollups by month beside the days (``KpiMonth``, partitioned by county like the days), filled from the daily
rollups already kept; on PostgreSQL
the key's index carries the value (INCLUDE), as migration 0002 does for the days."""

import gridgov.partitions
from django.db import migrations, models

BACKFILL = ("INSERT INTO cases_kpimonth (scope, month, metric, county, value) SELECT scope, {month}, metric, county, "
            "SUM(value) FROM cases_kpirollup GROUP BY scope, {month}, metric, county")


def backfill(apps, schema_editor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE cases_kpimonth DROP CONSTRAINT kpi_month_key")
        schema_editor.execute("ALTER TABLE cases_kpimonth ADD CONSTRAINT kpi_month_key UNIQUE (scope, month, metric, "
                              "county) INCLUDE (value)")
    schema_editor.execute(BACKFILL.format(month="date_trunc('month', day)::date" if postgres else
                                          "strftime('%Y-%m-01', day)"))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_partition_county'),
    ]

    operations = [
        migrations.CreateModel(
            name='KpiMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.CharField(max_length=40)),
                ('month', models.DateField()),
                ('metric', models.CharField(max_length=30)),
                ('value', models.BigIntegerField(default=0)),
                ('county', gridgov.partitions.CountyField(source='')),
            ],
            options={
                'verbose_name': 'KPI rollup by month',
                'verbose_name_plural': 'KPI rollups by month',
                'constraints': [models.UniqueConstraint(fields=('scope', 'month', 'metric', 'county'), name='kpi_month_key')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
