"""Back office for units, staff, logins and API tokens. Who may do what here: org/duties.py (三员分立)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from gridgov.audit.admin import AuditedAdmin, StrictAdmin

from . import tokens
from .duties import manages_accounts
from .models import ADMIN_ROLES, ApiToken, Role, Staff, Unit

# Only a superuser (an installer) grants these: the security administrator assigns roles through staff records.
ESCALATING_FIELDS = ("is_superuser", "groups", "user_permissions")


def _administrator(user: Any) -> bool:
    return Staff.objects.filter(user=user, role__in=ADMIN_ROLES).exists()


def _own(request: HttpRequest, user_id: Any) -> bool:
    return user_id is not None and user_id == request.user.pk and not request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "department", "area", "stationed_in_centre"]
    list_filter = ["kind", "department", "stationed_in_centre"]
    search_fields = ["code", "name", "area__code"]
    raw_id_fields = ["area", "parent"]
    list_select_related = ["area"]

    def get_queryset(self, request: HttpRequest) -> Any:
        qs = super().get_queryset(request)
        return qs if manages_accounts(request.user) else qs.visible_to(request.user)


@admin.register(Staff)
class StaffAdmin(AuditedAdmin):
    list_display = ["name", "role", "area", "unit", "work_phone", "active"]
    list_filter = ["role", "active", "area__level"]
    search_fields = ["name", "user__username", "area__code"]
    raw_id_fields = ["user", "area", "unit"]
    list_select_related = ["area", "unit", "user"]

    def get_queryset(self, request: HttpRequest) -> Any:
        qs = super().get_queryset(request)
        return qs if manages_accounts(request.user) else qs.visible_to(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _own(request, obj.user_id):
            return False  # nobody raises or widens their own role
        if obj is not None and obj.role in ADMIN_ROLES and not request.user.is_superuser:
            return False  # the three administrators are appointed at installation, not by each other
        return super().has_change_permission(request, obj)

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and not request.user.is_superuser:  # nobody but a superuser makes an
            kwargs["choices"] = [c for c in Role.choices if c[0] not in ADMIN_ROLES]  # administrator
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(ApiToken)
class ApiTokenAdmin(StrictAdmin):
    """Tokens can be listed and revoked (deleted), never read: only their digest is stored. Revocations are
    audited."""

    list_display = ["user", "name", "created_at", "last_used", "expires_at"]
    search_fields = ["user__username", "name"]
    fields = readonly_fields = ["user", "name", "created_at", "last_used", "expires_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        tokens.revoke([obj], request.user, "revoked_by_security_admin")

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        tokens.revoke(queryset, request.user, "revoked_by_security_admin")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(AuditedAdmin, UserAdmin):
    """Logins, kept by the security administrator: every change audited (org/accounts.py adds the role, password
    and activation events); nobody changes their own login here, and only a superuser grants superuser status,
    groups or single permissions."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, *ESCALATING_FIELDS]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _own(request, obj.pk):
            return False  # a password of one's own is changed at /account/password/
        if obj is not None and _administrator(obj) and not request.user.is_superuser:
            return False  # an administrator's login (password included) is not the security administrator's to set
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)  # deactivate instead
