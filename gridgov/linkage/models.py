"""Cameras (GB/T 28181 devices) on the grid, the platforms that post their alarms, and the alarms received."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gridgov.cases.models import Case
from gridgov.geo.scoping import ScopedQuerySet
from gridgov.org.models import Unit
from gridgov.partitions import CountyField

from .deviceid import TYPES


class CameraKind(models.TextChoices):
    PUBLIC_VIDEO = "public_video", _("public video (Snow Light)")
    COMMUNITY = "community", _("community")
    SCHOOL = "school", _("school")
    TRAFFIC = "traffic", _("traffic crossroads")
    ENTERPRISE = "enterprise", _("enterprise")
    FENCE = "fence", _("electronic fence")
    OTHER = "other", _("other")


class CameraStatus(models.TextChoices):
    # with a context: "online" alone is also the petition channel (网上信访)
    ONLINE = "online", pgettext_lazy("camera status", "online")
    OFFLINE = "offline", pgettext_lazy("camera status", "offline")
    RETIRED = "retired", pgettext_lazy("camera status", "retired")


class CameraQuerySet(ScopedQuerySet):
    scope_field = "area_code"


class Camera(models.Model):
    device_id = models.CharField(_("device ID (GB/T 28181)"), max_length=20, unique=True)
    centre_code = models.CharField(_("centre code"), max_length=8)
    industry = models.CharField(_("industry code"), max_length=2)
    type_code = models.CharField(_("type code"), max_length=3, choices=sorted(TYPES.items()))
    network = models.CharField(_("network code"), max_length=1)
    serial = models.CharField(_("serial number"), max_length=6)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=CameraKind.choices, default=CameraKind.PUBLIC_VIDEO)
    status = models.CharField(_("status"), max_length=10, choices=CameraStatus.choices, default=CameraStatus.ONLINE)
    lon = models.FloatField(_("longitude (WGS-84)"))
    lat = models.FloatField(_("latitude (WGS-84)"))
    reported_lon = models.FloatField(_("longitude as given"))
    reported_lat = models.FloatField(_("latitude as given"))
    reported_crs = models.CharField(_("coordinate system as given"), max_length=10, default="wgs84")
    area_code = models.CharField(_("grid code"), max_length=30, db_index=True)  # the deepest area holding the point
    owner_unit = models.ForeignKey(Unit, verbose_name=_("owner unit"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="cameras")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CameraQuerySet.as_manager()

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        ordering = ["area_code", "device_id"]

    def __str__(self) -> str:
        return f"{self.device_id} {self.name}"


class AlarmSource(models.Model):
    """A video platform or fence controller allowed to post alarms, with its Standard Webhooks secret. The secret
    must be kept readable (the signature is an HMAC with it); after a rotation the previous one stays valid until
    ``previous_until`` so that the platform can be switched over without losing alarms."""

    name = models.SlugField(_("name"), max_length=50, unique=True)
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_until = models.DateTimeField(_("previous secret valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("secret rotated"), null=True, blank=True)

    class Meta:
        verbose_name = _("alarm source")
        verbose_name_plural = _("alarm sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AlarmStream(models.Model):
    """The alarms of one device and event type: the case they currently feed and when the last one came. One row per
    (camera, event type), locked while an alarm is taken, so two alarms at once never open two cases."""

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="+")
    event_type = models.CharField(max_length=40)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             db_constraint=False)  # cases are partitioned: gridgov.partitions
    last_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["camera", "event_type"], name="alarm_stream_key")]

    def __str__(self) -> str:
        return f"{self.camera_id} {self.event_type}"


class Alarm(models.Model):
    """One alarm accepted from a source; ``webhook_id`` is the sender's idempotency key (unique per source)."""

    source = models.ForeignKey(AlarmSource, verbose_name=_("source"), on_delete=models.PROTECT,
                               related_name="alarms")
    webhook_id = models.CharField(_("webhook id"), max_length=100)
    camera = models.ForeignKey(Camera, verbose_name=_("camera"), on_delete=models.PROTECT, related_name="alarms")
    event_type = models.CharField(_("event type"), max_length=40)
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(_("received at"), db_index=True)
    lon = models.FloatField(_("longitude (WGS-84)"))
    lat = models.FloatField(_("latitude (WGS-84)"))
    description = models.CharField(_("description"), max_length=500, blank=True)
    snapshot_url = models.CharField(_("snapshot link"), max_length=500, blank=True)  # never fetched by the server
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="alarms",
                             db_constraint=False)
    county = CountyField(source="case.county")
    opened_case = models.BooleanField(_("opened the case"), default=False)

    class Meta:
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        ordering = ["-received_at", "-id"]
        # with the partition key (gridgov.partitions): a camera, so its alarms, always lie in one county
        constraints = [models.UniqueConstraint(fields=["source", "webhook_id", "county"],
                                               name="alarm_once_per_webhook_id")]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.webhook_id}"
