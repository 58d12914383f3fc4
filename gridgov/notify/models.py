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
from django.utils.translation import pgettext_lazy

from gridgov.org.models import Unit
from gridgov.partitions import CountyField


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
    OTHER = "other", pgettext_lazy("notification kind", "other")  # "other" alone is a dispute type (其他纠纷)


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
    county = CountyField(source="area_code")  # '' when about no place: the install-wide partition

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

    notification = models.ForeignKey(Notification, related_name="receipts", on_delete=models.CASCADE,
                                     db_constraint=False)  # partitioned: gridgov.partitions
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="notification_receipts",
                             on_delete=models.CASCADE)
    read_at = models.DateTimeField()

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [models.UniqueConstraint(fields=["notification", "user"], name="receipt_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.notification_id}"


# -- outbound: channels, what each person receives, and every delivery with its attempts -----------------------------

class ChannelKind(models.TextChoices):
    SMS = "sms", _("SMS gateway (HTTP)")
    EMAIL = "email", _("e-mail")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


PERSON_KINDS = (ChannelKind.SMS, ChannelKind.EMAIL)  # to each person's work phone or e-mail address
ROBOT_KINDS = (ChannelKind.WECOM, ChannelKind.DINGTALK)  # to one unit's group chat


class Channel(models.Model):
    """A way out: an SMS gateway or e-mail reaches each person (the first enabled channel of each kind is used); a
    group robot posts a unit's notifications into that unit's group chat."""

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=ChannelKind.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit (group robots)"), null=True, blank=True,
                             related_name="robots", on_delete=models.CASCADE)
    url = models.URLField(_("URL"), max_length=500, blank=True,
                          help_text=_("SMS gateway: the address to POST to; WeCom: the webhook with its key; "
                                      "DingTalk: the webhook with its access_token"))
    body_template = models.TextField(
        _("body template (SMS)"), blank=True, default='{"to": "$phone", "text": "$text"}',
        help_text=_("JSON sent to the SMS gateway; $phone and $text are replaced in its string values"))
    auth_header = models.CharField(_("auth header (SMS)"), max_length=60, blank=True,
                                   help_text=_("e.g. Authorization; its value is the secret"))
    secret = models.CharField(_("secret"), max_length=200, blank=True,
                              help_text=_("SMS: the auth header's value; DingTalk: the signing secret (SEC…)"))
    kinds = models.JSONField(_("notification kinds"), default=list, blank=True,
                             help_text=_("robots: the kinds posted, e.g. [\"escalated\", \"alarm\"]; empty: all"))

    class Meta:
        verbose_name = _("outbound channel")
        verbose_name_plural = _("outbound channels")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .channels import check_channel

        problems = check_channel(self)
        if problems:
            raise ValidationError(problems)


class Preference(models.Model):
    """Which person channels one person receives for one kind of notification (no row: ``deliveries.DEFAULTS``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="notification_preferences",
                             on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    sms = models.BooleanField(_("SMS"), default=False)
    email = models.BooleanField(_("e-mail"), default=False)

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class QuietHours(models.Model):
    """A person's quiet hours, Asia/Shanghai local time (no row: GRIDGOV_QUIET_HOURS; both empty: none)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, related_name="quiet_hours", on_delete=models.CASCADE)
    start = models.TimeField(_("quiet from"), null=True, blank=True)
    end = models.TimeField(_("quiet until"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiet hours")
        verbose_name_plural = _("quiet hours")

    def __str__(self) -> str:
        return f"{self.user_id} {self.start}-{self.end}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    DROPPED = "dropped", _("dropped (no address)")


class Delivery(models.Model):
    """One message to one person (or one group robot, or one citizen) through one channel. The text is written when
    the delivery is planned and holds only the kind, the case number and a link; the address is read when sending
    (a person's work phone or e-mail, a citizen's phone on the case) and never stored here."""

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), related_name="deliveries",
                                on_delete=models.CASCADE)
    notification = models.ForeignKey(Notification, verbose_name=_("notification"), null=True, blank=True,
                                     related_name="deliveries", on_delete=models.CASCADE, db_constraint=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True,
                             related_name="+", on_delete=models.CASCADE)
    case_id = models.BigIntegerField(_("case (citizen SMS)"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30)
    text = models.CharField(_("text"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("planned at"))
    due_at = models.DateTimeField(_("next attempt at"), db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.channel_id} ({self.status})"


class Attempt(models.Model):
    """One try of a delivery and what the other side answered."""

    delivery = models.ForeignKey(Delivery, related_name="attempt_log", on_delete=models.CASCADE)
    at = models.DateTimeField(_("at"))
    ok = models.BooleanField(_("delivered"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=300, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
