"""``Case.went_overdue`` (the first ``overdue`` entry sets it, nothing clears it), filled from the timelines already
kept, and the partial indexes the dashboard's cohort lists read: cases that went overdue, cases escalated."""

from django.db import migrations, models


def fill(apps, schema_editor) -> None:
    Case = apps.get_model("cases", "Case")
    TimelineEntry = apps.get_model("cases", "TimelineEntry")
    Case.objects.filter(pk__in=TimelineEntry.objects.filter(action="overdue").values("case_id")).update(
        went_overdue=True)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_dispute_type_facts'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='went_overdue',
            field=models.BooleanField(default=False, editable=False, verbose_name='went overdue'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('went_overdue', True)), fields=['created_at', 'id'],
                               name='case_went_overdue'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('escalations__gt', 0)), fields=['created_at', 'id'],
                               name='case_escalated'),
        ),
    ]
