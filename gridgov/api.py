"""The HTTP API, version 1: one NinjaAPI, one router per app. OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Callers authenticate with a bearer token (POST /api/v1/auth/token) or a browser session; citizens' tracking needs
neither.
"""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI, Swagger
from ninja.security import django_auth

from gridgov import errors
from gridgov.assess.api import router as assess_router
from gridgov.cases.api import category_router, kpi_router
from gridgov.cases.api import public as tracking_router
from gridgov.cases.api import router as cases_router
from gridgov.command.api import router as command_router
from gridgov.disputes.api import router as disputes_router
from gridgov.emergencies.api import router as emergencies_router
from gridgov.emergencies.scenario_api import router as scenarios_router
from gridgov.field.api import router as field_router
from gridgov.geo.api import router as geo_router
from gridgov.linkage.api import alarms as alarms_router
from gridgov.linkage.api import cameras as cameras_router
from gridgov.notify.api import router as notify_router
from gridgov.org.api import router as org_router
from gridgov.org.auth import BearerAuth
from gridgov.org.auth import router as auth_router
from gridgov.petitions.api import router as petitions_router
from gridgov.police.api import router as police_router
from gridgov.volunteers.api import router as volunteers_router

# The docs page (Swagger UI) loads its files from ninja's own static files, never from a CDN; GRIDGOV_API_DOCS=0 turns
# it off (the OpenAPI schema stays).
api = NinjaAPI(title="gridgov", version="1", urls_namespace="api", auth=[BearerAuth(), django_auth],
               docs=Swagger(settings={"validatorUrl": None}), docs_url="/docs" if settings.GRIDGOV_API_DOCS else None)
errors.install(api)  # refusals name the field; a database that is down answers 503 with Retry-After
api.add_router("/auth", auth_router)
api.add_router("/geo", geo_router)
api.add_router("/org", org_router)
api.add_router("/cases", cases_router)
api.add_router("/kpis", kpi_router)
api.add_router("/categories", category_router)
api.add_router("/track", tracking_router)
api.add_router("/field", field_router)
api.add_router("/command", command_router)
api.add_router("/disputes", disputes_router)
api.add_router("/petitions", petitions_router)
api.add_router("/police", police_router)
api.add_router("/cameras", cameras_router)
api.add_router("/alarms", alarms_router)
api.add_router("/volunteers", volunteers_router)
api.add_router("/notifications", notify_router)
api.add_router("/assess", assess_router)
api.add_router("/emergencies", emergencies_router)
api.add_router("/emergencies/scenarios", scenarios_router)
