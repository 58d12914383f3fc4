"""Notifications: "this needs you", addressed to a person or to a unit (every active member of the unit sees it).

A notification names its object by a short label and a link, never by personal data: the label is a case number or
an object's name, the message says what happened. Read state is per person (``Receipt``), so a unit's notification
read by one member stays unread for the others.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gridgov.org.models import Unit


class Kind(models.TextChoices):
    NEW_TASK = "new_task", _("new task")
    DISPATCHED = "dispatched", _("dispatched to my unit")
    DEADLINE = "deadline", _("deadline approaching")
    OVERDUE = "overdue", _("overdue")
    ESCALATED = "escalated", _("escalated to my unit")
    SUPERVISED = "supervised", _("supervised")
    EXTENSION = "extension", _("extension decided")
    CHECK = "check", _("check requested")
    REPEAT = "repeat", _("repeat petition")
    RATING = "rating", _("rating received")
    ALARM = "alarm", _("alarm")
    EMERGENCY = "emergency", _("emergency")
    POLICE = "police", _("police linkage")
    OTHER = "other", _("other")


class Notification(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    at = models.DateTimeField(_("at"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True,
                             related_name="notifications", on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, related_name="notifications",
                             on_delete=models.CASCADE)
    subject = models.CharField(_("subject"), max_length=80)  # case number or object name: no personal data
    message = models.CharField(_("message"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=300)
    object_type = models.CharField(_("object type"), max_length=30, blank=True)  # "case", "alarm", "emergency" …
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    area_code = models.CharField(_("area code"), max_length=30, blank=True, db_index=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["unit", "at"]),
                   models.Index(fields=["object_type", "object_id"])]
        constraints = [models.CheckConstraint(condition=Q(user__isnull=False) | Q(unit__isnull=False),
                                              name="notification_has_recipient")]

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


class Receipt(models.Model):
    """One person has read one notification."""

    notification = models.ForeignKey(Notification, related_name="receipts", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="notification_receipts",
                             on_delete=models.CASCADE)
    read_at = models.DateTimeField()

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [models.UniqueConstraint(fields=["notification", "user"], name="receipt_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.notification_id}"
