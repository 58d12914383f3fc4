from django.db import migrations, models

UPPER_LEVELS = [(-1, "省", "province"), (0, "市（地级）", "city (prefecture)")]


def create(apps, schema_editor):
    Level = apps.get_model("geo", "Level")
    for depth, name, name_en in UPPER_LEVELS:
        Level.objects.get_or_create(depth=depth, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_default_levels")]
    operations = [
        migrations.AlterField("level", "depth", models.SmallIntegerField(primary_key=True, serialize=False,
                                                                         verbose_name="depth")),
        migrations.AlterField("area", "level", models.SmallIntegerField(db_index=True, verbose_name="level")),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
