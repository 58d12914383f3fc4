"""Sending one text through one channel, and what came back.

- SMS gateway: POST of the channel's JSON template ($phone, $text replaced inside its string values, so a text can
  never break the JSON), with an optional auth header whose value is the channel's secret.
- WeCom group robot: POST ``{"msgtype": "text", "text": {"content": …}}`` to the webhook (the key is in its URL).
- DingTalk group robot: the same body; with a signing secret the URL gets ``timestamp`` (ms) and ``sign`` =
  base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded.
- E-mail: Django's mail backend (``EMAIL_*`` settings).
Robots answer HTTP 200 with ``{"errcode": 0}`` when they took the message; any other errcode is a failure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from string import Template
from typing import Any
from urllib.parse import quote_plus, urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ROBOT_KINDS, Channel, ChannelKind

ANSWER_CHARS = 300


@dataclass
class Answer:
    ok: bool
    status_code: int | None = None
    answer: str = ""
    error: str = ""


def check_channel(channel: Channel) -> dict[str, str]:
    """What is wrong with a channel's settings, by field (empty: nothing)."""
    problems: dict[str, str] = {}
    if channel.kind != ChannelKind.EMAIL:
        if urlsplit(channel.url).scheme not in ("http", "https"):
            problems["url"] = _("an http:// or https:// address is needed for this kind of channel")
    if channel.kind in ROBOT_KINDS and channel.unit_id is None:
        problems["unit"] = _("a group robot posts for one unit: choose it")
    if channel.kind == ChannelKind.SMS:
        try:
            template = json.loads(channel.body_template or "")
        except ValueError:
            template = None
        if not isinstance(template, dict) or "$text" not in channel.body_template:
            problems["body_template"] = _('a JSON object with $phone and $text in it, e.g. {"to": "$phone", '
                                          '"text": "$text"}')
    if not isinstance(channel.kinds, list) or not all(isinstance(k, str) for k in channel.kinds):
        problems["kinds"] = _('a list of kinds, e.g. ["escalated", "alarm"], or [] for all')
    return problems


def fill(template: Any, values: dict[str, str]) -> Any:
    """The template with $names replaced inside its strings (keys and structure kept)."""
    if isinstance(template, str):
        return Template(template).safe_substitute(values)
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    if isinstance(template, dict):
        return {k: fill(v, values) for k, v in template.items()}
    return template


def robot_body(text: str) -> dict[str, Any]:
    """WeCom's and DingTalk's text message."""
    return {"msgtype": "text", "text": {"content": text}}


def dingtalk_url(url: str, secret: str, now_ms: int | None = None) -> str:
    """The webhook URL signed as DingTalk asks (unchanged without a secret)."""
    if not secret:
        return url
    timestamp = now_ms if now_ms is not None else int(timezone.now().timestamp() * 1000)
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode())
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def request_for(channel: Channel, text: str, address: str = "") -> urllib.request.Request:
    """The HTTP request that carries ``text`` through an SMS gateway or a group robot."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    url = channel.url
    if channel.kind == ChannelKind.SMS:
        body = fill(json.loads(channel.body_template), {"phone": address, "text": text})
        if channel.auth_header and channel.secret:
            headers[channel.auth_header] = channel.secret
    else:
        body = robot_body(text)
        if channel.kind == ChannelKind.DINGTALK:
            url = dingtalk_url(url, channel.secret)
    return urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode(), headers=headers,
                                  method="POST")


def send(channel: Channel, text: str, address: str = "") -> Answer:
    """Send ``text`` (to ``address``: a phone or an e-mail address; none for robots); never raises."""
    if channel.kind == ChannelKind.EMAIL:
        return _send_mail(text, address)
    try:
        with urllib.request.urlopen(request_for(channel, text, address),  # noqa: S310 (http(s) only: check_channel)
                                    timeout=settings.GRIDGOV_DELIVERY_TIMEOUT_SECONDS) as response:
            status, raw = response.status, response.read(4096)
    except urllib.error.HTTPError as exc:
        return Answer(False, exc.code, exc.read(ANSWER_CHARS).decode(errors="replace"), f"HTTP {exc.code}")
    except (OSError, ValueError) as exc:  # refused, unreachable, timed out, a malformed URL
        return Answer(False, None, "", f"{type(exc).__name__}: {exc}"[:ANSWER_CHARS])
    answer = raw.decode(errors="replace")[:ANSWER_CHARS]
    if channel.kind in ROBOT_KINDS:
        try:
            errcode = json.loads(raw).get("errcode", 0)
        except (ValueError, AttributeError):
            errcode = None
        if errcode != 0:
            return Answer(False, status, answer, f"robot refused: errcode {errcode}")
    return Answer(200 <= status < 300, status, answer, "" if 200 <= status < 300 else f"HTTP {status}")


def _send_mail(text: str, address: str) -> Answer:
    subject = text.split("\n", 1)[0][:120]
    try:
        sent = send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception as exc:  # noqa: BLE001 - any backend's failure is logged on the attempt and retried
        return Answer(False, None, "", f"{type(exc).__name__}: {exc}"[:ANSWER_CHARS])
    return Answer(bool(sent), None, f"{sent} sent", "" if sent else "the mail backend sent nothing")
