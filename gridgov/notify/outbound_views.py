"""The person's own page of outbound choices: which kinds reach them by SMS and by e-mail, and their quiet hours."""

from __future__ import annotations

from datetime import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import preferences
from .models import Kind


def _time(text: str) -> time | None:
    text = text.strip()
    if not text:
        return None
    try:
        return time.fromisoformat(text[:8])
    except ValueError as exc:
        raise ValueError(_("write the quiet hours as HH:MM, e.g. 22:00 and 07:00, or leave both empty")) from exc


@login_required
def channel_preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        chosen = {kind: (request.POST.get(f"sms-{kind}") == "1", request.POST.get(f"email-{kind}") == "1")
                  for kind in Kind.values}
        try:
            start, end = _time(request.POST.get("quiet_start", "")), _time(request.POST.get("quiet_end", ""))
            if (start is None) != (end is None):
                raise ValueError(_("give both ends of the quiet hours, or neither"))
        except ValueError as exc:
            messages.error(request, str(exc))
            return render(request, "notify/preferences.html", {"now": preferences.current(request.user)},
                          status=400)
        preferences.save(request.user, chosen, start, end)
        messages.success(request, _("Your choices are saved."))
        return redirect("outbound:preferences")
    return render(request, "notify/preferences.html", {"now": preferences.current(request.user)})
