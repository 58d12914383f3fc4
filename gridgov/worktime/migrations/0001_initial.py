from django.db import migrations, models


def seed(apps, schema_editor):
    """Holidays and make-up working days for every year the chinese-calendar package knows."""
    import datetime

    import chinese_calendar

    CalendarYear = apps.get_model("worktime", "CalendarYear")
    SpecialDay = apps.get_model("worktime", "SpecialDay")
    rows = {}
    for d, name in chinese_calendar.holidays.items():
        if d.weekday() < 5:
            rows[d] = SpecialDay(date=d, workday=False, name=str(name or ""))
    for d, name in chinese_calendar.workdays.items():
        if d.weekday() >= 5:
            rows[d] = SpecialDay(date=d, workday=True, name=str(name or ""))
    SpecialDay.objects.bulk_create(rows.values(), ignore_conflicts=True)
    years = sorted({d.year for d in chinese_calendar.holidays})
    source = f"chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()
    CalendarYear.objects.bulk_create([CalendarYear(year=y, source=source) for y in years], ignore_conflicts=True)
    assert all(isinstance(d, datetime.date) for d in rows)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="CalendarYear",
            fields=[
                ("year", models.PositiveSmallIntegerField(primary_key=True, serialize=False, verbose_name="year")),
                ("source", models.CharField(blank=True, max_length=100, verbose_name="source")),
            ],
            options={"verbose_name": "calendar year", "verbose_name_plural": "calendar years", "ordering": ["year"]},
        ),
        migrations.CreateModel(
            name="SpecialDay",
            fields=[
                ("date", models.DateField(primary_key=True, serialize=False, verbose_name="date")),
                ("workday", models.BooleanField(verbose_name="working day")),
                ("name", models.CharField(blank=True, max_length=50, verbose_name="name")),
            ],
            options={"verbose_name": "special day", "verbose_name_plural": "special days", "ordering": ["date"]},
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
