"""The desk: inbox, case page and intake form for intake operators, dispatchers and department handlers.

Views stay thin: reads go through ``Case.objects.visible_to`` and ``cases.queries``; every write is a case action.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from gridgov import exports
from gridgov.cases.actions import (
    ActionError,
    allowed_actions,
    category_by_code,
    find_duplicates,
    intake_refusal,
    report_case,
    staff_of,
    take_action,
)
from gridgov.cases.attachments import discard_files, save_attachment
from gridgov.cases.explain import why_not
from gridgov.cases.models import OPEN_STATUSES, Attachment, Case, Category, Channel, Kind, Status
from gridgov.cases.panels import panel_for
from gridgov.cases.parties import reveal_party
from gridgov.cases.queries import inbox_order, readable_case, waiting_for
from gridgov.cases.routing import dispatch_targets
from gridgov.cases.rules import ACTION_FIELDS, ACTION_LABELS, NOTE_REQUIRED
from gridgov.cases.schemas import ActionIn, CaseIn
from gridgov.cases.serialize import case_dict
from gridgov.geo.models import scope_prefix
from gridgov.notify.actions import unread
from gridgov.notify.models import Notification
from gridgov.org.models import Role, Unit
from gridgov.police.desk import intake_110, takes_110
from gridgov.replicas import may_lag
from gridgov.types import is_id

from . import picker
from .nextstep import next_step

PAGE_SIZE = 50
DESK_CHANNELS = (Channel.HOTLINE, Channel.PETITION_WINDOW, Channel.HIGHER_LEVEL, Channel.ALARM)


def filtered(request: HttpRequest) -> QuerySet[Case]:
    """The cases a list shows: visible to the user, waiting for them unless ``view=all``, then the filters."""
    qs = Case.objects.visible_to(request.user)
    g = request.GET
    if g.get("view", "mine") == "mine":
        qs = qs.filter(waiting_for(request.user))
    if (kind := g.get("kind")) in Kind.values:
        qs = qs.filter(kind=kind)
    if (status := g.get("status")) in Status.values:
        qs = qs.filter(status=status)
    if category := g.get("category", "").strip():
        qs = qs.filter(Q(category__code=category) | Q(category__parent__code=category))
    if g.get("overdue") == "1":
        qs = qs.filter(overdue=True)
    if area := g.get("area", "").strip():
        qs = qs.filter(area_code__startswith=scope_prefix(area))  # a city (411600): its counties
    if text := g.get("q", "").strip():
        qs = qs.filter(Q(number__icontains=text) | Q(description__icontains=text) | Q(tracking_code=text.upper()))
    return inbox_order(qs)


REMINDER_REASONS = {
    "overdue": gettext_lazy("overdue: its deadline has passed"),
    "escalated": gettext_lazy("escalated to this unit"),
    "supervised": gettext_lazy("a leader's instruction"),
    "repeat": gettext_lazy("a repeat petition"),
}


def open_reminders(user: Any, case: Case | None = None, limit: int = 20) -> list[Notification]:
    """On the desk, the reader's unread notifications; on an open case's page, the notifications about the case."""
    if case is not None:  # the case's notifications, to whoever they went, while it is open
        if case.status not in OPEN_STATUSES:
            return []
        qs = Notification.objects.filter(object_type="case", object_id=case.pk)
    else:
        qs = unread(user)
    found = list(qs.select_related("unit")[:limit])
    for r in found:
        r.reason_label = REMINDER_REASONS.get(r.kind, r.get_kind_display())
    return found


def _role(request: HttpRequest) -> str:
    staff = staff_of(request.user)
    return staff.role if staff else ("administrator" if request.user.is_superuser else "")


def _without_page(request: HttpRequest) -> str:
    q = request.GET.copy()
    q.pop("page", None)
    return q.urlencode()


LIST_FILTERS = ("view", "kind", "status", "category", "overdue", "area", "q", "page")


def list_query(raw: str) -> str:
    """The desk list's filters kept from ``raw`` (a query string): only the list's own, re-encoded."""
    q = QueryDict(raw[:2000])
    return urlencode([(k, v[:200]) for k in LIST_FILTERS for v in q.getlist(k)[:1]])


def back_to_list(request: HttpRequest) -> str:
    """The list the reader came from, with its filters (``?back=`` carries them through the case page)."""
    query = list_query(request.GET.get("back", ""))
    return reverse("workbench:inbox") + (f"?{query}" if query else "")


def category_groups() -> list[dict[str, Any]]:
    """The catalogue for the desk's filter: each class with its subclasses (classes are filters, not choices)."""
    subs = Category.objects.filter(active=True).exclude(parent=None).select_related("parent").order_by("code")
    groups: dict[int, dict[str, Any]] = {}
    for c in subs:
        groups.setdefault(c.parent_id, {"cls": c.parent, "subclasses": []})["subclasses"].append(c)
    return list(groups.values())


@login_required
@may_lag
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(filtered(request), PAGE_SIZE).get_page(request.GET.get("page"))
    role = _role(request)
    can_dispatch = role in (Role.DISPATCHER, "administrator")
    return render(request, "workbench/inbox.html", {
        "page": page, "rows": [case_dict(c) | {"due": c.due} for c in page.object_list],
        "statuses": Status.choices, "kinds": Kind.choices,
        "categories": category_groups(),
        "view": request.GET.get("view", "mine"), "can_dispatch": can_dispatch,
        "picker": picker.for_bulk(Unit.objects.visible_to(request.user).select_related("area")) if can_dispatch
        else None,
        "query": _without_page(request), "back": list_query(request.GET.urlencode()),
        "reminders": open_reminders(request.user),
    })


CASE_HEADERS = (
    gettext_lazy("number"), gettext_lazy("status"), gettext_lazy("category"), gettext_lazy("urgency"),
    gettext_lazy("channel"), gettext_lazy("grid"), gettext_lazy("handling unit"), gettext_lazy("reported at"),
    gettext_lazy("current deadline"), gettext_lazy("overdue"), gettext_lazy("escalations"), gettext_lazy("description"),
)


@login_required
def export_cases(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404(_("exports are csv or xlsx"))

    def rows():
        for c in filtered(request).select_related("category", "handling_unit")[:50_000].iterator(2000):
            yield (c.number, c.get_status_display(), c.category.name, c.get_urgency_display(), c.get_channel_display(),
                   c.area_code, c.handling_unit.name if c.handling_unit else "", c.created_at, c.due, c.overdue,
                   c.escalations, c.description)  # labels in the user's language, not codes

    headers = [str(h) for h in CASE_HEADERS]
    return exports.render(exports.Table("cases", _("Cases"), headers, rows()), fmt)


def _visible_case(request: HttpRequest, pk: int) -> Case:
    case = readable_case(request.user, pk)
    if case is None:
        raise Http404(_("no such case in your jurisdiction"))
    return case


ACTORS = {"system": gettext_lazy("system"), "citizen": gettext_lazy("citizen")}  # stored as these words


@login_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case(request, pk)
    actions = sorted(allowed_actions(request.user, case), key=lambda a: a != "dispatch")  # dispatch first
    forms = [{"name": a, "label": ACTION_LABELS.get(a, a), "fields": ACTION_FIELDS.get(a, ()),
              "note_required": a in NOTE_REQUIRED} for a in actions]
    dups = []
    if case.status in (Status.REPORTED, Status.REGISTERED):
        dups = [case_dict(d) for d in find_duplicates(case.category, case.lon, case.lat, case.created_at,
                                                      exclude=case.pk, reader=request.user)]
    entries = list(case.timeline.prefetch_related("attachments").order_by("at", "id"))
    for e in entries:
        e.label = ACTION_LABELS.get(e.action, e.action)
        e.to_label = Status(e.to_status).label if e.to_status in Status.values else e.to_status
        e.actor_shown = ACTORS.get(e.actor_label, e.actor_label)
    context = {
        "case": case, "c": case_dict(case, request.user), "forms": forms, "entries": entries, "duplicates": dups,
        "photos": Attachment.objects.filter(case=case, content_type__startswith="image/"),
        "units": (units := dispatch_targets(case) if "dispatch" in actions else []),
        "picker": picker.for_case(case, units) if units else None,
        "reminders": open_reminders(request.user, case), "back_url": back_to_list(request),
    }
    if (panel := panel_for(request, case)) is not None:  # the kind's own panel (a dispute's chain …)
        context.update(panel[1], panel_template=panel[0])
    return render(request, "workbench/case.html", context)


def _action_in(post: Any, action: str) -> ActionIn:
    data: dict[str, Any] = {"action": action, "note": post.get("note", "").strip()}
    for name in ("unit", "into", "rating", "outcome", "held_on", "participants", "stage"):
        if post.get(name):
            data[name] = post.get(name).strip()
    if post.get("extension"):
        data["extension"] = post.get("extension").strip()
    if post.getlist("also"):
        data["also"] = post.getlist("also")
    for name in ("passed", "held", "first_visit"):
        if post.get(name) in ("1", "0"):
            data[name] = post.get(name) == "1"
    if post.get("passed") not in (None, "", "1", "0"):
        data["passed"] = post.get("passed")  # refused by the schema, with its reason
    return ActionIn(**data)


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the form's ``next`` when it points into this site, else to ``default``."""
    target = request.POST.get("next", "")
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return redirect(target if target and ok else default)


@login_required
@require_POST
def act(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case(request, pk)
    action = request.POST.get("action", "")
    saved: list[Attachment] = []
    try:
        body = _action_in(request.POST, action)
        if action in NOTE_REQUIRED and not body.note:
            raise ActionError(_("this action needs a note"))
        with transaction.atomic():
            for f in request.FILES.getlist("photos"):
                saved.append(save_attachment(case, f))
            take_action(request.user, case.pk, body.action, note=body.note, fields=body.fields(),
                        attachments=[a.pk for a in saved])
    except (ValidationError, ActionError) as exc:
        discard_files(saved)
        messages.error(request, _("Not done: %(why)s") % {"why": why_not(exc)})
    else:
        done = _("%(action)s: done.") % {"action": ACTION_LABELS.get(action, action)}
        messages.success(request, f"{done} {next_step(Case.objects.select_related('handling_unit').get(pk=case.pk))}")
    return back(request, reverse("workbench:case", args=[case.pk]))


@login_required
@require_POST
def bulk_dispatch(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("case") if is_id(i)]
    unit = request.POST.get("unit", "")
    if unit and not is_id(unit):
        messages.error(request, _("Not dispatched: %(why)s") % {"why": _("pick a unit from the list")})
        return back(request, reverse("workbench:inbox"))
    done, failed = 0, []
    for pk in ids:
        try:
            take_action(request.user, pk, "dispatch", fields={"unit": int(unit)} if unit else {},
                        note=_("bulk dispatch"))
            done += 1
        except ActionError as exc:
            failed.append(f"#{pk}: {exc.message}")
    if done:
        units = sorted({c.handling_unit.name for c in Case.objects.filter(pk__in=ids, status=Status.DISPATCHED)
                        .select_related("handling_unit") if c.handling_unit})
        messages.success(request, _("%(n)d case(s) dispatched: now with %(units)s, to accept and handle; each "
                                    "case's deadline is in the list.") % {"n": done, "units": _(", ").join(units)})
    for f in failed:
        messages.error(request, _("Not dispatched: %(why)s") % {"why": f})
    return back(request, reverse("workbench:inbox"))


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """The hotline and petition-window form: the operator types what the caller says and places it on the map."""
    values = request.POST if request.method == "POST" else {"channel": Channel.HOTLINE, "urgency": "normal"}
    status = 200
    if (refused := intake_refusal(request.user, Kind.EVENT)) is not None:  # rules.INTAKE_ROLES
        messages.error(request, refused.message)
        status = 403
    elif request.method == "POST" and values.get("channel") == Channel.POLICE_110:  # a 110 handover
        try:
            r = intake_110(request.user, values)
        except (ValidationError, ActionError) as exc:
            messages.error(request, _("Not saved: %(why)s") % {"why": why_not(exc)})
        else:
            messages.success(request, _("Case %(number)s recorded; tracking code %(code)s") % {
                "number": r.case.number, "code": r.case.tracking_code})
            return redirect("workbench:case", pk=r.case.pk)
    elif request.method == "POST":
        try:
            body = CaseIn(**{k: values.get(k, "") for k in ("category", "description", "channel", "urgency",
                                                             "citizen_name", "citizen_phone")},
                          lon=values.get("lon") or "nan", lat=values.get("lat") or "nan",
                          idempotency_key=values.get("idempotency_key") or None)
            category = category_by_code(body.category)
            if category is None:
                raise ActionError(_("pick a category"))
            r = report_case(request.user, category=category, description=body.description, lon=body.lon,
                            lat=body.lat, channel=body.channel, urgency=body.urgency,
                            idempotency_key=body.idempotency_key, citizen_name=body.citizen_name,
                            citizen_phone=body.citizen_phone)
        except (ValidationError, ActionError) as exc:
            messages.error(request, _("Not saved: %(why)s") % {"why": why_not(exc)})
        else:
            messages.success(request, _("Case %(number)s recorded; tracking code %(code)s") % {
                "number": r.case.number, "code": r.case.tracking_code})
            return redirect("workbench:case", pk=r.case.pk)
    police_110 = takes_110(request.user)
    return render(request, "workbench/intake.html", {
        "values": values, "police_110": police_110,
        "channels": [(c, Channel(c).label) for c in (*DESK_CHANNELS, *([Channel.POLICE_110] if police_110 else []))],
        "categories": Category.objects.filter(active=True).exclude(parent=None).select_related("parent"),
    }, status=status)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int, party_id: int) -> HttpResponse:
    """Show one party of the case in full, once, to a user whose role needs it; the view is audited. The details
    go in this response's body only (never a message, a cookie or a redirect), which no cache keeps."""
    case = _visible_case(request, pk)
    try:
        if not case.parties.filter(pk=party_id).exists():
            raise ActionError(_("no such party in this case"))
        party = reveal_party(request.user, party_id)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("workbench:case", pk=case.pk)
    response = render(request, "workbench/revealed.html", {"case": case, "party": party})
    response["Cache-Control"] = "no-store"
    return response
