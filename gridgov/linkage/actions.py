"""Alarms into cases. ``receive_alarm`` takes one signed alarm: the first of a device and event type opens a case
(located at the event's point, else the camera's; the snapshot attached; the grid worker, the village police liaison
and the centre notified); the next ones within ``GRIDGOV_ALARM_WINDOW_MINUTES`` are added to that case while it is
open; the same ``webhook-id`` again answers with the same case and changes nothing. One transaction per alarm; the
row of its (camera, event type) stream is locked, so two alarms at once never open two cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gridgov.cases.actions import ActionError, report_case, write_entry
from gridgov.cases.attachments import _save, discard_files
from gridgov.cases.catalogue import category_by_code
from gridgov.cases.models import OPEN_STATUSES, Attachment, Case, Channel, TimelineEntry
from gridgov.cases.notices import notify_case
from gridgov.cases.rules import SYSTEM
from gridgov.geo.coords import to_wgs84
from gridgov.notify.models import Kind
from gridgov.org.models import Role, Staff

from . import signatures, snapshots
from .events import EventType, event_types
from .models import Alarm, AlarmSource, AlarmStream, Camera, CameraStatus


class Unauthorised(ActionError):
    status_code = 401


class Unprocessable(ActionError):
    status_code = 422

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Received:
    case: Case
    created: bool  # a new case was opened
    alarm: Alarm | None  # None: a replay (the webhook-id was already taken)


def source_secrets(source: AlarmSource, now: datetime) -> list[str]:
    """The secrets a signature may be made with: the current one, and the previous one during its overlap."""
    keep = source.previous_secret and source.previous_until and source.previous_until > now
    return [source.secret, *([source.previous_secret] if keep else [])]


def authenticate(name: str, headers: dict[str, str], body: bytes, now: datetime) -> AlarmSource:
    source = AlarmSource.objects.filter(name=name[:50], active=True).first()
    if source is None:
        raise Unauthorised(_("no active alarm source of that name"))
    try:
        signatures.verify(source_secrets(source, now), headers.get("id", ""), headers.get("timestamp", ""),
                          headers.get("signature", ""), body, now)
    except signatures.BadSignature as exc:
        raise Unauthorised(str(exc)) from exc
    return source


def replayed(source: AlarmSource, webhook_id: str) -> Received | None:
    alarm = Alarm.objects.select_related("case").filter(source=source, webhook_id=webhook_id).first()
    return Received(alarm.case, False, None) if alarm else None


def receive_alarm(source: AlarmSource, webhook_id: str, body: Any, now: datetime | None = None) -> Received:
    """``body``: the checked ``AlarmIn``. Raises ``Unprocessable`` (nothing stored) for an unknown device or event
    type, a bad snapshot or a point outside the grid."""
    now = now or timezone.now()
    if (again := replayed(source, webhook_id)) is not None:
        return again
    camera = Camera.objects.filter(device_id=body.device_id).exclude(status=CameraStatus.RETIRED).first()
    if camera is None:
        raise Unprocessable(_("unknown device %(id)s: register the camera first") % {"id": body.device_id},
                            "unknown_device")
    event = event_types().get(body.event_type)
    if event is None:
        raise Unprocessable(_("unknown event type %(t)r; known types: %(all)s") % {
            "t": body.event_type, "all": ", ".join(sorted(event_types()))}, "unknown_event_type")
    if body.occurred_at > now + signatures.TOLERANCE:
        raise Unprocessable(_("occurred_at lies in the future"), "future_event")
    upload = None
    if body.snapshot:
        try:
            upload = snapshots.decode(body.snapshot, f"alarm-{camera.device_id}")
        except snapshots.BadSnapshot as exc:
            raise Unprocessable(str(exc), "bad_snapshot") from exc
    if body.lon is not None:
        lon, lat, crs = body.lon, body.lat, body.crs
    else:
        lon, lat, crs = camera.lon, camera.lat, "wgs84"
    saved: list[Attachment] = []
    try:
        with transaction.atomic():
            return _take(source, webhook_id, body, camera, event, (lon, lat, crs), upload, now, saved)
    except IntegrityError:
        discard_files(saved)
        if (again := replayed(source, webhook_id)) is not None:  # the same webhook-id committed meanwhile
            return again
        raise
    except ActionError as exc:
        discard_files(saved)
        raise Unprocessable(exc.message, "refused") from exc
    except BaseException:
        discard_files(saved)
        raise


def _take(source: AlarmSource, webhook_id: str, body: Any, camera: Camera, event: EventType,
          where: tuple[float, float, str], upload: Any, now: datetime, saved: list[Attachment]) -> Received:
    AlarmStream.objects.bulk_create([AlarmStream(camera=camera, event_type=event.code)], ignore_conflicts=True)
    stream = AlarmStream.objects.select_for_update(of=("self",)).select_related("case").get(camera=camera,
                                                                                  event_type=event.code)
    window = timedelta(minutes=settings.GRIDGOV_ALARM_WINDOW_MINUTES)
    case = stream.case
    appended = (case is not None and case.status in OPEN_STATUSES and stream.last_at is not None
                and abs(body.occurred_at - stream.last_at) <= window)
    x, y = to_wgs84(*where)
    if not appended:
        case = _open_case(camera, event, body, where, now)
    alarm = Alarm(source=source, webhook_id=webhook_id, camera=camera, event_type=event.code,
                  occurred_at=body.occurred_at, received_at=now, lon=x, lat=y, description=body.description,
                  snapshot_url=body.snapshot_url or "", case=case, opened_case=not appended)
    alarm.save()
    if appended:
        count = Alarm.objects.filter(case=case).count()
        entry = write_entry(case, SYSTEM, "alarm_repeat", case.status, case.status, _repeat_note(event, camera,
                            count), {"alarm": alarm.pk, "count": count, "event_type": event.code}, now)
    else:
        entry = TimelineEntry.objects.filter(case=case, action="report").first()
        _notify(case, event, camera, now)
    if upload is not None and Attachment.objects.filter(case=case).count() < settings.GRIDGOV_MAX_ATTACHMENTS_PER_CASE:
        attachment = _save(case, upload)
        saved.append(attachment)
        Attachment.objects.filter(pk=attachment.pk).update(entry=entry)
    stream.case, stream.last_at = case, max(stream.last_at or body.occurred_at, body.occurred_at)
    stream.save(update_fields=["case", "last_at"])
    return Received(case, not appended, alarm)


def _open_case(camera: Camera, event: EventType, body: Any, where: tuple[float, float, str], now: datetime) -> Case:
    category = category_by_code(event.category)
    if category is None:
        raise ActionError(_("event type %(t)s maps onto category %(c)s, which the catalogue lacks") % {
            "t": event.code, "c": event.category})
    with translation.override(settings.LANGUAGE_CODE):  # a record, in the official language
        text = _("%(event)s from %(camera)s (%(id)s)") % {"event": event.label, "camera": camera.name,
                                                          "id": camera.device_id}
    if body.description:
        text = f"{text}: {body.description}"
    lon, lat, crs = where
    return report_case(SYSTEM, category=category, description=text[:4000], lon=lon, lat=lat, crs=crs,
                       channel=Channel.ALARM, urgency=event.urgency, now=now,
                       data={"alarm": {"device_id": camera.device_id, "event_type": event.code}}).case


def _repeat_note(event: EventType, camera: Camera, count: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(event)s again from %(camera)s: alarm no. %(n)d") % {"event": event.label, "camera": camera.name,
                                                                        "n": count}


def liaison_of(area_code: str) -> Any:
    """The police liaison serving the area: the active one whose jurisdiction is the deepest area above it."""
    prefixes = [area_code[:n] for n in range(6, len(area_code) + 1, 3)]
    staff = (Staff.objects.filter(role=Role.POLICE_LIAISON, active=True, area__code__in=prefixes)
             .select_related("user", "area").order_by("-area__level", "id").first())
    return staff.user if staff else None


def _notify(case: Case, event: EventType, camera: Camera, now: datetime) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        message = _("%(event)s from %(camera)s") % {"event": event.label, "camera": camera.name}
    workers = Staff.objects.filter(role=Role.GRID_WORKER, active=True, area__code=case.area_code).select_related(
        "user")
    for w in workers:
        notify_case(case, Kind.ALARM, message, user=w.user, at=now)
    if (liaison := liaison_of(case.area_code)) is not None:
        notify_case(case, Kind.ALARM, message, user=liaison, at=now)
    notify_case(case, Kind.ALARM, message, unit=case.owner_unit, at=now)


def alarm_count(case: Case) -> int:
    return Alarm.objects.filter(case=case).count()
