"""Attachments: the file's real type is sniffed from its first bytes (the declared type is not trusted), its size
limited; stored under MEDIA_ROOT and served only through scoped views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .actions import ActionError
from .models import Attachment, Case


class TooLarge(ActionError):
    status_code = 413


class WrongType(ActionError):
    status_code = 415


class TooMany(ActionError):
    status_code = 409


def sniff(head: bytes) -> str:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF"):
        return "application/pdf"
    return "application/octet-stream"


def save_attachment(case: Case, upload: Any) -> Attachment:
    """Store an uploaded file for the case (not yet linked to an action); a case holds at most
    ``GRIDGOV_MAX_ATTACHMENTS_PER_CASE`` files (counted under a lock of the case's row on PostgreSQL)."""
    limit = settings.GRIDGOV_MAX_ATTACHMENTS_PER_CASE
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
        if Attachment.objects.filter(case=case).count() >= limit:
            raise TooMany(_("this case already holds %(n)d attachments, the most it can hold") % {"n": limit})
        return _save(case, upload)


def _save(case: Case, upload: Any) -> Attachment:
    if upload.size > settings.GRIDGOV_MAX_ATTACHMENT_BYTES:
        raise TooLarge(_("the file is larger than %(mb)d MB") % {"mb": settings.GRIDGOV_MAX_ATTACHMENT_BYTES // 2**20})
    head = upload.read(12)
    upload.seek(0)
    kind = sniff(head)
    if kind not in settings.GRIDGOV_ATTACHMENT_TYPES:
        raise WrongType(_("only JPEG, PNG or WebP photos and PDF documents can be attached"))
    a = Attachment(case=case, content_type=kind)
    a.file.save(f"{case.number}-{(upload.name or 'file')[-60:]}", upload, save=True)
    return a


def discard_files(attachments: list[Attachment]) -> None:
    """Remove the stored files of attachments whose rows were rolled back with a refused action."""
    for a in attachments:
        a.file.delete(save=False)
