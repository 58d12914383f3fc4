"""The HTTP API, version 1: one NinjaAPI, one router per app. OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from gridgov.geo.api import router as geo_router
from gridgov.org.api import router as org_router

api = NinjaAPI(title="gridgov", version="1", urls_namespace="api", auth=[django_auth])
api.add_router("/geo", geo_router)
api.add_router("/org", org_router)
