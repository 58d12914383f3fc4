from django.db import migrations

DEFAULT_LEVELS = [
    (1, "区县", "district"),
    (2, "乡镇（街道）", "township/street"),
    (3, "村（社区）", "village/community"),
    (4, "四级网格", "4th-level grid"),
    (5, "五级网格", "5th-level grid"),
]


def create(apps, schema_editor):
    Level = apps.get_model("geo", "Level")
    for depth, name, name_en in DEFAULT_LEVELS:
        Level.objects.get_or_create(depth=depth, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
