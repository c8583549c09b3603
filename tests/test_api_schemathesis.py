"""Schemathesis against /api/v3/openapi.json on the demo publication.

Every GET operation of Pressroom's own routers (content, tags, glossary,
podcasts) gets a few generated requests (valid and invalid parameters); none
may answer a 5xx or a response the OpenAPI document does not describe.
Bounded with a small ``max_examples`` and no example database, so it stays
deterministic and well under a minute.
"""

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import ignored_auth

pytestmark = pytest.mark.django_db

# Our operations. Wagtail's own v3 operations (pages, sites, schema, write
# paths behind bearer tokens) are Wagtail's to test.
OUR_PREFIXES = (
    "/api/v3/content/",
    "/api/v3/tags/",
    "/api/v3/glossary/",
    "/api/v3/podcasts/",
    "/api/v3/preview/",
)
MAX_EXAMPLES = 12
# Read endpoints are public: a bearer token is optional (Wagtail's
# AllowAnonymous), so "accepts requests without authentication" is intended.


@pytest.fixture
def demo(db, settings):
    settings.ALLOWED_HOSTS = ["*"]
    call_command("load_demo_publication", "--no-user", verbosity=0)


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, keeping the test's database connection open
    across requests (as Django's test client does: the handler would close
    it when each request finishes, ending the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def our_operations(schema):
    operations = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.lower() == "get" and operation.path.startswith(
            OUR_PREFIXES
        ):
            operations.append(operation)
    return operations


def test_openapi_operations_conform(demo, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", wsgi_app)
    operations = our_operations(schema)
    paths = {operation.path for operation in operations}
    assert {
        "/api/v3/content/",
        "/api/v3/content/recent/",
        "/api/v3/content/{page_id}/see-also/",
        "/api/v3/tags/",
        "/api/v3/tags/{slug}/",
        "/api/v3/glossary/lookup/",
        "/api/v3/preview/",
    } <= paths

    failures = []
    for operation in operations:

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(excluded_checks=[ignored_auth])

        try:
            check()
        # Schemathesis raises a (Base)ExceptionGroup of the distinct failures.
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - reported below
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
