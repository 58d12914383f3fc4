"""Every API operation, called with inputs generated from its own OpenAPI schema (schemathesis), answers without a
server error: bad input is a 4xx with a reason. Bounded (a fixed seed, a few dozen calls per operation) so that it
runs in the suite; SQLite only, as it is the slowest test of the API."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="the generated run is bounded by time: it runs on SQLite (the other tests cover both)"),
]
EXAMPLES = int(os.environ.get("GRIDGOV_FUZZ_EXAMPLES", "30"))


def served_schema():
    """The schema served at /api/v1/openapi.json, called through the WSGI application."""
    from gridgov.api import api
    from gridgov.wsgi import application

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    loaded.app = application
    return loaded


schema = served_schema()


# Who calls each operation: the role that may use it, so that the call reaches the code behind the permission check.
CALLERS = {"/api/v1/field/": "worker", "/api/v1/disputes/screenings": "worker",
           "/api/v1/petitions/tour-visits": "leader"}


@pytest.fixture
def tokens(town, report):
    """Tokens of a grid worker, a leader and a district dispatcher on the small grid, with a case to act on; the
    calls run in this test's transaction."""
    from gridgov.org.tokens import issue

    report()
    out = {}
    for role in ("worker", "leader", "dispatcher"):  # issued directly: the login's password hashing is slow by design
        out[role] = issue(getattr(town.people, role))[0]
    request_started.disconnect(close_old_connections)  # as Django's test client does: keep the test's transaction
    request_finished.disconnect(close_old_connections)
    yield out
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error(case, tokens):
    role = next((who for prefix, who in CALLERS.items() if case.path.startswith(prefix)), "dispatcher")
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[role]}", "Accept-Language": "en"},
                           checks=[not_a_server_error])
