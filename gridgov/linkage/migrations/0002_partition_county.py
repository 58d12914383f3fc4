"""Alarms carry their case's county (partition key, ``gridgov.partitions``), filled for existing rows."""

import django.db.models.deletion
import gridgov.partitions
from django.db import migrations, models


def fill_counties(apps, schema_editor) -> None:
    from django.db.models import OuterRef, Subquery

    of_case = Subquery(apps.get_model("cases", "Case").objects.filter(pk=OuterRef("case_id")).values("county")[:1])
    apps.get_model("linkage", "Alarm").objects.filter(county="").update(county=of_case)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_partition_county'),
        ('linkage', '0001_alarms_cameras_and_alarms'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='alarm',
            name='alarm_once_per_webhook_id',
        ),
        migrations.AddField(
            model_name='alarm',
            name='county',
            field=gridgov.partitions.CountyField(source='case.county'),
        ),
        migrations.RunPython(fill_counties, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='alarm',
            name='case',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='alarms', to='cases.case', verbose_name='case'),
        ),
        migrations.AlterField(
            model_name='alarmstream',
            name='case',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.case'),
        ),
        migrations.AddConstraint(
            model_name='alarm',
            constraint=models.UniqueConstraint(fields=('source', 'webhook_id', 'county'), name='alarm_once_per_webhook_id'),
        ),
    ]
