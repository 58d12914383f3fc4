from django.db import migrations


def covering_key(apps, schema_editor):
    """PostgreSQL: the unique key's index also carries the value, for index-only KPI sums. Others: unchanged."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE cases_kpirollup DROP CONSTRAINT kpi_rollup_key")
    schema_editor.execute("ALTER TABLE cases_kpirollup ADD CONSTRAINT kpi_rollup_key UNIQUE (scope, day, metric) "
                          "INCLUDE (value)")


def plain_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE cases_kpirollup DROP CONSTRAINT kpi_rollup_key")
    schema_editor.execute("ALTER TABLE cases_kpirollup ADD CONSTRAINT kpi_rollup_key UNIQUE (scope, day, metric)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(covering_key, plain_key)]
