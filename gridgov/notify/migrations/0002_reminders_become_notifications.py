"""The cases app's reminders become notifications: same unit, time, message and case; a reminder marked read is read
for every active member of its unit."""

from django.db import migrations

KINDS = {"escalated": "escalated", "overdue": "overdue", "supervised": "supervised", "repeat": "repeat"}


def forwards(apps, schema_editor):
    Reminder = apps.get_model("cases", "Reminder")
    Notification = apps.get_model("notify", "Notification")
    Receipt = apps.get_model("notify", "Receipt")
    Staff = apps.get_model("org", "Staff")
    for r in Reminder.objects.select_related("case").iterator():
        if r.unit_id is None:
            continue
        n = Notification.objects.create(
            kind=KINDS.get(r.reason, "other"), at=r.at, unit_id=r.unit_id, subject=r.case.number,
            message=r.message, url=f"/desk/cases/{r.case_id}/", object_type="case", object_id=r.case_id,
            area_code=r.case.area_code)
        if r.read:
            Receipt.objects.bulk_create([
                Receipt(notification=n, user_id=uid, read_at=r.at)
                for uid in Staff.objects.filter(unit_id=r.unit_id, active=True).values_list("user_id", flat=True)])


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_notifications"), ("cases", "0007_scope_idempotency_per_sender"),
                    ("org", "0003_accounts_token_lifetimes_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
