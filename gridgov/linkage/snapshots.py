"""An alarm's snapshot sent inline (base64): size-limited, decoded, and opened with Pillow to make sure it really is
a JPEG, PNG or WebP image before it becomes the case's attachment."""

from __future__ import annotations

import base64
import binascii
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class BadSnapshot(ValueError):
    pass


def max_bytes() -> int:
    return settings.GRIDGOV_ALARM_SNAPSHOT_BYTES


def decode(text: str, name: str) -> ContentFile:
    if len(text) > (max_bytes() * 4) // 3 + 4:
        raise BadSnapshot(_("the snapshot is larger than %(kb)d KB") % {"kb": max_bytes() // 1024})
    try:
        blob = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadSnapshot(_("the snapshot is not valid base64")) from exc
    if len(blob) > max_bytes():
        raise BadSnapshot(_("the snapshot is larger than %(kb)d KB") % {"kb": max_bytes() // 1024})
    try:
        with Image.open(io.BytesIO(blob)) as im:
            fmt = im.format
            im.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise BadSnapshot(_("the snapshot is not a readable image")) from exc
    if fmt not in FORMATS:
        raise BadSnapshot(_("the snapshot must be a JPEG, PNG or WebP image"))
    return ContentFile(blob, name=f"{name}.{FORMATS[fmt]}")
