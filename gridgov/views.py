"""The front door: each role lands on the page of its day's work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gridgov.org.models import Role

HOME = {Role.GRID_WORKER: "field:home", Role.POLICE_LIAISON: "field:home", Role.GRID_LEADER: "field:home",
        Role.LEADER: "command:dashboard", Role.INTAKE_OPERATOR: "workbench:inbox", Role.DISPATCHER: "workbench:inbox",
        Role.DEPARTMENT_HANDLER: "workbench:inbox", Role.ADMINISTRATOR: "command:map",
        Role.SECURITY_ADMIN: "admin:index", Role.AUDIT_ADMIN: "admin:index"}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    staff = getattr(request.user, "staff", None)
    if staff is None and getattr(request.user, "volunteer", None) is not None:
        return redirect("volunteers:phone")  # a volunteer's login: the phone page
    return redirect(HOME.get(staff.role if staff else "", "command:map"))
