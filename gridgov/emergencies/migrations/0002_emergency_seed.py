from django.db import migrations

from gridgov.emergencies.seed import seed


class Migration(migrations.Migration):
    dependencies = [("emergencies", "0001_emergency_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
