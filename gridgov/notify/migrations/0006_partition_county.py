"""Notifications carry their area's county (partition key, ``gridgov.partitions``), filled for existing rows."""

import django.db.models.deletion
import gridgov.partitions
from django.db import migrations, models


def fill_counties(apps, schema_editor) -> None:
    from django.db.models.functions import Substr

    apps.get_model("notify", "Notification").objects.filter(county="").update(county=Substr("area_code", 1, 6))


class Migration(migrations.Migration):

    dependencies = [
        ('notify', '0005_preference_kinds_police'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='county',
            field=gridgov.partitions.CountyField(source='area_code'),
        ),
        migrations.RunPython(fill_counties, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='delivery',
            name='notification',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='notify.notification', verbose_name='notification'),
        ),
        migrations.AlterField(
            model_name='receipt',
            name='notification',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='receipts', to='notify.notification'),
        ),
    ]
