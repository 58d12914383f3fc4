"""What each administrator may do in the back office ("三员分立": three separate administrators).

- The system administrator keeps the grid, the organisation's units, the case catalogue, the working calendar and
  the case kinds' records; sees the staff list; never changes accounts, roles, tokens or the audit log.
- The security administrator keeps logins, staff records (roles, jurisdictions, deactivation), passwords, API
  tokens and lockouts; never the grid or the audit log.
- The audit administrator reads the audit log and nothing else.

Granted by ``org.backends.StaffBackend`` as Django permissions (``app.action_model``), so every ``ModelAdmin``'s
``has_*_permission`` honours them; a ModelAdmin may still refuse more (the audit log refuses every change to
everyone, superusers included). Superusers are for installing a site, not for daily work.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps

from .models import Role

ALL = ("view", "add", "change", "delete")

DUTIES: dict[str, dict[str, tuple[str, ...]]] = {
    Role.ADMINISTRATOR: {
        "geo.*": ALL, "worktime.*": ALL, "cases.*": ALL, "disputes.*": ALL, "petitions.*": ALL, "field.*": ALL,
        "org.unit": ALL, "org.staff": ("view",), "assess.*": ("view",), "assess.template": ("view", "add", "change"),
        "notify.channel": ALL, "notify.preference": ALL, "notify.quiethours": ALL, "notify.delivery": ("view",),
        "notify.attempt": ("view",), "django_tasks_db.dbtaskresult": ("view",),
    },
    Role.SECURITY_ADMIN: {
        "auth.user": ("view", "add", "change"), "auth.group": ("view",),
        "org.staff": ("view", "add", "change"), "org.unit": ("view",), "org.apitoken": ("view", "delete"),
        "axes.accessattempt": ("view", "delete"), "axes.accesslog": ("view",), "axes.accessfailurelog": ("view",),
    },
    Role.AUDIT_ADMIN: {
        "audit.auditevent": ("view",),
    },
}


@cache
def permissions_for(role: str) -> frozenset[str]:
    """The permission names (``app.action_model``) a role holds in the back office."""
    out: set[str] = set()
    for label, actions in DUTIES.get(role, {}).items():
        app_label, model = label.split(".")
        models = ([m._meta.model_name for m in apps.get_app_config(app_label).get_models()] if model == "*"
                  else [model])
        out.update(f"{app_label}.{action}_{name}" for name in models for action in actions)
    return frozenset(out)


def manages_accounts(user: object) -> bool:
    """The security administrator's duty (or a superuser's): every login and staff record, whatever the area."""
    if getattr(user, "is_superuser", False):
        return True
    return "org.change_staff" in permissions_for(_role(user))


def _role(user: object) -> str:
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    try:
        return staff.role if staff is not None and staff.active else ""
    except AttributeError:
        return ""
